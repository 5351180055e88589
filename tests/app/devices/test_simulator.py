"""The simulated device: real bytes through the same path as a Bluetooth device, every scripted
behaviour, readings that vary with the seed, and a stop in the middle."""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest

from app.devices import READING_VALUES, DeviceReading
from app.devices.link import DeviceEvent, DeviceState
from app.devices.simulator import Behaviour, SimulatedDevice
from tests.helpers.devices import EventLog

S = DeviceState
KINDS = tuple(READING_VALUES)
FULL_PATH = [S.SEARCHING, S.CONNECTING, S.CONNECTED, S.MEASURING, S.DONE]


def measure(device: SimulatedDevice, kind: str) -> tuple[DeviceReading | None, EventLog]:
    events = EventLog()
    reading = asyncio.run(device.measure(kind, events))
    return reading, events


def simulated(*behaviours: str, seed: int = 7) -> SimulatedDevice:
    return SimulatedDevice(behaviours, pace_s=0, seed=seed, clock=lambda: datetime(2025, 5, 1, 9))


# What each behaviour must give, in the plain sense of the words (not the simulator's table).
def in_normal_range(kind: str, v: dict[str, float]) -> bool:
    return {
        "blood_pressure": lambda: 100 <= v["systolic"] < 140 and 60 <= v["diastolic"] < 90,
        "heart_rate": lambda: 60 <= v["pulse"] <= 100,
        "pulse_oximetry": lambda: v["spo2"] >= 95 and 60 <= v["pulse"] <= 100,
        "temperature": lambda: 36.0 <= v["temperature_c"] < 37.3,
        "glucose": lambda: 3.9 <= v["glucose_mmol_l"] < 6.1,
        "weight": lambda: 45 <= v["weight_kg"] <= 80,
    }[kind]()


def is_high(kind: str, v: dict[str, float]) -> bool:
    return {
        "blood_pressure": lambda: v["systolic"] >= 140 or v["diastolic"] >= 90,
        "heart_rate": lambda: v["pulse"] > 100,
        "pulse_oximetry": lambda: v["pulse"] > 100,
        "temperature": lambda: v["temperature_c"] >= 37.3,
        "glucose": lambda: v["glucose_mmol_l"] >= 7.0,
        "weight": lambda: v["weight_kg"] > 80,
    }[kind]()


def is_low(kind: str, v: dict[str, float]) -> bool:
    return {
        "blood_pressure": lambda: v["systolic"] < 90,
        "heart_rate": lambda: v["pulse"] < 50,
        "pulse_oximetry": lambda: v["spo2"] < 92,
        "temperature": lambda: v["temperature_c"] < 35.5,
        "glucose": lambda: v["glucose_mmol_l"] < 3.9,
        "weight": lambda: v["weight_kg"] < 45,
    }[kind]()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("behaviour", "meaning"),
    [("normal", in_normal_range), ("high", is_high), ("low", is_low)],
)
def test_a_reading_goes_through_every_state_and_means_what_was_asked(
    kind: str, behaviour: str, meaning: object
) -> None:
    for seed in range(5):
        reading, events = measure(simulated(behaviour, seed=seed), kind)
        assert events.states == FULL_PATH
        assert reading is not None and reading is events.last.reading
        assert reading.kind == kind and not reading.problems
        assert set(READING_VALUES[kind]) <= set(reading.values)
        assert meaning(kind, reading.values), (seed, reading.values)  # type: ignore[operator]
        assert events.last.device_name.startswith("Simulated")


def test_a_glucose_reading_carries_its_meal_from_the_meters_context_record() -> None:
    reading, _ = measure(simulated("normal"), "glucose")
    assert reading is not None and reading.meal == "fasting"


def test_a_blood_pressure_reading_carries_the_cuffs_time_stamp_and_pulse() -> None:
    reading, _ = measure(simulated("normal"), "blood_pressure")
    assert reading is not None
    assert reading.measured_at == datetime(2025, 5, 1, 9)
    assert 55 <= reading.values["pulse"] <= 95


