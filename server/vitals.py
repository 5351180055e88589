"""Vital signs at the center: alerts to staff and their acknowledgement, residents' own
targets, and the readings a FHIR search asks for.

Storing. A ``reading.record`` event becomes one row of ``readings`` (server.readings, called
by server.ingest), once per ``reading_id``.

Alerts. A reading the kiosk judged alerting (``alert`` true) gets a row of ``reading_alerts``
and a ``raised`` row of ``reading_alert_steps`` as it is stored. New step rows are what the
staff socket sends (server.staff_feed). A member of staff acknowledges it
(:func:`acknowledge`); the first acknowledgement counts, and the kiosk that sent the reading
gets a ``reading.ack`` update (``sync.protocol.ReadingAck``) with the name to show.

Targets. Staff set a resident's own targets (``sync.protocol.ResidentTargets``); every kiosk
gets them as a ``resident.targets`` update, since a resident may sign in at any of them.

A resident is known to the center once it has a reading, an order, an emergency or targets
from them: the center keeps no register of residents yet (they are the kiosks'), and this is
the place to look them up once it does.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from annotated_types import Ge, Le
from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session

from server.models import (
    Device,
    Order,
    Reading,
    ReadingAlert,
    ReadingAlertStep,
    ResidentTarget,
    SosEvent,
    Staff,
)
from server.staff import StaffError, queue_update
from sync.protocol import (
    ReadingAck,
    ReadingRecord,
    ResidentTargets,
    StaffAlertAck,
    StaffReadingAlert,
    StaffReadingAlertChange,
)

MAX_ALERTS_LISTED = 1000


# -- alerts ------------------------------------------------------------------------------


def _iso(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds")


def alert_view(alert: ReadingAlert, reading: Reading, kiosk: str) -> StaffReadingAlert:
    return StaffReadingAlert.model_validate(
        {
            "reading_id": reading.reading_id,
            "device_id": alert.device_id,
            "kiosk": kiosk,
            "resident_card": alert.resident_card,
            "kind": reading.kind,
            "measured_at": _iso(reading.measured_at),
            "raised_at": _iso(alert.raised_at),
            "level": reading.level,
            "source": reading.source,
            "device": reading.device_name,
            "systolic": reading.systolic,
            "diastolic": reading.diastolic,
            "pulse": reading.pulse,
            "spo2": reading.spo2,
            "temperature_c": reading.temperature_c,
            "glucose_mmol_l": reading.glucose_mmol_l,
            "meal": reading.meal,
            "weight_kg": reading.weight_kg,
            "acknowledged_by": alert.acknowledged_by,
            "acknowledged_at": _iso(alert.acknowledged_at),
            "note": alert.note,
        }
    )


def _alerts_with_readings() -> Select[ReadingAlert, Reading, str]:
    return (
        select(ReadingAlert, Reading, Device.name)
        .join(Reading, Reading.reading_id == ReadingAlert.reading_id)
        .join(Device, Device.id == ReadingAlert.device_id)
    )


def list_alerts(session: Session, open_only: bool, limit: int = 200) -> list[StaffReadingAlert]:
    """The newest alerts (``open_only``: those nobody acknowledged), newest first."""
    query = _alerts_with_readings().order_by(ReadingAlert.raised_at.desc()).limit(limit)
    if open_only:
        query = query.where(ReadingAlert.acknowledged_at.is_(None))
    return [alert_view(a, r, kiosk) for a, r, kiosk in session.execute(query)]


def acknowledge(
    session: Session,
    staff: Staff,
    reading_id: str,
    ack: StaffAlertAck,
    *,
    now: float | None = None,
) -> StaffReadingAlert:
    """``staff`` has seen the alert. The first acknowledgement counts: the kiosk that sent
    the reading gets a ``reading.ack`` update with the name; a later one answers with the
    first and changes nothing. Commits (queued updates: ``staff.queued_updates``)."""
    now = time.time() if now is None else now
    alert = session.get(ReadingAlert, reading_id, with_for_update=True)
    if alert is None:
        raise StaffError("not_found", f"No alert for reading {reading_id}.", 404)
    if alert.acknowledged_at is None:
        name = ack.by or staff.name
        alert.acknowledged_by = name
        alert.acknowledged_at = now
        alert.note = ack.note
        session.add(
            ReadingAlertStep(
                reading_id=reading_id,
                step="acknowledged",
                actor=f"staff:{staff.name}",
                at=now,
                note=ack.note or None,
            )
        )
        told = ReadingAck.model_validate(
            {"reading_id": reading_id, "by": name, "acknowledged_at": now, "note": ack.note}
        )
        queue_update(session, alert.device_id, "reading.ack", told.model_dump(mode="json"), now)
        session.commit()
    query = _alerts_with_readings().where(ReadingAlert.reading_id == reading_id)
    shown, reading, kiosk = session.execute(query).tuples().one()
    return alert_view(shown, reading, kiosk)


def alert_message(step: ReadingAlertStep, alert: ReadingAlert, reading: Reading, kiosk: str) -> str:
    """The staff socket's message for one row of ``reading_alert_steps``."""
    return StaffReadingAlertChange.model_validate(
        {
            "event": step.step,
            "by": step.actor,
            "at": _iso(step.at),
            "note": step.note,
            "alert": alert_view(alert, reading, kiosk),
        }
    ).model_dump_json()


