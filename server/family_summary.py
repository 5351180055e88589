"""What a family member sees of a linked resident: whether the home tablet is online, recent
orders and their state, readings with their level, emergencies and who answered them, calls,
the daily check-ins and today's missed ones. The family API and the family pages both answer
with :class:`ElderSummary`; the access check (server.family.linked) comes before any of this.
"""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Callable
from datetime import tzinfo
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from server import checkins, family
from server.checkins import CheckinView, MissedCheckin
from server.models import Call, FamilyLink, Order, Reading, ResidentRow, SosEvent, Staff
from sync.call_protocol import CallRecord

log = logging.getLogger(__name__)
RECENT = 10
Names = tuple[str, str]  # (Chinese, English)


class FamilyElder(BaseModel):
    """A linked resident in the family's list."""

    card: str
    name: str
    relation: str  # how the resident knows this family member ("女儿")
    online: bool
    last_seen_at: float | None
    has_home_tablet: bool


class FamilyOrder(BaseModel):
    order_id: str
    service_id: str
    service_names: Names
    quantity: int
    status: str
    created_at: str  # by the kiosk's clock (ISO 8601)
    received_at: float | None


class FamilyReading(BaseModel):
    reading_id: str
    kind: str
    systolic: int | None = None
    diastolic: int | None = None
    pulse: int | None = None
    spo2: int | None = None
    temperature_c: float | None = None
    glucose_mmol_l: float | None = None
    weight_kg: float | None = None
    level: str | None
    measured_at: float


class FamilySos(BaseModel):
    sos_id: str
    raised_at: str
    acknowledged_by: str | None
    acknowledged_at: str | None
    withdrawn_at: str | None


class ElderSummary(BaseModel):
    card: str
    name: str
    relation: str
    display_name: str  # how the resident's kiosk shows this family member
    online: bool
    last_seen_at: float | None
    has_home_tablet: bool
    auto_answer: bool  # the resident's choice (read-only here)
    orders: list[FamilyOrder]
    readings: list[FamilyReading]
    sos: list[FamilySos]
    calls: list[CallRecord]
    checkins: list[CheckinView]
    missed_checkins: list[MissedCheckin]


def elders(
    session: Session, account: Staff, now: float, connected: Callable[[str], bool]
) -> list[FamilyElder]:
    found = []
    for link in family.active_links(session, account):
        resident = session.get(ResidentRow, link.resident_card)
        device = family.home_device(session, link.resident_card)
        found.append(
            FamilyElder(
                card=link.resident_card,
                name=resident.name if resident else link.resident_card,
                relation=link.relation,
                online=family.online(device, now, device is not None and connected(device.id)),
                last_seen_at=device.last_seen_at if device else None,
                has_home_tablet=device is not None,
            )
        )
    return found


def summary(
    session: Session,
    account: Staff,
    link: FamilyLink,
    *,
    now: float | None = None,
    zone: tzinfo,
    service_names: Callable[[str], Names],
    connected: Callable[[str], bool],
) -> ElderSummary:
    now = time.time() if now is None else now
    card = link.resident_card
    resident = session.get(ResidentRow, card)
    device = family.home_device(session, card)
    received = func.coalesce(Order.received_at, 0.0)
    orders = session.scalars(
        select(Order).where(Order.resident_card == card).order_by(received.desc()).limit(RECENT)
    )
    readings = session.scalars(
        select(Reading)
        .where(Reading.resident_card == card)
        .order_by(Reading.measured_at.desc())
        .limit(RECENT)
    )
    emergencies = session.scalars(
        select(SosEvent)
        .where(SosEvent.resident_card == card)
        .order_by(func.coalesce(SosEvent.received_at, 0.0).desc())
        .limit(RECENT)
    )
    return ElderSummary(
        card=card,
        name=resident.name if resident else card,
        relation=link.relation,
        display_name=link.display_name,
        online=family.online(device, now, device is not None and connected(device.id)),
        last_seen_at=device.last_seen_at if device else None,
        has_home_tablet=device is not None,
        auto_answer=link.auto_answer,
        orders=[
            FamilyOrder(
                order_id=o.id,
                service_id=o.service_id,
                service_names=service_names(o.service_id),
                quantity=o.quantity,
                status=o.status,
                created_at=o.created_at,
                received_at=o.received_at,
            )
            for o in orders
        ],
        readings=[
            FamilyReading(
                reading_id=r.reading_id,
                kind=r.kind,
                systolic=r.systolic,
                diastolic=r.diastolic,
                pulse=r.pulse,
                spo2=r.spo2,
                temperature_c=r.temperature_c,
                glucose_mmol_l=r.glucose_mmol_l,
                weight_kg=r.weight_kg,
                level=r.level,
                measured_at=r.measured_at,
            )
            for r in readings
        ],
        sos=[
            FamilySos(
                sos_id=s.id,
                raised_at=s.raised_at,
                acknowledged_by=s.acknowledged_by,
                acknowledged_at=s.acknowledged_at,
                withdrawn_at=s.withdrawn_at,
            )
            for s in emergencies
        ],
        calls=calls_with(session, card, account.id),
        checkins=[checkins.view(s) for s in checkins.schedules(session, card, account.id)],
        missed_checkins=checkins.missed_today(session, card, account.id, zone, now),
    )


def _recent_calls() -> Callable[..., list[CallRecord]] | None:
    """server.calls.recent_calls, once the calls server is there."""
    try:
        module: Any = importlib.import_module("server.calls")
    except ImportError:
        return None
    found = getattr(module, "recent_calls", None)
    return found if callable(found) else None


def calls_with(session: Session, card: str, account_id: int) -> list[CallRecord]:
    """The resident's recent calls with this family member (never another's)."""
    recent = _recent_calls()
    if recent is None:
        return []
    mine = set(
        session.scalars(
            select(Call.id).where(
                Call.resident_card == card,
                or_(
                    (Call.caller_kind == "family") & (Call.caller_id == account_id),
                    (Call.callee_kind == "family") & (Call.callee_id == account_id),
                ),
            )
        )
    )
    try:
        records = recent(session, card, 50)
    except Exception:  # the calls list is one part of the page: the rest still shows
        log.warning("could not list the calls of %s", card, exc_info=True)
        return []
    return [r for r in records if str(r.id) in mine][:RECENT]
