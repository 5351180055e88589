"""The staff settings' first screen: what there is to look at and change on this kiosk."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.admin.base import AdminScreen

if TYPE_CHECKING:
    from ui.admin.part import AdminPart
    from ui.context import AppContext
    from ui.navigator import Navigator


class StaffMenuScreen(AdminScreen):
    def __init__(self, ctx: AppContext, nav: Navigator, part: AdminPart) -> None:
        super().__init__(ctx, nav, part)
        from ui.admin.connection import ConnectionScreen
        from ui.admin.leave import LeaveScreen
        from ui.admin.settings import SoundScreen, TextSizeScreen, TimesScreen

        entries = [
            (
                self.tr("Connection"),
                self.tr("Sending to the center, and enrolling this kiosk"),
                ConnectionScreen,
                "admin_connection",
            ),
            (
                self.tr("Sound"),
                self.tr("Speech, volume, speaking rate; test the speaker and microphone"),
                SoundScreen,
                "admin_sound",
            ),
            (
                self.tr("Text size"),
                self.tr("How large the words are on every screen"),
                TextSizeScreen,
                "admin_text_size",
            ),
            (
                self.tr("Time limits"),
                self.tr("Sign-out time and the SOS countdown"),
                TimesScreen,
                "admin_times",
            ),
            (
                self.tr("Close kiosk"),
                self.tr("Close the kiosk program for maintenance"),
                LeaveScreen,
                "admin_leave",
            ),
        ]
        self.entries = [
            self.button(label, description, self._opener(kind), name, role="choice")
            for label, description, kind, name in entries
        ]
        self.pager.add_grid(self.entries, 2)

    def _opener(self, kind: type[AdminScreen]):  # type: ignore[no-untyped-def]
        return lambda: self.nav.push(kind(self.ctx, self.nav, self.part))

    def title(self) -> str:
        return self.tr("Staff settings")

    def spoken_text(self) -> str:
        return ", ".join([self.title(), *(b.label_text() for b in self.entries)])
