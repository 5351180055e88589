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
        # What closing costs, kept with the buttons on one page; how it comes back is
        # left out where large type leaves no room for it.
        self.warning = self.pager.add_text(
            self.tr("Residents cannot use this kiosk until it is started again.")
        )
        self.warning.setObjectName("admin_leave_warning")
        self.detail = self.pager.add_text(
            self.tr("Restarting the computer starts it again too."), optional=True
        )
        self.leave_button = self.button(
            self.tr("Close now"),
            self.tr("Leave kiosk mode now"),
            self.leave,
            "admin_leave_now",
            role="stop",
        )
        self.stay_button = self.button(
            self.tr("Don't close"),
            self.tr("Go back to the staff settings"),
            nav.back,
            "admin_leave_cancel",
            role="choice",
        )
        self.pager.add_grid([self.stay_button, self.leave_button], 2)
        self.pager.keep_together(
            [self.warning, self.detail, self.stay_button, self.leave_button],
            one_page=True,
            cost=self.warning,
            actions=[self.stay_button, self.leave_button],
        )

    def title(self) -> str:
        return self.tr("Close the kiosk")

    def spoken_text(self) -> str:
        return f"{self.title()}. {self.warning.text()} {self.detail.text()}"

    def leave(self) -> None:
        from ui.kiosk_exit import ExitGuard

        guard = self.window().findChild(ExitGuard)
        if guard is not None:
            guard.staff_exit("from the staff settings")
