"""The staff settings' part of the window: the hidden corner target, the PIN store, the staff
session's idle time, and applying and saving what staff change.

The way in is a corner elders do not meet by accident: five taps within three seconds on the
top-left 12 mm of the window (where the title is: there is nothing to tap there), then the
PIN. Nothing is drawn for it, so nothing lies over the title: the part watches the presses
the application delivers, as the idle watcher does.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, QTimer, Signal
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from app.admin.pin import PinStore
from app.admin.settings_file import SettingsNotSaved, save_settings
from app.idle import IdleClock
from ui import app_input
from ui.tasks import TaskRunner
from ui.theme import Theme

if TYPE_CHECKING:
    from sync.worker import SyncStatus
    from ui.context import AppContext
    from ui.navigator import Navigator
    from voice.audio_in import AudioSource
    from voice.audio_out import AudioSink

log = logging.getLogger("kiosk.admin")

CORNER_MM = 12.0
CORNER_TAPS = 5
CORNER_WINDOW_S = 3.0

_PRESSES = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)
_INPUT = (*_PRESSES, QEvent.Type.KeyPress)


class CornerTaps:
    """Counts taps in the corner: True on the fifth within three seconds (plain, no Qt)."""

    def __init__(self, taps: int = CORNER_TAPS, within_s: float = CORNER_WINDOW_S) -> None:
        self.taps, self.within_s = taps, within_s
        self._times: list[float] = []

    def tap(self, now: float) -> bool:
        self._times = [t for t in self._times if now - t < self.within_s] + [now]
        if len(self._times) >= self.taps:
            self._times = []
            return True
        return False

    def elsewhere(self) -> None:
        """A tap anywhere else starts the count again."""
        self._times = []


class AdminPart(QObject):
    """Owned by the window (``window.part("admin")``)."""

    sig_session_warning = Signal(int)
    """Seconds before the staff settings close for want of a touch (0: the warning is over)."""

    def __init__(
        self,
        ctx: AppContext,
        nav: Navigator,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(nav if isinstance(nav, QObject) else None)
        self.ctx, self.nav, self.clock = ctx, nav, clock
        self.pins: PinStore | None = PinStore(ctx.paths.data_dir) if ctx.paths else None
        self.corner = CornerTaps()
        self._last_press: tuple[int, float, float] | None = None
        # Staff work at the screens' idle time too: a forgotten admin screen goes home.
        self.idle = IdleClock(ctx.config.idle_signout_s, ctx.config.idle_warning_s, clock())
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.check_idle)
        self._warning = False
        # The sound tests run here, not on the store's runner: a recording takes seconds.
        self.sound = TaskRunner("admin-sound")
        self.open_microphone: Callable[[], AudioSource] = self._microphone
        self.sound_sink: AudioSink | None = None  # None: aplay, as the speaker uses
        self.last_contact: float | None = None
        """When the center last answered (wall clock), since this start."""
        ctx.sync.sig_status.connect(self._sync_status)
        app_input.watch(self)

    # -- the way in -----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _INPUT and self._timer.isActive():
            self.touch()
        if kind in _PRESSES and isinstance(watched, QWidget):
            self._pressed(event)
        return False

    def _pressed(self, event: Any) -> None:
        window = self.nav
        if not isinstance(window, QWidget) or not window.isVisible():
            return
        if event.type() == QEvent.Type.TouchBegin:
            points = event.points()
            if not points:
                return
            where: QPointF = points[0].globalPosition()
        else:
            where = event.globalPosition()
        # One press is offered to each widget it passes through: count it once.
        key = (int(event.timestamp()), where.x(), where.y())
        if key == self._last_press:
            return
        self._last_press = key
        local = window.mapFromGlobal(where.toPoint())
        size = self.ctx.theme.mm(CORNER_MM)
        if 0 <= local.x() < size and 0 <= local.y() < size:
            if self.corner.tap(self.clock()):
                log.info("staff corner tapped %d times", CORNER_TAPS)
                QTimer.singleShot(0, self.open_pin)
        else:
            self.corner.elsewhere()

    def open_pin(self) -> None:
        """The PIN screen, unless an emergency is on screen or staff are already in."""
        from ui.admin.base import AdminScreen

        current = self.nav.current()
        if current is None or current.pauses_idle or isinstance(current, AdminScreen):
            return
        self.nav.open_feature("admin")

    # -- the staff session ----------------------------------------------------------------------

    def staff_screen_shown(self) -> None:
        """An admin screen came up: the staff session's idle time runs."""
        self.idle = IdleClock(
            self.ctx.config.idle_signout_s, self.ctx.config.idle_warning_s, self.clock()
        )
        self._timer.start()

    def touch(self) -> None:
        self.idle.touch(self.clock())
        if self._warning:
            self._warning = False
            self.sig_session_warning.emit(0)

    def check_idle(self) -> None:
        from ui.admin.base import AdminScreen

        if not isinstance(self.nav.current(), AdminScreen):
            self._timer.stop()  # staff left the settings: nothing to time
            self._warning = False
            return
        now = self.clock()
        state = self.idle.state(now)
        if state == "expired":
            self._timer.stop()
            self._warning = False
            log.info("staff settings closed after %d s without a touch", self.idle.timeout_s)
            self.nav.home()
        elif state == "warning":
            self._warning = True
            self.sig_session_warning.emit(max(1, round(self.idle.seconds_left(now))))

    # -- what the center said -------------------------------------------------------------------

    def _sync_status(self, status: SyncStatus) -> None:
        if status.online:
            self.last_contact = time.time()

    # -- settings -------------------------------------------------------------------------------

    def change(self, key: str, value: object, saved: Callable[[str | None], None]) -> None:
        """Use ``value`` for ``key`` now, and keep it in the config file; ``saved(None)`` once
        it is kept, ``saved(reason)`` where it is not (it still holds until a restart)."""
        ctx = self.ctx
        ctx.config = ctx.config.with_changes(**{key: value})
        self.apply(key)
        log.info("staff changed %s to %r", key, value)
        if ctx.paths is None:
            saved(QCoreApplication.translate("Admin", "this terminal keeps no settings file"))
            return
        file = ctx.paths.config_file

        def failed(error: BaseException) -> None:
            log.error("the setting %s was not saved: %s", key, error)
            reason = str(error) if isinstance(error, SettingsNotSaved) else repr(error)
            saved(reason)

        ctx.tasks.run(lambda: save_settings(file, {key: value}), lambda _: saved(None), failed)

    def apply(self, key: str) -> None:
        """Make the kiosk use the config's value of ``key`` at once, where it can."""
        ctx, config, speaker = self.ctx, self.ctx.config, self.ctx.speaker
        if key == "speech_enabled":
            speaker.enabled = config.speech_enabled
        elif key == "speech_volume":
            speaker.volume = config.speech_volume
        elif key == "speech_rate":
            speaker.rate = config.speech_rate
        elif key == "voice_enabled" and isinstance(self.nav, QWidget):
            speak = self.nav.findChild(QWidget, "speak")
            if speak is not None:
                speak.setVisible(config.voice_enabled)
        elif key == "idle_signout_s":
            self.idle.timeout_s = config.idle_signout_s
            part = getattr(self.nav, "part", None)
            try:
                signin = part("signin") if part is not None else None
            except KeyError:
                signin = None
            if signin is not None:
                signin.idle.idle.timeout_s = config.idle_signout_s
        elif key == "font_scale":
            # A new theme: the style sheet's type sizes follow it at once, and every screen
            # is built again on it (the one on show by whoever asked for the change).
            ctx.theme = Theme.create(
                theme=config.theme,
                font_scale=config.font_scale,
                dpi=ctx.theme.dpi,
                family=ctx.theme.family,
            )
            if isinstance(self.nav, QWidget):
                self.nav.setStyleSheet(ctx.theme.stylesheet())
            self.nav.renew_home()
        # The SOS countdown is read when an SOS starts: the next one uses the new length.

    # -- sound ----------------------------------------------------------------------------------

    def _microphone(self) -> AudioSource:
        from voice.audio_in import ArecordSource

        return ArecordSource(self.ctx.config.voice_input_device)

    def close(self) -> None:
        """Stop watching (part of the one shutdown path)."""
        self.sound.shutdown()
        if not isValid(self):
            return  # the window went first, and its timer with it
        self._timer.stop()
        app_input.unwatch(self)
