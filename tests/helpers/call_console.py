"""The console's calls page over plain HTTP: a member of staff signed in through the form,
posting its forms with their token, and reading the step page that opens a call."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote, urlsplit

import requests

from server.routes.permissions import SESSION_COOKIE
from server.web import console
from tests.helpers.browser import PASSWORD, STAFF
from tests.helpers.center import HTTP_TIMEOUT


def signed_in(url: str, role: str) -> requests.Session:
    """A browser's session of the member of staff with ``role``, signed in through the form."""
    browser = requests.Session()
    page = browser.get(f"{url}/console/sign-in", timeout=HTTP_TIMEOUT)
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert page.status_code == 200 and found, page.text
    signed = browser.post(
        f"{url}/console/sign-in",
        data={"csrf": found.group(1), "name": STAFF[role], "password": PASSWORD, "next": "/"},
        allow_redirects=False,
        timeout=HTTP_TIMEOUT,
    )
    assert signed.status_code == 303 and browser.cookies.get(SESSION_COOKIE), signed.text
    return browser


def post_form(browser: requests.Session, url: str, path: str, **fields: str) -> requests.Response:
    """Post a console form as the browser does (with the session's form token)."""
    cookie = browser.cookies.get(SESSION_COOKIE) or ""
    return browser.post(
        url + path,
        data={"csrf": console.form_token(cookie), **fields},
        allow_redirects=False,
        timeout=HTTP_TIMEOUT,
    )


def call_link(page: str) -> str:
    """The call page's address on the step page that opens a call."""
    found = re.search(r'<a id="call-link"[^>]*href="([^"]+)"', page)
    assert found, page[-2000:]
    return html.unescape(found.group(1))


def ticket_of(address: str) -> str:
    """The ticket in a call page address's fragment."""
    fragment = urlsplit(address).fragment
    assert fragment.startswith("ticket="), address
    return unquote(fragment.removeprefix("ticket="))


def problem(page: str) -> str:
    """The sentence of a form's problem on a page (the first one shown)."""
    found = re.search(r'class="notice problem" role="alert"[^>]*>⚠ (.*?)</p>', page, re.S)
    assert found, page[-3000:]
    return html.unescape(found.group(1)).strip()
