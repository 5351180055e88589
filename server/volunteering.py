"""Volunteers at the center: their kiosk PIN, their sign-ins on kiosks, the group sessions
they ran (attendance and each elder's mark), and each one's time bank in hours.

A volunteer signs in on a kiosk with their name (from :func:`volunteer_names`) and a PIN; the
kiosk asks over its own device credentials (:func:`sign_in`). Wrong PINs count towards the
same lockout as wrong console passwords (server.accounts), so guessing on a kiosk is no
easier than on the console. Each sign-in allowed is kept (``volunteer_signins``).

Kiosks send a session as ``learn.session`` events (sync.protocol.GroupSession), stored once
each as records (server.ingest); the latest word per session holds. A session's hours count
for the volunteer's time bank once it has ended and the sign-in it names was made by that
volunteer on the kiosk that sent it: from its start to its end, at most
:data:`MAX_SESSION_S`, so a session left running is not worth a day.
"""

from __future__ import annotations

import json
import logging
import math
import time
import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import ValidationError
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from server import accounts, audit, records
from server.auth import AuthError
from server.models import Staff
from server.roles import VOLUNTEER
from sync.protocol import (
    GroupSession,
    SessionAttendee,
    TimeBankBalance,
    VolunteeringReport,
    VolunteerSessionView,
    VolunteerSignedIn,
)

log = logging.getLogger(__name__)
KIND: Final = "learn.session"
MAX_SESSION_S: Final = 4 * 3600.0
PIN_LENGTHS: Final = (6, 12)

_hasher = PasswordHasher()
_NOBODY = _hasher.hash("000000 is the pin of no volunteer")


