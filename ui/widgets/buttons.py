"""Big buttons and service tiles: single tap, visible press feedback, accessible names."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QFontInfo, QFontMetrics, QIcon, QTextLayout
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

from ui.icons import tinted_icon, tinted_pixmap
from ui.layout.items import DESCRIPTION, FULL, ICON, Shape
from ui.theme import BODY_PT, ICON_MM, LINE_SPACING, PRIMARY_LABEL_PT, Theme
from ui.wording import unbreakable_runs

# Qt's push-button style puts about this much room between an icon and the text.
ICON_GAP_PX = 4


def ink_height(metrics: QFontMetrics, text: str) -> int:
    """The height a one-line label needs for its glyphs, placed as Qt places them (the line
    box centred in the room): a CJK font's line box is about 1.45 em, far more than the ink,
    and with large type that difference is a row of the page."""
    ink = metrics.tightBoundingRect("国")  # the same height for every label of a row
    if text:
        ink = ink.united(metrics.tightBoundingRect(text))
    ascent, line = metrics.ascent(), metrics.height()
    # Two pixels more: Qt rounds the centring and the glyph outlines to whole pixels.
    return max(line - 2 * (ascent + ink.top()), 2 * (ascent + ink.bottom() + 1) - line) + 2


_INKS: dict[tuple[str, str], QRect] = {}  # (font key, text) -> its ink with the CJK reference


class InkLabel(QLabel):
    """A one-line label as high as its ink (as on a button), not the font's whole line box:
    a CJK line box is about 1.45 em, and with large type that difference is a row of a page.

    Qt centres the line box in the label, so the room is as much above the baseline as below
    it. ``tight`` drops that: the line box starts above the label, where it holds no ink, so
    the label is as high as its glyphs (and a CJK reference glyph, the same for every label
    of a row) and no higher. A name with a descender ("Cleaning") then costs its descender,
    not twice its descender."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, tight: bool = False):
        super().__init__(text, parent)
        self._tight = tight
        if tight:
            self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def _ink(self) -> QRect:
        # Kept per font and text: a page's layout asks a label's size many times over.
        key = (self.font().key(), self.text())
        ink = _INKS.get(key)
        if ink is None:
            metrics = self.fontMetrics()
            ink = metrics.tightBoundingRect("国")
            if self.text():
                ink = ink.united(metrics.tightBoundingRect(self.text()))
            _INKS[key] = ink
        return QRect(ink)

    def _tighten(self) -> None:
        """Start the line box above the label by the room it has above the ink."""
        above = self.fontMetrics().ascent() + self._ink().top() - 1
        if self.contentsMargins().top() != -above:
            self.setContentsMargins(0, -above, 0, 0)

    def event(self, event) -> bool:
        handled = super().event(event)
        if self._tight and event.type() in (QEvent.Type.Polish, QEvent.Type.FontChange):
            self._tighten()
        return handled

    def sizeHint(self) -> QSize:
        width = super().sizeHint().width()
        if not self._tight:
            return QSize(width, ink_height(self.fontMetrics(), self.text()))
        self._tighten()
        return QSize(width, self._ink().height() + 2)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


_TEXT_SIZES: dict[tuple[str, str], tuple[int, int]] = {}


def _text_size(metrics: QFontMetrics, font_key: str, label: str) -> tuple[int, int]:
    """(width, ink height) of a one-line label; kept, since every screen has the same few
    labels ("返回", "首页") and measuring CJK text is not cheap."""
    key = (font_key, label)
    size = _TEXT_SIZES.get(key)
    if size is None:
        words = metrics.size(Qt.TextFlag.TextShowMnemonic, label or "XXXX")
        size = _TEXT_SIZES[key] = (words.width(), ink_height(metrics, label))
    return size


