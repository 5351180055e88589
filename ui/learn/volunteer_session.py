"""The start of a group session: the volunteer chooses the lesson, then checks in the elders
present by their service card (typed on the number pad, or read by the card reader, which
types it). Elders' names are masked on screen (张*华), as everywhere on a shared kiosk.

Each write (the session started, an elder checked in) goes with its outbox event off the UI
thread (app.tutorials.sessions).
"""

from __future__ import annotations

import logging
from functools import partial

from app.people import InvalidCard, Resident, find_by_card, mask_name
from app.tutorials import Lesson
from app.tutorials.sessions import GroupSession, VolunteerSignin, check_in, start_session
from ui.layout.pager import Pager
from ui.learn.lessons import in_order, library, local_folder
from ui.screen import Screen
from ui.widgets.buttons import BigButton, WrapButton
from ui.widgets.numberpad import NumberPad
from ui.widgets.pad_beside import PadBeside
from ui.wording import join_items

log = logging.getLogger(__name__)


class SessionLessonScreen(Screen):
    """Which lesson will the group do? One choice per lesson."""

    pauses_idle = True

    def __init__(self, ctx, nav, volunteer: VolunteerSignin) -> None:
        super().__init__(ctx, nav)
        self.volunteer = volunteer
        self.busy = False
        self.lessons = in_order(library(local_folder(ctx.store.path)).lessons.values())
        self.pager = Pager(ctx.theme)
        self.message = self.pager.add_text(self._words(), "heading")
        self.message.setObjectName("session_lesson_message")
        self.choices: dict[str, WrapButton] = {}
        language = ctx.language
        for lesson in self.lessons:
            button = WrapButton(
                lesson.title.get(language),
                ctx.theme,
                role="choice",
                description=self.tr("Start a group session of this lesson"),
            )
            button.setObjectName(f"session_lesson_{lesson.id}")
            button.clicked.connect(partial(self.choose, lesson))
            self.choices[lesson.id] = button
        self.pager.add_grid(list(self.choices.values()), 2, stretch=False)
        self.pager.add_stretch()
        self.body.addWidget(self.pager, 1)

    def _words(self) -> str:
        return self.tr("Hello %1. Which lesson will the group do?").replace(
            "%1", self.volunteer.name
        )

    def title(self) -> str:
        return self.tr("Choose the lesson")

    def spoken_text(self) -> str:
        return self.message.text()

    def entered(self) -> None:
        self.ctx.say(self.message.text())

    def choose(self, lesson: Lesson) -> None:
        if self.busy:
            return
        self.busy = True
        store, volunteer = self.ctx.store, self.volunteer
        self.ctx.tasks.run(
            lambda: start_session(store, volunteer, lesson), self.started, self._not_started
        )

    def started(self, session: GroupSession) -> None:
        self.busy = False
        self.ctx.queued()
        self.nav.push(CheckInScreen(self.ctx, self.nav, session))

    def _not_started(self, error: BaseException) -> None:
        self.busy = False
        log.warning("a group session could not be started: %s", error)
        text = self.tr("The session could not be saved on this kiosk. Please tell staff.")
        self.pager.set_text(self.message, text)
        self.ctx.say(text)


def elder_names(session: GroupSession) -> str:
    """The elders checked in, their names masked, in the order they came."""
    return join_items([mask_name(elder.name) for elder in session.elders()])


class CheckInScreen(Screen):
    """Elders present show their card: its number on the pad (or the reader), then OK."""

    pauses_idle = True

    def __init__(self, ctx, nav, session: GroupSession) -> None:
        super().__init__(ctx, nav)
        self.session = session
        self.busy = False
        self.pager = Pager(ctx.theme)
        self.message = self.pager.add_text(self.tr("Elders, please show your card."), "heading")
        self.message.setObjectName("check_in_message")
        self.present = self.pager.add_text(self._present_words(), "")
        self.present.setObjectName("checked_in")
        self.start_button = BigButton(
            self.tr("Start the lesson"),
            ctx.theme,
            role="primary",
            description=self.tr("Show the first step to the elders checked in"),
        )
        self.start_button.setObjectName("start_lesson")
        self.start_button.clicked.connect(self.start_lesson)
        self.pager.add_block(self.start_button)
        self.pad = NumberPad(ctx.theme)
        self.pad.buttons["ok"].setAccessibleDescription(self.tr("Check in this card"))
        self.pad.sig_submitted.connect(self.submit)
        self.fit = PadBeside(self.pager, self.pad, ctx.theme)
        self.body.addWidget(self.fit, 1)
        self._update()

    def title(self) -> str:
        return self.tr("Check in")

    def spoken_text(self) -> str:
        return self.message.text()

    def entered(self) -> None:
        self.ctx.say(self.message.text())

    def _present_words(self) -> str:
        count = len(self.session.attendees)
        if not count:
            return self.tr("Nobody is checked in yet.")
        return (
            self.tr("Checked in (%1): %2")
            .replace("%1", str(count))
            .replace("%2", elder_names(self.session))
        )

    def _update(self) -> None:
        self.pager.set_text(self.present, self._present_words())
        self.start_button.setEnabled(bool(self.session.attendees))
        self.pager.relayout()

    def _say(self, text: str) -> None:
        self.pager.set_text(self.message, text)
        self.ctx.say(text)

    def submit(self, digits: str) -> None:
        if self.busy:
            return
        self.pad.clear()
        try:
            resident = find_by_card(self.ctx.store, digits)
        except InvalidCard:
            resident = None
        except Exception:  # a storage fault: said plainly, details in the log
            log.warning("a card could not be looked up", exc_info=True)
            self._say(self.tr("The card could not be checked on this kiosk. Please try again."))
            return
        if resident is None:
            self._say(self.tr("No resident has this card number. Please check it."))
            return
        self.busy = True
        store, session = self.ctx.store, self.session
        self.ctx.tasks.run(
            lambda: check_in(store, session, resident),
            partial(self.checked_in, resident),
            self._not_checked_in,
        )

    def checked_in(self, resident: Resident, new: bool) -> None:
        self.busy = False
        name = mask_name(resident.name)
        if new:
            self.ctx.queued()
            self._say(self.tr("Welcome, %1. Next card, please.").replace("%1", name))
        else:
            self._say(self.tr("%1 is already checked in.").replace("%1", name))
        self._update()

    def _not_checked_in(self, error: BaseException) -> None:
        self.busy = False
        log.warning("an elder could not be checked in: %s", error)
        self._say(self.tr("This check-in could not be saved on this kiosk. Please try again."))

    def start_lesson(self) -> None:
        from ui.learn.volunteer_pacing import GroupLessonScreen

        if self.session.attendees:
            self.nav.push(GroupLessonScreen(self.ctx, self.nav, self.session))
