"""An on-screen number pad for card numbers: the number typed so far, ten digits, delete and OK.

The pad arranges itself for the room the screen gives it, always as one piece: as on a
telephone (1 2 3 at the top) where there is height, in two rows of five, or in one row of ten
under the number where only a band across the page is left. Its keys are large (the label size
of a primary action, 22 mm) where they fit and smaller otherwise (body type, 13 mm: they are
tappable elements, not primary actions); OK, which confirms, is always a primary action.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QSizePolicy, QStyle, QStyleOptionButton, QWidget

from ui.layout.items import FULL, ICON, Shape
from ui.theme import BODY_PT, PRIMARY_LABEL_PT, Theme
from ui.widgets.buttons import BigButton
from ui.widgets.placed import PlacesItsParts

MAX_DIGITS = 20

PHONE = "phone"  # the number; 1 2 3 / 4 5 6 / 7 8 9 / Delete 0 OK
FIVES = "fives"  # the number; 1 2 3 4 5 / 6 7 8 9 0 / Delete OK
ROW = "row"  # the number, Delete, OK / 1 2 3 4 5 6 7 8 9 0
SPAN = "span"  # the number, Delete / 1 2 3 4 5 6 7 8 9 0; OK beside both rows
ARRANGEMENTS = (PHONE, FIVES, ROW, SPAN)

# Keys grow with spare room up to this height; the rest stays below the pad.
MAX_KEY_MM = 30.0


def own_ink(metrics: QFontMetrics, text: str) -> int:
    """The height ``text`` needs for its own glyphs, placed as Qt places them (the line box
    centred in the room); unlike a row of labels a key of digits need not make room for the
    ink of a Chinese character, and on a tablet at 200 % that is what lets the pad fit."""
    ink = metrics.tightBoundingRect(text or "0")
    ascent, line = metrics.ascent(), metrics.height()
    # Two pixels more: Qt rounds the centring and the glyph outlines to whole pixels.
    return max(line - 2 * (ascent + ink.top()), 2 * (ascent + ink.bottom() + 1) - line) + 2


class Key(BigButton):
    """A key of the pad, as tall as the ink of its own words needs (it has no icon)."""

    def _measure(self, label: str, *, icon: bool, text: bool) -> QSize:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        metrics = self.fontMetrics()
        width = metrics.size(Qt.TextFlag.TextShowMnemonic, label).width() if text else 0
        inner = QSize(width, own_ink(metrics, label))
        option.rect.setSize(inner)
        return self.style().sizeFromContents(QStyle.ContentsType.CT_PushButton, option, inner, self)


class NumberPad(PlacesItsParts, QWidget):
    """Digits typed by tapping; ``sig_submitted`` carries the number on OK."""

    sig_changed = Signal(str)
    """The digits typed so far."""

    sig_submitted = Signal(str)
    """OK was tapped with these digits."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._gap = theme.gap_px
        self.digits = ""
        self.arrangement = PHONE
        self.large = True
        self._shapes_width = 1 << 20  # the width the layout engine last measured it at
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        # The number as typed, in groups of four; a screen reader says the digits shown.
        self.display = QLabel("", self)
        self.display.setObjectName("card_number")
        self.display.setProperty("role", "heading")
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display.setAccessibleDescription(self.tr("Card number"))
        self.buttons: dict[str, Key] = {}
        for key in "1234567890":
            self._add(key, key)
        delete = self._add("del", self.tr("Delete"))
        delete.setAccessibleDescription(self.tr("Delete the last digit"))
        ok = self._add("ok", self.tr("OK"), role="primary")
        ok.setAccessibleDescription(self.tr("Sign in with this number"))

    def _add(self, key: str, text: str, role: str = "choice") -> Key:
        button = Key(text, self._theme, role=role, parent=self)
        button.clicked.connect(lambda: self.press(key))
        self.buttons[key] = button
        return button

    # -- typing -----------------------------------------------------------------------------

    def press(self, key: str) -> None:
        if key == "del":
            self.digits = self.digits[:-1]
        elif key == "ok":
            if self.digits:
                self.sig_submitted.emit(self.digits)
            return
        elif key.isdigit() and len(self.digits) < MAX_DIGITS:
            self.digits += key
        self._show_digits()
        self.sig_changed.emit(self.digits)

    def clear(self) -> None:
        self.digits = ""
        self._show_digits()
        self.sig_changed.emit(self.digits)

    def _show_digits(self) -> None:
        text = " ".join(self.digits[i : i + 4] for i in range(0, len(self.digits), 4))
        width = self.display.width()
        metrics = self.display.fontMetrics()
        if width > 0 and metrics.horizontalAdvance(text) > width:
            # A very long number keeps its last digits, the ones just typed, in view.
            text = metrics.elidedText(text, Qt.TextElideMode.ElideLeft, width)
        self.display.setText(text)

    # -- arranging --------------------------------------------------------------------------

    def arrange(self, arrangement: str, *, large: bool) -> None:
        """Use ``arrangement`` (one of ARRANGEMENTS) with large or smaller digit keys."""
        if large != self.large:
            self.large = large
            for key, button in self.buttons.items():
                if key != "ok":
                    button.setProperty("role", "choice" if large else "")
                    button.style().unpolish(button)
                    button.style().polish(button)
                    button.setMinimumSize(button.minimumSizeHint())
        self.arrangement = arrangement
        self.updateGeometry()
        self._place()

    # Below the words of a page (ui/layout/pager.py), best first: the wide shapes with large
    # keys, then with keys in body type.
    BELOW = ((SPAN, True), (ROW, True), (SPAN, False), (ROW, False))

    def layout_shapes(self, width: int) -> list[Shape]:
        """The shapes that fit ``width``, as the layout engine takes them (the last always)."""
        self._shapes_width = width
        return [
            Shape(self.needed(arrangement, large).height(), FULL if large else ICON)
            for arrangement, large in self._below(width)
        ]

    def set_layout_shape(self, index: int) -> None:
        arrangement, large = self._below(self._shapes_width)[index]
        if (arrangement, large) != (self.arrangement, self.large):
            self.arrange(arrangement, large=large)

    def _below(self, width: int) -> list[tuple[str, bool]]:
        fitting = [(a, large) for a, large in self.BELOW if self.needed(a, large).width() <= width]
        return fitting or [self.BELOW[-1]]

    def needed(self, arrangement: str | None = None, large: bool | None = None) -> QSize:
        """The smallest room for ``arrangement`` (by default the one in use)."""
        arrangement = arrangement or self.arrangement
        large = self.large if large is None else large
        rows = self._rows(arrangement)
        width = max(self._row_width(row, large) for row in rows)
        height = sum(self._row_height(row, large) for row in rows)
        height += self._gap * (len(rows) - 1)
        if arrangement == SPAN:
            ok = self._least(self.buttons["ok"], large)
            width += self._gap + ok.width()
            height = max(height, ok.height())
        return QSize(width, height)

    def _rows(self, arrangement: str) -> list[list[QWidget]]:
        """The rows of cells, the number first; with SPAN, OK stands beside them all."""

        def keys(names: str) -> list[QWidget]:
            return [self.buttons[name] for name in names]

        delete, ok = self.buttons["del"], self.buttons["ok"]
        if arrangement == PHONE:
            return [
                [self.display],
                keys("123"),
                keys("456"),
                keys("789"),
                [delete, self.buttons["0"], ok],
            ]
        if arrangement == FIVES:
            return [[self.display], keys("12345"), keys("67890"), [delete, ok]]
        if arrangement == SPAN:
            return [[self.display, delete], keys("1234567890")]
        return [[self.display, delete, ok], keys("1234567890")]

    def _frame(self) -> QSize:
        """What a key's border and padding add to its words."""
        button = self.buttons["ok"]
        button.ensurePolished()
        option = QStyleOptionButton()
        button.initStyleOption(option)
        inner = QSize(10_000, 10_000)
        outer = button.style().sizeFromContents(
            QStyle.ContentsType.CT_PushButton, option, inner, button
        )
        return outer - inner

    def _least(self, widget: QWidget, large: bool) -> QSize:
        """The smallest size of one cell, from the type and the target floors."""
        theme = self._theme
        if widget is self.display:
            metrics = QFontMetrics(theme.font(PRIMARY_LABEL_PT, bold=True))
            return QSize(metrics.horizontalAdvance("0000"), own_ink(metrics, "0123456789"))
        primary = widget is self.buttons["ok"]
        points = PRIMARY_LABEL_PT if primary or large else BODY_PT
        floor = theme.primary_px if primary or large else theme.tap_px
        metrics = QFontMetrics(theme.font(points, bold=primary))
        assert isinstance(widget, Key)
        text = widget.label_text()
        frame = self._frame()
        width = metrics.size(Qt.TextFlag.TextShowMnemonic, text).width() + frame.width()
        height = own_ink(metrics, text) + frame.height()
        return QSize(max(width, floor), max(height, floor))

    def _row_height(self, row: list[QWidget], large: bool) -> int:
        return max(self._least(widget, large).height() for widget in row)

    def _row_width(self, row: list[QWidget], large: bool) -> int:
        gaps = self._gap * (len(row) - 1)
        if row[0] is self.display and len(row) > 1:
            return sum(self._least(widget, large).width() for widget in row) + gaps
        return max(self._least(widget, large).width() for widget in row) * len(row) + gaps

    def _place(self) -> None:
        width, height = self.width(), self.height()
        if width <= 0 or height <= 0:
            return
        gap = self._gap
        rows = self._rows(self.arrangement)
        heights = [self._row_height(row, self.large) for row in rows]
        # Spare height goes to the rows of keys, each up to a comfortable key size.
        spare = height - sum(heights) - gap * (len(rows) - 1)
        growing = [i for i, row in enumerate(rows) if self.display not in row]
        tallest = self._theme.mm(MAX_KEY_MM)
        for index in growing:
            heights[index] += max(0, min(spare // len(growing), tallest - heights[index]))
        if self.arrangement == SPAN:
            ok = self.buttons["ok"]
            ok_w = self._least(ok, self.large).width()
            width -= ok_w + gap
            ok_h = max(sum(heights) + gap * (len(rows) - 1), self._least(ok, self.large).height())
            ok.setGeometry(width + gap, 0, ok_w, ok_h)
        y = 0
        for row, row_h in zip(rows, heights, strict=True):
            for widget, x, cell_w in self._cells(row, width):
                widget.setGeometry(x, y, cell_w, row_h)
            y += row_h + gap
        for widget in (self.display, *self.buttons.values()):
            widget.show()
        self._show_digits()

    def _cells(self, row: list[QWidget], width: int) -> list[tuple[QWidget, int, int]]:
        gap = self._gap
        if row[0] is self.display and len(row) > 1:
            # Delete (and OK) as wide as two digits below them or their words; the number
            # takes the rest.
            two_keys = (width - 9 * gap) // 10 * 2 + gap
            ends = [max(two_keys, self._least(w, self.large).width()) for w in row[1:]]
            widths = [width - sum(ends) - gap * len(ends), *ends]
        else:
            cell = (width - gap * (len(row) - 1)) // len(row)
            widths = [cell] * (len(row) - 1) + [width - (cell + gap) * (len(row) - 1)]
        cells, x = [], 0
        for widget, cell_w in zip(row, widths, strict=True):
            cells.append((widget, x, cell_w))
            x += cell_w + gap
        return cells

    # -- Qt ---------------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return self.needed()

    def minimumSizeHint(self) -> QSize:
        return self.needed()


class SecretPad(NumberPad):
    """The number pad for a PIN: a dot for each digit typed, and no more than ``longest``."""

    def __init__(self, theme: Theme, longest: int) -> None:
        super().__init__(theme)
        self._longest = longest

    def press(self, key: str) -> None:
        if key.isdigit() and len(self.digits) >= self._longest:
            return
        super().press(key)

    def _show_digits(self) -> None:
        self.display.setText("●" * len(self.digits))
