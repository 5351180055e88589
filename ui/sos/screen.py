"""The SOS countdown and the screen after an emergency was raised."""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer
from PySide6.QtWidgets import QWidget

from app.clock import utc_now
from app.emergency import (
    SosCall,
    direct_call,
    load_call,
    next_change,
    phase,
    raise_sos,
    received_directly,
    withdraw_event,
    withdraw_sos,
)
from app.store import StoreError
from ui.layout.items import COLUMNS, Shape
from ui.layout.pager import Pager
from ui.screen import Screen
from ui.widgets.buttons import BigButton, WrapButton
from ui.widgets.countdown import Countdown
from ui.widgets.phoneline import PhoneLine
from ui.widgets.placed import PlacesItsParts
from ui.wording import storage_failure

log = logging.getLogger(__name__)
DIRECT_RETRY_MS = 3000  # a call sent straight to the center is tried again this often


class CountdownRow(PlacesItsParts, QWidget):
    """The number and its Cancel button as one block of the page, so the first page always
    shows both, whatever the type size and the language: the count is the one timed thing an
    elder meets. Where the page has room the number stands centred above a Cancel as wide as
    the page; where it is short, side by side, the number keeping its room and Cancel taking
    the rest (a number too wide for what is left gives up some of its type, see Countdown)."""

    def __init__(self, countdown: Countdown, button: BigButton, gap: int, least: int) -> None:
        super().__init__()
        self._countdown, self._button = countdown, button
        self._gap, self._least = gap, least
        self._stacked = True
        countdown.setParent(self)
        button.setParent(self)

    def _button_min_w(self) -> int:
        return max(self._button.minimumSizeHint().width(), self._button.minimumWidth())

    def _button_h(self) -> int:
        button = max(self._button.minimumSizeHint().height(), self._button.minimumHeight())
        return max(button, self._least)

    def _number_h(self) -> int:
        return self._countdown.minimumSizeHint().height()

    def _height(self, stacked: bool) -> int:
        if stacked:
            return self._number_h() + self._gap + self._button_h()
        return max(self._number_h(), self._button_h())

    def layout_shapes(self, width: int) -> list[Shape]:
        # Side by side gives up the number's line of its own, as a grid gives up columns.
        return [Shape(self._height(True)), Shape(self._height(False), COLUMNS)]

    def set_layout_shape(self, index: int) -> None:
        if (index == 0) != self._stacked:
            self._stacked = index == 0
            self.updateGeometry()
            self._place()

    def sizeHint(self) -> QSize:
        width = max(self._countdown.sizeHint().width(), self._button.sizeHint().width())
        return QSize(width, self._height(self._stacked))

    def minimumSizeHint(self) -> QSize:
        width = self._countdown.minimumSizeHint().width() + self._gap + self._button_min_w()
        return QSize(width, self._height(False))

    def _place(self) -> None:
        width, height = self.width(), self.height()
        if self._stacked:
            # Room to spare goes to the Cancel target, under a number of its own height.
            number_h = self._number_h()
            self._countdown.setGeometry(0, 0, width, number_h)
            top = number_h + self._gap
            self._button.setGeometry(0, top, width, max(0, height - top))
            return
        room = width - self._gap - self._button_min_w()
        number_w = max(self._countdown.minimumSizeHint().width(), room)
        number_w = min(number_w, self._countdown.sizeHint().width())
        self._countdown.setGeometry(0, 0, number_w, height)
        left = number_w + self._gap
        self._button.setGeometry(left, 0, max(0, width - left), height)


