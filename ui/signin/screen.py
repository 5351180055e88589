"""Kiosk sign-in: a card reader types the number and Enter, or the resident taps it in."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

from app.emergency import request_staff_help
from app.people import InvalidCard, Resident, find_by_card, mask_name
from ui.screen import Screen
from ui.widgets.buttons import BigButton
from ui.widgets.numberpad import MAX_DIGITS, NumberPad
from ui.wording import storage_failure


class SignInScreen(Screen):
    def __init__(self, ctx, nav, *, then: Callable[[], Screen] | None) -> None:
        super().__init__(ctx, nav)
        self.then = then
        theme = ctx.theme
        row = QHBoxLayout()
        row.setSpacing(theme.gap_px * 2)
        left = QVBoxLayout()
        left.setSpacing(theme.gap_px)
        left.addWidget(
            self.label(self.tr("Hold your service card to the reader, or type its number."))
        )
        self.number = QLabel("")
        self.number.setProperty("role", "vital")
        self.number.setObjectName("card_number")
        self.number.setAccessibleName(self.tr("Card number"))
        left.addWidget(self.number)
        self.message = self.label("", "heading")
        self.message.setObjectName("signin_message")
        left.addWidget(self.message)
        self.help_button = BigButton(
            self.tr("Ask staff for help"),
            theme,
            role="choice",
            icon="help",
            description=self.tr("Call a member of staff to this kiosk"),
        )
        self.help_button.setObjectName("ask_staff")
        self.help_button.clicked.connect(self.ask_staff)
        self.help_button.hide()
        left.addWidget(self.help_button)
        left.addStretch(1)
        row.addLayout(left, 1)
        self.pad = NumberPad(theme)
        self.pad.sig_changed.connect(self._show_digits)
        self.pad.sig_submitted.connect(self.submit)
        row.addWidget(self.pad, 1)
        self.body.addLayout(row, 1)
        self.busy = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def title(self) -> str:
        return self.tr("Sign in")

    def spoken_text(self) -> str:
        return self.tr("Please sign in. Hold your service card to the reader, or type its number.")

    def entered(self) -> None:
        self.setFocus()

    def _show_digits(self, digits: str) -> None:
        self.number.setText(" ".join(digits[i : i + 4] for i in range(0, len(digits), 4)))

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.pad.press("ok")
        elif key == Qt.Key.Key_Backspace:
            self.pad.press("del")
        elif event.text().isdigit() and len(self.pad.digits) < MAX_DIGITS:
            self.pad.press(event.text())
        else:
            super().keyPressEvent(event)

    def submit(self, digits: str) -> None:
        if self.busy:
            return
        self.busy = True
        store = self.ctx.store
        self.ctx.tasks.run(lambda: find_by_card(store, digits), self._found, self._failed)

    def _found(self, resident: Resident | None) -> None:
        self.busy = False
        if resident is None:
            self._complain(
                self.tr("This card is not known here. Please try again, or ask staff for help.")
            )
            self.help_button.show()
            return
        self.pad.clear()
        self.ctx.session.sign_in(resident)
        self.ctx.say(self.tr("Welcome, %1.").replace("%1", mask_name(resident.name)))
        if self.then is not None:
            self.nav.replace(self.then())
        else:
            self.nav.back()

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        if isinstance(error, InvalidCard):
            self._complain(self.tr("That is not a card number. Please try again."))
        else:
            self._complain(storage_failure(error, self.ctx.config.center_phone))
            self.help_button.show()

    def _complain(self, text: str) -> None:
        self.pad.clear()
        self.message.setText(text)
        self.message.setAccessibleName(text)
        self.ctx.say(text)

    def _staff_asked(self, _request_id: str) -> None:
        self.ctx.queued()
        self._complain(self.tr("Staff have been asked to come. Please wait here."))

    def ask_staff(self) -> None:
        store, place = self.ctx.store, self.ctx.config.center_name
        self.help_button.setEnabled(False)
        self.ctx.tasks.run(
            lambda: request_staff_help(store, "card not recognised", device_location=place),
            self._staff_asked,
            lambda error: self._complain(storage_failure(error, self.ctx.config.center_phone)),
        )
