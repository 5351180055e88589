"""Leaving kiosk mode: asked once more, then the kiosk quits the way staff_exit_keys does
(ui.kiosk_exit), with the exit status systemd does not restart on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.admin.base import AdminScreen

if TYPE_CHECKING:
    from ui.admin.part import AdminPart
    from ui.context import AppContext
    from ui.navigator import Navigator


class LeaveScreen(AdminScreen):
    def __init__(self, ctx: AppContext, nav: Navigator, part: AdminPart) -> None:
        super().__init__(ctx, nav, part)
        self.warning = self.label(
            self.tr(
                "The kiosk program closes and stays closed until it is started again"
                " (or the computer restarts). Residents cannot use this kiosk meanwhile."
            )
        )
        self.leave_button = self.button(
            self.tr("Close the kiosk"),
            self.tr("Leave kiosk mode now"),
            self.leave,
            "admin_leave_now",
            role="stop",
        )
        self.stay_button = self.button(
            self.tr("Keep it running"),
            self.tr("Go back to the staff settings"),
            nav.back,
            "admin_leave_cancel",
            role="choice",
        )
        self.pager.add_block(self.warning)
        self.pager.add_grid([self.stay_button, self.leave_button], 2)
        self.pager.keep_together(
            [self.warning, self.stay_button, self.leave_button], one_page=True, cost=self.warning
        )

    def title(self) -> str:
        return self.tr("Leave kiosk mode")

    def spoken_text(self) -> str:
        return f"{self.title()}. {self.warning.text()}"

    def leave(self) -> None:
        from ui.kiosk_exit import ExitGuard

        guard = self.window().findChild(ExitGuard)
        if guard is not None:
            guard.staff_exit()
