"""After a call: how it ended in one plain sentence, said aloud, with "Call back" for a call
this kiosk made and "Back" to what was there before."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from ui.layout.pager import Pager
from ui.screen import Screen
from ui.widgets.buttons import BigButton

if TYPE_CHECKING:
    from ui.context import AppContext
    from ui.navigator import Navigator


class CallEndedScreen(Screen):
    def __init__(
        self,
        ctx: AppContext,
        nav: Navigator,
        sentence: str,
        *,
        call_back: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(ctx, nav)
        self.sentence = sentence
        self._call_back = call_back
        theme = ctx.theme
        self.pager = Pager(theme)
        self.pager.add_stretch()
        message = self.pager.add_text(sentence, "heading")
        message.setObjectName("call_ended")
        message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        buttons = []
        self.call_back_button: BigButton | None = None
        if call_back is not None:
            self.call_back_button = BigButton(
                self.tr("Call back"),
                theme,
                role="primary",
                icon="video",
                description=self.tr("Make the video call again"),
            )
            self.call_back_button.setObjectName("call_back")
            self.call_back_button.clicked.connect(self.call_again)
            buttons.append(self.call_back_button)
        self.back_button = BigButton(
            self.tr("Back"), theme, role="choice", description=self.tr("Go back")
        )
        self.back_button.setObjectName("call_ended_back")
        self.back_button.clicked.connect(nav.back)
        buttons.append(self.back_button)
        self.pager.add_grid(buttons, len(buttons), stretch=False)
        self.pager.keep_together([message, *buttons])
        self.pager.add_stretch()
        self.body.addWidget(self.pager, 1)

    def title(self) -> str:
        return self.tr("Video call")

    def spoken_text(self) -> str:
        return self.sentence

    def entered(self) -> None:
        self.ctx.say(self.sentence)

    def voice_commands(self) -> dict:
        commands = {"no": self.nav.back}
        if self._call_back is not None:
            commands["yes"] = self.call_again
        return commands

    def call_again(self) -> None:
        if self._call_back is not None:
            self._call_back()
