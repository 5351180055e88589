"""The sign-in feature's part of the window: idle sign-out with its warning strip, the card
reader, and the resident's language from sign-in to sign-out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt

from app.people import Resident
from ui import app_input
from ui.signin.idle import IdleBanner, IdleWatcher

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent

    from ui.context import AppContext
    from ui.navigator import Navigator

_ENTRY_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Backspace)


class SignInPart(QObject):
    """Arms idle sign-out while a resident is signed in on a shared kiosk, and shows the
    kiosk in the resident's language until they leave."""

    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        super().__init__()
        self.ctx = ctx
        self.nav = nav
        self.configured_language = ctx.config.language
        # The warning takes a strip above the page (never lies over it); any touch, or its
        # big button, dismisses it.
        self.banner = IdleBanner(ctx)
        nav.add_banner(self.banner)
        self.idle = IdleWatcher(ctx.config.idle_signout_s, ctx.config.idle_warning_s, parent=self)
        self.idle.paused_when = self._emergency_on_screen
        self.idle.sig_warning.connect(self._warn)
        self.idle.sig_active.connect(self.banner.hide)
        self.idle.sig_expired.connect(self._expired)
        self.banner.sig_keep.connect(self.idle.touch)
        app_input.watch(self.idle)
        ctx.session.sig_changed.connect(self._session_changed)
        if ctx.session.kiosk and ctx.session.signed_in:
            self.idle.arm()

    def _emergency_on_screen(self) -> bool:
        """An emergency on screen, or a call in progress (its web view sets the input
        watchers aside): no idle sign-out."""
        screen = self.nav.current()
        return (screen is not None and screen.pauses_idle) or app_input.set_aside_now()

    def _warn(self, seconds: int) -> None:
        first = self.banner.isHidden()
        self.banner.show_seconds(seconds)
        if first:
            self.nav.show_banner(self.banner)

    def _expired(self) -> None:
        self.banner.hide()
        self.ctx.session.sign_out()
        self.ctx.say(self.tr("You have been signed out. Goodbye."))

    def _session_changed(self, resident: Resident | None) -> None:
        session = self.ctx.session
        if not session.kiosk:
            return  # a home tablet never signs out, and keeps the language it is set to
        if resident is not None:
            self.idle.arm()
            # A signed-in resident sees (and hears) the kiosk in their own language.
            if resident.language and resident.language != self.ctx.language:
                self.nav.switch_language(resident.language, announce=False)
            return
        self.idle.disarm()
        self.banner.hide()
        # Whatever was open belonged to the resident who left, and so did the language.
        if self.ctx.language != self.configured_language:
            self.nav.switch_language(self.configured_language)
        self.nav.home()

    def close(self) -> None:
        """Stop watching input and timers (part of the one shutdown path)."""
        self.idle.disarm()
        app_input.unwatch(self.idle)


def card_reader_key(ctx: AppContext, nav: Navigator, event: QKeyEvent) -> bool:
    """A card reader types digits and Enter: on a kiosk nobody is signed in to, they go to
    the sign-in screen (opened for them if need be). True if the key was taken."""
    from ui.signin.screen import SignInScreen

    session = ctx.session
    current = nav.current()
    on_signin = isinstance(current, SignInScreen)
    typing = event.text().isdigit() or (on_signin and event.key() in _ENTRY_KEYS)
    if not (session.kiosk and not session.signed_in and typing) or current is None:
        return False
    if current.pauses_idle:
        return True  # no sign-in over an emergency screen
    if not on_signin:
        nav.open_feature("signin")
    screen = nav.current()
    if isinstance(screen, SignInScreen):
        screen.keyPressEvent(event)
    return True
