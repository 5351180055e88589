"""The resident's orders, three to a page, each with a status chip and a Cancel button."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QLocale
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout

from app.orders import Order, cancel_order, list_orders
from ui.icons import tinted_pixmap
from ui.screen import Screen
from ui.theme import ICON_MM
from ui.widgets.buttons import BigButton
from ui.widgets.statuschip import StatusChip, status_word
from ui.wording import choices_text, join_items, join_sentences, storage_failure

PAGE_SIZE = 3


class OrdersScreen(Screen):
    needs_resident = True

    def __init__(self, ctx, nav) -> None:
        super().__init__(ctx, nav)
        self.orders: list[Order] = []
        self.page = 0
        self.rows: list[OrderRow] = []
        self.message = self.label(self.tr("Loading your orders..."), "muted")
        self.body.addWidget(self.message)
        self.list_area = QVBoxLayout()
        self.list_area.setSpacing(ctx.theme.gap_px)
        self.body.addLayout(self.list_area)
        self.body.addStretch(1)
        pager = QHBoxLayout()
        self.previous_button = BigButton(self.tr("Previous page"), ctx.theme, role="nav")
        self.previous_button.setObjectName("previous_page")
        self.next_button = BigButton(self.tr("Next page"), ctx.theme, role="nav")
        self.next_button.setObjectName("next_page")
        self.previous_button.clicked.connect(lambda: self.show_page(self.page - 1))
        self.next_button.clicked.connect(lambda: self.show_page(self.page + 1))
        pager.addWidget(self.previous_button)
        pager.addStretch(1)
        pager.addWidget(self.next_button)
        self.body.addLayout(pager)
        self.loaded = False
        ctx.sync.sig_changes.connect(self._changed)

    def _changed(self, changes) -> None:
        if changes.orders and self.isVisible():
            self.reload()

    def title(self) -> str:
        return self.tr("My orders")

    def spoken_text(self) -> str:
        if not self.orders:
            return self.message.text()
        parts = [self.title()]
        for row in self.rows:
            parts.append(join_items([row.summary, status_word(row.order.status)]))
        return join_sentences(parts)

    def entered(self) -> None:
        self.reload()

    def reload(self) -> None:
        resident = self.ctx.session.resident
        if resident is None:
            return
        store = self.ctx.store
        self.ctx.tasks.run(lambda: list_orders(store, resident.id), self._loaded, self._failed)

    def _loaded(self, orders: list[Order]) -> None:
        self.orders = orders
        self.loaded = True
        if not orders:
            self.message.setText(self.tr("You have no orders yet."))
        else:
            self.message.setText(self.tr("Your orders, newest first:"))
        self.show_page(min(self.page, max(0, (len(orders) - 1) // PAGE_SIZE)))

    def _failed(self, error: BaseException) -> None:
        self.loaded = True
        self.message.setText(storage_failure(error, self.ctx.config.center_phone))

    def show_page(self, page: int) -> None:
        pages = max(1, -(-len(self.orders) // PAGE_SIZE))
        self.page = max(0, min(page, pages - 1))
        for row in self.rows:
            self.list_area.removeWidget(row)
            row.deleteLater()
        self.rows = []
        for order in self.orders[self.page * PAGE_SIZE : (self.page + 1) * PAGE_SIZE]:
            row = OrderRow(self, order)
            self.list_area.addWidget(row)
            self.rows.append(row)
        self.previous_button.setVisible(self.page > 0)
        self.next_button.setVisible(self.page < pages - 1)

    def ask_cancel(self, order: Order) -> None:
        self.nav.push(CancelConfirmScreen(self.ctx, self.nav, order, self.describe(order)))

    def describe(self, order: Order) -> str:
        return order_summary(self.ctx, order)


def order_summary(ctx, order: Order) -> str:
    """What was ordered, in words: "助餐，今天午餐，1 份" / "Meals, Lunch today, 1 portion"."""
    service = ctx.catalog.service(order.service_id)
    if service is None:
        return order.service_id
    return join_items(
        [service.name.get(ctx.language), *choices_text(service, order.choices, ctx.language)]
    )


class OrderRow(QFrame):
    """One order: icon, what and when, its state, and Cancel if it can still be cancelled."""

    def __init__(self, screen: OrdersScreen, order: Order) -> None:
        super().__init__()
        theme = screen.theme
        self.order = order
        self.setProperty("role", "panel")
        self.setObjectName(f"order_{order.id}")
        service = screen.ctx.catalog.service(order.service_id)
        self.summary = screen.describe(order)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(theme.mm(3), theme.mm(2), theme.mm(3), theme.mm(2))
        layout.setSpacing(theme.mm(3))
        icon = QLabel()
        icon.setPixmap(
            tinted_pixmap(
                service.icon if service else "orders", theme.mm(ICON_MM), theme.palette.text
            )
        )
        layout.addWidget(icon)
        text = QVBoxLayout()
        what = QLabel(self.summary)
        what.setWordWrap(True)
        when = QLabel(
            QLocale().toString(
                QDateTime.fromMSecsSinceEpoch(int(order.created_at.timestamp() * 1000)),
                QLocale.FormatType.ShortFormat,
            )
        )
        when.setProperty("role", "muted")
        text.addWidget(what)
        text.addWidget(when)
        layout.addLayout(text, 1)
        self.chip = StatusChip(order.status.value, theme)
        layout.addWidget(self.chip)
        self.cancel_button: BigButton | None = None
        if order.cancellable:
            self.cancel_button = BigButton(
                self.tr("Cancel"),
                theme,
                role="nav",
                icon="status_cancelled",
                description=self.tr("Cancel this order"),
            )
            self.cancel_button.setObjectName("cancel_order")
            self.cancel_button.clicked.connect(lambda: screen.ask_cancel(order))
            layout.addWidget(self.cancel_button)
        self.setAccessibleName(f"{self.summary} {status_word(order.status)}")


class CancelConfirmScreen(Screen):
    """Cancelling has an effect on a worker's day, so it is confirmed with a tap."""

    needs_resident = True

    def __init__(self, ctx, nav, order: Order, summary: str) -> None:
        self.order = order
        self.summary = summary
        super().__init__(ctx, nav)
        self.question = self.tr("Cancel this order? %1").replace("%1", summary)
        self.body.addStretch(1)
        self.body.addWidget(self.label(self.question, "heading"))
        self.status = self.label("", "muted")
        self.body.addWidget(self.status)
        self.body.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(ctx.theme.gap_px * 2)
        self.keep_button = BigButton(self.tr("No, keep it"), ctx.theme, role="choice")
        self.keep_button.setObjectName("keep")
        self.keep_button.clicked.connect(nav.back)
        self.yes_button = BigButton(self.tr("Yes, cancel it"), ctx.theme, role="primary")
        self.yes_button.setObjectName("confirm_cancel")
        self.yes_button.setProperty("primary", True)
        self.yes_button.clicked.connect(self.confirm)
        row.addWidget(self.keep_button, 1)
        row.addWidget(self.yes_button, 1)
        self.body.addLayout(row)
        self.busy = False

    def title(self) -> str:
        return self.tr("Cancel order")

    def spoken_text(self) -> str:
        return self.question

    def entered(self) -> None:
        self.ctx.say(self.question)
        self.nav.voice.listen_after_prompt()

    def voice_commands(self) -> dict:
        if self.busy:
            return {}
        return {"yes": self.confirm, "no": self.nav.back}

    def voice_phrases(self) -> dict:
        return {"yes": [self.yes_button.text()], "no": [self.keep_button.text()]}

    def confirm(self) -> None:
        if self.busy:
            return
        self.busy = True
        self.yes_button.setEnabled(False)
        store, order_id = self.ctx.store, self.order.id
        self.ctx.tasks.run(lambda: cancel_order(store, order_id), self._done, self._failed)

    def _done(self, order: Order) -> None:
        self.ctx.queued()
        text = self.tr("Cancelled: %1.").replace("%1", self.summary)
        self.ctx.say(text)
        if self.nav.current() is self:
            self.nav.back()

    def _failed(self, error: BaseException) -> None:
        from app.orders import OrderError

        self.busy = False
        self.yes_button.setEnabled(True)
        if isinstance(error, OrderError) and error.reason == "not_cancellable":
            text = self.tr("This order is already on its way and can no longer be cancelled.")
            self.yes_button.setEnabled(False)
        else:
            text = storage_failure(error, self.ctx.config.center_phone)
        self.status.setText(text)
        self.ctx.say(text)
