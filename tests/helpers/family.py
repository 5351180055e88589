"""Family members against a real center process: invitations made by staff over the API, and
browsers-without-a-browser (``requests`` sessions with the cookie) that join from the link
and sign in through the family pages' forms, as a phone would.

``family_center`` is one running center per test module with an administrator's API, a way
to invite, join and enrol a home tablet; each call makes fresh accounts, so tests of one
module do not see each other's families.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.helpers.center import HTTP_TIMEOUT, CenterMaker, CenterProcess, StaffApi
from tests.helpers.server_api import Device

PASSWORD = "a long family password"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, html[:2000]
    return found.group(1)


@dataclass
class Family:
    """A signed-in family member: their cookie session and account name."""

    center: CenterProcess
    name: str
    session: requests.Session

    def get(self, path: str, **params: Any) -> requests.Response:
        return self.session.get(self.center.url + path, params=params, timeout=HTTP_TIMEOUT)

    def api(self, method: str, path: str, body: Any = None) -> requests.Response:
        return self.session.request(method, self.center.api + path, json=body, timeout=HTTP_TIMEOUT)

    def form(
        self, path: str, fields: dict[str, str], *, page: str | None = None
    ) -> requests.Response:
        """Post a form of a family page (with the token the page ``page`` carries)."""
        shown = self.get(page or path.rsplit("/", 2)[0])
        data = {"csrf": csrf_of(shown.text), **fields}
        return self.session.post(
            self.center.url + path, data=data, timeout=HTTP_TIMEOUT, allow_redirects=False
        )

    def close(self) -> None:
        self.session.close()


class FamilyCenter:
    def __init__(self, center: CenterProcess) -> None:
        self.center = center
        self.staff = StaffApi(center, center.staff_token("family setup"))
        self.families: list[Family] = []

    def invite(self, card: str, relation: str = "女儿", display_name: str = "女儿 小王") -> str:
        made = self.staff.post(
            f"/residents/{card}/family-invitations",
            {"relation": relation, "display_name": display_name},
        )
        assert made.status_code == 201, made.text
        path = made.json()["path"]
        assert path.startswith("/family/join/")
        return str(path)

    def join(self, path: str, name: str | None = None, *, language: str = "zh_CN") -> Family:
        """Follow an invitation link in a fresh browser and make an account."""
        session = requests.Session()
        name = join_link(self.center, path, session, name, language=language)
        family = Family(self.center, name, session)
        self.families.append(family)
        return family

    def family_of(
        self, card: str, relation: str = "女儿", display_name: str = "女儿 小王", **kwargs: Any
    ) -> Family:
        return self.join(self.invite(card, relation, display_name), **kwargs)

    def tablet(self, card: str) -> tuple[Device, str]:
        """Enrol a kiosk and make it the home tablet of ``card``."""
        code = self.staff.post("/enrolment-codes").json()["code"]
        enrolled = requests.post(
            self.center.api + "/enrol",
            json={"code": code, "device_name": f"home {card}", "mode": "home"},
            timeout=HTTP_TIMEOUT,
        ).json()
        device_id = enrolled["device_id"]
        put = self.staff.session.put(
            f"{self.staff.base}/residents/{card}/home-device",
            json={"device_id": device_id},
            timeout=HTTP_TIMEOUT,
        )
        assert put.status_code == 200, put.text
        return Device(self.center, enrolled["token"]), device_id

    def execute(self, sql: str, **params: Any) -> None:
        """Change the server's database directly (a test's setup: "made yesterday")."""
        engine = create_engine(self.center.database_url)
        with engine.begin() as connection:
            connection.execute(text(sql), params)
        engine.dispose()

    def close(self) -> None:
        for family in self.families:
            family.close()
        self.staff.close()


def join_link(
    center: CenterProcess,
    path: str,
    session: requests.Session,
    name: str | None = None,
    *,
    language: str = "zh_CN",
) -> str:
    """Follow an invitation link in ``session`` and make an account; its name."""
    name = name or f"family-{uuid.uuid4().hex[:8]}"
    page = session.get(center.url + path, timeout=HTTP_TIMEOUT)
    assert page.status_code == 200, page.text
    done = session.post(
        center.url + path,
        data={
            "csrf": csrf_of(page.text),
            "name": name,
            "password": PASSWORD,
            "password_again": PASSWORD,
            "language": language,
        },
        timeout=HTTP_TIMEOUT,
        allow_redirects=False,
    )
    assert done.status_code == 303, done.text
    return name


def sign_in(center: CenterProcess, name: str, password: str = PASSWORD) -> requests.Session:
    """Sign in through the family sign-in form; the session (cookie) whatever the answer."""
    session = requests.Session()
    page = session.get(center.url + "/family/sign-in", timeout=HTTP_TIMEOUT)
    session.post(
        center.url + "/family/sign-in",
        data={"csrf": csrf_of(page.text), "name": name, "password": password, "next": "/family/"},
        timeout=HTTP_TIMEOUT,
        allow_redirects=False,
    )
    return session


@pytest.fixture(scope="module")
def family_center(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FamilyCenter]:
    maker = CenterMaker(request, tmp_path_factory.mktemp("family"))
    made = FamilyCenter(maker("sqlite").start())
    yield made
    made.close()
    maker.close()
