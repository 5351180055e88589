"""The large number pad for typing one value of a reading: the card pad of
ui/widgets/numberpad.py with a decimal point for the values that have one (36.8 °C, 5.6
mmol/L, 62.5 kg), at most five characters, and the value shown as typed."""

from __future__ import annotations

from PySide6.QtCore import QLocale, QSize
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QWidget

from ui.theme import PRIMARY_LABEL_PT, Theme
from ui.widgets.numberpad import FIVES, PHONE, NumberPad, own_ink

MAX_CHARACTERS = 5  # 136.5 kg, 36.8, 180: no value of a reading needs more
POINT = "."


class ValuePad(NumberPad):
    """Digits (and, with ``decimals``, one decimal point) typed by tapping."""

    def __init__(
        self, theme: Theme, *, decimals: int, unit: str = "", parent: QWidget | None = None
    ) -> None:
        """``unit``: shown beside the number as it is typed ("145 毫米汞柱")."""
        self.decimals = decimals
        self.unit = unit
        super().__init__(theme, parent)
        self.display.setObjectName("typed_value")
        self.display.setAccessibleDescription(self.tr("The number typed so far"))
        self.buttons["ok"].setAccessibleDescription(self.tr("Use this number"))
        if decimals:
            point = self._add(POINT, QLocale().decimalPoint())
            point.setAccessibleDescription(self.tr("Type a decimal point"))

    def press(self, key: str) -> None:
        if key == POINT:
            if self.decimals and POINT not in self.digits and len(self.digits) < MAX_CHARACTERS:
                self.digits = (self.digits or "0") + POINT
                self._show_digits()
                self.sig_changed.emit(self.digits)
            return
        if key.isdigit():
            if len(self.digits) >= MAX_CHARACTERS:
                return
            fraction = self.digits.partition(POINT)[2]
            if POINT in self.digits and len(fraction) >= self.decimals:
                return  # no more decimals than the value is shown with
        super().press(key)

    def value(self) -> float | None:
        """The number typed, or None when there is none yet."""
        text = self.digits.rstrip(POINT)
        try:
            return float(text) if text else None
        except ValueError:
            return None

    def set_value(self, text: str) -> None:
        """Start from ``text`` (a value typed before, when the elder comes back to it)."""
        self.digits = text[:MAX_CHARACTERS]
        self._show_digits()
        self.sig_changed.emit(self.digits)

    def _show_digits(self) -> None:
        number = self.digits.replace(POINT, QLocale().decimalPoint())
        self.display.setText(f"{number} {self.unit}".strip() if number else "")

    def _least(self, widget: QWidget, large: bool) -> QSize:
        size = super()._least(widget, large)
        if widget is self.display and self.unit:
            # The number with its unit, descenders and all ("mmHg").
            metrics = QFontMetrics(self._theme.font(PRIMARY_LABEL_PT, bold=True))
            sample = f"0123456789 {self.unit}"
            size.setHeight(max(size.height(), own_ink(metrics, sample)))
            size.setWidth(max(size.width(), metrics.horizontalAdvance(f"000.0 {self.unit}")))
        return size

    def _smallest(self) -> QSize:
        """The least room of the shapes the pager chooses from (below the words)."""
        sizes = [self.needed(arrangement, large) for arrangement, large in self.BELOW]
        return QSize(min(s.width() for s in sizes), min(s.height() for s in sizes))

    def sizeHint(self) -> QSize:
        # The pager gives it a shape of its own (layout_shapes); until then, and for the
        # window's size, the wide shapes are the ones that count, not the telephone's.
        return self.needed(*self.BELOW[0])

    def minimumSizeHint(self) -> QSize:
        return self._smallest()

    def _rows(self, arrangement: str) -> list[list[QWidget]]:
        rows = super()._rows(arrangement)
        point = self.buttons.get(POINT)
        if point is None:
            return rows
        if arrangement == PHONE:
            # 1 2 3 / 4 5 6 / 7 8 9 / . 0 Delete OK
            return [*rows[:4], [point, self.buttons["0"], self.buttons["del"], self.buttons["ok"]]]
        if arrangement == FIVES:
            return [*rows[:3], [point, self.buttons["del"], self.buttons["ok"]]]
        # The wide shapes: the point after the ten digits.
        return [rows[0], [*rows[1], point]]
