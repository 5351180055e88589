"""The daily check-in: "time to call your daughter", spoken, with one giant button that calls
her and "Later"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from ui.call.contacts import place_call
from ui.layout.pager import Pager
from ui.screen import Screen
from ui.widgets.buttons import BigButton

if TYPE_CHECKING:
    from app.calls import CheckinDue
    from ui.call.part import CallPart
    from ui.context import AppContext
    from ui.navigator import Navigator


class CheckinScreen(Screen):
    def __init__(self, ctx: AppContext, nav: Navigator, part: CallPart, due: CheckinDue) -> None:
        super().__init__(ctx, nav)
        self.part = part
        self.due = due
        theme = ctx.theme
        self.message = self.tr("Time for your video call with %1").replace("%1", due.name)
        self.call_button = BigButton(
            self.tr("Call %1").replace("%1", due.name),
            theme,
            role="primary",
            icon="video",
            description=self.tr("Make the video call now"),
        )
        self.call_button.setObjectName("checkin_call")
        self.call_button.clicked.connect(self.call)
        self.later_button = BigButton(
            self.tr("Later"), theme, role="choice", description=self.tr("Not now")
        )
        self.later_button.setObjectName("checkin_later")
        self.later_button.clicked.connect(nav.back)
        self.pager = Pager(theme)
        self.pager.add_stretch()
        message = self.pager.add_text(self.message, "heading")
        message.setObjectName("checkin_message")
        message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pager.add_block(self.call_button)
        self.pager.add_block(self.later_button)
        self.pager.keep_together([message, self.call_button, self.later_button])
        self.pager.add_stretch()
        self.body.addWidget(self.pager, 1)

    def title(self) -> str:
        return self.tr("Video call")

    def spoken_text(self) -> str:
        return f"{self.message} {self.call_button.label_text()}"

    def entered(self) -> None:
        self.ctx.say(self.spoken_text())

    def voice_commands(self) -> dict:
        return {"yes": self.call, "no": self.nav.back}

    def call(self) -> None:
        place_call(
            self.ctx,
            self.nav,
            self.part,
            name=self.due.name,
            family_id=self.due.family_id,
            checkin_schedule_id=self.due.schedule_id,
            again=True,
        )
