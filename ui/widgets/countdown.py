"""A visible, spoken countdown in whole seconds; the only countdown an elder ever meets."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QWidget

from ui.theme import VITAL_PT, Theme

_FIGURES = "0123456789"


def ink_only_height(metrics: QFontMetrics, text: str) -> int:
    """The height a one-line label of figures ("5", "010-6512-3456") needs for its glyphs,
    with the line box centred in it as Qt centres it. Figures sit high in a CJK font's tall
    line box (about 1.45 em), so this is far less than a line: at 200 % type a number in
    huge type then still shares a page with what belongs beside it."""
    ink = metrics.tightBoundingRect(text or "0")
    ascent, line = metrics.ascent(), metrics.height()
    # Two pixels more: Qt rounds the centring and the glyph outlines to whole pixels.
    return max(line - 2 * (ascent + ink.top()), 2 * (ascent + ink.bottom() + 1) - line) + 2


class Countdown(QWidget):
    """Counts from ``seconds`` to zero, once a second, showing the number in huge type.

    The number's room is as high as its figures' ink (not a whole line of type) and as wide
    as the first, widest number, so the page does not move while it counts. Given the
    ``theme``, a number with less room than its type asks (two figures beside a long Cancel
    on a tablet at 200 %) gives up some of the font scale, never below its size at 100 %."""

    sig_tick = Signal(int)
    """Seconds left, emitted at the start and after every second."""

    sig_finished = Signal()
    """Reached zero without being stopped."""

    def __init__(
        self, seconds: int, parent: QWidget | None = None, *, theme: Theme | None = None
    ) -> None:
        super().__init__(parent)
        self._seconds = seconds
        self.remaining = seconds
        self.number = QLabel(str(seconds), self)
        self.number.setProperty("role", "countdown")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # The style sheet's size for the role, and the least it may give way to.
        self._full_px = theme.pt(VITAL_PT) if theme is not None else 0
        self._floor_px = theme.pt(VITAL_PT, scaled=False) if theme is not None else 0
        self._px = self._full_px
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        self.remaining = self._seconds
        self._show()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _show(self) -> None:
        self.number.setText(str(self.remaining))
        self.number.setAccessibleName(str(self.remaining))
        self.sig_tick.emit(self.remaining)

    def _tick(self) -> None:
        self.remaining -= 1
        if self.remaining <= 0:
            self._timer.stop()
            self.remaining = 0
            self.number.setText("0")
            self.sig_finished.emit()
        else:
            self._show()

    # -- measuring --------------------------------------------------------------------------

    def _metrics(self, px: int) -> QFontMetrics:
        self.number.ensurePolished()  # the style sheet gives the family and the huge type
        font = QFont(self.number.font())
        if px > 0:
            font.setPixelSize(px)
        return QFontMetrics(font)

    def _width(self, px: int) -> int:
        """The room of the widest number this countdown shows, in type of ``px`` pixels."""
        metrics = self._metrics(px)
        widest = "8" * len(str(self._seconds))
        figures = max(
            metrics.horizontalAdvance(widest), metrics.horizontalAdvance(str(self._seconds))
        )
        return figures + 2

    def _height(self) -> int:
        return ink_only_height(self._metrics(self._full_px), _FIGURES)

    def sizeHint(self) -> QSize:
        # A little air beside the number, where the row has room for it.
        air = self._metrics(self._full_px).height() // 16
        return QSize(self._width(self._full_px) + air, self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self._width(self._floor_px or self._full_px), self._height())

    # -- placing ----------------------------------------------------------------------------

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.number.setGeometry(self.rect())
        self._fit(event.size().width())

    def _fit(self, width: int) -> None:
        """The full type where it fits, else the largest that does (not below the floor)."""
        if not self._full_px or width <= 0:
            return
        px = self._full_px
        while px > self._floor_px and self._width(px) > width:
            px -= max(1, (px - self._floor_px) // 8)
        px = max(px, self._floor_px)
        if px != self._px:
            self._px = px
            self.number.setStyleSheet("" if px == self._full_px else f"font-size: {px}px;")

    def event(self, event) -> bool:
        handled = super().event(event)
        if event.type() in (event.Type.StyleChange, event.Type.FontChange, event.Type.Polish):
            self.updateGeometry()
        return handled
