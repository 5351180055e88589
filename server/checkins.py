"""Daily check-ins: at a time the family (or staff) set, the resident's home tablet offers to
call that family member; a check-in that did not become a call is reported as missed.

A schedule (``checkin_schedules``) is a time of day in the center's time zone (the
catalog's, server.pricing) and the days of the week it holds on. A job in each server
process (:class:`CheckinJob`, every :data:`INTERVAL_S`) does two things, each one query when
nothing is due:

* **prompt**: for each enabled schedule of an active link whose time has come today, and for
  which there is no run yet, it writes a ``checkin_runs`` row and a ``call.checkin`` update
  (sync.call_protocol.CheckinDue) for the resident's home tablet, in one transaction, and hands
  the update to the push hub so the tablet wakes at once. A schedule whose time passed more
  than :data:`PROMPT_LATE_S` ago (the server was down), or that was made after today's time,
  waits for its next day. The run's primary key (schedule, day) keeps two processes from
  prompting twice.
* **settle**: a run becomes ``called`` once an answered call between that resident and that
  family member exists since it was prompted, and ``missed`` once the grace period
  (``CENTER_CHECKIN_GRACE_MIN``, default 30 minutes) has passed without one.

Everything takes ``now`` (and the job a clock), so tests drive it without waiting.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Annotated, Final

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from server import staff
from server.models import Call, CheckinRun, CheckinSchedule, FamilyLink, ResidentDevice
from server.staff import StaffError
from sync.call_protocol import CheckinDue, ClockTime

log = logging.getLogger(__name__)

INTERVAL_S: Final = 30.0
DEFAULT_GRACE_MIN: Final = 30.0
PROMPT_LATE_S: Final = 3600.0
MAX_SCHEDULES: Final = 6  # per family member and resident
UPDATE_KIND: Final = "call.checkin"
CALLED: Final = "called"
MISSED: Final = "missed"


class CheckinTime(BaseModel):
    """A daily check-in as the family page and the API set it: ``{"at_time": "10:00",
    "weekdays": "1234567"}`` (ISO weekdays, 1 = Monday)."""

    model_config = ConfigDict(extra="forbid")
    at_time: ClockTime
    weekdays: Annotated[str, Field(min_length=1, max_length=7, pattern=r"^[1-7]+$")] = "1234567"

    @field_validator("weekdays")
    @classmethod
    def _each_day_once(cls, value: str) -> str:
        if len(set(value)) != len(value):
            raise ValueError("each weekday at most once")
        return "".join(sorted(value))


class CheckinView(BaseModel):
    id: int
    at_time: str
    weekdays: str
    created_by: str


class MissedCheckin(BaseModel):
    """A check-in today that did not become a call."""

    schedule_id: int
    at_time: str
    day: str


@dataclass(frozen=True)
class CheckinSettings:
    grace_s: float = DEFAULT_GRACE_MIN * 60
    interval_s: float = INTERVAL_S

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> CheckinSettings:
        """``CENTER_CHECKIN_GRACE_MIN`` (minutes, may be a fraction) and
        ``CENTER_CHECKIN_INTERVAL_S`` (how often the job looks; for tests)."""
        env = dict(os.environ if env is None else env)
        grace = _number(env, "CENTER_CHECKIN_GRACE_MIN", DEFAULT_GRACE_MIN, 0.01, 24 * 60)
        interval = _number(env, "CENTER_CHECKIN_INTERVAL_S", INTERVAL_S, 0.05, 3600)
        return cls(grace * 60, interval)


def _number(env: dict[str, str], key: str, default: float, least: float, most: float) -> float:
    text = env.get(key, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{key} must be a number, not {text!r}") from None
    if not least <= value <= most:
        raise ValueError(f"{key} must be {least} to {most}, not {value}")
    return value


# -- schedules ----------------------------------------------------------------------------------


def view(row: CheckinSchedule) -> CheckinView:
    return CheckinView(
        id=row.id, at_time=row.at_time, weekdays=row.weekdays, created_by=row.created_by
    )


def schedules(session: Session, card: str, account_id: int) -> list[CheckinSchedule]:
    """The enabled check-ins of one family member with one resident, by time of day."""
    return list(
        session.scalars(
            select(CheckinSchedule)
            .where(
                CheckinSchedule.resident_card == card,
                CheckinSchedule.account_id == account_id,
                CheckinSchedule.enabled.is_(True),
            )
            .order_by(CheckinSchedule.at_time, CheckinSchedule.id)
        )
    )


def add(
    session: Session,
    card: str,
    account_id: int,
    body: CheckinTime,
    actor: str,
    *,
    now: float | None = None,
) -> CheckinSchedule:
    """A new daily check-in; 409 for a time already set or one too many. Commits."""
    now = time.time() if now is None else now
    current = schedules(session, card, account_id)
    if any(s.at_time == body.at_time for s in current):
        raise StaffError("duplicate", f"There is already a check-in at {body.at_time}.", 409)
    if len(current) >= MAX_SCHEDULES:
        raise StaffError("too_many", f"At most {MAX_SCHEDULES} check-ins a day.", 409)
    row = CheckinSchedule(
        resident_card=card,
        account_id=account_id,
        at_time=body.at_time,
        weekdays=body.weekdays,
        enabled=True,
        created_by=actor[:120],
        created_at=now,
    )
    session.add(row)
    session.commit()
    return row


def remove(session: Session, card: str, account_id: int, schedule_id: int) -> None:
    """Stop a check-in (its past runs are kept); 404 for one that is not theirs. Commits."""
    row = session.get(CheckinSchedule, schedule_id)
    if row is None or row.resident_card != card or row.account_id != account_id or not row.enabled:
        raise StaffError("not_found", f"There is no check-in {schedule_id} here.", 404)
    row.enabled = False
    session.commit()


def missed_today(
    session: Session, card: str, account_id: int, zone: tzinfo, now: float
) -> list[MissedCheckin]:
    day = local_day(now, zone)
    rows = session.execute(
        select(CheckinRun, CheckinSchedule)
        .join(CheckinSchedule, CheckinSchedule.id == CheckinRun.schedule_id)
        .where(
            CheckinSchedule.resident_card == card,
            CheckinSchedule.account_id == account_id,
            CheckinRun.day == day,
            CheckinRun.outcome == MISSED,
        )
        .order_by(CheckinSchedule.at_time)
    )
    return [MissedCheckin(schedule_id=s.id, at_time=s.at_time, day=r.day) for r, s in rows]


# -- the job --------------------------------------------------------------------------------------


def local_day(now: float, zone: tzinfo) -> str:
    return datetime.fromtimestamp(now, zone).strftime("%Y-%m-%d")


def due_moment(schedule: CheckinSchedule, now: float, zone: tzinfo) -> float | None:
    """When today's check-in of ``schedule`` is (Unix time), if it holds today."""
    today = datetime.fromtimestamp(now, zone)
    if str(today.isoweekday()) not in schedule.weekdays:
        return None
    try:
        hour, minute = (int(part) for part in schedule.at_time.split(":"))
        moment = datetime(today.year, today.month, today.day, hour, minute, tzinfo=zone)
    except ValueError:  # a time that is not one: never due (the API refuses them)
        return None
    # A time skipped by a clock change is taken as the moment after it.
    return moment.timestamp()


