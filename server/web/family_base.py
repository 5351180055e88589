"""What the family pages share (server.web.family_pages): their words in each language
(``strings/family_*.toml``), the signed-in family member looking at a page, the route class
that sends a visitor without a session to sign in and shows a refusal as a page, rendering a
template, times in the center's zone and the cookies of signing in.
"""

from __future__ import annotations

import functools
import time
import tomllib
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Annotated, Any, Final
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session

from server import accounts
from server.auth import AuthError
from server.models import Staff
from server.roles import FAMILY
from server.routes.common import Db
from server.routes.permissions import SESSION_COOKIE
from server.staff import StaffError
from server.web.console import (
    PageRefused,
    form_token,
    new_signin_secret,
    secure,
    set_session_cookie,
    templates,
)
from server.web.strings import Strings, pick

PREFIX: Final = "/family"
LANG_COOKIE: Final = "family_lang"
SIGNIN_COOKIE: Final = "family_signin"  # the sign-in and join forms' token, before a session
CSS: Final = Path(__file__).with_name("static") / "family.css"
WORDS: Final = Path(__file__).with_name("strings")
YEAR_S: Final = 365 * 24 * 3600
WEEKDAYS: Final = "1234567"


@functools.cache
def words_of(language: str) -> Strings:
    """The family pages' words in ``language`` (Chinese for one they lack)."""
    language = pick(language)
    with (WORDS / f"family_{language}.toml").open("rb") as file:
        data = tomllib.load(file)
    flat = {
        f"{section}.{key}": str(text)
        for section, table in data.items()
        for key, text in table.items()
    }
    return Strings(language, flat)


def language_of(request: Request) -> str:
    return pick(request.cookies.get(LANG_COOKIE))


@dataclass
class FamilyViewer:
    """The signed-in family member looking at a page."""

    account: Staff
    words: Strings
    token: str  # the form token of the session


class SignInFirst(Exception):
    """No live family session: the page sends the visitor to sign in (and back)."""

    def __init__(self, back_to: str, reason: str | None = None) -> None:
        super().__init__(back_to)
        self.back_to = back_to
        self.reason = reason


def viewer_of(request: Request, session: Session) -> FamilyViewer:
    secret = request.cookies.get(SESSION_COOKIE)
    back = request.url.path
    if not secret or len(secret) > 200:
        raise SignInFirst(back)
    try:
        account = accounts.staff_for_secret(session, secret, accounts.CONSOLE, now=time.time())
    except AuthError as exc:
        raise SignInFirst(
            back, "expired" if exc.code in ("expired", "signed_out") else None
        ) from exc
    if account.role != FAMILY:
        raise SignInFirst(back, "staff")
    return FamilyViewer(account, words_of(language_of(request)), form_token(secret))


def _viewer(request: Request, session: Db) -> FamilyViewer:
    return viewer_of(request, session)


Viewer = Annotated[FamilyViewer, Depends(_viewer)]


class FamilyRoute(APIRoute):
    """A family page: no session sends the visitor to sign in, a refusal is a page, and
    every answer carries the security headers."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            words = words_of(language_of(request))
            try:
                response = await handler(request)
            except SignInFirst as exc:
                target = f"{PREFIX}/sign-in"
                if request.method == "GET":
                    target += f"?next={quote(exc.back_to, safe='')}"
                    if exc.reason:
                        target += f"&why={exc.reason}"
                response = RedirectResponse(target, status_code=303)
            except PageRefused as exc:
                response = refused(request, words, exc.status, exc.message)
            except StaffError as exc:  # a card not linked, a check-in not theirs
                message = words.t("refused.not_found") if exc.status == 404 else exc.message
                response = refused(request, words, exc.status, message)
            except RequestValidationError:
                response = refused(request, words, 404, words.t("refused.not_found"))
            return secure(response)

        return handle


# -- rendering --------------------------------------------------------------------------------


def render(
    request: Request,
    template: str,
    words: Strings,
    *,
    title: str,
    viewer: FamilyViewer | None = None,
    status: int = 200,
    zone: tzinfo | None = None,
    **context: Any,
) -> HTMLResponse:
    other = "en_US" if words.language == "zh_CN" else "zh_CN"
    back = request.url.path
    context.update(
        request=request,
        w=words.t,
        lang=words.language,
        html_lang=words.html_lang,
        title=title,
        viewer=viewer,
        other_lang=other,
        other_label=words_of(other).t("lang.name"),
        other_html_lang=words_of(other).html_lang,
        here=quote(back, safe=""),
        when=lambda seconds: when(seconds, zone),
        when_iso=lambda text: when_iso(text, zone),
        days=lambda weekdays: days_text(weekdays, words),
    )
    context.setdefault("notice", None)
    context.setdefault("problem", None)
    return templates.TemplateResponse(request, template, context, status_code=status)


def refused(request: Request, words: Strings, status: int, message: str) -> HTMLResponse:
    return render(
        request,
        "family_refused.html",
        words,
        title=words.t("refused.title"),
        status=status,
        message=message,
    )


def when(seconds: float | None, zone: tzinfo | None) -> str:
    if seconds is None:
        return "—"
    try:
        return datetime.fromtimestamp(seconds, zone).strftime("%Y-%m-%d %H:%M")
    except (OverflowError, OSError, ValueError):
        return "—"


def when_iso(text: str | None, zone: tzinfo | None) -> str:
    if not text:
        return "—"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text[:40]
    if moment.tzinfo is not None and zone is not None:
        moment = moment.astimezone(zone)
    return moment.strftime("%Y-%m-%d %H:%M")


def days_text(weekdays: str, words: Strings) -> str:
    if weekdays == WEEKDAYS:
        return words.t("day.every")
    names = [words.t(f"day.{d}") for d in weekdays]
    joiner = "、" if words.language == "zh_CN" else ", "
    return words.t("day.prefix") + joiner.join(names)


def safe_next(value: str | None) -> str:
    """A family page to go to next; anything else is the family home."""
    if not value or not value.startswith(PREFIX + "/") or value.startswith("//") or "\\" in value:
        return f"{PREFIX}/"
    if value.startswith(f"{PREFIX}/sign-"):
        return f"{PREFIX}/"
    return value


def signin_cookie(request: Request, response: Response, secret: str) -> None:
    if request.cookies.get(SIGNIN_COOKIE) != secret:
        response.set_cookie(
            SIGNIN_COOKIE,
            secret,
            path=PREFIX,
            secure=request.url.scheme == "https",
            httponly=True,
            samesite="strict",
        )


def session_cookie(request: Request, response: Response, token: str, lifetime: float) -> None:
    """The family member's session (the console's cookie), and their sign-in secret gone."""
    set_session_cookie(request, response, token, lifetime)
    response.delete_cookie(SIGNIN_COOKIE, path=PREFIX)


def presession_secret(request: Request) -> str:
    secret = request.cookies.get(SIGNIN_COOKIE) or ""
    return secret if 20 <= len(secret) <= 100 else new_signin_secret()
