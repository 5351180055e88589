"""The outbox: events waiting to reach the center server, written with their domain rows.

Each event gets a UUID when it is enqueued; the server keeps it as a permanent key, so sending
it again has no second effect. The sync worker claims a batch (highest priority first, then
oldest), sends it, and acknowledges or retries each event. Retries wait with exponential backoff
and full jitter, never less than the server's ``Retry-After``.
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
import uuid
from dataclasses import dataclass
from typing import Any

from app.store import Store

PRIORITY_SOS = 0
PRIORITY_HELP = 5
PRIORITY_NORMAL = 10

# (base seconds, cap seconds) of the backoff per priority: SOS is retried fastest.
_BACKOFF = {PRIORITY_SOS: (0.5, 5.0), PRIORITY_HELP: (1.0, 60.0)}
_DEFAULT_BACKOFF = (2.0, 300.0)
DEFAULT_LEASE_S = 60.0


@dataclass(frozen=True)
class OutboxEvent:
    """One event as stored in the outbox."""

    seq: int
    event_id: str
    kind: str
    payload: dict[str, Any]
    priority: int
    state: str
    attempts: int
    next_attempt_at: float
    last_error: str | None
    created_at: float


@dataclass(frozen=True)
class QueueState:
    """What the screens show about the queue: all sent, N waiting, some failed."""

    pending: int
    failed: int
    oldest_pending_at: float | None

    @property
    def all_sent(self) -> bool:
        return self.pending == 0 and self.failed == 0


def enqueue(
    conn: sqlite3.Connection,
    kind: str,
    payload: dict[str, Any],
    *,
    priority: int = PRIORITY_NORMAL,
    now: float | None = None,
) -> str:
    """Add an event inside the caller's transaction; return its event id."""
    now = time.time() if now is None else now
    event_id = str(uuid.uuid4())
    conn.execute(
        "INSERT INTO outbox (event_id, kind, payload, priority, state, next_attempt_at,"
        " created_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)",
        (event_id, kind, json.dumps(payload, ensure_ascii=False), priority, now, now),
    )
    return event_id


def _row_to_event(row: sqlite3.Row) -> OutboxEvent:
    return OutboxEvent(
        seq=row["seq"],
        event_id=row["event_id"],
        kind=row["kind"],
        payload=json.loads(row["payload"]),
        priority=row["priority"],
        state=row["state"],
        attempts=row["attempts"],
        next_attempt_at=row["next_attempt_at"],
        last_error=row["last_error"],
        created_at=row["created_at"],
    )


def claim(
    store: Store, limit: int, *, now: float | None = None, lease_s: float = DEFAULT_LEASE_S
) -> list[OutboxEvent]:
    """Take up to ``limit`` events that are due, SOS first, and lease them for ``lease_s``.

    An event whose lease ran out (the sender died mid-send) is due again.
    """
    now = time.time() if now is None else now
    with store.transaction() as conn:
        rows = conn.execute(
            "SELECT * FROM outbox WHERE (state = 'pending' AND next_attempt_at <= ?)"
            " OR (state = 'in_flight' AND claimed_until <= ?)"
            " ORDER BY priority, seq LIMIT ?",
            (now, now, limit),
        ).fetchall()
        conn.executemany(
            "UPDATE outbox SET state = 'in_flight', claimed_until = ? WHERE seq = ?",
            [(now + lease_s, row["seq"]) for row in rows],
        )
    return [_row_to_event(row) for row in rows]


def ack(conn: sqlite3.Connection, event_ids: list[str], *, now: float | None = None) -> None:
    """Mark events as delivered, inside the caller's transaction."""
    now = time.time() if now is None else now
    conn.executemany(
        "UPDATE outbox SET state = 'sent', sent_at = ?, claimed_until = NULL, last_error = NULL"
        " WHERE event_id = ?",
        [(now, event_id) for event_id in event_ids],
    )


def backoff_delay(
    priority: int,
    attempts: int,
    *,
    retry_after: float | None = None,
    rng: random.Random | None = None,
) -> float:
    """Seconds to wait before attempt number ``attempts + 1`` (full jitter)."""
    base, cap = _BACKOFF.get(priority, _DEFAULT_BACKOFF)
    ceiling = min(cap, base * (2 ** min(attempts, 30)))
    delay = (rng or random).uniform(0, ceiling)
    if retry_after is not None:
        delay = max(delay, retry_after)
    return delay


