"""A status chip: the state as a word, an icon and a colour, never colour alone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ui.icons import tinted_pixmap
from ui.order_words import status_word
from ui.theme import CHIP_ICON_MM, Theme
from ui.widgets.buttons import InkLabel

__all__ = ["StatusChip", "status_word"]  # status_word: the words live in ui.order_words

_ICONS = {
    "waiting": "status_waiting",
    "sent": "status_sent",
    "accepted": "status_accepted",
    "on_the_way": "status_on_the_way",
    "done": "status_done",
    "cancelled": "status_cancelled",
    "error": "status_error",
}


class StatusChip(QWidget):
    """Icon plus word on a coloured background."""

    def __init__(self, status: str, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self.icon = QLabel()
        self.word = InkLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(theme.mm(2), theme.mm(1), theme.mm(2), theme.mm(1))
        layout.setSpacing(theme.mm(1.5))
        layout.addWidget(self.icon)
        layout.addWidget(self.word)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.set_status(status)

    def set_status(self, status: str) -> None:
        self.status = status
        p = self._theme.palette
        background = getattr(p, f"chip_{status}", p.chip_error)
        self.setStyleSheet(
            f"StatusChip {{ background: {background}; border-radius: {self._theme.mm(2)}px; }}"
            f" QLabel {{ color: {p.on_chip}; background: transparent; }}"
        )
        self.icon.setPixmap(
            tinted_pixmap(
                _ICONS.get(status, "status_error"), self._theme.mm(CHIP_ICON_MM), p.on_chip
            )
        )
        word = status_word(status)
        self.word.setText(word)
        self.setAccessibleName(word)
