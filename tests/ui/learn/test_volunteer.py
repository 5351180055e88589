"""A group lesson on a shared kiosk by taps: the volunteer's name and PIN (the center's
answers given by a desk that stands in for it), the lesson, two elders checked in by card
(names masked), three steps paced by the volunteer with the elders' progress kept as their
own, the marks and the end; and the refusals and a kiosk without its center said plainly."""

from __future__ import annotations

from dataclasses import dataclass, field

from app import outbox
from app.tutorials import progress_for
from app.tutorials.sessions import VolunteerSignin
from sync.volunteering import NO_CENTER, NOT_VOLUNTEER, WRONG_PIN, SigninRefused
from tests.helpers.kiosk_fixtures import Kiosk, KioskFactory
from ui.home.screen import HomeScreen
from ui.learn.volunteer_pacing import GroupLessonScreen, SessionEndedScreen, SessionMarksScreen
from ui.learn.volunteer_session import CheckInScreen, SessionLessonScreen
from ui.learn.volunteer_signin import VolunteerNamesScreen, VolunteerPinScreen

PIN = "246810"


@dataclass
class FakeDesk:
    """Answers as the center would: Volunteer Li with PIN 246810; a nurse who is not a
    volunteer; or no center at all."""

    reachable: bool = True
    asked: list[str] = field(default_factory=list)

    def volunteers(self) -> list[str]:
        if not self.reachable:
            raise SigninRefused(NO_CENTER, "network")
        return ["Volunteer Li", "Nurse Chen"]

    def sign_in(self, name: str, pin: str) -> VolunteerSignin:
        self.asked.append(name)
        if not self.reachable:
            raise SigninRefused(NO_CENTER, "network")
        if name == "Nurse Chen":
            raise SigninRefused(NOT_VOLUNTEER, "nurse")
        if pin != PIN:
            raise SigninRefused(WRONG_PIN, "wrong")
        return VolunteerSignin("1b4e28ba-2fa1-11d2-883f-0016d3cca427", name)


def type_digits(kiosk: Kiosk, pad, digits: str) -> None:
    for digit in digits:
        kiosk.tap(pad.buttons[digit])
    kiosk.tap(pad.buttons["ok"])


def tap_paged(kiosk: Kiosk, pager, widget) -> None:
    """Turn to the page holding ``widget`` (More, as the volunteer would) and tap it."""
    while not widget.isVisible():
        kiosk.tap(pager.next_button)
    kiosk.tap(widget)


def open_names(kiosk: Kiosk, desk: FakeDesk) -> VolunteerNamesScreen:
    kiosk.ctx.sync.volunteer_desk = desk
    kiosk.window.open_feature("volunteer")
    kiosk.qtbot.waitUntil(
        lambda: (
            isinstance(kiosk.window.current(), VolunteerNamesScreen)
            and kiosk.window.current().state != "asking"
        )
    )
    return kiosk.window.current()


def test_a_volunteer_runs_a_group_lesson_by_taps(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(mode="kiosk", language="en_US")
    names = open_names(kiosk, FakeDesk())
    kiosk.tap(names.names["Volunteer Li"])
    pin = kiosk.wait_screen(VolunteerPinScreen)
    type_digits(kiosk, pin.pad, "111111")
    kiosk.wait_spoken("That PIN is not right")
    type_digits(kiosk, pin.pad, PIN)
    lessons = kiosk.wait_screen(SessionLessonScreen)
    kiosk.tap(lessons.choices["scan_to_pay"])
    check_in = kiosk.wait_screen(CheckInScreen)
    assert not check_in.start_button.isEnabled()
    type_digits(kiosk, check_in.pad, "10001")
    kiosk.qtbot.waitUntil(lambda: not check_in.busy and len(check_in.session.attendees) == 1)
    type_digits(kiosk, check_in.pad, "10002")
    kiosk.qtbot.waitUntil(lambda: not check_in.busy and len(check_in.session.attendees) == 2)
    type_digits(kiosk, check_in.pad, "99990000")
    kiosk.wait_spoken("No resident has this card number")
    shown = check_in.present.text()
    assert "张*英" in shown and "张秀英" not in shown  # masked on a shared screen
    kiosk.tap(check_in.start_button)

    player = kiosk.wait_screen(GroupLessonScreen)
    assert player.next_button.isHidden() and not player.repeat_button.isHidden()
    kiosk.tap(player.forward_step)
    kiosk.tap(player.forward_step)
    assert player.index == 2 and player.session.step == 2
    kiosk.wait_idle()
    elders = player.session.elders()
    for elder in elders:
        assert progress_for(kiosk.store, elder)["scan_to_pay"].step == 2
    kiosk.tap(player.marks_button)
    marks = kiosk.wait_screen(SessionMarksScreen)
    tap_paged(kiosk, marks.pager, marks.rows["10001"][1])
    kiosk.qtbot.waitUntil(lambda: not marks.busy)
    assert marks.session.attendees["10001"].result == "managed"
    tap_paged(kiosk, marks.pager, marks.rows["10002"][2])
    kiosk.qtbot.waitUntil(lambda: not marks.busy)
    assert marks.session.attendees["10002"].result == "needs_practice"
    tap_paged(kiosk, marks.pager, marks.end_button)
    ended = kiosk.wait_screen(SessionEndedScreen)
    assert ended.session.ended
    assert "2 elders" in ended.message.text()
    assert progress_for(kiosk.store, elders[0])["scan_to_pay"].mastered
    assert not progress_for(kiosk.store, elders[1])["scan_to_pay"].mastered
    last = [e for e in outbox.events(kiosk.store) if e.kind == "learn.session"][-1]
    assert last.payload["ended_at"] is not None and len(last.payload["attendees"]) == 2
    kiosk.tap(ended.done)
    kiosk.wait_screen(HomeScreen)


def test_someone_not_a_volunteer_is_told_so(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(mode="kiosk", language="en_US")
    names = open_names(kiosk, FakeDesk())
    kiosk.tap(names.names["Nurse Chen"])
    pin = kiosk.wait_screen(VolunteerPinScreen)
    type_digits(kiosk, pin.pad, PIN)
    kiosk.wait_spoken("not a volunteer's")
    assert isinstance(kiosk.window.current(), VolunteerPinScreen)


def test_without_the_center_there_is_no_session_and_the_screen_says_so(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory(mode="kiosk", language="en_US")
    names = open_names(kiosk, FakeDesk(reachable=False))
    assert names.state == NO_CENTER
    assert "needs the center" in names.message.text()
    assert not names.names
    kiosk.ctx.sync.volunteer_desk = None  # a kiosk with no center configured at all
    kiosk.tap(names.retry)
    kiosk.qtbot.waitUntil(
        lambda: (
            isinstance(kiosk.window.current(), VolunteerNamesScreen)
            and kiosk.window.current() is not names
        )
    )
    assert "needs the center" in kiosk.window.current().message.text()


def test_the_group_lesson_is_offered_on_a_shared_kiosk_only(kiosk_factory: KioskFactory) -> None:
    from ui.learn.volunteer import _entries

    shared = kiosk_factory(mode="kiosk", language="en_US")
    assert [e.key for e in _entries(shared.ctx)] == ["volunteer"]
    home = kiosk_factory(mode="home", language="en_US")
    assert _entries(home.ctx) == []
