"""Applying kiosks' outbox events exactly once.

Each event is stored under the permanent key (device, event id) together with the answer it
got; a repeat, in the same batch or years later, gets that first answer back. A malformed or
unknown event is answered "rejected" with a reason and does not hold up the rest of the batch.

Every kiosk calls this all the time, so it runs hand-written SQL (``server.db.Sql``) in the
caller's transaction: one SELECT for the answers already given, the handlers' own statements,
and one INSERT per table for the batch's new rows (``ingested_events``, ``records``,
``readings``: server.readings). A resident's consent answer is a record too, and is also queued
for every kiosk in the same transaction (server.consent.tell_kiosks).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import ValidationError
from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server import crypto, readings
from server.db import Sql, pg_text
from server.pricing import Authority, Refusal
from server.records import card_named
from server.settings import DEFAULT_CATALOG, SosPolicy
from sync.protocol import (
    EVENT_PAYLOADS,
    ConsentRecord,
    Event,
    EventBatch,
    EventPayload,
    EventResult,
    HelpRequest,
    OrderCancel,
    OrderCreate,
    ReadingRecord,
    SosRaise,
    SosRaiseResult,
    SosWithdraw,
)

log = logging.getLogger(__name__)
CANCELLABLE = ("waiting", "sent", "accepted")
INGESTED_COLUMNS = (
    "device_id",
    "event_id",
    "kind",
    "status",
    "answer",
    "received_at",
    "payload",
)
RECORD_COLUMNS = ("id", "device_id", "kind", "payload", "received_at", "resident_card")
STORED_ANSWERS_PG = (
    "SELECT event_id, answer FROM ingested_events WHERE device_id = ? AND event_id = ANY(?::text[])"
)


class DeviceLike(Protocol):
    """The device a batch comes from: ``auth.DeviceRef``, or a ``models.Device`` row."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...


class Rejected(Exception):
    """The event is well-formed JSON but cannot be applied; the reason goes back to the kiosk."""


class Batch(Sql):
    """The statements of one batch, and the rows it writes together at the end."""

    def __init__(
        self,
        connection: Connection,
        sos_policy: SosPolicy | None = None,
        authority: Authority | None = None,
    ) -> None:
        super().__init__(connection)
        self.records: list[tuple[Any, ...]] = []
        self.readings: dict[str, dict[str, Any]] = {}  # reading id -> its first row
        self.payload_text = ""  # the current event's payload as JSON, made once
        # Consent answers of this batch, for every kiosk; and the updates queued for them.
        self.consents: list[ConsentRecord] = []
        self.queued: list[tuple[int, str | None]] = []
        self.sos_policy = sos_policy or SosPolicy()
        self.authority = authority or default_authority()

    @classmethod
    def collector(cls) -> Batch:
        """For working out a batch of records without a database (:func:`plan_records`):
        their handler only collects rows."""
        batch = cls.__new__(cls)
        batch.postgres = True
        batch.records = []
        batch.readings = {}
        batch.payload_text = ""
        batch.consents = []
        batch.queued = []
        batch.sos_policy = SosPolicy()
        batch.authority = default_authority()
        return batch


_DEFAULT_AUTHORITY: list[Authority] = []


def default_authority() -> Authority:
    """The authority of a center with the default settings (for callers that give none)."""
    if not _DEFAULT_AUTHORITY:
        _DEFAULT_AUTHORITY.append(Authority(DEFAULT_CATALOG))
    return _DEFAULT_AUTHORITY[0]


def _now_iso(now: float) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(now, UTC).isoformat(timespec="milliseconds")


def _history(sql: Batch, order_id: str, status: str, actor: str, at: str) -> None:
    sql.execute(
        "INSERT INTO order_history (order_id, status, actor, at) VALUES (?, ?, ?, ?)",
        (order_id, status, actor, at),
    )


