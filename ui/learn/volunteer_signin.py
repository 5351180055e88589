"""A volunteer signs in for a group session: their name from the list the center sends for
this kiosk, then their kiosk PIN on the number pad, checked by the center.

Without the center there is no session: the screen says so plainly, and offers to ask
again. The center is asked off the UI thread (sync.volunteering through ctx.sync).
"""

from __future__ import annotations

import logging
from functools import partial

from app.tutorials.sessions import VolunteerSignin
from ui.layout.pager import Pager
from ui.screen import Screen
from ui.widgets.buttons import BigButton
from ui.widgets.numberpad import SecretPad
from ui.widgets.pad_beside import PadBeside

PIN_DIGITS = 12  # a volunteer's kiosk PIN has 6 to 12 digits (checked by the center)

log = logging.getLogger(__name__)


def volunteer_desk(ctx):
    """The kiosk's desk for volunteers (sync.volunteering.VolunteerDesk), or None when this
    kiosk has no center."""
    return getattr(ctx.sync, "volunteer_desk", None)


ASKING = "asking"
NO_CENTER = "no_center"


class VolunteerNamesScreen(Screen):
    """Who is running the session? The names of this center's volunteers, to tap.

    ``names``: :data:`ASKING` while the center is asked (the screen asks when shown and is
    replaced by one with its answer), :data:`NO_CENTER` when it could not be, or the
    names."""

    pauses_idle = True

    def __init__(self, ctx, nav, names: list[str] | str = ASKING) -> None:
        super().__init__(ctx, nav)
        self.state = names
        self.pager = Pager(ctx.theme)
        self.message = self.pager.add_text(self._words(), "heading")
        self.message.setObjectName("volunteer_message")
        self.names: dict[str, BigButton] = {}
        buttons: list[BigButton] = []
        if isinstance(names, list):
            for name in names:
                button = BigButton(
                    name, ctx.theme, role="choice", description=self.tr("Sign in as this volunteer")
                )
                button.setObjectName("volunteer_name")
                button.clicked.connect(partial(self.choose, name))
                self.names[name] = button
            buttons = list(self.names.values())
        if names == NO_CENTER or names == []:
            self.retry = BigButton(
                self.tr("Try again"),
                ctx.theme,
                role="choice",
                description=self.tr("Ask the center again"),
            )
            self.retry.setObjectName("volunteer_retry")
            self.retry.clicked.connect(self.ask)
            buttons = [self.retry]
        if buttons:
            self.pager.add_grid(buttons, 2, stretch=False)
        self.pager.add_stretch()
        self.body.addWidget(self.pager, 1)

    def _words(self) -> str:
        if self.state == ASKING:
            return self.tr("Asking the center for its volunteers…")
        if self.state == NO_CENTER:
            return self.tr(
                "A group lesson needs the center, and this kiosk cannot reach it now."
                " Please try again later, or tell staff."
            )
        if not self.state:
            return self.tr(
                "No volunteer can sign in here yet. A volunteer sets a kiosk PIN in the"
                " center's console first."
            )
        return self.tr("Which volunteer are you?")

    def title(self) -> str:
        return self.tr("Group lesson")

    def spoken_text(self) -> str:
        return self.message.text()

    def entered(self) -> None:
        if self.state == ASKING:
            self.ask()
        else:
            self.ctx.say(self.message.text())

    def ask(self) -> None:
        desk = volunteer_desk(self.ctx)
        if desk is None:
            self.answered(NO_CENTER)
            return
        self.ctx.tasks.run(desk.volunteers, self.answered, self._failed)

    def _failed(self, error: BaseException) -> None:
        log.info("the center's volunteers could not be asked for: %s", error)
        self.answered(NO_CENTER)

    def answered(self, names: list[str] | str) -> None:
        if self.nav.current() is self:  # not if the volunteer went elsewhere meanwhile
            self.nav.replace(VolunteerNamesScreen(self.ctx, self.nav, names))

    def choose(self, name: str) -> None:
        self.nav.push(VolunteerPinScreen(self.ctx, self.nav, name))


class VolunteerPinScreen(Screen):
    """The volunteer's kiosk PIN on the number pad, shown as dots; checked by the center."""

    pauses_idle = True

    def __init__(self, ctx, nav, name: str) -> None:
        super().__init__(ctx, nav)
        self.name = name
        self.busy = False
        self.pager = Pager(ctx.theme)
        self.message = self.pager.add_text(self._ask_words(), "heading")
        self.message.setObjectName("pin_message")
        self.pad = SecretPad(ctx.theme, PIN_DIGITS)
        self.pad.display.setAccessibleDescription(self.tr("Kiosk PIN, shown as dots"))
        self.pad.buttons["ok"].setAccessibleDescription(self.tr("Sign in as a volunteer"))
        self.pad.sig_submitted.connect(self.submit)
        self.fit = PadBeside(self.pager, self.pad, ctx.theme)
        self.body.addWidget(self.fit, 1)

    def _ask_words(self) -> str:
        return self.tr("%1, please type your kiosk PIN, then OK.").replace("%1", self.name)

    def title(self) -> str:
        return self.tr("Volunteer sign-in")

    def spoken_text(self) -> str:
        return self.message.text()

    def say(self, text: str, *, pad: bool = True) -> None:
        self.pager.set_text(self.message, text)
        self.fit.set_pad_shown(pad)
        self.ctx.say(text)

    def submit(self, pin: str) -> None:
        desk = volunteer_desk(self.ctx)
        if self.busy:
            return
        self.pad.clear()
        if desk is None:
            self.refused("no_center", None)
            return
        self.busy = True
        self.pager.set_text(self.message, self.tr("Checking with the center…"))
        self.ctx.tasks.run(partial(desk.sign_in, self.name, pin), self.signed_in, self._failed)

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        reason = getattr(error, "reason", "no_center")
        log.info("volunteer sign-in refused (%s): %s", reason, error)
        self.refused(reason, getattr(error, "wait_s", None))

    def refused(self, reason: str, wait_s: float | None) -> None:
        """Say why the sign-in did not happen (sync.volunteering's reasons)."""
        if reason == "wrong_pin":
            self.say(self.tr("That PIN is not right. Please type it again."))
        elif reason == "locked":
            minutes = max(1, -(-int(wait_s or 60) // 60))
            self.say(
                self.tr("Too many wrong PINs. Please try again in %1 min.").replace(
                    "%1", str(minutes)
                ),
                pad=False,
            )
        elif reason == "not_volunteer":
            self.say(
                self.tr("This account is not a volunteer's. Please ask an administrator."),
                pad=False,
            )
        elif reason == "disabled":
            self.say(
                self.tr("This account is switched off. Please ask an administrator."), pad=False
            )
        elif reason == "kiosk_refused":
            self.say(
                self.tr("The center does not accept this kiosk now. Please tell staff."),
                pad=False,
            )
        else:
            self.say(
                self.tr(
                    "A group lesson needs the center, and this kiosk cannot reach it now."
                    " Please try again later."
                )
            )

    def signed_in(self, volunteer: VolunteerSignin) -> None:
        from ui.learn.volunteer_session import SessionLessonScreen

        self.busy = False
        # Back from the session's screens goes home, not to the PIN.
        self.nav.show_after_home(SessionLessonScreen(self.ctx, self.nav, volunteer))
