"""The staff PIN pad: the way into the staff settings after the corner target.

The digits typed show as dots. A wrong PIN says how many tries are left; the fifth wrong one
locks the entry (1 minute, then 5, 15 ... : app.admin.pin) and the pad is put away until the
lock ends. The PIN is checked off the UI thread: the slow hash takes a fifth of a second.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, QLocale, QTimer

from app.admin.pin import ACCEPTED, LOCKED, MAX_DIGITS, NO_PIN, Attempt
from ui.layout.pager import Pager
from ui.screen import Screen
from ui.theme import Theme
from ui.widgets.numberpad import SecretPad
from ui.widgets.pad_beside import PadBeside

if TYPE_CHECKING:
    from ui.admin.part import AdminPart
    from ui.context import AppContext
    from ui.navigator import Navigator


class PinPad(SecretPad):
    """The staff PIN's pad, showing a dot for each digit typed."""

    def __init__(self, theme: Theme) -> None:
        super().__init__(theme, MAX_DIGITS)
        self.display.setObjectName("staff_pin")
        self.display.setAccessibleDescription(self.tr("Staff PIN, shown as dots"))
        self.buttons["ok"].setAccessibleDescription(self.tr("Open the staff settings"))


class PinScreen(Screen):
    def __init__(self, ctx: AppContext, nav: Navigator, part: AdminPart) -> None:
        super().__init__(ctx, nav)
        self.part = part
        self.busy = False
        self.pager = Pager(ctx.theme)
        self.message = self.pager.add_text("", "heading")
        self.message.setObjectName("pin_message")
        self.pad = PinPad(ctx.theme)
        self.pad.sig_submitted.connect(self.submit)
        # Beside the words where there is room, below them where there is not.
        self.fit = PadBeside(self.pager, self.pad, ctx.theme)
        self.body.addWidget(self.fit, 1)
        self._unlock = QTimer(self)
        self._unlock.setSingleShot(True)
        self._unlock.timeout.connect(self._refresh)
        self._refresh()

    def title(self) -> str:
        return self.tr("Staff settings")

    def spoken_text(self) -> str:
        return self.tr("Staff settings. Please type the staff PIN.")

    def _refresh(self) -> None:
        """Say what the PIN store says now (locked, no PIN, ready)."""
        pins = self.part.pins
        state = pins.state() if pins is not None else Attempt(NO_PIN)
        if state.outcome in (LOCKED, NO_PIN):
            self._show(state)
        else:
            self._say(self.tr("Type the staff PIN, then OK."), pad=True)

    def _say(self, text: str, *, pad: bool) -> None:
        self.pager.set_text(self.message, text)
        self.fit.set_pad_shown(pad)

    def submit(self, digits: str) -> None:
        pins = self.part.pins
        if self.busy or pins is None:
            return
        self.busy = True
        self.pad.clear()
        self.ctx.tasks.run(lambda: pins.check(digits), self._checked, self._failed)

    def _checked(self, attempt: Attempt) -> None:
        self.busy = False
        if attempt.outcome == ACCEPTED:
            from ui.admin.menu import StaffMenuScreen

            # Back from the settings goes home, not to the PIN.
            self.nav.show_after_home(StaffMenuScreen(self.ctx, self.nav, self.part))
            return
        self._show(attempt)

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self._say(
            self.tr("The PIN could not be checked. Please try again; details are in the log."),
            pad=True,
        )

    def _show(self, attempt: Attempt) -> None:
        if attempt.outcome == NO_PIN:
            self._say(
                self.tr(
                    "No staff PIN is set on this kiosk. Set one at the kiosk's console with:"
                    " python main.py --set-admin-pin"
                ),
                pad=False,
            )
        elif attempt.outcome == LOCKED:
            now = self.part.pins.clock() if self.part.pins is not None else time.time()
            until = QLocale().toString(
                QDateTime.fromSecsSinceEpoch(int(attempt.locked_until) + 1).time(),
                QLocale.FormatType.ShortFormat,
            )
            minutes = max(1, -(-attempt.seconds_locked(now) // 60))
            self._say(
                self.tr("Too many wrong PINs. The staff settings are locked until %1 (%2 min).")
                .replace("%1", until)
                .replace("%2", str(minutes)),
                pad=False,
            )
            self._unlock.start(max(1000, attempt.seconds_locked(now) * 1000))
        else:
            self._say(
                self.tr("Wrong PIN. %1 tries left.").replace("%1", str(attempt.tries_left)),
                pad=True,
            )
