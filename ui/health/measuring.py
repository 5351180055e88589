"""Measuring one kind of reading with the kiosk's device: the steps in pictures and short
sentences (shown and read aloud), then the device's state in words as it goes (looking for
it, connected, measuring), and where it fails, what happened and what to do: measure again or
type the numbers in. Nothing is timed on the elder's side: the screen waits as long as the
device does, and Cancel, Back or Home stop it at any moment.

The device runs as an asyncio task on the Qt loop (ui/health/aio.py); its events arrive on
the UI thread. A reading is judged here and the result screen takes its place; a measurement
that fails or is stopped keeps nothing."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal

from app.devices.link import DeviceEvent, DeviceLink, DeviceState, open_link
from app.store import StoreError
from app.vitals import judge, targets_for
from ui.health.aio import NoEventLoop, start
from ui.health.steps import steps
from ui.health.widgets import StepRow
from ui.health.words import device_name, failure_words, kind_name, state_words
from ui.layout.pager import Pager
from ui.screen import Screen
from ui.widgets.buttons import WrapButton
from ui.wording import join_sentences

if TYPE_CHECKING:
    from app.devices import DeviceReading

log = logging.getLogger(__name__)
# States worth saying aloud as they come (the others pass in a moment or repeat the steps).
SPOKEN_STATES = (DeviceState.MEASURING, DeviceState.FAILED)


class MeasuringScreen(Screen):
    """The steps and the device's state for one kind of reading."""

    sig_state = Signal(str)
    """The device's state as shown (a DeviceState value)."""

    def __init__(
        self,
        ctx,
        nav,
        kind: str,
        *,
        link: DeviceLink | None = None,
        start_device: bool = True,
    ) -> None:
        """``link``: the device to use (by default the one the kiosk is set up for, see
        app.devices.link.open_link); ``start_device`` False leaves it alone (the gallery)."""
        self.kind = kind
        self.given_link = link
        super().__init__(ctx, nav)
        theme = ctx.theme
        self.start_device = start_device
        self.state = DeviceState.SEARCHING.value
        self.problem: str | None = None
        self.link: DeviceLink | None = None
        self.task: asyncio.Task | None = None
        self.started = False
        self.finished = False
        self.pager = Pager(theme)
        self.state_label = self.pager.add_text(state_words(kind, self.state), "heading")
        self.state_label.setObjectName("device_state")
        self.state_label.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.step_rows = [
            StepRow(index, picture, sentence, theme)
            for index, (picture, sentence) in enumerate(steps(kind), start=1)
        ]
        for row in self.step_rows:
            self.pager.add_block(row)
        self.pager.add_stretch()
        self.again_button = WrapButton(
            self.tr("Measure again"),
            theme,
            role="primary",
            description=self.tr("Try the device once more"),
        )
        self.again_button.setObjectName("measure_again")
        self.again_button.clicked.connect(self.measure_again)
        self.type_button = WrapButton(
            self.tr("Type the numbers in"),
            theme,
            role="choice",
            description=self.tr("Type the reading on a number pad instead"),
        )
        self.type_button.setObjectName("type_instead")
        self.type_button.clicked.connect(self.type_instead)
        # A plain button: Back stops the device as well, and the steps need the room.
        self.cancel_button = WrapButton(
            self.tr("Cancel"), theme, role="", description=self.tr("Stop measuring")
        )
        self.cancel_button.setObjectName("cancel_measuring")
        self.cancel_button.clicked.connect(self.cancel)
        self.buttons = [self.again_button, self.type_button, self.cancel_button]
        self.pager.add_grid(self.buttons, 3, stretch=False, natural=True)
        self.pager.set_shown(self.again_button, False)
        self.pager.set_shown(self.type_button, False)
        self.body.addWidget(self.pager, 1)

    def title(self) -> str:
        return kind_name(self.kind)  # short: the header of a tablet has little room

    def state_text(self) -> str:
        if self.state == DeviceState.FAILED.value:
            return failure_words(self.kind, self.problem or "")
        return state_words(self.kind, self.state)

    def spoken_text(self) -> str:
        sentences = [sentence for _, sentence in steps(self.kind)]
        if self.state == DeviceState.FAILED.value:
            return self.state_text()
        return join_sentences([self.title(), *sentences, self.state_text()])

    def voice_commands(self) -> dict:
        if self.state == DeviceState.FAILED.value:
            return {
                "yes": self.measure_again,
                "health.measure_again": self.measure_again,
                "health.type_in": self.type_instead,
                "cancel": self.cancel,
            }
        return {"cancel": self.cancel}

    def voice_phrases(self) -> dict:
        # The buttons' own words can be said ("再量一次", "手动输入读数").
        return {
            "health.measure_again": [self.again_button.text()],
            "health.type_in": [self.type_button.text()],
        }

    def action_labels(self) -> dict[str, str]:
        return {
            "yes": self.again_button.text(),
            "health.measure_again": self.again_button.text(),
            "health.type_in": self.type_button.text(),
            "cancel": self.cancel_button.text(),
        }

    # -- the device -------------------------------------------------------------------------

    def entered(self) -> None:
        self.ctx.say(self.spoken_text())
        if self.start_device and not self.started:
            self.begin()

    def left(self) -> None:
        # Home, Back or SOS: the device is let go; nothing half-measured is kept.
        if not self.finished:
            self.stop()

    def begin(self) -> None:
        """Start listening for the device (again)."""
        self.started = True
        self.finished = False
        self.problem = None
        self._show_state(DeviceState.SEARCHING.value, speak=False)
        try:
            self.link = self.given_link or open_link(self.kind, self.ctx.config)
        except Exception:  # a device set up wrongly is a staff matter, never a crash
            log.exception("the %s device could not be opened", self.kind)
            self.link = None
            self._fail("device_error")
            return
        if self.link is None:
            self._fail("no_device")
            return
        try:
            self.task = start(self._measure(self.link), name=f"measure {self.kind}")
        except NoEventLoop:
            log.error("no event loop for the %s device", self.kind)
            self._fail("device_error")

    async def _measure(self, link: DeviceLink) -> None:
        reading = await link.measure(self.kind, self.show_event)
        if reading is not None and not self.finished:
            self.finished = True
            self.show_reading(reading, link_name=self._device_label())

    def _device_label(self) -> str:
        return getattr(self, "_device_seen", "") or device_name(self.kind)

    def show_event(self, event: DeviceEvent) -> None:
        """A change of the device's state, in words (and aloud where it matters)."""
        if event.device_name:
            self._device_seen = event.device_name
        if event.state == DeviceState.FAILED:
            self._fail(event.problem or "device_error")
        elif event.state != DeviceState.DONE:
            self._show_state(event.state.value, speak=event.state in SPOKEN_STATES)

    def _fail(self, problem: str) -> None:
        self.problem = problem
        self.finished = True
        self._show_state(DeviceState.FAILED.value, speak=True)

    def _show_state(self, state: str, *, speak: bool) -> None:
        self.state = state
        failed = state == DeviceState.FAILED.value
        self.pager.set_text(self.state_label, self.state_text())
        # A failure says what to do next; its choices take the steps' place until then.
        for row in self.step_rows:
            self.pager.set_shown(row, not failed)
        self.pager.set_shown(self.again_button, failed and self.problem != "no_device")
        self.pager.set_shown(self.type_button, failed)
        self.sig_state.emit(state)
        if speak and self.isVisible():
            self.ctx.say(self.state_text())

    def show_reading(self, reading: DeviceReading, *, link_name: str = "") -> None:
        """Judge the reading and show it: the result screen takes this one's place."""
        from ui.health.result import ResultScreen

        resident = self.ctx.session.resident
        targets: tuple = ()
        if resident is not None:
            try:
                targets = targets_for(self.ctx.store, resident)
            except StoreError:
                log.warning("the resident's own targets could not be read", exc_info=True)
        judgement = judge(
            self.kind,
            reading.values,
            problems=reading.problems,
            meal=reading.meal,
            targets=targets,
        )
        screen = ResultScreen(
            self.ctx,
            self.nav,
            judgement,
            source="device",
            device=link_name,
            # The kiosk's clock, not the device's: a cuff's clock is seldom set.
            measured_at=None,
            meal=reading.meal,
            again=lambda: MeasuringScreen(self.ctx, self.nav, self.kind, link=self.given_link),
        )
        self.nav.show_outcome(self, screen)

    def stop(self) -> None:
        """Let the device go; nothing it sends from now on is kept."""
        self.finished = True
        link, task = self.link, self.task
        self.link = self.task = None
        if link is None:
            return
        try:
            start(link.stop(), name=f"stop {self.kind}")
        except NoEventLoop:
            if task is not None:
                task.cancel()

    # -- the elder's choices ----------------------------------------------------------------

    def cancel(self) -> None:
        self.stop()
        self.nav.back()

    def measure_again(self) -> None:
        self.stop()
        self.begin()
        self.ctx.say(self.spoken_text())

    def type_instead(self) -> None:
        from ui.health.typed import first_value_screen

        self.stop()
        self.nav.replace(first_value_screen(self.ctx, self.nav, self.kind))
