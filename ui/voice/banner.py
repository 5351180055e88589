"""The voice strip: what the listener is doing, in a strip between the page and the footer.

It takes its room from the page while shown (nothing is drawn over anything else); the page
gives way as it does for large type, by its own pages rather than by cutting anything off.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel

from ui.icons import tinted_pixmap
from ui.theme import ICON_MM

# Outcomes stay readable this long; "listening" stays while it lasts.
SHOW_OUTCOME_MS = 8000


class VoiceBanner(QFrame):
    def __init__(self, ctx) -> None:
        super().__init__()
        theme = ctx.theme
        self.setProperty("role", "panel")
        self.setObjectName("voice_banner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QHBoxLayout(self)
        margin = theme.mm(2)
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(theme.gap_px)
        self.icon = QLabel()
        self.icon.setPixmap(
            tinted_pixmap("microphone", theme.mm(ICON_MM * 0.6), theme.palette.text)
        )
        self.text = QLabel()
        self.text.setObjectName("voice_status")
        self.text.setWordWrap(True)
        layout.addWidget(self.icon)
        layout.addWidget(self.text, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_state(self, state: str, text: str) -> None:
        self.text.setText(text)
        self.text.setAccessibleName(text)
        self.setAccessibleName(text)
        self._timer.stop()
        if not text:
            self.hide()
            return
        self.show()
        if state not in ("loading", "listening", "heard"):
            self._timer.start(SHOW_OUTCOME_MS)
