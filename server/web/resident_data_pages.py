"""A resident's data on request, from the console: an administrator exports everything the
center holds about a resident (the JSON file, and the page to print), deletes it after a
confirmation naming the resident, and reads the audit trail, all of it or one resident's.

Export and deletion call the staff API's own route functions (server.routes.privacy), so the
console does exactly what the API does: the same record in the audit trail, and the same
``resident.erase`` update that makes every kiosk delete its copy. Every page here is for
administrators only (server.roles); another role is refused, a form included.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, Final

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from server import audit, export_page, residents, staff
from server.models import ResidentRow
from server.routes import privacy as privacy_routes
from server.routes.common import CenterDep, Db
from server.web.console import (
    CARD,
    PREFIX,
    ConsoleRoute,
    PageRefused,
    Viewer,
    names_for,
    page,
    posted,
    render,
)
from server.web.console import catalog as catalog_view
from server.web.work_pages import answered, refused
from sync.protocol import AuditRecord

router = APIRouter(route_class=ConsoleRoute)  # under PREFIX (server.routes.web)
CONFIRMED: Final = "yes"
AUDIT_PAGE: Final = 100
DETAILS_CHARS: Final = 240  # of a change's summary shown in a row; the API has all of it
Card = Annotated[str, Path(pattern=CARD)]


def _registered(session: Db, viewer: Viewer, card: str) -> str:
    """The name of the resident with ``card``; a page saying there is none otherwise."""
    try:
        return residents.get(session, card).name
    except staff.StaffError as exc:
        raise refused(viewer, exc) from exc


# -- export ----------------------------------------------------------------------------------


@router.get("/residents/{card}/export.json")
def export_file(
    request: Request,
    session: Db,
    viewer: Annotated[Viewer, page("residents.export")],
    card: Card,
) -> Response:
    """Everything the center holds about the resident, as a JSON file to save and hand over."""
    document = privacy_routes.export_resident(viewer.staff, card, request, session)
    return Response(
        document.model_dump_json(indent=2),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="resident-{card}.json"'},
    )


@router.get("/residents/{card}/export.html")
def export_printable(
    request: Request,
    session: Db,
    viewer: Annotated[Viewer, page("residents.export")],
    card: Card,
) -> Response:
    """The same as a page to read with the resident or print for them (no script, every
    value escaped: server.export_page)."""
    document = privacy_routes.export_resident(viewer.staff, card, request, session)
    return HTMLResponse(export_page.render(document))


# -- deletion --------------------------------------------------------------------------------


def _erase_page(
    request: Request,
    viewer: Viewer,
    *,
    card: str,
    name: str,
    problem: str | None = None,
    status: int = 200,
) -> Response:
    return render(
        request,
        "resident_erase.html",
        viewer=viewer,
        title_key="erase.title",
        status=status,
        card=card,
        name=name,
        problem=problem,
    )


@router.get("/residents/{card}/erase")
def erase_confirmation(
    request: Request,
    session: Db,
    viewer: Annotated[Viewer, page("residents.erase", recorded_as="residents.read")],
    card: Card,
) -> Response:
    """The step before deleting: who is deleted, what happens, and that it cannot be undone."""
    return _erase_page(request, viewer, card=card, name=_registered(session, viewer, card))


@router.post("/residents/{card}/erase")
async def erase(
    request: Request,
    session: Db,
    center: CenterDep,
    viewer: Annotated[Viewer, page("residents.erase")],
    card: Card,
) -> Response:
    """Delete the resident's data at the center and on every kiosk, once confirmed."""
    form = await posted(request, viewer)

    def registered_name() -> str | None:
        row = session.get(ResidentRow, card)
        return row.name if row is not None else None

    name = await run_in_threadpool(registered_name)
    if name is None:
        raise PageRefused(404, viewer.words.t("error.unknown_card"), viewer)
    if form.get("confirm") != CONFIRMED:
        return _erase_page(
            request,
            viewer,
            card=card,
            name=name,
            problem=viewer.words.t("erase.confirm_needed"),
            status=422,
        )

    def work() -> None:
        privacy_routes.erase_resident(viewer.staff, card, request, session, center)

    await run_in_threadpool(work)
    return answered(request, viewer, "resident_erased", f"{PREFIX}/residents")


# -- the audit trail -------------------------------------------------------------------------


def _what(viewer: Viewer, action: str) -> str:
    """An entry's action in words: a use of data by the permission table's words, a change by
    the audit's; one the tables lack, as recorded."""
    used = action.removeprefix("access:")
    key = f"action.{used}" if used != action else f"audit_action.{action}"
    return viewer.words.t(key) if viewer.words.has(key) else action


def _details(entry: AuditRecord) -> str:
    """Where a use went (method and address), or a summary of a change, cut short."""
    after = entry.after
    if entry.action.startswith("access:") and isinstance(after, dict):
        query = f"?{after['query']}" if after.get("query") else ""
        return f"{after.get('method', '')} {after.get('path', '')}{query}"[:DETAILS_CHARS]
    if after is None:
        return ""
    text = json.dumps(after, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= DETAILS_CHARS else text[: DETAILS_CHARS - 1] + "…"


def _card_of(target: str) -> str | None:
    """The card of an entry about a resident (``resident:CARD``)."""
    return target.removeprefix("resident:") if target.startswith("resident:") else None


def _rows(viewer: Viewer, session: Db, entries: list[AuditRecord]) -> list[dict[str, Any]]:
    names = names_for(session, {_card_of(e.target) for e in entries}, set())
    rows = []
    for entry in entries:
        card = _card_of(entry.target)
        rows.append(
            {
                "id": entry.id,
                "at": entry.at,
                "who": entry.actor.removeprefix("staff:"),
                "what": _what(viewer, entry.action),
                "action": entry.action,
                "card": card,
                "name": names.get(card or ""),
                "target": entry.target,
                "address": entry.address,
                "details": _details(entry),
            }
        )
    return rows


@router.get("/audit")
def audit_page(
    request: Request,
    session: Db,
    viewer: Annotated[Viewer, page("audit.read")],
    card: Annotated[str, Query(max_length=40)] = "",
    before: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,
) -> Response:
    """Every use and change of residents' data and of the center's settings, newest first;
    ``card`` keeps one resident's entries, ``before`` pages on to older ones."""
    card = card.strip()
    problem = None
    if card and not re.fullmatch(CARD, card):
        problem = viewer.words.t("resident.bad_card")
    target = f"resident:{card}" if card and problem is None else None
    entries = (
        []
        if problem
        else audit.entries(session, before_id=before, limit=AUDIT_PAGE + 1, target=target)
    )
    more = len(entries) > AUDIT_PAGE
    entries = entries[:AUDIT_PAGE]
    return render(
        request,
        "audit.html",
        viewer=viewer,
        title_key="audit.title",
        view=catalog_view(request, session),
        card=card,
        problem=problem,
        entries=_rows(viewer, session, entries),
        older=entries[-1].id if more and entries else None,
        first_page=before is None,
        status=422 if problem else 200,
    )
