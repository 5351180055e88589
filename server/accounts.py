"""Staff accounts: argon2 passwords, roles, console sessions and API tokens, the lockout.

A console session (cookie) and an API token (bearer) are both rows of ``staff_sessions``,
stored as SHA-256 hashes of a random secret shown once. Each expires; signing out ends a
session at once, and disabling an account or resetting its password ends all of its
sessions and tokens at once (every request reads its row: staff requests are few).

Sign-in is refused for a while after repeated wrong passwords for one account (the lockout,
kept in the database so every process of the center obeys it): after ``LOCK_AFTER`` wrong
passwords in a row the account is locked for ``LOCK_BASE_S``, and each further lockout
before a successful sign-in doubles that, up to ``LOCK_MAX_S``. Wrong sign-ins per client
address are limited as well (``auth.EnrolmentLimiter``, counted per process).
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server import audit
from server.auth import AuthError, new_token, token_hash
from server.models import Staff, StaffSession
from server.roles import ADMINISTRATOR, ROLES

CONSOLE = "console"
TOKEN = "token"
LOCK_AFTER = 5
LOCK_BASE_S = 60.0
LOCK_MAX_S = 24 * 3600.0
MIN_PASSWORD = 10
MAX_PASSWORD = 200
NAME = re.compile(r"^[^\x00-\x1f\x7f]{1,100}$")

_hasher = PasswordHasher()
# Verified when the account does not exist, so a wrong name takes as long as a wrong password.
_NOBODY = _hasher.hash("the hash of no account at all")


class AccountError(Exception):
    """A change to accounts that cannot be made; ``code`` for programs, a sentence for
    people, the HTTP status it is answered with."""

    def __init__(self, code: str, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Issued:
    """A secret just made (shown once) and when it stops working."""

    token: str
    expires_at: float


def check_password(password: str) -> None:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise AccountError(
            "weak_password",
            f"A password needs {MIN_PASSWORD} to {MAX_PASSWORD} characters.",
        )


def hash_password(password: str) -> str:
    check_password(password)
    return _hasher.hash(password)


def by_name(session: Session, name: str) -> Staff | None:
    return session.scalar(select(Staff).where(Staff.name == name))


def summary(staff: Staff) -> dict[str, object]:
    """What the audit trail keeps of an account (never its password hash)."""
    return {
        "name": staff.name,
        "role": staff.role,
        "disabled": staff.disabled_at is not None,
        "has_password": staff.password_hash is not None,
    }


def create_account(
    session: Session,
    name: str,
    role: str,
    *,
    password: str | None = None,
    actor: str,
    now: float | None = None,
) -> Staff:
    """A new account (AccountError if the name is taken or the role unknown)."""
    now = time.time() if now is None else now
    name = name.strip()
    if not NAME.match(name):
        raise AccountError("bad_name", "A name is 1 to 100 characters, without control codes.")
    if role not in ROLES:
        raise AccountError("bad_role", f"The role must be one of {', '.join(ROLES)}.")
    if by_name(session, name) is not None:
        raise AccountError("name_taken", f"There is already an account named {name}.", 409)
    staff = Staff(
        name=name,
        # Nobody holds a token for this hash: tokens are staff_sessions rows.
        token_hash=token_hash(new_token()),
        created_at=now,
        role=role,
        password_hash=hash_password(password) if password is not None else None,
        failed_signins=0,
        lockouts=0,
    )
    session.add(staff)
    session.flush()
    audit.record(session, actor, "account.create", f"staff:{name}", None, summary(staff), now)
    return staff


def set_password(
    session: Session, staff: Staff, password: str, *, actor: str, now: float | None = None
) -> None:
    """A new password (by an administrator, or the CLI): the lockout is lifted and every
    session and token of the account ends."""
    now = time.time() if now is None else now
    before = summary(staff)
    staff.password_hash = hash_password(password)
    staff.failed_signins = 0
    staff.lockouts = 0
    staff.locked_until = None
    end_all(session, staff, now)
    audit.record(
        session, actor, "account.password", f"staff:{staff.name}", before, summary(staff), now
    )


def change(
    session: Session,
    staff: Staff,
    *,
    role: str | None = None,
    disabled: bool | None = None,
    actor: str,
    now: float | None = None,
) -> None:
    """Give the account another role, or disable (all its sessions end) or enable it."""
    now = time.time() if now is None else now
    before = summary(staff)
    if role is not None:
        if role not in ROLES:
            raise AccountError("bad_role", f"The role must be one of {', '.join(ROLES)}.")
        staff.role = role
    if disabled is True and staff.disabled_at is None:
        staff.disabled_at = now
        end_all(session, staff, now)
    elif disabled is False:
        staff.disabled_at = None
    after = summary(staff)
    if after != before:
        audit.record(session, actor, "account.change", f"staff:{staff.name}", before, after, now)


def last_administrator(session: Session, staff: Staff) -> bool:
    """Whether ``staff`` is the only enabled administrator left."""
    others = session.scalars(
        select(Staff.id).where(
            Staff.role == ADMINISTRATOR, Staff.disabled_at.is_(None), Staff.id != staff.id
        )
    ).first()
    return staff.role == ADMINISTRATOR and staff.disabled_at is None and others is None


def end_all(session: Session, staff: Staff, now: float) -> None:
    session.execute(
        update(StaffSession)
        .where(StaffSession.staff_id == staff.id, StaffSession.ended_at.is_(None))
        .values(ended_at=now)
    )


def issue(
    session: Session,
    staff: Staff,
    kind: str,
    lifetime_s: float,
    *,
    label: str = "",
    client: str = "",
    now: float | None = None,
) -> Issued:
    """A new console session or API token for ``staff``."""
    now = time.time() if now is None else now
    token = new_token()
    row = StaffSession(
        token_hash=token_hash(token),
        staff_id=staff.id,
        kind=kind,
        label=label[:100],
        created_at=now,
        expires_at=now + lifetime_s,
        client=client[:100],
    )
    session.add(row)
    return Issued(token, row.expires_at)


def sign_in(
    session: Session,
    name: str,
    password: str,
    lifetime_s: float,
    *,
    client: str = "",
    now: float | None = None,
) -> tuple[Staff, Issued]:
    """Check the password and open a console session; AuthError when refused. Commits, so
    that a wrong password is counted even though the request is refused."""
    now = time.time() if now is None else now
    staff = session.scalar(select(Staff).where(Staff.name == name.strip()).with_for_update())
    if staff is None:
        _verify(_NOBODY, password)
        raise AuthError("bad_signin", "The name or the password is wrong.")
    if staff.locked_until is not None and now < staff.locked_until:
        session.rollback()
        raise _locked(staff.locked_until - now)
    if staff.password_hash is None or not _verify(staff.password_hash, password):
        staff.failed_signins = (staff.failed_signins or 0) + 1
        locked_for = None
        if staff.failed_signins >= LOCK_AFTER:
            staff.lockouts = (staff.lockouts or 0) + 1
            locked_for = min(LOCK_BASE_S * 2 ** (staff.lockouts - 1), LOCK_MAX_S)
            staff.locked_until = now + locked_for
            staff.failed_signins = 0
            audit.record(
                session,
                f"client:{client}",
                "account.locked",
                f"staff:{staff.name}",
                None,
                {"locked_for_s": locked_for, "lockouts": staff.lockouts},
                now,
            )
        session.commit()
        if locked_for is not None:
            raise _locked(locked_for)
        raise AuthError("bad_signin", "The name or the password is wrong.")
    if staff.disabled_at is not None:
        session.rollback()
        raise AuthError(
            "account_disabled", "This account is switched off; ask an administrator.", 403
        )
    assert staff.password_hash is not None
    if _hasher.check_needs_rehash(staff.password_hash):
        staff.password_hash = _hasher.hash(password)
    staff.failed_signins = 0
    staff.lockouts = 0
    staff.locked_until = None
    issued = issue(session, staff, CONSOLE, lifetime_s, client=client, now=now)
    session.commit()
    return staff, issued


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def _locked(seconds: float) -> AuthError:
    wait = max(1, math.ceil(seconds))
    return AuthError(
        "account_locked",
        f"Too many wrong passwords for this account; it is locked for {wait} s.",
        429,
        {"Retry-After": str(wait)},
    )


def end_session(session: Session, token: str, *, now: float | None = None) -> bool:
    """Sign out: the session or token with this secret ends now. Whether one did."""
    now = time.time() if now is None else now
    done = session.execute(
        update(StaffSession)
        .where(StaffSession.token_hash == token_hash(token), StaffSession.ended_at.is_(None))
        .values(ended_at=now)
    )
    return bool(getattr(done, "rowcount", 0))


def staff_for_secret(session: Session, token: str, kind: str, *, now: float | None = None) -> Staff:
    """The enabled account a live session (``CONSOLE``) or API token (``TOKEN``) belongs
    to; AuthError (401) when it is unknown, ended, expired or its account disabled."""
    now = time.time() if now is None else now
    found = session.execute(
        select(StaffSession, Staff)
        .join(Staff, Staff.id == StaffSession.staff_id)
        .where(StaffSession.token_hash == token_hash(token), StaffSession.kind == kind)
    ).first()
    what = "session" if kind == CONSOLE else "token"
    if found is None:
        raise AuthError("bad_token", "Staff sign-in is needed.")
    row, staff = found
    if row.ended_at is not None:
        raise AuthError("signed_out", f"This {what} has ended; sign in again.")
    if row.expires_at <= now:
        raise AuthError("expired", f"This {what} has expired; sign in again.")
    if staff.disabled_at is not None:
        raise AuthError("account_disabled", "This account is switched off; ask an administrator.")
    return staff
