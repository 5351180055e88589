"""A name and its phone number as one block, for the SOS screens and the out-of-service page."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QFrame, QLabel

from ui.layout.items import DESCRIPTION, FULL, Shape
from ui.theme import PHONE_PT, PRIMARY_LABEL_PT, Theme
from ui.widgets.countdown import ink_only_height
from ui.widgets.placed import PlacesItsParts


class PhoneLine(PlacesItsParts, QFrame):
    """A number to phone in an emergency: its name ("Community center:") in body type and the
    number in 40 pt type, side by side where they fit, else the name above the number. One
    block, so a page never shows a name without its number. ``centred`` puts them in the
    middle of the panel, for a page whose words are centred. Where a page has no room for it
    (200 % type on a tablet), the layout engine may give the number the size of a primary
    label instead."""

    def __init__(self, template: str, number: str, theme: Theme, *, centred: bool = False) -> None:
        super().__init__()
        self._centred = centred
        self.setProperty("role", "panel")
        self._text = template.replace("%1", number)
        # The name is the template's words before the number: no new words to translate.
        name, _, after = template.partition("%1")
        self.name = QLabel(name.strip(), self)
        self.number = QLabel((number + after).strip(), self)
        self.number.setProperty("role", "phone")
        across = Qt.AlignmentFlag.AlignHCenter if centred else Qt.AlignmentFlag.AlignLeft
        for label in (self.name, self.number):
            label.setAlignment(across | Qt.AlignmentFlag.AlignVCenter)
        self._pad_x, self._pad_y, self._pad_min = theme.mm(4), theme.mm(1), theme.mm(1)
        self._spacing_x, self._spacing_y = theme.mm(3), theme.mm(0.5)
        self._border = max(2, theme.mm(0.6))
        self._theme = theme
        self._small = False  # the number in primary-label type (see layout_shapes)
        self._measuring: bool | None = None  # the size measured for, where not the one shown

    def text(self) -> str:
        """The name and the number as one line ("Community center: 010-6512-3456")."""
        return self._text

    # -- measuring and placing ----------------------------------------------------------------

    def _sizes(self) -> tuple[QSize, QSize]:
        for label in (self.name, self.number):
            label.ensurePolished()
        name = self.name.fontMetrics()
        number = self.number.fontMetrics()
        if self._measuring is not None and self._measuring != self._small:
            points = PRIMARY_LABEL_PT if self._measuring else PHONE_PT
            number = QFontMetrics(self._theme.font(points, bold=True))
        name_size = QSize(name.horizontalAdvance(self.name.text()) + 2, name.height())
        number_size = QSize(
            number.horizontalAdvance(self.number.text()) + 2,
            ink_only_height(number, self.number.text()),
        )
        return name_size, number_size

    def _frame(self, width: int | None = None) -> tuple[int, int]:
        """The padding and border around the words; the side padding gives way (down to
        1 mm) where a long number in 40 pt type needs the room, as on a tablet at 200 %."""
        name, number = self._sizes()
        pad_x = self._pad_x
        if width is not None:
            room = width - max(name.width(), number.width()) - 2 * self._border
            pad_x = max(self._pad_min, min(pad_x, room // 2))
        else:
            pad_x = self._pad_min
        return 2 * (pad_x + self._border), 2 * (self._pad_y + self._border)

    def _side_by_side(self, width: int) -> bool:
        name, number = self._sizes()
        needed = name.width() + self._spacing_x + number.width()
        return needed + self._frame(width)[0] <= width

    def layout_shapes(self, width: int) -> list[Shape]:
        """The number in its own large type, then in primary-label type."""
        shapes = []
        try:
            for small, level in ((False, FULL), (True, DESCRIPTION)):
                self._measuring = small
                shapes.append(Shape(self.heightForWidth(width), level))
        finally:
            self._measuring = None
        return shapes

    def set_layout_shape(self, index: int) -> None:
        small = index == 1
        if small != self._small:
            self._small = small
            self.number.setProperty("role", "heading" if small else "phone")
            self.number.style().unpolish(self.number)
            self.number.style().polish(self.number)
            self._place()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        name, number = self._sizes()
        if self._side_by_side(width):
            inner = max(name.height(), number.height())
        else:
            inner = name.height() + self._spacing_y + number.height()
        return inner + self._frame(width)[1]

    def sizeHint(self) -> QSize:
        name, number = self._sizes()
        frame_w, frame_h = self._frame()
        width = (
            name.width()
            + self._spacing_x
            + number.width()
            + frame_w
            + 2 * (self._pad_x - self._pad_min)
        )
        return QSize(width, max(name.height(), number.height()) + frame_h)

    def minimumSizeHint(self) -> QSize:
        name, number = self._sizes()
        frame_w, frame_h = self._frame()
        width = max(name.width(), number.width()) + frame_w
        return QSize(width, max(name.height(), number.height()) + frame_h)

    def _place(self) -> None:
        name, number = self._sizes()
        frame_w, frame_h = self._frame(self.width())
        left, top = frame_w // 2, frame_h // 2
        inner_w = max(1, self.width() - frame_w)
        inner_h = self.height() - frame_h
        if self._side_by_side(self.width()):
            row_h = max(name.height(), number.height())
            y = top + max(0, (inner_h - row_h) // 2)
            if self._centred:
                row_w = name.width() + self._spacing_x + number.width()
                left += max(0, (inner_w - row_w) // 2)
                inner_w = min(inner_w, row_w)
            self.name.setGeometry(left, y, name.width(), row_h)
            x = left + name.width() + self._spacing_x
            self.number.setGeometry(x, y, inner_w - (x - left), row_h)
        else:
            used = name.height() + self._spacing_y + number.height()
            y = top + max(0, (inner_h - used) // 2)
            self.name.setGeometry(left, y, inner_w, name.height())
            y += name.height() + self._spacing_y
            self.number.setGeometry(left, y, inner_w, number.height())
