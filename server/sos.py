"""Emergencies at the center: who took them, how far they escalated, every step on record.

A kiosk's ``sos.raise`` (server.ingest) stores the emergency with step ``waiting`` and
``next_step_at`` = when it was stored + the center's acknowledgement time
(``SosPolicy.ack_within_s``). From then on:

* a member of staff acknowledges it (:func:`acknowledge`), saying what they are doing; the
  kiosk hears who and what (a ``sos.status`` update, ``sync.protocol.SosStatus``);
* or nobody does in time, and :func:`escalate_due` moves it to the next step the center
  configured (``all_staff``, then ``contacts``), one step per ``SosPolicy.step_delay_s``, and
  tells the kiosk the step reached;
* or the resident withdraws it from the kiosk (``sos.withdraw``, server.ingest).

Acknowledging or withdrawing clears ``next_step_at``, which ends the escalation. Every step is
a row of ``sos_steps`` (step, actor, at, note), and each such row is also what the staff
socket sends (server.staff_feed).

Each server process runs :func:`escalate_due` once a second (server.center). With several
processes on one database a step still happens once: the due emergencies are locked with
``FOR UPDATE SKIP LOCKED`` on PostgreSQL (SQLite has one writer), and each step is a
conditional ``UPDATE`` that matches only the row as it was read.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.ingest import _now_iso
from server.models import SosEvent, SosStepRecord, Staff
from server.settings import SosPolicy
from server.staff import StaffError, queue_update
from sync.protocol import HistoryEntry, SosAction, SosStatus, SosStep, StaffSos

log = logging.getLogger(__name__)
CENTER = "center"  # the actor of the steps nobody took
DUE_PER_ROUND = 100  # emergencies advanced per transaction; the rest in the next round


def record_step(
    session: Session, sos_id: str, step: str, actor: str, at: str, note: str | None = None
) -> None:
    session.add(SosStepRecord(sos_id=sos_id, step=step, actor=actor, at=at, note=note))


def status_update(session: Session, device_id: str, status: SosStatus, now: float) -> None:
    """Tell the kiosk that raised the emergency how it stands (a ``sos.status`` update)."""
    queue_update(session, device_id, "sos.status", status.model_dump(exclude_none=True), now)


# -- what staff see -------------------------------------------------------------------------


def sos_view(row: SosEvent) -> StaffSos:
    return StaffSos(
        sos_id=row.id,
        device_id=row.device_id,
        resident_card=row.resident_card,
        location=row.location,
        raised_at=row.raised_at,
        acknowledged_by=row.acknowledged_by,
        acknowledged_at=row.acknowledged_at,
        action=row.action,  # type: ignore[arg-type]  # written only from SosAction
        step=row.step,  # type: ignore[arg-type]  # written only from SosStep
        withdrawn_at=row.withdrawn_at,
    )


def list_sos(session: Session, open_only: bool) -> list[StaffSos]:
    """The newest 200 emergencies; ``open_only``: those no member of staff acknowledged. One
    the resident withdrew stays among them (with ``withdrawn_at``, escalating no further)
    until someone acknowledges it: staff decide whether to look in anyway."""
    query = select(SosEvent).order_by(SosEvent.raised_at.desc()).limit(200)
    if open_only:
        query = query.where(SosEvent.acknowledged_at.is_(None))
    return [sos_view(r) for r in session.scalars(query)]


def steps_of(session: Session, sos_id: str) -> list[HistoryEntry]:
    """Every step of an emergency, oldest first (``status`` is the step)."""
    if session.get(SosEvent, sos_id) is None:
        raise StaffError("not_found", f"No emergency {sos_id}.", 404)
    rows = session.scalars(
        select(SosStepRecord).where(SosStepRecord.sos_id == sos_id).order_by(SosStepRecord.id)
    )
    return [HistoryEntry(status=r.step, actor=r.actor, at=r.at, note=r.note) for r in rows]


# -- acknowledgement ------------------------------------------------------------------------


def acknowledge(
    session: Session,
    staff: Staff,
    sos_id: str,
    action: SosAction = "on_the_way",
    *,
    now: float | None = None,
) -> StaffSos:
    """``staff`` takes the emergency, doing ``action``. The first acknowledgement counts; a
    later one answers with it and changes nothing. Commits."""
    now = time.time() if now is None else now
    row = session.get(SosEvent, sos_id, with_for_update=True)
    if row is None:
        raise StaffError("not_found", f"No emergency {sos_id}.", 404)
    if row.acknowledged_at is None:
        stamp = _now_iso(now)
        row.acknowledged_by = staff.name
        row.acknowledged_at = stamp
        row.action = action
        row.next_step_at = None
        record_step(session, row.id, "acknowledged", f"staff:{staff.name}", stamp, action)
        status = SosStatus(
            sos_id=row.id, status="acknowledged", by=staff.name, action=action, at=stamp
        )
        status_update(session, row.device_id, status, now)
        session.commit()
    return sos_view(row)


# -- escalation -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Escalation:
    """An emergency moved to ``step`` at ``at``."""

    sos_id: str
    device_id: str
    step: str
    at: str
    note: str


def anything_due(session: Session, now: float) -> bool:
    """Whether some emergency is due for its next step (one look at the ``sos_due`` index)."""
    query = select(SosEvent.id).where(SosEvent.next_step_at <= now).limit(1)
    return session.execute(query).first() is not None


@dataclass(frozen=True)
class Due:
    """An emergency due for its next step, as it was read."""

    id: str
    device_id: str
    resident_card: str | None
    location: str
    step: str
    next_step_at: float


def due(session: Session, now: float, limit: int = DUE_PER_ROUND) -> list[Due]:
    """The emergencies due for their next step, earliest first, locked for this transaction
    on PostgreSQL; those another transaction holds are left to it."""
    query = (
        select(
            SosEvent.id,
            SosEvent.device_id,
            SosEvent.resident_card,
            SosEvent.location,
            SosEvent.step,
            SosEvent.next_step_at,
        )
        .where(SosEvent.next_step_at <= now)
        .order_by(SosEvent.next_step_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return [
        Due(row.id, row.device_id, row.resident_card, row.location, row.step, when)
        for row in session.execute(query)
        if (when := row.next_step_at) is not None
    ]


def advance(session: Session, row: Due, now: float, policy: SosPolicy) -> Escalation | None:
    """Move ``row`` (as read by :func:`due`) to its next step, unless someone acknowledged,
    withdrew or advanced it since it was read: then nothing, and None."""
    target = policy.after(row.step)
    following = policy.after(target) if target is not None else None
    next_at = now + policy.step_delay_s if following is not None else None
    values: dict[str, Any] = {"next_step_at": next_at}
    if target is not None:
        values["step"] = target
    changed = session.execute(
        update(SosEvent)
        .where(
            SosEvent.id == row.id,
            SosEvent.step == row.step,
            SosEvent.next_step_at == row.next_step_at,
            SosEvent.next_step_at <= now,
            SosEvent.acknowledged_at.is_(None),
            SosEvent.withdrawn_at.is_(None),
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1 or target is None:  # type: ignore[attr-defined]
        return None  # taken meanwhile; or a step this center no longer has: stop here
    stamp = _now_iso(now)
    note = _carry_out(session, row, target, policy)
    record_step(session, row.id, target, CENTER, stamp, note)
    reached = SosStatus(sos_id=row.id, status="escalated", step=cast(SosStep, target), at=stamp)
    status_update(session, row.device_id, reached, now)
    log.warning("emergency %s at %s escalated to %s: %s", row.id, row.location, target, note)
    return Escalation(row.id, row.device_id, target, stamp, note)


def escalate_due(
    session: Session, now: float | None = None, policy: SosPolicy | None = None
) -> list[Escalation]:
    """Move every emergency whose time has come to its next step, once, however many
    processes run this at the same moment. Commits; the steps taken."""
    now = time.time() if now is None else now
    policy = policy or SosPolicy()
    taken = [e for row in due(session, now) if (e := advance(session, row, now, policy))]
    session.commit()
    return taken


# -- what each step does --------------------------------------------------------------------


def _carry_out(session: Session, row: Due, step: str, policy: SosPolicy) -> str:
    """Do what ``step`` means for ``row``; a note of what was done, for the record."""
    if step == "all_staff":
        # Every staff console hears of the step on the staff socket (server.staff_feed) and
        # raises its alarm: louder, and for everyone signed in, not just whoever was looking.
        return f"nobody acknowledged it within {policy.ack_within_s} s: every staff console alerted"
    if step == "contacts":
        return alert_contacts(session, row)
    return f"no action is defined for step {step}"


def emergency_contacts(session: Session, resident_card: str | None) -> list[str]:
    """The people to alert when a resident's emergency reaches ``contacts``, as "name
    (phone)". The center keeps no contacts yet (residents and their families are the kiosk's
    for now): none. This is the place to look them up once the center has them."""
    return []


def alert_contacts(session: Session, row: Due) -> str:
    """Alert the resident's emergency contacts; a note saying whom, or why nobody."""
    if row.resident_card is None:
        return "nobody was signed in at the kiosk: no contacts to notify"
    contacts = emergency_contacts(session, row.resident_card)
    if not contacts:
        return f"no emergency contacts on file for resident {row.resident_card}: nobody notified"
    # Sending them a message (SMS, a call, the family page) comes with the family portal.
    return f"would notify {', '.join(contacts)}: no way to reach them is set up yet"
