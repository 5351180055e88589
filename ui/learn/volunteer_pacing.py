"""The lesson shown to the group, paced by the volunteer, then the marks and the end.

:class:`GroupLessonScreen` is the lesson player in its paced form (ui.learn.player): the
elders keep Repeat; the volunteer's row below moves the steps and leads to the marks. Each
step shown is recorded as reached for every elder checked in, as their own progress.
:class:`SessionMarksScreen` takes a mark per elder (managed, or needs more practice), at any
step or at the end; :class:`SessionEndedScreen` says what was kept.
"""

from __future__ import annotations

import logging
from functools import partial

from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy

from app.people import mask_name
from app.tutorials.sessions import (
    MANAGED,
    NEEDS_PRACTICE,
    GroupSession,
    SessionError,
    end_session,
    mark,
    reach_step,
)
from ui.layout.pager import Pager
from ui.learn.page import StepButton
from ui.learn.player import LessonPlayerScreen
from ui.screen import Screen
from ui.widgets.buttons import BigButton
from ui.wording import join_sentences

log = logging.getLogger(__name__)


class GroupLessonScreen(LessonPlayerScreen):
    """The lesson for the elders checked in, from step 1; the volunteer moves the steps."""

    pauses_idle = True

    def __init__(self, ctx, nav, session: GroupSession) -> None:
        self.session = session
        super().__init__(ctx, nav, session.lesson, 0, learners=session.elders(), paced=True)
        theme = ctx.theme
        self.back_step = StepButton(
            self.tr("Step back"),
            theme,
            role="nav",
            icon="page_up",
            description=self.tr("Volunteer: show the step before this one"),
        )
        self.back_step.setObjectName("volunteer_previous")
        self.forward_step = StepButton(
            self.tr("Next step"),
            theme,
            role="nav",
            icon="page_down",
            description=self.tr("Volunteer: show the next step"),
        )
        self.forward_step.setObjectName("volunteer_next")
        # The row's buttons are all of one kind and one height, like the player's own row:
        # a taller Marks alone would cost the step its room at 200 % on the tablet, and it is
        # the volunteer's button, not an elder's choice.
        self.marks_button = StepButton(
            self.tr("Marks"),
            theme,
            role="nav",
            description=self.tr("Volunteer: mark each elder and end the session"),
        )
        self.marks_button.setObjectName("volunteer_marks")
        self.back_step.clicked.connect(self.step_back)
        self.forward_step.clicked.connect(self.step_forward)
        self.marks_button.clicked.connect(self.open_marks)
        for item in [self.body.itemAt(i) for i in range(self.body.count())]:
            own = item.layout() if item is not None else None
            if own is not None and own.indexOf(self.next_button) >= 0:
                self.body.removeItem(own)  # its buttons are hidden or move to the row below
        row = QHBoxLayout()
        row.setSpacing(theme.gap_px)
        # One row for everyone: the elders' Repeat moves in beside the volunteer's buttons
        # (the player's own row holds nothing else when paced), so large type keeps room.
        for button in (self.back_step, self.repeat_button, self.forward_step, self.marks_button):
            policy = button.sizePolicy()
            policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
            button.setSizePolicy(policy)
            row.addWidget(button, 1)
        self.back_step.allow_icon_only(True)
        self.forward_step.allow_icon_only(True)
        self.body.addLayout(row)
        self._update_volunteer_row()

    def _update_volunteer_row(self) -> None:
        if not hasattr(self, "back_step"):
            return  # the player's own set-up, before this row exists
        self.back_step.setEnabled(self.index > 0)
        self.forward_step.setEnabled(self.index < len(self.lesson.steps) - 1)

    def _update_buttons(self) -> None:
        super()._update_buttons()
        self._update_volunteer_row()

    def show_step(self, index: int) -> None:
        super().show_step(index)
        try:
            reach_step(self.session, self.index)
        except SessionError:
            log.warning("a step shown after the session ended is not counted")

    def step_back(self) -> None:
        self.show_step(self.index - 1)

    def step_forward(self) -> None:
        self.show_step(self.index + 1)

    def open_marks(self) -> None:
        self.nav.push(SessionMarksScreen(self.ctx, self.nav, self.session))


