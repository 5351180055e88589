"""A kiosk window whose call feature talks to a small center on loopback (FakeCallCenter),
rings into memory and reads a clock the test moves."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

from app.calls import IncomingCall, page_state, parse_ringing
from app.delivery import Changes
from sync.calls import call_desk
from sync.client import CenterClient
from tests.helpers.call_center import CALL_ID, RESIDENT_CARD, FakeCallCenter, record
from tests.helpers.kiosk_fixtures import FakeClock, Kiosk, KioskFactory
from ui.call.part import CallPart
from ui.call.ringer import Ringer
from voice.audio_out import MemorySink


@dataclass
class CallKiosk:
    kiosk: Kiosk
    center: FakeCallCenter
    part: CallPart
    clock: FakeClock
    sink: MemorySink
    views: list[FakeCallView] = field(default_factory=list)

    def announce(self, **changes: Any) -> IncomingCall:
        """The center's ``call.ringing`` arrives (as the update listener reports it)."""
        payload: dict[str, Any] = {
            "call_id": CALL_ID,
            "resident_card": RESIDENT_CARD,
            "caller_kind": "family",
            "caller_name": "女儿 王丽",
            "family_id": 7,
        }
        payload.update(changes)
        call = parse_ringing(payload)
        self.kiosk.ctx.sync.report_changes(Changes(calls_ringing=[call]))
        return call

    def report(self, changes: Changes) -> None:
        self.kiosk.ctx.sync.report_changes(changes)

    def still_ringing(self, call_id: str = CALL_ID, state: str = "ringing") -> None:
        self.center.answers[("GET", f"/api/v1/kiosk/calls/{call_id}")] = (
            200,
            record(state, call_id),
        )


def call_kiosk(kiosk_factory: KioskFactory, center: FakeCallCenter, **kiosk_args: Any) -> CallKiosk:
    kiosk = kiosk_factory(**kiosk_args)
    kiosk.ctx.sync.call_desk = call_desk(CenterClient(center.url, "device-token"))
    part = kiosk.window.part("call")
    sink = MemorySink()
    part.ringer.close()
    part.ringer = Ringer(sink, pause_s=0.05)
    clock = FakeClock()
    part.clock = clock
    made = CallKiosk(kiosk, center, part, clock, sink)
    made.views = use_fake_views(made)
    return made


def new_call_id() -> str:
    return str(uuid.uuid4())


class FakeCallView(QObject):
    """Stands in for ui.call.web.CallView in the quick tests: the test sets the page's state
    as the call page would by its title, and sees what the kiosk's buttons asked of it."""

    sig_state = Signal(object)
    sig_failed = Signal(str)

    def __init__(self, allowed_origin: str) -> None:
        super().__init__()
        self.allowed_origin = allowed_origin
        self.widget = QLabel("video")
        self.url = ""
        self.volumes: list[float] = []
        self.hung_up = False
        self.closed = False

    def load(self, url: str) -> None:
        self.url = url

    def title(self, title: str) -> None:
        state = page_state(title)
        assert state is not None, title
        self.sig_state.emit(state)

    def hangup(self) -> None:
        self.hung_up = True

    def set_volume(self, volume: float) -> None:
        self.volumes.append(volume)

    def close(self) -> None:
        self.closed = True
        self.widget.hide()
        self.widget.deleteLater()


def use_fake_views(calls: CallKiosk) -> list[FakeCallView]:
    """Call pages open as FakeCallView from now on; the list of those made."""
    made: list[FakeCallView] = []

    def open_view(origin: str) -> FakeCallView:
        view = FakeCallView(origin)
        made.append(view)
        return view

    calls.part.open_view = open_view  # type: ignore[method-assign]
    return made