def retry(
    store: Store,
    event_id: str,
    error: str,
    *,
    now: float | None = None,
    retry_after: float | None = None,
    rng: random.Random | None = None,
) -> float:
    """Put a claimed event back with a backoff delay; return when it is due again."""
    now = time.time() if now is None else now
    with store.transaction() as conn:
        row = conn.execute(
            "SELECT priority, attempts, state, next_attempt_at FROM outbox WHERE event_id = ?",
            (event_id,),
        ).fetchone()
        if row is None:
            raise KeyError(event_id)
        if row["state"] in ("sent", "failed"):
            return float(row["next_attempt_at"])  # a late retry must not resend a sent event
        attempts = row["attempts"] + 1
        due = now + backoff_delay(row["priority"], attempts, retry_after=retry_after, rng=rng)
        conn.execute(
            "UPDATE outbox SET state = 'pending', attempts = ?, next_attempt_at = ?,"
            " claimed_until = NULL, last_error = ? WHERE event_id = ?",
            (attempts, due, error[:2000], event_id),
        )
    return due


def fail(store: Store, event_id: str, error: str) -> None:
    """Set an event aside for staff to inspect: the server refused it for good."""
    with store.transaction() as conn:
        cursor = conn.execute(
            "UPDATE outbox SET state = 'failed', claimed_until = NULL, last_error = ?,"
            " attempts = attempts + 1 WHERE event_id = ? AND state IN ('pending', 'in_flight')",
            (error[:2000], event_id),
        )
        if cursor.rowcount == 0:
            known = conn.execute("SELECT 1 FROM outbox WHERE event_id = ?", (event_id,)).fetchone()
            if known is None:
                raise KeyError(event_id)


def release(store: Store, event_ids: list[str]) -> None:
    """Return claimed events unsent and with no penalty (for example on shutdown)."""
    with store.transaction() as conn:
        conn.executemany(
            "UPDATE outbox SET state = 'pending', claimed_until = NULL"
            " WHERE event_id = ? AND state = 'in_flight'",
            [(event_id,) for event_id in event_ids],
        )


def queue_state(store: Store) -> QueueState:
    with store.reading() as conn:
        row = conn.execute(
            "SELECT SUM(state IN ('pending', 'in_flight')) AS pending,"
            " SUM(state = 'failed') AS failed,"
            " MIN(CASE WHEN state IN ('pending', 'in_flight') THEN created_at END) AS oldest"
            " FROM outbox"
        ).fetchone()
    return QueueState(row["pending"] or 0, row["failed"] or 0, row["oldest"])


def events(store: Store, *, state: str | None = None) -> list[OutboxEvent]:
    """Events in queue order, optionally only those in one state (for staff and tests)."""
    with store.reading() as conn:
        if state is None:
            rows = conn.execute("SELECT * FROM outbox ORDER BY seq").fetchall()
        else:
            rows = conn.execute(
                "SELECT * FROM outbox WHERE state = ? ORDER BY seq", (state,)
            ).fetchall()
    return [_row_to_event(row) for row in rows]


def retry_many(
    store: Store,
    event_ids: list[str],
    error: str,
    *,
    now: float | None = None,
    retry_after: float | None = None,
    rng: random.Random | None = None,
) -> float | None:
    """:func:`retry` for a whole batch in one transaction; return the earliest due time."""
    now = time.time() if now is None else now
    earliest: float | None = None
    with store.transaction() as conn:
        for event_id in event_ids:
            row = conn.execute(
                "SELECT priority, attempts, state FROM outbox WHERE event_id = ?", (event_id,)
            ).fetchone()
            if row is None or row["state"] in ("sent", "failed"):
                continue
            attempts = row["attempts"] + 1
            due = now + backoff_delay(row["priority"], attempts, retry_after=retry_after, rng=rng)
            conn.execute(
                "UPDATE outbox SET state = 'pending', attempts = ?, next_attempt_at = ?,"
                " claimed_until = NULL, last_error = ? WHERE event_id = ?",
                (attempts, due, error[:2000], event_id),
            )
            earliest = due if earliest is None else min(earliest, due)
    return earliest


def next_due(store: Store) -> float | None:
    """When the earliest pending event is due (None when nothing waits)."""
    with store.reading() as conn:
        row = conn.execute(
            "SELECT MIN(next_attempt_at) AS due FROM outbox WHERE state = 'pending'"
        ).fetchone()
    return row["due"]


def release_all_in_flight(store: Store) -> int:
    """Put back every claimed event (at start-up: whoever claimed them is gone)."""
    with store.transaction() as conn:
        cursor = conn.execute(
            "UPDATE outbox SET state = 'pending', claimed_until = NULL WHERE state = 'in_flight'"
        )
    return cursor.rowcount
