"""The video call screens for the screen gallery (ui/gallery.py): the family to call, a call
ringing (with and without its auto-answer countdown), a missed call, calling, a call on,
reconnecting, how a call ended, a refused call and the daily check-in.

They are reached as the kiosk reaches them (the feature's part and screens), on the demo kiosk
with a center stand-in that answers at once and never opens a real call page. Like the
gallery, the kiosk itself never imports this module.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.calls import CheckinDue, IncomingCall, PageState, Ringing
from sync.call_protocol import CallContact, CallContacts
from ui.call.checkin import CheckinScreen
from ui.call.contacts import ContactsScreen, contact_name
from ui.call.incall import InCallScreen
from ui.call.incoming import IncomingScreen, MissedCallScreen
from ui.call.outcome import CallEndedScreen
from ui.call.part import CallPart, part_of
from ui.call.ringer import Ringer
from ui.call.words import ended_sentence
from voice.audio_out import MemorySink

# ui.gallery.DemoKiosk and ui.gallery.Entry: named here only in words, since the feature's
# folder may not import the window (the gallery builds one).
DemoKiosk = Any

CALL_ID = "6f1c2d5e-8b7a-4c3d-9e2f-1a2b3c4d5e6f"
# The longest names the screens meet often: a relation and a full name.
FAMILY = [
    CallContact(family_id=7, display_name="王丽", relation="女儿", auto_answer=True, online=True),
    CallContact(family_id=8, display_name="王强", relation="儿子", auto_answer=False, online=False),
    CallContact(
        family_id=9, display_name="李秀英", relation="外孙女", auto_answer=False, online=True
    ),
]
DAUGHTER = contact_name("女儿", "王丽")


class DemoCallDesk:
    """The center as the gallery needs it: the demo family, and calls that go nowhere."""

    base_url = "http://127.0.0.1:8000"

    def contacts(self, resident_card: str) -> CallContacts:
        return CallContacts(resident_card=resident_card, contacts=FAMILY)

    def set_auto_answer(self, resident_card: str, family_id: int, auto_answer: bool) -> None:
        pass

    def record(self, call_id: str) -> Any:
        raise ConnectionError("the gallery has no center")

    def decline(self, call_id: str) -> None:
        pass

    def end(self, call_id: str, reason: str = "hung_up") -> None:
        pass


def _part(kiosk: DemoKiosk) -> CallPart:
    part = part_of(kiosk.window)
    kiosk.ctx.sync.call_desk = DemoCallDesk()
    if not isinstance(part.ringer.sink, MemorySink):
        part.ringer.close()
        part.ringer = Ringer(MemorySink())  # the gallery is silent
    part.clock = lambda: 0.0  # a countdown that stays where it is pictured
    return part


def _contacts(kiosk: DemoKiosk) -> None:
    part = _part(kiosk)
    screen = ContactsScreen(kiosk.ctx, kiosk.window, part)
    kiosk.window.push(screen)
    screen.show_contacts(FAMILY)


def _incoming(auto_answer: bool) -> Callable[[DemoKiosk], None]:
    def show(kiosk: DemoKiosk) -> None:
        part = _part(kiosk)
        call = IncomingCall(CALL_ID, "10002", "family", DAUGHTER, 7, auto_answer=auto_answer)
        part.board.offer(call, 0.0)
        ringing = part.board.ringing or Ringing(call, 0.0)
        kiosk.window.push(IncomingScreen(kiosk.ctx, kiosk.window, part, ringing))

    return show


def _missed(kiosk: DemoKiosk) -> None:
    _part(kiosk)
    kiosk.window.push(MissedCallScreen(kiosk.ctx, kiosk.window, DAUGHTER))


def _in_call(state: str | None) -> Callable[[DemoKiosk], None]:
    """The call's screen, as it is before the page has loaded (None) or once the page says
    ``state``; the page itself (QtWebEngine) is not loaded in the gallery."""

    def show(kiosk: DemoKiosk) -> None:
        part = _part(kiosk)

        def start() -> Any:
            raise ConnectionError("the gallery makes no calls")

        screen = InCallScreen(
            kiosk.ctx, kiosk.window, part, peer_name=DAUGHTER, start=start, call_back=lambda: None
        )
        screen.started = True  # pictured as it is while the center rings the other side
        kiosk.window.push(screen)
        if state is not None:
            screen.page_changed(PageState(state))

    return show


def _ended(sentence: Callable[[], str], call_back: bool) -> Callable[[DemoKiosk], None]:
    def show(kiosk: DemoKiosk) -> None:
        _part(kiosk)
        screen = CallEndedScreen(
            kiosk.ctx,
            kiosk.window,
            sentence(),
            call_back=(lambda: None) if call_back else None,
        )
        kiosk.window.push(screen)

    return show


def _checkin(kiosk: DemoKiosk) -> None:
    part = _part(kiosk)
    due = CheckinDue(3, "10002", 7, DAUGHTER, "10:00", "2024-06-11")
    kiosk.window.push(CheckinScreen(kiosk.ctx, kiosk.window, part, due))


def call_entries(entry: Callable[..., Any]) -> list[Any]:
    """The entries, each made by ``entry`` (ui.gallery.Entry) with its name and how to show it."""
    return [
        entry("call_contacts", _contacts),
        entry("call_incoming", _incoming(auto_answer=False)),
        entry("call_incoming_auto", _incoming(auto_answer=True)),
        entry("call_missed", _missed),
        entry("call_calling", _in_call(None)),
        entry("call_connected", _in_call("connected")),
        entry("call_reconnecting", _in_call("reconnecting")),
        entry("call_ended", _ended(lambda: ended_sentence("they_hung_up", DAUGHTER), True)),
        entry("call_network", _ended(lambda: ended_sentence("network", DAUGHTER), True)),
        entry("call_refused", _ended(lambda: ended_sentence("quiet_hours", DAUGHTER), False)),
        entry("call_checkin", _checkin),
    ]
