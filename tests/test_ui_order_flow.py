"""The order flow as the elder meets it: tap a service, answer, hear the read-back, confirm.

Every test drives the real window with taps and looks at what is shown, what is said and what
was written to the database and the outbox.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from app import outbox
from app.orders import OrderStatus, apply_status, place_order
from app.people import find_by_card
from app.store import StoreError
from tests.helpers.kiosk_fixtures import Kiosk, KioskFactory
from tests.helpers.queries import fetch_all, row_counts
from ui.home.screen import HomeScreen
from ui.orders.screen import CancelConfirmScreen, OrdersScreen
from ui.placeholder.screen import ComingSoonScreen
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
    assert {b.text() for b in meal.buttons.values()} >= {"今天午餐", "明天晚餐"}
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
    assert result.chip.word.text() == "等待发送"
    assert result.chip.word.isVisible()
    kiosk.wait_spoken("已订好")

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
    assert kiosk.current().buttons["today_lunch"].text() == "Lunch today"
    kiosk.tap(kiosk.current().buttons["today_lunch"])
    assert "How many portions?" in kiosk.visible_texts()
    kiosk.tap(kiosk.current().buttons["2"])

    confirm = kiosk.current()
    assert window.title_label.text() == "Confirm your order"
    assert EN_PRICE in kiosk.visible_texts()
    assert confirm.confirm_button.text() == "Yes, order"
    read_back = kiosk.wait_spoken(EN_PRICE)
    assert read_back.startswith("You are ordering: Meals")
    assert "Lunch today" in read_back and "2 portions" in read_back

    result = confirm_and_wait(kiosk, confirm)
    assert window.title_label.text() == "Order saved"
    assert result.chip.word.text() == "Waiting to send"
    kiosk.wait_spoken("Ordered: Meals")
    assert window.back_button.text() == "Back"
    assert window.home_button.text() == "Home"


def test_english_read_back_uses_english_punctuation(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(language="en_US")
    confirm = open_meals_confirm(kiosk)
    assert "，" not in confirm.summary
    assert confirm.summary == "Meals, Lunch today, 2 portions"


# -- my orders -----------------------------------------------------------------------------------


def seed_orders(kiosk: Kiosk, services: list[str]) -> list[str]:
    """Place orders for the signed-in resident, one minute apart, oldest first; their ids."""
    resident = kiosk.ctx.session.resident
    start = datetime(2024, 6, 11, 1, 0, tzinfo=UTC)
    ids = []
    for minute, service_id in enumerate(services):
        service = kiosk.ctx.catalog.service(service_id)
        choices = {c.id: c.options[0].id for c in service.choices}
        order = place_order(
            kiosk.store, resident, service, choices, now=start + timedelta(minutes=minute)
        )
        ids.append(order.id)
    return ids


def open_my_orders(kiosk: Kiosk) -> OrdersScreen:
    home = kiosk.current()
    assert isinstance(home, HomeScreen)
    kiosk.tap(home.entries["orders"])
    screen = kiosk.current()
    assert isinstance(screen, OrdersScreen)
    wait_rows_shown(kiosk, screen)
    return screen


def wait_rows_shown(kiosk: Kiosk, screen: OrdersScreen) -> None:
    """Wait until the orders are loaded and their rows are on screen (a layout shows new
    widgets on the next turn of the event loop)."""
    kiosk.qtbot.waitUntil(
        lambda: screen.loaded and all(row.isVisible() for row in screen.rows), timeout=5000
    )


def test_my_orders_lists_newest_first_with_status_words(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    cleaning, bathing, meals = seed_orders(kiosk, ["cleaning", "bathing", "meals"])
    apply_status(kiosk.store, bathing, OrderStatus.ACCEPTED, by="center")
    apply_status(kiosk.store, cleaning, OrderStatus.SENT, by="center")

    screen = open_my_orders(kiosk)
    assert kiosk.window.title_label.text() == "我的订单"
    assert "您的订单（最新的在最前面）：" in kiosk.visible_texts()
    assert [row.order.id for row in screen.rows] == [meals, bathing, cleaning]
    assert [row.chip.word.text() for row in screen.rows] == ["等待发送", "已接单", "已发送"]
    assert screen.rows[0].summary == "助餐，今天午餐，1 份"
    assert all(row.isVisible() for row in screen.rows)


def test_my_orders_with_none_says_so(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    screen = open_my_orders(kiosk)
    assert screen.rows == []
    assert "您还没有订单。" in kiosk.visible_texts()
    assert not screen.next_button.isVisible()
    assert not screen.previous_button.isVisible()


def test_cancelling_an_order_asks_first_then_shows_it_cancelled(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory()
    [order_id] = seed_orders(kiosk, ["meals"])
    screen = open_my_orders(kiosk)
    [row] = screen.rows
    assert row.cancel_button is not None
    assert row.cancel_button.text() == "取消"

    kiosk.tap(row.cancel_button)
    ask = kiosk.current()
    assert isinstance(ask, CancelConfirmScreen)
    assert kiosk.window.title_label.text() == "取消订单"
    kiosk.wait_spoken("要取消这个订单吗？助餐")
    assert events_of_kind(kiosk, "order.cancel") == []  # nothing happens before the second tap
    assert ask.yes_button.text() == "是的，取消"

    with kiosk.qtbot.wait_signal(kiosk.window.sig_screen_changed, timeout=5000) as blocker:
        kiosk.tap(ask.yes_button)
    assert blocker.args == [screen]
    kiosk.wait_idle()
    kiosk.qtbot.waitUntil(lambda: screen.rows and screen.rows[0].chip.status == "cancelled")
    [row] = screen.rows
    assert row.chip.word.text() == "已取消"
    assert row.cancel_button is None
    kiosk.wait_spoken("已取消：助餐")
    [cancel] = events_of_kind(kiosk, "order.cancel")
    assert cancel.payload["order_id"] == order_id
    assert fetch_all(kiosk.store, "SELECT status FROM orders") == [{"status": "cancelled"}]


def test_keeping_an_order_on_the_cancel_question_changes_nothing(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory()
    seed_orders(kiosk, ["meals"])
    screen = open_my_orders(kiosk)
    kiosk.tap(screen.rows[0].cancel_button)
    ask = kiosk.current()
    assert ask.keep_button.text() == "不取消"
    kiosk.tap(ask.keep_button)
    assert kiosk.current() is screen
    kiosk.wait_idle()
    assert screen.rows[0].chip.status == "waiting"
    assert events_of_kind(kiosk, "order.cancel") == []


def test_an_order_that_left_while_the_question_was_open_is_not_cancelled(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory()
    [order_id] = seed_orders(kiosk, ["meals"])
    screen = open_my_orders(kiosk)
    kiosk.tap(screen.rows[0].cancel_button)
    ask = kiosk.current()
    apply_status(kiosk.store, order_id, OrderStatus.ON_THE_WAY, by="center")

    kiosk.tap(ask.yes_button)
    kiosk.wait_idle()
    assert kiosk.current() is ask
    assert ask.status.text() == "这个订单已经在路上了，不能再取消。"
    kiosk.wait_spoken("这个订单已经在路上了")
    assert not ask.yes_button.isEnabled()
    assert events_of_kind(kiosk, "order.cancel") == []
    assert fetch_all(kiosk.store, "SELECT status FROM orders") == [{"status": "on_the_way"}]

    kiosk.tap(ask.keep_button)
    kiosk.qtbot.waitUntil(lambda: screen.rows and screen.rows[0].chip.status == "on_the_way")
    assert screen.rows[0].cancel_button is None


def test_an_order_on_its_way_has_no_cancel_button(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    on_the_way, waiting = seed_orders(kiosk, ["bathing", "cleaning"])
    apply_status(kiosk.store, on_the_way, OrderStatus.ON_THE_WAY, by="center")

    screen = open_my_orders(kiosk)
    rows = {row.order.id: row for row in screen.rows}
    assert rows[on_the_way].chip.word.text() == "正在路上"
    assert rows[on_the_way].cancel_button is None
    assert "取消" not in [b.text() for b in rows[on_the_way].findChildren(type(screen.next_button))]
    assert rows[waiting].cancel_button is not None
    assert rows[waiting].cancel_button.isVisible()


def test_more_than_three_orders_are_paged(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    ids = seed_orders(
        kiosk, ["meals", "cleaning", "bathing", "medical", "escort", "errands", "legal"]
    )
    newest_first = list(reversed(ids))
    screen = open_my_orders(kiosk)

    def shown() -> list[str]:
        return [row.order.id for row in screen.rows]

    assert shown() == newest_first[0:3]
    assert not screen.previous_button.isVisible()
    assert screen.next_button.isVisible()
    assert screen.next_button.text() == "下一页"

    kiosk.tap(screen.next_button)
    assert shown() == newest_first[3:6]
    assert screen.previous_button.isVisible()
    assert screen.previous_button.text() == "上一页"
    assert screen.next_button.isVisible()

    kiosk.tap(screen.next_button)
    assert shown() == newest_first[6:7]
    assert not screen.next_button.isVisible()

    kiosk.tap(screen.previous_button)
    assert shown() == newest_first[3:6]


def test_the_result_screen_leads_to_my_orders(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    result = confirm_and_wait(kiosk, open_meals_confirm(kiosk))
    button = next(b for b in result.findChildren(type(kiosk.window.back_button)))
    assert button.text() == "查看我的订单"
    kiosk.tap(button)
    screen = kiosk.current()
    assert isinstance(screen, OrdersScreen)
    wait_rows_shown(kiosk, screen)
    [row] = screen.rows
    assert row.order.id == result.order.id
    assert row.chip.word.text() == "等待发送"


def test_a_kiosk_shows_only_the_signed_in_residents_orders(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(mode="kiosk")
    store, catalog = kiosk.store, kiosk.ctx.catalog
    someone_else = find_by_card(store, "10003")
    place_order(store, someone_else, catalog.service("bathing"), {"when": "today"})

    kiosk.tap(kiosk.current().entries["orders"])
    signin = kiosk.current()
    for digit in "10002":
        kiosk.tap(signin.pad.buttons[digit])
    kiosk.tap(signin.pad.buttons["ok"])
    screen = kiosk.wait_screen(OrdersScreen)
    wait_rows_shown(kiosk, screen)
    assert screen.rows == []
    assert "您还没有订单。" in kiosk.visible_texts()
    assert not any("助浴" in text for text in kiosk.visible_texts())


def test_the_dark_theme_takes_an_order_too(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(theme="dark")
    assert kiosk.ctx.theme.palette.name == "dark"
    assert "#000000" in kiosk.window.styleSheet()
    result = confirm_and_wait(kiosk, open_meals_confirm(kiosk))
    assert result.order is not None
    assert kiosk.window.title_label.text() == "订单已保存"


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


# -- home screen ---------------------------------------------------------------------------------


def test_home_has_nine_primary_tiles_and_four_entries(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    home = kiosk.current()
    assert isinstance(home, HomeScreen)
    assert len(home.tiles) == 9
    assert list(home.tiles) == [s.id for s in kiosk.ctx.catalog.services]
    for tile in home.tiles.values():
        assert tile.property("primary") is True
        assert tile.isVisible()
    assert [t.name_label.text() for t in home.tiles.values()][:3] == ["助餐", "助洁", "助浴"]
    assert list(home.entries) == ["orders", "health", "learn", "call"]
    assert [b.text() for b in home.entries.values()] == ["我的订单", "健康", "学习", "视频通话"]
    assert kiosk.window.title_label.text() == "社区服务"
    # Home has neither Back nor Home.
    assert not kiosk.window.back_button.isVisible()
    assert not kiosk.window.home_button.isVisible()


@pytest.mark.parametrize(
    "font_scale",
    [
        100,
        150,
        pytest.param(
            200,
            marks=pytest.mark.xfail(
                strict=True,
                reason="at 200 % a 10-inch tablet cannot hold three rows of 60 pt names; the"
                " home screen needs a reflow for large text (accessibility audit issue)",
            ),
        ),
    ],
)
def test_home_tiles_stay_primary_targets_at_every_font_scale(
    kiosk_factory: KioskFactory, font_scale: int
) -> None:
    kiosk = kiosk_factory(font_scale=font_scale)
    theme = kiosk.ctx.theme
    home = kiosk.current()
    kiosk.qtbot.waitExposed(kiosk.window)
    assert kiosk.window.size().height() <= 800  # the home screen fits and never scrolls
    for tile in home.tiles.values():
        assert theme.px_to_mm(tile.width()) >= 20, tile.objectName()
        assert theme.px_to_mm(tile.height()) >= 20, tile.objectName()
        name = tile.name_label
        ink = name.fontMetrics().tightBoundingRect(name.text())
        assert name.height() >= ink.height(), f"{name.text()} is clipped"
        assert name.width() >= ink.width(), f"{name.text()} is clipped"


@pytest.mark.parametrize(
    ("entry", "title"), [("health", "健康"), ("learn", "学习"), ("call", "视频通话")]
)
def test_features_to_come_open_a_calm_page_with_back_and_home(
    kiosk_factory: KioskFactory, entry: str, title: str
) -> None:
    kiosk = kiosk_factory()
    window = kiosk.window
    kiosk.tap(kiosk.current().entries[entry])
    page = kiosk.current()
    assert isinstance(page, ComingSoonScreen)
    assert window.title_label.text() == title
    assert f"“{title}”功能即将开通。" in kiosk.visible_texts()
    assert window.back_button.isVisible()
    assert window.home_button.isVisible()

    kiosk.tap(window.back_button)
    assert isinstance(kiosk.current(), HomeScreen)
    kiosk.tap(kiosk.current().entries[entry])
    kiosk.tap(window.home_button)
    assert isinstance(kiosk.current(), HomeScreen)


def test_read_aloud_says_the_title_of_the_screen(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    window = kiosk.window
    assert window.read_button.text() == "朗读"

    kiosk.tap(window.read_button)
    said = kiosk.wait_spoken("社区服务")
    assert "助餐" in said and "助法" in said

    kiosk.tap(kiosk.current().entries["health"])
    kiosk.tap(window.read_button)
    kiosk.wait_spoken("“健康”功能即将开通")

    kiosk.tap(window.home_button)
    kiosk.tap(kiosk.current().tiles["meals"])
    kiosk.tap(window.read_button)
    said = kiosk.wait_spoken("订哪一餐？")
    assert all(option in said for option in ("今天午餐", "今天晚餐", "明天午餐", "明天晚餐"))
