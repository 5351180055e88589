"""The result of an order: saved and waiting to send, or not saved and what to do now."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QWidget

from app.catalog import Service
from app.orders import Order
from ui.screen import Screen
from ui.services.flow import PageFit
from ui.widgets.buttons import BigButton
from ui.widgets.pager import Pager
from ui.widgets.statuschip import StatusChip
from ui.wording import join_sentences, storage_failure

log = logging.getLogger(__name__)


def _left(widget: QWidget) -> QWidget:
    """``widget`` at its own width on the left of a row."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget)
    layout.addStretch(1)
    return row


class OrderResultScreen(Screen):
    def __init__(
        self,
        ctx,
        nav,
        service: Service,
        *,
        summary: str,
        order: Order | None = None,
        error: BaseException | None = None,
    ) -> None:
        self.service = service
        self.order = order
        self.error = error
        self.summary = summary
        super().__init__(ctx, nav)
        if error is not None:
            log.error("order was not saved", exc_info=error)
        if order is not None:
            self.headline = self.tr("Ordered: %1.").replace("%1", summary)
            self.detail = self.tr("It is saved here and being sent to the center.")
        else:
            self.headline = self.tr("Not saved: %1.").replace("%1", summary)
            self.detail = storage_failure(error or RuntimeError(), ctx.config.center_phone)
        self.message = join_sentences([self.headline, self.detail])
        self.chip = StatusChip(order.status.value if order else "error", ctx.theme)
        self.chip.setObjectName("status")
        self.pager = Pager(ctx.theme)
        fit = PageFit(self.pager, self)
        self.pager.add_stretch()
        fit.add_text(self.headline, "heading")
        fit.add_text(self.detail)
        self.pager.add_block(_left(self.chip))
        self.pager.add_stretch()
        if order is not None:
            orders_button = BigButton(
                self.tr("See my orders"), ctx.theme, role="choice", icon="orders"
            )
            orders_button.setObjectName("my_orders")
            orders_button.clicked.connect(self.open_orders)
            self.pager.add_block(_left(orders_button))
        self.body.addWidget(self.pager, 1)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        ctx.sync.sig_changes.connect(self._changed)

    def _changed(self, changes) -> None:
        if self.order is not None and self.order.id in changes.orders:
            self.chip.set_status(changes.orders[self.order.id])

    def title(self) -> str:
        return self.tr("Order saved") if self.order is not None else self.tr("Order not saved")

    def spoken_text(self) -> str:
        if self.order is not None:
            return self.tr("Ordered: %1. Sending now.").replace("%1", self.summary)
        return self.message

    def entered(self) -> None:
        self.ctx.say(self.spoken_text())

    def voice_commands(self) -> dict:
        return {"my_orders": self.open_orders}

    def open_orders(self) -> None:
        from ui.orders.screen import OrdersScreen

        self.nav.push(OrdersScreen(self.ctx, self.nav))