class SosCountdownScreen(Screen):
    """Counts down (default 5 s, set by staff); Cancel, Back or Home stop it."""

    pauses_idle = True

    def __init__(self, ctx, nav) -> None:
        super().__init__(ctx, nav)
        theme = ctx.theme
        self.countdown = Countdown(ctx.config.sos_countdown_s, theme=theme)
        self.countdown.sig_tick.connect(self._tick)
        self.countdown.sig_finished.connect(self._fire)
        # A heavy outline and no colour: stopping never looks like the green of going ahead.
        self.cancel_button = BigButton(
            self.tr("Cancel, I am fine"),
            theme,
            role="stop",
            icon="status_cancelled",
            description=self.tr("Stop the emergency call"),
        )
        self.cancel_button.setObjectName("cancel_sos")
        self.cancel_button.clicked.connect(self.cancel)
        # The cancel target is far larger than the 20 mm floor: a shaking hand must hit it.
        # It shares a block with the number, so the first page always shows both.
        self.countdown_row = CountdownRow(
            self.countdown, self.cancel_button, theme.gap_px, theme.mm(24)
        )
        self.pager = Pager(theme)
        self.pager.add_stretch()
        # Room to spare makes the Cancel target higher too.
        self.pager.add_block(self.countdown_row, stretch=True)
        # At large type a page turns between its sentences (one in both languages today).
        self.explain = self.pager.add_text(
            self.tr("Calling for help when the count reaches zero."), "heading"
        )
        self.explain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pager.add_stretch()
        self.body.addWidget(self.pager, 1)
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
        """Stopped in time: say so where the elder lands, in words as well as by voice."""
        if self.fired:
            return
        self.countdown.stop()
        self.nav.replace(SosCancelledScreen(self.ctx, self.nav))

    def show_raised(self, event) -> None:
        self.ctx.queued()
        call = load_call(self.ctx.store, event.id) or SosCall(event.id, event.created_at)
        self.nav.show_outcome(self, SosCallScreen(self.ctx, self.nav, call))

    def _not_saved(self, error: BaseException) -> None:
        """The call could not be written here: it goes straight to the center instead."""
        log.error("the emergency call could not be saved here; sending it directly", exc_info=error)
        resident = self.ctx.session.resident
        call, event = direct_call(resident, device_location=self.ctx.config.center_name)
        screen = SosCallScreen(self.ctx, self.nav, call, direct_event=event, error=error)
        self.nav.show_outcome(self, screen)

    def _fire(self) -> None:
        self.fired = True
        self.cancel_button.setEnabled(False)
        store, resident = self.ctx.store, self.ctx.session.resident
        self.ctx.tasks.run(
            lambda: raise_sos(store, resident, device_location=self.ctx.config.center_name),
            self.show_raised,
            self._not_saved,
        )


class SosCancelledScreen(Screen):
    """After Cancel: no call was made, shown and said where the elder lands."""

    def __init__(self, ctx, nav) -> None:
        super().__init__(ctx, nav)
        self.message = self.tr("Cancelled. No call for help was made.")
        self.hint = self.tr("If you need help after all, press SOS.")
        self.ok_button = BigButton(self.tr("OK"), ctx.theme, role="primary", icon="status_done")
        self.ok_button.setObjectName("sos_cancelled_ok")
        # Back to what the elder was doing: the countdown this replaced is not on the way.
        self.ok_button.clicked.connect(nav.back)
        self.pager = Pager(ctx.theme)
        self.pager.add_stretch()
        message = self.pager.add_text(self.message, "heading")
        self.pager.add_text(self.hint)
        self.pager.add_block(self.ok_button)
        self.pager.keep_together([message, self.ok_button])
        self.pager.add_stretch()
        self.body.addWidget(self.pager, 1)

    def title(self) -> str:
        return self.tr("Call cancelled")

    def spoken_text(self) -> str:
        return f"{self.message} {self.hint}"

    def entered(self) -> None:
        self.ctx.say(self.spoken_text())

    def voice_commands(self) -> dict:
        return {"yes": self.nav.back}


def _named(who: str | None) -> str:
    return who or QCoreApplication.translate("SosCallScreen", "A staff member")


# Phases whose first words are the numbers to phone: nothing has reached a person.
PHONE_FIRST = ("not_received", "unanswered")
REPEAT_MS = 30_000  # how often a call nobody has taken is said again


