"""The SOS countdown and the screen after an emergency was raised."""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.emergency import raise_sos
from ui.layout.items import COLUMNS, Shape
from ui.layout.pager import Pager
from ui.screen import Screen
from ui.widgets.buttons import BigButton
from ui.widgets.countdown import Countdown
from ui.widgets.phoneline import PhoneLine
from ui.widgets.placed import PlacesItsParts
from ui.widgets.statuschip import StatusChip
from ui.wording import storage_failure

log = logging.getLogger(__name__)


class ChipLine(PlacesItsParts, QWidget):
    """A status chip with words after it: beside it, or (a shape for the layout engine where
    a page is short of room) above them."""

    def __init__(self, chip: QWidget, words: QLabel, gap: int) -> None:
        super().__init__()
        self._chip, self._words, self._gap = chip, words, gap
        chip.setParent(self)
        words.setParent(self)
        self._above = False

    def _chip_size(self) -> QSize:
        return self._chip.sizeHint().expandedTo(self._chip.minimumSizeHint())

    def _height(self, width: int, above: bool) -> int:
        chip = self._chip_size()
        if above:
            return chip.height() + self._gap + self._words.heightForWidth(width)
        words = self._words.heightForWidth(max(1, width - chip.width() - self._gap))
        return max(chip.height(), words)

    def layout_shapes(self, width: int) -> list[Shape]:
        return [Shape(self._height(width, False)), Shape(self._height(width, True), COLUMNS)]

    def set_layout_shape(self, index: int) -> None:
        if (index == 1) != self._above:
            self._above = index == 1
            self._place()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._height(width, self._above)

    def sizeHint(self) -> QSize:
        chip = self._chip_size()
        width = chip.width() + self._gap + self._words.sizeHint().width()
        return QSize(width, self._height(width, False))

    def minimumSizeHint(self) -> QSize:
        chip = self._chip_size()
        width = max(chip.width(), self._words.minimumSizeHint().width())
        return QSize(width, chip.height())

    def _place(self) -> None:
        width, height = self.width(), self.height()
        chip = self._chip_size()
        if self._above:
            self._chip.setGeometry(0, 0, min(chip.width(), width), chip.height())
            top = chip.height() + self._gap
            self._words.setGeometry(0, top, width, max(0, height - top))
            return
        self._chip.setGeometry(0, (height - chip.height()) // 2, chip.width(), chip.height())
        left = chip.width() + self._gap
        self._words.setGeometry(left, 0, max(0, width - left), height)


class CountdownRow(PlacesItsParts, QWidget):
    """The number and its Cancel button side by side, as one line of the page, so the first
    page always shows both, whatever the type size and the language: the count is the one
    timed thing an elder meets. The number keeps its room; Cancel takes the rest of the
    width (a number too wide for what is left gives up some of its type, see Countdown)."""

    def __init__(self, countdown: Countdown, button: BigButton, gap: int, least: int) -> None:
        super().__init__()
        self._countdown, self._button = countdown, button
        self._gap, self._least = gap, least
        countdown.setParent(self)
        button.setParent(self)

    def _button_min_w(self) -> int:
        return max(self._button.minimumSizeHint().width(), self._button.minimumWidth())

    def _height(self) -> int:
        button = max(self._button.minimumSizeHint().height(), self._button.minimumHeight())
        return max(self._countdown.minimumSizeHint().height(), button, self._least)

    def sizeHint(self) -> QSize:
        width = self._countdown.sizeHint().width() + self._gap + self._button.sizeHint().width()
        return QSize(width, self._height())

    def minimumSizeHint(self) -> QSize:
        width = self._countdown.minimumSizeHint().width() + self._gap + self._button_min_w()
        return QSize(width, self._height())

    def _place(self) -> None:
        width, height = self.width(), self.height()
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
        self.cancel_button = BigButton(
            self.tr("Cancel, I am fine"),
            theme,
            role="primary",
            icon="status_cancelled",
            description=self.tr("Stop the emergency call"),
        )
        self.cancel_button.setObjectName("cancel_sos")
        self.cancel_button.setProperty("primary", True)
        self.cancel_button.clicked.connect(self.cancel)
        # The cancel target is far larger than the 20 mm floor: a shaking hand must hit it.
        # It shares the line of the number, so the first page always shows both.
        self.countdown_row = CountdownRow(
            self.countdown, self.cancel_button, theme.gap_px, theme.mm(24)
        )
        self.pager = Pager(theme)
        self.pager.add_stretch()
        # Room to spare makes the number's line (and so the Cancel target) higher too.
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
        self.countdown.stop()
        self.ctx.say(self.tr("Cancelled. No call was made."))
        self.nav.back()

    def show_raised(self, event) -> None:
        self.ctx.queued()
        self.nav.show_outcome(self, SosRaisedScreen(self.ctx, self.nav, event=event))

    def _fire(self) -> None:
        self.fired = True
        self.cancel_button.setEnabled(False)
        store, resident = self.ctx.store, self.ctx.session.resident
        self.ctx.tasks.run(
            lambda: raise_sos(store, resident, device_location=self.ctx.config.center_name),
            self.show_raised,
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
        self.center_line = PhoneLine(self.tr("Community center: %1"), config.center_phone, theme)
        self.emergency_line = PhoneLine(self.tr("Ambulance: %1"), config.emergency_number, theme)
        self.center_line.setObjectName("center_phone")
        self.emergency_line.setObjectName("emergency_number")
        # At large type a page turns between sentences, never inside one; the numbers to
        # phone come as soon as the message has asked for them.
        self.pager = Pager(theme)
        message = self.pager.add_text(self.message, "heading")
        if event is not None:
            self.chip = StatusChip("waiting", theme)
            # The chip with the words after it, beside it where they fit.
            self.pager.add_block(ChipLine(self.chip, self.label(detail), theme.gap_px))
        self.pager.add_block(self.center_line)
        self.pager.add_block(self.emergency_line)
        # "Phone now:" and the number it asks for on one page where they fit on one.
        self.pager.keep_together([message, self.center_line])
        if event is None:
            # What went wrong comes after the numbers: phoning comes first.
            self.detail = self.pager.add_text(detail)
        self.pager.add_stretch()
        self.body.addWidget(self.pager, 1)
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