# -- residents and their targets ---------------------------------------------------------


def known_resident(session: Session, card: str) -> bool:
    """Whether the center has heard of this resident card (see the module's docstring)."""
    return bool(
        session.scalar(
            select(
                exists().where(Reading.resident_card == card)
                | exists().where(Order.resident_card == card)
                | exists().where(SosEvent.resident_card == card)
                | exists().where(ResidentTarget.resident_card == card)
            )
        )
    )


def _unknown(card: str) -> StaffError:
    return StaffError(
        "unknown_resident",
        f"The center has no resident with card {card}: no reading, order or emergency came "
        "from that card yet. Check the number.",
        404,
    )


def _value_bounds() -> dict[str, tuple[float, float]]:
    """What each value of a reading can be at all (the bounds of ``ReadingRecord``)."""
    bounds: dict[str, tuple[float, float]] = {}
    for name, field in ReadingRecord.model_fields.items():
        low = next((m.ge for m in field.metadata if isinstance(m, Ge)), None)
        high = next((m.le for m in field.metadata if isinstance(m, Le)), None)
        if low is not None and high is not None:
            bounds[name] = (float(low), float(high))  # type: ignore[arg-type]
    return bounds


VALUE_BOUNDS = _value_bounds()


def check_targets(body: ResidentTargets) -> None:
    """Refuse targets that cannot be meant: two bands for one value, a bound no reading
    can reach."""
    seen: set[str] = set()
    for target in body.targets:
        if target.value in seen:
            raise StaffError("invalid", f"Give one target for {target.value}, not several.", 422)
        seen.add(target.value)
        low, high = VALUE_BOUNDS[target.value]
        for bound in (target.low, target.high):
            if bound is not None and (not math.isfinite(bound) or not low <= bound <= high):
                raise StaffError(
                    "invalid",
                    f"A target for {target.value} must lie between {low:g} and {high:g}.",
                    422,
                )


def get_targets(session: Session, card: str) -> ResidentTargets:
    """The resident's own targets (an empty list: the general table applies)."""
    row = session.get(ResidentTarget, card)
    if row is None:
        if not known_resident(session, card):
            raise _unknown(card)
        return ResidentTargets(resident_card=card, targets=[])
    return ResidentTargets.model_validate(
        {"resident_card": card, "targets": json.loads(row.targets)}
    )


def set_targets(
    session: Session,
    staff: Staff,
    card: str,
    body: ResidentTargets,
    *,
    now: float | None = None,
) -> ResidentTargets:
    """Store the resident's own targets and tell every kiosk (``resident.targets``).
    Commits (queued updates: ``staff.queued_updates``)."""
    now = time.time() if now is None else now
    if body.resident_card != card:
        raise StaffError(
            "invalid",
            f"The body is for resident {body.resident_card}, the address for {card}.",
            422,
        )
    check_targets(body)
    if not known_resident(session, card):
        raise _unknown(card)
    text = json.dumps([t.model_dump(mode="json") for t in body.targets], ensure_ascii=False)
    row = session.get(ResidentTarget, card, with_for_update=True)
    if row is None:
        session.add(ResidentTarget(resident_card=card, targets=text, set_by=staff.name, set_at=now))
    else:
        row.targets, row.set_by, row.set_at = text, staff.name, now
    queue_update(session, None, "resident.targets", body.model_dump(mode="json"), now)
    session.commit()
    return body


# -- the readings a FHIR search asks for -------------------------------------------------


@dataclass(frozen=True)
class ReadingSearch:
    """``GET /fhir/Observation``: one resident's readings, measured within
    [``since``, ``until``) (epoch seconds, either open), newest first, ``count`` of them."""

    resident_card: str
    count: int = 100
    since: float | None = None
    until: float | None = None


def search_readings(session: Session, search: ReadingSearch) -> tuple[int, list[Reading]]:
    """How many readings match, and the newest ``count`` of them."""
    where = [Reading.resident_card == search.resident_card]
    if search.since is not None:
        where.append(Reading.measured_at >= search.since)
    if search.until is not None:
        where.append(Reading.measured_at < search.until)
    total = session.scalar(select(func.count()).select_from(Reading).where(*where)) or 0
    rows: list[Reading] = []
    if search.count:
        query = (
            select(Reading)
            .where(*where)
            .order_by(Reading.measured_at.desc(), Reading.reading_id)
            .limit(search.count)
        )
        rows = list(session.scalars(query))
    return int(total), rows
