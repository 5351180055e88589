"""A call coming in: who is calling, in huge type, a loud ring, one giant green Answer and a
Decline; where the resident allowed it for this caller, a visible countdown before it answers
by itself (and Decline still there). A call the caller gave up on says who was missed for a
few seconds, then the screen goes back to what was there before.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from app.calls import MISSED_SHOWN_S, Ringing
from ui.layout.pager import Pager
from ui.screen import Screen
from ui.widgets.buttons import BigButton

if TYPE_CHECKING:
    from ui.call.part import CallPart
    from ui.context import AppContext
    from ui.navigator import Navigator

log = logging.getLogger(__name__)
TICK_MS = 200  # the countdown is read off the clock this often: a second never shows late


def initial(name: str) -> str:
    """The letter standing in for the caller's photo: the first of their name, after a
    relation word ("女儿 王丽" -> "王")."""
    words = name.split()
    return (words[-1] if words else name)[:1].upper() or "?"


class IncomingScreen(Screen):
    """Rings until answered, declined, missed, or covered by an emergency."""

    def __init__(self, ctx: AppContext, nav: Navigator, part: CallPart, ringing: Ringing) -> None:
        super().__init__(ctx, nav)
        self.part = part
        self.ringing = ringing
        self.call = ringing.call
        self.done = False  # answered, declined or missed: nothing more to do here
        theme = ctx.theme
        self.photo = QLabel(initial(self.call.caller_name))
        self.photo.setProperty("role", "vital")
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setAccessibleDescription(
            self.tr("Photo of %1").replace("%1", self.call.caller_name)
        )
        self.who = self.call.caller_name
        self.calling = self.tr("is calling you by video")
        self.answer_button = BigButton(
            self.tr("Answer"),
            theme,
            role="primary",
            icon="video",
            description=self.tr("Answer the video call; the camera turns on"),
        )
        self.answer_button.setObjectName("answer_call")
        self.answer_button.clicked.connect(self.answer)
        self.decline_button = BigButton(
            self.tr("Decline"),
            theme,
            role="decline",
            icon="status_cancelled",
            description=self.tr("Do not answer this call"),
        )
        self.decline_button.setObjectName("decline_call")
        self.decline_button.clicked.connect(self.decline)
        self.pager = Pager(theme)
        self.pager.add_block(self.photo, optional=True)
        name = self.pager.add_text(self.who, "heading")
        name.setObjectName("caller_name")
        name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        calling = self.pager.add_text(self.calling, optional=True)
        calling.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown_label: QLabel | None = None
        if self.call.auto_answer:
            self.countdown_label = self.pager.add_text(self._countdown_words())
            self.countdown_label.setObjectName("auto_answer_countdown")
            self.countdown_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pager.add_grid([self.answer_button, self.decline_button], 2, stretch=True)
        together: list[QWidget] = [self.photo, name, self.answer_button, self.decline_button]
        if self.countdown_label is not None:
            together.insert(2, self.countdown_label)
        self.pager.keep_together(together, one_page=True)
        self.body.addWidget(self.pager, 1)
        self._shown_left = self._left()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)

    def title(self) -> str:
        return self.tr("Video call")

    def _left(self) -> int | None:
        return self.ringing.auto_answer_left(self.part.clock())

    def _countdown_words(self) -> str:
        left = self._left()
        return self.tr("Answers by itself in %1 s; the camera will turn on").replace(
            "%1", str(left if left is not None else 0)
        )

    def spoken_text(self) -> str:
        parts = [f"{self.who} {self.calling}"]
        if self.countdown_label is not None:
            parts.append(self._countdown_words())
        else:
            parts.append(self.tr("Say yes or tap Answer."))
        return " ".join(parts)

    def voice_commands(self) -> dict:
        if self.done:
            return {}
        return {"yes": self.answer, "no": self.decline}

    def entered(self) -> None:
        if self.done:
            return
        self.ctx.say(self.spoken_text())
        self.part.ringer.start()
        self._timer.start()

    def left(self) -> None:
        self._timer.stop()
        self.part.ringer.stop()
        if not self.done:
            # Covered (an emergency, or the resident went elsewhere): the call is declined
            # rather than left ringing behind the screen.
            log.info("call %s declined: its screen was left", self.call.call_id)
            self._decline_at_center()

    def tick(self) -> None:
        """Read the clock: update the countdown, answer when it reaches zero, and give up
        once the call has rung as long as the center lets it."""
        if self.done:
            return
        now = self.part.clock()
        if self.ringing.rung_out(now):
            self.missed()
            return
        left = self.ringing.auto_answer_left(now)
        if left is not None and left != self._shown_left:
            self._shown_left = left
            if self.countdown_label is not None:
                self.pager.set_text(self.countdown_label, self._countdown_words())
        if self.ringing.auto_answer_due(now):
            log.info("call %s answered by itself (the resident allowed it)", self.call.call_id)
            self.answer()

    # -- what the resident does -------------------------------------------------------------

    def answer(self) -> None:
        from ui.call.incall import InCallScreen

        if self.done:
            return
        self.done = True
        self._timer.stop()
        self.part.ringer.stop()
        self.part.board.answered(self.call.call_id)
        call_id, part = self.call.call_id, self.part

        def start():
            desk = part.desk
            if desk is None:
                raise ConnectionError("this kiosk has no connection to a center")
            return desk.answer(call_id)

        self.nav.replace(
            InCallScreen(self.ctx, self.nav, self.part, peer_name=self.who, start=start)
        )

    def decline(self) -> None:
        if self.done:
            return
        self._decline_at_center()
        self.nav.back()

    def _decline_at_center(self) -> None:
        self.done = True
        self._timer.stop()
        self.part.ringer.stop()
        self.part.board.finished(self.call.call_id)
        desk, call_id = self.part.desk, self.call.call_id
        if desk is not None:
            self.ctx.tasks.run(
                lambda: desk.decline(call_id),
                None,
                lambda error: log.warning("the decline of %s was not told: %s", call_id, error),
            )

    def missed(self) -> None:
        """The caller gave up (or it rang out): say who was missed, briefly, in its place."""
        if self.done:
            return
        self.done = True
        self._timer.stop()
        self.part.ringer.stop()
        self.part.board.finished(self.call.call_id)
        if self.nav.current() is self:
            self.nav.replace(MissedCallScreen(self.ctx, self.nav, self.who))


class MissedCallScreen(Screen):
    """ "Missed call from ...", shown and said for a few seconds; then back."""

    def __init__(self, ctx: AppContext, nav: Navigator, who: str) -> None:
        super().__init__(ctx, nav)
        self.message = self.tr("Missed video call from %1").replace("%1", who)
        self.pager = Pager(ctx.theme)
        self.pager.add_stretch()
        label = self.pager.add_text(self.message, "heading")
        label.setObjectName("missed_call")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pager.add_stretch()
        self.body.addWidget(self.pager, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(MISSED_SHOWN_S * 1000)
        self._timer.timeout.connect(self._go_back)

    def title(self) -> str:
        return self.tr("Video call")

    def spoken_text(self) -> str:
        return self.message

    def entered(self) -> None:
        self.ctx.say(self.message)
        self._timer.start()

    def left(self) -> None:
        self._timer.stop()

    def _go_back(self) -> None:
        if self.nav.current() is self:
            self.nav.back()
