"""The Health screens' own widgets: the level badge (word, icon and colour), the reading's
numbers at the vital-sign size, and a step of a measurement (its picture and its sentence, one
block that no page break can split)."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from app.paths import ASSETS_DIR
from ui.health.words import LEVEL_ICONS
from ui.icons import tinted_pixmap
from ui.layout.items import DESCRIPTION, FULL, ICON, Shape
from ui.theme import BODY_PT, CHIP_ICON_MM, PRIMARY_LABEL_PT, Theme
from ui.widgets.buttons import InkLabel
from ui.widgets.placed import PlacesItsParts

PICTURES_DIR = ASSETS_DIR / "vitals" / "pictures"
PICTURE_MM = 34.0  # a step's picture, wide enough to see from a chair
SMALL_PICTURE_MM = 22.0


def level_colour(theme: Theme, level: str) -> str:
    return getattr(theme.palette, f"chip_level_{level}", theme.palette.chip_level_unsure)


class LevelBadge(QWidget):
    """What a reading means: its word and icon on the level's colour (never colour alone)."""

    def __init__(self, level: str, word: str, theme: Theme, parent: QWidget | None = None):
        super().__init__(parent)
        self._theme = theme
        self.icon = QLabel()
        self.word = InkLabel()
        self.word.setObjectName("level_word")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(theme.mm(2), theme.mm(1), theme.mm(2), theme.mm(1))
        layout.setSpacing(theme.mm(1.5))
        layout.addWidget(self.icon)
        layout.addWidget(self.word)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.set_level(level, word)

    def set_level(self, level: str, word: str) -> None:
        self.level = level
        theme, palette = self._theme, self._theme.palette
        self.setStyleSheet(
            f"LevelBadge {{ background: {level_colour(theme, level)};"
            f" border-radius: {theme.mm(2)}px; }}"
            f" QLabel {{ color: {palette.on_chip}; background: transparent; }}"
        )
        icon = LEVEL_ICONS.get(level, "level_unsure")
        self.icon.setPixmap(tinted_pixmap(icon, theme.mm(CHIP_ICON_MM * 1.4), palette.on_chip))
        self.word.setText(word)
        self.setAccessibleName(word)


