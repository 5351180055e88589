"""The staff socket (``/api/v1/staff/ws``) from a test: opened with a staff token, and the
next message a test waits for, skipping the others (other tests' kiosks, pings)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from websockets.sync.client import ClientConnection, connect

from sync.protocol import API_PREFIX
from tests.helpers.center import CenterProcess
from tests.helpers.server_api import bearer

Message = dict[str, Any]


@contextmanager
def staff_socket(center: CenterProcess, token: str | None = None) -> Iterator[ClientConnection]:
    """The staff socket, opened with a staff token (``center.staff_token()`` by default)."""
    url = center.url.replace("http", "ws", 1) + API_PREFIX + "/staff/ws"
    headers = bearer(token or center.staff_token())
    with connect(url, additional_headers=headers, open_timeout=5) as ws:
        yield ws


def next_message(
    ws: ClientConnection, wanted: Callable[[Message], bool], timeout: float, what: str
) -> Message:
    """The next message ``wanted`` accepts, skipping the others."""
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"waited {timeout:.1f} s for {what} on the staff socket")
        try:
            message: Message = json.loads(ws.recv(timeout=remaining))
        except TimeoutError:
            continue
        if wanted(message):
            return message