class SessionMarksScreen(Screen):
    """Each elder's mark: "Managed" or "Needs more practice"; then End the session."""

    pauses_idle = True

    def __init__(self, ctx, nav, session: GroupSession) -> None:
        super().__init__(ctx, nav)
        self.session = session
        self.busy = False
        self.pager = Pager(ctx.theme)
        self.message = self.pager.add_text(
            self.tr("Mark each elder, then end the session."), "heading"
        )
        self.message.setObjectName("marks_message")
        self.rows: dict[str, tuple[QLabel, BigButton, BigButton]] = {}
        for card in session.attendees:
            name = self.pager.add_text(self._elder_words(card), "")
            name.setObjectName("elder_mark")
            managed = BigButton(
                self.tr("Managed"),
                ctx.theme,
                role="choice",
                description=self.tr("This elder did the steps"),
            )
            practice = BigButton(
                self.tr("Needs practice"),
                ctx.theme,
                role="choice",
                description=self.tr("This elder needs more practice"),
            )
            managed.setObjectName("mark_managed")
            practice.setObjectName("mark_practice")
            managed.clicked.connect(partial(self.set_mark, card, MANAGED))
            practice.clicked.connect(partial(self.set_mark, card, NEEDS_PRACTICE))
            self.pager.add_grid([managed, practice], 2, stretch=False)
            self.pager.keep_together([name, managed, practice])
            self.rows[card] = (name, managed, practice)
        self.end_button = BigButton(
            self.tr("End the session"),
            ctx.theme,
            role="primary",
            description=self.tr("Save the marks and the volunteer's hours"),
        )
        self.end_button.setObjectName("end_session")
        self.end_button.clicked.connect(self.end)
        self.pager.add_block(self.end_button)
        self.pager.add_stretch()
        self.body.addWidget(self.pager, 1)

    def _elder_words(self, card: str) -> str:
        attendee = self.session.attendees[card]
        name = mask_name(attendee.resident.name)
        if attendee.result == MANAGED:
            return self.tr("%1: managed").replace("%1", name)
        if attendee.result == NEEDS_PRACTICE:
            return self.tr("%1: needs more practice").replace("%1", name)
        return self.tr("%1: not marked yet").replace("%1", name)

    def title(self) -> str:
        return self.tr("Marks")

    def spoken_text(self) -> str:
        return join_sentences(
            [self.message.text(), *(self._elder_words(card) for card in self.rows)]
        )

    def entered(self) -> None:
        self.ctx.say(self.message.text())

    def set_mark(self, card: str, result: str) -> None:
        if self.busy:
            return
        self.busy = True
        store, session = self.ctx.store, self.session
        self.ctx.tasks.run(
            lambda: mark(store, session, card, result),
            lambda _: self._marked(card),
            self._not_saved,
        )

    def _marked(self, card: str) -> None:
        self.busy = False
        self.ctx.queued()
        label = self.rows[card][0]
        self.pager.set_text(label, self._elder_words(card))
        self.pager.relayout()
        self.ctx.say(self._elder_words(card))

    def _not_saved(self, error: BaseException) -> None:
        self.busy = False
        log.warning("a session mark or its end was not saved: %s", error)
        text = self.tr("This could not be saved on this kiosk. Please try again.")
        self.pager.set_text(self.message, text)
        self.ctx.say(text)

    def end(self) -> None:
        if self.busy:
            return
        self.busy = True
        store, session = self.ctx.store, self.session
        self.ctx.tasks.run(lambda: end_session(store, session), self._ended, self._not_saved)

    def _ended(self, hours: float) -> None:
        self.busy = False
        self.ctx.queued()
        self.nav.show_after_home(SessionEndedScreen(self.ctx, self.nav, self.session, hours))


class SessionEndedScreen(Screen):
    """The session is over: who came, the hours, and that it goes to the center. (Back,
    like Done, goes to the start: the screen is shown after the home screen.)"""

    def __init__(self, ctx, nav, session: GroupSession, hours: float) -> None:
        super().__init__(ctx, nav)
        self.session = session
        self.hours = hours
        self.pager = Pager(ctx.theme)
        self.message = self.pager.add_text(self._words(), "heading")
        self.message.setObjectName("session_ended")
        self.done = BigButton(
            self.tr("Done"), ctx.theme, role="primary", description=self.tr("Back to the start")
        )
        self.done.setObjectName("session_done")
        self.done.clicked.connect(nav.home)
        self.pager.add_block(self.done)
        self.pager.add_stretch()
        self.body.addWidget(self.pager, 1)

    def _words(self) -> str:
        count = len(self.session.attendees)
        return join_sentences(
            [
                self.tr("The session has ended. Thank you!"),
                self.tr("%1 elders took part; %2 hours for your time bank.")
                .replace("%1", str(count))
                .replace("%2", f"{self.hours:.2f}"),
                self.tr("Saved on this kiosk; it is sent to the center."),
            ]
        )

    def title(self) -> str:
        return self.tr("Session ended")

    def spoken_text(self) -> str:
        return self._words()

    def entered(self) -> None:
        self.ctx.say(self._words())
