"""The calls' WebSockets: the signaling socket of one call, and the family socket.

``WS /api/v1/calls/{id}/socket`` (no cookie, no token: the ticket lets one side in once).
The client's first message is ``{"type": "hello", "ticket": T}`` within ``HELLO_S``; the
server answers ``{"type": "joined", "side", "peer_present", "peer_name", "ice_servers",
"state"}``, and later sends ``peer_joined``, ``peer_left``, ``ended`` (``state``, ``reason``,
``by``) and ``error``. ``offer`` {sdp}, ``answer`` {sdp}, ``candidate`` {candidate} and
``media`` {camera, microphone} go to the other side as sent (dropped, with an ``error``
back, when it is not there); ``hangup`` ends the call (``hung_up``; a caller's hangup while
it rings cancels it). Closes, always with a reason and never with a server error:

* 4400: not JSON, not an object with a known ``type``, a field of the wrong type, a second
  hello, a binary message; 1009: a message over ``MAX_SIGNAL_BYTES``;
* 4401: no hello in time, or a ticket that is unknown, used, expired or another call's;
* 4409: the same side connected again (the newer socket wins);
* 1000 after ``ended``: the call ended (by either side, the other's REST request, ringing
  out, or a side that dropped and did not rejoin within RECONNECT_S).

``WS /api/v1/family/socket``: a family page's session cookie, and an ``Origin`` that is the
server's own (a page elsewhere cannot listen in with the cookie). Refused with 4401 (no or
ended session) or 4403 (not a family account, or another origin) after accepting, so the
page can tell the refusal from a dropped network. The server sends ``{"type": "ringing",
"call_id", "resident_card", "caller_name"}`` when the resident calls this account from a
kiosk, ``{"type": "ended", "call_id", "state", "reason"}`` when a call of the account
moves on (answered, on another page of the account too: stop ringing) or ends, and
``{"type": "ping"}`` after ``KEEPALIVE_S`` of quiet. An account with one open is online
for the resident's kiosk (``CallContact.online``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import time
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from server import auth, call_jobs, call_tickets, calls
from server.call_rooms import Line
from server.center import Center
from server.models import Call
from server.routes.common import CenterDep
from server.routes.family_auth import connection_family
from sync.call_protocol import MAX_SIGNAL_BYTES, RELAYED
from sync.protocol import API_PREFIX

log = logging.getLogger(__name__)
router = APIRouter(prefix=API_PREFIX)
HELLO_S = 10.0
KEEPALIVE_S = 25.0
BAD_MESSAGE = 4400
BAD_TICKET = 4401
TOO_BIG = 1009
MAX_REASON = 120
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
LIVE = ("ringing", "accepted")


class Refused(Exception):
    """Close the socket with ``code`` and ``reason``."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def _reason(text: str) -> str:
    return text.encode()[:MAX_REASON].decode(errors="ignore")


def parse(text: str | None) -> dict[str, Any]:
    """A client message as an object with a known ``type`` and fields of the right types;
    :class:`Refused` (saying what is wrong) otherwise."""
    if text is None:
        raise Refused(BAD_MESSAGE, "text messages only")
    if len(text.encode()) > MAX_SIGNAL_BYTES:
        raise Refused(TOO_BIG, f"messages are limited to {MAX_SIGNAL_BYTES} bytes")
    try:
        message = json.loads(text)
    except ValueError:
        raise Refused(BAD_MESSAGE, "not JSON") from None
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        raise Refused(BAD_MESSAGE, "a message is a JSON object with a type")
    kind = message["type"]
    needs: dict[str, tuple[tuple[str, tuple[type, ...]], ...]] = {
        "hello": (("ticket", (str,)),),
        "offer": (("sdp", (str,)),),
        "answer": (("sdp", (str,)),),
        "candidate": (("candidate", (dict, str, type(None))),),
        "media": (("camera", (bool,)), ("microphone", (bool,))),
        "hangup": (),
    }
    if kind not in needs:
        raise Refused(BAD_MESSAGE, f"unknown message type {kind[:40]!r}")
    for name, types in needs[kind]:
        if name not in message or not isinstance(message[name], types):
            raise Refused(BAD_MESSAGE, f"{kind} needs {name} of the right type")
    return message


def _admit(center: Center, call_id: str, ticket: str) -> tuple[str, dict[str, Any]]:
    """Use the ticket: (side, the ``joined`` message without peer_present), or, for a call
    that has ended, (side, its ``ended`` message)."""
    with center.sessions() as session:
        try:
            side = call_tickets.redeem(session, call_id, ticket, time.time())
        except call_tickets.TicketRefused as exc:
            raise Refused(BAD_TICKET, str(exc)) from None
        call = session.get(Call, call_id)
        assert call is not None  # a ticket belongs to a call
        if call.state not in LIVE:
            session.commit()
            return side, {"type": "ended", "state": call.state, "reason": call.reason, "by": None}
        joined = {
            "type": "joined",
            "side": side,
            "peer_name": calls.peer_name(session, call, side),
            "ice_servers": [s.model_dump(exclude_none=True) for s in center.settings.ice_servers],
            "state": call.state,
        }
        session.commit()
    log.info("call %s: the %s joined its socket", call_id, side)
    return side, joined


