"""Learn: the lessons as big choices, each with how far the signed-in resident got (not
started, up to step 3 of 8, all steps seen, practised, mastered) in words and an icon.

The list shows at once from this kiosk's own rows. Meanwhile the resident's progress from
other kiosks is asked of the center (ui.learn.center); when it comes, the badges are renewed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from app.store import StoreError
from app.tutorials import Lesson, Progress, progress_for
from ui.icons import tinted_pixmap
from ui.layout.items import DESCRIPTION, FULL, ICON, Shape
from ui.layout.pager import Pager
from ui.learn.center import pull_center_progress
from ui.learn.lessons import (
    BADGE_ICONS,
    badge,
    badge_words,
    in_order,
    lesson_intent,
    library,
    local_folder,
)
from ui.screen import Screen
from ui.theme import BODY_PT, ICON_MM, PRIMARY_LABEL_PT, STATUS_PT
from ui.wording import join_items, join_sentences

log = logging.getLogger(__name__)


class LessonTile(QPushButton):
    """A lesson: its badge's icon, its title large, and its badge in words under it. The
    title wraps onto more lines where one is too narrow (long English titles at large type),
    and the tile is as high as its words need at the width it is given.

    A choice among many rather than a primary action (there are more lessons than the nine
    primary choices a screen may have), drawn like a tile."""

    def __init__(self, lesson: Lesson, language: str, words: str, icon: str, theme) -> None:
        super().__init__()
        self.lesson = lesson
        self._theme = theme
        self.setProperty("role", "lesson")
        self.setProperty("primary", False)
        self.setAutoRepeat(False)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        palette = theme.palette
        border = max(2, theme.mm(0.6))
        self.setStyleSheet(
            f"QPushButton {{ background: {palette.surface}; border: {border}px solid"
            f" {palette.border}; border-radius: {theme.mm(2)}px; }}"
            f' QPushButton:pressed, QPushButton[pressedLook="true"] {{'
            f" background: {palette.tile_pressed}; border-color: {palette.focus}; }}"
        )
        title = lesson.title.get(language)
        self.setAccessibleName(title)
        self.setAccessibleDescription(words)
        self.icon_label = QLabel()
        self.name_label = QLabel(title)
        # The title large; where large type leaves no room for it, at the body size (a
        # lesson is a choice among many, not a primary action with its 30 pt floor).
        # (title size, bold, badge size) for each shape, best first: where large type
        # leaves no room, the title takes the body size, then both the body text's floor
        # (18 pt, as the queue state does); the badge's words always stay.
        self._name_sizes = (
            (theme.pt(PRIMARY_LABEL_PT), True, theme.pt(BODY_PT)),
            (theme.pt(BODY_PT), True, theme.pt(BODY_PT)),
            (theme.pt(STATUS_PT), False, theme.pt(STATUS_PT)),
        )
        self._shape = 0
        self.description_label = QLabel(words)
        self.description_label.setProperty("role", "muted")
        self.description_label.setFont(theme.font(BODY_PT))
        for label in (self.icon_label, self.name_label, self.description_label):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        for label in (self.name_label, self.description_label):
            label.setWordWrap(True)
        column = QVBoxLayout()
        column.setSpacing(theme.mm(1))
        column.addWidget(self.name_label)
        column.addWidget(self.description_label)
        row = self._row = QHBoxLayout(self)
        row.setContentsMargins(theme.mm(3), theme.mm(2), theme.mm(3), theme.mm(2))
        row.setSpacing(theme.mm(3))
        row.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(column, 1)
        self._set_icon(icon)
        self._set_name_size(0)

    def _set_name_size(self, shape: int) -> None:
        size, bold, badge = self._name_sizes[shape]
        weight = "bold" if bold else "normal"
        self.name_label.setStyleSheet(f"QLabel {{ font-size: {size}px; font-weight: {weight}; }}")
        self.description_label.setStyleSheet(f"QLabel {{ font-size: {badge}px; }}")
        self.name_label.ensurePolished()
        self.description_label.ensurePolished()
        # The last shape sheds the icon too (the words say the badge).
        self.icon_label.setVisible(shape < len(self._name_sizes) - 1)

    def _set_icon(self, icon: str) -> None:
        theme = self._theme
        self.icon_label.setPixmap(tinted_pixmap(icon, theme.mm(ICON_MM), theme.palette.text))

    def set_badge(self, words: str, icon: str, theme) -> None:
        self.description_label.setText(words)
        self.setAccessibleDescription(words)
        self._set_icon(icon)
        self.updateGeometry()

    def minimumSizeHint(self) -> QSize:
        # As narrow as the title's longest word beside the icon; as high as a primary target.
        self.name_label.ensurePolished()
        metrics = self.name_label.fontMetrics()
        longest = max((metrics.horizontalAdvance(w) for w in self.name_label.text().split()),
                      default=0)  # fmt: skip
        margins = self._row.contentsMargins()
        icon = self.icon_label.pixmap().width() + self._row.spacing()
        width = longest + icon + margins.left() + margins.right() + 4
        return QSize(width, self._theme.primary_px)

    def sizeHint(self) -> QSize:
        hint = self._row.sizeHint()
        return QSize(hint.width(), max(hint.height(), self._theme.primary_px))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._height(width, self._shape)

    def _height(self, width: int, shape: int) -> int:
        """The tile's height at ``width`` in ``shape``, from the fonts themselves (a label's
        own measure lags behind a change of its style sheet)."""
        size, bold, badge_size = self._name_sizes[shape]
        name_font = QFont(self._theme.font(BODY_PT, bold=bold))
        name_font.setPixelSize(size)
        badge_font = QFont(self._theme.font(BODY_PT))
        badge_font.setPixelSize(badge_size)
        margins = self._row.contentsMargins()
        shows_icon = shape < len(self._name_sizes) - 1
        icon = self.icon_label.pixmap().width() + self._row.spacing() if shows_icon else 0
        words_w = max(1, width - margins.left() - margins.right() - icon - 2)
        words = _wrapped_height(name_font, self.name_label.text(), words_w)
        words += self._theme.mm(1)
        words += _wrapped_height(badge_font, self.description_label.text(), words_w)
        icon_h = self.icon_label.pixmap().height() if shows_icon else 0
        height = max(words, icon_h) + margins.top() + margins.bottom()
        return max(height, self._theme.primary_px)

    def layout_shapes(self, width: int) -> list[Shape]:
        """The title large, then at the body size (for the layout engine): each as high as
        the words need at ``width``."""
        levels = (FULL, DESCRIPTION, ICON)
        return [Shape(self._height(width, shape), levels[shape]) for shape in range(3)]

    def set_layout_shape(self, index: int) -> None:
        if index != self._shape:
            self._shape = index
            self._set_name_size(index)
            self.updateGeometry()


def _wrapped_height(font: QFont, text: str, width: int) -> int:
    metrics = QFontMetrics(font)
    wrap = int(Qt.TextFlag.TextWordWrap.value)
    return metrics.boundingRect(QRect(0, 0, width, 1_000_000), wrap, text).height()


class LearnHomeScreen(Screen):
    def __init__(self, ctx, nav) -> None:
        super().__init__(ctx, nav)
        self.library = library(local_folder(ctx.store.path))
        self.lessons = in_order(self.library.lessons.values())
        self.progress: dict[str, Progress] = self._local_progress()
        self.tiles: dict[str, LessonTile] = {}
        language = ctx.language
        for lesson in self.lessons:
            found = self.progress.get(lesson.id)
            tile = LessonTile(
                lesson,
                language,
                badge_words(found, lesson),
                BADGE_ICONS[badge(found)],
                ctx.theme,
            )
            tile.setObjectName(f"lesson_{lesson.id}")
            tile.clicked.connect(partial(self.open_lesson, lesson.id))
            self.tiles[lesson.id] = tile
        self.pager = Pager(ctx.theme)
        if self.tiles:
            # Two columns: long titles read better wide than wrapped three times.
            self.pager.add_grid(list(self.tiles.values()), 2)
        else:
            self.pager.add_text(self.tr("No lessons can be shown. Please tell staff."), "heading")
            self.pager.add_stretch()
        self.body.addWidget(self.pager, 1)
        self.center_asked = False

    def _local_progress(self) -> dict[str, Progress]:
        resident = self.ctx.session.resident
        if resident is None:
            return {}
        try:
            return progress_for(self.ctx.store, resident)
        except StoreError:
            log.warning("lesson progress could not be read", exc_info=True)
            return {}

    def title(self) -> str:
        return self.tr("Learn")

    def spoken_text(self) -> str:
        language = self.ctx.language
        items = [
            f"{lesson.title.get(language)}: {badge_words(self.progress.get(lesson.id), lesson)}"
            for lesson in self.lessons
        ]
        return join_sentences([self.tr("Learn. Which lesson would you like?"), join_items(items)])

    def entered(self) -> None:
        self.renew_badges()
        if not self.center_asked:
            # Once per visit: progress made on another kiosk comes through the center.
            self.center_asked = True
            resident = self.ctx.session.resident
            if resident is not None:
                pull_center_progress(self.ctx, resident, self._center_answered)

    def _center_answered(self, lessons: tuple[str, ...]) -> None:
        if lessons:
            self.renew_badges()

    def renew_badges(self) -> None:
        """Read this kiosk's rows again and show each lesson's badge."""
        self.progress = self._local_progress()
        for lesson in self.lessons:
            found = self.progress.get(lesson.id)
            tile = self.tiles[lesson.id]
            words = badge_words(found, lesson)
            if tile.description_label.text() != words:
                tile.set_badge(words, BADGE_ICONS[badge(found)], self.ctx.theme)
        self.pager.relayout()

    def open_lesson(self, lesson_id: str) -> None:
        from ui.learn.player import open_lesson

        lesson = self.library.lesson(lesson_id)
        if lesson is not None:
            open_lesson(self.ctx, self.nav, lesson)

    def voice_commands(self) -> dict[str, Callable[[], None]]:
        return {lesson_intent(one): partial(self.open_lesson, one.id) for one in self.lessons}

    def voice_phrases(self) -> dict[str, list[str]]:
        language = self.ctx.language
        return {lesson_intent(one): [one.title.get(language)] for one in self.lessons}

    def action_labels(self) -> dict[str, str]:
        language = self.ctx.language
        return {lesson_intent(one): one.title.get(language) for one in self.lessons}

    def tile(self, lesson_id: str) -> QWidget:
        return self.tiles[lesson_id]