def _order_create(
    sql: Batch, device: DeviceLike, event: Event, p: OrderCreate, now: float
) -> dict[str, Any]:
    """Store a new order at the center's own price and tier (server.pricing), or refuse it
    with a reason code the kiosk words for the resident. The kiosk's price is kept to
    compare; a difference is logged (a kiosk with an old catalog or register)."""
    order_id = str(p.order_id)
    try:
        priced = sql.authority.price(sql, p, now)
    except Refusal as refusal:
        raise Rejected(str(refusal)) from None
    if (priced.price_fen, priced.subsidy_tier, priced.quantity) != (
        p.price_fen,
        p.subsidy_tier,
        p.quantity,
    ):
        log.warning(
            "order %s from %s: the kiosk said %d fen (%s, x%d), the center charges %d fen"
            " (%s, x%d)",
            order_id,
            device.name,
            p.price_fen,
            p.subsidy_tier,
            p.quantity,
            priced.price_fen,
            priced.subsidy_tier,
            priced.quantity,
        )
    stamp = _now_iso(now)
    insert = (
        "INSERT INTO orders (id, device_id, resident_card, service_id, choices, quantity,"
        " price_fen, status, worker, created_at, updated_at, subsidy_tier, kiosk_price_fen,"
        " received_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 'sent', NULL, ?, ?, ?, ?, ?)"
    )
    values = (
        order_id,
        device.id,
        p.resident_card,
        p.service_id,
        json.dumps(p.choices, ensure_ascii=False),
        priced.quantity,
        priced.price_fen,
        p.created_at,
        stamp,
        priced.subsidy_tier,
        p.price_fen,
        now,
    )
    actor = f"device:{device.name}"
    if sql.postgres:
        # One statement: the order only if its id is new, and its first history entry.
        # An order that another request is adding at this moment is waited for.
        added = sql.one(
            f"WITH o AS ({insert} ON CONFLICT (id) DO NOTHING RETURNING id)"
            " INSERT INTO order_history (order_id, status, actor, at)"
            " SELECT id, 'sent', ?, ? FROM o RETURNING order_id",
            (*values, actor, stamp),
        )
        if added is None:
            raise Rejected(f"order {order_id} already exists")
    else:
        if sql.one("SELECT 1 FROM orders WHERE id = ?", (order_id,)) is not None:
            raise Rejected(f"order {order_id} already exists")
        sql.execute(insert, values)
        _history(sql, order_id, "sent", actor, stamp)
    return {
        "order_id": order_id,
        "status": "sent",
        "price_fen": priced.price_fen,
        "subsidy_tier": priced.subsidy_tier,
    }


def _order_cancel(
    sql: Batch, device: DeviceLike, event: Event, p: OrderCancel, now: float
) -> dict[str, Any]:
    lock = " FOR UPDATE" if sql.postgres else ""  # SQLite: the transaction is IMMEDIATE
    order = sql.one(
        f"SELECT id, device_id, status FROM orders WHERE id = ?{lock}", (str(p.order_id),)
    )
    if order is None or order[1] != device.id:
        raise Rejected(f"order {p.order_id} is not known for this device")
    order_id, _, status = order
    if status == "cancelled":
        return {"order_id": order_id, "status": "cancelled"}
    if status not in CANCELLABLE:
        raise Rejected(f"not_cancellable: order is {status}")
    stamp = _now_iso(now)
    sql.execute(
        "UPDATE orders SET status = 'cancelled', updated_at = ? WHERE id = ?", (stamp, order_id)
    )
    _history(sql, order_id, "cancelled", f"resident via {device.name}", stamp)
    return {"order_id": order_id, "status": "cancelled"}


def _sos_step(sql: Batch, sos_id: str, step: str, actor: str, at: str, note: str | None) -> None:
    sql.execute(
        "INSERT INTO sos_steps (sos_id, step, actor, at, note) VALUES (?, ?, ?, ?, ?)",
        (sos_id, step, actor, at, note),
    )


