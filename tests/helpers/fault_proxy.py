"""An HTTP-aware proxy on 127.0.0.1 that makes the network between kiosk and center misbehave.

Per request it picks, from a seeded random generator, one of:

* ``drop_before``: close the connection without forwarding (the center never sees it);
* ``drop_after``: forward, let the center apply it, then close without answering: the kiosk
  never hears, so it must send again, and the center must not apply it twice;
* ``error_500`` / ``error_429``: answer itself, ``429`` with ``Retry-After`` 0 or 1 (or as
  set in ``Faults.retry_after``);
* ``duplicate``: forward the same request twice at once and answer with one of the answers;
* ``hold``: close the connection unanswered, keep the request and forward it later, after 1 to
  5 later requests went through (so a stale copy reaches the center after its retry did);
* ``forward``: pass it on.

Any request may first wait ``min_delay_s`` to ``max_delay_s``. Every request gets its own
upstream connection and ``Connection: close``, so keep-alive never mixes two requests up.
WebSocket upgrades are refused (403): the update listener must fall back to pulling.
"""

from __future__ import annotations

import json
import random
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass

MAX_HEAD = 64 * 1024
MAX_BODY = 4 * 1024 * 1024
SOCKET_TIMEOUT_S = 30.0
ACTIONS = ("drop_before", "drop_after", "error_500", "error_429", "duplicate", "hold")


@dataclass(frozen=True)
class Faults:
    """How often each misbehaviour happens (fractions of requests) and how long delays are."""

    drop_before: float = 0.0
    drop_after: float = 0.0
    error_500: float = 0.0
    error_429: float = 0.0
    duplicate: float = 0.0
    hold: float = 0.0
    delay: float = 0.0  # fraction of requests that wait first
    min_delay_s: float = 0.0
    max_delay_s: float = 0.3
    retry_after: tuple[str, ...] = ("0", "1")

    def __post_init__(self) -> None:
        assert sum(getattr(self, a) for a in ACTIONS) <= 1.0


NO_FAULTS = Faults()


@dataclass
class HttpRequest:
    method: str
    target: str
    version: str
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k.lower() == name), "")

    def to_bytes(self) -> bytes:
        lines = [f"{self.method} {self.target} {self.version}"]
        lines += [
            f"{k}: {v}"
            for k, v in self.headers
            if k.lower() not in ("connection", "keep-alive", "content-length")
        ]
        lines += [f"Content-Length: {len(self.body)}", "Connection: close"]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + self.body

    def event_ids(self) -> tuple[str, ...]:
        """The outbox event ids in a POST /events body (empty for anything else)."""
        if not self.target.endswith("/events"):
            return ()
        try:
            return tuple(e["event_id"] for e in json.loads(self.body)["events"])
        except (ValueError, KeyError, TypeError):
            return ()


@dataclass(frozen=True)
class Seen:
    """One request as the proxy saw it, and what it did with it."""

    index: int
    at: float  # time.monotonic() when it arrived
    method: str
    path: str
    action: str
    event_ids: tuple[str, ...]


class _Closed(Exception):
    pass


def _read_head(sock: socket.socket, buffer: bytearray) -> bytes:
    while b"\r\n\r\n" not in buffer:
        if len(buffer) > MAX_HEAD:
            raise _Closed("head too long")
        chunk = sock.recv(65536)
        if not chunk:
            raise _Closed("closed before the head ended")
        buffer += chunk
    head, _, rest = bytes(buffer).partition(b"\r\n\r\n")
    buffer[:] = rest
    return head


def _read_exactly(sock: socket.socket, buffer: bytearray, size: int) -> bytes:
    while len(buffer) < size:
        chunk = sock.recv(65536)
        if not chunk:
            raise _Closed("closed inside the body")
        buffer += chunk
    body = bytes(buffer[:size])
    del buffer[:size]
    return body


def read_request(sock: socket.socket) -> HttpRequest:
    buffer = bytearray()
    head = _read_head(sock, buffer).decode("latin-1")
    request_line, *header_lines = head.split("\r\n")
    method, target, version = request_line.split(" ", 2)
    headers = [tuple(x.strip() for x in line.split(":", 1)) for line in header_lines if line]
    request = HttpRequest(method, target, version, headers, b"")  # type: ignore[arg-type]
    if request.header("transfer-encoding"):
        raise _Closed("chunked requests are not proxied")
    length = int(request.header("content-length") or 0)
    if length > MAX_BODY:
        raise _Closed("body too large for the proxy")
    request.body = _read_exactly(sock, buffer, length)
    return request


