"""Video calls in a real browser: Debian's chromium (Playwright, never a downloaded browser)
with a fake camera and microphone, against a real center process on loopback.

``call_center`` is one center per test module, with the demo residents and a short
reconnect time (a dropped side ends the call after :data:`RECONNECT_S`). Its
:meth:`CallCenter.family` makes a family member of a resident the way the center does (a
staff invitation, accepted with the center's own code on its database, as the join page
would) and hands back a session cookie; :meth:`CallCenter.home_tablet` enrols a kiosk and
makes it the resident's home tablet. The kiosk's side of a call speaks HTTP with its device
token, as sync.calls does, and opens the kiosk view of the call page in its own browser
context, as QtWebEngine does.

``media_browser`` is one headless chromium per module whose fake devices and fake
permission prompt make getUserMedia succeed; ``bare_browser`` has the fake devices but no
fake prompt, so headless chromium refuses camera and microphone (the "permission refused"
case).
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

import pytest
import requests
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from tests.helpers.browser import CHROMIUM, TABLET
from tests.helpers.center import HTTP_TIMEOUT, CenterMaker, CenterProcess, StaffApi, free_port

RECONNECT_S = 2.0  # the center's CENTER_CALL_RECONNECT_S in these tests
RESIDENT = "10001"  # a demo resident
OTHER_RESIDENT = "10002"
FAKE_MEDIA = ["--use-fake-device-for-media-stream", "--autoplay-policy=no-user-gesture-required"]
FAKE_PROMPT = "--use-fake-ui-for-media-stream"
PHONE = {"width": 412, "height": 915}
CONNECT_MS = 20_000  # generous for a shared 2-core machine; the benchmark measures it
SESSION_COOKIE = "center_session"


@dataclass
class FamilyMember:
    account_id: int
    name: str
    cookie: str

    def add_to(self, context: Any, base_url: str) -> None:
        """Signed in, in this browser context (the cookie the family page would set)."""
        context.add_cookies([{"name": SESSION_COOKIE, "value": self.cookie, "url": base_url}])


@dataclass
class HomeTablet:
    """A resident's home tablet, speaking to the center with its device token."""

    center: CenterProcess
    device_id: str
    token: str
    session: requests.Session = field(default_factory=requests.Session)

    def post(self, path: str, body: Any = None) -> requests.Response:
        return self.session.post(
            self.center.api + path,
            json=body,
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=HTTP_TIMEOUT,
        )

    def get(self, path: str) -> requests.Response:
        return self.session.get(
            self.center.api + path,
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=HTTP_TIMEOUT,
        )

    def updates(self, after: int = 0) -> list[dict[str, Any]]:
        answer = self.get(f"/updates?after={after}")
        assert answer.status_code == 200, answer.text
        return list(answer.json()["updates"])


class CallCenter:
    """A running center where residents have family members and home tablets."""

    def __init__(self, center: CenterProcess) -> None:
        self.center = center
        self.api = StaffApi(center, center.staff_token("call setup"))
        self.tablets: list[HomeTablet] = []

    @property
    def url(self) -> str:
        return self.center.url

    def family(self, card: str = RESIDENT, name: str | None = None) -> FamilyMember:
        from server import accounts, family

        name = name or f"家人 {uuid.uuid4().hex[:6]}"
        made = self.api.post(
            f"/residents/{card}/family-invitations", {"relation": "女儿", "display_name": name}
        )
        assert made.status_code == 201, made.text
        token = made.json()["path"].rsplit("/", 1)[1]
        engine = create_engine(self.center.database_url)
        try:
            with Session(engine) as session:
                accepted = family.accept(
                    session, token, account=None, name=name, password="green tea at ten"
                )
                issued = accounts.issue(session, accepted.account, accounts.CONSOLE, 3600.0)
                account_id = int(accepted.account.id)
                session.commit()
        finally:
            engine.dispose()
        return FamilyMember(account_id, name, issued.token)

    def home_tablet(self, card: str = RESIDENT) -> HomeTablet:
        code = self.api.post("/enrolment-codes").json()["code"]
        enrolled = requests.post(
            self.center.api + "/enrol",
            json={"code": code, "device_name": f"家里的平板 {card}", "mode": "home"},
            timeout=HTTP_TIMEOUT,
        )
        assert enrolled.status_code == 200, enrolled.text
        body = enrolled.json()
        placed = self.api.session.put(
            f"{self.api.base}/residents/{card}/home-device",
            json={"device_id": body["device_id"]},
            timeout=HTTP_TIMEOUT,
        )
        assert placed.status_code == 200, placed.text
        tablet = HomeTablet(self.center, body["device_id"], body["token"])
        self.tablets.append(tablet)
        return tablet

    def close(self) -> None:
        for tablet in self.tablets:
            tablet.session.close()
        self.api.close()


