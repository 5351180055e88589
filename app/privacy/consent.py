"""What each resident agreed to about the use of their data, and each withdrawal.

Health readings are kept and sent only with the resident's ``health_readings`` consent
(:func:`app.vitals.may_record` asks here); call recording and family sharing are asked the same
way when those features keep anything. An answer is one row (:class:`Consent`) with the
version of the words the resident was shown and who recorded it (the resident on the consent
screen, or staff with them); a withdrawal is a later "no", so the history stays whole. Each
answer goes to the center with its ``consent.record`` event in the same transaction
(``sync.protocol.ConsentRecord``).

The center sends every answer on to every kiosk (a ``resident.consent`` update carrying the
same record): :func:`apply_from_center_in` keeps an answer given at another kiosk here, once,
without telling the center again, so the resident is not asked twice and a withdrawal anywhere
holds everywhere. The newest answer by when it was given holds, whichever arrived last.

Without any answer the answer is no: nothing is assumed, no box is ticked in advance.
"""

from __future__ import annotations

import logging
import math
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app import outbox
from app.clock import iso, parse_iso, utc_now
from app.people import InvalidCard, Resident, normalise_card
from app.store import Store

log = logging.getLogger(__name__)

HEALTH_READINGS = "health_readings"
CALL_RECORDING = "call_recording"
FAMILY_SHARING = "family_sharing"
PURPOSES = (HEALTH_READINGS, CALL_RECORDING, FAMILY_SHARING)
RECORDERS = ("resident", "staff")
EVENT_KIND = "consent.record"
UPDATE_KIND = "resident.consent"  # an answer given at another kiosk, from the center
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
        _insert(conn, consent)
        if tell_center:
            outbox.enqueue(
                conn,
                "consent.record",  # EVENT_KIND, written out for the protocol's test
                _payload(consent, resident.card_number),
                now=moment.timestamp(),
            )
    return consent


def apply_from_center_in(conn: sqlite3.Connection, payload: dict[str, Any]) -> Consent | None:
    """Keep an answer the center passed on (a ``resident.consent`` update, as
    ``sync.protocol.ConsentRecord``) in the caller's transaction, without an event for the
    center: it has the answer already. Return it when it is new here; None when it was here
    already (this kiosk's own answer coming back, or the same update twice), or when it
    cannot be kept (logged: a payload off the protocol, or a resident this kiosk does not
    hold)."""
    try:
        consent = _from_center(conn, payload)
    except ConsentError as exc:
        log.warning("skipped a %s update that cannot be kept: %s", UPDATE_KIND, exc)
        return None
    if consent is None:
        return None
    cursor = _insert(conn, consent, or_ignore=True)
    return consent if cursor.rowcount else None


def _from_center(conn: sqlite3.Connection, payload: dict[str, Any]) -> Consent | None:
    """The answer in ``payload``, checked as the center checked it; None for a card of a
    resident not registered here (logged). Raises :class:`ConsentError`."""
    try:
        consent_id = str(uuid.UUID(str(payload.get("consent_id"))))
    except ValueError as exc:
        raise ConsentError(f"no answer id: {payload.get('consent_id')!r}") from exc
    try:
        card = normalise_card(str(payload.get("resident_card") or ""))
    except InvalidCard as exc:
        raise ConsentError(f"no card: {payload.get('resident_card')!r}") from exc
    purpose, granted = payload.get("purpose"), payload.get("granted")
    by = payload.get("recorded_by")
    if purpose not in PURPOSES:
        raise ConsentError(f"unknown purpose {purpose!r}")
    if not isinstance(granted, bool):
        raise ConsentError(f"granted is {granted!r}, not yes or no")
    if by not in RECORDERS:
        raise ConsentError(f"recorded by {by!r}, not the resident or staff")
    version = payload.get("wording_version")
    version = " ".join(version.split()) if isinstance(version, str) else ""
    if not version or len(version) > MAX_WORDING_VERSION or "\x00" in version:
        raise ConsentError(f"a wording version of 1 to {MAX_WORDING_VERSION} characters")
    staff = payload.get("staff_name", "")
    if not isinstance(staff, str):
        raise ConsentError("a staff name that is not text")
    moment = _moment(payload.get("recorded_at"))
    row = conn.execute("SELECT id FROM residents WHERE card_number = ?", (card,)).fetchone()
    if row is None:
        # Nothing to attach it to: the center's register reaches this kiosk separately.
        log.info("skipped a %s update for card %s, not registered here", UPDATE_KIND, card)
        return None
    return Consent(
        id=consent_id,
        resident_id=int(row[0]),
        purpose=str(purpose),
        granted=granted,
        wording_version=version,
        recorded_by=str(by),
        staff_name=" ".join(staff.replace("\x00", " ").split())[:MAX_STAFF_NAME]
        if by == "staff"
        else "",
        recorded_at=moment,
    )


def _moment(value: object) -> datetime:
    """When an answer was given, from seconds since the epoch, to the millisecond stored."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConsentError(f"given at {value!r}, not a time")
    if not math.isfinite(value) or value < 0:
        raise ConsentError(f"given at {value!r}, not a time")
    try:
        return parse_iso(iso(datetime.fromtimestamp(value, UTC)))
    except (OverflowError, OSError, ValueError) as exc:
        raise ConsentError(f"given at {value!r}, not a time") from exc


def _insert(
    conn: sqlite3.Connection, consent: Consent, *, or_ignore: bool = False
) -> sqlite3.Cursor:
    return conn.execute(
        f"INSERT {'OR IGNORE ' if or_ignore else ''}INTO consents (id, resident_id, purpose,"
        " granted, wording_version, recorded_by, staff_name, recorded_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
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
