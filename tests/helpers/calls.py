"""Video calls against a real center process: family accounts, home tablets, the sockets.

A family account is made straight in the center's database (a ``staff`` row with the role
``family``, a console session whose secret the test keeps as its cookie, and a link to a
resident), the way an accepted invitation leaves them, so these tests do not depend on the
invitation pages. :class:`CallSocket` is one side of a call's signaling socket; its
``next`` waits for a message of a type, skipping the others.
"""

from __future__ import annotations

import contextlib
import json
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import requests
from sqlalchemy import create_engine, text
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from server.auth import new_token, token_hash
from server.routes.permissions import SESSION_COOKIE
from sync.protocol import API_PREFIX
from tests.helpers.center import HTTP_TIMEOUT, CenterProcess
from tests.helpers.server_api import bearer

Message = dict[str, Any]


def write(center: CenterProcess, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    """Change the server's database directly, committed."""
    engine = create_engine(center.database_url)
    try:
        with engine.begin() as connection:
            result = connection.execute(text(sql), params)
            return [tuple(r) for r in result] if result.returns_rows else []
    finally:
        engine.dispose()


@dataclass
class Family:
    """A family account linked to one resident, signed in (its session cookie)."""

    center: CenterProcess
    account_id: int
    cookie: str
    card: str
    display_name: str

    def session(self) -> requests.Session:
        browser = requests.Session()
        browser.cookies.set(SESSION_COOKIE, self.cookie)
        return browser

    def post(self, path: str, body: Any = None) -> requests.Response:
        with self.session() as browser:
            return browser.post(self.center.api + path, json=body, timeout=HTTP_TIMEOUT)

    def get(self, path: str, **params: Any) -> requests.Response:
        with self.session() as browser:
            return browser.get(self.center.api + path, params=params, timeout=HTTP_TIMEOUT)

    def call(self, card: str | None = None) -> requests.Response:
        return self.post("/family/calls", {"resident_card": card or self.card})


def make_family(
    center: CenterProcess,
    card: str,
    display_name: str = "女儿 王丽",
    *,
    auto_answer: bool = False,
) -> Family:
    """A new family account linked to resident ``card``, with a live session."""
    now = time.time()
    name = f"family {uuid.uuid4().hex[:10]}"
    write(
        center,
        "INSERT INTO staff (name, token_hash, created_at, role, failed_signins, lockouts)"
        " VALUES (:name, :hash, :now, 'family', 0, 0)",
        name=name,
        hash=token_hash(new_token()),
        now=now,
    )
    account_id = int(center.scalar("SELECT id FROM staff WHERE name = :name", name=name))
    cookie = new_token()
    write(
        center,
        "INSERT INTO staff_sessions (token_hash, staff_id, kind, label, created_at, expires_at,"
        " client) VALUES (:hash, :id, 'console', '', :now, :until, '')",
        hash=token_hash(cookie),
        id=account_id,
        now=now,
        until=now + 3600,
    )
    write(
        center,
        "INSERT INTO family_links (account_id, resident_card, relation, display_name,"
        " auto_answer, created_at) VALUES (:id, :card, '女儿', :display, :auto, :now)",
        id=account_id,
        card=card,
        display=display_name,
        auto=auto_answer,
        now=now,
    )
    return Family(center, account_id, cookie, card, display_name)


def new_resident(center: CenterProcess) -> str:
    """A resident of their own for one test (so tests sharing a center never meet)."""
    card = str(10_000_000 + uuid.uuid4().int % 89_999_999)
    write(
        center,
        "INSERT INTO residents (card, name, phone, subsidy_tier, contacts, language, active,"
        " updated_at, updated_by) VALUES (:card, :name, '', 'full', '[]', 'zh_CN', :active,"
        " :now, 'tests')",
        card=card,
        name=f"王大爷 {card[-4:]}",
        active=True,
        now=time.time(),
    )
    return card


@dataclass
class Tablet:
    """A device enrolled over the API, set as one resident's home tablet."""

    center: CenterProcess
    device_id: str
    token: str
    card: str

    def post(self, path: str, body: Any = None) -> requests.Response:
        return requests.post(
            self.center.api + path, json=body, headers=bearer(self.token), timeout=HTTP_TIMEOUT
        )

    def get(self, path: str, **params: Any) -> requests.Response:
        return requests.get(
            self.center.api + path, params=params, headers=bearer(self.token), timeout=HTTP_TIMEOUT
        )

    def put(self, path: str, body: Any, **params: Any) -> requests.Response:
        return requests.put(
            self.center.api + path,
            json=body,
            params=params,
            headers=bearer(self.token),
            timeout=HTTP_TIMEOUT,
        )

    def updates(self, kind: str) -> list[Message]:
        """This tablet's updates of ``kind`` so far (payloads)."""
        page = self.get("/updates", since=0, limit=500)
        assert page.status_code == 200, page.text
        return [u["payload"] for u in page.json()["updates"] if u["kind"] == kind]


def enrol(center: CenterProcess, name: str = "home tablet") -> tuple[str, str]:
    """(device id, token) of a newly enrolled device."""
    made = requests.post(
        center.api + "/staff/enrolment-codes",
        headers=bearer(center.staff_token()),
        timeout=HTTP_TIMEOUT,
    )
    assert made.status_code == 200, made.text
    enrolled = requests.post(
        center.api + "/enrol",
        json={"code": made.json()["code"], "device_name": name, "mode": "home"},
        timeout=HTTP_TIMEOUT,
    )
    assert enrolled.status_code == 200, enrolled.text
    return enrolled.json()["device_id"], enrolled.json()["token"]


def home_tablet(center: CenterProcess, card: str) -> Tablet:
    """A device enrolled now and set as the resident's home tablet."""
    device_id, token = enrol(center)
    # (The demo center gives its demo resident the first home tablet enrolled: take it over.)
    write(center, "DELETE FROM resident_devices WHERE device_id = :d", d=device_id)
    write(
        center,
        "INSERT INTO resident_devices (device_id, resident_card, set_by, set_at)"
        " VALUES (:device, :card, 'tests', :now)",
        device=device_id,
        card=card,
        now=time.time(),
    )
    return Tablet(center, device_id, token, card)


def ws_url(center: CenterProcess, path: str) -> str:
    return center.url.replace("http", "ws", 1) + API_PREFIX + path


class CallSocket:
    """One side of a call's signaling socket."""

    def __init__(self, connection: ClientConnection) -> None:
        self.ws = connection

    def send(self, message: Message | str) -> None:
        self.ws.send(message if isinstance(message, str) else json.dumps(message))

    def next(self, kind: str, timeout: float = 5.0) -> Message:
        """The next message of type ``kind``, skipping the others."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"waited {timeout:.1f} s for a {kind!r} message")
            try:
                message: Message = json.loads(self.ws.recv(timeout=remaining))
            except TimeoutError:
                continue
            if message.get("type") == kind:
                return message

    def closed(self, timeout: float = 5.0) -> tuple[int | None, str]:
        """Read until the server closes: (code, reason)."""
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                self.ws.recv(timeout=max(0.01, deadline - time.monotonic()))
        except ConnectionClosed as closed:
            frame = closed.rcvd
            return (frame.code, frame.reason) if frame else (None, "")
        except TimeoutError:
            pass
        raise AssertionError(f"the socket was still open after {timeout:.1f} s")


@contextmanager
def call_socket(
    center: CenterProcess, call_id: str, ticket: str | None = None
) -> Iterator[CallSocket]:
    """The call's signaling socket, with ``hello`` sent when a ticket is given."""
    with connect(ws_url(center, f"/calls/{call_id}/socket"), open_timeout=5) as ws:
        side = CallSocket(ws)
        if ticket is not None:
            with contextlib.suppress(ConnectionClosed):  # refused at once: see closed()
                side.send({"type": "hello", "ticket": ticket})
        yield side
