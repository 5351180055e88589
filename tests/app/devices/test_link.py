"""The state machine every device link shares, turning notifications into one whole reading,
the paired-address setting and the choice of link for a terminal."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.config import Config, load_config
from app.demo import with_demo_devices
from app.devices import DeviceReading
from app.devices.bluetooth import BleakLink
from app.devices.link import (
    PROBLEM_CODES,
    DeviceEvent,
    DeviceState,
    LinkFailure,
    Outcome,
    ReadingCollector,
    Reporter,
    newest,
    open_link,
    paired_addresses,
)
from app.devices.simulator import SimulatedDevice
from tests.helpers import devices as dev
from tests.helpers.devices import EventLog

S = DeviceState
ROOT = Path(__file__).resolve().parents[3]


def test_the_reporter_passes_each_state_once_and_nothing_after_a_stop() -> None:
    events = EventLog()
    report = Reporter(events)
    report(S.SEARCHING)
    report(S.SEARCHING)
    report.device_name = "cuff"
    report(S.CONNECTING)
    report.stopped = True
    report(S.CONNECTED)
    assert events.states == [S.SEARCHING, S.CONNECTING]
    assert events.last.device_name == "cuff"


def test_a_screen_handler_that_fails_does_not_stop_the_measurement(
    caplog: pytest.LogCaptureFixture,
) -> None:
    seen: list[DeviceState] = []

    def clumsy(event: DeviceEvent) -> None:
        seen.append(event.state)
        raise RuntimeError("the screen went away")

    reading = asyncio.run(SimulatedDevice(pace_s=0, seed=1).measure("heart_rate", clumsy))
    assert reading is not None and seen[-1] is S.DONE
    assert "the screen went away" in caplog.text


def test_an_unknown_kind_of_reading_fails_plainly() -> None:
    events = EventLog()
    reading = asyncio.run(SimulatedDevice(pace_s=0).measure("cholesterol", events))
    assert reading is None
    assert events.states == [S.FAILED] and events.last.problem == "device_error"


def test_one_link_measures_one_thing_at_a_time() -> None:
    device = SimulatedDevice(pace_s=0)

    async def scenario() -> None:
        started = asyncio.Event()
        first = asyncio.ensure_future(device.measure("weight", lambda _event: started.set()))
        await started.wait()
        with pytest.raises(RuntimeError, match="already measuring"):
            await device.measure("weight", EventLog())
        assert await first is not None

    asyncio.run(scenario())


def test_stop_without_a_measurement_does_nothing() -> None:
    asyncio.run(SimulatedDevice(pace_s=0).stop())


def test_every_problem_code_is_listed_in_the_module_docstring() -> None:
    import app.devices.link as link

    assert link.__doc__ is not None
    for code in PROBLEM_CODES:
        assert f"``{code}``" in link.__doc__
    for state in DeviceState:
        assert f"``{state}``" in link.__doc__


# -- the collector --------------------------------------------------------------------------


def test_intermediate_cuff_pressure_is_measuring_and_the_final_value_the_reading() -> None:
    collector = ReadingCollector("blood_pressure")
    assert collector.feed(0x2A36, dev.cuff_pressure(120)) is Outcome.MEASURING
    assert not collector.has_reading
    assert collector.feed(0x2A35, dev.blood_pressure(121, 79)) is Outcome.READING
    reading = collector.finish()
    assert reading is not None and reading.values["systolic"] == 121


def test_a_characteristic_of_another_kind_is_ignored() -> None:
    collector = ReadingCollector("blood_pressure")
    assert collector.feed(0x2A37, dev.heart_rate(70)) is Outcome.IGNORED
    assert not collector.started and collector.finish() is None


def test_unreadable_bytes_are_garbage_with_the_bytes_in_the_detail() -> None:
    collector = ReadingCollector("weight")
    with pytest.raises(LinkFailure) as failure:
        collector.feed(0x2A9D, b"\x00\x10")
    assert failure.value.problem == "garbage"
    assert "00 10" in failure.value.detail


def test_a_measurement_without_its_value_is_handed_out_with_the_devices_reason() -> None:
    collector = ReadingCollector("blood_pressure")
    collector.feed(0x2A35, bytes([0x00]) + dev.SFLOAT_NAN * 3)
    reading = collector.finish()
    assert reading is not None and "systolic" not in reading.values
    assert "value_unavailable" in reading.problems


def test_the_newest_of_several_readings_is_taken() -> None:
    def at(day: int, tz: bool = False) -> DeviceReading:
        moment = datetime(2025, 3, day, 8, tzinfo=UTC if tz else None)
        return DeviceReading("weight", {"weight_kg": float(day)}, moment)

    unstamped = DeviceReading("weight", {"weight_kg": 99.0})
    assert newest([at(2), at(5), at(3)]).values["weight_kg"] == 5
    assert newest([at(5), unstamped]) is unstamped  # no time to go by: the last one sent
    assert newest([at(5), at(2, tz=True)]).values["weight_kg"] == 2  # clocks not comparable


# -- settings and the choice of link ---------------------------------------------------------


def test_paired_addresses_are_read_per_kind_and_bad_entries_skipped(
    caplog: pytest.LogCaptureFixture,
) -> None:
    text = (
        "blood_pressure = A4:C1:38:12:34:56; pulse_oximetry=00:a0:50:ab:cd:ef,"
        " weight=not-an-address, toaster=11:22:33:44:55:66, glucose,"
        " temperature=2F1D7C7E-0B5A-4D6B-9C1E-44A1B2C3D4E5"
    )
    assert paired_addresses(text) == {
        "blood_pressure": "A4:C1:38:12:34:56",
        "pulse_oximetry": "00:a0:50:ab:cd:ef",
        "temperature": "2F1D7C7E-0B5A-4D6B-9C1E-44A1B2C3D4E5",
    }
    for bad in ("weight=not-an-address", "toaster", "glucose"):
        assert bad in caplog.text
    assert paired_addresses("") == {}


def test_a_terminal_without_devices_gets_no_link() -> None:
    assert Config().vitals_device == "none"
    assert open_link("blood_pressure", Config()) is None


def test_a_simulated_terminal_gets_a_simulated_device() -> None:
    config = Config().with_changes(vitals_device="simulated")
    link = open_link("blood_pressure", config, pace_s=0, behaviours=["high"])
    assert isinstance(link, SimulatedDevice)
    assert link.pending == ("high",)


def test_a_bluetooth_terminal_looks_for_the_device_paired_for_the_kind() -> None:
    config = Config().with_changes(
        vitals_device="bluetooth",
        vitals_paired_devices="blood_pressure=A4:C1:38:12:34:56",
        vitals_search_s=30,
    )
    cuff = open_link("blood_pressure", config)
    scale = open_link("weight", config)
    assert isinstance(cuff, BleakLink) and isinstance(scale, BleakLink)
    assert cuff.address == "A4:C1:38:12:34:56" and cuff.search_s == 30
    assert scale.address == ""


def test_a_wrong_device_setting_keeps_typing_in_and_says_what_is_allowed(
    tmp_path: Path,
) -> None:
    file = tmp_path / "config.toml"
    file.write_text('vitals_device = "usb"\nvitals_search_s = 2\n', encoding="utf-8")
    loaded = load_config(file, environ={})
    assert loaded.config.vitals_device == "none" and loaded.config.vitals_search_s == 90
    messages = " ".join(p.message for p in loaded.problems)
    assert "none | bluetooth | simulated" in messages and "vitals_search_s" in messages


def test_demo_mode_measures_with_simulated_devices_unless_real_ones_are_set() -> None:
    assert with_demo_devices(Config()).vitals_device == "simulated"
    real = Config().with_changes(vitals_device="bluetooth")
    assert with_demo_devices(real).vitals_device == "bluetooth"


@pytest.mark.slow  # a child process, to see what importing costs from a clean start
def test_bleak_is_not_loaded_until_a_bluetooth_measurement_starts() -> None:
    code = (
        "import sys\n"
        "from app.config import Config\n"
        "from app.devices.link import open_link\n"
        "link = open_link('weight', Config().with_changes(vitals_device='bluetooth'))\n"
        "print(type(link).__name__, 'bleak' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["BleakLink", "False"], result.stderr
