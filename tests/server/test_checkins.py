"""The daily check-in job, driven with a clock on a real database (SQLite, migrated as the
server does): when a check-in is prompted and when it is not, the ``call.checkin`` update for
the home tablet, and how a run is settled as called or missed."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from server import checkins, family, residents
from server.db import make_engine, migrate, session_factory
from server.models import Call, CheckinRun, Device, Staff, Update
from sync.call_protocol import CheckinDue

ZONE = ZoneInfo("Asia/Shanghai")
GRACE_S = 30 * 60.0


def local(text: str) -> float:
    """A moment of the center's local time, '2026-03-02 10:00' (a Monday)."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=ZONE).timestamp()


@dataclass
class World:
    sessions: sessionmaker[Session]
    account_id: int
    device_id: str
    pushed: list[tuple[int, str | None]]

    def job(self, now: float) -> checkins.CheckinJob:
        return checkins.CheckinJob(
            self.sessions,
            lambda _session: ZONE,
            self.pushed.extend,
            checkins.CheckinSettings(grace_s=GRACE_S),
            clock=lambda: now,
        )

    def schedule(self, at_time: str, weekdays: str = "1234567", *, made: str) -> int:
        with self.sessions() as session:
            row = checkins.add(
                session,
                "10001",
                self.account_id,
                checkins.CheckinTime(at_time=at_time, weekdays=weekdays),
                "family:test",
                now=local(made),
            )
            return row.id

    def runs(self) -> list[CheckinRun]:
        with self.sessions() as session:
            return list(session.scalars(select(CheckinRun).order_by(CheckinRun.day)))

    def updates(self) -> list[Update]:
        with self.sessions() as session:
            return list(session.scalars(select(Update).where(Update.kind == checkins.UPDATE_KIND)))


def _family_member(session: Session, name: str, card: str, now: float) -> Staff:
    invited = family.invite(session, "staff:test", card, "女儿", f"女儿 {name}", now=now)
    session.commit()
    token = invited.path.rsplit("/", 1)[1]
    return family.accept(session, token, name=name, password="a long password", now=now).account


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    engine = make_engine(f"sqlite:///{tmp_path / 'center.sqlite3'}")
    migrate(engine)
    sessions = session_factory(engine)
    start = local("2026-03-01 08:00")
    with sessions() as session:
        residents.seed_demo(session)
        account = _family_member(session, "王丽", "10001", start)
        device_id = str(uuid.uuid4())
        session.add(
            Device(
                id=device_id,
                name="home",
                mode="home",
                token_hash=uuid.uuid4().hex,
                created_at=start,
            )
        )
        session.commit()
        family.set_home_device(session, "staff:test", "10001", device_id, now=start)
        session.commit()
        world = World(sessions, account.id, device_id, [])
    yield world
    engine.dispose()


def test_a_check_in_is_prompted_once_at_its_time_for_the_home_tablet(world: World) -> None:
    schedule_id = world.schedule("10:00", made="2026-03-01 09:00")
    assert world.job(local("2026-03-02 09:59")).run() == (0, {"called": 0, "missed": 0})
    assert world.runs() == [] and world.pushed == []
    prompted, _ = world.job(local("2026-03-02 10:00")).run()
    assert prompted == 1
    [run] = world.runs()
    assert (run.schedule_id, run.day, run.outcome) == (schedule_id, "2026-03-02", None)
    [update] = world.updates()
    assert update.device_id == world.device_id
    due = CheckinDue.model_validate(json.loads(update.payload))
    assert (due.family_id, due.name, due.at_time, due.day) == (
        world.account_id,
        "女儿 王丽",
        "10:00",
        "2026-03-02",
    )
    assert world.pushed == [(update.seq, world.device_id)]  # handed to the push hub at once
    assert world.job(local("2026-03-02 10:05")).run()[0] == 0  # once a day
    assert len(world.updates()) == 1