class BigButton(QPushButton):
    """A push button with a role from the theme: "primary" (go ahead, green), "stop" (stop
    or take back, a heavy outline and no colour: never the look of going ahead), "decline"
    (say no to someone calling: red words in a red outline, never filled red as the SOS
    button is), "choice", "sos", "nav" or plain."""

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
        self._label = text
        self._hints: dict[tuple, QSize] = {}  # measured sizes, by label, font and parts
        self._icon: QIcon | None = None
        if icon:
            colour = {
                "primary": theme.palette.on_primary,
                "sos": theme.palette.on_sos,
                "decline": theme.palette.sos,
            }.get(role, theme.palette.text)
            big = role in ("primary", "stop", "decline", "sos", "choice")
            size = theme.mm(ICON_MM if big else ICON_MM * 0.6)
            self._icon = tinted_icon(icon, size, colour)
            self.setIcon(self._icon)
            self.setIconSize(self._icon.actualSize(self._icon.availableSizes()[0]))

    icon_only_allowed = False
    """Whether the words may give way too, leaving the icon (Read aloud and Speak in a crowded
    footer); the accessible name still says them."""

    def set_label(self, text: str, description: str = "") -> None:
        self._label = text
        self.setText(text)
        self.setAccessibleName(text)
        self.setAccessibleDescription(description or text)
        self._apply_minimum()
        self._fit_icon(self.width())

    def _apply_minimum(self) -> None:
        """Layouts take an explicit minimum size over the hint, and the style sheet sets one
        (the touch-target floor) when it polishes the button: raise it to what the words
        need, once per label, so no layout squeezes the words off the button."""
        if self.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
            self.setMinimumSize(self.minimumSizeHint())

    def event(self, event) -> bool:
        handled = super().event(event)
        if event.type() in (QEvent.Type.Polish, QEvent.Type.FontChange):
            self._apply_minimum()
        return handled

    def label_text(self) -> str:
        return self._label

    def allow_icon_only(self, allowed: bool) -> None:
        self.icon_only_allowed = allowed
        self._apply_minimum()
        self.updateGeometry()
        self._fit_icon(self.width())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_icon(event.size().width())

    def _fit_icon(self, width: int) -> None:
        """The words come first: where the label and its icon do not both fit (English on the
        tablet), the icon gives way, and it comes back when there is room again. Where even
        the words do not fit and the button may, it shows its icon alone."""
        if self._icon is None or width <= 0:
            return
        if self.hint(icon=True).width() <= width:
            icon, text = True, True
        elif self.hint(icon=False).width() <= width or not self.icon_only_allowed:
            icon, text = False, True
        else:
            icon, text = True, False
        if icon == self.icon().isNull():
            self.setIcon(self._icon if icon else QIcon())
        if text != bool(self.text()):
            self.setText(self._label if text else "")

    def hint(self, *, icon: bool, text: bool = True, label: str | None = None) -> QSize:
        """The size Qt's style gives this button with or without its icon and words (its own
        label, or ``label``)."""
        self.ensurePolished()
        label = self._label if label is None else label
        key = (label, icon, text, self.font().key(), self.iconSize().toTuple())
        cached = self._hints.get(key)
        if cached is None:
            cached = self._hints[key] = self._measure(label, icon=icon, text=text)
        return QSize(cached)

    def _measure(self, label: str, *, icon: bool, text: bool) -> QSize:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        words_w, height = _text_size(self.fontMetrics(), self.font().key(), label)
        width = words_w if text else 0
        if not text:
            height = 0  # an icon alone is as high as the icon (and the touch floor)
        if icon and self._icon is not None:
            width += self.iconSize().width() + (ICON_GAP_PX if text else 0)
            height = max(height, self.iconSize().height())
        option.rect.setSize(QSize(width, height))
        return self.style().sizeFromContents(
            QStyle.ContentsType.CT_PushButton, option, QSize(width, height), self
        )

    def sizeHint(self) -> QSize:
        # Always ask for the icon's and the words' room: a layout with space to spare gives
        # it, and they come back; only a squeezed button goes without.
        return self.hint(icon=True)

    def minimumSizeHint(self) -> QSize:
        # The icon may give way (and the words, where that is allowed).
        if self.icon_only_allowed and self._icon is not None:
            return self.hint(icon=True, text=False)
        return self.hint(icon=False)


