"""A resident's data on request: everything the center holds about one resident, exported, and
erased.

:func:`export` gathers the register entry, orders (with their history), emergencies (with
their steps), readings (with their alerts), the resident's own targets, lesson progress, call
logs, consent answers (``consent.record`` events, as kiosks sent them), staff messages for
them and the audit trail's record of who used their data.

:func:`erase` removes all of it in one transaction, or anonymises what the center must keep
counting (an order or an emergency stays, without the card), empties the copies of refused
kiosk events that name the card, deletes the updates that carried the resident to kiosks, and
queues a ``resident.erase`` update for every kiosk (sync.protocol.ResidentErase), which
deletes its own copy. The audit trail keeps its entries (it is append-only and kept at least
six months; see docs/SECURITY.md) and gains one saying who erased the card and what was
removed.
"""

from __future__ import annotations

import json
import time
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from server import audit, residents, staff, tutorials
from server.models import (
    AuditEntry,
    Base,
    IngestedEvent,
    Order,
    OrderHistory,
    Reading,
    ReadingAlert,
    ReadingAlertStep,
    Record,
    ResidentRow,
    ResidentTarget,
    SosEvent,
    SosStepRecord,
    Update,
)
from sync.protocol import (
    AuditRecord,
    ResidentErase,
    ResidentErasure,
    ResidentExport,
    ResidentTargets,
    VitalTarget,
)

ERASE_KIND = "resident.erase"
CALL_LOG = "call.log"
CONSENT = "consent.record"
# Updates that carry a resident's data to kiosks, by the card in their payload.
UPDATE_KINDS = ("resident", "resident.targets", "resident.consent", "message")


def _changed(result: Any) -> int:
    """How many rows an UPDATE or DELETE changed."""
    return int(result.rowcount)


def _row(row: Base) -> dict[str, Any]:
    """A row by column, sealed columns opened (server.models; a reading's values are its
    own keys, and ``unreadable`` says when they did not open)."""
    values = {
        column.key: getattr(row, column.key)
        for column in row.__table__.columns
        if not column.info.get("sealed_storage")
    }
    if getattr(row, "unreadable", False):
        values["unreadable"] = True
    return values


def _naming(payload: str, card: str) -> dict[str, Any] | None:
    """The JSON object ``payload`` if its ``resident_card`` (or ``card``) is ``card``."""
    try:
        data = json.loads(payload)
    except ValueError:
        return None
    if isinstance(data, dict) and card in (data.get("resident_card"), data.get("card")):
        return data
    return None


def _records(session: Session, kind: str | None, card: str) -> list[tuple[Record, dict[str, Any]]]:
    """The records (of ``kind``, or of every kind) that name ``card``: found by their plain
    card, then opened (a payload that does not open is left out; server.crypto logs it)."""
    # Rows without a card noted (an older process wrote them) are opened and looked at too.
    query = select(Record).where(or_(Record.resident_card == card, Record.resident_card.is_(None)))
    if kind is not None:
        query = query.where(Record.kind == kind)
    rows = session.scalars(query)
    return [(row, data) for row in rows if (data := _naming(row.payload or "", card)) is not None]


def _updates(session: Session, card: str) -> list[tuple[Update, dict[str, Any]]]:
    rows = session.scalars(
        select(Update).where(
            Update.kind.in_(UPDATE_KINDS),
            or_(Update.resident_card == card, Update.resident_card.is_(None)),
        )
    )
    return [(row, data) for row in rows if (data := _naming(row.payload or "", card)) is not None]


