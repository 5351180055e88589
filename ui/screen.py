"""The base of every screen: a title, what to read aloud, and which fixed buttons it shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from ui.context import AppContext
    from ui.navigator import Navigator


class Screen(QWidget):
    """One full page of the kiosk, shown by the navigator between the header and the footer."""

    shows_back = True
    shows_home = True
    is_home = False
    # Idle sign-out waits while an emergency is on screen.
    pauses_idle = False

    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        super().__init__()
        self.ctx = ctx
        self.nav = nav
        self.theme = ctx.theme
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(ctx.theme.gap_px)
        self.setAccessibleName(self.title())

    def title(self) -> str:
        raise NotImplementedError

    def spoken_text(self) -> str:
        """What "read aloud" says: by default the title and the choices' names."""
        return self.title()

    def voice_commands(self) -> dict[str, Callable[[], None]]:
        """The actions this screen offers by voice, by intent name (see i18n/phrases).

        SOS, Back, Home and Read aloud are added by the window; actions with a cost or an
        alarm must lead to a confirmation, never act at once."""
        return {}

    def voice_phrases(self) -> dict[str, list[str]]:
        """Phrases that come from data, not the phrase table: names and labels on screen."""
        return {}

    def voice_slots(self) -> tuple[str, ...]:
        """The order questions (catalog choice ids) whose answers, said in the same breath
        as an action ("明天中午送两份饭"), this screen can take."""
        return ()

    def voice_act(self, action: str, slots: dict[str, str]) -> bool:
        """Do ``action`` with the answers said with it; False to leave it to
        :meth:`voice_commands` (answers this screen cannot use are then not used)."""
        return False

    def action_labels(self) -> dict[str, str]:
        """The words on screen for each action offered by voice (the buttons of "which did
        you mean?")."""
        return {}

    def entered(self) -> None:
        """Called each time the screen becomes the visible one."""

    def left(self) -> None:
        """Called when another screen covers or replaces this one."""

    def label(self, text: str, role: str = "", *, wrap: bool = True) -> QLabel:
        widget = QLabel(text)
        if role:
            widget.setProperty("role", role)
        widget.setWordWrap(wrap)
        # No accessible name of its own: a label's name is its text, and stays so when the
        # text changes (a name set here would go on saying the first text).
        return widget
