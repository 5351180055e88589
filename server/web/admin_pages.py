"""Running the center from the console: the residents register, the catalog editor, the
kiosks, messages, and the lesson progress volunteers look up.

Each form calls the staff API's own route function (server.routes.residents, server.routes.
staff), so a page does exactly what the API does, with the same checks, audit records and
updates to kiosks; a refusal is shown in the viewer's words.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, Final

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from server import devices, pricing, residents, staff
from server.models import CatalogVersion, Device, ResidentRow, Update
from server.routes import residents as resident_routes
from server.routes import staff as staff_routes
from server.routes.common import UUID_PATTERN, CenterDep, Db
from server.tutorials import resident_progress
from server.web.console import (
    PREFIX,
    ConsoleRoute,
    PageRefused,
    Viewer,
    page,
    posted,
    render,
)
from server.web.console import catalog as catalog_view
from server.web.work_pages import answered, notice, refused
from sync.protocol import CatalogUpload, ResidentDetails, StaffMessage

router = APIRouter(route_class=ConsoleRoute)  # under PREFIX (server.routes.web)
CARD: Final = r"^[0-9]{4,20}$"
TIERS: Final = ("free", "subsidised", "full")
LANGUAGES: Final = ("zh_CN", "en_US")
CONTACT_ROWS: Final = 3  # empty rows offered beyond those a resident has
PAGE: Final = 50


def field_problems(viewer: Viewer, exc: ValidationError) -> list[str]:
    """Which fields of a form to check, in words."""
    problems = []
    for error in exc.errors():
        where = [str(part) for part in error.get("loc", ())]
        label_key = f"field.{where[0]}" if where else "field.form"
        label = viewer.words.t(label_key) if viewer.words.has(label_key) else ".".join(where)
        if len(where) >= 3 and where[0] == "contacts":
            label = viewer.words.t(
                "field.contact_part",
                number=int(where[1]) + 1,
                part=viewer.words.t(f"field.contact_{where[2]}"),
            )
        problems.append(viewer.words.t("form.check_field", field=label))
    return problems


# -- residents -------------------------------------------------------------------------------


@router.get("/residents")
def residents_page(
    request: Request,
    session: Db,
    viewer: Annotated[Viewer, page("residents.read")],
    after: Annotated[str | None, Query(pattern=CARD)] = None,
    done: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    found = residents.list_page(session, after, PAGE + 1)
    more = len(found) > PAGE
    found = found[:PAGE]
    return render(
        request,
        "residents.html",
        viewer=viewer,
        title_key="residents.title",
        people=found,
        next_after=found[-1].card if more and found else None,
        first_page=after is None,
        notice=notice(viewer, done),
    )


def _resident_form(
    request: Request,
    viewer: Viewer,
    *,
    card: str | None,
    values: dict[str, Any],
    problems: list[str] | None = None,
    status: int = 200,
    done: str | None = None,
) -> Response:
    contacts = list(values.get("contacts", []))
    contacts += [{"name": "", "phone": "", "relation": ""}] * CONTACT_ROWS
    return render(
        request,
        "resident_form.html",
        viewer=viewer,
        title_key="resident.new_title" if card is None else "resident.edit_title",
        card=card,
        values=values,
        contacts=contacts[: 10 if len(contacts) > 10 else len(contacts)],
        tiers=TIERS,
        languages=LANGUAGES,
        problems=problems or [],
        status=status,
        notice=notice(viewer, done),
    )


@router.get("/residents/new")
def new_resident_page(
    request: Request, viewer: Annotated[Viewer, page("residents.write")]
) -> Response:
    values = {"name": "", "phone": "", "subsidy_tier": "full", "language": "zh_CN"}
    return _resident_form(request, viewer, card=None, values=values | {"active": True})


@router.get("/residents/{card}")
def resident_page(
    request: Request,
    session: Db,
    viewer: Annotated[Viewer, page("residents.read")],
    card: Annotated[str, Path(pattern=CARD)],
    done: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    try:
        record = residents.get(session, card)
    except staff.StaffError as exc:
        raise refused(viewer, exc) from exc
    values = record.model_dump()
    return _resident_form(request, viewer, card=card, values=values, done=done)


def _details_from(form: dict[str, str]) -> tuple[dict[str, Any], ResidentDetails | None, Any]:
    contacts = []
    for number in range(10):
        name = form.get(f"contact{number}_name", "").strip()
        phone = form.get(f"contact{number}_phone", "").strip()
        relation = form.get(f"contact{number}_relation", "").strip()
        if name or phone or relation:
            contacts.append({"name": name, "phone": phone, "relation": relation})
    values: dict[str, Any] = {
        "name": form.get("name", "").strip(),
        "phone": form.get("phone", "").strip(),
        "subsidy_tier": form.get("subsidy_tier", ""),
        "language": form.get("language", ""),
        "active": form.get("active") == "on",
        "contacts": contacts,
    }
    try:
        return values, ResidentDetails.model_validate(values), None
    except ValidationError as exc:
        return values, None, exc


@router.post("/residents")
async def save_resident(
    request: Request,
    session: Db,
    center: CenterDep,
    viewer: Annotated[Viewer, page("residents.write")],
) -> Response:
    """Register a new resident (card, name, tier, contacts, language) or change one."""
    form = await posted(request, viewer)
    card = form.get("card", "").strip()
    is_new = form.get("new") == "1"
    values, details, error = _details_from(form)
    problems = field_problems(viewer, error) if error is not None else []
    if not re.fullmatch(CARD, card):
        problems.insert(0, viewer.words.t("resident.bad_card"))
    if problems or details is None:
        return _resident_form(
            request,
            viewer,
            card=None if is_new else card,
            values=values | {"card": card},
            problems=problems,
            status=422,
        )

    def work() -> bool:
        if is_new and session.get(ResidentRow, card) is not None:
            return False
        resident_routes.put_resident(viewer.staff, card, details, session, center)
        return True

    try:
        saved = await run_in_threadpool(work)
    except staff.StaffError as exc:
        raise refused(viewer, exc) from exc
    if not saved:
        return _resident_form(
            request,
            viewer,
            card=None,
            values=values | {"card": card},
            problems=[viewer.words.t("resident.card_taken", card=card)],
            status=409,
        )
    return answered(request, viewer, "resident_saved", f"{PREFIX}/residents/{card}")


# -- the catalog -----------------------------------------------------------------------------


@router.get("/catalog")
def catalog_page(
    request: Request,
    session: Db,
    viewer: Annotated[Viewer, page("catalog.publish")],
    done: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    view = catalog_view(request, session)
    published = session.scalars(
        select(CatalogVersion).order_by(CatalogVersion.version.desc()).limit(10)
    ).all()
    return render(
        request,
        "catalog.html",
        viewer=viewer,
        title_key="catalog.title",
        view=view,
        text=view.toml,
        problems=[],
        checked=False,
        published=[(p.version, p.created_by, p.created_at) for p in published],
        notice=notice(viewer, done),
    )


@router.post("/catalog")
async def check_or_publish_catalog(
    request: Request,
    session: Db,
    center: CenterDep,
    viewer: Annotated[Viewer, page("catalog.publish")],
) -> Response:
    """Check the catalog typed (``check``), or check and publish it (``publish``)."""
    form = await posted(request, viewer)
    text = form.get("toml", "").replace("\r\n", "\n")
    problems: list[str] = []
    try:
        rules = pricing.parse_rules(text)
    except pricing.CatalogProblems as exc:
        problems = exc.problems
        rules = None
    if rules is not None and form.get("step") == "publish":

        def work() -> None:
            staff_routes.put_catalog(viewer.staff, CatalogUpload(toml=text), session, center)

        try:
            await run_in_threadpool(work)
        except staff.StaffError as exc:
            raise refused(viewer, exc) from exc
        except ValidationError:
            problems = [viewer.words.t("catalog.too_long")]
        else:
            return answered(request, viewer, "catalog_published", f"{PREFIX}/catalog")
    view = catalog_view(request, session)
    published = session.scalars(
        select(CatalogVersion).order_by(CatalogVersion.version.desc()).limit(10)
    ).all()
    return render(
        request,
        "catalog.html",
        viewer=viewer,
        title_key="catalog.title",
        view=view,
        text=text,
        problems=problems,
        checked=True,
        services=sorted(rules.services) if rules else [],
        published=[(p.version, p.created_by, p.created_at) for p in published],
        status=422 if problems else 200,
    )


# -- kiosks ------------------------------------------------------------------------------------


@router.get("/kiosks")
def kiosks_page(
    request: Request,
    session: Db,
    viewer: Annotated[Viewer, page("devices.read")],
    done: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    return render(
        request,
        "kiosks.html",
        viewer=viewer,
        title_key="kiosks.title",
        view=catalog_view(request, session),
        kiosks=devices.list_devices(session, 1000),
        code=None,
        notice=notice(viewer, done),
    )


@router.post("/kiosks/code")
async def enrolment_code(
    request: Request, session: Db, viewer: Annotated[Viewer, page("devices.enrol")]
) -> Response:
    await posted(request, viewer)

    def work() -> str:
        return staff_routes.new_code(viewer.staff, session)["code"]

    code = await run_in_threadpool(work)
    return render(
        request,
        "kiosks.html",
        viewer=viewer,
        title_key="kiosks.title",
        view=catalog_view(request, session),
        kiosks=devices.list_devices(session, 1000),
        code=code,
    )


@router.post("/kiosks/{device_id}/revoke")
async def revoke_kiosk(
    request: Request,
    session: Db,
    center: CenterDep,
    viewer: Annotated[Viewer, page("devices.revoke")],
    device_id: Annotated[str, Path(pattern=UUID_PATTERN)],
) -> Response:
    form = await posted(request, viewer)
    if form.get("confirm") != "yes":
        raise PageRefused(422, viewer.words.t("kiosks.confirm_needed"), viewer)

    def work() -> None:
        staff_routes.staff_revoke(viewer.staff, device_id, session, center)

    try:
        await run_in_threadpool(work)
    except staff.StaffError as exc:
        raise refused(viewer, exc) from exc
    return answered(request, viewer, "kiosk_revoked", f"{PREFIX}/kiosks")


# -- messages --------------------------------------------------------------------------------


def _messages_page(
    request: Request,
    session: Db,
    viewer: Viewer,
    *,
    values: dict[str, str],
    problems: list[str] | None = None,
    status: int = 200,
    done: str | None = None,
) -> Response:
    kiosks = session.scalars(
        select(Device).where(Device.revoked_at.is_(None)).order_by(Device.name).limit(1000)
    ).all()
    names = {k.id: k.name for k in kiosks}
    sent = []
    for row in session.scalars(
        select(Update).where(Update.kind == "message").order_by(Update.seq.desc()).limit(PAGE)
    ):
        try:
            payload = json.loads(row.payload or "")  # None: it did not open (logged)
        except ValueError:
            continue
        sent.append(
            {
                "at": row.created_at,
                "kiosk": names.get(row.device_id or "", row.device_id or ""),
                "card": payload.get("resident_card"),
                "from": payload.get("from", ""),
                "text": payload.get("text", ""),
            }
        )
    return render(
        request,
        "messages.html",
        viewer=viewer,
        title_key="messages.title",
        view=catalog_view(request, session),
        kiosks=[(k.id, k.name) for k in kiosks],
        values=values,
        problems=problems or [],
        sent=sent,
        status=status,
        notice=notice(viewer, done),
    )


@router.get("/messages")
def messages_page(
    request: Request,
    session: Db,
    viewer: Annotated[Viewer, page("messages.send")],
    done: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    return _messages_page(
        request, session, viewer, values={"device_id": "", "card": "", "text": ""}, done=done
    )


@router.post("/messages")
async def send_message(
    request: Request,
    session: Db,
    center: CenterDep,
    viewer: Annotated[Viewer, page("messages.send")],
) -> Response:
    """A message to one kiosk, or to one resident on a kiosk: never to every kiosk."""
    form = await posted(request, viewer)
    values = {
        "device_id": form.get("device_id", ""),
        "card": form.get("card", "").strip(),
        "text": form.get("text", "").strip(),
    }
    problems = []
    if not values["device_id"]:
        problems.append(viewer.words.t("messages.no_device"))
    if not values["text"]:
        problems.append(viewer.words.t("messages.no_text"))
    body = None
    if not problems:
        try:
            body = StaffMessage(
                text=values["text"],
                device_id=values["device_id"],
                resident_card=values["card"] or None,
            )
        except ValidationError as exc:
            problems = field_problems(viewer, exc)
    if body is None:
        return _messages_page(
            request, session, viewer, values=values, problems=problems, status=422
        )
    message = body

    def work() -> None:
        staff_routes.post_message(viewer.staff, message, session, center)

    try:
        await run_in_threadpool(work)
    except staff.StaffError as exc:
        key = f"error.{exc.code}"
        text = viewer.words.t(key) if viewer.words.has(key) else exc.message
        session.rollback()
        return _messages_page(request, session, viewer, values=values, problems=[text], status=422)
    return answered(request, viewer, "message_sent", f"{PREFIX}/messages")


# -- lessons (volunteers) ----------------------------------------------------------------------


@router.get("/tutorials")
def tutorials_page(
    request: Request,
    session: Db,
    viewer: Annotated[Viewer, page("tutorials.read")],
    card: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    progress = None
    problem = None
    if card:
        if re.fullmatch(CARD, card):
            progress = resident_progress(session, card)
        else:
            problem = viewer.words.t("resident.bad_card")
    return render(
        request,
        "tutorials.html",
        viewer=viewer,
        title_key="tutorials.title",
        card=card,
        progress=progress,
        problem=problem,
    )
