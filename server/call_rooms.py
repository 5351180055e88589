"""The calls' live side in one server process: a signaling room per call, and the family
sockets.

A room holds the two sides' signaling sockets (server.routes.call_socket) and passes the
WebRTC messages of one to the other. Rooms live in the process's memory: **both sides of a
call must reach the same process**. The center runs one process by default
(``python -m server serve``); with ``--workers N`` the kernel spreads connections over the
workers, and the two sides of a call would usually meet different ones (see docs/CALLS.md).

When a side's socket drops while the call is live, the other side hears ``peer_left`` and
the side has ``reconnect_s`` to come back (a new ticket from ``/rejoin``); otherwise the call
ends with the reason ``network``, through ``on_timeout`` (which writes the end to the
database and hands the change back here). After an answer each side has the ticket time to
join at all, or the call ends the same way, so a call whose page never opened does not keep
the resident's line busy.

A family socket (``/api/v1/family/socket``) hears of calls to its account (``ringing``) and of
the end of any call it is part of (``ended``); an account with one open counts as online.

Everything here runs on the event loop; :meth:`CallHub.changed` may be called from any
thread (the routes' worker threads), after the change is committed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from server.calls import Change

log = logging.getLogger(__name__)
FINAL = ("declined", "missed", "busy", "ended")
KEEP_ENDED = 1000  # ended calls remembered, for sockets let in just before the end


class Socket(Protocol):
    async def send_text(self, data: str) -> None: ...

    async def close(self, code: int = 1000, reason: str | None = None) -> None: ...


_CLOSE = object()
LINE_QUEUE = 500  # messages waiting for one slow socket before it is dropped


class Line:
    """One socket's messages, sent in the order they were given by one writer task (so a
    relayed offer never overtakes the ``joined`` before it), and its close."""

    def __init__(self, socket: Socket) -> None:
        self.socket = socket
        self._queue: asyncio.Queue[Any] = asyncio.Queue(maxsize=LINE_QUEUE)
        self.writer = asyncio.ensure_future(self._write())

    def send(self, text: str) -> None:
        try:
            self._queue.put_nowait(text)
        except asyncio.QueueFull:
            # Too far behind to be of use: drop it (its reader then sees the socket close).
            self.writer.cancel()
            self.writer = asyncio.ensure_future(_close_quietly(self.socket, 1008, "too far behind"))

    def close(self, code: int, reason: str) -> None:
        with contextlib.suppress(asyncio.QueueFull):
            self._queue.put_nowait((_CLOSE, code, reason))

    async def _write(self) -> None:
        while True:
            item = await self._queue.get()
            if isinstance(item, tuple) and item[0] is _CLOSE:
                await _close_quietly(self.socket, item[1], item[2])
                return
            try:
                await self.socket.send_text(item)
            except Exception:
                return  # the socket is gone; its reader sees that too


@dataclass
class Room:
    call_id: str
    sockets: dict[str, Line] = field(default_factory=dict)  # side -> its socket
    timers: dict[str, asyncio.Task[None]] = field(default_factory=dict)  # side -> its wait


Timeout = Callable[[str, str], Awaitable[None]]  # (call id, side) -> ends the call


def _other(side: str) -> str:
    return "callee" if side == "caller" else "caller"


class CallHub:
    def __init__(self, reconnect_s: float, join_within_s: float, on_timeout: Timeout) -> None:
        self.reconnect_s = reconnect_s
        self.join_within_s = join_within_s
        self.on_timeout = on_timeout
        self.rooms: dict[str, Room] = {}
        self._family: dict[int, set[asyncio.Queue[str]]] = {}
        self.online: frozenset[int] = frozenset()  # accounts with a family socket open
        self._ended: dict[str, str] = {}  # call id -> its ended message, the newest calls
        self._loop: asyncio.AbstractEventLoop | None = None

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    async def stop(self) -> None:
        for room in list(self.rooms.values()):
            for timer in room.timers.values():
                timer.cancel()
            for line in room.sockets.values():
                line.close(1001, "the server is stopping")

    # -- changes from the routes and the background job ------------------------------------

    def changed(self, changes: Iterable[Change]) -> None:
        """Committed moves of calls: tell the rooms and the family sockets (any thread)."""
        changes = list(changes)
        loop = self._loop
        if not changes or loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
            loop.call_soon_threadsafe(self._apply, changes)

    def _apply(self, changes: list[Change]) -> None:
        for change in changes:
            if change.ringing_family is not None:
                text = json.dumps(change.ringing_family, ensure_ascii=False)
                for account in change.family_ids:
                    self._to_family(account, text)
                continue
            message = {
                "type": "ended",
                "call_id": change.call_id,
                "state": change.state,
                "reason": change.reason,
            }
            text = json.dumps(message)
            for account in change.family_ids:
                self._to_family(account, text)
            if change.state == "accepted":
                self._expect_joins(change.call_id)
            elif change.state in FINAL:
                self._end_room(change)

    def _expect_joins(self, call_id: str) -> None:
        """After an answer: each side not in the room has ``join_within_s`` to come."""
        room = self.rooms.setdefault(call_id, Room(call_id))
        for side in ("caller", "callee"):
            if side not in room.sockets and side not in room.timers:
                room.timers[side] = asyncio.ensure_future(
                    self._wait_then_end(room, side, self.join_within_s)
                )

    def _end_room(self, change: Change) -> None:
        ended = {"type": "ended", "state": change.state, "reason": change.reason, "by": change.by}
        text = json.dumps(ended)
        # Kept a while: a socket that was let in just before the end still hears of it.
        self._ended[change.call_id] = text
        while len(self._ended) > KEEP_ENDED:
            self._ended.pop(next(iter(self._ended)))
        room = self.rooms.pop(change.call_id, None)
        if room is None:
            return
        for timer in room.timers.values():
            timer.cancel()
        for line in list(room.sockets.values()):
            line.send(text)
            line.close(1000, "call ended")
        room.sockets.clear()

    # -- the signaling sockets ---------------------------------------------------------------

    def join(self, call_id: str, side: str, line: Line, joined: Callable[[bool], str]) -> bool:
        """``line`` is ``side`` of the call now (a socket it replaces is closed): it is sent
        ``joined(peer_present)`` first, and the other side hears ``peer_joined``. Whether the
        other side is in."""
        ended = self._ended.get(call_id)
        if ended is not None:  # it ended between the ticket's check and now
            line.send(ended)
            line.close(1000, "call ended")
            return False
        room = self.rooms.setdefault(call_id, Room(call_id))
        timer = room.timers.pop(side, None)
        if timer is not None:
            timer.cancel()
        old = room.sockets.get(side)
        room.sockets[side] = line
        if old is not None and old is not line:
            old.close(4409, "replaced by a newer connection")
        peer = room.sockets.get(_other(side))
        line.send(joined(peer is not None))
        if peer is not None:
            peer.send('{"type":"peer_joined"}')
        return peer is not None

    def relay(self, call_id: str, side: str, text: str) -> bool:
        """Pass ``text`` to the other side; False when it is not there."""
        room = self.rooms.get(call_id)
        peer = room.sockets.get(_other(side)) if room is not None else None
        if peer is None:
            return False
        peer.send(text)
        return True

    def left(self, call_id: str, side: str, socket: Line) -> None:
        """``socket`` closed: if it was that side's and the call is live, the other side
        hears ``peer_left`` and this side has ``reconnect_s`` to come back."""
        room = self.rooms.get(call_id)
        if room is None or room.sockets.get(side) is not socket:
            return
        del room.sockets[side]
        peer = room.sockets.get(_other(side))
        if peer is not None:
            peer.send('{"type":"peer_left"}')
        room.timers[side] = asyncio.ensure_future(self._wait_then_end(room, side, self.reconnect_s))

    async def _wait_then_end(self, room: Room, side: str, seconds: float) -> None:
        await asyncio.sleep(seconds)
        if self.rooms.get(room.call_id) is not room or side in room.sockets:
            return
        room.timers.pop(side, None)
        log.info("call %s: the %s did not come back in %.0f s", room.call_id, side, seconds)
        try:
            await self.on_timeout(room.call_id, side)
        except Exception:
            log.warning(
                "could not end call %s after its %s left", room.call_id, side, exc_info=True
            )

    # -- family sockets ----------------------------------------------------------------------

    def family_listen(self, account_id: int) -> asyncio.Queue[str]:
        queue: asyncio.Queue[str] = asyncio.Queue(maxsize=100)
        self._family.setdefault(account_id, set()).add(queue)
        self.online = frozenset(self._family)
        return queue

    def family_unlisten(self, account_id: int, queue: asyncio.Queue[str]) -> None:
        queues = self._family.get(account_id)
        if queues is not None:
            queues.discard(queue)
            if not queues:
                del self._family[account_id]
        self.online = frozenset(self._family)

    def _to_family(self, account_id: int, text: str) -> None:
        for queue in self._family.get(account_id, ()):
            with contextlib.suppress(asyncio.QueueFull):  # a page that reads nothing
                queue.put_nowait(text)


async def _close_quietly(socket: Socket, code: int, reason: str) -> None:
    with contextlib.suppress(Exception):
        await socket.close(code, reason)
