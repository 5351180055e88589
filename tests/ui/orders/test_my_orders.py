"""My orders: the true state of each order, cancelling, paging."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.orders import OrderStatus, apply_status, place_order
from app.people import find_by_card
from tests.helpers.kiosk_fixtures import Kiosk, KioskFactory
from tests.helpers.ordering import confirm_and_wait, events_of_kind, open_meals_confirm
from tests.helpers.queries import fetch_all
from ui.home.screen import HomeScreen
from ui.orders.screen import CancelConfirmScreen, OrdersScreen

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
    """Wait until the orders are loaded and the rows of the page in view are on screen (a
    layout shows new widgets on the next turn of the event loop)."""
    kiosk.qtbot.waitUntil(
        lambda: screen.loaded and all(row.isVisible() for row in screen.shown_rows()),
        timeout=5000,
    )


def test_my_orders_lists_newest_first_with_status_words(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    cleaning, bathing, meals = seed_orders(kiosk, ["cleaning", "bathing", "meals"])
    apply_status(kiosk.store, bathing, OrderStatus.ACCEPTED, by="center")
    apply_status(kiosk.store, cleaning, OrderStatus.SENT, by="center")

    screen = open_my_orders(kiosk)
    assert kiosk.window.title_label.text() == "我的订单"
    assert screen.accessibleDescription() == "您的订单（最新的在最前面）："
    assert [row.order.id for row in screen.rows] == [meals, bathing, cleaning]
    assert [row.chip.word.text() for row in screen.rows] == ["已保存在本机", "中心已接单", "已发送"]
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


def test_more_orders_than_fit_are_paged(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    ids = seed_orders(
        kiosk, ["meals", "cleaning", "bathing", "medical", "escort", "errands", "legal"]
    )
    newest_first = list(reversed(ids))
    screen = open_my_orders(kiosk)

    def shown() -> list[str]:
        return [row.order.id for row in screen.rows if row.isVisible()]

    assert not screen.previous_button.isVisible()
    assert screen.next_button.isVisible()
    assert screen.next_button.text() == "下一页"
    pages = [shown()]
    while screen.next_button.isVisible():
        kiosk.tap(screen.next_button)
        assert screen.previous_button.isVisible()
        assert screen.previous_button.text() == "上一页"
        pages.append(shown())
    assert len(pages) >= 2 and all(pages)
    assert [order_id for page in pages for order_id in page] == newest_first

    kiosk.tap(screen.previous_button)
    assert shown() == pages[-2]


def test_the_result_screen_leads_to_my_orders(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    result = confirm_and_wait(kiosk, open_meals_confirm(kiosk))
    button = result.findChild(type(kiosk.window.back_button), "my_orders")
    assert button.text() == "查看我的订单"
    kiosk.tap(button)
    screen = kiosk.current()
    assert isinstance(screen, OrdersScreen)
    wait_rows_shown(kiosk, screen)
    [row] = screen.rows
    assert row.order.id == result.order.id
    assert row.chip.word.text() == "已保存在本机"


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
