"""The residents register the center keeps: card, name, phone, subsidy tier, contacts,
language, active. Administrators keep it through the API (server.routes.residents); every
change goes to the audit trail and, as a ``resident`` update, to every kiosk, which keeps its
own copy (app.people) so that a resident registered here can sign in at any kiosk, offline
too.
"""

from __future__ import annotations

import json
import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from server import audit, staff
from server.models import ResidentRow
from sync.protocol import ResidentContact, ResidentDetails, ResidentRecord

# The demo's residents (the same as the kiosk's app.demo.DEMO_RESIDENTS, which a test
# compares): card, name, phone, subsidy tier, language.
DEMO_RESIDENTS = (
    ("10001", "张秀英", "13812341234", "free", "zh_CN"),
    ("10002", "李建国", "13998765432", "subsidised", "zh_CN"),
    ("10003", "王淑芬", "13700001111", "full", "zh_CN"),
    ("10004", "陈桂兰", "13655556666", "subsidised", "zh_CN"),
    ("20001", "Margaret Lee", "13522223333", "full", "en_US"),
)
UPDATE_KIND = "resident"


def record_of(row: ResidentRow) -> ResidentRecord:
    return ResidentRecord(
        card=row.card,
        name=row.name,
        phone=row.phone,
        subsidy_tier=row.subsidy_tier,  # type: ignore[arg-type]  # checked when set
        contacts=[ResidentContact.model_validate(c) for c in json.loads(row.contacts or "[]")],
        language=row.language,  # type: ignore[arg-type]
        active=bool(row.active),
        updated_at=row.updated_at,
    )


def get(session: Session, card: str) -> ResidentRecord:
    row = session.get(ResidentRow, card)
    if row is None:
        raise staff.StaffError("not_found", f"The center has no resident with card {card}.", 404)
    return record_of(row)


def list_page(
    session: Session, after: str | None, limit: int, active_only: bool = False
) -> list[ResidentRecord]:
    """Residents in card order, from after the card ``after``."""
    query = select(ResidentRow).order_by(ResidentRow.card).limit(limit)
    if after:
        query = query.where(ResidentRow.card > after)
    if active_only:
        query = query.where(ResidentRow.active.is_(True))
    return [record_of(r) for r in session.scalars(query)]


def put(
    session: Session,
    card: str,
    details: ResidentDetails,
    actor: str,
    now: float | None = None,
    *,
    to_kiosks: bool = True,
) -> tuple[ResidentRecord, bool]:
    """Register or change a resident; (the record, whether anything changed). A change is
    audited and (``to_kiosks``) queued for every kiosk; the caller commits."""
    now = time.time() if now is None else now
    row = session.get(ResidentRow, card, with_for_update=True)
    before = record_of(row).model_dump(exclude={"updated_at"}) if row else None
    contacts = json.dumps([c.model_dump() for c in details.contacts], ensure_ascii=False)
    if row is None:
        row = ResidentRow(card=card, updated_at=now, updated_by=actor)
        session.add(row)
    row.name = details.name
    row.phone = details.phone
    row.subsidy_tier = details.subsidy_tier
    row.contacts = contacts
    row.language = details.language
    row.active = details.active
    after = record_of(row).model_dump(exclude={"updated_at"})
    if after == before:
        return record_of(row), False
    row.updated_at = now
    row.updated_by = actor
    session.flush()
    record = record_of(row)
    audit.record(session, actor, "resident.change", f"resident:{card}", before, after, now)
    if to_kiosks:
        staff.queue_update(session, None, UPDATE_KIND, record.model_dump(mode="json"), now)
    return record, True


def seed_demo(session: Session) -> int:
    """Register the demo residents not registered yet (changing none); how many. Commits.

    Kiosks are not sent them: a demo kiosk registers the same residents itself (app.demo),
    so every kiosk's updates start with what staff do, not with the demo's setup."""
    added = 0
    for card, name, phone, tier, language in DEMO_RESIDENTS:
        if session.get(ResidentRow, card) is not None:
            continue
        details = ResidentDetails(
            name=name,
            phone=phone,
            subsidy_tier=tier,  # type: ignore[arg-type]
            language=language,  # type: ignore[arg-type]
        )
        put(session, card, details, "center:demo", to_kiosks=False)
        added += 1
    session.commit()
    return added