def read_response(sock: socket.socket) -> bytes:
    """One whole response from the center, re-headed with ``Connection: close``."""
    buffer = bytearray()
    head = _read_head(sock, buffer).decode("latin-1")
    status_line, *header_lines = head.split("\r\n")
    headers = [tuple(x.strip() for x in line.split(":", 1)) for line in header_lines if line]
    length = next((int(v) for k, v in headers if k.lower() == "content-length"), None)
    if length is not None:
        body = _read_exactly(sock, buffer, length)
    else:  # read to the end (the request said Connection: close)
        while chunk := sock.recv(65536):
            buffer += chunk
        body = bytes(buffer)
    kept = [
        f"{k}: {v}"
        for k, v in headers
        if k.lower() not in ("connection", "keep-alive", "content-length", "transfer-encoding")
    ]
    if length is None and any(
        k.lower() == "transfer-encoding" and "chunked" in v.lower() for k, v in headers
    ):
        body = _unchunk(body)
    lines = [status_line, *kept, f"Content-Length: {len(body)}", "Connection: close"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def _unchunk(data: bytes) -> bytes:
    out = bytearray()
    while data:
        size_line, _, data = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out += data[:size]
        data = data[size + 2 :]
    return bytes(out)


def plain_response(status: int, reason: str, body: dict, headers: dict[str, str]) -> bytes:
    payload = json.dumps(body).encode()
    lines = [f"HTTP/1.1 {status} {reason}", "Content-Type: application/json"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    lines += [f"Content-Length: {len(payload)}", "Connection: close"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


@dataclass
class _Held:
    request: HttpRequest
    release_after: int  # forward once this many requests have been forwarded


class FaultProxy:
    """``with FaultProxy(upstream_port, Faults(...), seed=1) as proxy: ... proxy.url ...``."""

    def __init__(
        self,
        upstream_port: int,
        faults: Faults = NO_FAULTS,
        *,
        seed: int = 0,
        script: tuple[str, ...] = (),
    ) -> None:
        """``script`` names the actions for the first requests; random ones follow."""
        self.upstream_port = upstream_port
        self.faults = faults
        self.seed = seed
        self._script = list(script)
        self.stats: Counter[str] = Counter()
        self.seen: list[Seen] = []
        self.upstream_errors: list[str] = []
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._held: list[_Held] = []
        self._forwarded = 0
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._acceptor = threading.Thread(target=self._accept, name="fault-proxy", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        self._acceptor.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._acceptor.join(10)
        self._listener.close()
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(SOCKET_TIMEOUT_S)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def set_faults(self, faults: Faults) -> None:
        with self._lock:
            self.faults = faults

    def flush_held(self) -> int:
        """Forward every request still held back now; return how many there were."""
        with self._lock:
            held, self._held = self._held, []
        for item in held:
            self._forward_quietly(item.request)
        return len(held)

    # -- per connection ------------------------------------------------------------------

    def _accept(self) -> None:
        # A timeout, because closing a socket does not wake a thread blocked in accept().
        self._listener.settimeout(0.1)
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(SOCKET_TIMEOUT_S)
            thread = threading.Thread(target=self._serve, args=(client,), daemon=True)
            with self._lock:
                self._threads = [t for t in self._threads if t.is_alive()]
                self._threads.append(thread)
            thread.start()

    def _choose(self) -> tuple[str, float]:
        with self._lock:
            action = self._script.pop(0) if self._script else self._roll()
            delay = 0.0
            if self._rng.random() < self.faults.delay:
                delay = self._rng.uniform(self.faults.min_delay_s, self.faults.max_delay_s)
            self.stats[action] += 1
            return action, delay

    def _roll(self) -> str:
        roll = self._rng.random()
        for name in ACTIONS:
            share = getattr(self.faults, name)
            if roll < share:
                return name
            roll -= share
        return "forward"

    def _serve(self, client: socket.socket) -> None:
        with client:
            try:
                request = read_request(client)
            except (_Closed, OSError, ValueError):
                return
            if request.header("upgrade").lower() == "websocket":
                with self._lock:
                    self.stats["websocket_refused"] += 1
                self._answer(client, plain_response(403, "Forbidden", {"code": "no_ws"}, {}))
                return
            action, delay = self._choose()
            with self._lock:
                self.seen.append(
                    Seen(
                        len(self.seen),
                        time.monotonic(),
                        request.method,
                        request.target.split("?")[0],
                        action,
                        request.event_ids(),
                    )
                )
            if delay and self._stopping.wait(delay):
                return
            if action == "drop_before":
                return
            if action == "error_500":
                body = {"code": "proxy", "message": "injected failure"}
                self._answer(client, plain_response(500, "Internal Server Error", body, {}))
                return
            if action == "error_429":
                with self._lock:
                    after = self._rng.choice(self.faults.retry_after)
                body = {"code": "busy", "message": "injected"}
                response = plain_response(429, "Too Many Requests", body, {"Retry-After": after})
                self._answer(client, response)
                return
            if action == "hold":
                with self._lock:
                    later = self._forwarded + self._rng.randint(1, 5)
                    self._held.append(_Held(request, later))
                return
            if action == "duplicate":
                answers = self._forward_twice(request)
                response = answers[0] or answers[1]
            else:
                response = self._forward_quietly(request)
            if action != "drop_after" and response is not None:
                self._answer(client, response)
            self._release_due()

    def _answer(self, client: socket.socket, response: bytes) -> None:
        try:
            client.sendall(response)
            client.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def _forward(self, request: HttpRequest) -> bytes:
        with socket.create_connection(
            ("127.0.0.1", self.upstream_port), timeout=SOCKET_TIMEOUT_S
        ) as upstream:
            upstream.sendall(request.to_bytes())
            return read_response(upstream)

    def _forward_quietly(self, request: HttpRequest) -> bytes | None:
        """Forward; a center that is down or hangs up counts as no answer."""
        try:
            response = self._forward(request)
        except (OSError, _Closed, ValueError) as exc:
            with self._lock:
                self.upstream_errors.append(f"{request.target}: {exc!r}")
            return None
        with self._lock:
            self._forwarded += 1
            status = response.split(b" ", 2)[1].decode()
            self.stats[f"upstream_{status}"] += 1
        return response

    def _forward_twice(self, request: HttpRequest) -> list[bytes | None]:
        answers: list[bytes | None] = [None, None]

        def one(slot: int) -> None:
            answers[slot] = self._forward_quietly(request)

        twins = [threading.Thread(target=one, args=(slot,), daemon=True) for slot in (0, 1)]
        for twin in twins:
            twin.start()
        for twin in twins:
            twin.join(SOCKET_TIMEOUT_S * 2)
        return answers

    def _release_due(self) -> None:
        with self._lock:
            due = [h for h in self._held if h.release_after <= self._forwarded]
            self._held = [h for h in self._held if h.release_after > self._forwarded]
        for item in due:
            self._forward_quietly(item.request)
