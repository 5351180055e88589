"""The call page in QtWebEngine: loaded on demand, camera and microphone for the center only.

QtWebEngine (Chromium) is heavy: this module is imported when the first call starts, never at
start-up. :func:`open_call_view` makes a :class:`CallView` showing the center's call page in its
kiosk view; the page reports its state in ``document.title`` (``call:<state>``, read by
app.calls.page_state) and the kiosk's own buttons reach it through ``window.callControl``.

Camera and microphone are granted only to the center server's origin (scheme, host and
port): any other page that asks, or any other feature asked for, is denied and logged.
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal

from app.calls import PageState, page_state
from ui import app_input

log = logging.getLogger(__name__)


class WebEngineUnavailable(RuntimeError):
    """QtWebEngine is not installed here, or could not start."""


def _load() -> tuple[Any, Any]:
    # Chromium refuses to run its sandbox as root (a kiosk image may run the app as root):
    # without this it exits at once. Only then, so a normal user keeps the sandbox.
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    try:
        from PySide6 import QtWebEngineCore, QtWebEngineWidgets
    except ImportError as error:
        raise WebEngineUnavailable(f"QtWebEngine is not installed: {error}") from error
    return QtWebEngineCore, QtWebEngineWidgets


def same_origin(a: QUrl, b: QUrl) -> bool:
    def port(url: QUrl) -> int:
        return url.port({"http": 80, "https": 443}.get(url.scheme(), -1))

    return (
        a.scheme() == b.scheme()
        and a.host().lower() == b.host().lower()
        and port(a) == port(b)
        and a.scheme() in ("http", "https")
    )


class CallView(QObject):
    """The call page in a web view (``widget``), with the page's state as a signal."""

    sig_state = Signal(object)
    """The page's new app.calls.PageState (from its title)."""

    sig_failed = Signal(str)
    """The page could not load or its renderer stopped: a word for the log."""

    def __init__(self, allowed_origin: str) -> None:
        super().__init__()
        core, widgets = _load()
        self._core = core
        self.allowed = QUrl(allowed_origin)
        self.granted: list[str] = []  # origins given camera and microphone, for the log
        self.denied: list[str] = []
        app_input.set_aside()  # before the view exists: see ui.app_input
        try:
            self.widget = widgets.QWebEngineView()
        except Exception as error:
            app_input.bring_back()
            raise WebEngineUnavailable(f"the web view could not start: {error}") from error
        self._aside = True
        self.widget.destroyed.connect(self._bring_back)
        self.widget.setObjectName("call_video")
        self.widget.setAccessibleName(self.tr("Video of the call"))
        page = self.widget.page()
        page.titleChanged.connect(self._title)
        page.loadFinished.connect(self._loaded)
        page.renderProcessTerminated.connect(self._renderer_gone)
        page.permissionRequested.connect(self._permission)
        self.state: PageState | None = None

    def load(self, url: str) -> None:
        self.widget.setUrl(QUrl(url))

    def _title(self, title: str) -> None:
        state = page_state(title)
        if state is not None and state != self.state:
            self.state = state
            self.sig_state.emit(state)

    def _loaded(self, ok: bool) -> None:
        if not ok:
            self.sig_failed.emit("the call page did not load")

    def _renderer_gone(self, status: Any, code: int) -> None:
        self.sig_failed.emit(f"the page's renderer stopped ({status}, {code})")

    def _permission(self, permission: Any) -> None:
        kinds = self._core.QWebEnginePermission.PermissionType
        media = (kinds.MediaAudioCapture, kinds.MediaVideoCapture, kinds.MediaAudioVideoCapture)
        origin = permission.origin()
        if permission.permissionType() in media and same_origin(origin, self.allowed):
            self.granted.append(origin.toString())
            log.info("camera and microphone granted to the center's call page")
            permission.grant()
            return
        self.denied.append(origin.toString())
        log.warning(
            "denied %s to %s (only the center %s may ask)",
            permission.permissionType(),
            origin.toString(),
            self.allowed.toString(),
        )
        permission.deny()

    # -- the page's controls -----------------------------------------------------------------

    def _control(self, script: str) -> None:
        self.widget.page().runJavaScript(f"window.callControl && window.callControl.{script};", 0)

    def hangup(self) -> None:
        self._control("hangup()")

    def set_volume(self, volume: float) -> None:
        self._control(f"setVolume({json.dumps(max(0.0, min(1.0, volume)))})")

    def close(self) -> None:
        """Leave the page (its socket closes with it) and let the view go."""
        self.widget.setUrl(QUrl("about:blank"))
        self.widget.hide()
        self.widget.deleteLater()  # the watchers come back once it is gone (_bring_back)

    def _bring_back(self, *_: Any) -> None:
        """The input watchers back, once the view is gone: not before, as a view still
        waiting to be deleted can take focus."""
        if self._aside:
            self._aside = False
            app_input.bring_back()


def open_call_view(allowed_origin: str) -> CallView:
    """A web view for the call page; WebEngineUnavailable where QtWebEngine cannot run."""
    return CallView(allowed_origin)
