"""Ordering a service by taps: choices, read-back, confirm, result; and storage failures."""

from __future__ import annotations

import pytest

from app import outbox
from app.orders import place_order
from app.store import StoreError
from tests.helpers.kiosk_fixtures import Kiosk, KioskFactory
from tests.helpers.ordering import (
    EN_PRICE,
    LUNCH_FOR_TWO,
    ZH_PRICE,
    Gate,
    confirm_and_wait,
    events_of_kind,
    open_meals_confirm,
    orders_in_db,
)
from tests.helpers.queries import row_counts
from ui.home.screen import HomeScreen
from ui.services.choice import ChoiceScreen
from ui.services.confirm import ConfirmScreen
from ui.services.result import OrderResultScreen

# -- the meal order, start to end ----------------------------------------------------------------


def test_ordering_lunch_for_two_saves_one_waiting_order_and_says_so(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory()
    window = kiosk.window

    kiosk.tap(kiosk.current().tiles["meals"])
    meal = kiosk.current()
    assert isinstance(meal, ChoiceScreen)
    assert window.title_label.text() == "助餐"
    assert "订哪一餐？" in kiosk.visible_texts()
    # Today's lunch says its cut-off before it is chosen (the kiosk's clock: 08:30).
    assert {b.text() for b in meal.buttons.values()} >= {"今天午餐 · 10:00前可订", "明天晚餐"}
    kiosk.tap(meal.buttons["today_lunch"])
    portions = kiosk.current()
    assert isinstance(portions, ChoiceScreen)
    assert "要几份？" in kiosk.visible_texts()
    kiosk.tap(portions.buttons["2"])

    confirm = kiosk.current()
    assert isinstance(confirm, ConfirmScreen)
    assert window.title_label.text() == "确认订单"
    shown = kiosk.visible_texts()
    assert "助餐，今天午餐，2 份" in shown
    assert ZH_PRICE in shown
    read_back = kiosk.wait_spoken(ZH_PRICE)
    assert "助餐，今天午餐，2 份" in read_back
    assert orders_in_db(kiosk) == []  # nothing is ordered before the tap on 确认下单

    result = confirm_and_wait(kiosk, confirm)
    assert window.title_label.text() == "订单已保存"
    assert result.chip.word.text() == "已保存在本机"
    assert result.chip.word.isVisible()
    assert "已保存在本机，有网络时会发给社区中心。" in kiosk.visible_texts()
    said = kiosk.wait_spoken("您的订单：助餐")
    assert "已保存在本机" in said and "已订好" not in said

    [order] = orders_in_db(kiosk)
    assert order["status"] == "waiting"
    assert order["service_id"] == "meals"
    assert order["quantity"] == 2
    assert order["price_fen"] == 1600
    assert order["resident_id"] == kiosk.ctx.session.resident.id
    [event] = outbox.events(kiosk.store)
    assert event.kind == "order.create"
    assert event.payload["order_id"] == order["id"]
    assert event.payload["choices"] == LUNCH_FOR_TWO
    assert result.order is not None and result.order.id == order["id"]

    # Back leaves the finished flow: home, not the confirm screen (no second order).
    assert window.back_button.isVisible()
    kiosk.tap(window.back_button)
    assert isinstance(kiosk.current(), HomeScreen)
    assert not window.back_button.isVisible()
    assert len(orders_in_db(kiosk)) == 1


def test_a_double_tap_on_confirm_places_one_order(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    confirm = open_meals_confirm(kiosk)
    gate = Gate(kiosk)  # the save cannot finish until both taps are in

    kiosk.tap(confirm.confirm_button)
    kiosk.tap(confirm.confirm_button)
    confirm.confirm()  # even a tap that reached the handler is refused
    assert kiosk.current() is confirm
    assert not confirm.confirm_button.isEnabled()
    assert confirm.confirm_button.text() == "正在保存…"

    with kiosk.qtbot.wait_signal(kiosk.window.sig_screen_changed, timeout=5000):
        gate.open()
    kiosk.wait_idle()
    assert isinstance(kiosk.current(), OrderResultScreen)
    assert len(orders_in_db(kiosk)) == 1
    assert len(events_of_kind(kiosk, "order.create")) == 1


def test_a_service_with_one_question_asks_once_then_reads_back(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory()
    kiosk.tap(kiosk.current().tiles["cleaning"])
    when = kiosk.current()
    assert isinstance(when, ChoiceScreen)
    assert when.choice_list.id == "when"
    assert "什么时候需要？" in kiosk.visible_texts()
    kiosk.tap(when.buttons["tomorrow_morning"])

    confirm = kiosk.current()
    assert isinstance(confirm, ConfirmScreen)
    assert "助洁，明天上午" in kiosk.visible_texts()
    assert "补贴后 ¥30.00（原价 ¥60.00）" in kiosk.visible_texts()
    result = confirm_and_wait(kiosk, confirm)
    assert result.order is not None
    [order] = orders_in_db(kiosk)
    assert (order["service_id"], order["quantity"], order["price_fen"]) == ("cleaning", 1, 3000)


def test_a_service_without_questions_goes_straight_to_a_free_confirm(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory()
    kiosk.tap(kiosk.current().tiles["urgent"])

    confirm = kiosk.current()
    assert isinstance(confirm, ConfirmScreen)
    assert "免费" in kiosk.visible_texts()
    assert "免费" in kiosk.wait_spoken("助急")
    assert not any("¥" in text for text in kiosk.visible_texts())

    # Back from this confirm goes home: there was no question before it.
    kiosk.tap(kiosk.window.back_button)
    assert isinstance(kiosk.current(), HomeScreen)
    kiosk.tap(kiosk.current().tiles["urgent"])
    confirm_and_wait(kiosk, kiosk.current())
    [order] = orders_in_db(kiosk)
    assert (order["service_id"], order["price_fen"]) == ("urgent", 0)


def test_no_go_back_on_the_confirm_screen_orders_nothing(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    confirm = open_meals_confirm(kiosk)
    assert confirm.cancel_button.text() == "不要了"
    kiosk.tap(confirm.cancel_button)
    assert isinstance(kiosk.current(), HomeScreen)
    kiosk.wait_idle()
    assert orders_in_db(kiosk) == []
    assert outbox.events(kiosk.store) == []


def test_the_same_flow_in_english_shows_and_says_english(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(language="en_US")
    window = kiosk.window
    home = kiosk.current()
    assert window.title_label.text() == "Services"
    assert home.tiles["meals"].name_label.text() == "Meals"
    assert window.read_button.text() == "Read aloud"
    assert window.sos_button.text() == "SOS"

    kiosk.tap(home.tiles["meals"])
    assert "Which meal?" in kiosk.visible_texts()
    assert kiosk.current().buttons["today_lunch"].text() == "Lunch today · order by 10:00"
    kiosk.tap(kiosk.current().buttons["today_lunch"])
    assert "How many portions?" in kiosk.visible_texts()
    kiosk.tap(kiosk.current().buttons["2"])

    confirm = kiosk.current()
    assert window.title_label.text() == "Your order"
    assert EN_PRICE in kiosk.visible_texts()
    assert confirm.confirm_button.text() == "Yes, order"
    read_back = kiosk.wait_spoken(EN_PRICE)
    assert read_back.startswith("You are ordering: Meals")
    assert "Lunch today" in read_back and "2 portions" in read_back

    result = confirm_and_wait(kiosk, confirm)
    assert window.title_label.text() == "Order saved"
    assert result.chip.word.text() == "Saved on this kiosk"
    said = kiosk.wait_spoken("Your order: Meals")
    assert "It will be sent to the center when the network allows." in said
    assert window.back_button.text() == "Back"
    assert window.home_button.text() == "Home"


def test_english_read_back_uses_english_punctuation(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(language="en_US")
    confirm = open_meals_confirm(kiosk)
    assert "，" not in confirm.summary
    assert confirm.summary == "Meals, Lunch today, 2 portions"


# -- storage failures ----------------------------------------------------------------------------


def fill_storage(kiosk: Kiosk) -> None:
    """Let the file grow no more, then write orders until an identical one no longer fits."""
    kiosk.fill_disk()
    resident = kiosk.ctx.session.resident
    meals = kiosk.ctx.catalog.service("meals")
    for _ in range(2000):
        try:
            place_order(kiosk.store, resident, meals, LUNCH_FOR_TWO)
        except StoreError as exc:
            assert exc.kind == "disk_full"
            return
    pytest.fail("max_page_count never stopped a write")


def test_a_full_disk_says_not_saved_and_what_to_do_then_works_after_space_is_freed(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory(config_changes={"center_phone": "010-8888-0000"})
    window = kiosk.window
    fill_storage(kiosk)
    before = row_counts(kiosk.store)
    ids_before = {row["id"] for row in orders_in_db(kiosk)}

    confirm = open_meals_confirm(kiosk)
    result = confirm_and_wait(kiosk, confirm)

    assert result.order is None
    assert window.title_label.text() == "订单没有保存"
    assert result.chip.word.text() == "没有保存"
    shown = " ".join(kiosk.visible_texts())
    assert "存储空间满了" in shown
    assert "010-8888-0000" in shown
    assert "已订好" not in shown
    assert "订单已保存" not in shown
    assert "查看我的订单" not in kiosk.visible_texts()  # no way to go and look for it
    said = kiosk.wait_spoken("010-8888-0000")
    assert "已订好" not in said
    assert not any("已订好" in text for text in kiosk.spoken)
    assert row_counts(kiosk.store) == before
    assert {row["id"] for row in orders_in_db(kiosk)} == ids_before
    assert kiosk.store.integrity_check() == "ok"

    kiosk.free_disk()
    kiosk.tap(window.home_button)
    result = confirm_and_wait(kiosk, open_meals_confirm(kiosk))
    assert result.order is not None
    assert window.title_label.text() == "订单已保存"
    after = row_counts(kiosk.store)
    assert after["orders"] == before["orders"] + 1
    assert after["outbox"] == before["outbox"] + 1
    [new] = [row for row in orders_in_db(kiosk) if row["id"] not in ids_before]
    assert (new["id"], new["status"], new["price_fen"]) == (result.order.id, "waiting", 1600)


def test_after_a_failed_save_back_returns_to_the_question(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    fill_storage(kiosk)
    confirm_and_wait(kiosk, open_meals_confirm(kiosk))
    assert kiosk.window.title_label.text() == "订单没有保存"

    kiosk.free_disk()
    kiosk.tap(kiosk.window.back_button)
    portions = kiosk.current()
    assert isinstance(portions, ChoiceScreen)
    assert portions.choice_list.id == "portions"
    kiosk.tap(portions.buttons["2"])
    result = confirm_and_wait(kiosk, kiosk.current())
    assert result.order is not None


def test_home_during_a_failing_save_keeps_the_home_screen_underneath(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory()
    fill_storage(kiosk)
    confirm = open_meals_confirm(kiosk)
    gate = Gate(kiosk)
    kiosk.tap(confirm.confirm_button)
    kiosk.tap(kiosk.window.home_button)  # the footer stays live while saving
    assert isinstance(kiosk.current(), HomeScreen)

    with kiosk.qtbot.wait_signal(kiosk.window.sig_screen_changed, timeout=5000):
        gate.open()
    kiosk.wait_idle()
    assert isinstance(kiosk.current(), OrderResultScreen)
    assert kiosk.window.home_button.isVisible()
    kiosk.tap(kiosk.window.home_button)
    assert isinstance(kiosk.current(), HomeScreen)