class BigTile(QPushButton):
    """A service tile: icon, a large name and a description of up to two lines.

    Its shapes for the layout engine, best first: all of it; without the description; without
    the icon too (see ui/layout/pager.py). Within the shape it is given, the icon
    and the description also give way where the name would not fit in full beside them."""

    DESCRIPTION_LINES = 2

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
        self.name_label = InkLabel(name, tight=True)
        self.name_label.setProperty("role", "tile_name")
        self.name_label.setFont(theme.font(PRIMARY_LABEL_PT, bold=True))
        self.description_label = QLabel(description)
        self.description_label.setFont(theme.font(BODY_PT))
        self.description_label.setProperty("role", "muted")
        self.description_label.setWordWrap(True)
        self._shape = 0  # how much the pager lets it show (see layout_shapes)
        for label in (self.icon_label, self.name_label, self.description_label):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

        text_column = QVBoxLayout()
        text_column.setSpacing(theme.mm(1))
        text_column.addStretch(1)
        text_column.addWidget(self.name_label)
        text_column.addWidget(self.description_label)
        text_column.addStretch(1)
        row = self._row = QHBoxLayout(self)
        row.setContentsMargins(theme.mm(3), theme.mm(2), theme.mm(3), theme.mm(2))
        row.setSpacing(theme.mm(3))
        row.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(text_column, 1)

        self.name_label.setMinimumWidth(0)
        self._margins = theme.mm(3)
        # Above and below the words a narrower margin: at large type two rows of tiles then
        # share a page of the tablet.
        self._edge = theme.mm(2)
        self._shapes_at: dict[tuple[int, int, str, str], tuple[Shape, ...]] = {}
        self._spacing = theme.mm(3)
        self._line_gap = theme.mm(1)

    def sizeHint(self) -> QSize:
        return self._row.sizeHint()

    def minimumSizeHint(self) -> QSize:
        # The tile adapts to the room it gets (see resizeEvent): the icon and description
        # give way, the name in full and the primary-target floor do not.
        self.name_label.ensurePolished()
        metrics = self.name_label.fontMetrics()
        width = metrics.horizontalAdvance(self.name_label.text()) + 2 + 2 * (self._margins // 3)
        height = self.name_label.sizeHint().height() + 2 * self._edge
        return QSize(max(width, self.minimumWidth()), max(height, self.minimumHeight()))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit(event.size())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._fit(self.size())  # the style sheet's fonts are known only once polished

    def _parts(self, width: int, height: int | None = None) -> tuple[int, bool, bool, int]:
        """(side margins, icon shown, description shown, text width) at ``width`` (and, when
        given, ``height``) within the shape the pager allows."""
        self.name_label.ensurePolished()
        self.description_label.ensurePolished()
        name_w = self.name_label.fontMetrics().horizontalAdvance(self.name_label.text()) + 2
        margins = self._margins
        if name_w > width - 2 * margins:
            # A name too long even alone ("Urgent help" on a tablet) takes part of the margin.
            margins = max(self._margins // 3, (width - name_w) // 2)
        inner_w = width - 2 * margins
        icon_w = self.icon_label.pixmap().width() + self._spacing
        show_icon = self._shape < 2 and name_w + icon_w <= inner_w
        text_w = inner_w - (icon_w if show_icon else 0)
        lines = self._description_height(text_w) // max(1, self._description_line())
        show_description = self._shape < 1 and 0 < lines <= self.DESCRIPTION_LINES
        if show_description and height is not None:
            needed = self.name_label.sizeHint().height() + self._line_gap
            show_description = needed + self._description_height(text_w) <= height - 2 * self._edge
        return margins, show_icon, show_description, text_w

    def _description_line(self) -> int:
        return self.description_label.fontMetrics().lineSpacing()

    def _description_height(self, width: int) -> int:
        wrap = int(Qt.TextFlag.TextWordWrap.value)
        metrics = self.description_label.fontMetrics()
        text = self.description_label.text()
        return metrics.boundingRect(QRect(0, 0, max(1, width), 100_000), wrap, text).height()

    def _height(self, width: int) -> int:
        _, icon, description, text_w = self._parts(width)
        words = self.name_label.sizeHint().height()
        if description:
            words += self._line_gap + self._description_height(text_w)
        icon_h = self.icon_label.pixmap().height() if icon else 0
        return max(words, icon_h) + 2 * self._edge

    def layout_shapes(self, width: int) -> list[Shape]:
        """All of it, without the description, without the icon too: each as high as it
        needs at ``width`` (never below the touch floor)."""
        # The pager asks at the same few widths again and again (one per arrangement of the
        # grid, on every layout): measured once per width and fonts.
        key = (
            width,
            self.minimumHeight(),
            self.name_label.font().key(),
            self.description_label.font().key(),
        )
        cached = self._shapes_at.get(key)
        if cached is not None:
            return list(cached)
        shown = self._shape
        shapes = []
        try:
            for shape, level in enumerate((FULL, DESCRIPTION, ICON)):
                self._shape = shape
                shapes.append(Shape(max(self._height(width), self.minimumHeight()), level))
        finally:
            self._shape = shown
        self._shapes_at[key] = tuple(shapes)
        return shapes

    def set_layout_shape(self, index: int) -> None:
        if index != self._shape:
            self._shape = index
            self._fit(self.size())

    def _fit(self, size: QSize) -> None:
        """Show the icon and the description where the shape allows them and the name still
        fits in full beside them."""
        margins, show_icon, show_description, _ = self._parts(size.width(), size.height())
        if margins != self._row.contentsMargins().left():
            self._row.setContentsMargins(margins, self._edge, margins, self._edge)
        if (show_icon, show_description) != (
            self.icon_label.isVisibleTo(self),
            self.description_label.isVisibleTo(self),
        ):
            self.icon_label.setVisible(show_icon)
            self.description_label.setVisible(show_description)
            self._row.activate()  # lay out now, not after the next event round


class WrapButton(BigButton):
    """A big answer button whose words wrap onto more lines where one line is too wide
    ("Tomorrow morning" on a tablet, most answers at 200 % type). Its height follows its
    width, so a grid of answers keeps its columns instead of cutting words off. The lines are
    broken as Qt breaks a word-wrapped label and drawn by the style, so pressed and disabled
    look as on any button."""

    def __init__(
        self,
        text: str,
        theme: Theme,
        *,
        role: str = "choice",
        description: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(text, theme, role=role, description=description, parent=parent)
        self.setProperty("wraps", True)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def lines(self, width: int, text: str | None = None) -> list[str]:
        """The label (or ``text``) broken into lines no wider than ``width`` pixels."""
        text = self.text() if text is None else text
        layout = QTextLayout(text, self.font())
        layout.beginLayout()
        found = []
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            found.append(text[line.textStart() : line.textStart() + line.textLength()])
        layout.endLayout()
        return [text.strip() for text in found] or [""]

    def _inner_width(self, width: int) -> int:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.rect.setSize(QSize(width, self.height() or width))
        contents = self.style().subElementRect(
            QStyle.SubElement.SE_PushButtonContents, option, self
        )
        return max(1, contents.width())

    def minimumSizeHint(self) -> QSize:
        """As narrow as its longest word, as low as one line."""
        self.ensurePolished()
        metrics = self.fontMetrics()
        words = unbreakable_runs(self.text()) or [""]
        widest = max(metrics.horizontalAdvance(word) for word in words)
        one_line = self._frame(widest, ink_height(metrics, self.text()))
        return one_line

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        self.ensurePolished()
        metrics = self.fontMetrics()
        lines = self.lines(self._inner_width(width))
        one = len(lines) == 1
        inner = ink_height(metrics, self.text()) if one else self._block(lines)[0]
        return self._frame(10, inner).height()

    def line_pitch(self) -> int:
        """From one line's baseline to the next: the theme's line spacing, not the font's
        line box (a CJK font's is 1.45 em, and two lines of an answer at large type then
        need a third of a tablet's page)."""
        return round(LINE_SPACING * QFontInfo(self.font()).pixelSize())

    def _block(self, lines: list[str]) -> tuple[int, QRect]:
        """The height of ``lines`` from the top of the first one's ink to the bottom of the
        last one's, and the ink of a line (relative to its baseline)."""
        metrics = self.fontMetrics()
        ink = metrics.tightBoundingRect("国")  # the same for every answer of a grid
        for line in lines:
            ink = ink.united(metrics.tightBoundingRect(line))
        return self.line_pitch() * (len(lines) - 1) + ink.height() + 2, ink

    def _frame(self, width: int, height: int) -> QSize:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        return self.style().sizeFromContents(
            QStyle.ContentsType.CT_PushButton, option, QSize(width, height), self
        )

    def paintEvent(self, event) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        contents = self.style().subElementRect(
            QStyle.SubElement.SE_PushButtonContents, option, self
        )
        lines = self.lines(contents.width())
        if len(lines) == 1:
            option.text = lines[0]
            painter.drawControl(QStyle.ControlElement.CE_PushButton, option)
            return
        # The frame, then each line at the theme's spacing, drawn as the style draws a label
        # (so pressed and disabled look as on any button).
        option.text = ""
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)
        height, ink = self._block(lines)
        metrics = self.fontMetrics()
        top = contents.top() + (contents.height() - height) // 2 + 1
        for index, line in enumerate(lines):
            baseline = top - ink.top() + index * self.line_pitch()
            one = QStyleOptionButton(option)
            one.text = line
            one.rect = QRect(
                contents.left(),
                baseline - metrics.ascent(),
                contents.width(),
                metrics.height(),
            )
            # The style centres the line box in the rect it is given, wherever its padding
            # puts the rect's edges: the baseline stays where it is set here.
            painter.drawControl(QStyle.ControlElement.CE_PushButtonLabel, one)
