"""Steps shared by the screen tests: walking to the confirm screen, reading the store."""

from __future__ import annotations

import threading

from app import outbox
from tests.helpers.kiosk_fixtures import Kiosk
from tests.helpers.queries import fetch_all
from ui.home.screen import HomeScreen
from ui.services.choice import ChoiceScreen
from ui.services.confirm import ConfirmScreen
from ui.services.result import OrderResultScreen

LUNCH_FOR_TWO = {"meal": "today_lunch", "portions": "2"}
ZH_PRICE = "补贴后 ¥16.00（原价 ¥30.00）"
EN_PRICE = "¥16.00 after your subsidy (full price ¥30.00)"


def orders_in_db(kiosk: Kiosk) -> list[dict]:
    return fetch_all(kiosk.store, "SELECT * FROM orders ORDER BY created_at")


def events_of_kind(kiosk: Kiosk, kind: str) -> list[outbox.OutboxEvent]:
    return [e for e in outbox.events(kiosk.store) if e.kind == kind]


def open_meals_confirm(kiosk: Kiosk) -> ConfirmScreen:
    """Home -> 助餐 -> 今天午餐 -> 2 份: the read-back screen."""
    home = kiosk.current()
    assert isinstance(home, HomeScreen)
    kiosk.tap(home.tiles["meals"])
    meal = kiosk.current()
    assert isinstance(meal, ChoiceScreen)
    assert meal.choice_list.id == "meal"
    kiosk.tap(meal.buttons["today_lunch"])
    portions = kiosk.current()
    assert isinstance(portions, ChoiceScreen)
    assert portions.choice_list.id == "portions"
    kiosk.tap(portions.buttons["2"])
    confirm = kiosk.current()
    assert isinstance(confirm, ConfirmScreen)
    return confirm


def confirm_and_wait(kiosk: Kiosk, confirm: ConfirmScreen) -> OrderResultScreen:
    with kiosk.qtbot.wait_signal(kiosk.window.sig_screen_changed, timeout=5000) as blocker:
        kiosk.tap(confirm.confirm_button)
    [result] = blocker.args
    assert isinstance(result, OrderResultScreen)
    kiosk.wait_idle()
    return result


class Gate:
    """Holds the one store worker busy, so that taps land while a save is still running."""

    def __init__(self, kiosk: Kiosk) -> None:
        self._opened = threading.Event()
        self._kiosk = kiosk
        kiosk.ctx.tasks.run(lambda: self._opened.wait(10))

    def open(self) -> None:
        self._opened.set()
