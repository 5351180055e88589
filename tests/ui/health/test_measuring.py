"""Measuring with a simulated device, from the steps to the result: normal, high with an alert
and its acknowledgement, flagged, garbage and a device that goes away mid-reading."""

from __future__ import annotations

from typing import Any

import pytest

from app.delivery import Changes
from app.devices.simulator import SimulatedDevice
from app.vitals import history
from tests.helpers.health import WAIT_MS, measure_with, simulated
from tests.helpers.kiosk_fixtures import KioskFactory
from ui.health.measuring import MeasuringScreen
from ui.health.result import ResultScreen
from ui.health.words import SAVED, SEEN, SENT

pytestmark = pytest.mark.usefixtures("device_loop")


def saved_readings(kiosk: Any, kind: str) -> list[Any]:
    from datetime import timedelta

    from app.clock import utc_now

    resident = kiosk.ctx.session.resident
    return history(kiosk.store, resident, kind, since=utc_now() - timedelta(days=1))


def test_a_normal_blood_pressure_is_shown_said_and_saved(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    measure_with(kiosk, "blood_pressure", simulated("normal"))
    result = kiosk.wait_screen(ResultScreen)
    assert [g.caption.text() for g in result.groups] == ["血压", "脉搏"]
    number = result.groups[0].number.text()
    systolic, diastolic = (int(part) for part in number.split("/"))
    assert 90 <= systolic < 140 and 60 <= diastolic < 90
    # A typical cuff reading: normal, or the guideline's "normal high" (120-139 / 80-89).
    assert result.badge.level in ("normal", "a_bit_high") and not result.judgement.alert
    word = result.badge.word.text()
    assert word == result.judgement.word("zh_CN")
    kiosk.qtbot.waitUntil(lambda: result.delivery == SAVED, timeout=WAIT_MS)
    assert "已保存在本机" in kiosk.wait_spoken(f"血压{word}")
    [saved] = saved_readings(kiosk, "blood_pressure")
    assert saved.values["systolic"] == systolic and saved.source == "device"


def test_a_high_reading_tells_staff_only_once_the_center_has_it_and_names_who_saw_it(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory()
    measure_with(kiosk, "blood_pressure", simulated("high"))
    result = kiosk.wait_screen(ResultScreen)
    kiosk.qtbot.waitUntil(lambda: result.delivery == SAVED, timeout=WAIT_MS)
    assert result.judgement.alert
    assert "正在告诉工作人员" in result.sentence_label.text()
    reading_id = result.saved.id
    with kiosk.qtbot.waitSignal(result.sig_delivery, timeout=WAIT_MS) as sent:
        kiosk.ctx.sync.report_changes(Changes(readings_sent=[reading_id]))
    assert sent.args == [SENT]
    assert "已经告诉工作人员" in result.sentence_label.text()
    with kiosk.qtbot.waitSignal(result.sig_delivery, timeout=WAIT_MS) as seen:
        kiosk.ctx.sync.report_changes(Changes(readings_acked={reading_id: "王护士"}))
    assert seen.args == [SEEN]
    assert "王护士已看到" in result.delivery_label.text()
    assert "王护士已看到" in kiosk.wait_spoken("王护士")


def test_a_flagged_measurement_asks_to_measure_again_and_keeps_nothing(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory()
    device = simulated("flagged", "normal")
    measure_with(kiosk, "blood_pressure", device)
    result = kiosk.wait_screen(ResultScreen)
    assert result.judgement.remeasure and result.groups == []
    assert result.badge.level == "unsure"
    assert "请再量一次" in result.sentence_label.text()
    kiosk.tap(result.again_button)
    again = kiosk.wait_screen(ResultScreen)
    assert again is not result and again.badge.level == "normal"
    kiosk.qtbot.waitUntil(lambda: again.delivery == SAVED, timeout=WAIT_MS)
    assert len(saved_readings(kiosk, "blood_pressure")) == 1


@pytest.mark.parametrize(
    ("behaviour", "words"),
    [
        ("garbage", "无法识别"),
        ("disconnect", "没有保存"),
        ("not_found", "没有找到"),
        ("bluetooth_off", "蓝牙"),
    ],
)
def test_a_failing_device_says_what_to_do_and_saves_nothing(
    kiosk_factory: KioskFactory, behaviour: str, words: str
) -> None:
    kiosk = kiosk_factory()
    screen = measure_with(kiosk, "blood_pressure", simulated(behaviour))
    kiosk.qtbot.waitUntil(lambda: screen.state == "failed", timeout=WAIT_MS)
    assert isinstance(kiosk.current(), MeasuringScreen)
    assert words in screen.state_text()
    assert words in "".join(kiosk.visible_texts())
    assert screen.type_button.isVisible()
    kiosk.wait_spoken(words)
    assert saved_readings(kiosk, "blood_pressure") == []


def test_cancel_stops_the_device_and_keeps_nothing(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    # A cuff at its real pace: still connecting when Cancel is tapped.
    device = SimulatedDevice(["normal"], pace_s=1.0)
    screen = measure_with(kiosk, "blood_pressure", device)
    kiosk.qtbot.waitUntil(lambda: screen.task is not None, timeout=WAIT_MS)
    task = screen.task
    kiosk.tap(screen.cancel_button)
    assert not isinstance(kiosk.current(), MeasuringScreen)
    kiosk.qtbot.waitUntil(task.done, timeout=WAIT_MS)
    assert not isinstance(kiosk.current(), ResultScreen)
    assert saved_readings(kiosk, "blood_pressure") == []
