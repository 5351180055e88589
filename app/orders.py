"""Orders for community services: placed, cancelled and listed, always with an outbox event.

Placing an order writes the order row, its history and its outbox event in one transaction, so
once :func:`place_order` returns the order survives a power cut and will reach the center.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from app import outbox
from app.catalog import Service
from app.clock import iso, parse_iso, utc_now
from app.people import Resident
from app.store import Store


class OrderStatus(StrEnum):
    WAITING = "waiting"  # saved here, not yet received by the center
    SENT = "sent"  # the center has it
    ACCEPTED = "accepted"
    ON_THE_WAY = "on_the_way"
    DONE = "done"
    CANCELLED = "cancelled"


# The order in which states follow each other; a report never moves an order backwards.
_RANK = {
    OrderStatus.WAITING: 0,
    OrderStatus.SENT: 1,
    OrderStatus.ACCEPTED: 2,
    OrderStatus.ON_THE_WAY: 3,
    OrderStatus.DONE: 4,
    OrderStatus.CANCELLED: 4,
}

CANCELLABLE = frozenset({OrderStatus.WAITING, OrderStatus.SENT, OrderStatus.ACCEPTED})


class OrderError(ValueError):
    """An order that cannot be placed or changed; ``reason`` says why in one word."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(frozen=True)
class Order:
    id: str
    resident_id: int
    service_id: str
    choices: dict[str, str]
    quantity: int
    price_fen: int
    subsidy_tier: str
    status: OrderStatus
    created_at: datetime
    updated_at: datetime
    refusal: str | None = None
    """Why the center would not take it (app.delivery.ORDER_REFUSALS), if it refused it."""

    @property
    def cancellable(self) -> bool:
        return self.status in CANCELLABLE


def _row(row: Any) -> Order:
    return Order(
        id=row["id"],
        resident_id=row["resident_id"],
        service_id=row["service_id"],
        choices=json.loads(row["choices_json"]),
        quantity=row["quantity"],
        price_fen=row["price_fen"],
        subsidy_tier=row["subsidy_tier"],
        status=OrderStatus(row["status"]),
        created_at=parse_iso(row["created_at"]),
        updated_at=parse_iso(row["updated_at"]),
        refusal=row["refusal"],
    )


def price_for(service: Service, tier: str, quantity: int = 1) -> int:
    """What the resident pays, in fen, for ``quantity`` of ``service`` at their subsidy tier."""
    return service.price_fen[tier] * quantity


def validate_choices(service: Service, choices: dict[str, str]) -> int:
    """Check one option is picked for each of the service's questions; return the quantity."""
    quantity = 1
    for choice_list in service.choices:
        picked = choices.get(choice_list.id)
        if picked is None:
            raise OrderError("missing_choice", choice_list.id)
        if choice_list.option(picked) is None:
            raise OrderError("unknown_choice", f"{choice_list.id}={picked}")
        if choice_list.is_quantity:
            quantity = int(picked)
    extra = set(choices) - {c.id for c in service.choices}
    if extra:
        raise OrderError("unknown_choice", ", ".join(sorted(extra)))
    return quantity


def place_order(
    store: Store,
    resident: Resident,
    service: Service,
    choices: dict[str, str],
    *,
    now: datetime | None = None,
) -> Order:
    """Save the order and its outbox event together; return the saved order."""
    quantity = validate_choices(service, choices)
    now = now or utc_now()
    order = Order(
        id=str(uuid.uuid4()),
        resident_id=resident.id,
        service_id=service.id,
        choices=dict(choices),
        quantity=quantity,
        price_fen=price_for(service, resident.subsidy_tier, quantity),
        subsidy_tier=resident.subsidy_tier,
        status=OrderStatus.WAITING,
        created_at=now,
        updated_at=now,
    )
    stamp = iso(now)
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO orders (id, resident_id, service_id, choices_json, quantity, price_fen,"
            " subsidy_tier, status, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                order.id,
                order.resident_id,
                order.service_id,
                json.dumps(order.choices, ensure_ascii=False),
                order.quantity,
                order.price_fen,
                order.subsidy_tier,
                order.status.value,
                stamp,
                stamp,
            ),
        )
        _history(conn, order.id, OrderStatus.WAITING, stamp, "resident")
        outbox.enqueue(
            conn,
            "order.create",
            {
                "order_id": order.id,
                "resident_card": resident.card_number,
                "service_id": service.id,
                "choices": order.choices,
                "quantity": quantity,
                "price_fen": order.price_fen,
                "subsidy_tier": order.subsidy_tier,
                "created_at": stamp,
            },
            now=now.timestamp(),
        )
    return order


