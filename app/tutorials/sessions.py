"""Volunteer-led group sessions on a kiosk, with no Qt: a volunteer the center signed in
runs one lesson for the elders present, checks them in, moves the steps, marks each elder
(managed, or needs more practice) and ends the session.

Every change the center must hear of is written with its outbox event in one transaction:
the ``learn.session`` event (sync.protocol.GroupSession) tells the whole session as it
stands, and is written when the session starts, at each check-in and mark, and when it ends,
so whatever the kiosk goes through the center has the latest word (it keeps the latest per
session). The end also records each elder's progress as their own in the same transaction
(a "managed" mark is the lesson mastered). The steps each elder saw are recorded as they are
shown, by the lesson player, as for a resident on their own.

The hours a session is worth for the volunteer's time bank run from its start to its end,
at most :data:`MAX_SESSION`; the center works them out the same way from the times sent.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Final

from app import outbox
from app.clock import iso, utc_now
from app.people import Resident
from app.store import Store
from app.tutorials.model import Lesson
from app.tutorials.progress import record_progress_in

EVENT_KIND: Final = "learn.session"
MANAGED: Final = "managed"
NEEDS_PRACTICE: Final = "needs_practice"
RESULTS: Final = (MANAGED, NEEDS_PRACTICE)
MAX_SESSION: Final = timedelta(hours=4)
MAX_ATTENDEES: Final = 60


class SessionError(ValueError):
    """Something a group session cannot do: a full room, a mark for someone not checked in,
    a change after the end (the message says which)."""


@dataclass(frozen=True)
class VolunteerSignin:
    """A volunteer the center signed in on this kiosk (sync.protocol.VolunteerSignedIn)."""

    signin_id: str
    name: str


@dataclass
class Attendee:
    resident: Resident
    checked_in_at: datetime
    result: str | None = None


@dataclass
class GroupSession:
    """One session as it stands; the screens hold it, these functions change it."""

    session_id: str
    volunteer: VolunteerSignin
    lesson: Lesson
    started_at: datetime
    step: int = 0  # the furthest step shown, from 0
    attendees: dict[str, Attendee] = field(default_factory=dict)  # by card number
    ended_at: datetime | None = None

    @property
    def ended(self) -> bool:
        return self.ended_at is not None

    def elders(self) -> list[Resident]:
        """The elders checked in, in the order they came."""
        return [attendee.resident for attendee in self.attendees.values()]

    def unmarked(self) -> list[Resident]:
        return [a.resident for a in self.attendees.values() if a.result is None]

    def hours(self, now: datetime | None = None) -> float:
        """The hours the session counts for: start to end (or to ``now`` while it runs),
        at most :data:`MAX_SESSION`."""
        end = self.ended_at or now or utc_now()
        length = min(max(end - self.started_at, timedelta(0)), MAX_SESSION)
        return round(length.total_seconds() / 3600, 2)

    def payload(self) -> dict[str, Any]:
        """The ``learn.session`` event for the session as it stands."""
        return {
            "session_id": self.session_id,
            "signin_id": self.volunteer.signin_id,
            "volunteer": self.volunteer.name,
            "lesson_id": self.lesson.id,
            "steps": len(self.lesson.steps),
            "step": self.step,
            "started_at": iso(self.started_at),
            "ended_at": iso(self.ended_at) if self.ended_at is not None else None,
            "attendees": [
                {
                    "resident_card": card,
                    "checked_in_at": iso(attendee.checked_in_at),
                    "result": attendee.result,
                }
                for card, attendee in self.attendees.items()
            ],
        }


def _tell(store: Store, session: GroupSession) -> None:
    with store.transaction() as conn:
        _enqueue(conn, session)


def _enqueue(conn: Any, session: GroupSession) -> None:
    # Queued by the kiosk's own clock (the session's times may be given, in tests).
    outbox.enqueue(
        conn,
        "learn.session",  # EVENT_KIND, written out so the protocol tests check it
        session.payload(),
    )


def _open(session: GroupSession) -> None:
    if session.ended:
        raise SessionError("the session has ended")


def start_session(
    store: Store, volunteer: VolunteerSignin, lesson: Lesson, *, now: datetime | None = None
) -> GroupSession:
    """A new session of ``lesson`` run by ``volunteer``, told to the center."""
    now = now or utc_now()
    session = GroupSession(str(uuid.uuid4()), volunteer, lesson, now)
    _tell(store, session)
    return session


def check_in(
    store: Store, session: GroupSession, resident: Resident, *, now: datetime | None = None
) -> bool:
    """Check ``resident`` in; False when they already are (nothing is written)."""
    _open(session)
    if resident.card_number in session.attendees:
        return False
    if len(session.attendees) >= MAX_ATTENDEES:
        raise SessionError(f"a session has room for {MAX_ATTENDEES} elders")
    now = now or utc_now()
    session.attendees[resident.card_number] = Attendee(resident, now)
    try:
        _tell(store, session)
    except BaseException:
        del session.attendees[resident.card_number]  # not kept: not checked in
        raise
    return True


def reach_step(session: GroupSession, index: int) -> None:
    """The step shown is ``index`` (from 0): the furthest one is remembered."""
    _open(session)
    if not 0 <= index < len(session.lesson.steps):
        raise SessionError(f"step {index} is not a step of '{session.lesson.id}'")
    session.step = max(session.step, index)


def mark(
    store: Store,
    session: GroupSession,
    card: str,
    result: str | None,
) -> None:
    """The volunteer's mark for the elder with ``card`` (None takes it back)."""
    _open(session)
    if result is not None and result not in RESULTS:
        raise SessionError(f"a mark is one of {', '.join(RESULTS)}, not {result!r}")
    attendee = session.attendees.get(card)
    if attendee is None:
        raise SessionError("that elder is not checked in to this session")
    if attendee.result == result:
        return
    before = attendee.result
    attendee.result = result
    try:
        _tell(store, session)
    except BaseException:
        attendee.result = before
        raise


def end_session(store: Store, session: GroupSession, *, now: datetime | None = None) -> float:
    """End the session: each elder's progress (mastered where marked "managed") and the
    session's last word, in one transaction. The hours it counts for."""
    _open(session)
    now = now or utc_now()
    session.ended_at = now
    try:
        with store.transaction() as conn:
            for attendee in session.attendees.values():
                record_progress_in(
                    conn,
                    attendee.resident,
                    session.lesson,
                    min(session.step, len(session.lesson.steps) - 1),
                    mastered=attendee.result == MANAGED,
                    now=now,
                )
            _enqueue(conn, session)
    except BaseException:
        session.ended_at = None  # nothing was kept: the session goes on
        raise
    return session.hours()