def _sos_raise(
    sql: Batch, device: DeviceLike, event: Event, p: SosRaise, now: float
) -> dict[str, Any]:
    """Store the emergency once; from now it escalates until someone acknowledges it
    (server.sos). The answer says how long staff have to do that."""
    sos_id = str(p.sos_id)
    policy = sql.sos_policy
    if sql.one("SELECT 1 FROM sos_events WHERE id = ?", (sos_id,)) is None:
        location = p.location or device.name
        sql.execute(
            "INSERT INTO sos_events (id, device_id, resident_card, location, raised_at, step,"
            " received_at, next_step_at) VALUES (?, ?, ?, ?, ?, 'waiting', ?, ?)",
            (sos_id, device.id, p.resident_card, location, p.raised_at, now, policy.first_due(now)),
        )
        who = f"resident {p.resident_card}" if p.resident_card else "nobody signed in"
        _sos_step(
            sql, sos_id, "raised", f"device:{device.name}", _now_iso(now), f"{who}, {location}"
        )
    return SosRaiseResult(sos_id=sos_id, ack_within_s=policy.ack_within_s).model_dump()


def _sos_withdraw(
    sql: Batch, device: DeviceLike, event: Event, p: SosWithdraw, now: float
) -> dict[str, Any]:
    """The resident is fine: the emergency escalates no further, and staff see that it was
    withdrawn (a repeat changes nothing)."""
    sos_id = str(p.sos_id)
    lock = " FOR UPDATE" if sql.postgres else ""  # SQLite: the transaction is IMMEDIATE
    row = sql.one(f"SELECT device_id, withdrawn_at FROM sos_events WHERE id = ?{lock}", (sos_id,))
    if row is None or row[0] != device.id:
        raise Rejected(f"unknown_sos: the center has no emergency {sos_id} from this device")
    withdrawn_at = row[1]
    if withdrawn_at is None:
        withdrawn_at = p.withdrawn_at
        sql.execute(
            "UPDATE sos_events SET withdrawn_at = ?, next_step_at = NULL WHERE id = ?",
            (withdrawn_at, sos_id),
        )
        actor = f"{p.by} via {device.name}"
        _sos_step(sql, sos_id, "withdrawn", actor, _now_iso(now), f"withdrawn at {withdrawn_at}")
    return {"sos_id": sos_id, "status": "withdrawn", "withdrawn_at": withdrawn_at}


def _help_request(
    sql: Batch, device: DeviceLike, event: Event, p: HelpRequest, now: float
) -> dict[str, Any]:
    request_id = str(p.request_id)
    if sql.one("SELECT 1 FROM help_requests WHERE id = ?", (request_id,)) is None:
        sql.execute(
            "INSERT INTO help_requests (id, device_id, reason, location, requested_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (request_id, device.id, p.reason, p.location or device.name, p.requested_at),
        )
    return {"request_id": request_id}


def _record(
    sql: Batch, device: DeviceLike, event: Event, p: EventPayload, now: float
) -> dict[str, Any]:
    # Only collected here: the batch's records are written together, in one statement. The
    # payload is sealed (server.records reads it back); the card it names stays beside it.
    event_id = str(event.event_id)
    sealed = crypto.seal("records", "payload", event_id, sql.payload_text)
    card = card_named(event.payload)
    sql.records.append((event_id, device.id, event.kind, sealed, now, card))
    return {}


def _consent(
    sql: Batch, device: DeviceLike, event: Event, p: ConsentRecord, now: float
) -> dict[str, Any]:
    # Kept as a record, and noted for the kiosks' update at the batch's end (so not one of
    # the batches written in a single statement: they have no transaction to queue it in).
    sql.consents.append(p)
    return _record(sql, device, event, p, now)


def _reading(
    sql: Batch, device: DeviceLike, event: Event, p: ReadingRecord, now: float
) -> dict[str, Any]:
    # Collected like a record (server.readings writes the batch's readings together); the
    # first copy of a reading id counts, one sent again is stored once.
    row = readings.reading_row(device.id, str(event.event_id), p, now)
    sql.readings.setdefault(row["reading_id"], row)
    return {"reading_id": row["reading_id"]}


