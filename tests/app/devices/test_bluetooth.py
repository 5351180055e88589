"""BleakLink against stand-ins for bleak's scanner and client: every state path, every failure,
random bytes from a device, and a stop in the middle."""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest
from bleak.exc import (
    BleakBluetoothNotAvailableError,
    BleakBluetoothNotAvailableReason,
    BleakDBusError,
    BleakError,
    BleakGATTProtocolError,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from app.devices import DeviceReading
from app.devices.bluetooth import BleakLink, bluetooth_problem
from app.devices.link import DeviceEvent, DeviceState
from tests.helpers import devices as dev
from tests.helpers.devices import AwaitWrite, Drop, EventLog, FakePeripheral, FakeRadio, Hold, Send

S = DeviceState
BP, CUFF = 0x2A35, 0x2A36


def link_for(radio: FakeRadio, **options: object) -> BleakLink:
    settings_: dict[str, object] = {
        "search_s": 5.0,
        "connect_s": 5.0,
        "reading_s": 5.0,
        "quiet_s": 0.0,
        "retry_s": 0.0,
        "scanner": radio.scanner,
        "client": radio.client,
    }
    return BleakLink(**(settings_ | options))  # type: ignore[arg-type]


def measure(link: BleakLink, kind: str = "blood_pressure") -> tuple[DeviceReading | None, EventLog]:
    events = EventLog()
    reading = asyncio.run(link.measure(kind, events))
    return reading, events


def cuff(*sessions: list[dev.Step], **fields: object) -> FakePeripheral:
    return FakePeripheral(sessions=list(sessions), **fields)  # type: ignore[arg-type]


NORMAL_SESSION: list[dev.Step] = [
    Send(CUFF, dev.cuff_pressure(40)),
    Send(CUFF, dev.cuff_pressure(150)),
    Send(BP, dev.blood_pressure(128, 82, pulse=71)),
    Drop(),  # a cuff lets go itself once it has sent its measurement
]


def test_a_cuff_measurement_goes_through_every_state_and_the_cuff_is_let_go_first() -> None:
    peripheral = cuff(NORMAL_SESSION)
    let_go_when_done: list[bool] = []
    events = EventLog()

    def on_event(event: DeviceEvent) -> None:
        events(event)
        if event.state is S.DONE:
            let_go_when_done.append(peripheral.let_go)

    reading = asyncio.run(link_for(FakeRadio(peripheral)).measure("blood_pressure", on_event))

    assert events.states == [S.SEARCHING, S.CONNECTING, S.CONNECTED, S.MEASURING, S.DONE]
    assert reading is not None and reading is events.last.reading
    assert reading.values["systolic"] == 128 and reading.values["diastolic"] == 82
    assert reading.values["pulse"] == 71
    assert events.last.device_name == "BP cuff"
    assert let_go_when_done == [True]
    assert ("notify", BP) in peripheral.log and ("notify", CUFF) in peripheral.log


def test_a_cuff_that_stays_connected_after_sending_is_disconnected_by_the_kiosk() -> None:
    peripheral = cuff([Send(BP, dev.blood_pressure(118, 76)), Hold()])
    reading, events = measure(link_for(FakeRadio(peripheral)))
    assert reading is not None and events.last.state is S.DONE
    assert peripheral.log[-1] == ("disconnect",)


def test_the_search_takes_only_a_device_offering_the_kind_of_reading() -> None:
    strap = FakePeripheral(
        name="HR strap", address="11:22:33:44:55:66", services=(0x180D,), characteristics=(0x2A37,)
    )
    radio = FakeRadio(strap, cuff(NORMAL_SESSION))
    reading, events = measure(link_for(radio))
    assert reading is not None and events.last.device_name == "BP cuff"
    assert strap.log == []
    assert radio.scans[0]["service_uuids"] == ["00001810-0000-1000-8000-00805f9b34fb"]


def test_a_paired_address_is_used_rather_than_the_first_cuff_nearby() -> None:
    other = cuff(NORMAL_SESSION, name="Other cuff", address="A4:C1:38:00:00:99")
    ours = cuff(
        [Send(BP, dev.blood_pressure(140, 90)), Drop()],
        name="Our cuff",
        address="A4:C1:38:00:00:02",
    )
    reading, events = measure(link_for(FakeRadio(other, ours), address="a4:c1:38:00:00:02"))
    assert reading is not None and reading.values["systolic"] == 140
    assert events.last.device_name == "Our cuff"
    assert other.log == []


def test_a_device_without_a_name_is_named_by_its_address() -> None:
    _reading, events = measure(link_for(FakeRadio(cuff(NORMAL_SESSION, name=None))))
    assert events.last.device_name == "A4:C1:38:00:00:01"


def test_no_device_nearby_is_not_found() -> None:
    reading, events = measure(link_for(FakeRadio()))
    assert reading is None
    assert events.states == [S.SEARCHING, S.FAILED]
    assert events.last.problem == "not_found"


@pytest.mark.parametrize(
    ("error", "problem"),
    [
        (
            BleakBluetoothNotAvailableError("off", BleakBluetoothNotAvailableReason.POWERED_OFF),
            "bluetooth_off",
        ),
        (
            BleakBluetoothNotAvailableError(
                "No Bluetooth adapters found.", BleakBluetoothNotAvailableReason.NO_BLUETOOTH
            ),
            "no_adapter",
        ),
        (BleakDBusError("org.bluez.Error.NotReady", ["Resource Not Ready"]), "bluetooth_off"),
        (BleakDBusError("org.freedesktop.DBus.Error.ServiceUnknown", []), "no_adapter"),
        (FileNotFoundError(2, "No such file or directory"), "no_adapter"),  # no system bus
        (BleakError("something new"), "device_error"),
    ],
)
def test_bluetooth_that_is_off_or_missing_fails_with_its_own_code(
    error: BaseException, problem: str
) -> None:
    reading, events = measure(link_for(FakeRadio(cuff(NORMAL_SESSION), scan_error=error)))
    assert reading is None
    assert events.states == [S.SEARCHING, S.FAILED]
    assert events.last.problem == problem
    assert events.last.detail  # what the system said, for the log


def test_failed_connection_attempts_are_tried_again_and_then_succeed() -> None:
    peripheral = cuff(NORMAL_SESSION, connect_errors=[TimeoutError(), BleakError("abort")])
    reading, events = measure(link_for(FakeRadio(peripheral), connect_attempts=3))
    assert reading is not None
    assert events.states == [S.SEARCHING, S.CONNECTING, S.CONNECTED, S.MEASURING, S.DONE]


def test_a_device_that_never_accepts_the_connection_fails_after_the_last_attempt() -> None:
    peripheral = cuff(NORMAL_SESSION, connect_errors=[BleakError("abort")] * 3)
    reading, events = measure(link_for(FakeRadio(peripheral), connect_attempts=3))
    assert reading is None
    assert events.states == [S.SEARCHING, S.CONNECTING, S.FAILED]
    assert events.last.problem == "connect_failed"
    assert "3 attempts" in events.last.detail


def test_a_connection_dropped_before_anything_was_sent_is_made_again() -> None:
    peripheral = cuff([Drop()], NORMAL_SESSION)
    reading, events = measure(link_for(FakeRadio(peripheral)))
    assert reading is not None and reading.values["systolic"] == 128
    assert peripheral.connections == 2
    assert events.states == [
        S.SEARCHING,
        S.CONNECTING,
        S.CONNECTED,
        S.CONNECTING,
        S.CONNECTED,
        S.MEASURING,
        S.DONE,
    ]
    assert peripheral.let_go


@pytest.mark.parametrize(
    "error",
    [
        BleakDBusError("org.bluez.Error.NotPermitted", ["Insufficient Authentication"]),
        BleakDBusError("org.bluez.Error.Failed", ["Operation failed with ATT error: 0x05"]),
        BleakGATTProtocolError(0x0F),  # insufficient encryption
    ],
)
def test_a_device_that_wants_pairing_is_not_paired_without_trying_again(
    error: BaseException,
) -> None:
    peripheral = cuff(NORMAL_SESSION, notify_errors={BP: error})
    reading, events = measure(link_for(FakeRadio(peripheral)))
    assert reading is None
    assert events.states == [S.SEARCHING, S.CONNECTING, S.CONNECTED, S.FAILED]
    assert events.last.problem == "not_paired"
    assert peripheral.connections == 1 and peripheral.let_go


def test_a_device_that_offers_no_measurement_cannot_be_used() -> None:
    peripheral = cuff(NORMAL_SESSION, characteristics=(CUFF,))
    _reading, events = measure(link_for(FakeRadio(peripheral)))
    assert events.last.problem == "connect_failed" and "2A35" in events.last.detail
    assert peripheral.let_go


def test_a_cuff_that_goes_away_mid_reading_leaves_nothing_half_done() -> None:
    peripheral = cuff([Send(CUFF, dev.cuff_pressure(90)), Drop()])
    reading, events = measure(link_for(FakeRadio(peripheral)))
    assert reading is None
    assert events.states == [S.SEARCHING, S.CONNECTING, S.CONNECTED, S.MEASURING, S.FAILED]
    assert events.last.problem == "disconnected_mid_reading"
    assert all(e.reading is None for e in events.events)
    assert peripheral.connections == 1


def test_bytes_that_are_no_measurement_fail_as_garbage_and_are_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    peripheral = cuff([Send(BP, b"\x00\x01\xff"), Hold()])
    reading, events = measure(link_for(FakeRadio(peripheral)))
    assert reading is None
    assert events.last.state is S.FAILED and events.last.problem == "garbage"
    assert "00 01 ff" in caplog.text
    assert peripheral.let_go


def test_a_connected_device_that_sends_nothing_times_out() -> None:
    peripheral = cuff([Hold()])
    reading, events = measure(link_for(FakeRadio(peripheral), reading_s=0.01))
    assert reading is None
    assert events.states == [S.SEARCHING, S.CONNECTING, S.CONNECTED, S.FAILED]
    assert events.last.problem == "timeout"
    assert peripheral.let_go


def test_of_several_stored_measurements_the_newest_is_taken() -> None:
    older = dev.blood_pressure(150, 95, at=datetime(2025, 3, 1, 8, 0))
    newer = dev.blood_pressure(131, 84, at=datetime(2025, 3, 2, 8, 0))
    peripheral = cuff([Send(BP, newer), Send(BP, older), Drop()])
    reading, _events = measure(link_for(FakeRadio(peripheral)))
    assert reading is not None and reading.values["systolic"] == 131
    assert reading.measured_at == datetime(2025, 3, 2, 8, 0)


def test_a_heart_rate_strap_is_read_once_it_has_settled() -> None:
    session: list[dev.Step] = [Send(0x2A37, dev.heart_rate(bpm)) for bpm in (110, 84, 76, 75)]
    strap = FakePeripheral(
        name="HR strap", services=(0x180D,), characteristics=(0x2A37,), sessions=[session]
    )
    reading, events = measure(link_for(FakeRadio(strap)), "heart_rate")
    assert reading is not None and reading.values["pulse"] == 76
    assert events.states == [S.SEARCHING, S.CONNECTING, S.CONNECTED, S.MEASURING, S.DONE]


GLUCOSE_METER = {
    "name": "Glucose meter",
    "services": (0x1808,),
    "characteristics": (0x2A18, 0x2A34, 0x2A52),
}


def test_a_glucose_meter_is_asked_for_its_last_record() -> None:
    meter = FakePeripheral(
        sessions=[
            [
                AwaitWrite(0x2A52),
                Send(0x2A18, dev.glucose(5.4)),
                Send(0x2A52, dev.record_access_answer(0x01)),
                Hold(),
            ]
        ],
        **GLUCOSE_METER,  # type: ignore[arg-type]
    )
    reading, events = measure(link_for(FakeRadio(meter)), "glucose")
    assert reading is not None
    assert reading.values["glucose_mmol_l"] == pytest.approx(5.4)
    assert ("write", 0x2A52, b"\x01\x06") in meter.log
    assert events.last.state is S.DONE and meter.let_go


def test_a_glucose_meter_without_records_says_there_is_no_reading() -> None:
    meter = FakePeripheral(
        sessions=[[AwaitWrite(0x2A52), Send(0x2A52, dev.record_access_answer(0x06)), Hold()]],
        **GLUCOSE_METER,  # type: ignore[arg-type]
    )
    reading, events = measure(link_for(FakeRadio(meter)), "glucose")
    assert reading is None
    assert events.last.problem == "no_reading"


def test_stop_mid_measurement_disconnects_and_reports_nothing_more() -> None:
    peripheral = cuff([Send(CUFF, dev.cuff_pressure(60)), Hold()])
    link = link_for(FakeRadio(peripheral))
    events = EventLog()

    async def scenario() -> DeviceReading | None:
        measuring = asyncio.Event()

        def on_event(event: DeviceEvent) -> None:
            events(event)
            if event.state is S.MEASURING:
                measuring.set()

        task = asyncio.ensure_future(link.measure("blood_pressure", on_event))
        await measuring.wait()
        await link.stop()
        return await task

    assert asyncio.run(scenario()) is None
    assert events.states == [S.SEARCHING, S.CONNECTING, S.CONNECTED, S.MEASURING]
    assert peripheral.log[-1] == ("disconnect",)


def test_the_link_can_measure_again_after_a_failure() -> None:
    peripheral = cuff([Send(BP, b"\xff"), Hold()], NORMAL_SESSION)
    link = link_for(FakeRadio(peripheral))
    first, _ = measure(link)
    second, events = measure(link)
    assert first is None and second is not None
    assert events.states[0] is S.SEARCHING and events.last.state is S.DONE


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=40), characteristic=st.sampled_from([BP, CUFF]))
def test_random_bytes_from_a_cuff_give_a_reading_or_garbage_never_an_exception(
    data: bytes, characteristic: int
) -> None:
    peripheral = cuff([Send(characteristic, data), Drop()])
    reading, events = measure(link_for(FakeRadio(peripheral)))
    last = events.last
    assert last.state in (S.DONE, S.FAILED)
    if last.state is S.DONE:
        assert reading is not None and reading.kind == "blood_pressure"
    else:
        assert reading is None
        assert last.problem in ("garbage", "disconnected_mid_reading")
    assert peripheral.let_go


def test_problem_codes_for_errors_that_say_nothing_specific_keep_the_step_default() -> None:
    assert bluetooth_problem(BleakError("le-connection-abort-by-local"), "x") == "x"
    assert bluetooth_problem(BleakGATTProtocolError(0x0E), "x") == "x"
    assert bluetooth_problem(BleakDBusError("org.bluez.Error.Failed", []), "x") == "x"
