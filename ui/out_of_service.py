"""The page a terminal shows when it cannot work at all (its database cannot be opened).

Nothing can be saved, so it offers nothing to tap but says plainly what to do instead: phone
the center, or 120 in an emergency. Staff find the reason in the log.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.theme import Theme


class OutOfServiceWindow(QWidget):
    def __init__(self, theme: Theme, center_phone: str, emergency_number: str) -> None:
        super().__init__()
        self.setObjectName("OutOfService")
        self.setStyleSheet(theme.stylesheet())
        self.setWindowTitle(self.tr("Out of service"))
        layout = QVBoxLayout(self)
        margin = theme.mm(8)
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(theme.gap_px * 2)
        texts = [
            (self.tr("This terminal cannot be used right now."), "title"),
            (self.tr("Please tell a member of staff. Nothing you do here can be saved."), ""),
            (self.tr("Community center: %1").replace("%1", center_phone), "phone"),
            (self.tr("Emergency: %1").replace("%1", emergency_number), "phone"),
        ]
        layout.addStretch(1)
        self.labels = []
        for text, role in texts:
            label = QLabel(text)
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            if role:
                label.setProperty("role", role)
            label.setAccessibleName(text)
            layout.addWidget(label)
            self.labels.append(label)
        layout.addStretch(1)

    def spoken_text(self) -> str:
        return " ".join(label.text() for label in self.labels)
