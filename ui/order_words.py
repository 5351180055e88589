"""What an order's state is called, on a chip, in a sentence and in speech: one place for it.

ARCHITECTURE.md "The screen says only what is true": an order is "saved on this kiosk" until
the center has it, "sent" until the center accepted it, and only then anything like booked.
The result screen, My orders, the status chip and the spoken announcements all take their
words from here, so that what is shown and what is said never disagree.

Each text is looked up when asked for (never at import time), in the language of the moment.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.orders import OrderStatus

# The state of an order that could not be saved at all: there is no row for it.
NOT_SAVED = "error"

# Every state there are words for, in the order an order goes through them.
STATES: tuple[str, ...] = (*OrderStatus, NOT_SAVED)

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
