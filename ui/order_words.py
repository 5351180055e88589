"""What an order's state is called, on a chip, in a sentence and in speech: one place for it.

ARCHITECTURE.md "The screen says only what is true": an order is "saved on this kiosk" until
the center has it, "sent" until the center accepted it, and only then anything like booked.
The result screen, My orders, the status chip and the spoken announcements all take their
words from here, so that what is shown and what is said never disagree.

An order the center refused is cancelled on the kiosk with the center's reason code
(app.delivery); it is shown as its own state, REFUSED ("not accepted"), with the reason in
plain words and what to do next (:func:`refused_sentence`), never as booked.

Each text is looked up when asked for (never at import time), in the language of the moment.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.orders import Order, OrderStatus
from ui.wording import join_sentences

# The state of an order that could not be saved at all: there is no row for it.
NOT_SAVED = "error"
# The state shown for an order the center would not take (cancelled here with its reason).
REFUSED = "refused"

# Every state there are words for, in the order an order goes through them.
STATES: tuple[str, ...] = (*OrderStatus, REFUSED, NOT_SAVED)


def shown_state(order: Order) -> str:
    """The state to show and say for ``order``: REFUSED for one the center refused, else its
    status."""
    if order.status == OrderStatus.CANCELLED and order.refusal:
        return REFUSED
    return order.status.value


# The states in which the center has agreed to do it: only these may sound like "booked".
CONFIRMED_STATES = frozenset({OrderStatus.ACCEPTED, OrderStatus.ON_THE_WAY, OrderStatus.DONE})


def status_word(status: str) -> str:
    """The state in a few words, short enough for a status chip (in a row of My orders, at
    200 % type, beside Cancel): "Center accepted"."""
    words = {
        OrderStatus.WAITING: QCoreApplication.translate("OrderWords", "Saved on this kiosk"),
        OrderStatus.SENT: QCoreApplication.translate("OrderWords", "Sent"),
        OrderStatus.ACCEPTED: QCoreApplication.translate("OrderWords", "Center accepted"),
        OrderStatus.ON_THE_WAY: QCoreApplication.translate("OrderWords", "On the way"),
        OrderStatus.DONE: QCoreApplication.translate("OrderWords", "Done"),
        OrderStatus.CANCELLED: QCoreApplication.translate("OrderWords", "Cancelled"),
        REFUSED: QCoreApplication.translate("OrderWords", "Not accepted"),
        NOT_SAVED: QCoreApplication.translate("OrderWords", "Not saved"),
    }
    return words.get(status, status)  # type: ignore[call-overload]


def status_sentence(status: str) -> str:
    """What the state means for the elder, as a sentence or two under the chip."""
    sentences = {
        OrderStatus.WAITING: QCoreApplication.translate(
            "OrderWords",
            "Saved on this kiosk. It will be sent to the center when the network allows.",
        ),
        OrderStatus.SENT: QCoreApplication.translate(
            "OrderWords", "Sent. The center has not accepted it yet."
        ),
        OrderStatus.ACCEPTED: QCoreApplication.translate("OrderWords", "The center accepted it."),
        OrderStatus.ON_THE_WAY: QCoreApplication.translate(
            "OrderWords", "The center accepted it and it is on the way."
        ),
        OrderStatus.DONE: QCoreApplication.translate("OrderWords", "The center says it is done."),
        OrderStatus.CANCELLED: QCoreApplication.translate("OrderWords", "This order is cancelled."),
        REFUSED: QCoreApplication.translate(
            "OrderWords", "This order was not accepted and will not be carried out."
        ),
        NOT_SAVED: QCoreApplication.translate("OrderWords", "This order was not saved."),
    }
    return sentences.get(status, status_word(status))  # type: ignore[call-overload]


def status_announcement(service_name: str, status: str) -> str:
    """What the kiosk says when an order of ``service_name`` reaches ``status``:
    "The center accepted your Meals order." / "您的助餐订单：中心已接单。"."""
    templates = {
        OrderStatus.WAITING: QCoreApplication.translate(
            "OrderWords", "Your %1 order: saved on this kiosk, not sent yet."
        ),
        OrderStatus.SENT: QCoreApplication.translate(
            "OrderWords", "Your %1 order: sent, not accepted yet."
        ),
        OrderStatus.ACCEPTED: QCoreApplication.translate(
            "OrderWords", "The center accepted your %1 order."
        ),
        OrderStatus.ON_THE_WAY: QCoreApplication.translate(
            "OrderWords", "Your %1 order: on the way."
        ),
        OrderStatus.DONE: QCoreApplication.translate("OrderWords", "Your %1 order: done."),
        OrderStatus.CANCELLED: QCoreApplication.translate(
            "OrderWords", "Your %1 order: cancelled."
        ),
        REFUSED: QCoreApplication.translate("OrderWords", "Your %1 order: not accepted."),
        NOT_SAVED: QCoreApplication.translate("OrderWords", "Your %1 order: not saved."),
    }
    template = templates.get(status)  # type: ignore[call-overload]
    if template is None:
        return f"{service_name}: {status_word(status)}"
    return template.replace("%1", service_name)


def refusal_sentence(code: str) -> str:
    """Why the center would not take an order (its reason code, app.delivery.ORDER_REFUSALS),
    in plain words with what to do instead; shown and spoken with the cancelled order."""
    sentences = {
        "past_cutoff": QCoreApplication.translate(
            "OrderWords",
            "It is too late to order this for today. You can order it for tomorrow.",
        ),
        "not_offered_today": QCoreApplication.translate(
            "OrderWords", "This service is not offered today. Please choose another day."
        ),
        "unknown_card": QCoreApplication.translate(
            "OrderWords", "The center does not know this card. Please ask the staff."
        ),
        "inactive_card": QCoreApplication.translate(
            "OrderWords", "This card is no longer in use. Please ask the staff."
        ),
        "unknown_service": QCoreApplication.translate(
            "OrderWords", "The center no longer offers this service. Please ask the staff."
        ),
        "unknown_choice": QCoreApplication.translate(
            "OrderWords", "The center no longer offers this choice. Please order again."
        ),
    }
    return sentences.get(
        code,
        QCoreApplication.translate("OrderWords", "The center could not take this order."),
    )


def refused_sentence(code: str) -> str:
    """The words under the chip of a refused order: not accepted, why, and what to do."""
    return join_sentences([status_sentence(REFUSED), refusal_sentence(code)])


def order_sentence(order: Order) -> str:
    """What ``order``'s state means, under its chip: for a refused order also why and what to
    do next."""
    if shown_state(order) == REFUSED and order.refusal:
        return refused_sentence(order.refusal)
    return status_sentence(order.status)


def refusal_brief(code: str) -> str:
    """Why the center would not take an order, in a few words, for a row of My orders where
    large type leaves no room for the whole sentence (which is still read aloud)."""
    words = {
        "past_cutoff": QCoreApplication.translate("OrderWords", "Too late for today."),
        "not_offered_today": QCoreApplication.translate("OrderWords", "Not offered today."),
        "unknown_card": QCoreApplication.translate("OrderWords", "Card not known."),
        "inactive_card": QCoreApplication.translate("OrderWords", "Card no longer in use."),
        "unknown_service": QCoreApplication.translate("OrderWords", "No longer offered."),
        "unknown_choice": QCoreApplication.translate("OrderWords", "Choice no longer offered."),
    }
    return words.get(code, QCoreApplication.translate("OrderWords", "Not taken."))
