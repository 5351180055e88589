"""The kiosk's heartbeat to systemd's watchdog, beating on the UI thread.

``start_heartbeat`` tells systemd the kiosk is ready (its window is up), then sends
``WATCHDOG=1`` from a timer at a third of the watchdog timeout, and ``STOPPING=1`` when the
application is about to quit. The timer runs on the UI thread on purpose: a UI thread that
hangs (a blocking call, a dead lock) stops the heartbeat, and systemd restarts the kiosk
(``WatchdogSec=``, ``Restart=always`` in ``installer/systemd/``). Outside systemd nothing is
sent and no timer runs.
"""

from __future__ import annotations

import faulthandler
import logging
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from app import sd_notify

log = logging.getLogger(__name__)


class Heartbeat(QObject):
    """Sends ``WATCHDOG=1`` every ``interval_s`` while the UI thread turns, and
    ``STOPPING=1`` once the application is about to quit."""

    def __init__(
        self,
        app: QCoreApplication,
        interval_s: float | None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(app)  # lives as long as the application
        self._app = app
        self._environ = environ
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.beat)
        if interval_s is not None:
            self.timer.start(max(1, round(interval_s * 1000)))
        app.aboutToQuit.connect(self.stopping)

    def beat(self) -> None:
        sd_notify.notify(sd_notify.WATCHDOG, self._environ)

    def stopping(self) -> None:
        self.timer.stop()
        sd_notify.notify(sd_notify.STOPPING, self._environ)

    def close(self) -> None:
        """Stop beating and forget the application (the application's end does it too)."""
        self.timer.stop()
        self._app.aboutToQuit.disconnect(self.stopping)
        self.deleteLater()


def start_heartbeat(
    app: QCoreApplication, environ: Mapping[str, str] | None = None
) -> Heartbeat | None:
    """Tell systemd the kiosk is ready and keep its watchdog fed from the UI thread; call
    once the window is shown. None when not started by systemd with ``Type=notify``."""
    if sd_notify.notify_address(environ) is None:
        return None
    timeout_s = sd_notify.watchdog_interval_s(environ)
    interval_s = timeout_s / 3 if timeout_s is not None else None
    if interval_s is not None:
        _traceback_on_abort()
    heartbeat = Heartbeat(app, interval_s, environ)
    sd_notify.notify(sd_notify.READY, environ)
    log.info(
        "told systemd the kiosk is ready; heartbeat every %s",
        f"{interval_s:.1f} s" if interval_s is not None else "- (no watchdog)",
    )
    return heartbeat


def _traceback_on_abort() -> None:
    """systemd ends a kiosk that missed its heartbeat with SIGABRT: let it leave every
    thread's traceback on stderr (the journal) first, to show where the UI thread hung."""
    if faulthandler.is_enabled():
        return
    try:
        faulthandler.enable(all_threads=True)
    except (AttributeError, ValueError, OSError) as exc:  # no usable stderr
        log.info("no tracebacks on a watchdog abort: %s", exc)
