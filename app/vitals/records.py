"""Readings kept on the kiosk: saved with their outbox event, listed for the trend charts.

:func:`record_reading` writes the reading row (with the kiosk's judgement) and its
``reading.record`` event in one transaction, so a reading the screen called saved survives a
power cut and reaches the center. A measurement that asked to be measured again is not saved
at all: its numbers are ones the device itself did not trust, and they would only mislead a
trend chart or a nurse. The elder measures again and that reading is saved.
"""

from __future__ import annotations

import json
import logging
import math
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from app import outbox
from app.clock import iso, parse_iso, utc_now
from app.people import Resident
from app.store import Store
from app.vitals.judge import Judgement, Target
from app.vitals.levels import Level
from app.vitals.thresholds import Thresholds

log = logging.getLogger(__name__)

SOURCES = ("device", "typed")
MAX_DEVICE_NAME = 100
CLOCK_SLACK = timedelta(minutes=5)  # how far a device's clock may run ahead of the kiosk's


class ReadingError(ValueError):
    """A reading that cannot be saved; ``reason`` says why in one word: remeasure,
    wrong_kind, bad_value, bad_source, no_consent."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(frozen=True)
class SavedReading:
    """A reading as kept on this kiosk, with who at the center acknowledged it (if anyone)."""

    id: str
    kind: str
    values: dict[str, float]
    measured_at: datetime
    level: Level
    alert: bool
    source: str
    device: str
    meal: str | None = None
    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = None
    ack_note: str = ""


def may_record(store: Store, resident: Resident) -> bool:
    """Whether this resident's health readings may be kept and sent to the center: only
    when their newest answer on the consent screen is yes (app.privacy.consent). Without it
    the screen still shows the number, and :func:`record_reading` refuses to keep it."""
    from app.privacy.consent import HEALTH_READINGS, has_consent

    return has_consent(store, resident, HEALTH_READINGS)


def record_reading(
    store: Store,
    resident: Resident,
    reading_kind: str,
    values: Mapping[str, float],
    *,
    judgement: Judgement,
    source: str = "device",
    device: str = "",
    measured_at: datetime | None = None,
    meal: str | None = None,
    now: datetime | None = None,
) -> SavedReading:
    """Save a judged reading and its ``reading.record`` event together; return it.

    ``values`` are kept rounded as the judgement showed them. Raises :class:`ReadingError`
    (nothing written) for a judgement that asked to measure again, or one of another kind
    or other values, an impossible value, or a resident who has not agreed."""
    if source not in SOURCES:
        raise ReadingError("bad_source", repr(source))
    if judgement.kind != reading_kind:
        raise ReadingError("wrong_kind", f"{judgement.kind} judged, {reading_kind} given")
    if judgement.remeasure or judgement.level is Level.UNSURE:
        raise ReadingError("remeasure", ", ".join(judgement.problems))
    kept = _checked_values(judgement.thresholds, reading_kind, values)
    if kept != judgement.values:
        raise ReadingError("bad_value", "the values are not the ones judged")
    if not may_record(store, resident):
        raise ReadingError("no_consent", resident.card_number)
    now = now or utc_now()
    measured_at = measured_at or now
    if measured_at > now + CLOCK_SLACK:
        # A device whose clock runs ahead: the reading was taken now, not in the future
        # (where it would sit past every trend chart's end).
        log.warning("a reading said it was taken at %s, after now; kept as taken now", measured_at)
        measured_at = now
    # Kept to the millisecond, as stored, so what is returned is what history() gives.
    measured_at = parse_iso(iso(measured_at))
    if reading_kind == "glucose":
        meal = meal or judgement.meal
        meal = meal if meal in ("fasting", "after_meal") else "unknown"
        if (meal == "fasting") != (judgement.meal == "fasting"):
            raise ReadingError("bad_value", f"judged as {judgement.meal}, saved as {meal}")
    else:
        meal = None
    reading = SavedReading(
        id=str(uuid.uuid4()),
        kind=reading_kind,
        values=kept,
        measured_at=measured_at,
        level=judgement.level,
        alert=judgement.alert,
        source=source,
        device=_device_name(device),
        meal=meal,
    )
    payload = _payload(reading, resident, judgement.thresholds)
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO readings (id, resident_id, kind, values_json, meal, measured_at, level,"
            " alert, source, device, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                reading.id,
                resident.id,
                reading.kind,
                json.dumps(reading.values),
                reading.meal,
                iso(reading.measured_at),
                reading.level.value,
                int(reading.alert),
                reading.source,
                reading.device,
                iso(now),
            ),
        )
        # A reading that tells the staff goes before orders and is retried as fast as a call
        # for help: a nurse should not wait behind a lunch order.
        priority = outbox.PRIORITY_HELP if reading.alert else outbox.PRIORITY_NORMAL
        outbox.enqueue(conn, "reading.record", payload, priority=priority, now=now.timestamp())
    return reading


def history(store: Store, resident: Resident, kind: str, *, since: datetime) -> list[SavedReading]:
    """The resident's readings of ``kind`` measured at or after ``since``, oldest first."""
    with store.reading() as conn:
        rows = conn.execute(
            "SELECT * FROM readings WHERE resident_id = ? AND kind = ? AND measured_at >= ?"
            " ORDER BY measured_at, rowid",
            (resident.id, kind, iso(since)),
        ).fetchall()
    return [_row(row) for row in rows]