# What applying each kind of event does, given its payload validated with the kind's model
# (sync.protocol.EVENT_PAYLOADS, which has the same kinds).
APPLY: dict[str, Callable[[Batch, DeviceLike, Event, Any, float], dict[str, Any]]] = {
    "order.create": _order_create,
    "order.cancel": _order_cancel,
    "sos.raise": _sos_raise,
    "sos.withdraw": _sos_withdraw,
    "help.request": _help_request,
    "reading.record": _reading,
    "tutorial.progress": _record,
    "call.log": _record,
    "consent.record": _consent,  # read back by server.consent
    "learn.session": _record,  # read back by server.volunteering
}


def _apply_one(sql: Batch, device: DeviceLike, event: Event, now: float, text: str) -> EventResult:
    """``text`` is the payload as JSON, in which json.dumps writes a NUL character as an
    escape (backslash, u0000)."""
    if "\x00" in event.kind or "\\u0000" in text:
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
        payload = EVENT_PAYLOADS[event.kind].model_validate(event.payload)
        result = handler(sql, device, event, payload, now)
    except ValidationError as exc:
        problems = "; ".join(
            ": ".join(filter(None, (".".join(str(x) for x in e["loc"]), e["msg"])))
            for e in exc.errors()[:5]
        )
        return EventResult(
            event_id=event.event_id, status="rejected", error=f"bad payload: {problems}"
        )
    except Rejected as exc:
        return EventResult(event_id=event.event_id, status="rejected", error=str(exc))
    return EventResult(event_id=event.event_id, status="applied", result=result)


class LastSeen:
    """Writes ``devices.last_seen_at`` at most once per ``interval_s`` per device and process,
    instead of on every batch (an UPDATE, and a row lock, per request)."""

    def __init__(self, interval_s: float = 60.0) -> None:
        self.interval_s = interval_s
        self._written: dict[str, float] = {}

    def due(self, device: DeviceLike, now: float) -> bool:
        known = getattr(device, "last_seen_at", None) or 0.0
        return now - max(self._written.get(device.id, 0.0), known) >= self.interval_s

    def wrote(self, device_id: str, now: float) -> None:
        if len(self._written) > 1_000_000:
            self._written.clear()
        self._written[device_id] = now


COLLECTED = (_record, _reading)  # handlers that only collect rows for the batch's end


def only_records(batch: EventBatch) -> bool:
    """Every event only adds rows that are collected (readings, tutorial progress, call
    logs): on PostgreSQL such a batch is written with one statement
    (:func:`_ingest_records`)."""
    return all(APPLY.get(event.kind) in COLLECTED for event in batch.events)


def ingest(
    session: Session | Connection,
    device: DeviceLike,
    batch: EventBatch,
    *,
    now: float | None = None,
    last_seen: LastSeen | None = None,
    sos_policy: SosPolicy | None = None,
    authority: Authority | None = None,
    on_updates: Callable[[list[tuple[int, str | None]]], None] | None = None,
) -> list[EventResult]:
    """Apply a batch; return one result per event, in order. Commits the session.

    ``last_seen`` throttles the write of the device's ``last_seen_at``; without it, every
    batch writes it. ``sos_policy`` is the center's (its acknowledgement time goes back
    with each ``sos.raise``); without it, the defaults. A connection in AUTOCOMMIT mode (no
    BEGIN/COMMIT round trips) may be given only for a batch of records on PostgreSQL, which is
    written in one statement. ``on_updates`` is given the (seq, device) of the updates the
    batch queued for kiosks (``PushHub.committed``), once they are committed."""
    connection = session.connection() if isinstance(session, Session) else session
    one_statement = connection.dialect.name == "postgresql" and only_records(batch)
    autocommit = connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT"
    if autocommit and not one_statement:
        raise ValueError("this batch needs a transaction, not an AUTOCOMMIT connection")
    for attempt in range(3):
        sql = Batch(connection, sos_policy, authority)
        try:
            stamp = time.time() if now is None else now
            seen = last_seen is None or last_seen.due(device, stamp)
            if one_statement:
                results = _ingest_records(sql, device, batch, stamp, seen)
            else:
                results = _ingest_once(sql, device, batch, stamp, seen)
            session.commit()
            if seen and last_seen is not None:
                last_seen.wrote(device.id, stamp)
            if sql.queued and on_updates is not None:
                on_updates(sql.queued)
            return results
        except (IntegrityError, sql.integrity_error):
            # The same event arrived twice at once (a retried request overtaking the first):
            # the other request won; go again and answer with what it stored.
            session.rollback()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _stored_answers(sql: Batch, device: DeviceLike, ids: list[str]) -> dict[str, EventResult]:
    answers: dict[str, EventResult] = {}
    if sql.postgres:  # one statement text for any number of ids
        for event_id, answer in sql.all(STORED_ANSWERS_PG, (device.id, ids)):
            answers[event_id] = EventResult.model_validate_json(answer)
        return answers
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for event_id, answer in sql.all(
            "SELECT event_id, answer FROM ingested_events WHERE device_id = ? AND event_id IN ("
            + ", ".join("?" * len(chunk))
            + ")",
            (device.id, *chunk),
        ):
            answers[event_id] = EventResult.model_validate_json(answer)
    return answers


