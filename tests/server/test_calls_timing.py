"""Calls and time: the kiosk's update socket rings within a second of the family pressing
call (a real ``sync.updates.UpdateListener`` against a real center); a call nobody answers
is missed after the ring time, the kiosk and the caller told; the ring-out, ticket expiry
and quiet hours by a given clock, in this process."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from server import call_policy, call_tickets, calls, retention
from server.db import make_engine, migrate, session_factory
from server.models import Call, CallPolicy, Device, ResidentDevice, ResidentRow
from server.settings import RetentionPolicy, Settings
from sync.call_protocol import CallJoin
from tests.helpers.calls import call_socket, home_tablet, make_family, new_resident, write
from tests.helpers.center import CenterMaker, CenterProcess, EnrolledKiosk, wait_until

RING_WITHIN_S = 1.0


def test_a_call_rings_on_the_kiosk_within_a_second(
    center: CenterProcess, enrolled_kiosk: EnrolledKiosk, sync_threads
) -> None:
    card = new_resident(center)
    write(center, "DELETE FROM resident_devices WHERE device_id = :d", d=enrolled_kiosk.device_id)
    write(
        center,
        "INSERT INTO resident_devices (device_id, resident_card, set_by, set_at)"
        " VALUES (:d, :card, 'tests', :now)",
        d=enrolled_kiosk.device_id,
        card=card,
        now=time.time(),
    )
    daughter = make_family(center, card)
    threads = sync_threads(enrolled_kiosk.store, enrolled_kiosk.client, poll_s=5.0)

    def rung(call_id: str) -> float | None:
        for at, changes in threads.reported.changes:
            if any(c.call_id == call_id for c in changes.calls_ringing):
                return at
        return None

    # The first call also waits for the listener's socket to open; the second is timed.
    first = CallJoin.model_validate(daughter.call().json())
    threads.wait_for(lambda: rung(str(first.call_id)), 10, "the first call to ring")
    assert daughter.post(f"/family/calls/{first.call_id}/end").status_code == 200
    pressed = time.monotonic()
    second = daughter.call()
    assert second.status_code == 201, second.text
    call_id = str(second.json()["call_id"])
    arrived = threads.wait_for(lambda: rung(call_id), 5, "the second call to ring")
    print(f"call rang on the kiosk {1000 * (arrived - pressed):.0f} ms after it was made")
    assert arrived - pressed <= RING_WITHIN_S, f"rang after {arrived - pressed:.3f} s"


@pytest.fixture
def quick_ringing(center_factory: CenterMaker) -> CenterProcess:
    process = center_factory("sqlite")
    process.env["CENTER_CALL_RING_S"] = "1"
    return process.start()


def test_a_call_nobody_answers_is_missed_and_everyone_told(
    quick_ringing: CenterProcess,
) -> None:
    center = quick_ringing
    card = new_resident(center)
    tablet = home_tablet(center, card)
    daughter = make_family(center, card)
    join = CallJoin.model_validate(daughter.call().json())
    with call_socket(center, str(join.call_id), join.ticket) as caller:
        caller.next("joined")
        ended = caller.next("ended", timeout=10)
        assert (ended["state"], ended["reason"]) == ("missed", "no_answer")
    assert center.query("SELECT state, reason FROM calls WHERE id = :i", i=str(join.call_id)) == [
        ("missed", "no_answer")
    ]
    told = wait_until(lambda: tablet.updates("call.ended"), 5, "the kiosk to be told")
    assert [(t["call_id"], t["state"], t["reason"]) for t in told] == [
        (str(join.call_id), "missed", "no_answer")
    ]
    assert tablet.post(f"/kiosk/calls/{join.call_id}/answer").status_code == 409


# -- by a given clock, in this process -------------------------------------------------------


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    engine = make_engine(f"sqlite:///{tmp_path / 'center.sqlite3'}")
    migrate(engine)
    with session_factory(engine)() as opened:
        yield opened
    engine.dispose()


def ringing_call(session: Session, created_at: float) -> Call:
    call = Call(
        id=f"00000000-0000-4000-8000-{int(created_at):012d}",
        resident_card="10001",
        device_id="d1",
        caller_kind="staff",
        caller_id=1,
        caller_name="社区中心 Wang",
        callee_kind="kiosk",
        state="ringing",
        created_at=created_at,
    )
    session.add(call)
    session.commit()
    return call


def test_ring_out_by_the_clock(session: Session) -> None:
    early, late = ringing_call(session, 1000.0), ringing_call(session, 1030.0)
    assert calls.ring_out(session, 1044.9, 45) == []
    changes = calls.ring_out(session, 1045.0, 45)
    session.commit()
    assert [(c.call_id, c.state, c.reason) for c in changes] == [(early.id, "missed", "no_answer")]
    assert session.get(Call, late.id).state == "ringing"  # type: ignore[union-attr]
    assert session.get(Call, early.id).ended_at == 1045.0  # type: ignore[union-attr]


def test_tickets_expire_and_are_single_use(session: Session) -> None:
    call = ringing_call(session, 1000.0)
    other = ringing_call(session, 2000.0)
    ticket = call_tickets.issue(session, call.id, "caller", now=1000.0, lifetime_s=120)
    late = call_tickets.issue(session, call.id, "callee", now=1000.0, lifetime_s=120)
    session.commit()
    with pytest.raises(call_tickets.TicketRefused, match="not for this call"):
        call_tickets.redeem(session, other.id, ticket, 1001.0)
    assert call_tickets.redeem(session, call.id, ticket, 1119.9) == "caller"
    with pytest.raises(call_tickets.TicketRefused, match="used already"):
        call_tickets.redeem(session, call.id, ticket, 1120.0)
    with pytest.raises(call_tickets.TicketRefused, match="expired"):
        call_tickets.redeem(session, call.id, late, 1120.0)
    stored = list(session.execute(text("SELECT token_hash FROM call_tickets")).scalars())
    assert ticket not in stored and len(stored) == 2  # only their hashes are kept


def test_quiet_hours_wrap_past_midnight() -> None:
    def at(clock: str) -> datetime:
        hours, minutes = clock.split(":")
        return datetime(2026, 3, 1, int(hours), int(minutes))

    assert call_policy.in_quiet_hours("21:00", "07:30", at("23:59"))
    assert call_policy.in_quiet_hours("21:00", "07:30", at("00:00"))
    assert call_policy.in_quiet_hours("21:00", "07:30", at("07:29"))
    assert not call_policy.in_quiet_hours("21:00", "07:30", at("07:30"))
    assert not call_policy.in_quiet_hours("21:00", "07:30", at("20:59"))
    assert call_policy.in_quiet_hours("12:00", "14:00", at("12:00"))
    assert not call_policy.in_quiet_hours("12:00", "14:00", at("14:00"))
    assert not call_policy.in_quiet_hours(None, "14:00", at("13:00"))


def test_a_block_says_until_when_and_comes_before_quiet_hours() -> None:
    zone = ZoneInfo("Asia/Shanghai")
    noon = datetime(2026, 3, 1, 12, 0, tzinfo=zone).timestamp()
    policy = CallPolicy(
        resident_card="10001",
        quiet_from="11:00",
        quiet_to="13:00",
        blocked_until=noon + 86400,
        block_reason="in hospital",
        updated_by="staff:Wang",
        updated_at=noon,
    )
    refusal = call_policy.refusal(policy, noon, zone, quiet_hours_apply=True)
    assert refusal is not None and refusal.reason == "blocked"
    assert "2026-03-02 12:00" in refusal.message and "in hospital" in refusal.message
    policy.blocked_until = noon - 1  # over
    quiet = call_policy.refusal(policy, noon, zone, quiet_hours_apply=True)
    assert quiet is not None and quiet.reason == "quiet_hours"
    assert call_policy.refusal(policy, noon, zone, quiet_hours_apply=False) is None


def test_two_calls_to_one_tablet_the_second_is_busy(session: Session) -> None:
    session.add(Device(id="d1", name="home tablet", mode="home", token_hash="x", created_at=1.0))
    session.flush()
    session.add(ResidentDevice(device_id="d1", resident_card="10001", set_by="t", set_at=1.0))
    session.add(
        ResidentRow(card="10001", name="王大爷", subsidy_tier="full", updated_at=1, updated_by="t")
    )
    session.commit()
    settings = Settings(database_url="sqlite://")
    zone = ZoneInfo("Asia/Shanghai")
    nurse = calls.Party("staff", account_id=1, name="Wang")
    first = calls.place_to_kiosk(session, "10001", nurse, settings, zone, now=1000.0)
    session.commit()
    second = calls.place_to_kiosk(session, "10001", nurse, settings, zone, now=1001.0)
    session.commit()
    assert first.join is not None and first.refusal is None
    assert second.refusal is not None and second.refusal.reason == "busy"
    assert session.get(Call, second.call_id).state == "busy"  # type: ignore[union-attr]


def test_old_calls_and_their_tickets_go_with_the_call_logs(session: Session) -> None:
    day = 86400.0
    old = ringing_call(session, 1000.0)
    still_ringing = ringing_call(session, 2000.0)
    old.state, old.reason, old.ended_at = "ended", "hung_up", 1100.0
    call_tickets.issue(session, old.id, "caller", now=1000.0, lifetime_s=120)
    session.commit()
    policy = RetentionPolicy(call_logs_days=180)
    removed = retention.enforce(session, policy, 1000.0 + 180 * day - 1)
    assert removed["call_logs"] == 0
    removed = retention.enforce(session, policy, 2000.0 + 181 * day)
    assert removed["call_logs"] == 1
    assert session.get(Call, old.id) is None
    assert session.get(Call, still_ringing.id) is not None
    assert session.execute(text("SELECT COUNT(*) FROM call_tickets")).scalar() == 0
