"""An order the center did not accept: the result screen (if still shown), My orders and the
spoken announcement say so in plain words, why and what to do next; the chip says "not
accepted" with its own icon and colour, and nothing says it was booked."""

from __future__ import annotations

import pytest

from app import outbox
from app.delivery import EventAnswer, record_results
from app.orders import get_order, place_order
from tests.helpers.kiosk_fixtures import Kiosk, KioskFactory
from tests.helpers.ordering import confirm_and_wait, open_meals_confirm
from ui.order_words import (
    REFUSED,
    STATES,
    refusal_brief,
    refusal_sentence,
    status_announcement,
    status_sentence,
    status_word,
)
from ui.orders.screen import OrdersScreen

# Words that would claim the order was taken (the refusal's own wording of "ordering time"
# is not checked: only the words of the state).
BOOKED_LIKE = {
    "zh_CN": ("订好", "已订", "成功", "已接单", "确认", "安排好"),
    "en_US": ("booked", "confirmed", "success", "center accepted", "accepted by", "all set"),
}


def refuse(kiosk: Kiosk, order_id: str, code: str = "past_cutoff"):
    """The center's answer refusing the order, recorded as the sync worker records it."""
    [event] = [e for e in outbox.events(kiosk.store) if e.payload.get("order_id") == order_id]
    changes = record_results(kiosk.store, [EventAnswer(event.event_id, False, f"{code}: no")])
    assert changes.orders_refused == {order_id: code}
    kiosk.ctx.sync.sig_changes.emit(changes)
    return changes


@pytest.mark.parametrize("language", ["zh_CN", "en_US"])
def test_the_words_of_a_refused_order_agree_and_never_sound_booked(
    kiosk_factory: KioskFactory, language: str
) -> None:
    kiosk_factory(language=language)
    assert REFUSED in STATES
    word = status_word(REFUSED)
    for text in (status_sentence(REFUSED), status_announcement("X", REFUSED)):
        assert word.casefold() in text.casefold(), (word, text)
        assert not [w for w in BOOKED_LIKE[language] if w.casefold() in text.casefold()], text
    assert word != status_word("cancelled") and word != status_word("accepted")
    briefs = {refusal_brief(code) for code in ("past_cutoff", "unknown_card", "x")}
    assert len(briefs) == 3


@pytest.mark.parametrize(
    ("language", "title", "chip"),
    [("zh_CN", "中心不能接单", "中心不能接单"), ("en_US", "Order not accepted", "Not accepted")],
)
def test_the_result_screen_says_not_accepted_why_and_what_to_do(
    kiosk_factory: KioskFactory, language: str, title: str, chip: str
) -> None:
    kiosk = kiosk_factory(language=language)
    result = confirm_and_wait(kiosk, open_meals_confirm(kiosk))
    assert result.order is not None
    refuse(kiosk, result.order.id)
    assert result.chip.status == REFUSED
    assert result.chip.word.text() == chip
    assert result.chip.icon.pixmap() is not None
    assert kiosk.window.title_label.text() == title
    shown = " ".join(kiosk.visible_texts())
    assert refusal_sentence("past_cutoff") in shown
    assert status_sentence("waiting") not in shown
    assert refusal_sentence("past_cutoff") in result.spoken_text()
    # Said once, by the orders' announcement, with why.
    said = kiosk.wait_spoken(refusal_sentence("past_cutoff"))
    assert chip.casefold() in said.casefold()


def test_my_orders_shows_the_refused_order_with_its_reason(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    resident = kiosk.ctx.session.resident
    meals = kiosk.ctx.catalog.service("meals")
    assert resident is not None and meals is not None
    order = place_order(kiosk.store, resident, meals, {"meal": "today_lunch", "portions": "1"})
    refuse(kiosk, order.id, "inactive_card")
    stored = get_order(kiosk.store, order.id)
    assert stored is not None and stored.refusal == "inactive_card"

    kiosk.tap(kiosk.current().entries["orders"])
    screen = kiosk.wait_screen(OrdersScreen)
    kiosk.qtbot.waitUntil(lambda: screen.loaded and len(screen.rows) == 1, timeout=5000)
    [row] = screen.rows
    assert row.chip.status == REFUSED and row.chip.word.text() == "中心不能接单"
    assert row.cancel_button is None
    reason = row.shown_reason()
    assert reason is not None
    assert reason.text() == refusal_sentence("inactive_card")
    assert refusal_sentence("inactive_card") in row.accessibleDescription()
    assert refusal_sentence("inactive_card") in screen.spoken_text()


def test_a_refusal_for_another_resident_is_not_said_here(kiosk_factory: KioskFactory) -> None:
    from app.people import find_by_card

    kiosk = kiosk_factory()
    other = find_by_card(kiosk.store, "10003")
    meals = kiosk.ctx.catalog.service("meals")
    assert other is not None and meals is not None
    order = place_order(kiosk.store, other, meals, {"meal": "today_lunch", "portions": "1"})
    refuse(kiosk, order.id)
    kiosk.wait_idle()
    assert not [t for t in kiosk.spoken if refusal_sentence("past_cutoff") in t]
