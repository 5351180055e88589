"""The resident's orders, as many to a page as fit, each with a status chip and a Cancel
button while it can still be cancelled; an order the center did not accept says why and what
to do next under its words."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QLocale, QRect, QSize
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QWidget

from app.orders import Order, cancel_order, list_orders
from ui.icons import tinted_pixmap
from ui.layout.items import DESCRIPTION, FULL, ICON, Shape
from ui.layout.pager import Pager
from ui.order_words import (
    REFUSED,
    order_sentence,
    refusal_brief,
    refusal_sentence,
    shown_state,
    status_word,
)
from ui.screen import Screen
from ui.theme import ICON_MM
from ui.widgets.buttons import BigButton, WrapButton
from ui.widgets.placed import PlacesItsParts
from ui.widgets.statuschip import StatusChip
from ui.wording import (
    choices_text,
    join_items,
    join_sentences,
    storage_failure,
    unbreakable_runs,
)


class OrdersScreen(Screen):
    def __init__(self, ctx, nav) -> None:
        super().__init__(ctx, nav)
        self.orders: list[Order] = []
        self.rows: list[OrderRow] = []
        self.loaded = False
        self._message = self.tr("Loading your orders...")
        self._failure = False
        self.message: QLabel | None = None
        self.pager: Pager | None = None
        self._build()
        ctx.sync.sig_changes.connect(self._changed)

    # The pager is built anew with each list of orders; its buttons turn the pages.
    @property
    def previous_button(self) -> BigButton:
        assert self.pager is not None
        return self.pager.previous_button

    @property
    def next_button(self) -> BigButton:
        assert self.pager is not None
        return self.pager.next_button

    @property
    def page(self) -> int:
        return self.pager.page if self.pager is not None else 0

    def _changed(self, changes) -> None:
        if changes.orders and self.isVisible():
            self.reload()

    def title(self) -> str:
        return self.tr("My orders")

    def shown_rows(self) -> list[OrderRow]:
        """The rows on the page in view."""
        pager = self.pager
        if pager is None:
            return []
        return [row for row in self.rows if pager.page_of(row) == pager.page]

    def spoken_text(self) -> str:
        if not self.orders or self.message is None:
            return self._message
        parts = [self.title()]
        for row in self.shown_rows():
            # What it is, then what its state means: the same words as on the result screen.
            parts += [row.summary, order_sentence(row.order)]
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
        self._failure = False
        if not orders:
            self._message = self.tr("You have no orders yet.")
        else:
            self._message = self.tr("Your orders, newest first:")
        self._build()

    def _failed(self, error: BaseException) -> None:
        self.loaded = True
        self._message = storage_failure(error, self.ctx.config.center_phone)
        self._failure = True
        self._build()

    def _build(self) -> None:
        """A page body of the message and one block per order, on the page shown before."""
        old = self.pager
        pager = Pager(self.theme)
        # What went wrong and what to do: with large type a long message may turn the page
        # between its sentences.
        self.message = pager.add_text(self._message, "muted")
        if self.orders and not self._failure:
            # The rows speak for themselves under the title; where large type splits them
            # into pages, a line saying "newest first" would take the first page alone.
            pager.set_shown(self.message, False)
            self.setAccessibleDescription(self._message)
        self.rows = [OrderRow(self, order) for order in self.orders]
        shared: dict[tuple, tuple[int, int]] = {}
        for row in self.rows:
            row.peers, row.shared = self.rows, shared
            pager.add_block(row)
        self.pager = pager
        if old is None:
            self.body.addWidget(pager, 1)
            return
        self.body.replaceWidget(old, pager)
        old.hide()
        old.deleteLater()
        if self.isVisible():
            # Laid out at once in the old one's place, to stay on the page that was shown.
            pager.setGeometry(old.geometry())
            pager.show()
            pager.show_page(old.page)

    def show_page(self, page: int) -> None:
        if self.pager is not None:
            self.pager.show_page(page)

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


class OrderRow(PlacesItsParts, QFrame):
    """One order: icon, what and when, its state, and Cancel if it can still be cancelled.

    Side by side where the room allows; with large type the state and Cancel go on a line of
    their own under the words (and each on its own line where even they do not fit beside
    each other). Its height follows its width, so a page holds as many rows as fit."""

    def __init__(self, screen: OrdersScreen, order: Order) -> None:
        super().__init__()
        theme = screen.theme
        self.order = order
        self.setProperty("role", "panel")
        self.setObjectName(f"order_{order.id}")
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._margin_x, self._margin_y = theme.mm(3), theme.mm(2)
        self._tight_margin_y = theme.mm(1)  # the last shape to give way
        self._spacing, self._line_gap = theme.mm(3), theme.mm(1)
        service = screen.ctx.catalog.service(order.service_id)
        self.summary = screen.describe(order)
        self.icon = QLabel(self)
        self.icon.setPixmap(
            tinted_pixmap(
                service.icon if service else "orders", theme.mm(ICON_MM), theme.palette.text
            )
        )
        self.what = QLabel(self.summary, self)
        self.what.setWordWrap(True)
        self.when = QLabel(
            QLocale().toString(
                QDateTime.fromMSecsSinceEpoch(int(order.created_at.timestamp() * 1000)),
                QLocale.FormatType.ShortFormat,
            ),
            self,
        )
        self.when.setProperty("role", "muted")
        self.when.setWordWrap(True)
        state = shown_state(order)
        # Why the center did not take it and what to do now, under what it was; never left
        # out for room (the time of ordering is).
        self.why: QLabel | None = None
        self._why_labels: list[QLabel] = []  # the whole reason, and its first sentence
        if state == REFUSED and order.refusal:
            reason = refusal_sentence(order.refusal)
            for text in (reason, refusal_brief(order.refusal)):
                label = QLabel(text, self)
                label.setWordWrap(True)
                label.setObjectName("refusal")
                label.hide()
                self._why_labels.append(label)
            self.why = self._why_labels[0]
            self.why.show()
        self.chip = StatusChip(state, theme, self)
        self.cancel_button: BigButton | None = None
        if order.cancellable:
            self.cancel_button = BigButton(
                self.tr("Cancel"),
                theme,
                role="nav",
                icon="status_cancelled",
                description=self.tr("Cancel this order"),
                parent=self,
            )
            self.cancel_button.setObjectName("cancel_order")
            self.cancel_button.clicked.connect(lambda: screen.ask_cancel(order))
        self.setAccessibleName(f"{self.summary} {status_word(state)}")
        self.setAccessibleDescription(order_sentence(order))
        # The other rows of the list, whose columns this row shares (see _columns).
        self.peers: list[OrderRow] = [self]
        self.shared: dict[tuple, tuple[int, int]] = {}  # the columns, measured once for all
        self._arranged: dict[tuple, tuple[int, int, list[tuple[QWidget, QRect]]]] = {}
        self._least_size: tuple[tuple[int, int], QSize] = ((0, 0), QSize())
        self._shape = 0  # given by the pager (see layout_shapes)

    def shown_reason(self) -> QLabel | None:
        """The words shown for why the center did not take it (whole or brief), if any."""
        return next((label for label in self._why_labels if label.isVisible()), None)

    # -- measuring --------------------------------------------------------------------------

    def _frame(self) -> int:
        return self.frameWidth()

    @staticmethod
    def _widest_word(label: QLabel) -> int:
        words = unbreakable_runs(label.text()) or [""]
        metrics = label.fontMetrics()
        return max(metrics.horizontalAdvance(word) for word in words) + 2

    @staticmethod
    def _one_line(label: QLabel) -> int:
        return label.fontMetrics().horizontalAdvance(label.text()) + 2

    def _text_min(self) -> int:
        why = [self._widest_word(self.why)] if self.why is not None else []
        return max(self._widest_word(self.what), self._widest_word(self.when), *why)

    def _text(self, x: int, width: int) -> tuple[int, list[tuple[QWidget, QRect]]]:
        """What and when (and why not accepted, under them): their height and places."""
        height, placed = self._what_and_when(x, width)
        if self.why is None:
            return height, placed
        top = height + self._line_gap
        why_h = self.why.heightForWidth(width)
        return top + why_h, [*placed, (self.why, QRect(x, top, width, why_h))]

    def _what_and_when(self, x: int, width: int) -> tuple[int, list[tuple[QWidget, QRect]]]:
        """What and when on one line where they fit (when at the right), else one under the
        other: their height and places."""
        when_w = self._one_line(self.when)
        if self._one_line(self.what) + self._spacing + when_w <= width:
            what_w = width - when_w - self._spacing
            what_h, when_h = self.what.heightForWidth(what_w), self.when.heightForWidth(when_w)
            height = max(what_h, when_h)
            return height, [
                (self.what, QRect(x, (height - what_h) // 2, what_w, what_h)),
                (self.when, QRect(x + width - when_w, (height - when_h) // 2, when_w, when_h)),
            ]
        what_h, when_h = self.what.heightForWidth(width), self.when.heightForWidth(width)
        return what_h + self._line_gap + when_h, [
            (self.what, QRect(x, 0, width, what_h)),
            (self.when, QRect(x, what_h + self._line_gap, width, when_h)),
        ]

    def _parts(self) -> list[QWidget]:
        """The state and the Cancel button."""
        return [self.chip] + ([self.cancel_button] if self.cancel_button is not None else [])

    @staticmethod
    def _part_height(widget: QWidget) -> int:
        return max(widget.sizeHint().height(), widget.minimumHeight())

    @staticmethod
    def _least(widget: QWidget) -> int:
        return max(widget.minimumSizeHint().width(), widget.minimumWidth())

    @classmethod
    def _part_width(cls, widget: QWidget, room: int) -> int:
        """Its natural width where there is room, else as little as it can take."""
        return max(cls._least(widget), min(widget.sizeHint().width(), room))

    def _columns(self, natural: bool) -> tuple[int, int]:
        """The widths of the state's and Cancel's columns, the same in every row of the list,
        so that side by side the rows line up as a table (no Cancel column where no order of
        the list can be cancelled)."""
        key = (natural, self.chip.word.font().pixelSize())
        if key not in self.shared:

            def width(widget: QWidget) -> int:
                return widget.sizeHint().width() if natural else self._least(widget)

            chip_w = max(width(row.chip) for row in self.peers)
            buttons = [row.cancel_button for row in self.peers if row.cancel_button]
            cancel_w = max([width(button) for button in buttons] + [0])
            self.shared[key] = (chip_w, cancel_w)
        return self.shared[key]

    # The shapes the layout engine may give the row, best first: side by side in the list's
    # columns (or flowing onto lines, where that is lower); without the time of ordering;
    # without the icon; with thinner margins above and below. What, its state and Cancel
    # never give way.
    _SHAPES = (
        (FULL, True, True, False, False),  # (level, icon, time, thin margins, brief why)
        (DESCRIPTION, True, False, False, False),
        (ICON, False, False, False, False),
        (ICON, False, False, True, False),
        # Why not accepted in a few words (the whole is read aloud and in the row's
        # accessible description).
        (ICON, False, False, True, True),
    )

    def _arrange(self, width: int, shape: int) -> tuple[int, int, list[tuple[QWidget, QRect]]]:
        """The height, the margin above and below and where each part goes in a row
        ``width`` pixels wide in ``shape`` (one of _SHAPES)."""
        self.ensurePolished()
        key = (width, shape, self.what.font().pixelSize(), self.chip.word.font().pixelSize())
        if key not in self._arranged:
            if len(self._arranged) > 16:
                self._arranged.clear()
            self._arranged[key] = self._arrange_anew(width, shape)
        return self._arranged[key]

    def _arrange_anew(self, width: int, shape: int) -> tuple[int, int, list[tuple[QWidget, QRect]]]:
        _, icon, date, thin, brief = self._SHAPES[shape]
        if self._why_labels:
            self.why = self._why_labels[-1 if brief else 0]
        inner = max(1, width - 2 * (self._frame() + self._margin_x))
        margin = self._tight_margin_y if thin else self._margin_y
        height, placed = self._flow(inner, icon=icon, date=date)
        if icon and date:
            # In the list's columns where the words keep room enough, unless that is higher.
            for natural in (True, False):
                chip_w, cancel_w = self._columns(natural)
                text_w = inner - self.icon.pixmap().width() - chip_w - 2 * self._spacing
                text_w -= cancel_w + self._spacing if cancel_w else 0
                if text_w >= self._text_min():
                    side = self._side(inner, text_w, chip_w, cancel_w)
                    if side[0] <= height:
                        height, placed = side
                    break
        return self._outer_height(height, margin), margin, placed

    def layout_shapes(self, width: int) -> list[Shape]:
        return [
            Shape(self._arrange(width, shape)[0], level)
            for shape, (level, *_) in enumerate(self._SHAPES)
        ]

    def set_layout_shape(self, index: int) -> None:
        if index != self._shape:
            self._shape = index
            self._place()

    def _side(
        self, inner: int, text_w: int, chip_w: int, cancel_w: int
    ) -> tuple[int, list[tuple[QWidget, QRect]]]:
        """Icon, words, state and Cancel on one line, in the list's columns."""
        gap = self._spacing
        icon_w, icon_h = self.icon.pixmap().width(), self.icon.pixmap().height()
        text_h, texts = self._text(icon_w + gap, text_w)
        height = max([icon_h, text_h] + [self._part_height(p) for p in self._parts()])
        placed: list[tuple[QWidget, QRect]] = [
            (self.icon, QRect(0, (height - icon_h) // 2, icon_w, icon_h))
        ]
        placed += [(widget, rect.translated(0, (height - text_h) // 2)) for widget, rect in texts]
        chip_h = self._part_height(self.chip)
        chip_x = icon_w + gap + text_w + gap
        chip_rect = QRect(
            chip_x, (height - chip_h) // 2, self._part_width(self.chip, chip_w), chip_h
        )
        placed.append((self.chip, chip_rect))
        if self.cancel_button is not None:
            button_w = self._part_width(self.cancel_button, cancel_w)
            button_h = self._part_height(self.cancel_button)
            rect = QRect(inner - button_w, (height - button_h) // 2, button_w, button_h)
            placed.append((self.cancel_button, rect))
        return height, placed

    def _flow(
        self, inner: int, *, icon: bool, date: bool
    ) -> tuple[int, list[tuple[QWidget, QRect]]]:
        """The parts one after another, as words on lines: a part that does not fit on the
        line begins the next one. Cancel keeps to the right."""
        gap = self._spacing
        lines: list[list[tuple[QWidget, int, int]]] = [[]]
        used = 0

        def room() -> int:
            return inner - used - (gap if lines[-1] else 0)

        def put(widget: QWidget, width: int, height: int) -> None:
            nonlocal used
            if lines[-1] and width > room():
                lines.append([])
                used = 0
            used += width + (gap if lines[-1] else 0)
            lines[-1].append((widget, width, height))

        if icon:
            put(self.icon, self.icon.pixmap().width(), self.icon.pixmap().height())
        what_w = self._one_line(self.what)
        if what_w > room():
            # Wrapped beside the icon, or under it where even its words do not fit there.
            what_w = room() if room() >= self._widest_word(self.what) else inner
        put(self.what, min(what_w, inner), self.what.heightForWidth(min(what_w, inner)))
        if date:
            when_w = min(self._one_line(self.when), inner)
            put(self.when, when_w, self.when.heightForWidth(when_w))
        if self.why is not None:
            # A line of its own, as wide as the row.
            if lines[-1]:
                lines.append([])
                used = 0
            put(self.why, inner, self.why.heightForWidth(inner))
        for part in self._parts():
            least = self._least(part)
            part_w = self._part_width(part, room() if least <= room() else inner)
            put(part, part_w, self._part_height(part))
        placed = []
        y = 0
        for line in lines:
            line_h = max(height for _, _, height in line)
            x = 0
            for widget, part_w, part_h in line:
                if widget is self.cancel_button:
                    x = inner - part_w
                placed.append((widget, QRect(x, y + (line_h - part_h) // 2, part_w, part_h)))
                x += part_w + gap
            y += line_h + self._line_gap
        return y - self._line_gap, placed

    def _outer_height(self, inner_height: int, margin: int) -> int:
        return inner_height + 2 * (self._frame() + margin)

    # -- Qt ---------------------------------------------------------------------------------

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(width, self._shape)[0]

    def sizeHint(self) -> QSize:
        self.ensurePolished()
        chip_w, cancel_w = self._columns(True)
        width = (
            self.icon.pixmap().width()
            + self._one_line(self.what)
            + self._one_line(self.when)
            + chip_w
            + (cancel_w + self._spacing if cancel_w else 0)
            + 3 * self._spacing
            + 2 * (self._frame() + self._margin_x)
        )
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        self.ensurePolished()
        key = (self.what.font().pixelSize(), self.chip.word.font().pixelSize())
        if self._least_size[0] != key:
            widest = max([self._text_min()] + [self._least(p) for p in self._parts()])
            # As low as it gets: everything on one line.
            what_h = self.what.heightForWidth(self._one_line(self.what))
            when_h = self.when.heightForWidth(self._one_line(self.when))
            parts = [self._part_height(p) for p in self._parts()]
            height = max([self.icon.pixmap().height(), what_h, when_h, *parts])
            if self.why is not None:
                height += self._line_gap + self.why.heightForWidth(self._one_line(self.why))
            size = QSize(
                widest + 2 * (self._frame() + self._margin_x),
                self._outer_height(height, self._tight_margin_y),
            )
            self._least_size = (key, size)
        return QSize(self._least_size[1])

    def _place(self) -> None:
        if self.width() <= 0:
            return
        _, margin, placed = self._arrange(self.width(), self._shape)
        left = self._frame() + self._margin_x
        top = self._frame() + margin
        shown = {id(widget) for widget, _ in placed}
        for optional in (self.icon, self.when, *self._why_labels):
            optional.setVisible(id(optional) in shown)
        for widget, rect in placed:
            widget.setGeometry(rect.translated(left, top))


class CancelConfirmScreen(Screen):
    """Cancelling has an effect on a worker's day, so it is confirmed with a tap."""

    def __init__(self, ctx, nav, order: Order, summary: str) -> None:
        self.order = order
        self.summary = summary
        super().__init__(ctx, nav)
        self.question = self.tr("Cancel this order? %1").replace("%1", summary)
        self.keep_button = WrapButton(self.tr("No, keep it"), ctx.theme, role="choice")
        self.keep_button.setObjectName("keep")
        self.keep_button.clicked.connect(nav.back)
        self.yes_button = WrapButton(self.tr("Yes, cancel it"), ctx.theme, role="primary")
        self.yes_button.setObjectName("confirm_cancel")
        self.yes_button.setProperty("primary", True)
        self.yes_button.clicked.connect(self.confirm)
        self.pager = Pager(ctx.theme)
        self.pager.add_stretch()
        # The question (with the order it is about) on every page of its answers; the answers
        # as wide as their words ask, so that each keeps to one line where it can.
        self.pager.add_question(
            self.label(self.question, "heading"),
            [self.keep_button, self.yes_button],
            2,
            stretch=False,
            natural=True,
        )
        self.status = self.pager.add_text("", "muted")
        self.pager.set_shown(self.status, False)
        self.pager.add_stretch()
        self.body.addWidget(self.pager, 1)
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
        self.pager.set_text(self.status, text)
        self.pager.set_shown(self.status, True)
        self.pager.show_widget(self.status)
        self.ctx.say(text)
