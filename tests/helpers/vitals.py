"""Helpers for the vital-sign tests: copies of the thresholds file to break, and readings to
save."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.people import Resident
from app.store import Store
from app.vitals import SavedReading, judge, record_reading, targets_for
from app.vitals.thresholds import SHIPPED_THRESHOLDS

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)

# A sound reading of each kind.
SOUND_VALUES: dict[str, dict[str, float]] = {
    "blood_pressure": {"systolic": 118, "diastolic": 76, "pulse": 68},
    "heart_rate": {"pulse": 72},
    "pulse_oximetry": {"spo2": 97, "pulse": 70},
    "temperature": {"temperature_c": 36.6},
    "glucose": {"glucose_mmol_l": 5.4},
    "weight": {"weight_kg": 61.35},
}


def thresholds_copy(tmp_path: Path, old: str, new: str, *, count: int = 1) -> Path:
    """The shipped thresholds file with ``old`` replaced by ``new`` (which must be there)."""
    text = SHIPPED_THRESHOLDS.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} is not in the thresholds file"
    path = tmp_path / "thresholds.toml"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def save_reading(
    store: Store,
    resident: Resident,
    kind: str,
    values: Mapping[str, float] | None = None,
    *,
    at: datetime | None = None,
    meal: str | None = None,
    source: str = "device",
) -> SavedReading:
    """Judge (with the resident's own targets) and save a reading, as the screens do."""
    values = dict(SOUND_VALUES[kind] if values is None else values)
    judgement = judge(kind, values, meal=meal, targets=targets_for(store, resident))
    return record_reading(
        store,
        resident,
        kind,
        values,
        judgement=judgement,
        source=source,
        measured_at=at,
        meal=meal,
        now=at,
    )


def days(n: float) -> timedelta:
    return timedelta(days=n)
