"""Telling the signed-in resident, in words and by voice, when the center moves an order on,
or does not accept it (then why, and what to do next)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.orders import Order, OrderStatus, get_order
from ui.order_words import REFUSED, refusal_sentence, shown_state, status_announcement
from ui.wording import join_sentences

if TYPE_CHECKING:
    from app.delivery import Changes
    from ui.context import AppContext

# The states worth interrupting the elder for; "sent" is the kiosk's own business.
SPOKEN_STATES = (
    OrderStatus.ACCEPTED,
    OrderStatus.ON_THE_WAY,
    OrderStatus.DONE,
    OrderStatus.CANCELLED,
)


def announce_order_changes(ctx: AppContext, changes: Changes) -> None:
    """Say each of the signed-in resident's orders that moved on (loaded off the UI thread)."""
    resident = ctx.session.resident
    moved = [order_id for order_id, state in changes.orders.items() if state in SPOKEN_STATES]
    if resident is None or not moved:
        return
    store = ctx.store

    def load() -> list[Order]:
        return [o for o in (get_order(store, i) for i in moved) if o is not None]

    ctx.tasks.run(load, lambda orders: _announce(ctx, orders))


def _announce(ctx: AppContext, orders: list[Order]) -> None:
    resident = ctx.session.resident  # may have signed out while the orders loaded
    for order in orders:
        if resident is None or order.resident_id != resident.id:
            continue
        service = ctx.catalog.service(order.service_id)
        name = service.name.get(ctx.language) if service else order.service_id
        state = shown_state(order)
        said = status_announcement(name, state)
        if state == REFUSED and order.refusal:
            said = join_sentences([said, refusal_sentence(order.refusal)])
        ctx.say(said)
