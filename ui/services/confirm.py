"""The read-back: what will be ordered, when, how many and for how much, then Confirm."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout

from app.catalog import Service
from app.orders import place_order, validate_choices
from ui.icons import tinted_pixmap
from ui.screen import Screen
from ui.services.flow import PageFit
from ui.theme import ICON_MM
from ui.widgets.buttons import WrapButton
from ui.widgets.pager import Pager
from ui.wording import choices_text, join_items, price_text


class _Panel(QFrame):
    """The framed read-back. Where it is taller than a page its words take its place, so the
    page body need not be as high as the panel at its lowest."""

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), 0)


class ConfirmScreen(Screen):
    needs_resident = True

    def __init__(self, ctx, nav, service: Service, picked: dict[str, str]) -> None:
        self.service = service
        self.picked = dict(picked)
        super().__init__(ctx, nav)
        theme = ctx.theme
        resident = ctx.session.resident
        quantity = validate_choices(service, self.picked)
        self.summary = join_items(
            [service.name.get(ctx.language), *choices_text(service, self.picked, ctx.language)]
        )
        self.price = price_text(service, resident.subsidy_tier if resident else "full", quantity)

        self.pager = Pager(theme)
        fit = PageFit(self.pager, self)
        fit.add_text(self.tr("Please check your order:"))
        # Where the panel is taller than a page (large type on a tablet), its words alone.
        fit.add_group(self._panel(service), [(self.summary, "heading"), (self.price, "")])
        self.pager.add_stretch()
        self.cancel_button = WrapButton(
            self.tr("No, go back"),
            theme,
            role="choice",
            description=self.tr("Do not order; go back to the home screen"),
        )
        self.cancel_button.setObjectName("cancel")
        self.cancel_button.clicked.connect(nav.home)
        self.confirm_button = WrapButton(
            self.tr("Yes, order"),
            theme,
            role="primary",
            description=self.tr("Place this order"),
        )
        self.confirm_button.setObjectName("confirm")
        self.confirm_button.setProperty("primary", True)
        self.confirm_button.clicked.connect(self.confirm)
        fit.add_row([self.cancel_button, self.confirm_button])
        self.body.addWidget(self.pager, 1)
        self.saving = False

    def _panel(self, service: Service) -> _Panel:
        """The service's icon beside what is ordered and what it costs."""
        theme = self.ctx.theme
        panel = _Panel()
        panel.setProperty("role", "panel")
        panel_layout = QHBoxLayout(panel)
        panel_layout.setContentsMargins(theme.mm(4), theme.mm(4), theme.mm(4), theme.mm(4))
        panel_layout.setSpacing(theme.mm(4))
        icon = QLabel()
        icon.setPixmap(tinted_pixmap(service.icon, theme.mm(ICON_MM * 1.5), theme.palette.text))
        panel_layout.addWidget(icon)
        text = QVBoxLayout()
        text.addWidget(self.label(self.summary, "heading"))
        text.addWidget(self.label(self.price))
        panel_layout.addLayout(text, 1)
        return panel

    def title(self) -> str:
        return self.tr("Confirm your order")

    def spoken_text(self) -> str:
        return (
            self.tr("You are ordering: %1. %2. Tap Yes to order.")
            .replace("%1", self.summary)
            .replace("%2", self.price)
        )

    def entered(self) -> None:
        self.ctx.say(self.spoken_text())
        self.nav.voice.listen_after_prompt()

    def voice_commands(self) -> dict:
        if self.saving:
            return {}
        # "No" leaves the order unplaced, like the Cancel button beside Yes.
        return {"yes": self.confirm, "no": self.nav.home, "cancel": self.nav.home}

    def voice_phrases(self) -> dict:
        # What the buttons say can be said too ("确认下单", "不要了").
        return {"yes": [self.confirm_button.text()], "no": [self.cancel_button.text()]}

    def confirm(self) -> None:
        if self.saving:
            return  # a second tap while saving must not place a second order
        resident = self.ctx.session.resident
        if resident is None:
            self.nav.home()
            return
        self.saving = True
        self.confirm_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.confirm_button.set_label(self.tr("Saving..."))
        store, service, picked = self.ctx.store, self.service, self.picked
        self.ctx.tasks.run(
            lambda: place_order(store, resident, service, picked),
            self.show_saved,
            self.show_failed,
        )

    def show_saved(self, order) -> None:
        self.ctx.queued()
        from ui.services.result import OrderResultScreen

        self.nav.show_after_home(
            OrderResultScreen(self.ctx, self.nav, self.service, order=order, summary=self.summary)
        )

    def show_failed(self, error: BaseException) -> None:
        from ui.services.result import OrderResultScreen

        self.nav.show_outcome(
            self,
            OrderResultScreen(self.ctx, self.nav, self.service, error=error, summary=self.summary),
        )
