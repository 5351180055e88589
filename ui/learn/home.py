"""Learn: the lessons as big choices, each with how far the signed-in resident got (not
started, up to step 3 of 8, all steps seen, practised, mastered) in words and an icon.

The list shows at once from this kiosk's own rows. Meanwhile the resident's progress from
other kiosks is asked of the center (ui.learn.center); when it comes, the badges are renewed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QWidget

from app.store import StoreError
from app.tutorials import Lesson, Progress, progress_for
from ui.icons import tinted_pixmap
from ui.layout.pager import Pager
from ui.learn.center import pull_center_progress
from ui.learn.lessons import BADGE_ICONS, badge, badge_words, in_order, library, local_folder
from ui.screen import Screen
from ui.theme import ICON_MM
from ui.widgets.buttons import BigTile
from ui.wording import join_items, join_sentences

log = logging.getLogger(__name__)


def lesson_intent(lesson: Lesson) -> str:
    """The voice intent that opens a lesson (i18n/phrases: ``lesson.<id>``)."""
    return f"lesson.{lesson.id}"


class LessonTile(BigTile):
    """A lesson: its title large, its badge in words under it, the badge's icon beside.

    A choice among many rather than a primary action (there are more lessons than the nine
    primary choices a screen may have), drawn like a tile."""

    def __init__(self, lesson: Lesson, language: str, words: str, icon: str, theme) -> None:
        super().__init__(lesson.title.get(language), words, icon, theme)
        self.lesson = lesson
        self.setProperty("role", "lesson")
        self.setProperty("primary", False)
        palette = theme.palette
        border = max(2, theme.mm(0.6))
        self.setStyleSheet(
            f"QPushButton {{ background: {palette.surface}; border: {border}px solid"
            f" {palette.border}; border-radius: {theme.mm(2)}px; }}"
            f' QPushButton:pressed, QPushButton[pressedLook="true"] {{'
            f" background: {palette.tile_pressed}; border-color: {palette.focus}; }}"
        )

    def set_badge(self, words: str, icon: str, theme) -> None:
        self.description_label.setText(words)
        self.setAccessibleDescription(words)
        self.icon_label.setPixmap(tinted_pixmap(icon, theme.mm(ICON_MM), theme.palette.text))
        self._shapes_at.clear()


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
            self.pager.add_grid(list(self.tiles.values()), 3)
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
