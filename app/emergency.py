"""SOS emergencies and requests for staff help, saved at once and sent ahead of everything."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from app import outbox
from app.clock import iso, utc_now
from app.people import Resident
from app.store import Store


@dataclass(frozen=True)
class SosEvent:
    id: str
    resident_id: int | None
    created_at: datetime


def raise_sos(
    store: Store,
    resident: Resident | None,
    *,
    device_location: str = "",
    now: datetime | None = None,
) -> SosEvent:
    """Save an emergency with its top-priority outbox event; the caller then shows help numbers."""
    now = now or utc_now()
    stamp = iso(now)
    event = SosEvent(str(uuid.uuid4()), resident.id if resident else None, now)
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO sos_events (id, resident_id, status, created_at, updated_at)"
            " VALUES (?, ?, 'waiting', ?, ?)",
            (event.id, event.resident_id, stamp, stamp),
        )
        outbox.enqueue(
            conn,
            "sos.raise",
            {
                "sos_id": event.id,
                "resident_card": resident.card_number if resident else None,
                "location": device_location,
                "raised_at": stamp,
            },
            priority=outbox.PRIORITY_SOS,
            now=now.timestamp(),
        )
    return event


def request_staff_help(
    store: Store, reason: str, *, device_location: str = "", now: datetime | None = None
) -> str:
    """Ask the center's staff to come to this kiosk (for example: a card was not recognised)."""
    now = now or utc_now()
    stamp = iso(now)
    request_id = str(uuid.uuid4())
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO help_requests (id, reason, created_at) VALUES (?, ?, ?)",
            (request_id, reason, stamp),
        )
        outbox.enqueue(
            conn,
            "help.request",
            {
                "request_id": request_id,
                "reason": reason,
                "location": device_location,
                "requested_at": stamp,
            },
            priority=outbox.PRIORITY_HELP,
            now=now.timestamp(),
        )
    return request_id
