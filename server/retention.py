"""Keeping each kind of data only as long as the center's settings say (Settings.retention).

:func:`enforce` removes, by the center's clock, readings (with their alerts), orders (with
their history), emergencies that someone acknowledged or that were withdrawn (with their
steps), staff messages to kiosks, call logs (the kiosks' and the center's records of video
calls, with their tickets) and audit entries older than their period, and empties the kept
copy of refused kiosk events (their key stays: it keeps a retried event from being applied
twice). Every process of the center runs it once a day (server.center), and
``python -m server retention --now`` runs it at once; running it twice removes nothing more.
Audit entries are never removed before six months (settings and the database both refuse).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from server.models import (
    AuditEntry,
    Call,
    CallTicket,
    IngestedEvent,
    Order,
    OrderHistory,
    Reading,
    ReadingAlert,
    ReadingAlertStep,
    Record,
    SosEvent,
    SosStepRecord,
    Update,
)
from server.settings import DAY_S, RetentionPolicy

CHUNK = 500


def _changed(result: Any) -> int:
    """How many rows an UPDATE or DELETE changed."""
    return int(result.rowcount)


def _in_chunks(session: Session, ids: list[Any], *deletions: Any) -> None:
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for column in deletions:
            session.execute(delete(column.class_).where(column.in_(chunk)))


def enforce(session: Session, policy: RetentionPolicy, now: float) -> dict[str, int]:
    """Remove what is older than ``policy`` allows at ``now``; how many of each. Commits."""
    removed: dict[str, int] = {}

    def before(days: int) -> float:
        return now - days * DAY_S

    readings = list(
        session.scalars(
            select(Reading.reading_id).where(Reading.received_at < before(policy.readings_days))
        )
    )
    _in_chunks(
        session,
        readings,
        ReadingAlertStep.reading_id,
        ReadingAlert.reading_id,
        Reading.reading_id,
    )
    removed["readings"] = len(readings)

    orders = list(
        session.scalars(select(Order.id).where(Order.received_at < before(policy.orders_days)))
    )
    _in_chunks(session, orders, OrderHistory.order_id, Order.id)
    removed["orders"] = len(orders)

    closed = or_(SosEvent.acknowledged_at.is_not(None), SosEvent.withdrawn_at.is_not(None))
    emergencies = list(
        session.scalars(
            select(SosEvent.id).where(SosEvent.received_at < before(policy.sos_days), closed)
        )
    )
    _in_chunks(session, emergencies, SosStepRecord.sos_id, SosEvent.id)
    removed["sos"] = len(emergencies)

    removed["messages"] = _changed(
        session.execute(
            delete(Update).where(
                Update.kind == "message",
                Update.created_at < before(policy.messages_days),
                # Never the newest update: SQLite would give its number to the next one, which
                # kiosks whose cursor is already there would never fetch.
                Update.seq < select(func.max(Update.seq)).scalar_subquery(),
            )
        )
    )
    removed["call_logs"] = _changed(
        session.execute(
            delete(Record).where(
                Record.kind == "call.log", Record.received_at < before(policy.call_logs_days)
            )
        )
    )
    # The center's own records of video calls (with their tickets) count as call logs too;
    # a call still ringing or in progress is never removed.
    calls = list(
        session.scalars(
            select(Call.id).where(
                Call.created_at < before(policy.call_logs_days),
                Call.state.not_in(("ringing", "accepted")),
            )
        )
    )
    _in_chunks(session, calls, CallTicket.call_id, Call.id)
    removed["call_logs"] += len(calls)
    removed["event_payloads"] = _changed(
        session.execute(
            update(IngestedEvent)
            .where(
                IngestedEvent.received_at < before(policy.event_payloads_days),
                IngestedEvent._payload != "",
            )
            .values({IngestedEvent._payload: ""})
        )
    )
    removed["audit"] = _changed(
        session.execute(delete(AuditEntry).where(AuditEntry.at < before(policy.audit_days)))
    )
    session.commit()
    return removed
