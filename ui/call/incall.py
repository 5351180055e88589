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

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.calls import RECONNECT_S, STALL_S, PageState, Progress, ending
from ui.call import words
from ui.layout.pager import Pager
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
        self.connected = False
        self.volume = 0.8
        self.progress = Progress(part.clock())
        theme = ctx.theme
        self.status = QLabel()
        self.status.setProperty("role", "heading")
        self.status.setWordWrap(True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.setObjectName("call_status")
        self.video = QWidget()
        self.video.setObjectName("call_video_area")
        self.video.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.video_layout = QVBoxLayout(self.video)
        self.video_layout.setContentsMargins(0, 0, 0, 0)
        self.camera_sign = QLabel("● " + self.tr("Camera on"))
        self.camera_sign.setProperty("role", "heading")
        self.camera_sign.setObjectName("camera_on")
        self.camera_sign.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hang_up_button = BigButton(
            self.tr("Hang up"),
            theme,
            role="sos",
            icon="phone",
            description=self.tr("End the video call"),
        )
        self.hang_up_button.setObjectName("hang_up")
        self.hang_up_button.clicked.connect(self.hang_up)
        self.quieter_button = BigButton(
            self.tr("Quieter"), theme, role="choice", description=self.tr("Turn the sound down")
        )
        self.quieter_button.setObjectName("volume_down")
        self.quieter_button.clicked.connect(lambda: self.change_volume(-VOLUME_STEP))
        self.louder_button = BigButton(
            self.tr("Louder"), theme, role="choice", description=self.tr("Turn the sound up")
        )
        self.louder_button.setObjectName("volume_up")
        self.louder_button.clicked.connect(lambda: self.change_volume(VOLUME_STEP))
        self.pager = Pager(theme)
        self.pager.add_block(self.status)
        self.pager.add_block(self.video, stretch=True)
        self.pager.add_block(self.camera_sign)
        self.pager.add_grid(
            [self.hang_up_button, self.quieter_button, self.louder_button], 3, stretch=False
        )
        self.pager.keep_together([self.status, self.hang_up_button])
        self.body.addWidget(self.pager, 1)
        self.pager.set_shown(self.camera_sign, False)
        self._set_volume_buttons(False)
        self._say_status(self._calling_words(), speak=False)
        self._check = QTimer(self)
        self._check.setInterval(CHECK_MS)
        self._check.timeout.connect(self.check_progress)

    def title(self) -> str:
        return self.tr("Video call with %1").replace("%1", self.peer_name)

    def _calling_words(self) -> str:
        if self.outgoing:
            return self.tr("Calling %1...").replace("%1", self.peer_name)
        return self.tr("Connecting...")

    def spoken_text(self) -> str:
        return self.status.text()

    def voice_commands(self) -> dict:
        return {} if self.finished else {"cancel": self.hang_up}

    def _say_status(self, text: str, *, speak: bool = True) -> None:
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
        reason = getattr(error, "reason", "no_center")
        message = getattr(error, "message", "")
        log.warning("the call could not start: %s", error)
        self._end(words.problem_sentence(reason, message, self.peer_name))

    # -- the page's news --------------------------------------------------------------------

    def page_changed(self, state: PageState) -> None:
        if self.finished:
            return
        now = self.part.clock()
        if state.kind == "connected":
            self.connected = True
            self.progress.moved(now, CONNECTED_LIMIT)
            self.pager.set_shown(self.camera_sign, True)
            self._set_volume_buttons(True)
            self._say_status(self.tr("Connected to %1").replace("%1", self.peer_name))
            if self.view is not None:
                self.view.set_volume(self.volume)
        elif state.kind == "reconnecting":
            self.progress.moved(now, RECONNECT_S + 15)
            self._say_status(self.tr("The network is poor; reconnecting..."))
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
            if self.connected
            else words.stalled(self.peer_name)
        )
        self._end(sentence, tell="hung_up" if self.connected or not self.outgoing else "cancelled")

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
        self._finish(tell="hung_up" if self.connected else "cancelled")
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
            self._finish(tell="hung_up" if self.connected else "cancelled")
            self._say_status(words.ended_sentence("you_hung_up", self.peer_name), speak=False)
            self.hang_up_button.hide()

    # -- the end ----------------------------------------------------------------------------

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
