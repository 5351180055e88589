"""Tokens for devices and staff: random, shown once, stored only as SHA-256 hashes."""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Device, EnrolmentCode, Staff

ENROLMENT_CODE_TTL_S = 24 * 3600


class AuthError(Exception):
    """A request whose credentials are missing, wrong or revoked; ``code`` names which."""

    def __init__(self, code: str, message: str, status: int = 401) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def create_enrolment_code(session: Session, created_by: str, *, now: float | None = None) -> str:
    """A one-time code a kiosk enrols with; valid for a day."""
    now = time.time() if now is None else now
    # Groups of digits are easy to read out and type on a kiosk's number pad.
    code = "-".join(f"{secrets.randbelow(10**4):04d}" for _ in range(3))
    session.add(
        EnrolmentCode(
            code_hash=token_hash(code),
            created_by=created_by,
            created_at=now,
            expires_at=now + ENROLMENT_CODE_TTL_S,
        )
    )
    return code


def enrol(session: Session, code: str, name: str, mode: str, *, now: float | None = None):
    """Use a code once; return (device id, token)."""
    now = time.time() if now is None else now
    row = session.get(EnrolmentCode, token_hash(code.strip()), with_for_update=True)
    if row is None or row.used_at is not None or row.expires_at < now:
        raise AuthError(
            "bad_enrolment_code", "This enrolment code is unknown, used or expired.", 403
        )
    token = new_token()
    device = Device(
        id=str(uuid.uuid4()), name=name, mode=mode, token_hash=token_hash(token), created_at=now
    )
    session.add(device)
    row.used_at = now
    row.used_by = device.id
    return device.id, token


def device_for(session: Session, authorization: str | None) -> Device:
    token = _bearer(authorization)
    device = session.scalar(select(Device).where(Device.token_hash == token_hash(token)))
    if device is None:
        raise AuthError("bad_token", "This device is not known to the center.")
    if device.revoked_at is not None:
        raise AuthError(
            "device_revoked", "This device was switched off by the center's staff.", 403
        )
    return device


def staff_for(session: Session, authorization: str | None) -> Staff:
    token = _bearer(authorization)
    staff = session.scalar(select(Staff).where(Staff.token_hash == token_hash(token)))
    if staff is None:
        raise AuthError("bad_token", "Staff sign-in is needed.")
    return staff


def create_staff(session: Session, name: str, *, now: float | None = None) -> str:
    token = new_token()
    session.add(Staff(name=name, token_hash=token_hash(token), created_at=now or time.time()))
    return token


def _bearer(authorization: str | None) -> str:
    if not authorization or not authorization.startswith("Bearer ") or len(authorization) > 200:
        raise AuthError("no_token", "A bearer token is needed.")
    return authorization.removeprefix("Bearer ").strip()