def badge_row(badge: QWidget) -> QWidget:
    """``badge`` at its own width on the left of a row (a block of a page)."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(badge)
    layout.addStretch(1)
    return row


class VitalGroup(PlacesItsParts, QWidget):
    """One group of a reading's numbers at the vital-sign size (ELDER_UX.md: 60 pt): its name
    above, its unit beside (or, where the width is short, below): "血压 / 150/95 毫米汞柱".
    A ``badge`` (what the reading means) stands beside the name: one block, so the number is
    never on a page without its meaning. A result's groups stand side by side where the page
    is wide enough (a grid of the layout engine), else one under the other."""

    sig_painted = Signal()
    """The number was drawn on screen (the first time)."""

    def __init__(
        self,
        name: str,
        figure: str,
        unit: str,
        theme: Theme,
        *,
        badge: QWidget | None = None,
        level_with: QWidget | None = None,
        number_name: str = "vital_number",
    ) -> None:
        """``level_with``: the badge of a group beside this one, whose height this group's
        name takes too, so the numbers side by side stand on one line."""
        super().__init__()
        self._level_with = level_with
        self._theme = theme
        self._gap = theme.mm(3)
        self._line_gap = theme.mm(1)
        self._painted = False
        self._below = False
        self.caption = InkLabel(name, self)
        # As high as its glyphs: at 60 pt a CJK line box would cost a row of the page.
        self.number = InkLabel(figure, self, tight=True)
        self.number.setProperty("role", "vital")
        self.number.setObjectName(number_name)
        self.unit = InkLabel(unit, self)
        self.badge = badge
        if badge is not None:
            badge.setParent(self)
        self.setAccessibleName(f"{name} {figure} {unit}".strip())

    def _polished(self) -> None:
        for label in (self.caption, self.number, self.unit):
            label.ensurePolished()  # the style sheet gives the sizes

    def _caption_size(self) -> QSize:
        size = self.caption.sizeHint()
        if self.badge is None:
            if self._level_with is not None:
                return QSize(size.width(), max(size.height(), self._level_with.sizeHint().height()))
            return size
        badge = self.badge.sizeHint()
        width = size.width() + self._gap + badge.width()
        return QSize(width, max(size.height(), badge.height()))

    def _line_width(self) -> int:
        return self.number.sizeHint().width() + 2 * self._line_gap + self.unit.sizeHint().width()

    def _height(self, below: bool) -> int:
        self._polished()
        height = self._caption_size().height() + self._line_gap + self.number.sizeHint().height()
        if below:
            height += self._line_gap + self.unit.sizeHint().height()
        return height

    def _unit_below(self, width: int) -> bool:
        self._polished()
        return self._line_width() > width

    def layout_shapes(self, width: int) -> list[Shape]:
        return [Shape(self._height(self._unit_below(width)))]

    def set_layout_shape(self, index: int) -> None:
        self._place()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._height(self._unit_below(width))

    def sizeHint(self) -> QSize:
        self._polished()
        width = max(self._caption_size().width(), self._line_width())
        return QSize(width, self._height(False))

    def minimumSizeHint(self) -> QSize:
        self._polished()
        widths = (self._caption_size(), self.number.sizeHint(), self.unit.sizeHint())
        return QSize(max(size.width() for size in widths), self._height(False))

    def _place(self) -> None:
        self._polished()
        width = self.width()
        caption_h = self._caption_size().height()
        own = self.caption.sizeHint()
        self.caption.setGeometry(0, caption_h - own.height(), own.width(), own.height())
        if self.badge is not None:
            badge = self.badge.sizeHint()
            left = own.width() + self._gap
            self.badge.setGeometry(left, 0, badge.width(), badge.height())
        top = caption_h + self._line_gap
        number = self.number.sizeHint()
        self.number.setGeometry(0, top, number.width(), number.height())
        unit = self.unit.sizeHint()
        if self._unit_below(width):
            self.unit.setGeometry(
                0, top + number.height() + self._line_gap, unit.width(), unit.height()
            )
        else:
            # Beside the number, at the foot of its line.
            left = number.width() + 2 * self._line_gap
            self.unit.setGeometry(
                left, top + number.height() - unit.height(), unit.width(), unit.height()
            )

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.sig_painted.emit()


@lru_cache(maxsize=64)
def picture_pixmap(name: str, width_px: int, colour: str) -> QPixmap:
    """The step picture ``name`` (assets/vitals/pictures) drawn ``width_px`` wide in
    ``colour`` (the theme's text colour: the line drawings work on either theme)."""
    renderer = QSvgRenderer(str(PICTURES_DIR / f"{name}.svg"))
    size = renderer.defaultSize() if renderer.isValid() else QSize(3, 2)
    height = max(1, round(width_px * size.height() / max(1, size.width())))
    image = QImage(width_px, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    if renderer.isValid():
        painter = QPainter(image)
        renderer.render(painter, QRectF(0, 0, width_px, height))
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(image.rect(), QColor(colour))
        painter.end()
    return QPixmap.fromImage(image)


class StepRow(PlacesItsParts, QWidget):
    """One step of a measurement: its number, picture and sentence side by side. One block
    of the page, so the picture and its sentence are never on different pages; where the
    page is short the picture gets smaller, and where it is narrow the picture stands above
    the words."""

    def __init__(self, index: int, picture: str, sentence: str, theme: Theme) -> None:
        super().__init__()
        self._theme = theme
        self._picture_name = picture
        self._gap = theme.mm(4)
        self.sentence = sentence
        self.picture = QLabel(self)
        self.picture.setObjectName(f"step_picture_{index}")
        self.picture.setAccessibleName(sentence)
        self.words = QLabel(f"{index}. {sentence}", self)
        self.words.setObjectName(f"step_{index}")
        self.words.setWordWrap(True)
        self.words.setProperty("role", "heading")
        self.words.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._shape = 0
        self._shapes_width = 0
        self.setAccessibleName(sentence)

    def _picture_w(self, shape: int) -> int:
        if shape == 2:
            return 0
        return self._theme.mm(PICTURE_MM if shape == 0 else SMALL_PICTURE_MM)

    def _picture_h(self, shape: int) -> int:
        return round(self._picture_w(shape) * 2 / 3)

    def _words_font(self, shape: int) -> QFont:
        # As the style sheet draws a heading, and a compact one (ui/theme.py).
        return self._theme.font(PRIMARY_LABEL_PT if shape == 0 else BODY_PT, bold=True)

    def _words_h(self, shape: int, width: int) -> int:
        metrics = QFontMetrics(self._words_font(shape))
        wrap = int(Qt.TextFlag.TextWordWrap.value)
        rect = metrics.boundingRect(QRect(0, 0, max(1, width), 100_000), wrap, self.words.text())
        return rect.height()

    def _beside(self, shape: int, width: int) -> bool:
        """The words beside the picture where at least a third of the width is left for
        them (and, without a picture, across the width)."""
        if shape == 2:
            return True
        return width - self._picture_w(shape) - self._gap >= width // 3

    def _words_w(self, shape: int, width: int) -> int:
        return width if shape == 2 else width - self._picture_w(shape) - self._gap

    def _height(self, shape: int, width: int) -> int:
        picture_h = self._picture_h(shape)
        if self._beside(shape, width):
            return max(picture_h, self._words_h(shape, self._words_w(shape, width)))
        return picture_h + self._gap + self._words_h(shape, width)

    def layout_shapes(self, width: int) -> list[Shape]:
        self._shapes_width = width
        return [
            Shape(self._height(0, width), FULL),
            Shape(self._height(1, width), DESCRIPTION),
            Shape(self._height(2, width), ICON),  # the words alone, on the smallest page
        ]

    def set_layout_shape(self, index: int) -> None:
        if index != self._shape:
            self._shape = index
            self._place()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._height(self._shape, width)

    def sizeHint(self) -> QSize:
        width = self._theme.mm(160)
        return QSize(width, self._height(self._shape, width))

    def minimumSizeHint(self) -> QSize:
        return QSize(self._picture_w(1), self._picture_h(1))

    def _place(self) -> None:
        shape, width = self._shape, self.width()
        if width <= 0:
            return
        if shape < 2:
            colour = self._theme.palette.text
            picture = picture_pixmap(self._picture_name, self._picture_w(shape), colour)
            self.picture.setPixmap(picture)
        if (self.words.property("compact") is True) != (shape > 0):
            self.words.setProperty("compact", shape > 0)
            self.words.style().unpolish(self.words)
            self.words.style().polish(self.words)
        picture_w, picture_h = self._picture_w(shape), self._picture_h(shape)
        self.picture.setVisible(shape < 2)
        if self._beside(shape, width):
            words_w = self._words_w(shape, width)
            words_h = self._words_h(shape, words_w)
            height = max(picture_h, words_h)
            self.picture.setGeometry(0, (height - picture_h) // 2, picture_w, picture_h)
            left = width - words_w
            self.words.setGeometry(left, (height - words_h) // 2, words_w, words_h)
        else:
            self.picture.setGeometry(0, 0, picture_w, picture_h)
            words_h = self._words_h(shape, width)
            self.words.setGeometry(0, picture_h + self._gap, width, words_h)
