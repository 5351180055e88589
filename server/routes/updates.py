"""The kiosks' update socket: each change for a kiosk as soon as it is committed.

A kiosk opens it with its token, sends ``{"since": cursor}`` once, and then only listens; it
falls back to polling ``/updates`` (server.routes.kiosk) while the socket cannot be opened.
A hello that is not ``sync.protocol.UpdatesHello`` (``{"since": Infinity}``, a string, a
cursor out of range) closes the socket with code 1008 and a reason saying what is wrong.

Revoking the device closes its sockets with code 4403 (reason ``device_revoked``): at once in
the process that revoked it, within a scan of the push hub (0.5 s) in every other
(``auth.DeviceCache.on_revoked``), and the kiosk's next poll is refused.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from pydantic import ValidationError

from server import auth
from server.center import updates_page
from server.routes.common import CenterDep
from sync.protocol import API_PREFIX, UpdatesHello, UpdatesPage

KEEPALIVE_S = 25.0  # an empty page this often keeps proxies from closing a quiet socket
PAGE = 200
POLICY_VIOLATION = 1008
MAX_REASON = 120  # bytes a close reason may have (WebSocket allows 123)

router = APIRouter(prefix=API_PREFIX)


@router.websocket("/updates/ws")
async def updates_ws(websocket: WebSocket, center: CenterDep) -> None:
    def check() -> auth.DeviceRef:
        with center.readers() as session:
            authorization = websocket.headers.get("authorization")
            return auth.device_for(session, authorization, center.devices)

    try:
        device = await asyncio.to_thread(check)
    except auth.AuthError as exc:
        await websocket.close(code=4401 if exc.status == 401 else 4403, reason=exc.code)
        return
    await websocket.accept()
    hub = center.hub
    wake = hub.subscribe(device.id)
    revoked = center.device_socket(device.id)
    was_revoked = asyncio.ensure_future(revoked.wait())
    was_revoked.add_done_callback(lambda _: wake.set())
    gone: asyncio.Future[Any] | None = None
    try:
        try:
            cursor = UpdatesHello.model_validate_json(await websocket.receive_text()).since
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(x) for x in first["loc"]) or "hello"
            reason = f"bad hello: {where}: {first['msg']}"
            await websocket.close(
                POLICY_VIOLATION, reason.encode()[:MAX_REASON].decode(errors="ignore")
            )
            return
        # The kiosk sends nothing after its hello; a receive that ends means it left.
        gone = asyncio.ensure_future(websocket.receive())
        gone.add_done_callback(lambda _: wake.set())
        while True:
            if gone.done():
                return
            if was_revoked.done() or center.devices.is_revoked(device.id):
                await websocket.close(code=4403, reason="device_revoked")
                return

            def read(since: int = cursor) -> UpdatesPage:
                with center.readers() as session:
                    return updates_page(session, device, since, PAGE)

            # Cleared before reading, so a change that comes in meanwhile wakes us again.
            wake.clear()
            if hub.nothing_new(device.id, cursor):
                page = UpdatesPage(cursor=cursor, updates=[])
            else:
                page = await asyncio.to_thread(read)
            if page.updates:
                await websocket.send_text(page.model_dump_json())
                cursor = page.cursor
                if page.more:
                    continue
            # Wake on a change, the kiosk leaving or the device revoked (each sets ``wake``),
            # or send an empty page after KEEPALIVE_S. No task and no asyncio.wait() per
            # wait: with 5,000 sockets in a process, their objects lived the 25 s into the
            # collector's oldest generation and brought a full collection (half a second
            # with the event loop stopped) about once a minute.
            try:
                async with asyncio.timeout(KEEPALIVE_S):
                    await wake.wait()
            except TimeoutError:
                await websocket.send_text(UpdatesPage(cursor=cursor, updates=[]).model_dump_json())
    except (WebSocketDisconnect, ValueError, TypeError, KeyError, RuntimeError):
        pass
    finally:
        hub.unsubscribe(device.id, wake)
        center.device_socket_closed(device.id, revoked)
        was_revoked.cancel()
        if gone is not None:
            gone.cancel()