def _hang_up(center: Center, call_id: str, side: str) -> None:
    with center.sessions() as session:
        try:
            change = calls.end(session, call_id, None, side=side)  # type: ignore[arg-type]
        except calls.CallError:
            return  # it ended meanwhile; the room has been told
        session.commit()
        call_jobs.publish(center, session, [change])


async def _receive_text(websocket: WebSocket) -> str | None:
    """The next text message; None when the client left. Binary: Refused."""
    message = await websocket.receive()
    if message["type"] == "websocket.disconnect":
        return None
    if message.get("text") is None:
        raise Refused(BAD_MESSAGE, "text messages only")
    return str(message["text"])


@router.websocket("/calls/{call_id}/socket")
async def call_socket(websocket: WebSocket, call_id: str, center: CenterDep) -> None:
    await websocket.accept()
    line: Line | None = None
    side = ""
    hub = center.calls
    try:
        if not UUID.match(call_id):
            raise Refused(BAD_TICKET, "no such call")
        try:
            async with asyncio.timeout(HELLO_S):
                first = await _receive_text(websocket)
        except TimeoutError:
            raise Refused(BAD_TICKET, "no hello") from None
        if first is None:
            return
        hello = parse(first)
        if hello["type"] != "hello":
            raise Refused(BAD_MESSAGE, "the first message must be a hello")
        side, answer = await asyncio.to_thread(_admit, center, call_id.lower(), hello["ticket"])
        call_id = call_id.lower()
        if answer["type"] == "ended":
            await websocket.send_text(json.dumps(answer))
            await websocket.close(1000, "call ended")
            return
        line = Line(websocket)

        def joined(peer_present: bool) -> str:
            return json.dumps({**answer, "peer_present": peer_present}, ensure_ascii=False)

        hub.join(call_id, side, line, joined)
        while True:
            text = await _receive_text(websocket)
            if text is None:
                return
            message = parse(text)
            kind = message["type"]
            if kind == "hello":
                raise Refused(BAD_MESSAGE, "hello was sent already")
            if kind == "hangup":
                await asyncio.to_thread(_hang_up, center, call_id, side)
                continue  # the room sends ended and closes
            assert kind in RELAYED
            if not hub.relay(call_id, side, text):
                line.send('{"type":"error","message":"the other side is not connected"}')
    except Refused as exc:
        with contextlib.suppress(Exception):
            if line is not None:
                line.close(exc.code, _reason(exc.reason))
                await line.writer
            else:
                await websocket.close(exc.code, _reason(exc.reason))
    except (WebSocketDisconnect, RuntimeError):
        pass
    except Exception:
        log.exception("call %s: the signaling socket failed", call_id)
        with contextlib.suppress(Exception):
            await websocket.close(1011, "server error")
    finally:
        if line is not None:
            hub.left(call_id, side, line)


def _same_origin(websocket: WebSocket) -> bool:
    origin = websocket.headers.get("origin")
    host = websocket.headers.get("host")
    return bool(origin and host) and urlsplit(origin).netloc.lower() == (host or "").lower()


@router.websocket("/family/socket")
async def family_socket(websocket: WebSocket, center: CenterDep) -> None:
    def who() -> int:
        with center.readers() as session:
            return connection_family(session, websocket).id

    await websocket.accept()  # so that the close code and reason reach the page
    if not _same_origin(websocket):
        await websocket.close(4403, "wrong_origin")
        return
    try:
        account_id = await asyncio.to_thread(who)
    except auth.AuthError as exc:
        await websocket.close(4401 if exc.status == 401 else 4403, exc.code)
        return
    hub = center.calls
    queue = hub.family_listen(account_id)
    received = asyncio.ensure_future(websocket.receive())
    try:
        while True:
            got = asyncio.ensure_future(queue.get())
            done, _ = await asyncio.wait(
                {got, received}, timeout=KEEPALIVE_S, return_when=asyncio.FIRST_COMPLETED
            )
            if got in done:
                await websocket.send_text(got.result())
            else:
                got.cancel()
            if received in done:
                if received.result().get("type") == "websocket.disconnect":
                    return
                received = asyncio.ensure_future(websocket.receive())  # ignored
            elif not done:
                try:
                    await asyncio.to_thread(who)
                except auth.AuthError as exc:
                    await websocket.close(4401 if exc.status == 401 else 4403, exc.code)
                    return
                await websocket.send_text('{"type":"ping"}')
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        hub.family_unlisten(account_id, queue)
        received.cancel()
