"""What the center sends back about vital signs, written into the kiosk's records.

Two kinds of update (app/delivery.py applies them inside its transaction): ``reading.ack``, a
person at the center saw an alerting reading (the kiosk may then name them), and
``resident.targets``, staff set a resident's own bands. A payload that does not make sense is
logged and left out whole, never half applied and never in the way of the other updates.
"""

from __future__ import annotations

import logging
import math
import re
import sqlite3
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from app.clock import iso
from app.store import Store
from app.vitals.judge import Target
from app.vitals.thresholds import VALUE_NAMES, load_thresholds

log = logging.getLogger(__name__)

_CARD = re.compile(r"^[0-9]{4,20}$")
MAX_TARGETS = 20
MAX_NAME = 100
MAX_NOTE = 500


def acknowledge_in(
    conn: sqlite3.Connection, payload: dict[str, Any], stamp: str
) -> tuple[str, str] | None:
    """Record who acknowledged a reading (a ``reading.ack`` payload, as sync.protocol
    ReadingAck); return (reading id, who) when it changed a reading. The first person to
    acknowledge stays: a repeat or a second acknowledgement changes nothing."""
    reading_id = _uuid(payload.get("reading_id"))
    by = _text(payload.get("by"), MAX_NAME)
    at = _timestamp(payload.get("acknowledged_at"))
    if reading_id is None or by is None or at is None:
        log.warning(
            "skipped a reading acknowledgement that makes no sense: reading %r by %r at %r",
            payload.get("reading_id"),
            payload.get("by"),
            payload.get("acknowledged_at"),
        )
        return None
    note = _text(payload.get("note"), MAX_NOTE) or ""
    cursor = conn.execute(
        "UPDATE readings SET acknowledged_by = ?, acknowledged_at = ?, ack_note = ?"
        " WHERE id = ? AND acknowledged_by IS NULL",
        (by, at, note, reading_id),
    )
    if cursor.rowcount:
        return reading_id, by
    known = conn.execute("SELECT 1 FROM readings WHERE id = ?", (reading_id,)).fetchone()
    if known is None:
        log.warning("skipped an acknowledgement of a reading not kept here: %s", reading_id)
    return None


def replace_targets_in(conn: sqlite3.Connection, payload: dict[str, Any], stamp: str) -> str | None:
    """Replace a resident's own targets (a ``resident.targets`` payload, as sync.protocol
    ResidentTargets; an empty list clears them); return the resident's card when applied."""
    card = payload.get("resident_card")
    targets = _targets(payload.get("targets"))
    if not isinstance(card, str) or not _CARD.match(card) or targets is None:
        log.warning(
            "skipped residents' targets that make no sense: card %r, targets %r",
            card,
            payload.get("targets"),
        )
        return None
    conn.execute("DELETE FROM resident_targets WHERE resident_card = ?", (card,))
    conn.executemany(
        "INSERT INTO resident_targets (resident_card, value, low, high, updated_at)"
        " VALUES (?, ?, ?, ?, ?)",
        [(card, t.value, t.low, t.high, stamp) for t in targets],
    )
    return card


def replace_targets(
    store: Store, resident_card: str, targets: Iterable[Target], *, stamp: str | None = None
) -> None:
    """Set a resident's own targets here (demo residents; tests); raise ValueError for
    targets that make no sense, as the update from the center would be skipped."""
    payload = {
        "resident_card": resident_card,
        "targets": [{"value": t.value, "low": t.low, "high": t.high} for t in targets],
    }
    with store.transaction() as conn:
        if replace_targets_in(conn, payload, stamp or iso(datetime.now(UTC))) is None:
            raise ValueError(f"targets that make no sense for {resident_card!r}")


# -- checking what the center sent -----------------------------------------------------------


def _targets(raw: Any) -> list[Target] | None:
    """The targets, or None when any of them makes no sense (the whole update is left)."""
    if not isinstance(raw, list) or len(raw) > MAX_TARGETS:
        return None
    values = load_thresholds().values
    found: list[Target] = []
    for item in raw:
        if not isinstance(item, dict) or item.get("value") not in VALUE_NAMES:
            return None
        name = str(item["value"])
        low, high = item.get("low"), item.get("high")
        if not all(bound is None or _finite(bound) for bound in (low, high)):
            return None
        if low is None and high is None:
            return None
        if low is not None and high is not None and not low < high:
            return None
        lowest, highest = values[name].plausible
        if any(b is not None and not lowest <= b <= highest for b in (low, high)):
            return None
        if any(t.value == name for t in found):
            return None  # two bands for one value: which one staff meant is not known
        found.append(
            Target(name, None if low is None else float(low), None if high is None else float(high))
        )
    return found


def _uuid(raw: Any) -> str | None:
    if not isinstance(raw, str):
        return None
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        return None


def _text(raw: Any, limit: int) -> str | None:
    if not isinstance(raw, str):
        return None
    text = " ".join(raw.replace("\x00", " ").split())[:limit]
    return text or None


def _timestamp(raw: Any) -> str | None:
    if not _finite(raw) or raw < 0:
        return None
    try:
        return iso(datetime.fromtimestamp(float(raw), UTC))
    except (OverflowError, OSError, ValueError):
        return None


def _finite(raw: Any) -> bool:
    return isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw)