def prompt_due(session: Session, now: float, zone: tzinfo) -> int:
    """Prompt every check-in that is due and not prompted today; how many. Commits each."""
    day = local_day(now, zone)
    candidates = session.execute(
        select(CheckinSchedule, FamilyLink, ResidentDevice.device_id)
        .join(
            FamilyLink,
            and_(
                FamilyLink.account_id == CheckinSchedule.account_id,
                FamilyLink.resident_card == CheckinSchedule.resident_card,
                FamilyLink.ended_at.is_(None),
            ),
        )
        .outerjoin(ResidentDevice, ResidentDevice.resident_card == CheckinSchedule.resident_card)
        .outerjoin(
            CheckinRun,
            and_(CheckinRun.schedule_id == CheckinSchedule.id, CheckinRun.day == day),
        )
        .where(CheckinSchedule.enabled.is_(True), CheckinRun.schedule_id.is_(None))
    )
    due = []
    for schedule, link, device_id in candidates:
        moment = due_moment(schedule, now, zone)
        if moment is None or not moment <= now < moment + PROMPT_LATE_S:
            continue
        if schedule.created_at > moment:
            continue  # set after today's time: from the next day on
        due.append((schedule.id, schedule.resident_card, schedule.account_id, link, device_id))
    prompted = 0
    for schedule_id, card, account_id, link, device_id in due:
        row = session.get(CheckinSchedule, schedule_id)
        assert row is not None
        session.add(CheckinRun(schedule_id=schedule_id, day=day, prompted_at=now))
        if device_id is not None:
            payload = CheckinDue(
                schedule_id=schedule_id,
                resident_card=card,
                family_id=account_id,
                name=link.display_name,
                at_time=row.at_time,
                day=day,
            )
            staff.queue_update(session, device_id, UPDATE_KIND, payload.model_dump(), now)
        try:
            session.commit()
        except IntegrityError:  # another process prompted it first
            session.rollback()
            staff.queued_updates(session)  # not sent: it was rolled back
            continue
        prompted += 1
    return prompted


