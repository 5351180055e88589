"""What each resident agreed to about the use of their data, and each withdrawal.

Health readings are kept and sent only with the resident's ``health_readings`` consent
(:func:`app.vitals.may_record` asks here); call recording and family sharing are asked the same
way when those features keep anything. An answer is one row (:class:`Consent`) with the
version of the words the resident was shown and who recorded it (the resident on the consent
screen, or staff with them); a withdrawal is a later "no", so the history stays whole. Each
answer goes to the center with its ``consent.record`` event in the same transaction
(``sync.protocol.ConsentRecord``).

Without any answer the answer is no: nothing is assumed, no box is ticked in advance.
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app import outbox
from app.clock import iso, parse_iso, utc_now
from app.people import Resident
from app.store import Store

HEALTH_READINGS = "health_readings"
CALL_RECORDING = "call_recording"
FAMILY_SHARING = "family_sharing"
PURPOSES = (HEALTH_READINGS, CALL_RECORDING, FAMILY_SHARING)
RECORDERS = ("resident", "staff")
EVENT_KIND = "consent.record"
MAX_WORDING_VERSION = 40
MAX_STAFF_NAME = 100


class ConsentError(ValueError):
    """An answer that cannot be recorded as given (unknown purpose, recorder or version)."""


@dataclass(frozen=True)
class Consent:
    """One answer of one resident about one purpose."""

    id: str
    resident_id: int
    purpose: str
    granted: bool
    wording_version: str
    recorded_by: str
    staff_name: str
    recorded_at: datetime


def record_consent(
    store: Store,
    resident: Resident,
    purpose: str,
    *,
    granted: bool,
    wording_version: str,
    recorded_by: str = "resident",
    staff_name: str = "",
    now: datetime | None = None,
    tell_center: bool = True,
) -> Consent:
    """Keep the resident's answer and its ``consent.record`` event together; return it.
    ``granted=False`` after a yes is a withdrawal: from then on nothing more is kept.
    ``tell_center=False`` only for an answer the center itself gave this kiosk (the demo's
    residents, who answered when they registered there)."""
    if purpose not in PURPOSES:
        raise ConsentError(f"unknown purpose {purpose!r}")
    if recorded_by not in RECORDERS:
        raise ConsentError(f"recorded by {recorded_by!r}, not the resident or staff")
    version = " ".join(str(wording_version).split())
    if not version or len(version) > MAX_WORDING_VERSION:
        raise ConsentError(f"a wording version of 1 to {MAX_WORDING_VERSION} characters")
    staff = " ".join(str(staff_name).replace("\x00", " ").split())[:MAX_STAFF_NAME]
    if recorded_by == "staff" and not staff:
        raise ConsentError("staff who record an answer give their name")
    moment = parse_iso(iso(now or utc_now()))  # to the millisecond, as stored
    consent = Consent(
        id=str(uuid.uuid4()),
        resident_id=resident.id,
        purpose=purpose,
        granted=bool(granted),
        wording_version=version,
        recorded_by=recorded_by,
        staff_name=staff if recorded_by == "staff" else "",
        recorded_at=moment,
    )
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO consents (id, resident_id, purpose, granted, wording_version,"
            " recorded_by, staff_name, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                consent.id,
                consent.resident_id,
                consent.purpose,
                int(consent.granted),
                consent.wording_version,
                consent.recorded_by,
                consent.staff_name,
                iso(consent.recorded_at),
            ),
        )
        if tell_center:
            outbox.enqueue(
                conn,
                "consent.record",  # EVENT_KIND, written out for the protocol's test
                _payload(consent, resident.card_number),
                now=moment.timestamp(),
            )
    return consent


def current_in(conn: sqlite3.Connection, resident_id: int, purpose: str) -> Consent | None:
    """The resident's newest answer about ``purpose``, in the caller's transaction."""
    row = conn.execute(
        "SELECT * FROM consents WHERE resident_id = ? AND purpose = ?"
        " ORDER BY recorded_at DESC, rowid DESC LIMIT 1",
        (resident_id, purpose),
    ).fetchone()
    return _row(row) if row else None


def current_consent(store: Store, resident: Resident, purpose: str) -> Consent | None:
    """The resident's newest answer about ``purpose``, or None when never asked."""
    with store.reading() as conn:
        return current_in(conn, resident.id, purpose)


def has_consent(store: Store, resident: Resident, purpose: str) -> bool:
    """Whether the resident's newest answer about ``purpose`` is yes (never asked: no)."""
    answer = current_consent(store, resident, purpose)
    return answer is not None and answer.granted


def history(store: Store, resident: Resident) -> list[Consent]:
    """Every answer of the resident, oldest first (for staff and for an export)."""
    with store.reading() as conn:
        rows = conn.execute(
            "SELECT * FROM consents WHERE resident_id = ? ORDER BY recorded_at, rowid",
            (resident.id,),
        ).fetchall()
    return [_row(row) for row in rows]


def _payload(consent: Consent, card: str) -> dict[str, Any]:
    """The event as sync.protocol.ConsentRecord expects it."""
    return {
        "consent_id": consent.id,
        "resident_card": card,
        "purpose": consent.purpose,
        "granted": consent.granted,
        "wording_version": consent.wording_version,
        "recorded_by": consent.recorded_by,
        "staff_name": consent.staff_name,
        "recorded_at": consent.recorded_at.timestamp(),
    }


def _row(row: Any) -> Consent:
    return Consent(
        id=row["id"],
        resident_id=int(row["resident_id"]),
        purpose=row["purpose"],
        granted=bool(row["granted"]),
        wording_version=row["wording_version"],
        recorded_by=row["recorded_by"],
        staff_name=row["staff_name"],
        recorded_at=parse_iso(row["recorded_at"]),
    )