class SosCallScreen(Screen):
    """An emergency call after the countdown: what is true about it, kept current as the
    center answers (app.emergency.phase), the numbers to phone, what to do meanwhile, and
    "I am fine" to withdraw a false alarm."""

    pauses_idle = True

    def __init__(
        self,
        ctx,
        nav,
        call: SosCall,
        *,
        direct_event: dict | None = None,
        error: BaseException | None = None,
    ) -> None:
        self.call = call
        self.direct_event = direct_event
        self.error = error
        super().__init__(ctx, nav)
        self.phase = ""
        self._shown: tuple = ()
        self.pager: Pager | None = None
        self._sending = False
        self._clock = QTimer(self)
        self._clock.setSingleShot(True)
        self._clock.timeout.connect(self.refresh)
        self._repeat = QTimer(self)
        self._repeat.setInterval(REPEAT_MS)
        self._repeat.timeout.connect(self._say_again)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._send_direct)
        self.refresh(speak=False)
        ctx.sync.sig_changes.connect(self._changed)
        if direct_event is not None:
            self._send_direct()

    # -- what is true ---------------------------------------------------------------------

    def refresh(self, speak: bool = True) -> None:
        """Show (and, when it changed, say) what is true about the call now."""
        now = utc_now()
        current = phase(self.call, now)
        call = self.call
        shown = (current, call.step, call.acknowledged_by, call.action, call.withdraw_received)
        if shown != self._shown:
            self._shown = shown
            self.phase = current
            self._build()
            if speak:
                self.ctx.say(self.spoken_text())
            if current in PHONE_FIRST:
                self._repeat.start()
            else:
                self._repeat.stop()
        wait = next_change(self.call, now)
        if wait is not None:
            self._clock.start(int(wait * 1000) + 50)

    def _changed(self, changes) -> None:
        if self.call.direct or self.call.id not in changes.sos:
            return
        try:
            found = load_call(self.ctx.store, self.call.id)
        except StoreError:
            log.warning("the emergency call could not be read back", exc_info=True)
            return
        if found is not None:
            self.call = found
            self.refresh()

    def _say_again(self) -> None:
        if self.isVisible():
            self.ctx.say(self.spoken_text())

    # -- sent straight to the center --------------------------------------------------------

    def _send_direct(self) -> None:
        event = self.direct_event
        if event is None or self.call.received or self._sending:
            return
        self._sending = True
        sync = self.ctx.sync
        self.ctx.tasks.run(lambda: sync.send_direct([event]), self._sent, self._not_sent)

    def _sent(self, results: list) -> None:
        self._sending = False
        answer = next((r for r in results if r.get("status") == "applied"), None)
        if answer is None:
            self._not_sent(RuntimeError(f"the center did not apply the call: {results!r}"))
            return
        self.call = received_directly(self.call, answer.get("result") or {}, utc_now())
        self.refresh()

    def _not_sent(self, error: BaseException) -> None:
        self._sending = False
        log.warning("the emergency call did not reach the center yet: %s", error)
        self._retry.start(DIRECT_RETRY_MS)

    def call_words(self) -> tuple[str, str]:
        """The heading and the sentence under it for the call in its phase: never more than the
        center has answered."""
        call, now_phase = self.call, self.phase
        if now_phase == "withdrawn":
            detail = (
                self.tr("The center knows you are fine.")
                if call.withdraw_received
                else self.tr("Telling the center...")
            )
            return self.tr("You said you are fine."), detail
        if now_phase == "answered":
            template = {
                "on_the_way": self.tr("%1 is on the way."),
                "phoning": self.tr("%1 is phoning you."),
                "coming_to_kiosk": self.tr("%1 is coming to this kiosk."),
            }.get(call.action or "", self.tr("%1 has taken your call."))
            return template.replace("%1", _named(call.acknowledged_by)), self.tr(
                "Stay where you are. If you can, unlock the door."
            )
        if now_phase == "unanswered":
            detail = {
                "all_staff": self.tr("The center has alerted all of its staff."),
                # The center records this step, but keeps no contacts to call yet: the kiosk
                # says only what every staff socket was sent.
                "contacts": self.tr("The center has alerted all of its staff again."),
            }.get(call.step or "", self.tr("This kiosk keeps waiting for an answer."))
            return self.tr("No one at the center has answered yet."), detail
        if now_phase == "not_received":
            return (
                self.tr("The center has not received your call yet."),
                self.tr("This kiosk keeps trying to reach the center."),
            )
        if now_phase == "received":
            if call.direct:
                return self.tr("The center has your call."), self.tr(
                    "This kiosk cannot show who answers. If you can, phone the center."
                )
            return self.tr("The center has your call."), self.tr(
                "Waiting for a staff member to answer."
            )
        if call.direct:
            return self.tr("Calling the center..."), self.tr(
                "This kiosk cannot save right now, so your call goes straight to the center."
            )
        return self.tr("Calling the center..."), self.tr(
            "Your call is saved on this kiosk and being sent."
        )

    # -- the page -------------------------------------------------------------------------

    def _build(self) -> None:
        theme, config = self.ctx.theme, self.ctx.config
        if self.pager is not None:
            self.body.removeWidget(self.pager)
            self.pager.hide()
            self.pager.deleteLater()
        self.message, self.detail_text = self.call_words()
        self.center_line = PhoneLine(self.tr("Community center: %1"), config.center_phone, theme)
        self.emergency_line = PhoneLine(self.tr("Ambulance: %1"), config.emergency_number, theme)
        self.center_line.setObjectName("center_phone")
        self.emergency_line.setObjectName("emergency_number")
        self.meanwhile = self.tr("Stay where you are. If you can, unlock the door.")
        self.phone_now = self.tr("Phone now:")
        self.withdraw_button: BigButton | None = None
        pager = Pager(theme)
        message = pager.add_text(self.message, "heading")
        message.setObjectName("sos_message")
        if self.phase in PHONE_FIRST:
            # Nothing has reached a person: the numbers come next, on one page with the
            # words asking for them (the page after the news, where it is that small).
            # The words may give way where the page is too small for them and the number
            # together (200 % type on a tablet): the number itself says whom it reaches.
            ask = pager.add_text(self.phone_now, "heading", optional=True)
            pager.add_block(self.center_line)
            pager.add_block(self.emergency_line)
            pager.keep_together([message, ask, self.center_line])
            pager.keep_together([ask, self.center_line], one_page=True)
            self.detail = pager.add_text(self.detail_text)
        else:
            self.detail = pager.add_text(self.detail_text)
            pager.keep_together([message, self.detail])
            if self.phase not in ("answered", "withdrawn"):
                pager.add_text(self.meanwhile)
            if self.phase != "withdrawn":
                pager.add_grid([self.center_line, self.emergency_line], 2, stretch=False)
        if self.phase != "withdrawn":
            # Plain, not the heavy outline of Cancel: the call for help stays the page's subject.
            self.withdraw_button = BigButton(
                self.tr("I am fine, cancel the call"),
                theme,
                icon="status_cancelled",
                description=self.tr("Tell the center this was a false alarm"),
            )
            self.withdraw_button.setObjectName("withdraw_sos")
            self.withdraw_button.clicked.connect(self.ask_withdraw)
            pager.add_block(self.withdraw_button)
        pager.add_stretch()
        self.pager = pager
        self.body.addWidget(pager, 1)
        if self.isVisible():
            pager.show()

    def title(self) -> str:
        return self.tr("Emergency call")

    def spoken_text(self) -> str:
        parts = [self.message]
        if self.phase in PHONE_FIRST:
            parts += [
                self.phone_now,
                self.center_line.text(),
                self.emergency_line.text(),
                self.detail_text,
            ]
        else:
            parts.append(self.detail_text)
            if self.phase not in ("answered", "withdrawn"):
                parts.append(self.meanwhile)
        return " ".join(parts)

    def entered(self) -> None:
        self.ctx.say(self.spoken_text())

    def voice_commands(self) -> dict:
        return {}

    # -- a false alarm --------------------------------------------------------------------

    def ask_withdraw(self) -> None:
        self.nav.push(SosWithdrawScreen(self.ctx, self.nav, self))

    def withdraw(self) -> None:
        """The resident is fine: saved and sent ahead of everything but other calls."""
        now = utc_now()
        if self.call.direct:
            self.direct_event = withdraw_event(self.call, now=now)
            self.call = replace(self.call, withdrawn_at=now)
            sync = self.ctx.sync
            event = self.direct_event

            def told(results: list) -> None:
                if any(r.get("status") == "applied" for r in results):
                    self.call = replace(self.call, withdraw_received=True)
                    self.refresh()

            self.ctx.tasks.run(lambda: sync.send_direct([event]), told, lambda error: None)
            self.refresh()
            return
        store, call_id = self.ctx.store, self.call.id

        def saved(_result: object) -> None:
            self.ctx.queued()
            found = load_call(self.ctx.store, call_id)
            if found is not None:
                self.call = found
            self.refresh()

        def failed(error: BaseException) -> None:
            log.error("the withdrawal could not be saved", exc_info=error)
            self.ctx.say(storage_failure(error, self.ctx.config.center_phone))

        self.ctx.tasks.run(lambda: withdraw_sos(store, call_id, now=now), saved, failed)