def latest(store: Store, resident: Resident, kind: str) -> SavedReading | None:
    """The resident's most recent reading of ``kind`` (by when it was measured)."""
    with store.reading() as conn:
        row = conn.execute(
            "SELECT * FROM readings WHERE resident_id = ? AND kind = ?"
            " ORDER BY measured_at DESC, rowid DESC LIMIT 1",
            (resident.id, kind),
        ).fetchone()
    return _row(row) if row else None


def get_reading(store: Store, reading_id: str) -> SavedReading | None:
    with store.reading() as conn:
        row = conn.execute("SELECT * FROM readings WHERE id = ?", (reading_id,)).fetchone()
    return _row(row) if row else None


def targets_for(store: Store, resident: Resident) -> tuple[Target, ...]:
    """The resident's own targets set by staff (pass them to :func:`app.vitals.judge`)."""
    with store.reading() as conn:
        rows = conn.execute(
            "SELECT value, low, high FROM resident_targets WHERE resident_card = ? ORDER BY value",
            (resident.card_number,),
        ).fetchall()
    return tuple(Target(row["value"], row["low"], row["high"]) for row in rows)


# -- helpers ---------------------------------------------------------------------------------


def _checked_values(
    thresholds: Thresholds, kind: str, values: Mapping[str, float]
) -> dict[str, float]:
    kind_table = thresholds.kind(kind)
    kept: dict[str, float] = {}
    for name in kind_table.all_values:
        raw = values.get(name)
        if raw is None:
            if name in kind_table.values:
                raise ReadingError("bad_value", f"{name} is missing")
            continue
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
            raise ReadingError("bad_value", f"{name} is not a number")
        table = thresholds.values[name]
        if not table.is_plausible(float(raw)):
            raise ReadingError("bad_value", f"{name} {raw} is outside {table.plausible}")
        kept[name] = table.round(float(raw))
    return kept


def _device_name(device: str) -> str:
    text = " ".join(str(device or "").replace("\x00", " ").split())
    return text[:MAX_DEVICE_NAME]


def _payload(reading: SavedReading, resident: Resident, thresholds: Thresholds) -> dict[str, Any]:
    """The event as sync.protocol.ReadingRecord expects it: whole numbers where the wire
    has them, measured_at in seconds since the epoch."""
    payload: dict[str, Any] = {
        "reading_id": reading.id,
        "resident_card": resident.card_number,
        "kind": reading.kind,
        "measured_at": reading.measured_at.timestamp(),
        "device": reading.device,
        "source": reading.source,
        "level": reading.level.value,
        "alert": reading.alert,
    }
    for name, value in reading.values.items():
        payload[name] = int(value) if thresholds.values[name].decimals == 0 else value
    if reading.meal is not None:
        payload["meal"] = reading.meal
    return payload


def _row(row: Any) -> SavedReading:
    acknowledged_at = row["acknowledged_at"]
    return SavedReading(
        id=row["id"],
        kind=row["kind"],
        values=json.loads(row["values_json"]),
        measured_at=parse_iso(row["measured_at"]),
        level=Level(row["level"]),
        alert=bool(row["alert"]),
        source=row["source"],
        device=row["device"],
        meal=row["meal"],
        acknowledged_by=row["acknowledged_by"],
        acknowledged_at=parse_iso(acknowledged_at) if acknowledged_at else None,
        ack_note=row["ack_note"],
    )
