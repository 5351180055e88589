"""The staff socket, ``GET /api/v1/staff/ws``: emergencies and orders as they happen.

A program opens it with its API token in the ``Authorization: Bearer`` header, a browser
with the console's session cookie (as for the staff REST routes). A missing, unknown, ended
or expired one is closed with code 4401 as soon as it opens, a role that may not watch the
board (a volunteer) with 4403, the reason being the refusal's code (``signed_out``,
``not_allowed``, ...): the socket is accepted first, because a refused handshake reaches a
browser as a bare 1006 and the board could not tell "sign in again" from "the network
dropped". The server then sends JSON text messages; the client sends nothing it needs to.

* First, ``{"type": "hello", "staff": NAME, "sos": [StaffSos, ...]}``: the emergencies open
  now (nobody acknowledged them; withdrawn ones too, with ``withdrawn_at``), newest first
  (``sync.protocol.StaffHello``).
* ``{"type": "sos", "event": E, "step": S, "by": ACTOR, "at": ISO, "note": TEXT,
  "sos": StaffSos}`` (``StaffSosChange``) whenever an emergency is raised (E ``raised``, by
  ``device:NAME``), escalated (E ``escalated``, S ``all_staff`` or ``contacts``, by
  ``center``), acknowledged (by ``staff:NAME``, the note is the action: ``on_the_way``,
  ``phoning``, ``coming_to_kiosk``) or withdrawn (by ``resident via NAME``). ``sos`` is how
  the emergency stands when the message is sent; S is null but for ``escalated``.
* ``{"type": "order", "status": STATE, "by": ACTOR, "at": ISO, "note": TEXT,
  "order": StaffOrder}`` (``StaffOrderChange``) for a new order (STATE ``sent``) and every
  change of one.
* ``{"type": "reading_alert", "event": E, "by": ACTOR, "at": ISO, "note": TEXT,
  "alert": StaffReadingAlert}`` (``StaffReadingAlertChange``) when a reading the kiosk judged
  alerting arrives (E ``raised``, by ``device:NAME``) and when a member of staff acknowledges
  it (E ``acknowledged``, by ``staff:NAME``, the note theirs). The hello does not list open
  alerts: ``GET /staff/alerts?state=open`` does.
* ``{"type": "ping"}`` after ``KEEPALIVE_S`` without a message.
* A client that falls more than ``server.staff_feed.BUFFER`` messages behind gets a new
  hello and continues from there.

A change committed by this process is sent at once; one committed by another process of the
center within about half a second (server.staff_feed). A message may repeat what the hello
already said (an emergency raised while the socket opened): key emergencies by ``sos_id``.
If the token or session stops working (signed out, expired, the account disabled), the
socket is closed with 4401 at the next keepalive.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from server import auth, sos
from server.center import Center
from server.routes import permissions
from server.routes.common import CenterDep
from sync.protocol import API_PREFIX, StaffHello

KEEPALIVE_S = 25.0
PING = '{"type":"ping"}'

router = APIRouter(prefix=API_PREFIX)


def _staff_name(center: Center, websocket: WebSocket) -> str:
    with center.readers() as session:
        return permissions.connection_staff(session, websocket, "board.watch").name


def _hello(center: Center, name: str) -> str:
    with center.readers() as session:
        return StaffHello(staff=name, sos=sos.list_sos(session, open_only=True)).model_dump_json()


@router.websocket("/staff/ws")
async def staff_ws(websocket: WebSocket, center: CenterDep) -> None:
    try:
        name = await asyncio.to_thread(_staff_name, center, websocket)
    except auth.AuthError as exc:
        await websocket.accept()  # so that the close code and reason reach the client
        await websocket.close(code=4401 if exc.status == 401 else 4403, reason=exc.code)
        return
    await websocket.accept()
    feed = center.feed
    listener = await feed.listen()  # before the hello: nothing falls between the two
    received: asyncio.Future[Any] | None = None
    try:
        await websocket.send_text(await asyncio.to_thread(_hello, center, name))
        received = asyncio.ensure_future(websocket.receive())
        while True:
            listener.wake.clear()  # before reading, so a message added meanwhile wakes us
            news = feed.after(listener.position)
            if news is None:  # fell behind what is kept: start again from the state now
                listener.position = feed.last
                await websocket.send_text(await asyncio.to_thread(_hello, center, name))
                continue
            messages, listener.position = news
            for text in messages:
                await websocket.send_text(text)
            woken = asyncio.ensure_future(listener.wake.wait())
            done, _ = await asyncio.wait(
                {woken, received}, timeout=KEEPALIVE_S, return_when=asyncio.FIRST_COMPLETED
            )
            woken.cancel()
            if received in done:
                if received.result().get("type") == "websocket.disconnect":
                    return
                received = asyncio.ensure_future(websocket.receive())  # ignored
            elif not done:
                try:
                    await asyncio.to_thread(_staff_name, center, websocket)
                except auth.AuthError as exc:
                    await websocket.close(code=4401 if exc.status == 401 else 4403, reason=exc.code)
                    return
                await websocket.send_text(PING)
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        feed.unlisten(listener)
        if received is not None:
            received.cancel()
