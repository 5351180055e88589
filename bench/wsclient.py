"""A minimal WebSocket client (RFC 6455) on asyncio protocols, to hold thousands of sockets.

The benchmarks simulate up to 10,000 kiosks from one process that shares 2 cores with the
server, so each socket must cost next to nothing while it idles: one protocol object, two
timers, no task. It speaks what the kiosk's own client does on the wire (``websockets``,
``sync/updates.py``, with its defaults):

* the opening handshake, offering ``permessage-deflate; client_max_window_bits`` (RFC 7692);
  the server's compressed messages are inflated with one ``zlib`` context per socket, since
  the server keeps its context between messages. The client's own few messages go
  uncompressed, which RFC 7692 allows;
* a ping every ``ping_interval`` (20 s) and the socket given up when its pong has not come
  within ``ping_timeout`` (20 s); the server's pings answered with pongs;
* the closing handshake when asked to close.

Every text message is handed to ``on_message(socket, text, received_at)`` with the moment
(``time.perf_counter``) its last byte arrived, taken in ``data_received``.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import struct
import time
import zlib
from collections.abc import Callable

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TEXT, BINARY, CONTINUATION, CLOSE, PING, PONG = 0x1, 0x2, 0x0, 0x8, 0x9, 0xA
DEFLATE_TAIL = b"\x00\x00\xff\xff"
MAX_HEAD = 16_384


class HandshakeFailed(Exception):
    """The server did not switch protocols (the status line says why)."""


def _mask(data: bytes, key: bytes) -> bytes:
    """``data`` XOR the repeated 4-byte ``key`` (as one big integer: quick for short data)."""
    n = len(data)
    if not n:
        return b""
    keys = (key * (n // 4 + 1))[:n]
    return (int.from_bytes(data, "little") ^ int.from_bytes(keys, "little")).to_bytes(n, "little")


def client_frame(opcode: int, payload: bytes) -> bytes:
    """One final, masked frame, as a client must send it."""
    n = len(payload)
    if n < 126:
        head = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
    elif n < 65_536:
        head = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
    else:
        head = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, n)
    key = os.urandom(4)
    return head + key + _mask(payload, key)


MessageHandler = Callable[["ClientSocket", str, float], None]


class ClientSocket(asyncio.Protocol):
    """One WebSocket connection. ``opened`` resolves after the handshake; ``closed`` with the
    reason it ended: ``"closed by us"``, the server's close code (``"close 4403"``),
    ``"ping timeout"``, ``"connection lost"`` or ``"protocol error"``."""

    def __init__(
        self,
        host: str,
        port: int,
        path: str,
        headers: dict[str, str],
        on_message: MessageHandler,
        *,
        deflate: bool = True,
        ping_interval: float | None = 20.0,
        ping_timeout: float = 20.0,
    ) -> None:
        self.request = self._handshake(host, port, path, headers, deflate)
        self.on_message = on_message
        self.ping_interval, self.ping_timeout = ping_interval, ping_timeout
        loop = asyncio.get_running_loop()
        self.loop = loop
        self.opened: asyncio.Future[None] = loop.create_future()
        self.closed: asyncio.Future[str] = loop.create_future()
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.handshaken = False
        self.inflater: zlib._Decompress | None = None
        self.fragments: list[bytes] = []
        self.fragment_compressed = False
        self.closing = False
        self.ping_payload: bytes | None = None
        self.timer: asyncio.TimerHandle | None = None
        self.last_message_at = 0.0
        self.pings_sent = 0

    def _handshake(
        self, host: str, port: int, path: str, headers: dict[str, str], deflate: bool
    ) -> bytes:
        self.key = base64.b64encode(os.urandom(16))
        lines = [
            f"GET {path} HTTP/1.1",
            f"Host: {host}:{port}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {self.key.decode()}",
            "Sec-WebSocket-Version: 13",
        ]
        if deflate:
            lines.append("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits")
        lines += [f"{name}: {value}" for name, value in headers.items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode()

    # -- asyncio.Protocol ------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's is not a subclass
        transport.write(self.request)  # type: ignore[attr-defined]

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_timer()
        if not self.opened.done():
            self.opened.set_exception(ConnectionError("connection lost during the handshake"))
        self._end("closed by us" if self.closing else "connection lost")

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if not self.handshaken:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buffer) > MAX_HEAD:
                    self._fail_handshake("an endless response head")
                return
            head = bytes(self.buffer[:end]).decode("latin-1")
            del self.buffer[: end + 4]
            if not self._accept(head):
                return
        now = time.perf_counter()
        buffer = self.buffer
        while len(buffer) >= 2:
            first, second = buffer[0], buffer[1]
            length, start = second & 0x7F, 2
            if second & 0x80:  # a server must not mask
                self._protocol_error()
                return
            if length == 126:
                if len(buffer) < 4:
                    return
                length, start = int.from_bytes(buffer[2:4], "big"), 4
            elif length == 127:
                if len(buffer) < 10:
                    return
                length, start = int.from_bytes(buffer[2:10], "big"), 10
            if len(buffer) < start + length:
                return
            payload = bytes(buffer[start : start + length])
            del buffer[: start + length]
            self._frame(first & 0x80, first & 0x40, first & 0x0F, payload, now)
            if self.transport is None:
                return

    # -- the handshake ---------------------------------------------------------------------

    def _accept(self, head: str) -> bool:
        lines = head.split("\r\n")
        if not lines[0].startswith("HTTP/1.1 101"):
            self._fail_handshake(lines[0])
            return False
        fields = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            fields[name.strip().lower()] = value.strip()
        expected = base64.b64encode(hashlib.sha1(self.key + GUID).digest()).decode()
        if fields.get("sec-websocket-accept") != expected:
            self._fail_handshake("a wrong Sec-WebSocket-Accept")
            return False
        if "permessage-deflate" in fields.get("sec-websocket-extensions", ""):
            self.inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        self.handshaken = True
        self.last_message_at = time.perf_counter()
        self.opened.set_result(None)
        self._schedule_ping()
        return True

    def _fail_handshake(self, why: str) -> None:
        if not self.opened.done():
            self.opened.set_exception(HandshakeFailed(why))
        self.abort()

    # -- frames ----------------------------------------------------------------------------

    def _frame(self, fin: int, compressed: int, opcode: int, payload: bytes, now: float) -> None:
        if opcode in (TEXT, BINARY):
            self.fragments, self.fragment_compressed = [payload], bool(compressed)
        elif opcode == CONTINUATION:
            self.fragments.append(payload)
        elif opcode == PING:
            self._send(PONG, payload)
            return
        elif opcode == PONG:
            if payload == self.ping_payload:
                self.ping_payload = None
                self._schedule_ping()
            return
        elif opcode == CLOSE:
            code = int.from_bytes(payload[:2], "big") if len(payload) >= 2 else 1005
            if not self.closing:
                self._send(CLOSE, payload[:2])
            self._end("closed by us" if self.closing else f"close {code}")
            if self.transport is not None:
                self.transport.close()
            return
        else:
            self._protocol_error()
            return
        if not fin:
            return
        data = b"".join(self.fragments)
        self.fragments = []
        if self.fragment_compressed:
            if self.inflater is None:
                self._protocol_error()
                return
            data = self.inflater.decompress(data + DEFLATE_TAIL)
        self.on_message(self, data.decode(), now)  # it may read the previous message's time
        self.last_message_at = now

    def _send(self, opcode: int, payload: bytes) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(client_frame(opcode, payload))

    def send_text(self, text: str) -> None:
        self._send(TEXT, text.encode())

    # -- keepalive -------------------------------------------------------------------------

    def _schedule_ping(self) -> None:
        self._stop_timer()
        if self.ping_interval is not None and not self.closing:
            self.timer = self.loop.call_later(self.ping_interval, self._ping)

    def _ping(self) -> None:
        self.ping_payload = os.urandom(4)
        self.pings_sent += 1
        self._send(PING, self.ping_payload)
        self.timer = self.loop.call_later(self.ping_timeout, self._pong_missed)

    def _pong_missed(self) -> None:
        self.timer = None
        self._end("ping timeout")
        self.abort()

    def _stop_timer(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    # -- the end ---------------------------------------------------------------------------

    def close(self, code: int = 1000) -> None:
        """Start the closing handshake; ``closed`` resolves when the server has answered."""
        if self.closing or self.closed.done():
            return
        self.closing = True
        self._stop_timer()
        self._send(CLOSE, code.to_bytes(2, "big"))

    def abort(self) -> None:
        self._stop_timer()
        if self.transport is not None:
            self.transport.abort()
            self.transport = None

    def _protocol_error(self) -> None:
        self._end("protocol error")
        self.abort()

    def _end(self, why: str) -> None:
        if not self.closed.done():
            self.closed.set_result(why)


async def connect(
    host: str,
    port: int,
    path: str,
    headers: dict[str, str],
    on_message: MessageHandler,
    *,
    timeout: float = 30.0,
    **options: object,
) -> ClientSocket:
    """Open a socket and complete the handshake within ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    _, protocol = await asyncio.wait_for(
        loop.create_connection(
            lambda: ClientSocket(host, port, path, headers, on_message, **options),  # type: ignore[arg-type]
            host,
            port,
        ),
        timeout,
    )
    try:
        await asyncio.wait_for(asyncio.shield(protocol.opened), timeout)
    except BaseException:
        protocol.abort()
        raise
    return protocol
