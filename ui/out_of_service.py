"""The page a terminal shows when it cannot work at all (its database cannot be opened).

Nothing can be saved, so it offers nothing to tap but says plainly what to do instead: phone
the center, or 120 in an emergency. Staff find the reason in the log. Where large type does
not leave room for all of it, the rest is a tap on "More" away, as on every screen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.layout.pager import Pager
from ui.theme import Theme
from ui.widgets.phoneline import PhoneLine
from ui.wording import sentences


class OutOfServiceWindow(QWidget):
    def __init__(self, theme: Theme, center_phone: str, emergency_number: str) -> None:
        super().__init__()
        self.setObjectName("OutOfService")
        self.setStyleSheet(theme.stylesheet())
        self.setWindowTitle(self.tr("Out of service"))
        layout = QVBoxLayout(self)
        # The sides as narrow as the kiosk window's: a long number in 40 pt type at 200 %
        # needs nearly the whole width of a tablet.
        side, top = theme.mm(3), theme.mm(8)
        layout.setContentsMargins(side, top, side, top)
        self.pager = Pager(theme)
        self.pager.add_stretch()
        self.labels: list[QLabel | PhoneLine] = []
        title = self.tr("This terminal cannot be used right now.")
        advice = self.tr("Please tell a member of staff. Nothing you do here can be saved.")
        # A block per sentence, so at large type a page turns between sentences.
        for text, role in [(title, "title"), *((s, "") for s in sentences(advice))]:
            label = QLabel(text)
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            if role:
                label.setProperty("role", role)
            label.setAccessibleName(text)
            self.pager.add_block(label)
            self.labels.append(label)
        # The numbers to phone, each a block of its own in 40 pt type.
        for template, number in (
            (self.tr("Community center: %1"), center_phone),
            (self.tr("Emergency: %1"), emergency_number),
        ):
            line = PhoneLine(template, number, theme, centred=True)
            self.pager.add_block(line)
            self.labels.append(line)
        self.pager.add_stretch()
        layout.addWidget(self.pager, 1)

    def spoken_text(self) -> str:
        return " ".join(label.text() for label in self.labels)
