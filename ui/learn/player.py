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

from PySide6.QtWidgets import QHBoxLayout, QSizePolicy

from app.people import Resident
from app.store import StoreError
from app.tutorials import Lesson, Step, progress_for, record_progress, resume_step
from ui.layout.pager import Pager
from ui.learn.lessons import in_order, lesson_intent, library, local_folder, step_of
from ui.learn.page import StepButton, StepPage
from ui.learn.picture import StepPicture
from ui.screen import Screen
from ui.theme import BODY_PT

log = logging.getLogger(__name__)


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
        self.nav.replace(lesson_done_screen(self.ctx, self.nav, self.lesson, self.learners))

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


def lesson_done_screen(ctx, nav, lesson: Lesson, learners: Sequence[Resident]) -> Screen:
    """The end of ``lesson``: practise it (where it has practice), go through it again from
    step 1, or choose another lesson."""
    from ui.learn.finish import LessonDoneScreen
    from ui.learn.sandbox import practice_screen, practice_steps

    def practise() -> None:
        nav.replace(practice_screen(ctx, nav, lesson, learners))

    def again() -> None:
        nav.replace(LessonPlayerScreen(ctx, nav, lesson, 0, learners=learners))

    offered = practise if practice_steps(lesson) else None
    return LessonDoneScreen(ctx, nav, lesson, learners, practise=offered, again=again)
