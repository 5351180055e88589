"""Typing a reading in on the number pad: one value at a time, refusals in plain words (shown
and said), optional values skipped, the meal for blood sugar, and the same result screen."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from app.clock import utc_now
from app.store import StoreError
from app.vitals import history, judge, record_reading
from tests.helpers.health import WAIT_MS
from tests.helpers.kiosk_fixtures import Kiosk, KioskFactory
from ui.health.home import HealthHomeScreen
from ui.health.result import ResultScreen
from ui.health.typed import MealScreen, TypeKindScreen, TypeValueScreen
from ui.health.words import NOT_SAVED, SAVED
from ui.screen import Screen
from ui.signin.screen import SignInScreen


def open_typing(kiosk: Kiosk, kind: str) -> TypeValueScreen:
    kiosk.window.open_feature("health")
    home = kiosk.wait_screen(HealthHomeScreen)
    kiosk.tap(home.entries["type_in"])
    chooser = kiosk.wait_screen(TypeKindScreen)
    kiosk.tap(chooser.buttons[kind])
    return kiosk.wait_screen(TypeValueScreen)


def type_number(kiosk: Kiosk, screen: TypeValueScreen, text: str) -> None:
    """Taps the keys of ``text`` and OK."""
    pad = screen.pad
    for character in text:
        pad.press(character)  # the keys themselves are tapped in test_a_typed_value_is_checked
    kiosk.tap(pad.buttons["ok"])


def saved(kiosk: Kiosk, kind: str) -> list[Any]:
    resident = kiosk.ctx.session.resident
    assert resident is not None
    return history(kiosk.store, resident, kind, since=utc_now() - timedelta(days=1))


def test_a_typed_blood_pressure_is_checked_value_by_value_and_saved_as_typed(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory()
    systolic = open_typing(kiosk, "blood_pressure")
    assert "高压（收缩压）" in systolic.question and "毫米汞柱" in systolic.question
    for key in "145":
        kiosk.tap(systolic.pad.buttons[key])
    assert systolic.pad.display.text() == "145 毫米汞柱"
    kiosk.tap(systolic.pad.buttons["ok"])
    diastolic = kiosk.wait_screen(TypeValueScreen)
    assert diastolic.spec.key == "diastolic"
    type_number(kiosk, diastolic, "92")
    pulse = kiosk.wait_screen(TypeValueScreen)
    assert pulse.spec.key == "pulse" and pulse.skip_button is not None
    kiosk.tap(pulse.skip_button)
    result = kiosk.wait_screen(ResultScreen)
    assert [g.number.text() for g in result.groups] == ["145/92"]
    assert result.again_button is None  # nothing to measure again: it was typed
    kiosk.qtbot.waitUntil(lambda: result.delivery == SAVED, timeout=WAIT_MS)
    [reading] = saved(kiosk, "blood_pressure")
    assert reading.source == "typed"
    assert reading.values == {"systolic": 145, "diastolic": 92}
    # Back from the result goes home, not into the numbers typed.
    kiosk.tap(kiosk.window.back_button)
    assert not isinstance(kiosk.current(), TypeValueScreen)


def test_an_impossible_value_is_refused_in_plain_words_and_said(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory()
    screen = open_typing(kiosk, "blood_pressure")
    type_number(kiosk, screen, "400")
    assert kiosk.current() is screen
    assert screen.problem == "高压不会高过300，请再看一看。"
    assert screen.problem in kiosk.visible_texts()
    kiosk.wait_spoken("高压不会高过300")
    # Corrected, it goes on.
    screen.pad.clear()
    type_number(kiosk, screen, "150")
    assert kiosk.wait_screen(TypeValueScreen).spec.key == "diastolic"
    assert saved(kiosk, "blood_pressure") == []


def test_a_diastolic_above_the_systolic_is_refused(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    type_number(kiosk, open_typing(kiosk, "blood_pressure"), "120")
    diastolic: TypeValueScreen = kiosk.wait_screen(TypeValueScreen)
    type_number(kiosk, diastolic, "130")
    assert kiosk.current() is diastolic
    assert "低压要比高压小" in diastolic.problem


def test_nothing_typed_is_asked_for_and_a_slip_is_questioned(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(language="en_US")
    screen = open_typing(kiosk, "temperature")
    assert screen.question == "Type the temperature, in °C."
    kiosk.tap(screen.pad.buttons["ok"])  # nothing typed: OK does nothing yet
    assert kiosk.current() is screen
    assert screen.problem == ""
    type_number(kiosk, screen, "366")
    assert "Did you mean 36.6?" in screen.problem


def test_a_temperature_takes_one_decimal_and_no_more(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    screen = open_typing(kiosk, "temperature")
    for key in ["3", "7", ".", "8", "5", "."]:
        kiosk.tap(screen.pad.buttons[key])
    assert screen.pad.digits == "37.8"
    kiosk.tap(screen.pad.buttons["ok"])
    result = kiosk.wait_screen(ResultScreen)
    assert [g.number.text() for g in result.groups] == ["37.8"]
    kiosk.qtbot.waitUntil(lambda: result.delivery == SAVED, timeout=WAIT_MS)
    assert saved(kiosk, "temperature")[0].values == {"temperature_c": 37.8}


def test_whole_numbers_have_no_decimal_point(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    screen = open_typing(kiosk, "blood_pressure")
    assert "." not in screen.pad.buttons
    screen.pad.press(".")
    assert screen.pad.digits == ""


def test_blood_sugar_asks_about_the_last_meal(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    type_number(kiosk, open_typing(kiosk, "glucose"), "9.2")
    meal = kiosk.wait_screen(MealScreen)
    kiosk.tap(meal.buttons["after_meal"])
    result = kiosk.wait_screen(ResultScreen)
    kiosk.qtbot.waitUntil(lambda: result.delivery == SAVED, timeout=WAIT_MS)
    [reading] = saved(kiosk, "glucose")
    assert reading.meal == "after_meal" and reading.values == {"glucose_mmol_l": 9.2}


def fill_storage(kiosk: Kiosk) -> None:
    """Let the file grow no more, then keep readings until one more no longer fits."""
    kiosk.fill_disk()
    resident = kiosk.ctx.session.resident
    assert resident is not None
    judgement = judge("temperature", {"temperature_c": 36.5})
    for _ in range(5000):
        try:
            record_reading(
                kiosk.store, resident, "temperature", judgement.values, judgement=judgement
            )
        except StoreError as error:
            assert error.kind == "disk_full"
            return
    pytest.fail("max_page_count never stopped a write")


def test_a_reading_that_cannot_be_saved_says_so_and_what_to_do(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory()
    screen = open_typing(kiosk, "temperature")
    fill_storage(kiosk)
    before = len(saved(kiosk, "temperature"))
    try:
        type_number(kiosk, screen, "36.9")
        result = kiosk.wait_screen(ResultScreen)
        kiosk.qtbot.waitUntil(lambda: result.delivery == NOT_SAVED, timeout=WAIT_MS)
    finally:
        kiosk.free_disk()
    words = result.delivery_text()
    assert "存储空间满了" in words and kiosk.ctx.config.center_phone in words
    assert kiosk.wait_spoken("存储空间满了")
    # The numbers stay on screen, and nothing half-saved is left behind.
    assert [g.number.text() for g in result.groups] == ["36.9"]
    assert len(saved(kiosk, "temperature")) == before


def test_a_shared_kiosk_asks_for_a_card_before_health(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(mode="kiosk")
    kiosk.tap(kiosk.current().entries["health"])  # type: ignore[attr-defined]
    assert isinstance(kiosk.current(), SignInScreen)
    assert not any(isinstance(s, HealthHomeScreen) for s in kiosk.window.findChildren(Screen))
