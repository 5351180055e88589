"""An on-screen number pad for card numbers: ten big digits, delete and OK."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from ui.theme import Theme
from ui.widgets.buttons import BigButton

MAX_DIGITS = 20


class NumberPad(QWidget):
    """Digits typed by tapping; ``sig_submitted`` carries the number on OK."""

    sig_changed = Signal(str)
    """The digits typed so far."""

    sig_submitted = Signal(str)
    """OK was tapped with these digits."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.digits = ""
        grid = QGridLayout(self)
        grid.setSpacing(theme.gap_px)
        grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, BigButton] = {}
        for index, key in enumerate("123456789"):
            self._add(grid, theme, key, key, index // 3, index % 3)
        delete = self._add(grid, theme, "del", self.tr("Delete"), 3, 0)
        delete.setAccessibleDescription(self.tr("Delete the last digit"))
        self._add(grid, theme, "0", "0", 3, 1)
        ok = self._add(grid, theme, "ok", self.tr("OK"), 3, 2, role="primary")
        ok.setAccessibleDescription(self.tr("Sign in with this number"))

    def _add(
        self,
        grid: QGridLayout,
        theme: Theme,
        key: str,
        text: str,
        row: int,
        col: int,
        role: str = "choice",
    ) -> BigButton:
        button = BigButton(text, theme, role=role)
        button.clicked.connect(lambda: self.press(key))
        grid.addWidget(button, row, col)
        self.buttons[key] = button
        return button

    def press(self, key: str) -> None:
        if key == "del":
            self.digits = self.digits[:-1]
        elif key == "ok":
            if self.digits:
                self.sig_submitted.emit(self.digits)
            return
        elif key.isdigit() and len(self.digits) < MAX_DIGITS:
            self.digits += key
        self.sig_changed.emit(self.digits)

    def clear(self) -> None:
        self.digits = ""
        self.sig_changed.emit(self.digits)
