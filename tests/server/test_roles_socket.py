"""The staff socket (``/api/v1/staff/ws``) and roles, against a real center process: a
volunteer is refused with close code 4403 and the refusal's code as its reason, by API token
and by the console's cookie alike; a dispatcher is let in and greeted; no credentials, or an
ended session, are refused with 4401. The codes reach the client as close frames (the board's
script tells "sign in again" from "the network dropped" by them), never as a refused
handshake."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
import requests
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from server.roles import allowed
from server.routes.permissions import SESSION_COOKIE
from sync.protocol import API_PREFIX
from tests.helpers.center import HTTP_TIMEOUT, CenterProcess
from tests.helpers.server_api import bearer

PASSWORD = "a long enough password"
OPEN_TIMEOUT_S = 5.0
CLOSE_TIMEOUT_S = 5.0


@pytest.fixture
def center(module_center: CenterProcess) -> CenterProcess:
    return module_center


def socket_url(center: CenterProcess) -> str:
    return center.url.replace("http", "ws", 1) + API_PREFIX + "/staff/ws"


def token_of(center: CenterProcess, role: str) -> str:
    """An API token of an account with ``role`` (the CLI's create-staff --role)."""
    name = f"socket {role}"
    if name not in center._staff_tokens:
        center._staff_tokens[name] = center.cli("create-staff", name, "--role", role)
    return center._staff_tokens[name]


def signed_in_cookie(center: CenterProcess, role: str) -> str:
    """The console's session cookie of a new account with ``role``, signed in by password."""
    name = f"socket {role} by password"
    admin = token_of(center, "administrator")
    made = requests.post(
        center.api + "/staff/accounts",
        json={"name": name, "role": role, "password": PASSWORD},
        headers=bearer(admin),
        timeout=HTTP_TIMEOUT,
    )
    assert made.status_code in (201, 409), made.text  # 409: made by an earlier test
    with requests.Session() as browser:
        signed = browser.post(
            center.api + "/staff/session",
            json={"name": name, "password": PASSWORD},
            timeout=HTTP_TIMEOUT,
        )
        assert signed.status_code == 200, signed.text
        cookie = browser.cookies.get(SESSION_COOKIE)
    assert cookie
    return str(cookie)


OpenSocket = Callable[[dict[str, str]], ClientConnection]


@pytest.fixture
def open_socket(center: CenterProcess) -> Iterator[OpenSocket]:
    """Open the staff socket with these headers; every socket is closed after the test."""
    with ExitStack() as sockets:

        def open_with(headers: dict[str, str]) -> ClientConnection:
            return sockets.enter_context(
                connect(socket_url(center), additional_headers=headers, open_timeout=OPEN_TIMEOUT_S)
            )

        yield open_with


def closed_with(ws: ClientConnection) -> tuple[int, str]:
    """The code and reason of the close frame the server sent before saying anything."""
    with pytest.raises(ConnectionClosed) as closed:
        message = ws.recv(timeout=CLOSE_TIMEOUT_S)
        raise AssertionError(f"the socket said {message!r} instead of closing")
    frame = closed.value.rcvd
    assert frame is not None, "the connection broke without a close frame"
    return frame.code, frame.reason


def greeted(ws: ClientConnection) -> dict[str, object]:
    hello: dict[str, object] = json.loads(ws.recv(timeout=CLOSE_TIMEOUT_S))
    assert hello["type"] == "hello", hello
    return hello


def test_the_table_says_who_watches_the_board() -> None:
    assert not allowed("volunteer", "board.watch")
    assert allowed("dispatcher", "board.watch")


def test_a_volunteer_is_refused_with_4403_by_token_and_by_cookie(
    center: CenterProcess, open_socket: OpenSocket
) -> None:
    by_token = open_socket(bearer(token_of(center, "volunteer")))
    assert closed_with(by_token) == (4403, "not_allowed")
    cookie = signed_in_cookie(center, "volunteer")
    by_cookie = open_socket({"Cookie": f"{SESSION_COOKIE}={cookie}"})
    assert closed_with(by_cookie) == (4403, "not_allowed")


def test_a_dispatcher_is_let_in_and_greeted_by_token_and_by_cookie(
    center: CenterProcess, open_socket: OpenSocket
) -> None:
    hello = greeted(open_socket(bearer(token_of(center, "dispatcher"))))
    assert hello["staff"] == "socket dispatcher"
    assert isinstance(hello["sos"], list)
    cookie = signed_in_cookie(center, "dispatcher")
    hello = greeted(open_socket({"Cookie": f"{SESSION_COOKIE}={cookie}"}))
    assert hello["staff"] == "socket dispatcher by password"


@pytest.mark.parametrize(
    "headers, reason",
    [
        ({}, "no_token"),
        (bearer("notatoken"), "bad_token"),
        ({"Cookie": f"{SESSION_COOKIE}=not-a-session"}, "bad_token"),
    ],
    ids=["nothing", "unknown token", "unknown cookie"],
)
def test_without_a_live_session_the_socket_closes_with_4401(
    center: CenterProcess, open_socket: OpenSocket, headers: dict[str, str], reason: str
) -> None:
    assert closed_with(open_socket(headers)) == (4401, reason)


def test_a_signed_out_session_is_closed_with_4401(
    center: CenterProcess, open_socket: OpenSocket
) -> None:
    cookie = signed_in_cookie(center, "nurse")
    ended = requests.delete(
        center.api + "/staff/session",
        cookies={SESSION_COOKIE: cookie},
        timeout=HTTP_TIMEOUT,
    )
    assert ended.status_code == 204, ended.text
    assert closed_with(open_socket({"Cookie": f"{SESSION_COOKIE}={cookie}"})) == (
        4401,
        "signed_out",
    )
