"""A call in progress: "calling ..." while the center rings the other side, then the call
page (QtWebEngine, loaded now and not before) with the remote video filling the screen,
the kiosk's own big buttons (Hang up, Quieter, Louder) and a "camera on" sign while the
camera is on.

Nothing leaves the kiosk stuck here: a call that makes no progress for app.calls.STALL_S
ends itself, a lost connection that does not come back ends it, and leaving the screen (SOS
pressed, the resident signed out) hangs up. How a call ended is said on the screen after it,
with "Call back" for calls this kiosk made.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from app.calls import RECONNECT_S, STALL_S, PageState, Progress, ending
from ui.call import words
from ui.screen import Screen
from ui.widgets.buttons import BigButton

if TYPE_CHECKING:
    from sync.call_protocol import CallJoin
    from ui.call.part import CallPart
    from ui.call.web import CallView
    from ui.context import AppContext
    from ui.navigator import Navigator

log = logging.getLogger(__name__)
CHECK_MS = 1000
VOLUME_STEP = 0.2
CONNECTED_LIMIT = float("inf")  # a call that is on may last as long as the people want


class InCallScreen(Screen):
    """One call, from "calling" (or "connecting", for an answered one) to its end."""

    def __init__(
        self,
        ctx: AppContext,
        nav: Navigator,
        part: CallPart,
        *,
        peer_name: str,
        start: Callable[[], CallJoin],
        call_back: Callable[[], None] | None = None,
    ) -> None:
        self.peer_name = peer_name  # before the base class asks for the title
        super().__init__(ctx, nav)
        self.part = part
        self._start = start
        self.call_back = call_back  # given for calls this kiosk made
        self.outgoing = call_back is not None
        self.join: CallJoin | None = None
        self.view: CallView | None = None
        self.started = False
        self.finished = False
        self.hung_up = False  # by this kiosk
        self.connected = False  # the page says so now
        self.answered = False  # it was connected once: ending it is hanging up
        self.volume = 0.8
        self.progress = Progress(part.clock())
        theme = ctx.theme
        # The video takes every pixel the words and the buttons leave: no pages here.
        self.status = self.label("")
        self.status.setObjectName("call_status")
        # Big and with words, not a colour alone: the resident always knows the camera is on.
        self.camera_sign = self.label("● " + self.tr("Camera on"), "heading")
        self.camera_sign.setObjectName("camera_on")
        self.video = QWidget()
        self.video.setObjectName("call_video_area")
        self.video.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.video_layout = QVBoxLayout(self.video)
        self.video_layout.setContentsMargins(0, 0, 0, 0)
        self.hang_up_button = BigButton(
            self.tr("Hang up"),
            theme,
            role="sos",
            icon="phone",
            description=self.tr("End the video call"),
        )
        self.hang_up_button.setObjectName("hang_up")
        # The one thing to find in a hurry: the whole height the volume buttons leave.
        self.hang_up_button.setSizePolicy(
            QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding
        )
        self.hang_up_button.clicked.connect(self.hang_up)
        # Not primary actions: at the size of Back and Home, so the video keeps its room.
        self.quieter_button = BigButton(
            self.tr("Quieter"), theme, role="nav", description=self.tr("Turn the sound down")
        )
        self.quieter_button.setObjectName("volume_down")
        self.quieter_button.clicked.connect(lambda: self.change_volume(-VOLUME_STEP))
        self.louder_button = BigButton(
            self.tr("Louder"), theme, role="nav", description=self.tr("Turn the sound up")
        )
        self.louder_button.setObjectName("volume_up")
        for button in (self.quieter_button, self.louder_button):
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.louder_button.clicked.connect(lambda: self.change_volume(VOLUME_STEP))
        # The buttons stand in a column beside the video: in a row they would not fit a
        # tablet at large type, and the video keeps the whole height.
        buttons = QVBoxLayout()
        buttons.setSpacing(theme.gap_px)
        buttons.addWidget(self.hang_up_button, 1)
        volume = QHBoxLayout()
        volume.setSpacing(theme.gap_px)
        volume.addWidget(self.quieter_button)
        volume.addWidget(self.louder_button)
        buttons.addLayout(volume)
        # The words (or the camera sign) above the video, the buttons the whole height beside.
        seen = QVBoxLayout()
        seen.setSpacing(theme.gap_px)
        seen.addWidget(self.status)
        seen.addWidget(self.camera_sign)
        seen.addWidget(self.video, 1)
        middle = QHBoxLayout()
        middle.setSpacing(theme.gap_px)
        middle.addLayout(seen, 1)
        middle.addLayout(buttons)
        self.body.addLayout(middle, 1)
        self.camera_sign.hide()
        self._set_volume_buttons(False)
        self._say_status(self._calling_words(), speak=False)
        self._check = QTimer(self)
        self._check.setInterval(CHECK_MS)
        self._check.timeout.connect(self.check_progress)

    def title(self) -> str:
        return self.tr("Video call")

    def _calling_words(self) -> str:
        if self.outgoing:
            return self.tr("Calling %1...").replace("%1", self.peer_name)
        return self.tr("Connecting...")

    def spoken_text(self) -> str:
        return self.status.text()

    def voice_commands(self) -> dict:
        return {} if self.finished else {"cancel": self.hang_up}

    def _say_status(self, text: str, *, speak: bool = True) -> None:
        # The sign shows while the page says it is connected, the words at every other time:
        # one line of the screen, so the video keeps its room at the largest type.
        self.camera_sign.setVisible(self.connected and not self.finished)
        self.status.setVisible(not self.camera_sign.isVisibleTo(self))
        self.status.setText(text)
        self.status.setAccessibleName(text)
        if speak:
            self.ctx.say(text)

    def _set_volume_buttons(self, shown: bool) -> None:
        for button in (self.quieter_button, self.louder_button):
            button.setEnabled(shown)

    # -- starting ---------------------------------------------------------------------------

    def entered(self) -> None:
        if self.finished:
            return
        if not self.started:
            self.started = True
            self.ctx.say(self.status.text())
            self.progress.moved(self.part.clock(), STALL_S)
            self._check.start()
            self.ctx.tasks.run(self._start, self._joined, self._not_joined)

    def _joined(self, join: CallJoin) -> None:
        call_id = str(join.call_id)
        self.join = join
        if self.finished:
            # Hung up (or left) while the center was being asked: end the call made meanwhile.
            self._tell_center("cancelled" if self.outgoing else "hung_up")
            return
        self.part.board.started(call_id)
        self.progress.moved(self.part.clock(), STALL_S)
        try:
            desk = self.part.desk
            url = desk.page_url(join, self.ctx.language)
            view = self.part.open_view(desk.base_url)
        except Exception as error:
            log.error("the call page could not be opened", exc_info=error)
            self._end(words.no_video(), tell="cancelled" if self.outgoing else "hung_up")
            return
        self.view = view
        view.sig_state.connect(self.page_changed)
        view.sig_failed.connect(self._page_failed)
        self.video_layout.addWidget(view.widget)
        view.load(url)

    def _not_joined(self, error: BaseException) -> None:
        if self.finished:  # hung up or left meanwhile: nothing was started to end
            return
        reason = getattr(error, "reason", "no_center")
        message = getattr(error, "message", "")
        log.warning("the call could not start: %s (%s)", error, reason)
        self._end(words.problem_sentence(reason, message, self.peer_name))

    # -- the page's news --------------------------------------------------------------------

    def page_changed(self, state: PageState) -> None:
        if self.finished:
            return
        now = self.part.clock()
        if state.kind == "connected":
            self.connected = self.answered = True
            self.progress.moved(now, CONNECTED_LIMIT)
            self._set_volume_buttons(True)
            self._say_status(self.tr("Connected to %1").replace("%1", self.peer_name))
            if self.view is not None:
                self.view.set_volume(self.volume)
        elif state.kind == "reconnecting":
            self.connected = False  # the camera sign goes until the page is connected again
            self.progress.moved(now, RECONNECT_S + 15)
            self._say_status(self.tr("Poor network; reconnecting..."))
        elif state.kind == "waiting":
            self.progress.moved(now, STALL_S)
            self._say_status(self._calling_words(), speak=False)
        elif state.kind == "ended":
            outcome = "you_hung_up" if self.hung_up else ending(state.detail, None, "")
            if outcome == "ended" and state.detail == "hung_up":
                outcome = "they_hung_up"
            self._end(words.ended_sentence(outcome, self.peer_name))
        elif state.kind == "error":
            self._end(words.page_trouble(state.detail), tell="hung_up")

    def _page_failed(self, why: str) -> None:
        log.warning("call page: %s", why)
        if not self.finished:
            self._end(words.page_trouble("network"), tell="hung_up")

    def check_progress(self) -> None:
        """No progress for too long: the call ends itself, with a sentence."""
        if self.finished or not self.progress.stalled(self.part.clock()):
            return
        log.warning("the call with %s made no progress; ending it", self.peer_name)
        sentence = (
            words.ended_sentence("network", self.peer_name)
            if self.answered
            else words.stalled(self.peer_name)
        )
        self._end(sentence, tell=self._ending_reason())

    # -- the resident's buttons -------------------------------------------------------------

    def change_volume(self, step: float) -> None:
        self.volume = round(max(0.0, min(1.0, self.volume + step)), 2)
        if self.view is not None:
            self.view.set_volume(self.volume)
        self.ctx.say(self.tr("Volume %1 of 5").replace("%1", str(round(self.volume * 5))))

    def hang_up(self) -> None:
        if self.finished:
            return
        self.hung_up = True
        self._finish(tell=self._ending_reason())
        self.ctx.say(words.ended_sentence("you_hung_up", self.peer_name))
        if self.nav.current() is self:
            self.nav.back()

    def left(self) -> None:
        """Covered or replaced: SOS pressed, the resident signed out, or the call's end
        shown. A call still on is hung up, never left running behind another screen."""
        self._check.stop()
        if not self.finished:
            log.info("the call with %s was left; hanging up", self.peer_name)
            self.hung_up = True
            self._finish(tell=self._ending_reason())
            self._say_status(words.ended_sentence("you_hung_up", self.peer_name), speak=False)
            self.hang_up_button.hide()

    # -- the end ----------------------------------------------------------------------------

    def _ending_reason(self) -> str:
        """What the center is told when this kiosk ends the call: a caller gives up on a call
        never answered (cancelled); an answered call is hung up."""
        return "cancelled" if self.outgoing and not self.answered else "hung_up"

    def _end(self, sentence: str, *, tell: str | None = None) -> None:
        """The call is over (``tell``: the center is told so, where it may not know)."""
        self._finish(tell=tell)
        from ui.call.outcome import CallEndedScreen

        screen = CallEndedScreen(self.ctx, self.nav, sentence, call_back=self.call_back)
        if self.nav.current() is self:
            self.nav.replace(screen)
        else:
            self._say_status(sentence, speak=False)

    def _finish(self, *, tell: str | None) -> None:
        if self.finished:
            return
        self.finished = True
        self._check.stop()
        if self.view is not None:
            self.view.hangup()
            self.view.close()
            self.view = None
        if tell is not None:
            self._tell_center(tell)
        self.part.board.finished(None if self.join is None else str(self.join.call_id))

    def _tell_center(self, reason: str) -> None:
        desk, join = self.part.desk, self.join
        if desk is None or join is None:
            return
        call_id = str(join.call_id)

        def failed(error: BaseException) -> None:
            log.warning("the end of call %s was not told: %s", call_id, error)

        self.ctx.tasks.run(lambda: _end_at(desk, call_id, reason), None, failed)


def _end_at(desk: Any, call_id: str, reason: str) -> None:
    desk.end(call_id, reason)
