"""A cheap HTTP/1.1 client on asyncio protocols, for load generators that share the machine.

``HttpPool`` keeps ``size`` keep-alive connections to one server, as a reverse proxy keeps
them to its upstream; a request takes the next free one and waits in FIFO order when none is
free (that wait counts in its latency). It costs about 0.1 ms of CPU per request where httpx
cost 1.2 ms, which matters when the generator runs on the same 2 cores as the server.

    pool = HttpPool("127.0.0.1", port, size=100, timeout=30)
    await pool.open()
    status, body, done = await pool.request(http_request("POST", "/api/v1/events", token, body))
"""

from __future__ import annotations

import asyncio
import time
from collections import deque

from bench.center import LOOPBACK


class RequestFailed(Exception):
    """No usable answer: the connection broke, the answer was malformed, or it took too long."""


class _Connection(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection that carries one request at a time.

    The answer is complete when its ``Content-Length`` bytes have arrived (the server always
    sends one); the moment is taken in ``data_received``, before anything else runs.
    """

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future[tuple[int, bytes, float]] | None = None
        self.head: tuple[int, int, bool] | None = None  # status, length, keep alive
        self.open = False
        self.idle_since = time.monotonic()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's is not a subclass
        self.open = True

    def connection_lost(self, exc: Exception | None) -> None:
        self.open = False
        self._fail(RequestFailed("ConnectionClosed"))

    def _fail(self, exc: Exception) -> None:
        waiter, self.waiter = self.waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_exception(exc)

    def send(self, data: bytes) -> asyncio.Future[tuple[int, bytes, float]]:
        assert self.transport is not None and self.waiter is None
        self.waiter = asyncio.get_running_loop().create_future()
        self.buffer.clear()
        self.head = None
        self.transport.write(data)
        return self.waiter

    def abort(self) -> None:
        self.open = False
        if self.transport is not None:
            self.transport.abort()

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if self.head is None:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            lines = bytes(self.buffer[:end]).lower().split(b"\r\n")
            del self.buffer[: end + 4]
            length, keep = -1, True
            for line in lines[1:]:
                name, _, value = line.partition(b":")
                if name == b"content-length":
                    length = int(value)
                elif name == b"connection" and value.strip() == b"close":
                    keep = False
            if length < 0:
                self.abort()
                self._fail(RequestFailed("NoContentLength"))
                return
            self.head = (int(lines[0][9:12]), length, keep)
        status, length, keep = self.head
        if len(self.buffer) < length:
            return
        body = bytes(self.buffer[:length])
        done = time.perf_counter()
        if not keep:
            self.open = False
        self.idle_since = time.monotonic()
        waiter, self.waiter = self.waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_result((status, body, done))


class HttpPool:
    """``size`` keep-alive connections to one server; requests wait their turn in FIFO order.

    A connection idle for ``max_idle_s`` is not used again but replaced by a new one, as a
    proxy does whose keep-alive time is shorter than the server's (uvicorn closes idle
    connections after 5 s): otherwise a request sent just as the server closes the
    connection fails."""

    def __init__(
        self, host: str, port: int, size: int, timeout: float, max_idle_s: float = 4.0
    ) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.max_idle_s = max_idle_s
        self.idle: list[_Connection | None] = [None] * size
        self.waiters: deque[asyncio.Future[_Connection | None]] = deque()

    async def _connect(self) -> _Connection:
        loop = asyncio.get_running_loop()
        _, protocol = await loop.create_connection(_Connection, self.host, self.port)
        return protocol

    async def open(self) -> None:
        """Open every connection and send one request on it, before the clock starts."""
        self.idle = [await self._connect() for _ in self.idle]
        for conn in list(self.idle):
            assert conn is not None
            await self.request(b"GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n")

    def local_ports(self) -> set[int]:
        """The client ports of the open idle connections (to see where they landed)."""
        return {c.transport.get_extra_info("sockname")[1] for c in self.idle if c and c.transport}

    def close(self) -> None:
        for conn in self.idle:
            if conn is not None and conn.transport is not None:
                conn.transport.close()

    async def request(self, data: bytes) -> tuple[int, bytes, float]:
        """Send ``data`` (a whole request); return (status, body, perf_counter at the end)."""
        if self.idle:
            conn = self.idle.pop()
        else:
            waiter = asyncio.get_running_loop().create_future()
            self.waiters.append(waiter)
            conn = await waiter
        try:
            if conn is not None and time.monotonic() - conn.idle_since > self.max_idle_s:
                conn.abort()
            if conn is None or not conn.open:
                conn = await self._connect()
            answer = conn.send(data)
            timer = asyncio.get_running_loop().call_later(self.timeout, _time_out, conn)
            try:
                return await answer
            finally:
                timer.cancel()
        except BaseException:
            if conn is not None:
                conn.abort()
            raise
        finally:
            self._release(conn)

    def _release(self, conn: _Connection | None) -> None:
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(conn)
                return
        self.idle.append(conn)


def _time_out(conn: _Connection) -> None:
    conn.abort()
    conn._fail(RequestFailed("Timeout"))


def http_request(method: str, path: str, token: str, body: bytes = b"") -> bytes:
    """A whole HTTP/1.1 request with a bearer token and a JSON body."""
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: {LOOPBACK}\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body
