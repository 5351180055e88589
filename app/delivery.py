"""What the center answered, written back into the kiosk's own records.

The sync worker calls :func:`record_results` with the per-event answers of one batch; the
outbox rows and the domain rows they stand for change together, in one transaction, so a crash
in between can neither lose an answer nor count it twice. :func:`apply_updates` does the same
for status changes coming back from the center, with the cursor they advance.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass, field
from typing import Any

from app import outbox
from app.clock import iso, utc_now
from app.orders import OrderStatus, apply_status_in
from app.store import Store

CURSOR_KEY = "updates_cursor"


@dataclass(frozen=True)
class EventAnswer:
    """The center's answer to one event."""

    event_id: str
    applied: bool
    error: str | None = None
    result: dict[str, Any] = field(default_factory=dict)


@dataclass
class Changes:
    """Domain rows changed by a batch of answers or updates, for the screens to refresh."""

    orders: dict[str, str] = field(default_factory=dict)  # order id -> new status
    sos: dict[str, str] = field(default_factory=dict)
    messages: list[dict[str, Any]] = field(default_factory=list)
    catalog_changed: bool = False
    catalog: Any = None  # the new app.catalog.Catalog, once fetched and checked
    rejected: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(
            self.orders or self.sos or self.messages or self.catalog_changed or self.rejected
        )


def record_results(
    store: Store, answers: list[EventAnswer], *, now: float | None = None
) -> Changes:
    now = time.time() if now is None else now
    stamp = iso(utc_now())
    changes = Changes()
    with store.transaction() as conn:
        kinds = _kinds(conn, [a.event_id for a in answers])
        applied = [a for a in answers if a.applied and a.event_id in kinds]
        outbox.ack(conn, [a.event_id for a in applied], now=now)
        for answer in applied:
            kind, payload = kinds[answer.event_id]
            if kind == "order.create":
                if _set_order(conn, payload["order_id"], OrderStatus.SENT, "waiting", stamp):
                    changes.orders[payload["order_id"]] = OrderStatus.SENT.value
            elif kind == "sos.raise":
                cursor = conn.execute(
                    "UPDATE sos_events SET status = 'sent', updated_at = ?"
                    " WHERE id = ? AND status = 'waiting'",
                    (stamp, payload["sos_id"]),
                )
                if cursor.rowcount:
                    changes.sos[payload["sos_id"]] = "sent"
        for answer in answers:
            if answer.applied or answer.event_id not in kinds:
                continue
            kind, payload = kinds[answer.event_id]
            if kind == "order.cancel" and "not_cancellable" in (answer.error or ""):
                # Not an error: staff had already sent someone. The center has the event and
                # answered it; show the order as it really is.
                outbox.ack(conn, [answer.event_id], now=now)
                state = (answer.error or "").rsplit(" ", 1)[-1]
                known = {s.value for s in OrderStatus}
                status = OrderStatus(state) if state in known else OrderStatus.ON_THE_WAY
                conn.execute(
                    "UPDATE orders SET status = ?, updated_at = ? WHERE id = ?",
                    (status.value, stamp, payload["order_id"]),
                )
                conn.execute(
                    "INSERT INTO order_history (order_id, status, at, by_whom)"
                    " VALUES (?, ?, ?, 'center')",
                    (payload["order_id"], status.value, stamp),
                )
                changes.orders[payload["order_id"]] = status.value
                continue
            # Kept for staff to inspect; it will not be sent again.
            conn.execute(
                "UPDATE outbox SET state = 'failed', claimed_until = NULL, last_error = ?,"
                " attempts = attempts + 1 WHERE event_id = ? AND state != 'sent'",
                ((answer.error or "rejected")[:2000], answer.event_id),
            )
            changes.rejected.append(answer.event_id)
    return changes


def apply_updates(store: Store, updates: list[dict[str, Any]], cursor: int) -> Changes:
    """Apply the center's updates (as in ``sync.protocol.Update``) and move the cursor."""
    changes = Changes()
    with store.transaction() as conn:
        current = _get(conn, CURSOR_KEY)
        if current is not None and int(current) >= cursor and updates:
            return changes  # already applied (a repeated page)
        for update in updates:
            kind, payload = update.get("kind"), update.get("payload") or {}
            if kind == "order.status":
                try:
                    status = OrderStatus(str(payload.get("status")))
                except ValueError:
                    continue  # a state this kiosk does not know: ignore, keep going
                order = apply_status_in(
                    conn,
                    str(payload.get("order_id")),
                    status,
                    by="center",
                    worker=payload.get("worker"),
                )
                if order is not None and order.status == status:
                    changes.orders[order.id] = status.value
            elif kind == "sos.status" and payload.get("status") == "acknowledged":
                cursor_ = conn.execute(
                    "UPDATE sos_events SET status = 'acknowledged', updated_at = ? WHERE id = ?",
                    (iso(utc_now()), str(payload.get("sos_id"))),
                )
                if cursor_.rowcount:
                    changes.sos[str(payload.get("sos_id"))] = "acknowledged"
            elif kind == "message":
                text = str(payload.get("text") or "")[:500]
                if text:
                    card = payload.get("resident_card")
                    conn.execute(
                        "INSERT INTO messages (text, resident_card, sender, received_at)"
                        " VALUES (?, ?, ?, ?)",
                        (
                            text,
                            str(card) if card else None,
                            str(payload.get("from") or "")[:100],
                            iso(utc_now()),
                        ),
                    )
                    changes.messages.append({"text": text, "resident_card": card})
            elif kind == "catalog.changed":
                changes.catalog_changed = True
        _set(conn, CURSOR_KEY, str(cursor))
    return changes


def updates_cursor(store: Store) -> int:
    with store.reading() as conn:
        value = _get(conn, CURSOR_KEY)
    return int(value) if value is not None else 0


def _kinds(conn: sqlite3.Connection, event_ids: list[str]) -> dict[str, tuple[str, dict[str, Any]]]:
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for start in range(0, len(event_ids), 500):
        chunk = event_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            f"SELECT event_id, kind, payload FROM outbox WHERE event_id IN ({marks})", chunk
        ):
            found[row["event_id"]] = (row["kind"], json.loads(row["payload"]))
    return found


def _set_order(
    conn: sqlite3.Connection, order_id: str, status: OrderStatus, only_from: str, stamp: str
) -> bool:
    cursor = conn.execute(
        "UPDATE orders SET status = ?, updated_at = ? WHERE id = ? AND status = ?",
        (status.value, stamp, order_id, only_from),
    )
    if cursor.rowcount:
        conn.execute(
            "INSERT INTO order_history (order_id, status, at, by_whom) VALUES (?, ?, ?, 'center')",
            (order_id, status.value, stamp),
        )
    return bool(cursor.rowcount)


def _get(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
    return row["value"] if row else None


def _set(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO sync_state (key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