def export(session: Session, card: str, by: str, now: float | None = None) -> ResidentExport:
    """Everything the center holds about ``card`` (an empty export for a card it does not
    know: there is nothing to hand over, which is an answer too)."""
    now = time.time() if now is None else now
    row = session.get(ResidentRow, card)
    orders = []
    for order in session.scalars(
        select(Order).where(Order.resident_card == card).order_by(Order.received_at)
    ):
        history = session.scalars(
            select(OrderHistory).where(OrderHistory.order_id == order.id).order_by(OrderHistory.id)
        )
        orders.append({**_row(order), "history": [_row(h) for h in history]})
    emergencies = []
    for sos in session.scalars(
        select(SosEvent).where(SosEvent.resident_card == card).order_by(SosEvent.received_at)
    ):
        steps = session.scalars(
            select(SosStepRecord).where(SosStepRecord.sos_id == sos.id).order_by(SosStepRecord.id)
        )
        emergencies.append({**_row(sos), "steps": [_row(s) for s in steps]})
    readings = []
    for reading in session.scalars(
        select(Reading).where(Reading.resident_card == card).order_by(Reading.measured_at)
    ):
        alert = session.get(ReadingAlert, reading.reading_id)
        readings.append({**_row(reading), "alert": _row(alert) if alert else None})
    target_row = session.get(ResidentTarget, card)
    targets = None
    if target_row is not None:
        targets = ResidentTargets(
            resident_card=card,
            targets=[VitalTarget.model_validate(t) for t in json.loads(target_row.targets)],
        )
    accesses = session.scalars(
        select(AuditEntry).where(AuditEntry.target == f"resident:{card}").order_by(AuditEntry.id)
    )
    return ResidentExport(
        exported_at=now,
        exported_by=by,
        resident=residents.record_of(row) if row else None,
        orders=orders,
        sos=emergencies,
        readings=readings,
        targets=targets,
        tutorial_progress=[
            p.model_dump(mode="json") for p in tutorials.resident_progress(session, card).lessons
        ],
        call_logs=[data for _, data in _records(session, CALL_LOG, card)],
        messages=[
            {"seq": u.seq, "at": u.created_at, **data}
            for u, data in _updates(session, card)
            if u.kind == "message"
        ],
        consent=[data for _, data in _records(session, CONSENT, card)],
        accesses=[
            AuditRecord(
                id=a.id,
                at=a.at,
                actor=a.actor,
                action=a.action,
                target=a.target,
                before=json.loads(a.before) if a.before else None,
                after=json.loads(a.after) if a.after else None,
                address=a.address,
            )
            for a in accesses
        ],
    )


def erase(
    session: Session, card: str, actor: str, address: str | None, now: float | None = None
) -> ResidentErasure:
    """Erase ``card`` everywhere on the server and queue the kiosks' ``resident.erase``;
    the caller commits (all of it, or nothing)."""
    now = time.time() if now is None else now
    removed: dict[str, int] = {}
    reading_ids = list(
        session.scalars(select(Reading.reading_id).where(Reading.resident_card == card))
    )
    removed["readings"] = len(reading_ids)
    for start in range(0, len(reading_ids), 500):
        chunk = reading_ids[start : start + 500]
        session.execute(delete(ReadingAlertStep).where(ReadingAlertStep.reading_id.in_(chunk)))
        session.execute(delete(ReadingAlert).where(ReadingAlert.reading_id.in_(chunk)))
        session.execute(delete(Reading).where(Reading.reading_id.in_(chunk)))
    removed["targets"] = _changed(
        session.execute(delete(ResidentTarget).where(ResidentTarget.resident_card == card))
    )
    removed["orders_anonymised"] = _changed(
        session.execute(update(Order).where(Order.resident_card == card).values(resident_card=None))
    )
    removed["sos_anonymised"] = _changed(
        session.execute(
            update(SosEvent).where(SosEvent.resident_card == card).values(resident_card=None)
        )
    )
    records = _records(session, None, card)  # call logs, progress, consent and any other
    for record, _ in records:
        session.delete(record)
    removed["records"] = len(records)
    # The kiosks' erase is numbered before the updates that carried the resident go: SQLite
    # numbers a new row after the highest one left, so a kiosk whose cursor is at the
    # resident's own last update would never see an erase numbered after its deletion.
    erase_update = staff.queue_update(
        session,
        None,
        ERASE_KIND,
        ResidentErase(resident_card=card, erased_at=now).model_dump(mode="json"),
        now,
    )
    session.flush()
    updates = _updates(session, card)
    for carried, _ in updates:
        session.delete(carried)
    removed["updates"] = len(updates)
    events = 0
    # The copies are sealed: each kept one is opened and looked at (an erasure is rare; the
    # copies are kept 30 days).
    for event in session.scalars(select(IngestedEvent).where(IngestedEvent._payload != "")):
        if _naming(event.payload or "", card) is not None:
            event._payload = ""
            events += 1
    removed["event_copies"] = events
    row = session.get(ResidentRow, card)
    removed["register"] = 0 if row is None else 1
    if row is not None:
        session.delete(row)
    session.flush()
    audit.record(
        session, actor, "resident.erase", f"resident:{card}", None, removed, now, address=address
    )
    return ResidentErasure(
        resident_card=card, erased_at=now, removed=removed, update_seq=erase_update.seq
    )