@pytest.mark.parametrize("kind", KINDS)
def test_a_flagged_measurement_arrives_whole_with_the_devices_problem(kind: str) -> None:
    reading, events = measure(simulated("flagged"), kind)
    assert events.last.state is S.DONE
    assert reading is not None and reading.problems


def test_a_flagged_cuff_reading_says_the_cuff_was_loose_and_the_body_moved() -> None:
    reading, _ = measure(simulated("flagged"), "blood_pressure")
    assert reading is not None
    assert set(reading.problems) == {"cuff_loose", "body_movement"}


@pytest.mark.parametrize("kind", KINDS)
def test_garbage_bytes_fail_as_garbage_and_are_logged(
    kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    reading, events = measure(simulated("garbage"), kind)
    assert reading is None
    assert events.last.state is S.FAILED and events.last.problem == "garbage"
    assert "bytes:" in caplog.text
    assert all(e.reading is None for e in events.events)


@pytest.mark.parametrize("kind", KINDS)
def test_a_device_gone_mid_reading_leaves_no_reading(kind: str) -> None:
    reading, events = measure(simulated("disconnect"), kind)
    assert reading is None
    assert events.last.problem == "disconnected_mid_reading"
    assert all(e.reading is None for e in events.events)


@pytest.mark.parametrize(
    ("behaviour", "states", "problem"),
    [
        ("not_found", [S.SEARCHING, S.FAILED], "not_found"),
        ("bluetooth_off", [S.SEARCHING, S.FAILED], "bluetooth_off"),
        ("timeout", [S.SEARCHING, S.CONNECTING, S.CONNECTED, S.FAILED], "timeout"),
    ],
)
def test_failures_before_any_data_follow_the_states_of_a_real_device(
    behaviour: str, states: list[DeviceState], problem: str
) -> None:
    reading, events = measure(simulated(behaviour), "pulse_oximetry")
    assert reading is None
    assert events.states == states and events.last.problem == problem


def test_queued_behaviours_are_used_in_order_and_then_readings_are_normal() -> None:
    device = simulated("not_found")
    device.queue("high", Behaviour.GARBAGE)
    assert device.pending == (Behaviour.NOT_FOUND, Behaviour.HIGH, Behaviour.GARBAGE)
    outcomes = [measure(device, "blood_pressure")[1].last for _ in range(4)]
    assert [e.problem for e in outcomes] == ["not_found", None, "garbage", None]
    high, normal = outcomes[1].reading, outcomes[3].reading
    assert high is not None and is_high("blood_pressure", high.values)
    assert normal is not None and in_normal_range("blood_pressure", normal.values)
    assert device.pending == ()


def test_an_unknown_behaviour_is_refused_when_queued() -> None:
    with pytest.raises(ValueError, match="sneeze"):
        SimulatedDevice(["sneeze"])


def test_the_same_seed_gives_the_same_reading_and_others_vary() -> None:
    first, _ = measure(simulated(seed=3), "blood_pressure")
    again, _ = measure(simulated(seed=3), "blood_pressure")
    assert first is not None and again is not None and first.values == again.values
    values = {
        tuple(r.values.values())
        for seed in range(8)
        if (r := measure(simulated(seed=seed), "blood_pressure")[0]) is not None
    }
    assert len(values) > 1


def test_stop_while_measuring_reports_nothing_more_and_the_device_can_measure_again() -> None:
    device = simulated("normal", "high")
    events = EventLog()

    async def scenario() -> tuple[DeviceReading | None, DeviceReading | None]:
        measuring = asyncio.Event()

        def on_event(event: DeviceEvent) -> None:
            events(event)
            if event.state is S.MEASURING:
                measuring.set()

        task = asyncio.ensure_future(device.measure("blood_pressure", on_event))
        await measuring.wait()
        await device.stop()
        stopped = await task
        return stopped, await device.measure("blood_pressure", EventLog())

    stopped, next_reading = asyncio.run(scenario())
    assert stopped is None
    assert events.states == [S.SEARCHING, S.CONNECTING, S.CONNECTED, S.MEASURING]
    assert next_reading is not None and is_high("blood_pressure", next_reading.values)