def _new_row(
    sql: Batch, device: DeviceLike, event: Event, now: float
) -> tuple[EventResult, tuple[Any, ...]]:
    """Apply one event not seen before: its answer and its ``ingested_events`` row."""
    text = sql.payload_text = json.dumps(event.payload, ensure_ascii=False)
    answer = _apply_one(sql, device, event, now, text)
    kind = event.kind.replace("\x00", "")
    row = (device.id, str(event.event_id), kind, answer.status)
    # The copy of the event is sealed (server.crypto): it may hold a reading or a name.
    copy = crypto.seal("ingested_events", "payload", f"{device.id}/{row[1]}", text[:10_000])
    return answer, (*row, answer.model_dump_json(), now, copy)


def _ingest_once(
    sql: Batch, device: DeviceLike, batch: EventBatch, now: float, seen: bool
) -> list[EventResult]:
    ids = list(dict.fromkeys(str(e.event_id) for e in batch.events))
    answers = _stored_answers(sql, device, ids)
    stored: list[tuple[Any, ...]] = []
    results: list[EventResult] = []
    for event in batch.events:
        eid = str(event.event_id)
        if eid in answers:
            results.append(answers[eid].model_copy(update={"duplicate": True}))
            continue
        answer, row = _new_row(sql, device, event, now)
        stored.append(row)
        answers[eid] = answer
        results.append(answer)
    # One INSERT per table for the whole batch (one statement in all on PostgreSQL). A key
    # that another request stored meanwhile raises an integrity error, and ingest() starts
    # again.
    if sql.postgres and stored:
        _write(sql, device, stored, now, seen, skip_known=False)
        _tell_kiosks(sql, now)
        return results
    if seen:  # first: the records' foreign key checks then lock a row this batch holds
        sql.execute("UPDATE devices SET last_seen_at = ? WHERE id = ?", (now, device.id))
    if stored:
        sql.insert_many("ingested_events", INGESTED_COLUMNS, stored)
    if sql.records:
        sql.insert_many("records", RECORD_COLUMNS, sql.records)
    if sql.readings:
        actor = f"device:{device.name}"
        readings.write_readings(sql, list(sql.readings.values()), actor, now)
    _tell_kiosks(sql, now)
    return results


def _tell_kiosks(sql: Batch, now: float) -> None:
    """Queue the batch's consent answers for every kiosk, after the rows they come with."""
    if sql.consents:
        from server import consent  # here: server.consent needs server.staff, which needs this

        sql.queued = consent.tell_kiosks(sql.connection, sql.consents, now)


def _write(
    sql: Batch,
    device: DeviceLike,
    stored: list[tuple[Any, ...]],
    now: float,
    seen: bool,
    *,
    skip_known: bool,
) -> set[str]:
    """Run :func:`_write_statement`; the event ids stored."""
    statement, params = _write_statement(
        device, stored, sql.records, now, seen, skip_known, list(sql.readings.values())
    )
    return {row[0] for row in sql.all(statement, params)}


