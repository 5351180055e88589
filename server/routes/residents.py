"""The residents register for staff (``/staff/residents``): read it (administrators,
dispatchers, nurses), keep it (administrators). What it does is in server.residents."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from server import residents, staff
from server.models import Staff
from server.routes.common import ERRORS, CenterDep, Db
from server.routes.permissions import allowed
from sync.protocol import API_PREFIX, ResidentDetails, ResidentRecord

router = APIRouter(prefix=f"{API_PREFIX}/staff", responses=ERRORS)
CARD_PATTERN = r"^[0-9]{4,20}$"


@router.get("/residents")
def list_residents(
    person: Annotated[Staff, allowed("residents.read")],
    session: Db,
    after: Annotated[str | None, Query(pattern=CARD_PATTERN)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    active_only: bool = False,
) -> list[ResidentRecord]:
    """Residents in card order; ``after`` (the last card of a page) pages on."""
    return residents.list_page(session, after, limit, active_only)


@router.get("/residents/{card}")
def get_resident(
    person: Annotated[Staff, allowed("residents.read")],
    card: Annotated[str, Path(pattern=CARD_PATTERN)],
    session: Db,
) -> ResidentRecord:
    return residents.get(session, card)


@router.put("/residents/{card}")
def put_resident(
    person: Annotated[Staff, allowed("residents.write")],
    card: Annotated[str, Path(pattern=CARD_PATTERN)],
    body: ResidentDetails,
    session: Db,
    center: CenterDep,
) -> ResidentRecord:
    """Register a resident or change one (``active`` false: the card can no longer order or
    sign in). Every kiosk receives the change; the audit trail records it."""
    record, _ = residents.put(session, card, body, f"staff:{person.name}")
    session.commit()
    center.hub.committed(staff.queued_updates(session))
    return record
