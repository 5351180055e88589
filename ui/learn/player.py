"""The lesson player: one step per page. The step's picture with the thing to tap ringed
stands beside its sentence (the picture is on every page of the sentence, so they are never
apart: where large type needs more than one page for the words, the layout engine pages the
words and the picture stays), the sentence is spoken, and Previous / Repeat / Next stay in
the same places on every step. The title says "Step 3 of 8".

Nothing moves on by itself. Each step shown is recorded as progress off the UI thread (with
its outbox event, app.tutorials.record_progress), so a resident who leaves comes back to the
step they left, on this kiosk or, through the center, on another.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from app.people import Resident
from app.store import StoreError
from app.tutorials import Lesson, Step, progress_for, record_progress, resume_step
from ui.layout.pager import Pager
from ui.learn.home import lesson_intent
from ui.learn.lessons import in_order, library, local_folder, step_of
from ui.learn.picture import StepPicture
from ui.screen import Screen
from ui.theme import BODY_PT, Theme
from ui.widgets.buttons import BigButton

log = logging.getLogger(__name__)
# The widest share of the page a picture takes beside its words.
PICTURE_SHARE = 0.5


def open_lesson(
    ctx,
    nav,
    lesson: Lesson,
    *,
    learners: Sequence[Resident] | None = None,
    paced: bool = False,
    replace: bool = False,
) -> LessonPlayerScreen:
    """Show ``lesson`` where the first learner left off (the first step for a new or
    completed lesson).

    ``learners``: whose progress each step records; the signed-in resident by default. A
    volunteer's group session passes the elders checked in. ``paced``: the steps are moved
    by someone else (the volunteer's screen, through :meth:`LessonPlayerScreen.show_step`),
    so Previous and Next are not offered here; Repeat still is."""
    if learners is None:
        resident = ctx.session.resident
        learners = [resident] if resident is not None else []
    start = 0
    if learners:
        try:
            start = resume_step(progress_for(ctx.store, learners[0]).get(lesson.id), lesson)
        except StoreError:
            log.warning("lesson progress could not be read; starting at step 1", exc_info=True)
    player = LessonPlayerScreen(ctx, nav, lesson, start, learners=learners, paced=paced)
    if replace:
        nav.replace(player)
    else:
        nav.push(player)
    return player


class StepButton(BigButton):
    """Previous, Repeat and Next: as high as their words with their descenders ("Repeat"),
    never below the touch floor."""

    def __init__(self, text: str, theme: Theme, **kwargs: Any) -> None:
        # The style sheet's padding and border around the words (ui.theme.Theme.stylesheet).
        self._frame = 2 * (theme.mm(1.5) + max(2, theme.mm(0.6)))
        super().__init__(text, theme, **kwargs)

    def _room(self, hint: QSize) -> QSize:
        self.ensurePolished()
        needed = self.fontMetrics().height() + self._frame + 2
        return QSize(hint.width(), max(hint.height(), needed))

    def sizeHint(self) -> QSize:
        return self._room(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self._room(super().minimumSizeHint())


class StepPage(QWidget):
    """The picture at the side (as large as the room allows, aspect kept, at most
    :data:`PICTURE_SHARE` of the width) and the words beside it in a pager."""

    def __init__(
        self, picture: StepPicture, pager: Pager, gap: int, *, picture_first: bool = False
    ) -> None:
        super().__init__()
        # A practice screen's picture is where the resident taps: it keeps its size and the
        # words go to more pages; a lesson's picture gives way to keep its words on one.
        self._picture_first = picture_first
        self.picture = picture
        self.pager = pager
        self._gap = gap
        self._words: list[QLabel] = []
        self._body_font = QFont()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        picture.setParent(self)
        pager.setParent(self)

    def set_picture(self, picture: StepPicture) -> None:
        old = self.picture
        self.picture = picture
        picture.setParent(self)
        picture.show()
        old.hide()
        old.deleteLater()
        self._place()

    def _place(self) -> None:
        width = self._picture_width()
        self.picture.setGeometry(0, 0, width, self.height())
        left = width + self._gap
        self.pager.setGeometry(left, 0, max(0, self.width() - left), self.height())

    def _picture_width(self) -> int:
        """The picture's share of the width: as large as its height allows (with its word
        beside it), at most half the page, and less where its words would otherwise need
        more than one page (large type on a small screen): then the picture gives up width,
        down to its floor, before the words go to a second page."""
        box = self.picture.view_box
        height = self.height()
        floor = self.picture.minimumWidth()
        # The pager's bar whole: its words where it can, else its numbers ("2/3").
        least_words = max(
            self.pager.minimumSizeHint().width(), self._bar_width(short=self._picture_first)
        )
        most = min(int(self.width() * PICTURE_SHARE), self.width() - self._gap - least_words)
        ideal = min(int(height * box.w / box.h), most)
        if ideal + self.picture.tag_room() <= most:
            ideal += self.picture.tag_room()
        ideal = max(ideal, floor)
        if self._picture_first:
            return ideal
        for width in range(ideal, floor - 1, -max(1, (ideal - floor) // 12 or 1)):
            if self._words_fit(self.width() - width - self._gap, height):
                return width
        return floor

    def _words_fit(self, width: int, height: int) -> bool:
        """Whether the pager's words fit on one page ``width`` wide, at the body size (the
        size a heading takes before anything goes to another page)."""
        if width <= 0:
            return False
        metrics = QFontMetrics(self._body_font)
        wrap = int(Qt.TextFlag.TextWordWrap.value)
        needed = 0
        for label in self.words():
            if not label.isHidden() or label is self.words()[0]:
                text = label.text().strip()
                if text:
                    drawn = metrics.boundingRect(QRect(0, 0, width, 1_000_000), wrap, text)
                    # A CJK line box is about 1.45 em: count lines at the theme's spacing.
                    lines = max(1, round(drawn.height() / max(1, metrics.lineSpacing())))
                    needed += lines * metrics.lineSpacing() + self._gap
        return needed <= height

    def words(self) -> list[QLabel]:
        """The texts the page's pager holds (set by the screen)."""
        return self._words

    def set_words(self, labels: list[QLabel], font: QFont) -> None:
        self._words = labels
        self._body_font = font

    def _bar_width(self, *, short: bool = False) -> int:
        """The pager's Previous / "2 of 3" / More bar at its natural size (``short``: with
        the numbers alone, "2/3")."""
        pager = self.pager
        buttons = max(
            pager.previous_button.sizeHint().width(), pager.next_button.sizeHint().width()
        )
        pager.page_label.ensurePolished()
        label = QCoreApplication.translate("Pager", "%1 of %2")
        label = "9/9" if short else label.replace("%1", "9").replace("%2", "9")
        words = pager.page_label.fontMetrics().horizontalAdvance(label) + 2
        return 2 * buttons + 2 * pager.gap + words

    def minimumSizeHint(self) -> QSize:
        pager = self.pager.minimumSizeHint()
        picture = self.picture.minimumSize()
        return QSize(
            picture.width() + self._gap + pager.width(), max(picture.height(), pager.height())
        )

    def sizeHint(self) -> QSize:
        pager = self.pager.sizeHint()
        picture = self.picture.sizeHint()
        return QSize(
            picture.width() + self._gap + pager.width(), max(picture.height(), pager.height())
        )

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._place()


