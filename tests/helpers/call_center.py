"""A small stand-in for the center's kiosk call endpoints, on loopback, for the kiosk's tests.

:class:`FakeCallCenter` answers ``/api/v1/kiosk/calls...`` from canned answers a test sets
(``answers[(method, path)] = (status, body)``), keeps every request it got, and serves any
other path as a small HTML page (the call page's stand-in) from ``pages``. It runs
``http.server`` in a thread: no child process, so it fits the quick loop.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

CALL_ID = "6f1c2d5e-8b7a-4c3d-9e2f-1a2b3c4d5e6f"
RESIDENT_CARD = "10002"


@dataclass
class Seen:
    method: str
    path: str
    query: str
    body: Any
    authorization: str


def join(side: str = "caller", call_id: str = CALL_ID, **changes: Any) -> dict[str, Any]:
    """A CallJoin as the center sends it."""
    body: dict[str, Any] = {
        "call_id": call_id,
        "side": side,
        "state": "ringing" if side == "caller" else "accepted",
        "ticket": "t0ken/with+odd=chars",
        "page": f"/call/{call_id}",
        "ice_servers": [],
        "peer_name": "女儿 王丽",
    }
    body.update(changes)
    return body


def record(state: str = "ringing", call_id: str = CALL_ID) -> dict[str, Any]:
    return {
        "id": call_id,
        "resident_card": RESIDENT_CARD,
        "caller_kind": "family",
        "caller_name": "女儿 王丽",
        "callee_kind": "kiosk",
        "state": state,
        "created_at": 1_700_000_000.0,
    }


def contacts(*people: tuple[int, str, str, bool]) -> dict[str, Any]:
    return {
        "resident_card": RESIDENT_CARD,
        "contacts": [
            {
                "family_id": family_id,
                "display_name": name,
                "relation": relation,
                "auto_answer": auto,
                "online": True,
            }
            for family_id, name, relation, auto in people
        ],
    }


@dataclass
class FakeCallCenter:
    answers: dict[tuple[str, str], tuple[int, Any]] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    pages: dict[str, str] = field(default_factory=dict)
    url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def requests(self, method: str, path: str) -> list[Seen]:
        with self.lock:
            return [s for s in self.seen if s.method == method and s.path == path]

    def handler(self) -> type[BaseHTTPRequestHandler]:
        center = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass  # quiet tests

            def _serve(self) -> None:
                path, _, query = self.path.partition("?")
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = raw
                with center.lock:
                    center.seen.append(
                        Seen(
                            self.command,
                            path,
                            query,
                            body,
                            self.headers.get("Authorization", ""),
                        )
                    )
                    answer = center.answers.get((self.command, path))
                    page = center.pages.get(path)
                if page is not None:
                    self._send(200, page.encode(), "text/html; charset=utf-8")
                    return
                if answer is None:
                    answer = (404, {"code": "not_found", "message": "Not found."})
                status, content = answer
                data = content if isinstance(content, bytes) else json.dumps(content).encode()
                self._send(status, data, "application/json")

            def _send(self, status: int, data: bytes, kind: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = _serve  # noqa: N815

        return Handler


@pytest.fixture
def call_center() -> Iterator[FakeCallCenter]:
    center = FakeCallCenter()
    server = ThreadingHTTPServer(("127.0.0.1", 0), center.handler())
    server.daemon_threads = True
    center.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(
        target=server.serve_forever, args=(0.02,), name="fake-call-center", daemon=True
    )
    thread.start()
    yield center
    server.shutdown()
    server.server_close()
    thread.join(5)


def other_call_id() -> str:
    return str(uuid.uuid4())