def page_address(base_url: str, join: dict[str, Any], view: str, **extra: str) -> str:
    """The call page of a CallJoin, its ticket in the fragment, as sync.calls and
    family_live.js make it."""
    query = urlencode({"view": view, "lang": extra.pop("lang", "zh_CN"), **extra})
    return f"{base_url}{join['page']}?{query}#ticket={quote(join['ticket'], safe='')}"


@pytest.fixture(scope="module")
def call_center(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CallCenter]:
    maker = CenterMaker(request, tmp_path_factory.mktemp("calls"))
    process = maker("sqlite")
    process.env["CENTER_CALL_RECONNECT_S"] = str(RECONNECT_S)
    process.env["CENTER_CALL_RING_S"] = "30"
    calls = CallCenter(process.start())
    yield calls
    calls.close()
    maker.close()


def launch_chromium(arguments: list[str]) -> Iterator[Any]:
    """Debian's chromium, headless, with these flags (for a module-scoped fixture)."""
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        pytest.skip("Debian's chromium is not installed (installer/setup.sh --test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=arguments
        )
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def media_browser() -> Iterator[Any]:
    yield from launch_chromium([*FAKE_MEDIA, FAKE_PROMPT])


def new_page(browser: Any, size: dict[str, int] = TABLET, **options: Any) -> Any:
    """A page in a fresh context (its own cookies), closed with its context by the caller."""
    context = browser.new_context(viewport=size, **options)
    return context.new_page()


def wait_for_title(page: Any, title: str, timeout_ms: float = CONNECT_MS) -> None:
    page.wait_for_function("t => document.title === t", arg=title, timeout=timeout_ms)


def wait_for_frames(
    page: Any, timeout_ms: float = CONNECT_MS, *, sending: bool = False
) -> dict[str, Any]:
    """Wait until the page has decoded video frames from the other side (and, with
    ``sending``, encoded frames of its own: its sender's statistics can lag behind the other
    side's receiving on a busy machine); its stats then."""
    check = "s.framesDecoded > 0" + (" && s.framesEncoded > 0" if sending else "")
    # Playwright does not await a promise the predicate returns (a promise is truthy): each
    # poll asks for new statistics and judges the last ones that arrived.
    found = page.wait_for_function(
        "() => { window.callStats().then((s) => { window.__callStats = s; });"
        f" const s = window.__callStats; return s && {check} ? s : null; }}",
        polling=100,
        timeout=timeout_ms,
    )
    return dict(found.json_value())


class TcpRelay:
    """A plain TCP relay on loopback in front of the center, whose connections the test can
    cut at once: a page loaded through it loses its network (both ends see the connection
    drop, as when a tablet's Wi-Fi goes) while the rest of the call does not."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = free_port()
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.connections: list[socket.socket] = []
        self.lock = threading.Lock()
        self.open = True
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            with self.lock:
                if not self.open:
                    client.close()
                    upstream.close()
                    continue
                self.connections += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        """Drop every connection through the relay, and refuse new ones."""
        with self.lock:
            self.open = False
            cut, self.connections = self.connections, []
        for connection in cut:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()

    def close(self) -> None:
        self.cut()
        self.listener.close()
