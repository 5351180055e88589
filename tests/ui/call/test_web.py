"""The call page in QtWebEngine (offscreen): loaded only when a call starts, camera and
microphone granted to the center's origin and to no other, and the page's title read as its
state. Chromium runs as child processes: slow."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer

import pytest

from app.calls import PageState
from tests.helpers.call_center import FakeCallCenter

# The page asks for camera and microphone as the call page does, and says in its title what
# it got, as the call page does.
ASKING_PAGE = """<!doctype html><html><head><title>call:connecting</title></head><body>
<script>
navigator.mediaDevices.getUserMedia({video: true, audio: true})
  .then(() => { document.title = "call:connected"; })
  .catch((error) => { document.title = "call:error:permission"; });
window.callControl = {volume: 1, setVolume(v) { this.volume = v; document.title = "call:waiting"; },
  hangup() { document.title = "call:ended:hung_up"; }, state() { return document.title; }};
</script></body></html>"""


@pytest.fixture
def other_origin() -> Iterator[FakeCallCenter]:
    """A second server on another port: another origin."""
    center = FakeCallCenter()
    server = ThreadingHTTPServer(("127.0.0.1", 0), center.handler())
    server.daemon_threads = True
    center.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield center
    server.shutdown()
    server.server_close()


@pytest.fixture
def fake_media() -> None:
    # Chromium's own stand-in camera and microphone: the test machine has neither.
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = "--use-fake-device-for-media-stream"


def _view(origin: str):
    from ui.call.web import open_call_view

    return open_call_view(origin)


def _close(view) -> None:
    """Close the view and let Qt delete its page now, before the profile goes at exit."""
    from PySide6.QtCore import QCoreApplication, QEvent

    view.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.mark.slow
@pytest.mark.qt_log_level_fail("CRITICAL")  # Chromium's GPU notes on a machine without one
def test_the_centers_page_gets_camera_and_microphone(
    qtbot, call_center: FakeCallCenter, fake_media: None
) -> None:
    call_center.pages["/call/x"] = ASKING_PAGE
    view = _view(call_center.url)
    states: list[PageState] = []
    view.sig_state.connect(states.append)
    view.widget.resize(320, 240)
    view.widget.show()
    view.load(call_center.url + "/call/x?view=kiosk&lang=zh_CN#ticket=abc")
    qtbot.waitUntil(lambda: PageState("connected") in states, timeout=20_000)
    assert len(view.granted) == 1 and view.granted[0].startswith(call_center.url)
    assert not view.denied
    view.set_volume(0.4)
    qtbot.waitUntil(lambda: PageState("waiting") in states, timeout=10_000)
    view.hangup()
    qtbot.waitUntil(lambda: PageState("ended", "hung_up") in states, timeout=10_000)
    _close(view)


@pytest.mark.slow
@pytest.mark.qt_log_level_fail("CRITICAL")
def test_a_page_from_another_origin_is_denied(
    qtbot, call_center: FakeCallCenter, other_origin: FakeCallCenter, fake_media: None
) -> None:
    other_origin.pages["/call/x"] = ASKING_PAGE
    view = _view(call_center.url)  # the center is call_center; the page comes from elsewhere
    states: list[PageState] = []
    view.sig_state.connect(states.append)
    view.widget.show()
    view.load(other_origin.url + "/call/x")
    qtbot.waitUntil(lambda: PageState("error", "permission") in states, timeout=20_000)
    assert not view.granted
    assert view.denied and view.denied[0].startswith(other_origin.url)
    _close(view)


@pytest.mark.slow
def test_starting_the_kiosk_does_not_load_qtwebengine() -> None:
    """Building the window (every feature attached) leaves QtWebEngine unloaded."""
    code = (
        "import os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtWidgets import QApplication; app = QApplication([])\n"
        "import ui.call, ui.call.part, ui.call.contacts, ui.call.incoming, ui.call.incall\n"
        "from ui.features import load_features; load_features()\n"
        "print(sorted(m for m in sys.modules if 'WebEngine' in m))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert found.stdout.strip() == "[]"
