"""A resident's data on request, for administrators (``/staff/residents/{card}/...``):
export it as JSON or as a printable page, and erase it on the server and on every kiosk.
What these do is in server.privacy; each is in the audit trail."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from server import audit, export_page, privacy, staff
from server.models import Staff
from server.routes.common import ERRORS, CenterDep, Db
from server.routes.permissions import allowed
from sync.protocol import API_PREFIX, ResidentErasure, ResidentExport

router = APIRouter(prefix=f"{API_PREFIX}/staff", responses=ERRORS)
CARD_PATTERN = r"^[0-9]{4,20}$"
Card = Annotated[str, Path(pattern=CARD_PATTERN)]


def _address(request: Request) -> str | None:
    return request.client.host if request.client else None


def _export(session: Db, person: Staff, card: str, request: Request, kind: str) -> ResidentExport:
    document = privacy.export(session, card, f"staff:{person.name}")
    audit.record(
        session,
        f"staff:{person.name}",
        "resident.export",
        f"resident:{card}",
        None,
        {"format": kind},
        document.exported_at,
        address=_address(request),
    )
    session.commit()
    return document


@router.get("/residents/{card}/export")
def export_resident(
    person: Annotated[Staff, allowed("residents.export")],
    card: Card,
    request: Request,
    session: Db,
) -> ResidentExport:
    """Everything the center holds about the resident, as JSON: register entry, orders,
    emergencies, readings, own targets, lesson progress, call logs, messages, consent records
    and who used their data."""
    return _export(session, person, card, request, "json")


@router.get("/residents/{card}/export.html", response_class=HTMLResponse)
def export_resident_page(
    person: Annotated[Staff, allowed("residents.export")],
    card: Card,
    request: Request,
    session: Db,
) -> HTMLResponse:
    """The same as a page to read or print, in Chinese and English."""
    return HTMLResponse(export_page.render(_export(session, person, card, request, "html")))


@router.delete("/residents/{card}")
def erase_resident(
    person: Annotated[Staff, allowed("residents.erase")],
    card: Card,
    request: Request,
    session: Db,
    center: CenterDep,
) -> ResidentErasure:
    """Erase the resident on request: the register entry, readings, targets, progress, call
    logs and messages are deleted, orders and emergencies keep no card, in one transaction;
    every kiosk receives ``resident.erase`` and deletes its own copy."""
    result = privacy.erase(session, card, f"staff:{person.name}", _address(request))
    session.commit()
    center.hub.committed(staff.queued_updates(session))
    return result
