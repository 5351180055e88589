"""Kiosk sign-in: a card reader types the number and Enter, or the resident taps it in.

Where there is room the number pad stands beside the words; where there is not (large type on
a tablet) it goes below them on the same pager, always whole on one page. The words are one
block per sentence, newest first: what just happened, then how to sign in."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtWidgets import QLabel

from app.emergency import request_staff_help
from app.people import InvalidCard, Resident, find_by_card, mask_name
from ui.layout.pager import Pager
from ui.screen import Screen
from ui.widgets.buttons import BigButton
from ui.widgets.numberpad import FIVES, MAX_DIGITS, PHONE, ROW, SPAN, NumberPad
from ui.wording import sentences, storage_failure

# Beside the pad the words keep at least this share of the width.
WORDS_SHARE = 0.4


class Message:
    """What just happened (an unknown card, a typo, staff called), shown one sentence a block."""

    def __init__(self) -> None:
        self._text = ""

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        self._text = text


class SignInScreen(Screen):
    def __init__(self, ctx, nav, *, then: Callable[[], Screen] | None) -> None:
        super().__init__(ctx, nav)
        self.then = then
        theme = ctx.theme
        self.intro = [
            self.label(sentence)
            for sentence in sentences(
                self.tr("Hold your service card to the reader, or type its number.")
            )
        ]
        self.message = Message()
        self.message_labels: list[QLabel] = []
        self._help_wanted = False  # once a card was not found, help stays at hand
        self.help_button = BigButton(
            self.tr("Ask staff for help"),
            theme,
            role="choice",
            icon="help",
            description=self.tr("Call a member of staff to this kiosk"),
        )
        self.help_button.setObjectName("ask_staff")
        self.help_button.clicked.connect(self.ask_staff)
        self.pad = NumberPad(theme, self)
        self.pad.sig_submitted.connect(self.submit)
        self.number = self.pad.display
        self.pager: Pager | None = None
        self.beside = True
        self._build()
        self.busy = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def title(self) -> str:
        return self.tr("Sign in")

    def spoken_text(self) -> str:
        return self.tr("Please sign in. Hold your service card to the reader, or type its number.")

    def entered(self) -> None:
        self.setFocus()

    # -- the page ---------------------------------------------------------------------------

    def _build(self) -> None:
        """A fresh pager with the words of now, and the pad too where it goes below them."""
        old = self.pager
        pager = Pager(self.theme)
        pager.setParent(self)
        for label in self.message_labels:
            pager.add_block(label)
        pager.add_block(self.help_button)
        pager.set_shown(self.help_button, self._help_wanted)
        for label in self.intro:
            pager.add_block(label)
            # Below, where room is short, a message (which says what to do) stands in for
            # the instructions.
            pager.set_shown(label, self.beside or not self.message_labels)
        if self.beside:
            self.pad.setParent(self)
        else:
            pager.add_block(self.pad)
        self.pager = pager
        if old is not None:
            old.hide()
            old.deleteLater()
        pager.show()
        self._place()
        self.updateGeometry()

    def _words_min(self, width: int) -> int:
        """The least width the words keep beside the pad: their longest word or button, and
        should they need pages, Previous, "2 of 3" and More side by side."""
        assert self.pager is not None
        pager = self.pager
        words = [self.help_button, *self.intro, *self.message_labels]
        part_of = QCoreApplication.translate("Pager", "%1 of %2").replace("%1", "8")
        part_of = part_of.replace("%2", "8")
        buttons = (pager.previous_button, pager.next_button)
        bar = 2 * max(b.sizeHint().width() for b in buttons) + 2 * self.theme.gap_px
        bar += pager.page_label.fontMetrics().horizontalAdvance(part_of) + 2
        return max(*(w.minimumSizeHint().width() for w in words), int(width * WORDS_SHARE), bar)

    def _choose(self, width: int, height: int) -> tuple[bool, str, bool]:
        """Beside (with the pad's arrangement and whether its keys are large) or below."""
        gap = self.theme.gap_px
        words_min = self._words_min(width)
        for arrangement, large in ((PHONE, True), (FIVES, True), (PHONE, False), (FIVES, False)):
            need = self.pad.needed(arrangement, large)
            if need.height() <= height and need.width() + gap + words_min <= width:
                return True, arrangement, large
        # Below the words, on a page of its own if need be: the pager gives it its shape.
        return False, "", False

    def _place(self) -> None:
        width, height = self.width(), self.height()
        if self.pager is None or width <= 0 or height <= 0:
            return
        beside, arrangement, large = self._choose(width, height)
        if beside:
            self.pad.arrange(arrangement, large=large)
        if beside != self.beside:
            self.beside = beside
            self._build()
            return
        if not beside:
            self.pager.setGeometry(0, 0, width, height)
            return
        # The pad takes half the width where the words can spare it.
        gap = self.theme.gap_px
        pad_w = min((width - gap) // 2, width - gap - self._words_min(width))
        pad_w = max(pad_w, self.pad.needed().width())
        self.pager.setGeometry(0, 0, width - pad_w - gap, height)
        self.pad.setGeometry(width - pad_w, 0, pad_w, height)
        self.pad.show()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place()

    def minimumSizeHint(self) -> QSize:
        """The most compact form: the screen takes it where the room is small, so the window
        never grows for a form it would not use."""
        if self.pager is None:
            return super().minimumSizeHint()
        words = [self.help_button, *self.intro, *self.message_labels]
        narrowest = min(self.pad.needed(a, False).width() for a in (PHONE, FIVES, SPAN, ROW))
        lowest = min(self.pad.needed(a, False).height() for a in (SPAN, ROW))
        return QSize(
            max([narrowest, *(w.minimumSizeHint().width() for w in words)]),
            lowest + self.theme.gap_px + self._bar_height(),
        )

    def sizeHint(self) -> QSize:
        if self.pager is None or not self.beside:
            return self.minimumSizeHint()
        words, pad = self.pager.sizeHint(), self.pad.needed()
        gap = self.theme.gap_px
        return QSize(words.width() + gap + pad.width(), max(words.height(), pad.height()))

    def _bar_height(self) -> int:
        assert self.pager is not None
        pager = self.pager
        return max(pager.next_button.sizeHint().height(), pager.previous_button.sizeHint().height())

    def _show_message(self, text: str) -> None:
        self.message.set_text(text)
        for label in self.message_labels:
            label.hide()
            label.deleteLater()
        self.message_labels = []
        for sentence in sentences(text):
            label = self.label(sentence, "heading")
            label.setObjectName("signin_message")
            self.message_labels.append(label)
        self._build()

    # -- typing and the card ----------------------------------------------------------------

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
            self._help_wanted = True
            self._complain(
                self.tr("This card is not known here. Please try again, or ask staff for help.")
            )
            return
        self.pad.clear()
        nav = self.nav
        # Signing in may show the kiosk in the resident's language: the window then starts
        # again from a new home screen, and this screen is no longer on show.
        self.ctx.session.sign_in(resident)
        self.ctx.say(self.tr("Welcome, %1.").replace("%1", mask_name(resident.name)))
        if nav.current() is self:
            if self.then is not None:
                nav.replace(self.then())
            else:
                nav.back()
        elif self.then is not None:
            nav.show_after_home(self.then())

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        if isinstance(error, InvalidCard):
            self._complain(self.tr("That is not a card number. Please try again."))
        else:
            self._help_wanted = True
            self._complain(storage_failure(error, self.ctx.config.center_phone))

    def _complain(self, text: str) -> None:
        self.pad.clear()
        self._show_message(text)
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
