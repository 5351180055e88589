"""Big buttons and service tiles: single tap, visible press feedback, accessible names."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.icons import tinted_icon, tinted_pixmap
from ui.theme import BODY_PT, ICON_MM, PRIMARY_LABEL_PT, Theme

# Qt's push-button style puts about this much room between an icon and the text.
ICON_GAP_PX = 4


class BigButton(QPushButton):
    """A push button with a role from the theme ("primary", "choice", "sos", "nav" or plain)."""

    def __init__(
        self,
        text: str,
        theme: Theme,
        *,
        role: str = "",
        icon: str | None = None,
        description: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(text, parent)
        self.setProperty("role", role)
        # Touch screens: no keyboard focus stealing, no auto-repeat, no long press.
        self.setAutoRepeat(False)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName(text)
        self.setAccessibleDescription(description or text)
        self._icon: QIcon | None = None
        if icon:
            colour = {
                "primary": theme.palette.on_primary,
                "sos": theme.palette.on_sos,
            }.get(role, theme.palette.text)
            size = theme.mm(ICON_MM if role in ("primary", "sos", "choice") else ICON_MM * 0.6)
            self._icon = tinted_icon(icon, size, colour)
            self.setIcon(self._icon)
            self.setIconSize(self._icon.actualSize(self._icon.availableSizes()[0]))

    def set_label(self, text: str, description: str = "") -> None:
        self.setText(text)
        self.setAccessibleName(text)
        self.setAccessibleDescription(description or text)
        self._fit_icon(self.width())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_icon(event.size().width())

    def _fit_icon(self, width: int) -> None:
        """The words come first: where the label and its icon do not both fit (English on the
        tablet), the icon gives way, and it comes back when there is room again."""
        if self._icon is None or width <= 0:
            return
        fits = self.sizeHint().width() <= width
        if fits == self.icon().isNull():
            self.setIcon(self._icon if fits else QIcon())

    def _icon_room(self) -> int:
        return self.iconSize().width() + ICON_GAP_PX if self._icon is not None else 0

    def sizeHint(self) -> QSize:
        # Always ask for the icon's room: a layout with space to spare gives it, and the
        # icon comes back; only a squeezed button goes without.
        hint = super().sizeHint()
        if self._icon is not None and self.icon().isNull():
            hint.setWidth(hint.width() + self._icon_room())
        return hint

    def minimumSizeHint(self) -> QSize:
        # Qt's minimum is the size hint (with the icon's room); the icon may give way.
        hint = super().minimumSizeHint()
        hint.setWidth(hint.width() - self._icon_room())
        return hint


class BigTile(QPushButton):
    """A service tile: icon, a large name and a one-line description."""

    def __init__(
        self,
        name: str,
        description: str,
        icon: str,
        theme: Theme,
        *,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setProperty("role", "tile")
        self.setProperty("primary", True)
        self.setAutoRepeat(False)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAccessibleName(name)
        self.setAccessibleDescription(description)
        self.setMinimumSize(theme.primary_px, theme.primary_px)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        self.icon_label = QLabel()
        self.icon_label.setPixmap(tinted_pixmap(icon, theme.mm(ICON_MM), theme.palette.text))
        self.name_label = QLabel(name)
        self.name_label.setProperty("role", "tile_name")
        self.name_label.setFont(theme.font(PRIMARY_LABEL_PT, bold=True))
        self.description_label = QLabel(description)
        self.description_label.setFont(theme.font(BODY_PT))
        self.description_label.setProperty("role", "muted")
        self.description_label.setWordWrap(True)
        for label in (self.icon_label, self.name_label, self.description_label):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

        text_column = QVBoxLayout()
        text_column.setSpacing(theme.mm(1))
        text_column.addStretch(1)
        text_column.addWidget(self.name_label)
        text_column.addWidget(self.description_label)
        text_column.addStretch(1)
        row = self._row = QHBoxLayout(self)
        row.setContentsMargins(theme.mm(3), theme.mm(3), theme.mm(3), theme.mm(3))
        row.setSpacing(theme.mm(3))
        row.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(text_column, 1)

        self.name_label.setMinimumWidth(0)
        self.description_label.setWordWrap(False)
        self._margins = theme.mm(3)
        self._spacing = theme.mm(3)
        self._line_gap = theme.mm(1)

    def sizeHint(self) -> QSize:
        return self._row.sizeHint()

    def minimumSizeHint(self) -> QSize:
        # The tile adapts to the room it gets (see resizeEvent); it only insists on the
        # primary-target floor, so the home screen never needs to scroll.
        return self.minimumSize()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit(event.size())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._fit(self.size())  # the style sheet's fonts are known only once polished

    def _fit(self, size: QSize) -> None:
        """Show the icon and the description only where the name still fits in full; a name
        too long even alone ("Urgent help" on a tablet) takes part of the inner margin."""
        name_w = self.name_label.fontMetrics().horizontalAdvance(self.name_label.text()) + 2
        margins = self._margins
        if name_w > size.width() - 2 * margins:
            margins = max(self._margins // 3, (size.width() - name_w) // 2)
        if margins != self._row.contentsMargins().left():
            self._row.setContentsMargins(margins, self._margins, margins, self._margins)
        inner_w = size.width() - 2 * margins
        inner_h = size.height() - 2 * self._margins
        name_h = self.name_label.sizeHint().height()
        icon_w = self.icon_label.pixmap().width() + self._spacing
        show_icon = name_w + icon_w <= inner_w
        text_w = inner_w - (icon_w if show_icon else 0)
        metrics = self.description_label.fontMetrics()
        show_description = (
            metrics.horizontalAdvance(self.description_label.text()) + 2 <= text_w
            and name_h + self.description_label.sizeHint().height() + self._line_gap <= inner_h
        )
        if (show_icon, show_description) != (
            self.icon_label.isVisibleTo(self),
            self.description_label.isVisibleTo(self),
        ):
            self.icon_label.setVisible(show_icon)
            self.description_label.setVisible(show_description)
            self._row.activate()  # lay out now, not after the next event round
