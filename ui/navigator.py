"""What a screen may ask of the window around it: move between screens and open features.

Screens are given a :class:`Navigator` and never the main window itself, so no feature
depends on the window's module (or on another feature's screens): a screen that leads
somewhere else asks for that feature by name with :meth:`Navigator.open_feature`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.context import AppContext
    from ui.screen import Screen


class VoicePrompts(Protocol):
    """The part of the voice controller a screen that asks a question uses."""

    def listen_after_prompt(self) -> None:
        """Listen for the answer once the question has been spoken (if voice is in use)."""


class Navigator(Protocol):
    """The small interface every screen talks to."""

    ctx: AppContext

    @property
    def voice(self) -> VoicePrompts: ...

    def current(self) -> Screen | None:
        """The screen on show."""

    def push(self, screen: Screen) -> None:
        """Show ``screen``; Back returns to the one shown now."""

    def replace(self, screen: Screen) -> None:
        """Show ``screen`` in place of the current one (Back skips the replaced screen)."""

    def back(self) -> None:
        """Go back one screen."""

    def home(self) -> None:
        """Go to the home screen."""

    def can_go_back(self) -> bool:
        """Whether Back is on show (and so can be said)."""

    def show_after_home(self, screen: Screen) -> None:
        """Show a result screen whose Back goes home, not into the finished flow."""

    def show_outcome(self, origin: Screen, screen: Screen) -> None:
        """Show the outcome of work started on ``origin``: in its place if it is still
        shown, else after Home, so the elder sees it wherever they went meanwhile."""

    def open_for_resident(self, make_screen: Callable[[], Screen]) -> None:
        """Open a resident's screen; on a kiosk nobody signed in to, ask for a card first."""

    def open_feature(self, name: str, **args: Any) -> None:
        """Open the feature registered as ``name`` (its first screen), asking for a card
        first where it needs a resident."""

    def start_sos(self) -> None:
        """Start the emergency call (the SOS button, or "help" said aloud)."""

    def read_aloud(self) -> None:
        """Read the current screen aloud."""

    def switch_language(self, language: str, *, announce: bool = True) -> None:
        """Show and speak everything in ``language`` from now on (and, with ``announce``,
        read the screen then shown aloud in it)."""

    def retitle(self, screen: Screen) -> bool:
        """The title of ``screen`` changed (a question moved up into it): show the new one
        if ``screen`` is on show. False where the header cannot hold it on one line."""

    def renew_home(self) -> None:
        """Build the home screen again (its entries changed, e.g. a new catalog)."""

    def add_banner(self, banner: QWidget) -> None:
        """Give ``banner`` (hidden) a strip above the page; shown, it takes room from the
        page, never lies over it."""

    def show_banner(self, banner: QWidget) -> None:
        """Show a banner given with :meth:`add_banner`; where the page's smallest shape and
        the banner do not both fit, the page steps aside until the banner is hidden."""