def _write_statement(
    device: DeviceLike,
    stored: list[tuple[Any, ...]],
    records: list[tuple[Any, ...]],
    now: float,
    seen: bool,
    skip_known: bool,
    reading_rows: list[dict[str, Any]] | None = None,
) -> tuple[str, list[Any]]:
    """PostgreSQL: one statement for the batch's ``ingested_events`` rows, its records, its
    readings (server.readings) and the device's ``last_seen_at``, which returns the event ids
    stored. With ``skip_known``, keys that are stored already are left alone, and so are their
    records and readings.

    A few rows go in as ``VALUES``. More go in as one array per column (``unnest``), so that
    the statement's text is the same for any number of events: psycopg then prepares it
    once, instead of parsing thousands of placeholders for every batch. (Its arrays cost
    more than a few placeholders: psycopg caches the parsing of statements of up to 50.)"""
    # In key order, so that two requests storing some of the same keys wait for each other
    # rather than deadlock.
    stored = sorted(stored, key=lambda row: row[1])
    ingested = "ingested_events (device_id, event_id, kind, status, answer, received_at, payload)"
    conflict = " ON CONFLICT (device_id, event_id) DO NOTHING" if skip_known else ""
    columns = "r.id, r.device_id, r.kind, r.payload, r.received_at, r.resident_card"
    params: list[Any]
    if len(stored) * len(INGESTED_COLUMNS) + len(records) * len(RECORD_COLUMNS) <= 46:
        one = "(" + ", ".join("?" * len(INGESTED_COLUMNS)) + ")"
        rows = f"VALUES {', '.join([one] * len(stored))}"
        params = [value for row in stored for value in row]
        record = "(" + ", ".join("?" * len(RECORD_COLUMNS)) + ")"
        record_rows = f"(VALUES {', '.join([record] * len(records))})"
        record_params = [value for row in records for value in row]
    else:
        rows = (
            "SELECT ?, e.event_id, e.kind, e.status, e.answer, ?, e.payload FROM unnest("
            "%b::text[], %b::text[], %b::text[], %b::text[], %b::text[])"
            " AS e (event_id, kind, status, answer, payload)"
        )
        _, event_ids, kinds, statuses, answers, _, payloads = zip(*stored, strict=True)
        params = [device.id, now, *(list(c) for c in (event_ids, kinds, statuses, answers))]
        params.append(list(payloads))
        record_rows = (
            "(SELECT r.id, ?, r.kind, r.payload, ?, r.resident_card FROM unnest(%b::text[],"
            " %b::text[], %b::text[], %b::text[]) AS r (id, kind, payload, resident_card))"
        )
        record_params = [device.id, now]
        # id, kind, payload, resident_card
        record_params += [[row[i] for row in records] for i in (0, 2, 3, 5)]
    parts = [f"new AS (INSERT INTO {ingested} {rows}{conflict} RETURNING event_id)"]
    if records:
        only_new = " WHERE r.id IN (SELECT event_id FROM new)" if skip_known else ""
        parts.append(
            f"rec AS (INSERT INTO records ({', '.join(RECORD_COLUMNS)}) SELECT {columns} FROM"
            f" {record_rows} AS r ({', '.join(RECORD_COLUMNS)}){only_new})"
        )
        params += record_params
    if reading_rows:
        actor = f"device:{device.name}"
        more, more_params = readings.pg_statement_parts(
            reading_rows, device.id, actor, now, only_new=skip_known
        )
        parts += more
        params += more_params
    if seen:
        parts.append("seen AS (UPDATE devices SET last_seen_at = ? WHERE id = ?)")
        params += [now, device.id]
    return f"WITH {', '.join(parts)} SELECT event_id FROM new", params


