"""Big buttons put their words first: the icon gives way only where both do not fit."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QWidget

from ui.theme import Theme
from ui.widgets.buttons import BigButton

TABLET_DPI = 149.0


def in_row(qtbot, width: int, label: str) -> tuple[QWidget, BigButton]:
    theme = Theme.create(theme="light", font_scale=100, dpi=TABLET_DPI)
    row = QWidget()
    row.setStyleSheet(theme.stylesheet())
    layout = QHBoxLayout(row)
    button = BigButton(label, theme, role="nav", icon="speaker")
    layout.addWidget(button)
    layout.addStretch(1)
    qtbot.addWidget(row)
    row.resize(width, 200)
    row.show()
    qtbot.waitExposed(row)
    return row, button


def test_a_longer_label_with_room_to_spare_keeps_its_icon(qtbot):
    """Switching 朗读 to "Read aloud" on a wide screen: the icon stays (it once got lost,
    because the button shrank to its icon-less size and never had room again)."""
    _row, button = in_row(qtbot, 1800, "朗读")
    assert not button.icon().isNull()
    button.set_label("Read aloud", "Read this screen aloud")
    qtbot.waitUntil(lambda: button.width() >= button.sizeHint().width())
    assert not button.icon().isNull()


def test_a_squeezed_button_drops_its_icon_and_gets_it_back(qtbot):
    row, button = in_row(qtbot, 1800, "Read aloud")
    wide = button.sizeHint().width()
    row.resize(button.minimumSizeHint().width() + 20, 200)
    qtbot.waitUntil(lambda: button.icon().isNull())
    assert button.width() < wide
    row.resize(1800, 200)
    qtbot.waitUntil(lambda: not button.icon().isNull())
