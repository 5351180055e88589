"""What staff do with orders; every change is recorded with who and when, and sent back to
the kiosk that placed the order. (Emergencies: server.sos.)"""

from __future__ import annotations

import json
import time

from sqlalchemy import and_, func, or_, select, text
from sqlalchemy.orm import Session

from server import records
from server.ingest import _now_iso
from server.models import Order, OrderHistory, Staff, Update
from sync.protocol import HistoryEntry, StaffOrder, StaffOrderAction

# Which action moves an order from which states to which state.
TRANSITIONS = {
    "accept": (("sent",), "accepted"),
    "assign": (("sent", "accepted"), "accepted"),
    "on_the_way": (("sent", "accepted"), "on_the_way"),
    "done": (("accepted", "on_the_way"), "done"),
    "cancel": (("sent", "accepted", "on_the_way"), "cancelled"),
}


QUEUED = "queued_updates"  # key in Session.info


class StaffError(Exception):
    def __init__(self, code: str, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def serialize_updates(session: Session) -> None:
    """On PostgreSQL, let one transaction at a time add updates, so their numbers commit in
    order and a kiosk's cursor never moves past one that commits later."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(7301)"))


def queue_update(
    session: Session, device_id: str | None, kind: str, payload: dict, now: float
) -> Update:
    """Add an update for one device (or every device, for None), numbered in commit order.
    The payload is stored sealed (server.models.Update), with the card it names beside it."""
    serialize_updates(session)
    update = Update(
        device_id=device_id,
        kind=kind,
        created_at=now,
        resident_card=records.card_named(payload),
        payload=json.dumps(payload, ensure_ascii=False),
    )
    session.add(update)
    session.info.setdefault(QUEUED, []).append(update)
    return update


def queued_updates(session: Session) -> list[tuple[int, str | None]]:
    """(seq, device id) of the updates queued in this session since the last call, for
    ``PushHub.committed`` once they are committed."""
    return [(u.seq, u.device_id) for u in session.info.pop(QUEUED, [])]


def order_view(order: Order) -> StaffOrder:
    return StaffOrder(
        order_id=order.id,
        device_id=order.device_id,
        resident_card=order.resident_card,
        service_id=order.service_id,
        choices=json.loads(order.choices),
        quantity=order.quantity,
        price_fen=order.price_fen,
        status=order.status,
        worker=order.worker,
        created_at=order.created_at,
        updated_at=order.updated_at,
        received_at=order.received_at,
        subsidy_tier=order.subsidy_tier,
    )


CURSOR_PATTERN = r"^[0-9]+(\.[0-9]+)?(e[+-]?[0-9]+)?_[0-9a-fA-F-]{1,36}$"


def list_orders(
    session: Session, state: str | None, limit: int, cursor: str | None = None
) -> tuple[list[StaffOrder], str | None]:
    """A page of orders, newest first by the center's receive time (then by id, so orders
    received at the same moment keep one order), and the cursor of the next page (None
    after the last). A kiosk's clock plays no part: an order dated 1970 or "x" sorts by
    when it arrived. Orders of releases that kept no receive time come last."""
    received = func.coalesce(Order.received_at, 0.0)
    query = select(Order).order_by(received.desc(), Order.id.desc()).limit(limit + 1)
    if state:
        query = query.where(Order.status == state)
    if cursor:
        moment_text, _, after_id = cursor.partition("_")
        moment = float(moment_text)
        query = query.where(or_(received < moment, and_(received == moment, Order.id < after_id)))
    rows = list(session.scalars(query))
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = f"{rows[-1].received_at or 0.0!r}_{rows[-1].id}" if more and rows else None
    return [order_view(o) for o in rows], next_cursor


def order_history(session: Session, order_id: str) -> list[HistoryEntry]:
    if session.get(Order, order_id) is None:
        raise StaffError("not_found", f"No order {order_id}.", 404)
    rows = session.scalars(
        select(OrderHistory).where(OrderHistory.order_id == order_id).order_by(OrderHistory.id)
    )
    return [HistoryEntry(status=r.status, actor=r.actor, at=r.at, note=r.note) for r in rows]


def act_on_order(
    session: Session,
    staff: Staff,
    order_id: str,
    action: StaffOrderAction,
    *,
    now: float | None = None,
) -> StaffOrder:
    now = time.time() if now is None else now
    order = session.get(Order, order_id, with_for_update=True)
    if order is None:
        raise StaffError("not_found", f"No order {order_id}.", 404)
    allowed_from, target = TRANSITIONS[action.action]
    if order.status not in allowed_from:
        raise StaffError(
            "wrong_state", f"An order that is {order.status} cannot be given '{action.action}'."
        )
    if action.action == "assign":
        if not action.worker:
            raise StaffError("worker_needed", "Say who the order is assigned to.", 422)
        order.worker = action.worker
    if action.action == "cancel" and not action.reason:
        raise StaffError("reason_needed", "Give the resident a reason for the cancellation.", 422)
    stamp = _now_iso(now)
    order.status = target
    order.updated_at = stamp
    note = action.reason or (f"worker: {action.worker}" if action.worker else None)
    session.add(
        OrderHistory(
            order_id=order.id, status=target, actor=f"staff:{staff.name}", at=stamp, note=note
        )
    )
    queue_update(
        session,
        order.device_id,
        "order.status",
        {
            "order_id": order.id,
            "status": target,
            "worker": order.worker,
            "reason": action.reason,
            "at": stamp,
        },
        now,
    )
    session.commit()
    return order_view(order)
