"""The SOS countdown and the screen after an emergency was raised."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout

from app.emergency import raise_sos
from ui.screen import Screen
from ui.widgets.buttons import BigButton
from ui.widgets.countdown import Countdown
from ui.widgets.statuschip import StatusChip
from ui.wording import storage_failure

log = logging.getLogger(__name__)


class SosCountdownScreen(Screen):
    """Counts down (default 5 s, set by staff); Cancel, Back or Home stop it."""

    pauses_idle = True

    def __init__(self, ctx, nav) -> None:
        super().__init__(ctx, nav)
        theme = ctx.theme
        self.countdown = Countdown(ctx.config.sos_countdown_s)
        self.countdown.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown.sig_tick.connect(self._tick)
        self.countdown.sig_finished.connect(self._fire)
        self.explain = self.label(
            self.tr("Calling for help when the count reaches zero."), "heading"
        )
        self.explain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cancel_button = BigButton(
            self.tr("Cancel, I am fine"),
            theme,
            role="primary",
            icon="status_cancelled",
            description=self.tr("Stop the emergency call"),
        )
        self.cancel_button.setObjectName("cancel_sos")
        self.cancel_button.setProperty("primary", True)
        # The cancel target is far larger than the 20 mm floor: a shaking hand must hit it.
        self.cancel_button.setMinimumHeight(theme.mm(24))
        self.cancel_button.clicked.connect(self.cancel)
        self.body.addWidget(self.explain)
        self.body.addWidget(self.countdown, 1)
        self.body.addWidget(self.cancel_button)
        self.fired = False

    def title(self) -> str:
        return self.tr("Emergency call")

    def spoken_text(self) -> str:
        return self.tr("Calling for help in %1 seconds. Tap Cancel to stop.").replace(
            "%1", str(self.countdown.remaining)
        )

    def entered(self) -> None:
        if not self.countdown.running and not self.fired:
            self.countdown.start()

    def left(self) -> None:
        self.countdown.stop()

    def voice_commands(self) -> dict:
        if self.fired:
            return {}
        # "Cancel" and "no" stop the call. Nothing by voice makes it sooner: the countdown
        # speaks its numbers while the microphone is open, and 四 (four) sounds like 是 (yes).
        return {"cancel": self.cancel, "no": self.cancel}

    def _tick(self, remaining: int) -> None:
        if remaining == self.ctx.config.sos_countdown_s:
            self.ctx.say(self.spoken_text())
        else:
            self.ctx.say(str(remaining))

    def cancel(self) -> None:
        self.countdown.stop()
        self.ctx.say(self.tr("Cancelled. No call was made."))
        self.nav.back()

    def _raised(self, event) -> None:
        self.ctx.queued()
        self.nav.show_outcome(self, SosRaisedScreen(self.ctx, self.nav, event=event))

    def _fire(self) -> None:
        self.fired = True
        self.cancel_button.setEnabled(False)
        store, resident = self.ctx.store, self.ctx.session.resident
        self.ctx.tasks.run(
            lambda: raise_sos(store, resident, device_location=self.ctx.config.center_name),
            self._raised,
            lambda error: self.nav.show_outcome(
                self, SosRaisedScreen(self.ctx, self.nav, error=error)
            ),
        )


class SosRaisedScreen(Screen):
    """Help is called: the numbers to phone, and whether the alarm has left the kiosk."""

    pauses_idle = True

    def __init__(self, ctx, nav, *, event=None, error: BaseException | None = None) -> None:
        self.sos_event = event
        self.error = error
        super().__init__(ctx, nav)
        theme = ctx.theme
        config = ctx.config
        if error is not None:
            log.error("SOS could not be saved", exc_info=error)
            self.message = self.tr("The alarm could not be sent from this kiosk. Phone now:")
            detail = storage_failure(error, config.center_phone)
        else:
            self.message = self.tr("Help is called. The center has been alerted.")
            detail = self.tr("If you can, also phone:")
        self.body.addWidget(self.label(self.message, "heading"))
        detail_row = QHBoxLayout()
        detail_row.setSpacing(theme.gap_px)
        if event is not None:
            self.chip = StatusChip("waiting", theme)
            detail_row.addWidget(self.chip)
        detail_row.addWidget(self.label(detail), 1)
        self.body.addLayout(detail_row)
        numbers = QFrame()
        numbers.setProperty("role", "panel")
        column = QVBoxLayout(numbers)
        column.setContentsMargins(theme.mm(4), theme.mm(1), theme.mm(4), theme.mm(1))
        column.setSpacing(0)
        self.center_line = self.label(
            self.tr("Community center: %1").replace("%1", config.center_phone), "phone"
        )
        self.emergency_line = self.label(
            self.tr("Ambulance: %1").replace("%1", config.emergency_number), "phone"
        )
        self.center_line.setObjectName("center_phone")
        self.emergency_line.setObjectName("emergency_number")
        column.addWidget(self.center_line)
        column.addWidget(self.emergency_line)
        self.body.addWidget(numbers)
        self.body.addStretch(1)
        ctx.sync.sig_changes.connect(self._changed)

    def _changed(self, changes) -> None:
        if self.sos_event is None or self.sos_event.id not in changes.sos:
            return
        state = changes.sos[self.sos_event.id]
        if state == "sent":
            self.chip.set_status("sent")
            self.ctx.say(self.tr("The center has received your call for help."))
        elif state == "acknowledged":
            self.chip.set_status("accepted")
            self.ctx.say(self.tr("Staff are dealing with your call for help."))

    def title(self) -> str:
        return self.tr("Help is called")

    def spoken_text(self) -> str:
        return " ".join([self.message, self.center_line.text(), self.emergency_line.text()])

    def entered(self) -> None:
        self.ctx.say(self.spoken_text())
