"""The words for an order's state (ui/order_words.py): the chip, the sentence under it and the
announcement say the same thing, in both languages, and nothing sounds booked before the
center accepted the order (ARCHITECTURE.md "The screen says only what is true")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from app.delivery import Changes
from app.orders import OrderStatus, apply_status, place_order
from tests.helpers.kiosk_fixtures import DEFAULT_LANGUAGE, Kiosk, KioskFactory
from tests.helpers.ordering import confirm_and_wait, open_meals_confirm
from ui.order_words import (
    NOT_SAVED,
    STATES,
    status_announcement,
    status_sentence,
    status_word,
)
from ui.orders.screen import OrdersScreen
from ui.services.result import OrderResultScreen
from ui.translations import install_language

LANGUAGES = ("zh_CN", "en_US")
SERVICE_NAME = {"zh_CN": "助餐", "en_US": "Meals"}

# Words that say or suggest the service is booked: only the center's acceptance makes it so.
BOOKED_LIKE = {
    "zh_CN": ("预约", "预订", "订好", "已订", "成功", "已接单", "确认", "安排好", "搞定"),
    "en_US": ("book", "reserv", "confirm", "success", "center accepted", "accepted by", "all set"),
}
NOT_YET_ACCEPTED = (OrderStatus.WAITING, OrderStatus.SENT, NOT_SAVED)


@pytest.fixture
def language(request: Any, qapp: Any) -> Iterator[str]:
    install_language(request.param)
    yield request.param
    install_language(DEFAULT_LANGUAGE)


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def agrees(text: str, word: str) -> bool:
    """Whether ``text`` says the chip's ``word`` (in any case)."""
    return word.casefold() in text.casefold()


def booked_words(text: str, language: str) -> list[str]:
    return [w for w in BOOKED_LIKE[language] if w.casefold() in text.casefold()]


# -- the words themselves -----------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES, indirect=True)
def test_every_state_has_a_word_a_sentence_and_an_announcement(language: str) -> None:
    name = SERVICE_NAME[language]
    words = [status_word(state) for state in STATES]
    assert len(set(words)) == len(STATES), words
    for state in STATES:
        word, sentence = status_word(state), status_sentence(state)
        announcement = status_announcement(name, state)
        for text in (word, sentence, announcement):
            assert text.strip() and "%" not in text, (state, text)
            assert has_chinese(text) == (language == "zh_CN"), (state, text)
        assert name in announcement
        # The sentence and the announcement say what the chip says, never something else.
        assert agrees(sentence, word), (state, word, sentence)
        assert agrees(announcement, word), (state, word, announcement)


@pytest.mark.parametrize("language", LANGUAGES, indirect=True)
def test_nothing_sounds_booked_before_the_center_accepted_it(language: str) -> None:
    accepted = status_word(OrderStatus.ACCEPTED)
    for state in NOT_YET_ACCEPTED:
        texts = [
            status_word(state),
            status_sentence(state),
            status_announcement(SERVICE_NAME[language], state),
        ]
        for text in texts:
            assert booked_words(text, language) == [], (state, text)
            assert accepted not in text, (state, text)
    # ...and once it did, the words say so.
    for state in (OrderStatus.ACCEPTED, OrderStatus.ON_THE_WAY):
        assert agrees(status_sentence(state), accepted), state


def test_the_chip_takes_its_word_from_the_one_table() -> None:
    from ui.widgets import statuschip

    assert statuschip.status_word is status_word


# -- the result screen -------------------------------------------------------------------------


def shown_and_said(kiosk: Kiosk, result: OrderResultScreen) -> tuple[str, str]:
    return " ".join(kiosk.visible_texts()), result.spoken_text()


def assert_agrees_with_chip(kiosk: Kiosk, result: OrderResultScreen, state: str) -> None:
    word = status_word(state)
    assert result.chip.status == state
    assert result.chip.word.text() == word
    assert result.detail == status_sentence(state)
    shown, said = shown_and_said(kiosk, result)
    assert result.detail in shown
    assert result.detail in said
    assert agrees(result.detail, word)


def emit_status(kiosk: Kiosk, order_id: str, state: OrderStatus) -> None:
    """The center moved the order on: the store has it, then the screens are told."""
    apply_status(kiosk.store, order_id, state, by="center")
    kiosk.ctx.sync.sig_changes.emit(Changes(orders={order_id: state.value}))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_result_screen_text_follows_the_order_and_agrees_with_its_chip(
    kiosk_factory: KioskFactory, language: str
) -> None:
    kiosk = kiosk_factory(language=language)
    result = confirm_and_wait(kiosk, open_meals_confirm(kiosk))
    assert result.order is not None
    for state in OrderStatus.WAITING, OrderStatus.SENT:
        if state != OrderStatus.WAITING:
            emit_status(kiosk, result.order.id, state)
        assert_agrees_with_chip(kiosk, result, state)
        shown, said = shown_and_said(kiosk, result)
        assert booked_words(shown, language) == [], (state, shown)
        assert booked_words(said, language) == [], (state, said)
    for state in OrderStatus.ACCEPTED, OrderStatus.ON_THE_WAY, OrderStatus.DONE:
        emit_status(kiosk, result.order.id, state)
        assert_agrees_with_chip(kiosk, result, state)
        assert status_sentence(OrderStatus.SENT) not in shown_and_said(kiosk, result)[0]


def test_a_cancelled_order_says_cancelled_under_its_chip(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    result = confirm_and_wait(kiosk, open_meals_confirm(kiosk))
    assert result.order is not None
    emit_status(kiosk, result.order.id, OrderStatus.CANCELLED)
    assert_agrees_with_chip(kiosk, result, OrderStatus.CANCELLED)
    assert result.chip.word.text() == "已取消"


def test_an_order_not_saved_says_so_in_the_chip_and_the_headline(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory()
    meals = kiosk.ctx.catalog.service("meals")
    result = OrderResultScreen(
        kiosk.ctx, kiosk.window, meals, summary="助餐", error=RuntimeError("disk")
    )
    kiosk.qtbot.add_widget(result)
    assert result.chip.status == NOT_SAVED
    assert result.chip.word.text() == status_word(NOT_SAVED) == "没有保存"
    assert agrees(result.headline, result.chip.word.text())
    assert booked_words(result.message, "zh_CN") == []


# -- my orders ---------------------------------------------------------------------------------


def test_my_orders_rows_use_the_same_words(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    resident, catalog = kiosk.ctx.session.resident, kiosk.ctx.catalog
    states = {}
    for service_id, state in [
        ("meals", OrderStatus.WAITING),
        ("cleaning", OrderStatus.SENT),
        ("bathing", OrderStatus.ACCEPTED),
    ]:
        service = catalog.service(service_id)
        choices = {c.id: c.options[0].id for c in service.choices}
        order = place_order(kiosk.store, resident, service, choices)
        if state != OrderStatus.WAITING:
            apply_status(kiosk.store, order.id, state, by="center")
        states[order.id] = state
    kiosk.tap(kiosk.current().entries["orders"])
    screen = kiosk.wait_screen(OrdersScreen)
    kiosk.qtbot.waitUntil(lambda: screen.loaded and len(screen.rows) == 3, timeout=5000)
    spoken = screen.spoken_text()
    for row in screen.rows:
        state = states[row.order.id]
        assert row.chip.word.text() == status_word(state)
        assert row.accessibleDescription() == status_sentence(state)
        if row in screen.shown_rows():
            assert status_sentence(state) in spoken