class LessonPlayerScreen(Screen):
    def __init__(
        self,
        ctx,
        nav,
        lesson: Lesson,
        step: int = 0,
        *,
        learners: Sequence[Resident] = (),
        paced: bool = False,
    ) -> None:
        self.lesson = lesson
        self.index = max(0, min(step, len(lesson.steps) - 1))
        super().__init__(ctx, nav)
        theme = ctx.theme
        self.learners = list(learners)
        self.paced = paced
        self.saving_failed = False
        self.pager = Pager(theme)
        self.text = self.pager.add_text(self._words(self.step), "heading")
        self.text.setObjectName("step_text")
        self.note = self.label(
            self.tr("This step could not be saved on this kiosk. You can go on."), "muted"
        )
        self.note.setObjectName("not_saved")
        self.pager.add_block(self.note)
        self.pager.set_shown(self.note, False)
        self.pager.add_stretch()
        self.page = StepPage(self._picture(self.step), self.pager, theme.gap_px)
        self.page.set_words([self.text], theme.font(BODY_PT))
        self.body.addWidget(self.page, 1)

        self.previous_button = StepButton(
            self.tr("Previous"),
            theme,
            role="nav",
            icon="page_up",
            description=self.tr("Show the step before this one"),
        )
        self.previous_button.setObjectName("previous_step")
        self.repeat_button = StepButton(
            self.tr("Repeat"),
            theme,
            role="nav",
            icon="speaker",
            description=self.tr("Say this step again"),
        )
        self.repeat_button.setObjectName("repeat_step")
        self.next_button = StepButton(
            self.tr("Next"),
            theme,
            role="nav",
            icon="page_down",
            description=self.tr("Show the next step"),
        )
        self.next_button.setObjectName("next_step")
        self.previous_button.clicked.connect(self.previous)
        self.repeat_button.clicked.connect(self.repeat)
        self.next_button.clicked.connect(self.next)
        row = QHBoxLayout()
        row.setSpacing(theme.gap_px)
        for button in (self.previous_button, self.repeat_button, self.next_button):
            # Three equal thirds, always in the same places; where large type leaves a third
            # too narrow for its words, Previous and Repeat show their icons (their names
            # still go to a screen reader).
            policy = button.sizePolicy()
            policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
            button.setSizePolicy(policy)
            row.addWidget(button, 1)
        self.previous_button.allow_icon_only(True)
        self.repeat_button.allow_icon_only(True)

        self.body.addLayout(row)
        if paced:
            self.previous_button.hide()
            self.next_button.hide()
        self._update_buttons()

    # -- what is shown ----------------------------------------------------------------------

    @property
    def step(self) -> Step:
        return self.lesson.steps[self.index]

    def _words(self, step: Step) -> str:
        return step.text.get(self.ctx.language)

    def narration(self) -> str:
        return self.step.narration.get(self.ctx.language)

    def _picture(self, step: Step) -> StepPicture:
        picture = StepPicture(
            self.ctx.theme,
            self.lesson.image_data(step.image),
            step.view_box,
            tag=self.tr("Look here"),
        )
        picture.setObjectName("step_picture")
        picture.setAccessibleName(self.lesson.title.get(self.ctx.language))
        picture.setAccessibleDescription(
            self.tr("A picture of the screen. A yellow ring marks the part this step is about.")
        )
        picture.set_highlight(step.highlight)
        return picture

    def title(self) -> str:
        return step_of(self.index + 1, len(self.lesson.steps))

    def spoken_text(self) -> str:
        return self.narration()

    def entered(self) -> None:
        self.ctx.say(self.narration())
        self._record()

    def _update_buttons(self) -> None:
        last = self.index == len(self.lesson.steps) - 1
        self.previous_button.setEnabled(self.index > 0)
        if last:
            self.next_button.set_label(self.tr("Finish"), self.tr("The lesson is done"))
        else:
            self.next_button.set_label(self.tr("Next"), self.tr("Show the next step"))

    def show_step(self, index: int) -> None:
        """Show step ``index`` (from 0), say it, and record it as reached."""
        index = max(0, min(index, len(self.lesson.steps) - 1))
        if index == self.index:
            return
        self.index = index
        self.page.set_picture(self._picture(self.step))
        self.pager.set_text(self.text, self._words(self.step))
        self.pager.show_page(0)
        self._update_buttons()
        self.setAccessibleName(self.title())
        self.nav.retitle(self)
        self.ctx.say(self.narration())
        self._record()

    # -- actions ----------------------------------------------------------------------------

    def next(self) -> None:
        if self.index < len(self.lesson.steps) - 1:
            self.show_step(self.index + 1)
        else:
            self.finish()

    def previous(self) -> None:
        if self.index > 0:
            self.show_step(self.index - 1)

    def repeat(self) -> None:
        self.ctx.say(self.narration())

    def finish(self) -> None:
        from ui.learn.finish import LessonDoneScreen

        self.nav.replace(LessonDoneScreen(self.ctx, self.nav, self.lesson, self.learners))

    def back_by_voice(self) -> None:
        """ "Back" said in a lesson goes one step back; from the first step, out of it."""
        if self.index > 0:
            self.previous()
        elif self.nav.can_go_back():
            self.nav.back()

    def open_other(self, lesson_id: str) -> None:
        lesson = library(local_folder(self.ctx.store.path)).lesson(lesson_id)
        if lesson is not None and lesson.id != self.lesson.id:
            open_lesson(
                self.ctx, self.nav, lesson, learners=self.learners, paced=self.paced, replace=True
            )

    # -- progress ---------------------------------------------------------------------------

    def _record(self) -> None:
        store, lesson, step = self.ctx.store, self.lesson, self.index
        for learner in self.learners:
            self.ctx.tasks.run(
                partial(record_progress, store, learner, lesson, step),
                self._recorded,
                self._not_recorded,
            )

    def _recorded(self, _progress: object) -> None:
        self.ctx.queued()

    def _not_recorded(self, error: BaseException) -> None:
        log.warning("lesson progress not saved: %s", error)
        self.saving_failed = True
        self.pager.set_shown(self.note, True)

    # -- voice ------------------------------------------------------------------------------

    def voice_commands(self) -> dict[str, Callable[[], None]]:
        commands: dict[str, Callable[[], None]] = {
            "learn.again": self.repeat,
            # "再说一遍" and "上一步" are also Read aloud and Back: in a lesson they mean the
            # step (reading it aloud is saying it again anyway).
            "read_aloud": self.repeat,
        }
        if not self.paced:
            commands["learn.next"] = self.next
            commands["back"] = self.back_by_voice
        for lesson in self._other_lessons():
            commands[lesson_intent(lesson)] = partial(self.open_other, lesson.id)
        return commands

    def voice_phrases(self) -> dict[str, list[str]]:
        language = self.ctx.language
        return {lesson_intent(one): [one.title.get(language)] for one in self._other_lessons()}

    def action_labels(self) -> dict[str, str]:
        labels = {
            "learn.again": self.tr("Repeat"),
            "learn.next": self.next_button.label_text(),
            "back": self.tr("Previous"),
        }
        language = self.ctx.language
        for one in self._other_lessons():
            labels[lesson_intent(one)] = one.title.get(language)
        return labels

    def _other_lessons(self) -> list[Lesson]:
        if self.paced:
            return []
        found = library(local_folder(self.ctx.store.path)).lessons.values()
        return [lesson for lesson in in_order(found) if lesson.id != self.lesson.id]
