"""The staff console in a real browser: Debian's chromium driven by Playwright, against a
real center server process on loopback (tests.helpers.center).

``console_center`` is one center per test module with a staff account per role (each with
the password ``PASSWORD``) and a way to enrol simulated kiosks, which speak raw HTTP with
their device token as tests.helpers.server_api does. ``browser`` is one headless chromium
per test module (each module imports the fixtures it uses, and only one Playwright may run
at a time); Playwright never downloads a browser here: it is told where Debian's is.
``console_page`` is a fresh browser context per test, at the 10-inch tablet's 1280x800, with
sound allowed to play without a tap so that the board's sound can be checked.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from server.roles import ROLES
from tests.helpers.center import HTTP_TIMEOUT, CenterMaker, CenterProcess, StaffApi
from tests.helpers.server_api import Device, event, order_payload, sos_payload

PASSWORD = "green tea at ten"
CHROMIUM = Path("/usr/bin/chromium")
TABLET = {"width": 1280, "height": 800}
# Names of the accounts made for each role.
STAFF = {
    "administrator": "管理员 陈静",
    "dispatcher": "调度员 王芳",
    "nurse": "护士 李梅",
    "volunteer": "志愿者 小刘",
}


@dataclass
class Kiosk:
    """A simulated kiosk: it posts events with its token and reads its updates feed."""

    device: Device
    device_id: str
    name: str
    seen: int = 0
    updates: list[dict[str, Any]] = field(default_factory=list)

    def order(self, **changes: Any) -> str:
        payload = order_payload(**changes)
        [result] = self.device.results([event("order.create", payload)])
        assert result["status"] == "applied", result
        return str(payload["order_id"])

    def sos(self) -> str:
        payload = sos_payload()
        [result] = self.device.results([event("sos.raise", payload)])
        assert result["status"] == "applied", result
        return str(payload["sos_id"])

    def new_updates(self) -> list[dict[str, Any]]:
        """Updates for this kiosk since the last call (its feed, as a sync client polls it)."""
        response = self.device.updates(self.seen)
        assert response.status_code == 200, response.text
        page = response.json()
        self.updates += page["updates"]
        self.seen = int(page["cursor"])
        return list(page["updates"])


class ConsoleCenter:
    """A running center with one account per role and enrolled kiosks."""

    def __init__(self, center: CenterProcess) -> None:
        self.center = center
        self.api = StaffApi(center, center.staff_token("center setup"))
        self.kiosks: list[Kiosk] = []
        for role in ROLES:
            made = self.api.post(
                "/accounts", {"name": STAFF[role], "role": role, "password": PASSWORD}
            )
            assert made.status_code == 201, made.text

    @property
    def url(self) -> str:
        return self.center.url

    def kiosk(self, name: str | None = None) -> Kiosk:
        code = self.api.post("/enrolment-codes").json()["code"]
        name = name or f"3号楼大厅 {uuid.uuid4().hex[:4]}"
        enrolled = requests.post(
            self.center.api + "/enrol",
            json={"code": code, "device_name": name, "mode": "kiosk"},
            timeout=HTTP_TIMEOUT,
        )
        assert enrolled.status_code == 200, enrolled.text
        body = enrolled.json()
        kiosk = Kiosk(Device(self.center, body["token"]), body["device_id"], name)
        kiosk.new_updates()  # from now on
        self.kiosks.append(kiosk)
        return kiosk

    def close(self) -> None:
        for kiosk in self.kiosks:
            kiosk.device.session.close()
        self.api.close()


@pytest.fixture(scope="module")
def console_center(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ConsoleCenter]:
    maker = CenterMaker(request, tmp_path_factory.mktemp("console"))
    console = ConsoleCenter(maker("sqlite").start())
    yield console
    console.close()
    maker.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        pytest.skip("Debian's chromium is not installed (installer/setup.sh --test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--autoplay-policy=no-user-gesture-required"],
        )
        yield launched
        launched.close()


@pytest.fixture
def console_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=TABLET, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page: Any, base_url: str, role: str, *, next_path: str = "/console/") -> None:
    """Sign in through the form, as a member of staff does."""
    page.goto(f"{base_url}/console/sign-in?next={next_path}")
    page.fill("#name", STAFF[role])
    page.fill("#password", PASSWORD)
    page.click("form.signin button[type=submit]")
    page.wait_for_load_state()
