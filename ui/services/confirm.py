"""The read-back: what will be ordered, when, how many and for how much, then Confirm.

It is always one page, whatever the type size: a decision with a cost stays whole. Where room
is short the summary shortens (the words before it go, its framed panel gives way to plain
text, the read-back shrinks to one line of what, when, how many and the price); the full
text is always read aloud."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QFrame, QLabel

from app.catalog import Service, availability
from app.orders import place_order, validate_choices
from ui.icons import tinted_pixmap
from ui.layout.items import FULL, ICON, Shape
from ui.layout.pager import Pager
from ui.screen import Screen
from ui.theme import BODY_PT, ICON_MM, PRIMARY_LABEL_PT, Theme
from ui.widgets.buttons import WrapButton
from ui.widgets.placed import PlacesItsParts
from ui.wording import choices_text, join_items, money, price_text


def _text_height(font: QFont, text: str, width: int) -> int:
    """The height of ``text`` word-wrapped in ``width`` pixels, as a label draws it."""
    wrap = int(Qt.TextFlag.TextWordWrap.value)
    return QFontMetrics(font).boundingRect(QRect(0, 0, max(1, width), 100_000), wrap, text).height()


class OrderSummary(PlacesItsParts, QFrame):
    """What is ordered and what it costs this resident, in one of four shapes, best first: a
    framed panel with the service's icon; the panel without the icon; plain words in body
    type; one line of what, when, how many and the price."""

    def __init__(self, icon: str, summary: str, price: str, short: str, theme: Theme) -> None:
        super().__init__()
        self._theme = theme
        self._texts = (summary, price, short)
        self._pad = theme.mm(4) + max(2, theme.mm(0.6))  # the panel's padding and border
        self._spacing, self._line_gap = theme.mm(4), theme.mm(1)
        self.icon = QLabel(self)
        self.icon.setPixmap(tinted_pixmap(icon, theme.mm(ICON_MM * 1.5), theme.palette.text))
        self.what = QLabel(summary, self)
        self.what.setProperty("role", "heading")
        self.what.setObjectName("summary")
        self.price = QLabel(price, self)
        self.price.setObjectName("price")
        for label in (self.what, self.price):
            label.setWordWrap(True)
        self._shape = -1
        self.set_layout_shape(0)

    def _fonts(self, shape: int) -> tuple[QFont, QFont]:
        theme = self._theme
        what = theme.font(PRIMARY_LABEL_PT if shape < 2 else BODY_PT, bold=True)
        return what, theme.font(BODY_PT)

    def _parts(self, shape: int, width: int) -> tuple[int, int, int, int]:
        """(text x, text width, height of the words, of the price) in ``shape``."""
        framed, icon = shape < 2, shape == 0
        left = self._pad if framed else 0
        text_w = width - 2 * left
        if icon:
            shift = self.icon.pixmap().width() + self._spacing
            left, text_w = left + shift, text_w - shift
        what_font, price_font = self._fonts(shape)
        words = self._texts[2] if shape == 3 else self._texts[0]
        what_h = _text_height(what_font, words, text_w)
        price_h = 0 if shape == 3 else _text_height(price_font, self._texts[1], text_w)
        return left, text_w, what_h, price_h

    def _height(self, shape: int, width: int) -> int:
        _, _, what_h, price_h = self._parts(shape, width)
        words = what_h + (self._line_gap + price_h if price_h else 0)
        if shape >= 2:
            return words
        icon_h = self.icon.pixmap().height() if shape == 0 else 0
        return max(words, icon_h) + 2 * self._pad

    # -- the layout engine's side -----------------------------------------------------------

    def layout_shapes(self, width: int) -> list[Shape]:
        return [
            Shape(self._height(shape, width), FULL if shape == 0 else ICON) for shape in range(4)
        ]

    def set_layout_shape(self, index: int) -> None:
        if index == self._shape:
            return
        self._shape = index
        self.setProperty("role", "panel" if index < 2 else "")
        self.what.setProperty("compact", index >= 2)
        self.what.setText(self._texts[2] if index == 3 else self._texts[0])
        self.icon.setVisible(index == 0)
        self.price.setVisible(index != 3)
        for widget in (self, self.what):
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self._place()

    # -- Qt ---------------------------------------------------------------------------------

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._height(max(0, self._shape), width)

    def sizeHint(self) -> QSize:
        width = 2 * self._pad + QFontMetrics(self._fonts(0)[0]).horizontalAdvance(self._texts[0])
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        # The pager gives it the shape its room allows: the window need not be as high as
        # the summary at its narrowest.
        return QSize(self._theme.mm(20), 0)

    def _place(self) -> None:
        shape = max(0, self._shape)
        left, text_w, what_h, price_h = self._parts(shape, self.width())
        framed = shape < 2
        words_h = what_h + (self._line_gap + price_h if price_h else 0)
        top = max(0, (self.height() - words_h) // 2) if framed else 0
        if shape == 0:
            icon = self.icon.pixmap()
            self.icon.setGeometry(
                self._pad, (self.height() - icon.height()) // 2, icon.width(), icon.height()
            )
        self.what.setGeometry(left, top, text_w, what_h)
        self.price.setGeometry(left, top + what_h + self._line_gap, text_w, price_h)


class ConfirmScreen(Screen):
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
        tier = resident.subsidy_tier if resident else "full"
        self.price = price_text(service, tier, quantity)
        paid = service.price_fen[tier] * quantity
        short = join_items([self.summary, money(paid) if paid else self.price])

        self.pager = Pager(theme)
        intro = self.pager.add_text(self.tr("Please check your order:"), optional=True)
        self.summary_panel = OrderSummary(service.icon, self.summary, self.price, short, theme)
        self.pager.add_block(self.summary_panel)
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
        # Side by side, each as wide as its words ask, where they fit so; else one above the
        # other.
        answers = [self.cancel_button, self.confirm_button]
        self.pager.add_grid(answers, 2, stretch=False, natural=True)
        # One page: what, when, how many, the price and both answers, never apart.
        self.pager.keep_together(
            [intro, self.summary_panel, *answers],
            one_page=True,
            cost=self.summary_panel,
            actions=[self.confirm_button],
        )
        self.body.addWidget(self.pager, 1)
        self.saving = False

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

    def action_labels(self) -> dict[str, str]:
        return {"yes": self.confirm_button.text(), "no": self.cancel_button.text()}

    def confirm(self) -> None:
        if self.saving:
            return  # a second tap while saving must not place a second order
        resident = self.ctx.session.resident
        if resident is None:
            self.nav.home()
            return
        if self._closed_meanwhile():
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

    def _closed_meanwhile(self) -> bool:
        """Where the clock passed a cut-off since the answer was chosen (chosen at 9:59, Yes
        at 10:01), nothing is ordered: a screen says why and offers to choose again, rather
        than an order the center would refuse."""
        available = availability(self.service, self.ctx.clock(), self.picked)
        if available.open:
            return False
        from ui.services.closed import OrderClosedScreen
        from ui.wording import choice_closed, service_closed

        ctx, nav, service = self.ctx, self.nav, self.service
        language = ctx.language
        if availability(service, ctx.clock()).open:
            # One of the answers closed: the first of them is named.
            closed = [
                option.label.get(language)
                for choice_list in service.choices
                if (option := choice_list.option(self.picked.get(choice_list.id, "")))
                and not availability(service, ctx.clock(), {choice_list.id: option.id}).open
            ]
            message = choice_closed(closed[0] if closed else self.summary, available)
            screen = OrderClosedScreen(
                ctx,
                nav,
                service,
                available,
                message=message,
                choose_again=lambda: _order_again(nav, service),
            )
        else:
            name = service.name.get(language)
            screen = OrderClosedScreen(
                ctx, nav, service, available, message=service_closed(name, service, available)
            )
        nav.replace(screen)
        return True

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


def _order_again(nav, service: Service) -> None:
    """The order from its first question, as from its tile: the closed one is left behind."""
    nav.home()
    nav.open_feature("services", service_id=service.id)