class SosWithdrawScreen(Screen):
    """Asks once before a call for help is withdrawn: a tap by accident must not stand
    anyone down."""

    pauses_idle = True

    def __init__(self, ctx, nav, call_screen: SosCallScreen) -> None:
        super().__init__(ctx, nav)
        self.call_screen = call_screen
        theme = ctx.theme
        self.question = self.tr("Tell the center you are fine?")
        # "No" first and green: staying with the call is the safe answer.
        self.no_button = WrapButton(self.tr("Help me"), theme, role="primary")
        self.yes_button = WrapButton(self.tr("Yes, I'm fine"), theme, role="choice")
        self.yes_button.setObjectName("withdraw_yes")
        self.no_button.setObjectName("withdraw_no")
        self.yes_button.clicked.connect(self.confirm)
        self.no_button.clicked.connect(nav.back)
        self.pager = Pager(theme)
        self.pager.add_stretch()
        heading = self.label(self.question, "heading")
        self.pager.add_question(
            heading, [self.no_button, self.yes_button], 2, stretch=False, natural=True
        )
        self.pager.add_stretch()
        self.body.addWidget(self.pager, 1)

    def title(self) -> str:
        return self.tr("Emergency call")

    def spoken_text(self) -> str:
        return self.question

    def entered(self) -> None:
        self.ctx.say(self.spoken_text())

    def voice_commands(self) -> dict:
        return {"yes": self.confirm, "no": self.nav.back}

    def confirm(self) -> None:
        self.nav.back()
        self.call_screen.withdraw()
