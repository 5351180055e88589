"""The calls' work that no request starts: ringing calls that rang out become missed, and a
call whose side dropped and did not come back ends (reason ``network``).

Both write through server.calls in a transaction of their own and hand what changed to the
process's push hub (the kiosk's ``call.ended`` update) and call hub (the rooms and family
sockets), as the routes do (:func:`publish`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from server import calls, staff
from server.models import Call

if TYPE_CHECKING:
    from server.center import Center

log = logging.getLogger(__name__)


def publish(center: Center, session: Session, changes: Iterable[calls.Change]) -> None:
    """After the commit: wake the kiosks of the updates queued in ``session`` and tell the
    call hub of ``changes``."""
    center.hub.committed(staff.queued_updates(session))
    center.calls.changed(changes)


def ring_out(center: Center, now: float | None = None) -> list[calls.Change]:
    """Calls that rang the ring time without an answer become missed."""
    now = time.time() if now is None else now
    ring_s = center.settings.call_ring_s
    with center.readers() as session:
        due = session.scalar(
            select(Call.id).where(Call.state == "ringing", Call.created_at <= now - ring_s).limit(1)
        )
    if due is None:
        return []
    with center.sessions() as session:
        changes = calls.ring_out(session, now, ring_s)
        session.commit()
        publish(center, session, changes)
    return changes


async def ring_out_every_interval(center: Center) -> None:
    while True:
        await asyncio.sleep(center.settings.call_check_interval_s)
        try:
            await asyncio.to_thread(ring_out, center)
        except Exception:
            log.warning("could not look for calls that rang out", exc_info=True)


def end_dropped(center: Center, call_id: str, side: str) -> None:
    """``side`` of the call left its socket and did not come back in time."""
    with center.sessions() as session:
        try:
            change = calls.end(session, call_id, None, side=side, reason="network")  # type: ignore[arg-type]
        except calls.CallError:
            return  # it ended meanwhile
        session.commit()
        publish(center, session, [change])


async def end_dropped_async(center: Center, call_id: str, side: str) -> None:
    await asyncio.to_thread(end_dropped, center, call_id, side)
