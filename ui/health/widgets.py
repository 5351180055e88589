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
from ui.layout.items import DESCRIPTION, FULL, Shape
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


class VitalNumbers(PlacesItsParts, QWidget):
    """The reading's numbers at the vital-sign size (ELDER_UX.md: 60 pt), each group with its
    name above and its unit beside: "血压 / 150/95 mmHg", "脉搏 / 72 次/分". Groups stand side
    by side where the width allows, else one above the other. A ``badge`` (what the reading
    means) stands beside the first group's name: one block, so the numbers are never on a
    page without their meaning."""

    sig_painted = Signal()
    """The numbers were drawn on screen (the first time)."""

    def __init__(
        self, groups: list[tuple[str, str, str]], theme: Theme, badge: QWidget | None = None
    ) -> None:
        """``groups``: (name, number, unit) of each group, the main one first."""
        super().__init__()
        self._theme = theme
        self.badge = badge
        if badge is not None:
            badge.setParent(self)
        self._gap = theme.mm(6)
        self._line_gap = theme.mm(1)
        self._painted = False
        self.groups: list[tuple[InkLabel, InkLabel, InkLabel]] = []
        for index, (name, figure, unit) in enumerate(groups):
            caption = InkLabel(name, self)
            # As high as its glyphs: at 60 pt a CJK line box would cost a row of the page.
            number = InkLabel(figure, self, tight=True)
            number.setProperty("role", "vital")
            number.setObjectName("vital_number" if index == 0 else f"vital_number_{index}")
            unit_label = InkLabel(unit, self)
            self.groups.append((caption, number, unit_label))
        self._stacked = False
        self.setAccessibleName(
            "; ".join(f"{name} {figure} {unit}".strip() for name, figure, unit in groups)
        )

    def _caption_size(self, group: tuple[InkLabel, InkLabel, InkLabel]) -> QSize:
        """The room of a group's name (with the badge, for the first); as high as the highest
        of them, so the numbers of groups side by side stand on one line."""
        heights = []
        for other in self.groups:
            other[0].ensurePolished()  # the style sheet gives the sizes
            heights.append(other[0].sizeHint().height())
        width = group[0].sizeHint().width()
        if self.badge is not None:
            heights.append(self.badge.sizeHint().height())
            if group is self.groups[0]:
                width += self._gap // 2 + self.badge.sizeHint().width()
        return QSize(width, max(heights))

    def _group_size(self, group: tuple[InkLabel, InkLabel, InkLabel]) -> QSize:
        _, number, unit = group
        for label in group:
            label.ensurePolished()
        line_w = number.sizeHint().width() + self._line_gap * 2 + unit.sizeHint().width()
        caption = self._caption_size(group)
        width = max(caption.width(), line_w)
        height = caption.height() + self._line_gap + number.sizeHint().height()
        return QSize(width, height)

    def _height(self, stacked: bool) -> int:
        sizes = [self._group_size(g) for g in self.groups]
        if not sizes:
            return 0
        if stacked:
            return sum(s.height() for s in sizes) + self._gap * (len(sizes) - 1)
        return max(s.height() for s in sizes)

    def _side_by_side_width(self) -> int:
        sizes = [self._group_size(g) for g in self.groups]
        return sum(s.width() for s in sizes) + self._gap * max(0, len(sizes) - 1)

    def layout_shapes(self, width: int) -> list[Shape]:
        if self._side_by_side_width() <= width:
            return [Shape(self._height(False))]
        return [Shape(self._height(True))]

    def set_layout_shape(self, index: int) -> None:
        self._place()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._height(self._side_by_side_width() > width)

    def sizeHint(self) -> QSize:
        return QSize(self._side_by_side_width(), self._height(False))

    def minimumSizeHint(self) -> QSize:
        # The pager gives it its height; the window need not be as high as it stacked.
        widths = [self._group_size(g).width() for g in self.groups] or [0]
        return QSize(max(widths), self._height(False))

    def _place(self) -> None:
        width = self.width()
        stacked = self._side_by_side_width() > width
        x = y = 0
        for group in self.groups:
            caption, number, unit = group
            size = self._group_size(group)
            caption_h = self._caption_size(group).height()
            own_h = caption.sizeHint().height()
            caption.setGeometry(x, y + caption_h - own_h, caption.sizeHint().width(), own_h)
            if self.badge is not None and group is self.groups[0]:
                badge = self.badge.sizeHint()
                left = x + caption.sizeHint().width() + self._gap // 2
                self.badge.setGeometry(left, y, badge.width(), badge.height())
            top = y + caption_h + self._line_gap
            number_w = number.sizeHint().width()
            number_h = number.sizeHint().height()
            number.setGeometry(x, top, number_w, number_h)
            unit_h = unit.sizeHint().height()
            # The unit sits on the number's baseline side: at the bottom of its line.
            unit.setGeometry(
                x + number_w + 2 * self._line_gap,
                top + number_h - unit_h,
                unit.sizeHint().width(),
                unit_h,
            )
            if stacked:
                y += size.height() + self._gap
            else:
                x += size.width() + self._gap

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.sig_painted.emit()

    def number_labels(self) -> list[QLabel]:
        return [number for _, number, _ in self.groups]


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
        them."""
        return width - self._picture_w(shape) - self._gap >= width // 3

    def _height(self, shape: int, width: int) -> int:
        picture_h = self._picture_h(shape)
        if self._beside(shape, width):
            words_w = width - self._picture_w(shape) - self._gap
            return max(picture_h, self._words_h(shape, words_w))
        return picture_h + self._gap + self._words_h(shape, width)

    def layout_shapes(self, width: int) -> list[Shape]:
        self._shapes_width = width
        return [Shape(self._height(0, width), FULL), Shape(self._height(1, width), DESCRIPTION)]

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
        colour = self._theme.palette.text
        self.picture.setPixmap(picture_pixmap(self._picture_name, self._picture_w(shape), colour))
        if (self.words.property("compact") is True) != (shape == 1):
            self.words.setProperty("compact", shape == 1)
            self.words.style().unpolish(self.words)
            self.words.style().polish(self.words)
        picture_w, picture_h = self._picture_w(shape), self._picture_h(shape)
        if self._beside(shape, width):
            words_w = width - picture_w - self._gap
            words_h = self._words_h(shape, words_w)
            height = max(picture_h, words_h)
            self.picture.setGeometry(0, (height - picture_h) // 2, picture_w, picture_h)
            self.words.setGeometry(picture_w + self._gap, (height - words_h) // 2, words_w, words_h)
        else:
            self.picture.setGeometry(0, 0, picture_w, picture_h)
            words_h = self._words_h(shape, width)
            self.words.setGeometry(0, picture_h + self._gap, width, words_h)
