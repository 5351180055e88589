"""The bridge from the sync threads to the screens, and the plain words for the queue state."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QObject, Signal

if TYPE_CHECKING:  # the sync machinery (requests, pydantic) loads after the first frame
    from app.delivery import Changes
    from sync.worker import SyncStatus


# SyncStatus.refused when this kiosk never got a token from the center (see main.init_sync).
NOT_ENROLLED = "not_enrolled"


class SyncBridge(QObject):
    """Carries the sync worker's reports onto the UI thread (signals are queued)."""

    sig_status = Signal(object)
    """A new SyncStatus."""

    sig_changes = Signal(object)
    """Domain rows changed by the center's answers or updates (app.delivery.Changes)."""

    def __init__(self) -> None:
        super().__init__()
        self.status: SyncStatus | None = None
        self.sig_status.connect(self._remember)
        self._wake = lambda: None
        self._direct: Callable[[list[dict[str, Any]]], list[dict[str, Any]]] | None = None
        # sync.tutorials.progress_fetcher: a resident's lesson progress kept by the center.
        self.progress_fetcher: Callable[[str], list[dict[str, Any]]] | None = None
        # sync.volunteering.VolunteerDesk: volunteers' sign-in for group lessons.
        self.volunteer_desk: Any = None
        # sync.calls.CallDesk: the resident's video calls through the center.
        self.call_desk: Any = None

    def _remember(self, status: SyncStatus) -> None:
        self.status = status

    def report_status(self, status: SyncStatus) -> None:
        """Called from the worker thread."""
        self.sig_status.emit(status)

    def report_changes(self, changes: Changes) -> None:
        """Called from the worker and listener threads."""
        self.sig_changes.emit(changes)

    def set_waker(self, wake) -> None:
        self._wake = wake

    def queued(self) -> None:
        """Something was just put in the outbox: send it now if we can."""
        self._wake()

    def set_direct_sender(
        self, send: Callable[[list[dict[str, Any]]], list[dict[str, Any]]] | None
    ) -> None:
        self._direct = send

    def send_direct(self, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Send outbox-shaped events straight to the center, past the outbox (an emergency
        call this kiosk could not save); the center's per-event answers. Any thread; raises
        when there is no center or it cannot be reached."""
        if self._direct is None:
            raise ConnectionError("this kiosk has no connection to a center")
        return self._direct(events)


def is_news(status: SyncStatus | None) -> bool:
    """Whether the status is worth its room in a crowded header ("All sent" is not)."""
    return status is not None and bool(
        status.storage_fault or status.refused or status.pending or status.failed
    )


def status_text(status: SyncStatus | None) -> str:
    if status is None:
        return ""
    if status.storage_fault:
        # Whatever the network does, nothing new can be saved: that comes first, and the
        # staff are "told" only once the center answered the report.
        if status.fault_reported:
            return QCoreApplication.translate(
                "SyncStatus",
                "Nothing can be saved here. The center was told.",
            )
        return QCoreApplication.translate(
            "SyncStatus", "Nothing can be saved here. Please tell staff."
        )
    if status.refused == NOT_ENROLLED:
        return QCoreApplication.translate(
            "SyncStatus", "Not connected to the center. Please tell staff."
        )
    if status.refused:
        return QCoreApplication.translate(
            "SyncStatus", "This terminal is switched off at the center. Please tell staff."
        )
    if status.pending == 0 and status.failed == 0:
        return QCoreApplication.translate("SyncStatus", "All sent")
    parts = []
    if not status.online and status.offline_since is not None:
        since = QLocale().toString(
            QDateTime.fromSecsSinceEpoch(int(status.offline_since)).time(),
            QLocale.FormatType.ShortFormat,
        )
        parts.append(
            QCoreApplication.translate("SyncStatus", "Offline since %1").replace("%1", since)
        )
    if status.pending:
        parts.append(
            QCoreApplication.translate("SyncStatus", "%1 waiting to send").replace(
                "%1", str(status.pending)
            )
        )
    if status.failed:
        parts.append(
            QCoreApplication.translate("SyncStatus", "%1 not accepted, staff will check").replace(
                "%1", str(status.failed)
            )
        )
    return QCoreApplication.translate("SyncStatus", ", ").join(parts)
