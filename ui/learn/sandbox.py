"""Practice: the lesson's own phone screens, to tap for real, where nothing real happens.

A banner across the top, taking its own room, says so on every practice screen ("Practice:
no real money moves"). The resident taps where the step says; a tap on the right place goes
on to the next try; a wrong tap gets a gentle "not there yet", and from the second miss the
step's hint, shown and spoken, with the right place ringed. Nothing is sent anywhere but the
resident's progress: practised at the end, and mastered when no hint was needed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel

from app.people import Resident
from app.tutorials import Lesson, Step, record_progress
from ui.layout.pager import Pager
from ui.learn.page import StepPage
from ui.learn.picture import StepPicture
from ui.screen import Screen
from ui.theme import BODY_PT
from ui.wording import join_sentences

log = logging.getLogger(__name__)
# The miss after which the hint is given.
HINT_AFTER = 2


def practice_steps(lesson: Lesson) -> list[Step]:
    return [step for step in lesson.steps if step.practice is not None]


class PracticeBanner(QFrame):
    """ "Practice: nothing real happens", in the warning colours, across the page."""

    def __init__(self, text: str, theme) -> None:
        super().__init__()
        self.setProperty("role", "warning")
        self.setObjectName("practice_banner")
        row = QHBoxLayout(self)
        row.setContentsMargins(theme.mm(2), theme.mm(1), theme.mm(2), theme.mm(1))
        self.words = QLabel(text)
        self.words.setObjectName("practice_words")
        self.words.setWordWrap(True)
        row.addWidget(self.words, 1)


class PracticeScreen(Screen):
    def __init__(self, ctx, nav, lesson: Lesson, learners: Sequence[Resident] = ()) -> None:
        self.lesson = lesson
        self.steps = practice_steps(lesson)
        self.index = 0
        super().__init__(ctx, nav)
        if not self.steps:
            raise ValueError(f"lesson {lesson.id!r} has nothing to practise")
        theme = ctx.theme
        self.learners = list(learners)
        self.misses = 0
        self.hint_used = False
        self.finished = False
        self.banner = PracticeBanner(self.banner_text(), theme)
        self.body.addWidget(self.banner)
        self.pager = Pager(theme)
        self.instruction = self.pager.add_text(self._instruction(), "heading")
        self.instruction.setObjectName("practice_instruction")
        self.feedback = self.pager.add_text(" ", "")
        self.feedback.setObjectName("practice_feedback")
        self.pager.set_shown(self.feedback, False)
        self.pager.add_stretch()
        self.page = StepPage(self._picture(), self.pager, theme.gap_px, picture_first=True)
        self.page.set_words([self.instruction, self.feedback], theme.font(BODY_PT))
        self.body.addWidget(self.page, 1)

    # -- what is shown ----------------------------------------------------------------------

    @property
    def step(self) -> Step:
        return self.steps[self.index]

    @property
    def screen_kind(self) -> str:
        practice = self.step.practice
        return practice.screen if practice is not None else ""

    def banner_text(self) -> str:
        kind = self.screen_kind
        if kind == "payment":
            return self.tr("Practice: no real money moves.")
        if kind == "appointment":
            return self.tr("Practice: no real booking.")
        if kind == "scam":
            return self.tr("Practice: not a real call.")
        return self.tr("Practice: nothing real happens.")

    def _instruction(self) -> str:
        return self.step.text.get(self.ctx.language)

    def hint(self) -> str:
        practice = self.step.practice
        return practice.hint.get(self.ctx.language) if practice is not None else ""

    def _picture(self) -> StepPicture:
        picture = StepPicture(
            self.ctx.theme,
            self.lesson.image_data(self.step.image),
            self.step.view_box,
            tag=self.tr("Here"),
        )
        picture.setObjectName("practice_picture")
        picture.setAccessibleName(self.tr("Practice phone screen"))
        picture.setAccessibleDescription(self._instruction())
        picture.sig_tapped.connect(self.tapped)
        picture.sig_tapped_outside.connect(self.missed)
        return picture

    def title(self) -> str:
        return (
            self.tr("Practice %1 of %2")
            .replace("%1", str(self.index + 1))
            .replace("%2", str(len(self.steps)))
        )

    def spoken_text(self) -> str:
        return join_sentences([self.banner_text(), self._instruction()])

    def entered(self) -> None:
        self.ctx.say(self.spoken_text())

    def voice_commands(self) -> dict[str, Callable[[], None]]:
        return {"learn.again": self.repeat, "read_aloud": self.repeat}

    def repeat(self) -> None:
        words = [self._instruction()]
        if self.misses >= HINT_AFTER:
            words.append(self.hint())
        self.ctx.say(join_sentences(words))

    def _show_feedback(self, text: str) -> None:
        self.pager.set_text(self.feedback, text)
        self.pager.set_shown(self.feedback, True)

    # -- taps -------------------------------------------------------------------------------

    def tapped(self, x: float, y: float) -> None:
        practice = self.step.practice
        if self.finished or practice is None:
            return
        if self.page.picture.hits(practice.target, x, y):
            self.right()
        else:
            self.missed()

    def right(self) -> None:
        if self.index + 1 < len(self.steps):
            self.index += 1
            self.misses = 0
            self.page.set_picture(self._picture())
            self.banner.words.setText(self.banner_text())
            self.pager.set_text(self.instruction, self._instruction())
            self._show_feedback(self.tr("Right! Now the next one."))
            self.pager.show_page(0)
            self.setAccessibleName(self.title())
            self.nav.retitle(self)
            self.ctx.say(join_sentences([self.tr("Right!"), self._instruction()]))
            return
        self.finished = True
        self._show_feedback(self.tr("Right!"))
        self.ctx.say(self.tr("Right!"))
        self._save()

    def missed(self) -> None:
        if self.finished:
            return
        self.misses += 1
        if self.misses < HINT_AFTER:
            words = self.tr("Not there yet. Have another look, take your time.")
            self._show_feedback(words)
            self.ctx.say(words)
            return
        self.hint_used = True
        practice = self.step.practice
        if practice is not None:
            self.page.picture.set_highlight(practice.target)
        self._show_feedback(self.hint())
        self.ctx.say(self.hint())

    # -- the end ----------------------------------------------------------------------------

    def _save(self) -> None:
        mastered = not self.hint_used
        last = len(self.lesson.steps) - 1
        if not self.learners:
            self._done(mastered, saved=True)
            return
        left = len(self.learners)
        failed = False

        def one_done(error: BaseException | None) -> None:
            nonlocal left, failed
            left -= 1
            if error is not None:
                log.warning("practice not saved: %s", error)
                failed = True
            if left == 0:
                if not failed:
                    self.ctx.queued()
                self._done(mastered, saved=not failed)

        for learner in self.learners:
            self.ctx.tasks.run(
                partial(
                    record_progress,
                    self.ctx.store,
                    learner,
                    self.lesson,
                    last,
                    practised=True,
                    mastered=mastered,
                ),
                lambda _p: one_done(None),
                one_done,
            )

    def _done(self, mastered: bool, *, saved: bool) -> None:
        done = practice_done_screen(
            self.ctx, self.nav, self.lesson, self.learners, mastered=mastered, saved=saved
        )
        self.nav.show_outcome(self, done)


def practice_screen(ctx, nav, lesson: Lesson, learners: Sequence[Resident]) -> PracticeScreen:
    return PracticeScreen(ctx, nav, lesson, learners)


def practice_done_screen(
    ctx, nav, lesson: Lesson, learners: Sequence[Resident], *, mastered: bool, saved: bool = True
) -> Screen:
    """The end of a practice, offering it again."""
    from ui.learn.finish import PracticeDoneScreen

    def again() -> None:
        nav.replace(PracticeScreen(ctx, nav, lesson, learners))

    return PracticeDoneScreen(
        ctx, nav, lesson, learners, mastered=mastered, saved=saved, practise=again
    )
