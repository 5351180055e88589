"""The page of a lesson step or a practice try: the picture at the side and its words beside
it in a pager, and the buttons that stay in the same places on every step."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from ui.layout.pager import Pager
from ui.learn.picture import StepPicture
from ui.theme import Theme
from ui.widgets.buttons import BigButton

# The widest share of the page a picture takes beside its words.
PICTURE_SHARE = 0.5


class StepButton(BigButton):
    """Previous, Repeat and Next: as high as their words with their descenders ("Repeat"),
    never below the touch floor."""

    def __init__(self, text: str, theme: Theme, **kwargs: Any) -> None:
        # The style sheet's padding and border around the words (ui.theme.Theme.stylesheet).
        self._frame = 2 * (theme.mm(1.5) + max(2, theme.mm(0.6)))
        super().__init__(text, theme, **kwargs)

    def _room(self, hint: QSize) -> QSize:
        self.ensurePolished()
        needed = self.fontMetrics().height() + self._frame + 2
        return QSize(hint.width(), max(hint.height(), needed))

    def sizeHint(self) -> QSize:
        return self._room(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self._room(super().minimumSizeHint())


class StepPage(QWidget):
    """The picture at the side (as large as the room allows, aspect kept, at most
    :data:`PICTURE_SHARE` of the width) and the words beside it in a pager."""

    def __init__(
        self, picture: StepPicture, pager: Pager, gap: int, *, picture_first: bool = False
    ) -> None:
        super().__init__()
        # A practice screen's picture is where the resident taps: it keeps its size and the
        # words go to more pages; a lesson's picture gives way to keep its words on one.
        self._picture_first = picture_first
        self.picture = picture
        self.pager = pager
        self._gap = gap
        self._words: list[QLabel] = []
        self._body_font = QFont()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        picture.setParent(self)
        pager.setParent(self)

    def set_picture(self, picture: StepPicture) -> None:
        old = self.picture
        self.picture = picture
        picture.setParent(self)
        picture.show()
        old.hide()
        old.deleteLater()
        self._place()

    def _place(self) -> None:
        width = self._picture_width()
        self.picture.setGeometry(0, 0, width, self.height())
        left = width + self._gap
        self.pager.setGeometry(left, 0, max(0, self.width() - left), self.height())

    def _picture_width(self) -> int:
        """The picture's share of the width: as large as its height allows (with its word
        beside it), at most half the page, and less where its words would otherwise need
        more than one page (large type on a small screen): then the picture gives up width,
        down to its floor, before the words go to a second page."""
        box = self.picture.view_box
        height = self.height()
        floor = self.picture.minimumWidth()
        # The pager's bar whole: its words where it can, else its numbers ("2/3").
        least_words = max(
            self.pager.minimumSizeHint().width(), self._bar_width(short=self._picture_first)
        )
        most = min(int(self.width() * PICTURE_SHARE), self.width() - self._gap - least_words)
        ideal = min(int(height * box.w / box.h), most)
        if ideal + self.picture.tag_room() <= most:
            ideal += self.picture.tag_room()
        ideal = max(ideal, floor)
        if self._picture_first:
            return ideal
        for width in range(ideal, floor - 1, -max(1, (ideal - floor) // 12 or 1)):
            if self._words_fit(self.width() - width - self._gap, height):
                return width
        return floor

    def _words_fit(self, width: int, height: int) -> bool:
        """Whether the pager's words fit on one page ``width`` wide, at the body size (the
        size a heading takes before anything goes to another page)."""
        if width <= 0:
            return False
        metrics = QFontMetrics(self._body_font)
        wrap = int(Qt.TextFlag.TextWordWrap.value)
        needed = 0
        for label in self.words():
            if not label.isHidden() or label is self.words()[0]:
                text = label.text().strip()
                if text:
                    drawn = metrics.boundingRect(QRect(0, 0, width, 1_000_000), wrap, text)
                    # A CJK line box is about 1.45 em: count lines at the theme's spacing.
                    lines = max(1, round(drawn.height() / max(1, metrics.lineSpacing())))
                    needed += lines * metrics.lineSpacing() + self._gap
        return needed <= height

    def words(self) -> list[QLabel]:
        """The texts the page's pager holds (set by the screen)."""
        return self._words

    def set_words(self, labels: list[QLabel], font: QFont) -> None:
        self._words = labels
        self._body_font = font

    def _bar_width(self, *, short: bool = False) -> int:
        """The pager's Previous / "2 of 3" / More bar at its natural size (``short``: with
        the numbers alone, "2/3")."""
        pager = self.pager
        buttons = max(
            pager.previous_button.sizeHint().width(), pager.next_button.sizeHint().width()
        )
        pager.page_label.ensurePolished()
        label = QCoreApplication.translate("Pager", "%1 of %2")
        label = "9/9" if short else label.replace("%1", "9").replace("%2", "9")
        words = pager.page_label.fontMetrics().horizontalAdvance(label) + 2
        return 2 * buttons + 2 * pager.gap + words

    def minimumSizeHint(self) -> QSize:
        pager = self.pager.minimumSizeHint()
        picture = self.picture.minimumSize()
        return QSize(
            picture.width() + self._gap + pager.width(), max(picture.height(), pager.height())
        )

    def sizeHint(self) -> QSize:
        pager = self.pager.sizeHint()
        picture = self.picture.sizeHint()
        return QSize(
            picture.width() + self._gap + pager.width(), max(picture.height(), pager.height())
        )

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._place()