def cancel_order(store: Store, order_id: str, *, now: datetime | None = None) -> Order:
    """Cancel an order that has not yet left for the resident; raise :class:`OrderError`."""
    now = now or utc_now()
    stamp = iso(now)
    with store.transaction() as conn:
        row = conn.execute("SELECT * FROM orders WHERE id = ?", (order_id,)).fetchone()
        if row is None:
            raise OrderError("not_found", order_id)
        order = _row(row)
        if not order.cancellable:
            raise OrderError("not_cancellable", order.status.value)
        conn.execute(
            "UPDATE orders SET status = 'cancelled', updated_at = ? WHERE id = ?",
            (stamp, order_id),
        )
        _history(conn, order_id, OrderStatus.CANCELLED, stamp, "resident")
        outbox.enqueue(
            conn,
            "order.cancel",
            {"order_id": order_id, "cancelled_at": stamp, "by": "resident"},
            now=now.timestamp(),
        )
    return _replace_status(order, OrderStatus.CANCELLED, now)


def apply_status(
    store: Store, order_id: str, status: OrderStatus, *, by: str, now: datetime | None = None
) -> Order | None:
    """Record a status the center reports. A cancelled or done order stays as it is, and a
    late report of an earlier state (say "sent" after "on the way") is ignored."""
    with store.transaction() as conn:
        return apply_status_in(conn, order_id, status, by=by, now=now)


def apply_status_in(
    conn: Any,
    order_id: str,
    status: OrderStatus,
    *,
    by: str,
    worker: str | None = None,
    now: datetime | None = None,
) -> Order | None:
    """:func:`apply_status` inside the caller's transaction."""
    now = now or utc_now()
    stamp = iso(now)
    row = conn.execute("SELECT * FROM orders WHERE id = ?", (order_id,)).fetchone()
    if row is None:
        return None
    order = _row(row)
    final = order.status in (OrderStatus.CANCELLED, OrderStatus.DONE)
    if final or _RANK[status] <= _RANK[order.status]:
        return order
    conn.execute(
        "UPDATE orders SET status = ?, updated_at = ?, worker = COALESCE(?, worker) WHERE id = ?",
        (status.value, stamp, worker, order_id),
    )
    _history(conn, order_id, status, stamp, by)
    return _replace_status(order, status, now)


def get_order(store: Store, order_id: str) -> Order | None:
    with store.reading() as conn:
        row = conn.execute("SELECT * FROM orders WHERE id = ?", (order_id,)).fetchone()
    return _row(row) if row else None


def list_orders(store: Store, resident_id: int, *, limit: int = 50) -> list[Order]:
    """The resident's orders, newest first."""
    with store.reading() as conn:
        rows = conn.execute(
            "SELECT * FROM orders WHERE resident_id = ? ORDER BY created_at DESC, rowid DESC"
            " LIMIT ?",
            (resident_id, limit),
        ).fetchall()
    return [_row(row) for row in rows]


def _history(conn: Any, order_id: str, status: OrderStatus, stamp: str, by: str) -> None:
    conn.execute(
        "INSERT INTO order_history (order_id, status, at, by_whom) VALUES (?, ?, ?, ?)",
        (order_id, status.value, stamp, by),
    )


def _replace_status(order: Order, status: OrderStatus, now: datetime) -> Order:
    from dataclasses import replace

    return replace(order, status=status, updated_at=now)
