"""The result of an order: saved and waiting to send, or not saved and what to do now; and,
while it is shown, what the center does with the order (accepted, or not accepted and why)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QWidget

from app.catalog import Service
from app.orders import Order
from ui.layout.pager import Pager
from ui.order_words import NOT_SAVED, REFUSED, refused_sentence, shown_state, status_sentence
from ui.screen import Screen
from ui.widgets.buttons import BigButton
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
        # The words follow the order's state and agree with its chip (ui/order_words.py):
        # nothing here may sound booked before the center accepted the order.
        self.status = shown_state(order) if order is not None else NOT_SAVED
        if order is not None:
            self.headline = self.tr("Your order: %1.").replace("%1", summary)
            self.detail = status_sentence(self.status)
            if self.status == REFUSED and order.refusal:
                self.detail = refused_sentence(order.refusal)
        else:
            self.headline = self.tr("Not saved: %1.").replace("%1", summary)
            self.detail = storage_failure(error or RuntimeError(), ctx.config.center_phone)
        self.message = join_sentences([self.headline, self.detail])
        self.chip = StatusChip(self.status, ctx.theme)
        self.chip.setObjectName("status")
        self.pager = Pager(ctx.theme)
        self.pager.add_stretch()
        self.pager.add_text(self.headline, "heading")
        self.detail_label = self.pager.add_text(self.detail)
        chip_row = self.pager.add_block(_left(self.chip))
        # The words of the state and its chip on one page: they say the same.
        self.pager.keep_together([self.detail_label, chip_row])
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
        if self.order is None or self.order.id not in changes.orders:
            return
        refusal = changes.orders_refused.get(self.order.id)
        if refusal is not None:
            self.show_refused(refusal)
        else:
            self.show_status(changes.orders[self.order.id])

    def show_refused(self, code: str) -> None:
        """The center would not take the order (its reason ``code``): the chip says "not
        accepted", the words why and what to do next, and the title no longer says saved.
        The kiosk says it once, through the orders' announcement."""
        self.status = REFUSED
        self.chip.set_status(REFUSED)
        self.detail = refused_sentence(code)
        self.message = join_sentences([self.headline, self.detail])
        self.pager.set_text(self.detail_label, self.detail)
        self.nav.retitle(self)

    def show_status(self, status: str) -> None:
        """The chip and the words under the headline for the order's state now: the text never
        says more, or less, than the chip (ELDER_UX.md)."""
        self.status = status
        self.chip.set_status(status)
        self.detail = status_sentence(status)
        self.message = join_sentences([self.headline, self.detail])
        self.pager.set_text(self.detail_label, self.detail)

    def title(self) -> str:
        if self.order is None:
            return self.tr("Order not saved")
        if getattr(self, "status", None) == REFUSED:
            return self.tr("Order not accepted")
        return self.tr("Order saved")

    def spoken_text(self) -> str:
        return self.message

    def entered(self) -> None:
        self.ctx.say(self.spoken_text())

    def voice_commands(self) -> dict:
        return {"my_orders": self.open_orders}

    def open_orders(self) -> None:
        self.nav.open_feature("orders")
