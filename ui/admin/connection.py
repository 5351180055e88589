"""Connection: what became of sending to the center, in words (last answer, queue, storage,
reachable), which center and name this kiosk has, and enrolling it with a code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, QLocale

from ui.admin.base import AdminScreen
from ui.admin.enrol import CODE_DIGITS, code_text, device_name
from ui.sync_status import NOT_ENROLLED, status_text
from ui.widgets.numberpad import NumberPad
from ui.wording import join_sentences

if TYPE_CHECKING:
    from ui.admin.part import AdminPart
    from ui.context import AppContext
    from ui.navigator import Navigator


def clock_time(epoch_s: float) -> str:
    return QLocale().toString(
        QDateTime.fromSecsSinceEpoch(int(epoch_s)).time(), QLocale.FormatType.ShortFormat
    )


class ConnectionScreen(AdminScreen):
    def __init__(self, ctx: AppContext, nav: Navigator, part: AdminPart) -> None:
        super().__init__(ctx, nav, part)
        self.enrolled: bool | None = None  # not known until the keyring has been asked
        self.lines = self.pager.add_text(self.report(), "")
        self.lines.setObjectName("admin_sync_report")
        self.enrol_button = self.button(
            self.tr("Enrol with a code"),
            self.tr("Connect this kiosk to the center with a code from the center's staff"),
            self.open_enrol,
            "admin_enrol",
            role="choice",
        )
        self.pager.add_block(self.enrol_button)
        ctx.sync.sig_status.connect(self._refresh)
        paths, config = ctx.paths, ctx.config
        if paths is not None and config.server_url:
            from ui.admin.enrol import is_enrolled

            ctx.tasks.run(lambda: is_enrolled(config, paths.data_dir), self._enrolled, None)

    def title(self) -> str:
        return self.tr("Connection")

    def spoken_text(self) -> str:
        return f"{self.title()}. {self.report()}"

    def _enrolled(self, enrolled: bool) -> None:
        self.enrolled = enrolled
        self._refresh()

    def _refresh(self, *_: object) -> None:
        self.pager.set_text(self.lines, self.report())

    def report(self) -> str:
        """Everything about the connection, a sentence for each fact."""
        config, status = self.ctx.config, self.ctx.sync.status
        lines = []
        if not config.server_url:
            lines.append(self.tr("No center is set for this kiosk (server_url)."))
        else:
            lines.append(self.tr("Center: %1").replace("%1", config.server_url))
        name = device_name(config)
        not_enrolled = status is not None and status.refused == NOT_ENROLLED
        if self.enrolled is False or not_enrolled:
            lines.append(
                self.tr("This kiosk is not enrolled (it would be %1).").replace("%1", name)
            )
        elif self.enrolled:
            lines.append(self.tr("Enrolled as %1.").replace("%1", name))
        if status is None:
            lines.append(self.tr("No news from sending yet."))
        else:
            lines.append(self.tr("Sending: %1.").replace("%1", status_text(status).rstrip(".")))
            lines.append(self.tr("Waiting to send: %1.").replace("%1", str(status.pending)))
            if status.online:
                lines.append(self.tr("The center can be reached."))
            elif status.offline_since is not None:
                lines.append(
                    self.tr("The center cannot be reached since %1.").replace(
                        "%1", clock_time(status.offline_since)
                    )
                )
            else:
                lines.append(self.tr("The center cannot be reached."))
            if status.storage_fault:
                lines.append(
                    self.tr("Storage fault: %1. Nothing new can be saved here.").replace(
                        "%1", status.storage_fault
                    )
                )
            else:
                lines.append(self.tr("Storage works."))
        if self.part.last_contact is not None:
            lines.append(
                self.tr("Last answer from the center: %1.").replace(
                    "%1", clock_time(self.part.last_contact)
                )
            )
        else:
            lines.append(self.tr("No answer from the center since the kiosk started."))
        return join_sentences(lines)

    def open_enrol(self) -> None:
        self.nav.push(EnrolScreen(self.ctx, self.nav, self.part))


class EnrolScreen(AdminScreen):
    def __init__(self, ctx: AppContext, nav: Navigator, part: AdminPart) -> None:
        super().__init__(ctx, nav, part)
        self.busy = False
        self.intro = self.pager.add_text(self.tr("Type the 12-digit code, then OK."))
        self.pad = NumberPad(ctx.theme)
        self.pad.display.setAccessibleDescription(self.tr("Enrolment code"))
        self.pad.buttons["ok"].setAccessibleDescription(self.tr("Enrol with this code"))
        self.pad.sig_submitted.connect(self.submit)
        self.fit = self.put_pad(self.pad)

    def title(self) -> str:
        return self.tr("Enrol this kiosk")

    def say_news(self, text: str) -> None:
        super().say_news(text)
        # The news says what to do next: the instruction makes room for it (at large type
        # the pad then stays on the page with it).
        self.pager.set_shown(self.intro, not text)

    def submit(self, digits: str) -> None:
        ctx, paths = self.ctx, self.ctx.paths
        if self.busy:
            return
        if len(digits) != CODE_DIGITS:
            self.say_news(
                self.tr("That code has %1 digits, not 12.").replace("%1", str(len(digits)))
            )
            self.pad.clear()
            return
        if not ctx.config.server_url or paths is None:
            self.say_news(self.tr("No center is set for this kiosk (server_url): set it first."))
            return
        from ui.admin.enrol import enrol

        self.busy = True
        code, config = code_text(digits), ctx.config
        self.say_news(self.tr("Enrolling with the center..."))
        ctx.tasks.run(lambda: enrol(config, paths.data_dir, code), self._done, self._failed)

    def _done(self, name: str) -> None:
        self.busy = False
        self.pad.clear()
        self.say_news(
            self.tr("Enrolled as %1. Restart the kiosk to start sending to the center.").replace(
                "%1", name
            )
        )

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self.pad.clear()
        self.say_news(self.tr("Not enrolled: %1").replace("%1", str(error) or type(error).__name__))
