"""What the center answered, written back into the kiosk's own records.

The sync worker calls :func:`record_results` with the per-event answers of one batch; the
outbox rows and the domain rows they stand for change together, in one transaction, so a crash
in between can neither lose an answer nor count it twice. :func:`apply_updates` does the same
for status changes coming back from the center, with the cursor they advance.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app import outbox
from app.calls import (
    BadPayload,
    CallOver,
    CheckinDue,
    IncomingCall,
    parse_checkin,
    parse_ended,
    parse_ringing,
)
from app.clock import iso, utc_now
from app.emergency import ack_within
from app.orders import OrderStatus, apply_status_in
from app.people import upsert_from_center_in
from app.privacy.consent import apply_from_center_in
from app.privacy.erasure import erase_resident_in
from app.store import Store
from app.vitals.center import acknowledge_in, replace_targets_in

log = logging.getLogger(__name__)
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
    readings_acked: dict[str, str] = field(default_factory=dict)  # reading id -> who
    # Readings the center has stored (their reading.record event applied): from now on an
    # alerting reading's screen may say the staff have been told.
    readings_sent: list[str] = field(default_factory=list)
    targets_changed: list[str] = field(default_factory=list)  # residents' cards
    residents_changed: list[str] = field(default_factory=list)  # cards the center changed
    # Cards whose consent answers another kiosk recorded (a consent screen may be showing).
    consent_changed: list[str] = field(default_factory=list)
    orders_refused: dict[str, str] = field(default_factory=dict)  # order id -> reason code
    # Lessons the center published (id -> newest version), noted to fetch outside the
    # transaction; and those then written into this kiosk's lessons folder.
    lessons_published: dict[str, int] = field(default_factory=dict)
    lessons_installed: list[str] = field(default_factory=list)
    # Video calls announced by the center, for the call feature (nothing is stored: a call
    # rings now or not at all).
    calls_ringing: list[IncomingCall] = field(default_factory=list)
    calls_ended: list[CallOver] = field(default_factory=list)
    checkins: list[CheckinDue] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(
            self.orders
            or self.sos
            or self.messages
            or self.catalog_changed
            or self.rejected
            or self.readings_acked
            or self.readings_sent
            or self.targets_changed
            or self.residents_changed
            or self.consent_changed
            or self.lessons_published
            or self.lessons_installed
            or self.calls_ringing
            or self.calls_ended
            or self.checkins
        )


@dataclass
class _Writing:
    """One transaction applying answers or updates, and what it changed so far."""

    conn: sqlite3.Connection
    changes: Changes
    stamp: str  # now, for the domain rows
    now: float  # now, for the outbox


# -- answers to events ------------------------------------------------------------------------


def _order_sent(w: _Writing, payload: dict[str, Any], answer: EventAnswer) -> None:
    if _set_order(w.conn, payload["order_id"], OrderStatus.SENT, "waiting", w.stamp):
        w.changes.orders[payload["order_id"]] = OrderStatus.SENT.value


def _sos_sent(w: _Writing, payload: dict[str, Any], answer: EventAnswer) -> None:
    """The center stored the call: from now on the kiosk may say so, and it counts the time
    the center gives its staff to answer (from its answer) from here."""
    cursor = w.conn.execute(
        "UPDATE sos_events SET status = CASE WHEN status = 'waiting' THEN 'sent' ELSE status END,"
        " received_at = ?, ack_within_s = ?, updated_at = ? WHERE id = ? AND received_at IS NULL",
        (w.stamp, ack_within(answer.result), w.stamp, payload["sos_id"]),
    )
    if cursor.rowcount:
        w.changes.sos[payload["sos_id"]] = "sent"


def _sos_withdrawn(w: _Writing, payload: dict[str, Any], answer: EventAnswer) -> None:
    cursor = w.conn.execute(
        "UPDATE sos_events SET withdraw_received_at = ?, updated_at = ?"
        " WHERE id = ? AND withdraw_received_at IS NULL",
        (w.stamp, w.stamp, payload["sos_id"]),
    )
    if cursor.rowcount:
        w.changes.sos[payload["sos_id"]] = "withdraw_received"


def _cancel_refused(w: _Writing, payload: dict[str, Any], answer: EventAnswer) -> bool:
    """An order staff had already sent someone for: not an error. The center has the event
    and answered it; show the order as it really is."""
    if "not_cancellable" not in (answer.error or ""):
        return False
    outbox.ack(w.conn, [answer.event_id], now=w.now)
    state = (answer.error or "").rsplit(" ", 1)[-1]
    known = {s.value for s in OrderStatus}
    status = OrderStatus(state) if state in known else OrderStatus.ON_THE_WAY
    w.conn.execute(
        "UPDATE orders SET status = ?, updated_at = ? WHERE id = ?",
        (status.value, w.stamp, payload["order_id"]),
    )
    w.conn.execute(
        "INSERT INTO order_history (order_id, status, at, by_whom) VALUES (?, ?, ?, 'center')",
        (payload["order_id"], status.value, w.stamp),
    )
    w.changes.orders[payload["order_id"]] = status.value
    return True


ORDER_REFUSALS = (
    "unknown_service",
    "unknown_choice",
    "unknown_card",
    "inactive_card",
    "past_cutoff",
    "not_offered_today",
)


def _order_refused(w: _Writing, payload: dict[str, Any], answer: EventAnswer) -> bool:
    """The center would not take the order (sync.protocol.ORDER_REFUSALS): it is cancelled
    here with the center's reason, which the screens word for the resident. An error without
    a known reason is a failure as before."""
    code = (answer.error or "").split(":", 1)[0].strip()
    if code not in ORDER_REFUSALS:
        return False
    outbox.ack(w.conn, [answer.event_id], now=w.now)
    order_id = str(payload.get("order_id"))
    cursor = w.conn.execute(
        "UPDATE orders SET status = 'cancelled', refusal = ?, updated_at = ?"
        " WHERE id = ? AND status = 'waiting'",
        (code, w.stamp, order_id),
    )
    if cursor.rowcount:
        w.conn.execute(
            "INSERT INTO order_history (order_id, status, at, by_whom)"
            " VALUES (?, 'cancelled', ?, 'center')",
            (order_id, w.stamp),
        )
        w.changes.orders[order_id] = OrderStatus.CANCELLED.value
        w.changes.orders_refused[order_id] = code
    return True


def _reading_sent(w: _Writing, payload: dict[str, Any], answer: EventAnswer) -> None:
    reading_id = payload.get("reading_id")
    if reading_id:  # a queued payload without one (an older kiosk's) has nothing to tell
        w.changes.readings_sent.append(str(reading_id))


# What an applied event changes here besides its outbox row; other kinds need nothing more.
ON_APPLIED: dict[str, Callable[[_Writing, dict[str, Any], EventAnswer], None]] = {
    "order.create": _order_sent,
    "sos.raise": _sos_sent,
    "sos.withdraw": _sos_withdrawn,
    "reading.record": _reading_sent,
}
# Refusals that are not failures; each says whether it took the answer (else: failed).
ON_REFUSED: dict[str, Callable[[_Writing, dict[str, Any], EventAnswer], bool]] = {
    "order.cancel": _cancel_refused,
    "order.create": _order_refused,
}


def record_results(
    store: Store, answers: list[EventAnswer], *, now: float | None = None
) -> Changes:
    now = time.time() if now is None else now
    changes = Changes()
    with store.transaction() as conn:
        w = _Writing(conn, changes, iso(utc_now()), now)
        kinds = _kinds(conn, [a.event_id for a in answers])
        applied = [a for a in answers if a.applied and a.event_id in kinds]
        outbox.ack(conn, [a.event_id for a in applied], now=now)
        for answer in applied:
            kind, payload = kinds[answer.event_id]
            on_applied = ON_APPLIED.get(kind)
            if on_applied is not None:
                on_applied(w, payload, answer)
        for answer in answers:
            if answer.applied or answer.event_id not in kinds:
                continue
            kind, payload = kinds[answer.event_id]
            on_refused = ON_REFUSED.get(kind)
            if on_refused is not None and on_refused(w, payload, answer):
                continue
            # Kept for staff to inspect; it will not be sent again.
            conn.execute(
                "UPDATE outbox SET state = 'failed', claimed_until = NULL, last_error = ?,"
                " attempts = attempts + 1 WHERE event_id = ? AND state != 'sent'",
                ((answer.error or "rejected")[:2000], answer.event_id),
            )
            changes.rejected.append(answer.event_id)
    return changes


# -- updates from the center ------------------------------------------------------------------


def _order_status(w: _Writing, payload: dict[str, Any]) -> None:
    try:
        status = OrderStatus(str(payload.get("status")))
    except ValueError:
        log.info("ignored an order state this kiosk does not know: %r", payload.get("status"))
        return
    order = apply_status_in(
        w.conn, str(payload.get("order_id")), status, by="center", worker=payload.get("worker")
    )
    if order is not None and order.status == status:
        w.changes.orders[order.id] = status.value


SOS_ACTIONS = ("on_the_way", "phoning", "coming_to_kiosk")
SOS_STEPS = ("waiting", "all_staff", "contacts")


def _short_text(value: Any, limit: int = 100) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())[:limit]
    return text or None


def _sos_status(w: _Writing, payload: dict[str, Any]) -> None:
    """A person took the call (who, doing what), or the center escalated it (how far). A
    value this kiosk does not know is left out, never shown as something else."""
    sos_id, status = str(payload.get("sos_id")), payload.get("status")
    if status == "acknowledged":
        action = payload.get("action")
        cursor = w.conn.execute(
            "UPDATE sos_events SET status = 'acknowledged', acknowledged_by = ?, action = ?,"
            " updated_at = ? WHERE id = ?",
            (
                _short_text(payload.get("by")) or "",
                action if action in SOS_ACTIONS else None,
                w.stamp,
                sos_id,
            ),
        )
    elif status == "escalated" and payload.get("step") in SOS_STEPS:
        cursor = w.conn.execute(
            "UPDATE sos_events SET step = ?, updated_at = ? WHERE id = ?",
            (payload["step"], w.stamp, sos_id),
        )
    else:
        log.info("ignored an emergency state this kiosk does not know: %r", status)
        return
    if cursor.rowcount:
        w.changes.sos[sos_id] = str(status)


def _message(w: _Writing, payload: dict[str, Any]) -> None:
    text = str(payload.get("text") or "")[:500]
    if not text:
        return
    card = payload.get("resident_card")
    w.conn.execute(
        "INSERT INTO messages (text, resident_card, sender, received_at) VALUES (?, ?, ?, ?)",
        (text, str(card) if card else None, str(payload.get("from") or "")[:100], w.stamp),
    )
    w.changes.messages.append({"text": text, "resident_card": card})


def _catalog_changed(w: _Writing, payload: dict[str, Any]) -> None:
    w.changes.catalog_changed = True  # the listener fetches it, outside this transaction


LESSON_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
LESSONS_PENDING_KEY = "lessons_pending"


def _lesson_published(w: _Writing, payload: dict[str, Any]) -> None:
    """Note the lesson to fetch (kept with the cursor, so a crash before the fetch loses
    nothing: the listener fetches what is noted, then clears it)."""
    lesson_id, version = payload.get("lesson_id"), payload.get("version")
    if not isinstance(lesson_id, str) or not LESSON_ID.match(lesson_id):
        log.warning("skipped a lesson.published update naming no lesson: %r", lesson_id)
        return
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        log.warning("skipped a lesson.published update without a version: %r", version)
        return
    pending = _pending_in(w.conn)
    pending[lesson_id] = max(version, pending.get(lesson_id, 0))
    _set(w.conn, LESSONS_PENDING_KEY, json.dumps(pending, sort_keys=True))
    w.changes.lessons_published[lesson_id] = pending[lesson_id]


def _pending_in(conn: sqlite3.Connection) -> dict[str, int]:
    try:
        found = json.loads(_get(conn, LESSONS_PENDING_KEY) or "{}")
    except ValueError:
        log.warning("the list of lessons to fetch was unreadable; it starts again")
        return {}
    if not isinstance(found, dict):
        return {}
    return {
        k: v
        for k, v in found.items()
        if isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool)
    }


def pending_lessons(store: Store) -> dict[str, int]:
    """The published lessons noted but not yet fetched: id -> the newest version announced."""
    with store.reading() as conn:
        return _pending_in(conn)


def lessons_fetched(store: Store, done: dict[str, int]) -> None:
    """Forget the lessons fetched (or given up on): each up to the version given, so one
    announced again meanwhile stays noted."""
    with store.transaction() as conn:
        pending = _pending_in(conn)
        for lesson_id, version in done.items():
            if pending.get(lesson_id, 0) <= version:
                pending.pop(lesson_id, None)
        _set(conn, LESSONS_PENDING_KEY, json.dumps(pending, sort_keys=True))


def _reading_ack(w: _Writing, payload: dict[str, Any]) -> None:
    acked = acknowledge_in(w.conn, payload, w.stamp)
    if acked is not None:
        w.changes.readings_acked[acked[0]] = acked[1]


def _resident(w: _Writing, payload: dict[str, Any]) -> None:
    card = upsert_from_center_in(w.conn, payload)
    if card is not None:
        w.changes.residents_changed.append(card)


def _resident_erase(w: _Writing, payload: dict[str, Any]) -> None:
    """The center erased the resident on request: so does this kiosk (app.privacy.erasure)."""
    erased = erase_resident_in(w.conn, payload.get("resident_card"))
    if erased is not None:
        w.changes.residents_changed.append(erased.card)


def _resident_consent(w: _Writing, payload: dict[str, Any]) -> None:
    """An answer the resident gave at another kiosk (or this one, coming back): kept here,
    not sent to the center again (app.privacy.consent)."""
    kept = apply_from_center_in(w.conn, payload)
    if kept is not None:
        w.changes.consent_changed.append(str(payload["resident_card"]))


def _resident_targets(w: _Writing, payload: dict[str, Any]) -> None:
    card = replace_targets_in(w.conn, payload, w.stamp)
    if card is not None:
        w.changes.targets_changed.append(card)


def _call_update(kind: str, parse: Callable[[dict[str, Any]], Any], found: str) -> Any:
    """A handler putting the parsed payload of a call update in ``Changes.<found>``; one the
    kiosk cannot read is logged and skipped."""

    def handle(w: _Writing, payload: dict[str, Any]) -> None:
        try:
            parsed = parse(payload)
        except BadPayload as exc:
            log.warning("skipped a %s update that does not follow the protocol: %s", kind, exc)
            return
        getattr(w.changes, found).append(parsed)

    return handle


# Each kind of update (sync.protocol.Update) and what it changes here.
ON_UPDATE: dict[str, Callable[[_Writing, dict[str, Any]], None]] = {
    "order.status": _order_status,
    "sos.status": _sos_status,
    "message": _message,
    "catalog.changed": _catalog_changed,
    "reading.ack": _reading_ack,
    "resident.targets": _resident_targets,
    "resident": _resident,
    "resident.erase": _resident_erase,
    "resident.consent": _resident_consent,
    "lesson.published": _lesson_published,
    "call.ringing": _call_update("call.ringing", parse_ringing, "calls_ringing"),
    "call.ended": _call_update("call.ended", parse_ended, "calls_ended"),
    "call.checkin": _call_update("call.checkin", parse_checkin, "checkins"),
}


def apply_updates(store: Store, updates: list[dict[str, Any]], cursor: int) -> Changes:
    """Apply the center's updates (as in ``sync.protocol.Update``) and move the cursor.

    An update of a kind this kiosk does not know (a newer center), or one whose payload is
    not an object, is logged and skipped: the rest still apply and the cursor moves on."""
    changes = Changes()
    with store.transaction() as conn:
        current = _get(conn, CURSOR_KEY)
        if current is not None and int(current) >= cursor and updates:
            return changes  # already applied (a repeated page)
        w = _Writing(conn, changes, iso(utc_now()), time.time())
        for update in updates:
            kind, payload = update.get("kind"), update.get("payload") or {}
            handler = ON_UPDATE.get(str(kind))
            if handler is None:
                log.warning(
                    "skipped an update of unknown kind %r (seq %s)", kind, update.get("seq")
                )
            elif not isinstance(payload, dict):
                log.warning("skipped a %s update whose payload is not an object", kind)
            else:
                handler(w, payload)
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
