"""Readings kept on the kiosk: saved with their outbox event in one transaction, the event
as the center expects it, and read back in order."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from app import outbox
from app.people import Resident
from app.store import Store, StoreError
from app.vitals import (
    ReadingError,
    get_reading,
    history,
    judge,
    latest,
    may_record,
    record_reading,
    replace_targets,
    targets_for,
)
from app.vitals import records as records_module
from app.vitals.judge import Target
from sync.protocol import ReadingRecord
from tests.helpers.queries import count_rows, fetch_all
from tests.helpers.vitals import SOUND_VALUES, T0, days, save_reading


@pytest.fixture
def resident(residents: dict[str, Resident]) -> Resident:
    return residents["10001"]


def reading_events(store: Store) -> list[dict]:
    return [e.payload for e in outbox.events(store) if e.kind == "reading.record"]


@pytest.mark.parametrize("kind", sorted(SOUND_VALUES))
def test_a_reading_and_its_event_are_saved_as_the_center_expects(
    store: Store, resident: Resident, kind: str
) -> None:
    saved = save_reading(store, resident, kind, at=T0, meal="fasting")

    [payload] = reading_events(store)
    record = ReadingRecord.model_validate(payload)  # the center's own check
    assert str(record.reading_id) == saved.id
    assert record.resident_card == "10001" and record.kind == kind
    assert record.measured_at == T0.timestamp()
    assert record.level == saved.level == "normal" and record.alert is False
    for name, value in SOUND_VALUES[kind].items():
        assert getattr(record, name) == value
    assert (record.meal == "fasting") is (kind == "glucose")
    assert get_reading(store, saved.id) == saved


def test_the_wire_gets_whole_numbers_where_it_has_them(store: Store, resident: Resident) -> None:
    values = {"systolic": 181.6, "diastolic": 94.4, "pulse": 70.5}
    judgement = judge("blood_pressure", values)
    saved = record_reading(store, resident, "blood_pressure", values, judgement=judgement)

    [payload] = reading_events(store)
    assert (payload["systolic"], payload["diastolic"], payload["pulse"]) == (182, 94, 71)
    assert all(isinstance(payload[n], int) for n in ("systolic", "diastolic", "pulse"))
    assert payload["level"] == "very_high" and payload["alert"] is True
    assert saved.values == {"systolic": 182.0, "diastolic": 94.0, "pulse": 71.0}
    assert ReadingRecord.model_validate(payload).alert


def test_a_typed_reading_says_so_and_a_glucose_without_meal_time_is_unknown(
    store: Store, resident: Resident
) -> None:
    values = {"glucose_mmol_l": 12.3}
    judgement = judge("glucose", values)
    record_reading(
        store,
        resident,
        "glucose",
        values,
        judgement=judgement,
        source="typed",
        device="  Meter\x00 one ",
    )
    [payload] = reading_events(store)
    assert (payload["source"], payload["meal"], payload["device"]) == (
        "typed",
        "unknown",
        "Meter one",
    )
    assert (payload["level"], payload["glucose_mmol_l"]) == ("high", 12.3)


def test_when_the_outbox_write_fails_no_reading_is_kept(store: Store, resident: Resident) -> None:
    with store.transaction() as conn:
        conn.execute(
            "CREATE TRIGGER refuse_readings BEFORE INSERT ON outbox"
            " WHEN NEW.kind = 'reading.record' BEGIN SELECT RAISE(ABORT, 'disk trouble'); END"
        )

    with pytest.raises(StoreError):
        save_reading(store, resident, "heart_rate")

    assert count_rows(store, "readings") == 0
    assert count_rows(store, "outbox") == 0


def test_a_measurement_that_asked_to_measure_again_is_not_kept(
    store: Store, resident: Resident
) -> None:
    values = {"systolic": 210, "diastolic": 120}
    flagged = judge("blood_pressure", values, problems=["cuff_loose"])
    with pytest.raises(ReadingError) as refused:
        record_reading(store, resident, "blood_pressure", values, judgement=flagged)
    assert refused.value.reason == "remeasure"
    assert count_rows(store, "readings") == 0 and count_rows(store, "outbox") == 0


@pytest.mark.parametrize(
    ("kind", "values", "judged", "source", "reason"),
    [
        (
            "temperature",
            {"temperature_c": 36.6},
            ("heart_rate", {"pulse": 70}),
            "device",
            "wrong_kind",
        ),
        ("heart_rate", {"pulse": 90}, ("heart_rate", {"pulse": 70}), "device", "bad_value"),
        (
            "heart_rate",
            {"pulse": float("nan")},
            ("heart_rate", {"pulse": 70}),
            "device",
            "bad_value",
        ),
        ("heart_rate", {"pulse": 900}, ("heart_rate", {"pulse": 70}), "device", "bad_value"),
        ("heart_rate", {}, ("heart_rate", {"pulse": 70}), "device", "bad_value"),
        ("heart_rate", {"pulse": 70}, ("heart_rate", {"pulse": 70}), "paper", "bad_source"),
    ],
)
def test_a_reading_that_does_not_add_up_is_refused_and_nothing_written(
    store: Store,
    resident: Resident,
    kind: str,
    values: dict,
    judged: tuple[str, dict],
    source: str,
    reason: str,
) -> None:
    judgement = judge(*judged)
    with pytest.raises(ReadingError) as refused:
        record_reading(store, resident, kind, values, judgement=judgement, source=source)
    assert refused.value.reason == reason
    assert count_rows(store, "readings") == 0 and count_rows(store, "outbox") == 0


def test_consent_is_asked_in_one_place(
    store: Store, resident: Resident, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert may_record(store, resident)
    monkeypatch.setattr(records_module, "may_record", lambda store, resident: False)
    with pytest.raises(ReadingError) as refused:
        save_reading(store, resident, "weight")
    assert refused.value.reason == "no_consent"
    assert count_rows(store, "readings") == 0 and count_rows(store, "outbox") == 0


def test_history_is_oldest_first_from_the_bound_on_for_one_resident_and_kind(
    store: Store, residents: dict[str, Resident]
) -> None:
    mine, other = residents["10001"], residents["10002"]
    # Saved out of order, as readings from a device's memory can arrive.
    for offset, pulse in ((3, 73), (1, 71), (10, 80), (2, 72), (0, 70)):
        save_reading(store, mine, "heart_rate", {"pulse": pulse}, at=T0 - days(offset))
    save_reading(store, other, "heart_rate", {"pulse": 99}, at=T0)
    save_reading(store, mine, "temperature", at=T0)

    week = history(store, mine, "heart_rate", since=T0 - days(3))

    assert [r.values["pulse"] for r in week] == [73, 72, 71, 70]  # the bound is included
    assert [r.measured_at for r in week] == sorted(r.measured_at for r in week)
    assert history(store, mine, "heart_rate", since=T0 + timedelta(milliseconds=1)) == []
    newest = latest(store, mine, "heart_rate")
    assert newest is not None and newest.values == {"pulse": 70.0}
    assert latest(store, mine, "glucose") is None


def test_readings_at_the_same_moment_keep_the_order_they_were_saved_in(
    store: Store, resident: Resident
) -> None:
    first = save_reading(store, resident, "heart_rate", {"pulse": 61}, at=T0)
    second = save_reading(store, resident, "heart_rate", {"pulse": 62}, at=T0)
    assert [r.id for r in history(store, resident, "heart_rate", since=T0)] == [first.id, second.id]
    newest = latest(store, resident, "heart_rate")
    assert newest is not None and newest.id == second.id


def test_the_residents_own_targets_are_used_when_judging(store: Store, resident: Resident) -> None:
    replace_targets(store, "10001", [Target("systolic", None, 150.0)])
    assert targets_for(store, resident) == (Target("systolic", None, 150.0),)

    saved = save_reading(store, resident, "blood_pressure", {"systolic": 145, "diastolic": 75})

    assert saved.level == "normal" and not saved.alert
    replace_targets(store, "10001", [])
    assert targets_for(store, resident) == ()
    with pytest.raises(ValueError):
        replace_targets(store, "10001", [Target("systolic", 150.0, 140.0)])


def test_the_stored_row_holds_the_judgement(store: Store, resident: Resident) -> None:
    saved = save_reading(store, resident, "pulse_oximetry", {"spo2": 88, "pulse": 95}, at=T0)
    [row] = fetch_all(store, "SELECT * FROM readings")
    assert (row["level"], row["alert"], row["source"]) == ("very_low", 1, "device")
    assert json.loads(row["values_json"]) == {"spo2": 88.0, "pulse": 95.0}
    assert row["resident_id"] == resident.id and row["id"] == saved.id


def test_a_reading_that_tells_the_staff_goes_before_ordinary_events(
    store: Store, resident: Resident
) -> None:
    ordinary = save_reading(store, resident, "heart_rate", {"pulse": 70}, at=T0)
    alerting = save_reading(store, resident, "heart_rate", {"pulse": 45}, at=T0)

    claimed = outbox.claim(store, 1, now=T0.timestamp() + 1)

    assert [e.payload["reading_id"] for e in claimed] == [alerting.id]
    assert alerting.alert and not ordinary.alert


def test_a_device_clock_running_ahead_does_not_put_a_reading_in_the_future(
    store: Store, resident: Resident
) -> None:
    values = {"pulse": 70}
    judgement = judge("heart_rate", values)
    ahead = record_reading(
        store,
        resident,
        "heart_rate",
        values,
        judgement=judgement,
        measured_at=T0 + days(400),
        now=T0,
    )
    slightly = record_reading(
        store,
        resident,
        "heart_rate",
        values,
        judgement=judgement,
        measured_at=T0 + timedelta(minutes=2),
        now=T0,
    )
    assert ahead.measured_at == T0
    assert slightly.measured_at == T0 + timedelta(minutes=2)
    first, second = reading_events(store)
    assert first["measured_at"] == T0.timestamp()
    assert second["measured_at"] == (T0 + timedelta(minutes=2)).timestamp()


def test_a_glucose_is_kept_with_the_meal_time_it_was_judged_by(
    store: Store, resident: Resident
) -> None:
    values = {"glucose_mmol_l": 6.5}
    fasting = judge("glucose", values, meal="fasting")
    saved = record_reading(store, resident, "glucose", values, judgement=fasting)
    assert (saved.meal, saved.level) == ("fasting", "a_bit_high")

    with pytest.raises(ReadingError) as refused:
        record_reading(store, resident, "glucose", values, judgement=fasting, meal="after_meal")
    assert refused.value.reason == "bad_value"
    assert count_rows(store, "readings") == 1