@dataclass
class RecordsPlan:
    """A batch of records worked out as if none of its events had been seen before: its
    answers, and the one statement that stores what is new (``INSERT ... ON CONFLICT DO
    NOTHING RETURNING``, see :func:`_write_statement`). The primary key keeps this
    exactly-once: a key that another request is storing at the same moment waits for it,
    and counts as seen if that commits. The events not stored are repeats, answered with
    their first answer (:data:`STORED_ANSWERS_PG`), read afterwards."""

    events: list[Event]
    fresh: dict[str, EventResult]  # the answer to each event id, if it is new
    statement: str
    params: list[Any]

    def repeats(self, stored: set[str]) -> list[str]:
        return [eid for eid in self.fresh if eid not in stored]

    def results(self, stored: set[str], before: dict[str, EventResult]) -> list[EventResult]:
        """One answer per event, in order, given the ids the statement stored and the first
        answers of the others."""
        missing = set(self.repeats(stored)) - set(before)
        if missing:  # cannot happen: DO NOTHING means a committed row holds the key
            raise RuntimeError(f"no stored answer for events {sorted(missing)}")
        answers = {eid: self.fresh[eid] for eid in stored}
        answers.update({eid: a.model_copy(update={"duplicate": True}) for eid, a in before.items()})
        results: list[EventResult] = []
        answered: set[str] = set()
        for event in self.events:
            eid = str(event.event_id)
            answer = answers[eid]
            if eid in answered and not answer.duplicate:  # a second copy in this batch
                answer = answers[eid] = answer.model_copy(update={"duplicate": True})
            answered.add(eid)
            results.append(answer)
        return results


def plan_records(device: DeviceLike, batch: EventBatch, now: float, seen: bool) -> RecordsPlan:
    """Work out a batch that :func:`only_records` accepts, for PostgreSQL."""
    collector = Batch.collector()
    firsts: dict[str, Event] = {}
    for event in batch.events:
        firsts.setdefault(str(event.event_id), event)
    fresh: dict[str, EventResult] = {}
    stored: list[tuple[Any, ...]] = []
    for eid, event in firsts.items():
        fresh[eid], row = _new_row(collector, device, event, now)
        stored.append(row)
    statement, params = _write_statement(
        device, stored, collector.records, now, seen, True, list(collector.readings.values())
    )
    return RecordsPlan(list(batch.events), fresh, statement, params)


def _ingest_records(
    sql: Batch, device: DeviceLike, batch: EventBatch, now: float, seen: bool
) -> list[EventResult]:
    """A batch of records on PostgreSQL, in the caller's transaction (:class:`RecordsPlan`)."""
    plan = plan_records(device, batch, now, seen)
    stored = {row[0] for row in sql.all(plan.statement, plan.params)}
    repeats = plan.repeats(stored)
    before = _stored_answers(sql, device, repeats) if repeats else {}
    return plan.results(stored, before)


async def ingest_records(
    connection: Any,
    device: DeviceLike,
    batch: EventBatch,
    *,
    now: float | None = None,
    last_seen: LastSeen | None = None,
) -> list[EventResult]:
    """:func:`ingest` for a batch that :func:`only_records` accepts, on a psycopg asyncio
    connection in AUTOCOMMIT mode (``server.db.AsyncRawPool``): one statement, one round
    trip, on the event loop."""
    import psycopg

    if not only_records(batch):
        raise ValueError("ingest_records takes only batches of records")
    for attempt in range(3):
        stamp = time.time() if now is None else now
        seen = last_seen is None or last_seen.due(device, stamp)
        plan = plan_records(device, batch, stamp, seen)
        try:
            async with connection.cursor() as cursor:
                await cursor.execute(pg_text(plan.statement), plan.params)
                stored = {row[0] for row in await cursor.fetchall()}
                before: dict[str, EventResult] = {}
                if repeats := plan.repeats(stored):
                    await cursor.execute(pg_text(STORED_ANSWERS_PG), (device.id, repeats))
                    before = {
                        eid: EventResult.model_validate_json(answer)
                        for eid, answer in await cursor.fetchall()
                    }
        except psycopg.IntegrityError:
            if attempt == 2:  # another device's record with this id, most likely
                raise
            continue
        if seen and last_seen is not None:
            last_seen.wrote(device.id, stamp)
        return plan.results(stored, before)
    raise AssertionError("unreachable")
