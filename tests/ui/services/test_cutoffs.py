"""Cut-offs before choosing: an answer says until when it can be ordered, one past its cut-off
cannot be tapped or said and says why, a service not offered today says so on its first
screen, and Yes after a cut-off orders nothing. The kiosk's clock is pinned in each test."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt

from app.orders import OrderStatus
from tests.helpers.kiosk_fixtures import Kiosk, KioskFactory
from tests.helpers.ordering import open_meals_confirm, orders_in_db
from ui.services.choice import ChoiceScreen
from ui.services.closed import OrderClosedScreen
from ui.services.confirm import ConfirmScreen
from ui.services.flow import start_order

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(hour: int, minute: int = 0) -> datetime:
    """Tuesday 2026-06-09 at ``hour``:``minute`` in the center's time zone."""
    return datetime(2026, 6, 9, hour, minute, tzinfo=SHANGHAI).astimezone(UTC)


def open_meals(kiosk: Kiosk) -> ChoiceScreen:
    kiosk.tap(kiosk.current().tiles["meals"])
    meal = kiosk.current()
    assert isinstance(meal, ChoiceScreen) and meal.choice_list.id == "meal"
    return meal


@pytest.mark.parametrize(
    ("language", "lunch", "dinner"),
    [
        ("zh_CN", "今天午餐 · 10:00前可订", "今天晚餐 · 16:00前可订"),
        ("en_US", "Lunch today · order by 10:00", "Dinner today · order by 16:00"),
    ],
)
def test_each_answer_says_its_cutoff_before_it_is_chosen(
    kiosk_factory: KioskFactory, language: str, lunch: str, dinner: str
) -> None:
    kiosk = kiosk_factory(language=language, now=at(9, 59))
    meal = open_meals(kiosk)
    assert meal.buttons["today_lunch"].text() == lunch
    assert meal.buttons["today_dinner"].text() == dinner
    assert all(button.isEnabled() for button in meal.buttons.values())
    assert not meal.closed_note.isVisible()
    said = meal.spoken_text()
    assert "10:00" in said and "16:00" in said


@pytest.mark.parametrize(
    ("language", "closed", "note"),
    [
        ("zh_CN", "今天午餐 · 10:00已截止", "今天午餐已经截止，请选别的。"),
        ("en_US", "Lunch today · closed at 10:00", "Too late to order Lunch today."),
    ],
)
def test_an_answer_past_its_cutoff_is_shown_closed_with_why(
    kiosk_factory: KioskFactory, language: str, closed: str, note: str
) -> None:
    kiosk = kiosk_factory(language=language, now=at(10, 0))
    meal = open_meals(kiosk)
    lunch = meal.buttons["today_lunch"]
    assert lunch.text() == closed
    assert not lunch.isEnabled()
    assert meal.buttons["today_dinner"].isEnabled()
    assert meal.closed_note.isVisible() and note in meal.closed_note.text()
    assert note in meal.spoken_text()
    # A tap on it does nothing: no next question.
    kiosk.qtbot.mouseClick(lunch, Qt.MouseButton.LeftButton)
    assert kiosk.current() is meal


def test_a_closed_answer_said_aloud_is_explained_not_chosen(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(now=at(11))
    meal = open_meals(kiosk)
    assert "option.today_lunch" not in meal.action_labels()
    assert meal.voice_act("option.today_lunch", {"portions": "2"})
    assert kiosk.current() is meal
    kiosk.wait_spoken("今天午餐已经截止")
    meal.voice_commands()["option.today_lunch"]()
    assert kiosk.current() is meal
    # An open one still goes on, with a later answer said ahead.
    assert meal.voice_act("option.tomorrow_lunch", {"portions": "2"})
    confirm = kiosk.current()
    assert isinstance(confirm, ConfirmScreen)
    assert confirm.picked == {"meal": "tomorrow_lunch", "portions": "2"}


def test_a_closed_answer_said_ahead_from_home_is_asked_again(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(now=at(10, 30))
    kiosk.current().voice_act("service.meals", {"meal": "today_lunch", "portions": "2"})
    meal = kiosk.current()
    assert isinstance(meal, ChoiceScreen) and meal.choice_list.id == "meal"
    assert meal.picked == {"portions": "2"}
    assert not meal.buttons["today_lunch"].isEnabled()


def test_an_answer_closes_while_the_question_is_shown(kiosk_factory: KioskFactory) -> None:
    moments = [at(9, 59)]
    kiosk = kiosk_factory()
    kiosk.ctx.clock = lambda: moments[-1]
    meal = open_meals(kiosk)
    assert meal.buttons["today_lunch"].isEnabled()
    moments.append(at(10, 1))
    meal.pick("today_lunch")  # as the tap that lands after ten
    assert kiosk.current() is meal
    assert not meal.buttons["today_lunch"].isEnabled()
    kiosk.wait_spoken("今天午餐已经截止")


def test_yes_after_the_cutoff_orders_nothing_and_says_what_to_do(
    kiosk_factory: KioskFactory,
) -> None:
    moments = [at(9, 58)]
    kiosk = kiosk_factory()
    kiosk.ctx.clock = lambda: moments[-1]
    confirm = open_meals_confirm(kiosk)
    moments.append(at(10, 2))
    kiosk.tap(confirm.confirm_button)
    closed = kiosk.wait_screen(OrderClosedScreen)
    assert "没有下单" in closed.message and "10:00" in closed.message
    assert orders_in_db(kiosk) == []
    kiosk.wait_spoken("没有下单")
    assert closed.again_button is not None
    kiosk.tap(closed.again_button)
    meal = kiosk.wait_screen(ChoiceScreen)
    assert not meal.buttons["today_lunch"].isEnabled()
    assert meal.buttons["tomorrow_lunch"].isEnabled()


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("zh_CN", ["助洁今天不提供", "星期一"]),
        ("en_US", ["Cleaning is not offered today", "Monday"]),
    ],
)
def test_a_service_not_offered_today_says_so_on_its_first_screen(
    kiosk_factory: KioskFactory, language: str, words: list[str]
) -> None:
    kiosk = kiosk_factory(language=language, now=at(9))  # a Tuesday
    cleaning = kiosk.ctx.catalog.service("cleaning")
    assert cleaning is not None
    mondays = cleaning._replace(days=frozenset({0}))
    kiosk.window.push(start_order(kiosk.ctx, kiosk.window, mondays))
    closed = kiosk.wait_screen(OrderClosedScreen)
    shown = " ".join(kiosk.visible_texts())
    assert all(word in shown for word in words), shown
    assert closed.again_button is None
    kiosk.wait_spoken(words[0])


def test_a_service_past_its_own_cutoff_says_come_back_tomorrow(
    kiosk_factory: KioskFactory,
) -> None:
    from datetime import time

    kiosk = kiosk_factory(now=at(17))
    cleaning = kiosk.ctx.catalog.service("cleaning")
    assert cleaning is not None
    kiosk.window.push(start_order(kiosk.ctx, kiosk.window, cleaning._replace(until=time(16))))
    closed = kiosk.wait_screen(OrderClosedScreen)
    assert "16:00" in closed.message and "明天" in closed.message
    assert not [s for s in orders_in_db(kiosk) if s["status"] != OrderStatus.CANCELLED]
