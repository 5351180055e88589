"""A volunteer-led group session end to end through a real center process: the volunteer
signs in on a kiosk with their PIN (checked by the center), checks in two elders, paces
three steps, marks them and ends the session; the center has the attendance, the marks, the
volunteer's hours and each elder's progress as their own. And the refusals: a wrong PIN,
someone who is not a volunteer, a switched-off account, a kiosk the center does not know,
and no center at all."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from app import outbox
from app.tutorials import load_lessons, record_progress
from app.tutorials.sessions import (
    MANAGED,
    NEEDS_PRACTICE,
    VolunteerSignin,
    check_in,
    end_session,
    mark,
    reach_step,
    start_session,
)
from sync.client import CenterClient
from sync.tutorials import fetch_progress
from sync.volunteering import (
    DISABLED,
    KIOSK_REFUSED,
    LOCKED,
    NO_CENTER,
    NOT_VOLUNTEER,
    WRONG_PIN,
    SigninRefused,
    volunteer_desk,
)
from tests.helpers.center import EnrolledKiosk, SyncThreads, free_port
from tests.helpers.volunteers import PIN, change_account, make_volunteer, volunteering

pytestmark = pytest.mark.slow  # a center server process
LESSON = load_lessons().lessons["scan_to_pay"]
START = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)


def send_all(kiosk: EnrolledKiosk, sync_threads: Callable[..., SyncThreads]) -> None:
    threads = sync_threads(kiosk.store, kiosk.client, listen=False)
    status = threads.wait_drained(30)
    assert status.failed == 0, status


def refused(call: Callable[[], object]) -> SigninRefused:
    with pytest.raises(SigninRefused) as caught:
        call()
    return caught.value


def test_a_group_session_reaches_the_center(
    enrolled_kiosk: EnrolledKiosk, sync_threads: Callable[..., SyncThreads]
) -> None:
    kiosk = enrolled_kiosk
    center = kiosk.center
    make_volunteer(center, "Volunteer Li")
    desk = volunteer_desk(kiosk.client)
    assert "Volunteer Li" in desk.volunteers()
    signin = desk.sign_in("Volunteer Li", PIN)
    assert signin.name == "Volunteer Li"

    elder_a, elder_b = kiosk.residents["10001"], kiosk.residents["10002"]
    session = start_session(kiosk.store, signin, LESSON, now=START)
    assert check_in(kiosk.store, session, elder_a, now=START + timedelta(minutes=1))
    assert check_in(kiosk.store, session, elder_b, now=START + timedelta(minutes=2))
    assert not check_in(kiosk.store, session, elder_a)  # once is enough
    for step in range(3):  # what the paced player does at each step
        reach_step(session, step)
        for elder in session.elders():
            record_progress(kiosk.store, elder, LESSON, step)
    mark(kiosk.store, session, "10001", MANAGED)
    mark(kiosk.store, session, "10002", NEEDS_PRACTICE)
    hours = end_session(kiosk.store, session, now=START + timedelta(minutes=45))
    assert hours == 0.75
    send_all(kiosk, sync_threads)

    everyone = volunteering(center, center.staff_token("the administrator"))
    [ran] = [s for s in everyone["sessions"] if s["session_id"] == session.session_id]
    assert ran["volunteer"] == "Volunteer Li" and ran["device"] == "test kiosk"
    assert ran["confirmed"] and ran["hours"] == 0.75
    assert (ran["lesson_id"], ran["step"], ran["ended_at"] is not None) == ("scan_to_pay", 2, True)
    assert {(a["resident_card"], a["result"]) for a in ran["attendees"]} == {
        ("10001", "managed"),
        ("10002", "needs_practice"),
    }
    [balance] = [b for b in everyone["balances"] if b["volunteer"] == "Volunteer Li"]
    assert (balance["hours"], balance["sessions"], balance["elders"]) == (0.75, 1, 2)

    # Each elder's progress is their own, at the center as for a lesson on their own.
    [a_progress] = fetch_progress(kiosk.client, "10001")
    [b_progress] = fetch_progress(kiosk.client, "10002")
    assert (a_progress["step"], a_progress["mastered"]) == (2, True)
    assert (b_progress["step"], b_progress["mastered"]) == (2, False)

    # The volunteer sees their own hours and nobody else's.
    make_volunteer(center, "Volunteer Zhou")
    own = volunteering(center, center.staff_token("Volunteer Zhou"))
    assert own["sessions"] == []
    assert [(b["volunteer"], b["hours"]) for b in own["balances"]] == [("Volunteer Zhou", 0.0)]
    li = volunteering(center, center.staff_token("Volunteer Li"))
    assert [b["hours"] for b in li["balances"]] == [0.75] and len(li["sessions"]) == 1


def test_hours_are_capped_and_a_session_claimed_for_another_counts_nothing(
    enrolled_kiosk: EnrolledKiosk, sync_threads: Callable[..., SyncThreads]
) -> None:
    kiosk = enrolled_kiosk
    center = kiosk.center
    make_volunteer(center, "Volunteer Wu")
    signin = volunteer_desk(kiosk.client).sign_in("Volunteer Wu", PIN)
    left_running = start_session(kiosk.store, signin, LESSON, now=START)
    end_session(kiosk.store, left_running, now=START + timedelta(hours=9))
    # A kiosk naming a volunteer who never signed in there gets no hours for them.
    forged = start_session(kiosk.store, VolunteerSignin(signin.signin_id, "Volunteer Ma"), LESSON)
    end_session(kiosk.store, forged, now=forged.started_at + timedelta(hours=1))
    send_all(kiosk, sync_threads)
    report = volunteering(center, center.staff_token("the administrator"))
    by_id = {s["session_id"]: s for s in report["sessions"]}
    assert by_id[left_running.session_id]["hours"] == 4.0
    assert not by_id[forged.session_id]["confirmed"] and by_id[forged.session_id]["hours"] == 0
    hours = {b["volunteer"]: b["hours"] for b in report["balances"]}
    assert hours["Volunteer Wu"] == 4.0 and "Volunteer Ma" not in hours


def test_a_session_under_way_is_known_to_the_center_before_it_ends(
    enrolled_kiosk: EnrolledKiosk, sync_threads: Callable[..., SyncThreads]
) -> None:
    kiosk = enrolled_kiosk
    make_volunteer(kiosk.center, "Volunteer Qian")
    signin = volunteer_desk(kiosk.client).sign_in("Volunteer Qian", PIN)
    session = start_session(kiosk.store, signin, LESSON)
    check_in(kiosk.store, session, kiosk.residents["10003"])
    kinds = [e.kind for e in outbox.events(kiosk.store)]
    assert kinds.count("learn.session") == 2
    send_all(kiosk, sync_threads)
    report = volunteering(kiosk.center, kiosk.center.staff_token("the administrator"))
    [under_way] = [s for s in report["sessions"] if s["session_id"] == session.session_id]
    assert under_way["ended_at"] is None and under_way["hours"] == 0
    assert [a["resident_card"] for a in under_way["attendees"]] == ["10003"]


def test_refusals_say_why(enrolled_kiosk: EnrolledKiosk) -> None:
    kiosk = enrolled_kiosk
    center = kiosk.center
    desk = volunteer_desk(kiosk.client)
    make_volunteer(center, "Volunteer Huang")
    assert refused(lambda: desk.sign_in("Volunteer Huang", "135799")).reason == WRONG_PIN
    assert refused(lambda: desk.sign_in("Volunteer Huang", "12")).reason == WRONG_PIN
    assert refused(lambda: desk.sign_in("Nobody At All", PIN)).reason == WRONG_PIN

    # A volunteer who became a nurse, and one switched off: neither is offered nor let in.
    became_nurse = make_volunteer(center, "Volunteer Sun")
    change_account(center, became_nurse, role="nurse")
    assert refused(lambda: desk.sign_in("Volunteer Sun", PIN)).reason == NOT_VOLUNTEER
    switched_off = make_volunteer(center, "Volunteer Zhao")
    change_account(center, switched_off, disabled=True)
    assert refused(lambda: desk.sign_in("Volunteer Zhao", PIN)).reason == DISABLED
    make_volunteer(center, "Volunteer Without Pin", pin=None)
    offered = desk.volunteers()
    assert "Volunteer Huang" in offered
    assert not {"Volunteer Sun", "Volunteer Zhao", "Volunteer Without Pin"} & set(offered)

    # Wrong PINs lock the account, as wrong passwords do.
    for _ in range(4):
        refused(lambda: desk.sign_in("Volunteer Huang", "135799"))
    locked = refused(lambda: desk.sign_in("Volunteer Huang", PIN))
    assert locked.reason == LOCKED and locked.wait_s is not None and locked.wait_s > 0

    stranger = volunteer_desk(CenterClient(center.url, "not-a-token"))
    assert refused(stranger.volunteers).reason == KIOSK_REFUSED
    nowhere = volunteer_desk(CenterClient(f"http://127.0.0.1:{free_port()}", kiosk.token))
    assert refused(nowhere.volunteers).reason == NO_CENTER
    assert refused(lambda: nowhere.sign_in("Volunteer Huang", PIN)).reason == NO_CENTER
