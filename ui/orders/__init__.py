"""The resident's orders: the list with each order's state, cancelling, and telling the
resident (in words and by voice) when the center moves an order on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.features import Feature, HomeEntry

if TYPE_CHECKING:
    from app.delivery import Changes
    from ui.context import AppContext
    from ui.navigator import Navigator
    from ui.screen import Screen


def _entries(ctx: AppContext) -> list[HomeEntry]:
    from PySide6.QtCore import QCoreApplication  # Qt is not loaded when features register

    return [
        HomeEntry(
            key="orders",
            label=QCoreApplication.translate("HomeScreen", "My orders"),
            description=QCoreApplication.translate("HomeScreen", "See and cancel your orders"),
            icon="orders",
            intent="my_orders",
        )
    ]


def _open(ctx: AppContext, nav: Navigator) -> Screen:
    from ui.orders.screen import OrdersScreen

    return OrdersScreen(ctx, nav)


def _on_changes(ctx: AppContext, nav: Navigator, changes: Changes) -> None:
    from ui.orders.announce import announce_order_changes

    announce_order_changes(ctx, changes)


FEATURE = Feature(
    name="orders",
    open=_open,
    home_entries=_entries,
    needs_resident=True,
    on_changes=_on_changes,
)