def settle(session: Session, now: float, grace_s: float) -> dict[str, int]:
    """Mark open runs ``called`` or ``missed``; how many of each. Commits."""
    found = {CALLED: 0, MISSED: 0}
    open_runs = session.execute(
        select(CheckinRun, CheckinSchedule)
        .join(CheckinSchedule, CheckinSchedule.id == CheckinRun.schedule_id)
        .where(CheckinRun.outcome.is_(None))
    )
    for run, schedule in list(open_runs):
        call_id = answered_call(session, schedule, run.prompted_at)
        if call_id is not None:
            run.outcome, run.call_id, run.settled_at = CALLED, call_id, now
        elif now >= run.prompted_at + grace_s:
            run.outcome, run.settled_at = MISSED, now
        else:
            continue
        found[run.outcome] += 1
    if any(found.values()):
        session.commit()
    return found


def answered_call(session: Session, schedule: CheckinSchedule, since: float) -> str | None:
    """An answered call between the schedule's resident and family member since ``since``."""
    account = schedule.account_id
    return session.scalar(
        select(Call.id)
        .where(
            Call.resident_card == schedule.resident_card,
            Call.answered_at.is_not(None),
            Call.answered_at >= since,
            or_(
                Call.checkin_schedule_id == schedule.id,
                and_(Call.caller_kind == "family", Call.caller_id == account),
                and_(Call.callee_kind == "family", Call.callee_id == account),
            ),
        )
        .order_by(Call.answered_at)
        .limit(1)
    )


class CheckinJob:
    """The job: :meth:`run` once (``now`` from the clock), :meth:`loop` every interval."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        zone: Callable[[Session], tzinfo],
        committed: Callable[[list[tuple[int, str | None]]], None],
        settings: CheckinSettings,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.sessions = sessions
        self.zone = zone
        self.committed = committed  # the push hub: updates to send now
        self.settings = settings
        self.clock = clock

    def run(self) -> tuple[int, dict[str, int]]:
        now = self.clock()
        with self.sessions() as session:
            prompted = prompt_due(session, now, self.zone(session))
            self.committed(staff.queued_updates(session))
            settled = settle(session, now, self.settings.grace_s)
        if prompted or any(settled.values()):
            log.info("check-ins: %d prompted, %s", prompted, settled)
        return prompted, settled

    async def loop(self) -> None:
        while True:
            try:
                await asyncio.to_thread(self.run)
            except Exception:
                log.warning("could not run the daily check-ins", exc_info=True)
            await asyncio.sleep(self.settings.interval_s)
