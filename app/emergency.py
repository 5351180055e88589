"""SOS emergencies and requests for staff help, saved at once and sent ahead of everything.

What the kiosk says about a call follows only what the center has answered (:func:`phase`):

* ``calling``: saved here and being sent; nothing has come back yet;
* ``not_received``: the center has not stored it ``RECEIVE_WITHIN_S`` after the call went out
  (the kiosk keeps trying, and puts the phone numbers first);
* ``received``: the center stored it; nobody has taken it yet;
* ``unanswered``: stored, but no person acknowledged it within the time the center gives its
  staff (``ack_within_s``, from the center's answer); the center escalates (``step``);
* ``answered``: a person took it (``acknowledged_by``, ``action``);
* ``withdrawn``: the resident said they are fine (``withdraw_received`` once the center knew).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from app import outbox
from app.clock import iso, parse_iso, utc_now
from app.people import Resident
from app.store import Store

RECEIVE_WITHIN_S = 15
"""After this long without the center's answer the kiosk says the call has not arrived."""
DEFAULT_ACK_WITHIN_S = 120
"""How long staff have to take a call when the center did not say (its default too)."""
RESUME_WITHIN = timedelta(hours=2)
"""A call this recent that nobody closed is shown again after the kiosk restarts."""

PHASES = ("calling", "not_received", "received", "unanswered", "answered", "withdrawn")


@dataclass(frozen=True)
class SosEvent:
    id: str
    resident_id: int | None
    created_at: datetime


@dataclass(frozen=True)
class SosCall:
    """One emergency call as far as this kiosk knows it."""

    id: str
    created_at: datetime
    resident_id: int | None = None
    received_at: datetime | None = None
    ack_within_s: int | None = None
    acknowledged_by: str | None = None
    action: str | None = None
    step: str | None = None
    withdrawn_at: datetime | None = None
    withdraw_received: bool = False
    direct: bool = False
    """Not saved here (storage failed): sent straight to the center, kept only on screen."""

    @property
    def received(self) -> bool:
        return self.received_at is not None

    def ack_deadline(self) -> datetime | None:
        if self.received_at is None:
            return None
        return self.received_at + timedelta(seconds=self.ack_within_s or DEFAULT_ACK_WITHIN_S)


def phase(call: SosCall, now: datetime) -> str:
    """What is true about the call at ``now``: one of :data:`PHASES`."""
    if call.withdrawn_at is not None:
        return "withdrawn"
    if call.acknowledged_by is not None:
        return "answered"
    if call.received_at is None:
        waited = (now - call.created_at).total_seconds()
        return "not_received" if waited >= RECEIVE_WITHIN_S else "calling"
    deadline = call.ack_deadline()
    if call.step not in (None, "waiting") or (deadline is not None and now >= deadline):
        return "unanswered"
    return "received"


def next_change(call: SosCall, now: datetime) -> float | None:
    """Seconds until :func:`phase` changes by itself (a time passing), or None."""
    current = phase(call, now)
    if current == "calling":
        moment = call.created_at + timedelta(seconds=RECEIVE_WITHIN_S)
    elif current == "received":
        moment = call.ack_deadline() or now
    else:
        return None
    return max(0.0, (moment - now).total_seconds())


def raise_payload(
    call_id: str, resident: Resident | None, device_location: str, stamp: str
) -> dict[str, Any]:
    return {
        "sos_id": call_id,
        "resident_card": resident.card_number if resident else None,
        "location": device_location,
        "raised_at": stamp,
    }


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
            raise_payload(event.id, resident, device_location, stamp),
            priority=outbox.PRIORITY_SOS,
            now=now.timestamp(),
        )
    return event


def direct_call(
    resident: Resident | None, *, device_location: str = "", now: datetime | None = None
) -> tuple[SosCall, dict[str, Any]]:
    """A call that could not be saved here: the call and the ``sos.raise`` event to send
    straight to the center (the same event each time, so a repeat is applied once)."""
    now = now or utc_now()
    call = SosCall(
        str(uuid.uuid4()), now, resident_id=resident.id if resident else None, direct=True
    )
    event = {
        "event_id": str(uuid.uuid4()),
        "kind": "sos.raise",
        "payload": raise_payload(call.id, resident, device_location, iso(now)),
        "created_at": now.timestamp(),
    }
    return call, event


def received_directly(call: SosCall, result: dict[str, Any], now: datetime) -> SosCall:
    """The center stored a call sent straight to it (its ``sos.raise`` result)."""
    return replace(call, received_at=now, ack_within_s=ack_within(result))


def ack_within(result: dict[str, Any]) -> int | None:
    """The center's time for its staff to answer, from its answer to ``sos.raise``."""
    value = result.get("ack_within_s") if isinstance(result, dict) else None
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 3600:
        return value
    return None


def _when(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return parse_iso(text)
    except ValueError:
        return None


def _call_from_row(row: Any) -> SosCall:
    return SosCall(
        id=row["id"],
        created_at=parse_iso(row["created_at"]),
        resident_id=row["resident_id"],
        received_at=_when(row["received_at"]),
        ack_within_s=row["ack_within_s"],
        acknowledged_by=row["acknowledged_by"],
        action=row["action"],
        step=row["step"],
        withdrawn_at=_when(row["withdrawn_at"]),
        withdraw_received=row["withdraw_received_at"] is not None,
    )


def load_call(store: Store, call_id: str) -> SosCall | None:
    with store.reading() as conn:
        row = conn.execute("SELECT * FROM sos_events WHERE id = ?", (call_id,)).fetchone()
    return None if row is None else _call_from_row(row)


def open_call(store: Store, *, now: datetime | None = None) -> SosCall | None:
    """The latest call not withdrawn and not yet taken by a person, raised recently: after a
    restart the kiosk shows it again rather than a calm home screen."""
    now = now or utc_now()
    with store.reading() as conn:
        row = conn.execute(
            "SELECT * FROM sos_events WHERE withdrawn_at IS NULL AND status != 'acknowledged'"
            " AND created_at >= ? ORDER BY created_at DESC LIMIT 1",
            (iso(now - RESUME_WITHIN),),
        ).fetchone()
    return None if row is None else _call_from_row(row)


def withdraw_sos(store: Store, call_id: str, *, now: datetime | None = None) -> None:
    """The resident is fine: tell the center (ahead of everything but other calls)."""
    now = now or utc_now()
    stamp = iso(now)
    with store.transaction() as conn:
        cursor = conn.execute(
            "UPDATE sos_events SET withdrawn_at = ?, updated_at = ?"
            " WHERE id = ? AND withdrawn_at IS NULL",
            (stamp, stamp, call_id),
        )
        if not cursor.rowcount:
            return
        outbox.enqueue(
            conn,
            "sos.withdraw",
            {"sos_id": call_id, "withdrawn_at": stamp, "by": "resident"},
            priority=outbox.PRIORITY_SOS,
            now=now.timestamp(),
        )


def withdraw_event(call: SosCall, *, now: datetime | None = None) -> dict[str, Any]:
    """``sos.withdraw`` for a call sent straight to the center (nothing saved here)."""
    now = now or utc_now()
    return {
        "event_id": str(uuid.uuid4()),
        "kind": "sos.withdraw",
        "payload": {"sos_id": call.id, "withdrawn_at": iso(now), "by": "resident"},
        "created_at": now.timestamp(),
    }


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
