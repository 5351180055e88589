"""Applying kiosks' outbox events exactly once.

Each event is stored under the permanent key (device, event id) together with the answer it
got; a repeat, in the same batch or years later, gets that first answer back. A malformed or
unknown event is answered "rejected" with a reason and does not hold up the rest of the batch.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.models import Device, HelpRequest, IngestedEvent, Order, OrderHistory, Record, SosEvent
from sync.protocol import Event, EventBatch, EventResult

CANCELLABLE = ("waiting", "sent", "accepted")
Card = Field(default=None, pattern=r"^[0-9]{4,20}$")


class Rejected(Exception):
    """The event is well-formed JSON but cannot be applied; the reason goes back to the kiosk."""


class _Payload(BaseModel):
    model_config = ConfigDict(extra="ignore")


class OrderCreate(_Payload):
    order_id: uuid.UUID
    resident_card: str | None = Card
    service_id: str = Field(min_length=1, max_length=64)
    choices: dict[str, str] = Field(max_length=10)
    quantity: int = Field(ge=1, le=99)
    price_fen: int = Field(ge=0, le=10_000_000)
    subsidy_tier: Literal["free", "subsidised", "full"]
    created_at: str = Field(max_length=40)


class OrderCancel(_Payload):
    order_id: uuid.UUID
    cancelled_at: str = Field(max_length=40)


class SosRaise(_Payload):
    sos_id: uuid.UUID
    resident_card: str | None = Card
    location: str = Field(default="", max_length=200)
    raised_at: str = Field(max_length=40)


class HelpRequestPayload(_Payload):
    request_id: uuid.UUID
    reason: str = Field(max_length=200)
    location: str = Field(default="", max_length=200)
    requested_at: str = Field(max_length=40)


def _now_iso(now: float) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(now, UTC).isoformat(timespec="milliseconds")


def _order_create(session: Session, device: Device, event: Event, now: float) -> dict[str, Any]:
    p = OrderCreate.model_validate(event.payload)
    order_id = str(p.order_id)
    if session.get(Order, order_id) is not None:
        raise Rejected(f"order {order_id} already exists")
    stamp = _now_iso(now)
    session.add(
        Order(
            id=order_id,
            device_id=device.id,
            resident_card=p.resident_card,
            service_id=p.service_id,
            choices=json.dumps(p.choices, ensure_ascii=False),
            quantity=p.quantity,
            price_fen=p.price_fen,
            status="sent",
            worker=None,
            created_at=p.created_at,
            updated_at=stamp,
        )
    )
    session.add(
        OrderHistory(order_id=order_id, status="sent", actor=f"device:{device.name}", at=stamp)
    )
    return {"order_id": order_id, "status": "sent"}


def _order_cancel(session: Session, device: Device, event: Event, now: float) -> dict[str, Any]:
    p = OrderCancel.model_validate(event.payload)
    order = session.get(Order, str(p.order_id), with_for_update=True)
    if order is None or order.device_id != device.id:
        raise Rejected(f"order {p.order_id} is not known for this device")
    if order.status == "cancelled":
        return {"order_id": order.id, "status": "cancelled"}
    if order.status not in CANCELLABLE:
        raise Rejected(f"not_cancellable: order is {order.status}")
    stamp = _now_iso(now)
    order.status = "cancelled"
    order.updated_at = stamp
    session.add(
        OrderHistory(
            order_id=order.id, status="cancelled", actor=f"resident via {device.name}", at=stamp
        )
    )
    return {"order_id": order.id, "status": "cancelled"}


def _sos_raise(session: Session, device: Device, event: Event, now: float) -> dict[str, Any]:
    p = SosRaise.model_validate(event.payload)
    sos_id = str(p.sos_id)
    if session.get(SosEvent, sos_id) is None:
        session.add(
            SosEvent(
                id=sos_id,
                device_id=device.id,
                resident_card=p.resident_card,
                location=p.location or device.name,
                raised_at=p.raised_at,
            )
        )
    return {"sos_id": sos_id}


def _help_request(session: Session, device: Device, event: Event, now: float) -> dict[str, Any]:
    p = HelpRequestPayload.model_validate(event.payload)
    request_id = str(p.request_id)
    if session.get(HelpRequest, request_id) is None:
        session.add(
            HelpRequest(
                id=request_id,
                device_id=device.id,
                reason=p.reason,
                location=p.location or device.name,
                requested_at=p.requested_at,
            )
        )
    return {"request_id": request_id}


def _record(session: Session, device: Device, event: Event, now: float) -> dict[str, Any]:
    session.add(
        Record(
            id=str(event.event_id),
            device_id=device.id,
            kind=event.kind,
            payload=json.dumps(event.payload, ensure_ascii=False),
            received_at=now,
        )
    )
    return {}


APPLY: dict[str, Callable[[Session, Device, Event, float], dict[str, Any]]] = {
    "order.create": _order_create,
    "order.cancel": _order_cancel,
    "sos.raise": _sos_raise,
    "help.request": _help_request,
    "reading.record": _record,
    "tutorial.progress": _record,
    "call.log": _record,
}


def _apply_one(session: Session, device: Device, event: Event, now: float) -> EventResult:
    if "\x00" in event.kind or "\\u0000" in json.dumps(event.payload):
        return EventResult(
            event_id=event.event_id, status="rejected", error="text with a NUL character"
        )
    handler = APPLY.get(event.kind)
    if handler is None:
        return EventResult(
            event_id=event.event_id, status="rejected", error=f"unknown event kind {event.kind!r}"
        )
    try:
        # Every handler checks everything before it writes anything, so a rejected event has
        # nothing to undo and needs no savepoint (which cost more than the work itself).
        result = handler(session, device, event, now)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors()[:5]
        )
        return EventResult(
            event_id=event.event_id, status="rejected", error=f"bad payload: {problems}"
        )
    except Rejected as exc:
        return EventResult(event_id=event.event_id, status="rejected", error=str(exc))
    return EventResult(event_id=event.event_id, status="applied", result=result)


def ingest(session: Session, device: Device, batch: EventBatch, *, now: float | None = None):
    """Apply a batch; return one result per event, in order. Commits the session."""
    for attempt in range(3):
        try:
            results = _ingest_once(session, device, batch, time.time() if now is None else now)
            session.commit()
            return results
        except IntegrityError:
            # The same event arrived twice at once (a retried request overtaking the first):
            # the other request won; go again and answer with what it stored.
            session.rollback()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _ingest_once(session: Session, device: Device, batch: EventBatch, now: float):
    ids = [str(e.event_id) for e in batch.events]
    stored = {
        row.event_id: row
        for row in session.scalars(
            select(IngestedEvent).where(
                IngestedEvent.device_id == device.id, IngestedEvent.event_id.in_(ids)
            )
        )
    }
    answers: dict[str, EventResult] = {
        eid: EventResult.model_validate_json(row.answer) for eid, row in stored.items()
    }
    results: list[EventResult] = []
    for event in batch.events:
        eid = str(event.event_id)
        if eid in answers:
            results.append(answers[eid].model_copy(update={"duplicate": True}))
            continue
        answer = _apply_one(session, device, event, now)
        session.add(
            IngestedEvent(
                device_id=device.id,
                event_id=eid,
                kind=event.kind.replace("\x00", ""),
                status=answer.status,
                answer=answer.model_dump_json(),
                received_at=now,
                payload=json.dumps(event.payload, ensure_ascii=False)[:10_000],
            )
        )
        answers[eid] = answer
        results.append(answer)
    device.last_seen_at = now
    session.flush()
    return results