def test_not_on_other_weekdays_not_when_made_later_and_not_hours_late(world: World) -> None:
    world.schedule("10:00", "6", made="2026-03-01 09:00")  # Saturdays only
    assert world.job(local("2026-03-02 10:00")).run()[0] == 0  # a Monday
    assert world.job(local("2026-03-07 10:00")).run()[0] == 1  # a Saturday
    world.schedule("11:00", made="2026-03-09 11:30")  # made after today's time
    assert world.job(local("2026-03-09 11:31")).run()[0] == 0
    assert world.job(local("2026-03-10 11:00")).run()[0] == 1  # from the next day on
    world.schedule("07:00", made="2026-03-01 09:00")
    late = local("2026-03-11 11:00")
    assert late - local("2026-03-11 07:00") > checkins.PROMPT_LATE_S
    prompted, _ = world.job(late).run()
    assert prompted == 1  # only 11:00 of that day; 07:00 is too long past (the server was down)
    days = {(r.day, r.schedule_id) for r in world.runs()}
    assert ("2026-03-11", 3) not in days


def test_a_run_is_called_once_the_family_member_and_resident_spoke(world: World) -> None:
    world.schedule("10:00", made="2026-03-01 09:00")
    world.job(local("2026-03-02 10:00")).run()
    with world.sessions() as session:
        other = _family_member(session, "李四", "10001", local("2026-03-02 09:00"))
        for caller_id, answered in ((other.id, "10:02"), (world.account_id, None)):
            session.add(
                Call(
                    id=str(uuid.uuid4()),
                    resident_card="10001",
                    device_id=world.device_id,
                    caller_kind="family",
                    caller_id=caller_id,
                    caller_name="x",
                    callee_kind="kiosk",
                    state="accepted" if answered else "missed",
                    created_at=local("2026-03-02 10:01"),
                    answered_at=local(f"2026-03-02 {answered}") if answered else None,
                )
            )
        session.commit()
    # another family member's call and an unanswered one are not this check-in
    assert world.job(local("2026-03-02 10:10")).run()[1] == {"called": 0, "missed": 0}
    call_id = str(uuid.uuid4())
    with world.sessions() as session:
        session.add(
            Call(
                id=call_id,
                resident_card="10001",
                device_id=world.device_id,
                caller_kind="kiosk",
                caller_name="张秀英",
                callee_kind="family",
                callee_id=world.account_id,
                state="ended",
                created_at=local("2026-03-02 10:11"),
                answered_at=local("2026-03-02 10:11"),
            )
        )
        session.commit()
    assert world.job(local("2026-03-02 10:12")).run()[1] == {"called": 1, "missed": 0}
    [run] = world.runs()
    assert (run.outcome, run.call_id) == ("called", call_id)


def test_a_run_without_a_call_is_missed_after_the_grace_and_reported_today(world: World) -> None:
    world.schedule("10:00", made="2026-03-01 09:00")
    world.job(local("2026-03-02 10:00")).run()
    assert world.job(local("2026-03-02 10:29")).run()[1]["missed"] == 0
    assert world.job(local("2026-03-02 10:30")).run()[1]["missed"] == 1
    with world.sessions() as session:
        [missed] = checkins.missed_today(
            session, "10001", world.account_id, ZONE, local("2026-03-02 18:00")
        )
        assert missed.at_time == "10:00"
        assert (
            checkins.missed_today(
                session, "10001", world.account_id, ZONE, local("2026-03-03 08:00")
            )
            == []
        )


def test_no_tablet_still_records_the_day_and_an_ended_link_stops_the_check_ins(
    world: World,
) -> None:
    world.schedule("10:00", made="2026-03-01 09:00")
    with world.sessions() as session:
        family.set_home_device(session, "staff:test", "10001", None)
        session.commit()
    assert world.job(local("2026-03-02 10:00")).run()[0] == 1
    assert world.updates() == []  # nothing to ring
    assert world.job(local("2026-03-02 10:31")).run()[1]["missed"] == 1
    with world.sessions() as session:
        family.end_link(session, "staff:test", "10001", world.account_id)
        session.commit()
    assert world.job(local("2026-03-03 10:00")).run()[0] == 0


@pytest.mark.parametrize(
    "env, words",
    [
        ({"CENTER_CHECKIN_GRACE_MIN": "soon"}, "must be a number"),
        ({"CENTER_CHECKIN_GRACE_MIN": "0"}, "CENTER_CHECKIN_GRACE_MIN must be"),
        ({"CENTER_CHECKIN_INTERVAL_S": "-1"}, "CENTER_CHECKIN_INTERVAL_S must be"),
    ],
)
def test_bad_settings_are_named(env: dict[str, str], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        checkins.CheckinSettings.from_env(env)
    assert checkins.CheckinSettings.from_env({}).grace_s == 30 * 60