class VolunteerError(Exception):
    """A PIN that cannot be set; ``code`` for programs, a sentence for people."""

    def __init__(self, code: str, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


# -- the PIN -----------------------------------------------------------------------------


def check_pin(pin: str) -> None:
    low, high = PIN_LENGTHS
    if not (pin.isascii() and pin.isdigit() and low <= len(pin) <= high):
        raise VolunteerError("bad_pin_form", f"A kiosk PIN is {low} to {high} digits.")
    if len(set(pin)) == 1 or pin in "0123456789012" or pin in "9876543210987":
        raise VolunteerError("weak_pin", "A kiosk PIN may not be one digit repeated or a run.")


def set_pin(
    session: Session, staff: Staff, pin: str, *, actor: str, now: float | None = None
) -> None:
    """Give ``staff`` (a volunteer) a new kiosk PIN; VolunteerError for another role or a
    PIN too short or too easy. The lockout is lifted, as a new password lifts it."""
    now = time.time() if now is None else now
    if staff.role != VOLUNTEER:
        raise VolunteerError("not_volunteer", "Only volunteers have a kiosk PIN.", 409)
    check_pin(pin)
    session.execute(
        text(
            "UPDATE staff SET volunteer_pin_hash = :hash, failed_signins = 0, lockouts = 0,"
            " locked_until = NULL WHERE id = :id"
        ),
        {"hash": _hasher.hash(pin), "id": staff.id},
    )
    audit.record(session, actor, "volunteer.pin", f"staff:{staff.name}", None, None, now)


def has_pin(session: Session, staff_id: int) -> bool:
    found = session.execute(
        text("SELECT volunteer_pin_hash FROM staff WHERE id = :id"), {"id": staff_id}
    ).scalar()
    return found is not None


def volunteer_names(session: Session) -> list[str]:
    """The volunteers a kiosk offers to sign in: enabled, with a kiosk PIN, by name."""
    rows = session.execute(
        text(
            "SELECT name FROM staff WHERE role = :role AND disabled_at IS NULL"
            " AND volunteer_pin_hash IS NOT NULL ORDER BY name"
        ),
        {"role": VOLUNTEER},
    )
    return [row[0] for row in rows]


# -- signing in on a kiosk ---------------------------------------------------------------


def _verify(hashed: str, pin: str) -> bool:
    try:
        return _hasher.verify(hashed, pin)
    except (VerificationError, InvalidHashError):
        return False


def _locked(seconds: float) -> AuthError:
    wait = max(1, math.ceil(seconds))
    return AuthError(
        "account_locked",
        f"Too many wrong PINs for this volunteer; try again in {wait} s.",
        429,
        {"Retry-After": str(wait)},
    )


def sign_in(
    session: Session,
    device_id: str,
    name: str,
    pin: str,
    *,
    client: str = "",
    now: float | None = None,
) -> VolunteerSignedIn:
    """Check a volunteer's PIN typed on kiosk ``device_id``; the sign-in, kept, or
    AuthError: ``bad_pin`` (401: no such name or a wrong PIN, told apart by nobody),
    ``account_locked`` (429), ``not_volunteer`` or ``account_disabled`` (403). Commits, so
    a wrong PIN is counted even though the request is refused."""
    now = time.time() if now is None else now
    staff = session.scalar(select(Staff).where(Staff.name == name.strip()).with_for_update())
    if staff is None:
        _verify(_NOBODY, pin)
        raise AuthError("bad_pin", "The name or the PIN is wrong.")
    if staff.locked_until is not None and now < staff.locked_until:
        session.rollback()
        raise _locked(staff.locked_until - now)
    hashed = session.execute(
        text("SELECT volunteer_pin_hash FROM staff WHERE id = :id"), {"id": staff.id}
    ).scalar()
    if hashed is None or not _verify(hashed, pin):
        staff.failed_signins = (staff.failed_signins or 0) + 1
        locked_for = None
        if staff.failed_signins >= accounts.LOCK_AFTER:
            staff.lockouts = (staff.lockouts or 0) + 1
            locked_for = min(accounts.LOCK_BASE_S * 2 ** (staff.lockouts - 1), accounts.LOCK_MAX_S)
            staff.locked_until = now + locked_for
            staff.failed_signins = 0
            audit.record(
                session,
                f"device:{device_id}",
                "account.locked",
                f"staff:{staff.name}",
                None,
                {"locked_for_s": locked_for, "lockouts": staff.lockouts},
                now,
            )
        session.commit()
        if locked_for is not None:
            raise _locked(locked_for)
        raise AuthError("bad_pin", "The name or the PIN is wrong.")
    if staff.role != VOLUNTEER:
        session.rollback()
        raise AuthError(
            "not_volunteer", "Only a volunteer can run a group session on a kiosk.", 403
        )
    if staff.disabled_at is not None:
        session.rollback()
        raise AuthError(
            "account_disabled", "This account is switched off; ask an administrator.", 403
        )
    staff.failed_signins = 0
    staff.lockouts = 0
    staff.locked_until = None
    signin_id = uuid.uuid4()
    session.execute(
        text(
            "INSERT INTO volunteer_signins (id, staff_id, device_id, signed_in_at)"
            " VALUES (:id, :staff, :device, :at)"
        ),
        {"id": str(signin_id), "staff": staff.id, "device": device_id, "at": now},
    )
    audit.record(
        session,
        f"device:{device_id}",
        "volunteer.signin",
        f"staff:{staff.name}",
        None,
        {"client": client[:100]},
        now,
    )
    session.commit()
    return VolunteerSignedIn(signin_id=signin_id, name=staff.name, signed_in_at=now)


# -- sessions and the time bank ----------------------------------------------------------


def _stamp(value: str) -> datetime | None:
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        return None
    return stamp if stamp.tzinfo is not None else None


def session_hours(started_at: str, ended_at: str | None) -> float:
    """The hours a session counts for: start to end, at most :data:`MAX_SESSION_S`; none
    for a session not ended, or whose times do not read."""
    if ended_at is None:
        return 0.0
    start, end = _stamp(started_at), _stamp(ended_at)
    if start is None or end is None:
        return 0.0
    seconds = min(max((end - start).total_seconds(), 0.0), MAX_SESSION_S)
    return round(seconds / 3600, 2)


def _latest(kept: tuple[GroupSession, float], new: tuple[GroupSession, float]) -> bool:
    """Whether ``new`` says more than ``kept``: an end beats no end, else the later arrival."""
    (old, old_at), (now, now_at) = kept, new
    if (old.ended_at is None) != (now.ended_at is None):
        return now.ended_at is not None
    return now_at >= old_at


def merge(rows: Iterable[tuple[Any, str, float]]) -> dict[str, tuple[GroupSession, str]]:
    """Session id -> (what the session's latest word says, the device that sent it), from
    stored (payload, device id, received at) rows. Elders checked in by an earlier word
    and missing from the latest (words that crossed on the way) are kept; a payload that
    no longer reads as a session is logged and left out."""
    chosen: dict[str, tuple[GroupSession, float, str]] = {}
    seen: dict[str, dict[str, SessionAttendee]] = {}
    for payload, device_id, received_at in rows:
        try:
            data = json.loads(payload) if isinstance(payload, str) else payload
            word = GroupSession.model_validate(data)
        except (ValueError, ValidationError) as exc:
            log.warning("a stored learn.session record is left out: %s", exc)
            continue
        key = str(word.session_id)
        kept = chosen.get(key)
        if kept is not None and kept[2] != device_id:
            log.warning("session %s named by two kiosks: the first one's kept", key)
            continue
        if kept is None or _latest((kept[0], kept[1]), (word, received_at)):
            chosen[key] = (word, received_at, device_id)
        for attendee in word.attendees:
            seen.setdefault(key, {}).setdefault(attendee.resident_card, attendee)
    merged: dict[str, tuple[GroupSession, str]] = {}
    for key, (word, _, device_id) in chosen.items():
        cards = {a.resident_card for a in word.attendees}
        extra = [a for card, a in seen.get(key, {}).items() if card not in cards]
        whole = word.model_copy(update={"attendees": [*word.attendees, *extra]})
        merged[key] = (whole, device_id)
    return merged


def sessions(session: Session, volunteer: str | None = None) -> list[VolunteerSessionView]:
    """Every group session (or ``volunteer``'s), newest first."""
    rows = records.stored(session, KIND)
    merged = merge((row.payload, row.device_id, row.received_at) for row in rows)
    signins = {
        row[0]: (row[1], row[2])
        for row in session.execute(
            text(
                "SELECT v.id, s.name, v.device_id FROM volunteer_signins v"
                " JOIN staff s ON s.id = v.staff_id"
            )
        )
    }
    devices = {row[0]: row[1] for row in session.execute(text("SELECT id, name FROM devices"))}
    views = []
    for key, (word, device_id) in merged.items():
        if volunteer is not None and word.volunteer != volunteer:
            continue
        confirmed = signins.get(str(word.signin_id)) == (word.volunteer, device_id)
        views.append(
            VolunteerSessionView(
                session_id=key,
                volunteer=word.volunteer,
                device=devices.get(device_id, device_id),
                lesson_id=word.lesson_id,
                steps=word.steps,
                step=word.step,
                started_at=word.started_at,
                ended_at=word.ended_at,
                hours=session_hours(word.started_at, word.ended_at) if confirmed else 0.0,
                confirmed=confirmed,
                attendees=word.attendees,
            )
        )
    views.sort(key=lambda view: view.started_at, reverse=True)
    return views


def balances(
    views: Iterable[VolunteerSessionView], names: Iterable[str] = ()
) -> list[TimeBankBalance]:
    """Each volunteer's time bank from their sessions (ended and confirmed ones count);
    ``names`` are volunteers to list even with nothing yet."""
    totals: dict[str, list[float]] = {name: [0.0, 0, 0] for name in names}
    for view in views:
        if view.ended_at is None or not view.confirmed:
            continue
        total = totals.setdefault(view.volunteer, [0.0, 0, 0])
        total[0] += view.hours
        total[1] += 1
        total[2] += len(view.attendees)
    return [
        TimeBankBalance(volunteer=name, hours=round(h, 2), sessions=int(s), elders=int(e))
        for name, (h, s, e) in sorted(totals.items())
    ]


def report(session: Session, volunteer: str | None = None) -> VolunteeringReport:
    """Balances and sessions: everyone's (``volunteer`` None) or one volunteer's own."""
    views = sessions(session, volunteer)
    if volunteer is None:
        names = session.execute(
            text("SELECT name FROM staff WHERE role = :role"), {"role": VOLUNTEER}
        )
        listed = [row[0] for row in names]
    else:
        listed = [volunteer]
    return VolunteeringReport(balances=balances(views, listed), sessions=views)
