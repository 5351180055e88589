"""Words on a pager with a number pad: the pad beside the words where there is room, below
them on the same pager where there is not (large type on a tablet), always whole.

The screen's room never grows for a shape it would not use: the smallest size reported is
the pad's lowest shape below the words, on a page of its own if need be, so the window keeps
to the screen and Back and Home stay on it. The pager decides the shape below the words (the
pad lists its shapes, ``NumberPad.layout_shapes``); beside them, the pad takes the tallest
arrangement whose keys fit, large keys first.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QSize
from PySide6.QtWidgets import QWidget

from ui.layout.items import Shape
from ui.layout.pager import Pager
from ui.theme import Theme
from ui.widgets.numberpad import FIVES, PHONE, ROW, SPAN, NumberPad
from ui.widgets.placed import PlacesItsParts

# Beside the pad the words keep at least this share of the width.
WORDS_SHARE = 0.4

# Beside the words, best first: as on a telephone, then two rows of five; large keys first.
BESIDE = ((PHONE, True), (FIVES, True), (PHONE, False), (FIVES, False))


class _PadBelow(QWidget):
    """The pad's place among the words when it goes below them: the pager measures and
    shapes it as it does any widget with shapes, and the pad fills it."""

    def __init__(self, pad: NumberPad) -> None:
        super().__init__()
        self.pad = pad

    def layout_shapes(self, width: int) -> list[Shape]:
        return self.pad.layout_shapes(width)

    def set_layout_shape(self, index: int) -> None:
        self.pad.set_layout_shape(index)

    def holds_pad(self) -> bool:
        return self.pad.parentWidget() is self

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.holds_pad():
            self.pad.setGeometry(self.rect())

    # The room this place needs is told by PadBeside, which knows every shape of the pad:
    # the pager's own minimum would take the shape in use, not the smallest.
    def sizeHint(self) -> QSize:
        return self.pad.needed()

    def minimumSizeHint(self) -> QSize:
        return QSize(0, 0)


class PadBeside(PlacesItsParts, QWidget):
    """``pager`` (the screen's words) and ``pad``, side by side or one below the other.

    Build the words on ``pager`` first: the pad's place below them is added last."""

    def __init__(
        self, pager: Pager, pad: NumberPad, theme: Theme, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.pager, self.pad, self._theme = pager, pad, theme
        self.below = _PadBelow(pad)
        self.below.setObjectName("pad_below")
        pager.setParent(self)
        pager.show()
        pager.add_block(self.below)
        pad.setParent(self)
        self.beside = True
        self.pad_shown = True
        self._below_shown = True
        self._show_below(False)
        self._minimum: QSize | None = None

    # -- what the screen asks ---------------------------------------------------------------

    def set_pad_shown(self, shown: bool) -> None:
        """Show the pad or put it away (the words then take all the room)."""
        if shown != self.pad_shown:
            self.pad_shown = shown
            self._place()

    def pad_is_beside(self) -> bool:
        return self.beside and self.pad_shown

    def _show_below(self, shown: bool) -> None:
        if shown != self._below_shown:  # (the pager lays out again for each change)
            self._below_shown = shown
            self.pager.set_shown(self.below, shown)

    # -- choosing ---------------------------------------------------------------------------

    def _words_min(self, width: int) -> int:
        """The least width the words keep beside the pad: their longest word or button, and
        should they need pages, Previous, "2 of 3" and More side by side."""
        pager = self.pager
        part_of = QCoreApplication.translate("Pager", "%1 of %2").replace("%1", "8")
        part_of = part_of.replace("%2", "8")
        buttons = (pager.previous_button, pager.next_button)
        bar = 2 * max(b.sizeHint().width() for b in buttons) + 2 * self._theme.gap_px
        bar += pager.page_label.fontMetrics().horizontalAdvance(part_of) + 2
        return max(pager.minimumSizeHint().width(), int(width * WORDS_SHARE), bar)

    def _choose(self, width: int, height: int) -> tuple[str, bool] | None:
        """The pad's arrangement beside the words and whether its keys are large, or None
        for below them."""
        words_min = self._words_min(width)
        for arrangement, large in BESIDE:
            need = self.pad.needed(arrangement, large)
            if need.height() <= height and need.width() + self._theme.gap_px + words_min <= width:
                return arrangement, large
        return None

    def _place(self) -> None:
        width, height = self.width(), self.height()
        if width <= 0 or height <= 0:
            return
        if not self.pad_shown:
            self.pad.hide()
            self._show_below(False)
            self.pager.setGeometry(0, 0, width, height)
            return
        chosen = self._choose(width, height)
        beside = chosen is not None
        if beside != self.beside or self.pad.parentWidget() is None:
            self.beside = beside
            self.pad.setParent(self if beside else self.below)
        if chosen is None:
            self._show_below(True)
            self.pager.setGeometry(0, 0, width, height)
            self.pad.setGeometry(self.below.rect())
            self.pad.show()
            return
        self._show_below(False)
        arrangement, large = chosen
        if (arrangement, large) != (self.pad.arrangement, self.pad.large):
            self.pad.arrange(arrangement, large=large)
        # The pad takes half the width where the words can spare it.
        gap = self._theme.gap_px
        pad_w = min((width - gap) // 2, width - gap - self._words_min(width))
        pad_w = max(pad_w, self.pad.needed().width())
        self.pager.setGeometry(0, 0, width - pad_w - gap, height)
        self.pad.setGeometry(width - pad_w, 0, pad_w, height)
        self.pad.show()

    # -- Qt ---------------------------------------------------------------------------------

    def minimumSizeHint(self) -> QSize:
        """The most compact form: the pad at its narrowest and, below the words, at its
        lowest on a page of its own (with the pager's bar)."""
        pad, pager = self.pad, self.pager
        narrowest = min(pad.needed(a, False).width() for a in (PHONE, FIVES, SPAN, ROW))
        lowest = min(pad.needed(a, False).height() for a in (SPAN, ROW))
        bar = max(pager.next_button.sizeHint().height(), pager.previous_button.sizeHint().height())
        return QSize(max(narrowest, pager.minimumSizeHint().width()), lowest + pager.gap + bar)

    def sizeHint(self) -> QSize:
        words = self.pager.sizeHint()
        if not self.pad_shown:
            return words
        if not self.beside:
            return self.minimumSizeHint()
        pad = self.pad.needed()
        return QSize(
            words.width() + self._theme.gap_px + pad.width(), max(words.height(), pad.height())
        )

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            # The words changed (news, another language): they may want the room the pad
            # has, or give it back.
            self._place()
            minimum = self.minimumSizeHint()
            if minimum != self._minimum:
                self._minimum = minimum
                self.updateGeometry()
        return super().event(event)
