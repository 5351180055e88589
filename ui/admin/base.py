"""What every staff settings screen shares: a pager for its rows, a line for news (saved, not
saved, closing soon), rows of a setting with its buttons, and the staff session's idle time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel
from shiboken6 import isValid

from ui.layout.pager import Pager
from ui.screen import Screen
from ui.widgets.buttons import BigButton
from ui.widgets.numberpad import NumberPad
from ui.widgets.pad_beside import PadBeside

if TYPE_CHECKING:
    from ui.admin.part import AdminPart
    from ui.context import AppContext
    from ui.navigator import Navigator


class AdminScreen(Screen):
    """A staff settings screen; ``part`` is the admin feature's part of the window."""

    def __init__(self, ctx: AppContext, nav: Navigator, part: AdminPart) -> None:
        super().__init__(ctx, nav)
        self.part = part
        self.pager = Pager(ctx.theme)
        self.body.addWidget(self.pager, 1)
        # What just happened (saved, not saved), and the warning before the session ends.
        self.news = self.pager.add_text("", "heading")
        self.news.setObjectName("admin_news")
        self.pager.set_shown(self.news, False)
        self._news_text = ""
        part.sig_session_warning.connect(self._session_warning)

    def entered(self) -> None:
        self.part.staff_screen_shown()

    def say_news(self, text: str) -> None:
        self._news_text = text
        self.pager.set_text(self.news, text)
        self.pager.set_shown(self.news, bool(text))
        if text:
            self.pager.show_widget(self.news)

    def _session_warning(self, seconds: int) -> None:
        if self.nav.current() is not self:
            return
        if seconds:
            self.pager.set_text(
                self.news,
                self.tr("The staff settings close in %1 seconds. Tap the screen to stay.").replace(
                    "%1", str(seconds)
                ),
            )
            self.pager.set_shown(self.news, True)
        else:
            self.say_news(self._news_text)

    def put_pad(self, pad: NumberPad) -> PadBeside:
        """``pad`` beside the screen's words where there is room, below them where there is
        not; after the words are added."""
        self.body.removeWidget(self.pager)
        fit = PadBeside(self.pager, pad, self.theme)
        self.body.addWidget(fit, 1)
        return fit

    def button(
        self, text: str, description: str, on_click: Callable[[], None], name: str, role: str = ""
    ) -> BigButton:
        button = BigButton(text, self.theme, role=role, description=description)
        button.setObjectName(name)
        button.clicked.connect(on_click)
        return button

    def add_row(self, value: QLabel, buttons: Sequence[BigButton]) -> None:
        """A setting's words and the buttons that change it, kept on one page."""
        self.pager.add_question(value, list(buttons), columns=len(buttons))

    def saved_news(self, what: str) -> Callable[[str | None], None]:
        """The callback for :meth:`AdminPart.change`: says the change is kept, or why not."""

        saved = self.tr("%1: saved.").replace("%1", what)
        not_saved = self.tr("%1: changed until the kiosk restarts, but not saved (%2).")
        not_saved = not_saved.replace("%1", what)
        nav = self.nav

        def told(reason: str | None) -> None:
            # The answer comes later: to whichever staff screen is on show by then (a new
            # text size builds the screens again).
            screen = nav.current()
            # (None left to tell once the window is gone, as when the kiosk shuts down)
            if isinstance(screen, AdminScreen) and isValid(screen):
                screen.say_news(saved if reason is None else not_saved.replace("%2", reason))

        return told

    def changed(self, key: str) -> None:
        """A setting of this screen was changed: show its new value."""
