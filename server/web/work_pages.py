"""The day's work in the console: the orders list and an order's page with its history and
actions, the emergencies list and an emergency's steps, and the forms that act on them
(the same server functions as the staff API: server.staff, server.sos, server.vitals).

A form sent by the board's script (``Accept: application/json``) is answered with
``{"ok", "message"}`` and the board redraws the card from the staff socket; a form sent by the
browser is sent on to the page it came from, with a line saying what was done.
"""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import and_, func, or_, select
from starlette.concurrency import run_in_threadpool

from server import sos, staff, vitals
from server.models import Order, SosEvent
from server.routes.common import UUID_PATTERN, CenterDep, Db
from server.web.console import (
    PREFIX,
    ConsoleRoute,
    PageRefused,
    Viewer,
    names_for,
    page,
    posted,
    render,
    safe_next,
    wants_json,
)
from server.web.console import catalog as catalog_view
from sync.protocol import StaffAlertAck, StaffOrderAction

router = APIRouter(route_class=ConsoleRoute)  # under PREFIX (server.routes.web)
ORDER_STATES: Final = ("sent", "accepted", "on_the_way", "done", "cancelled")
SOS_ACTIONS: Final = ("on_the_way", "phoning", "coming_to_kiosk")
PAGE: Final = 50
SOS_CURSOR = r"^[0-9]+(\.[0-9]+)?(e[+-]?[0-9]+)?_[0-9a-fA-F-]{36}$"


def notice(viewer: Viewer, done: str | None, prefix: str = "done.") -> dict[str, str] | None:
    """The line saying what was just done (``?done=KEY``, only keys of the words table that
    start with ``prefix``)."""
    key = f"{prefix}{done}"
    if done and viewer.words.has(key):
        return {"kind": "ok", "text": viewer.words.t(key)}
    return None


def answered(request: Request, viewer: Viewer, done: str, back_to: str) -> Response:
    if wants_json(request):
        return JSONResponse({"ok": True, "message": viewer.words.t(f"done.{done}")})
    joiner = "&" if "?" in back_to else "?"
    return RedirectResponse(f"{back_to}{joiner}done={done}", status_code=303)


def refused(viewer: Viewer, exc: staff.StaffError) -> PageRefused:
    """A refusal of the server's functions, in the viewer's words where the table has them."""
    key = f"error.{exc.code}"
    message = viewer.words.t(key) if viewer.words.has(key) else exc.message
    return PageRefused(exc.status, message, viewer)


# -- orders ----------------------------------------------------------------------------------


@router.get("/orders")
def orders_page(
    request: Request,
    session: Db,
    viewer: Annotated[Viewer, page("orders.read")],
    state: Annotated[str, Query(max_length=20)] = "",
    cursor: Annotated[str | None, Query(max_length=80, pattern=staff.CURSOR_PATTERN)] = None,
    done: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    chosen = state if state in ORDER_STATES else None
    orders, next_cursor = staff.list_orders(session, chosen, PAGE, cursor)
    return render(
        request,
        "orders.html",
        viewer=viewer,
        title_key="orders.title",
        view=catalog_view(request, session),
        orders=orders,
        state=chosen or "",
        states=ORDER_STATES,
        next_cursor=next_cursor,
        first_page=cursor is None,
        names=names_for(session, {o.resident_card for o in orders}, {o.device_id for o in orders}),
        notice=notice(viewer, done),
    )


@router.get("/orders/{order_id}")
def order_page(
    request: Request,
    session: Db,
    viewer: Annotated[Viewer, page("orders.read")],
    order_id: Annotated[str, Path(pattern=UUID_PATTERN)],
    done: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    row = session.get(Order, order_id)
    if row is None:
        raise PageRefused(404, viewer.words.t("refused.not_found"), viewer)
    order = staff.order_view(row)
    return render(
        request,
        "order.html",
        viewer=viewer,
        title_key="order.title",
        view=catalog_view(request, session),
        order=order,
        history=staff.order_history(session, order_id),
        names=names_for(session, {order.resident_card}, {order.device_id}),
        notice=notice(viewer, done),
    )


@router.post("/orders/{order_id}/act")
async def act_on_order(
    request: Request,
    session: Db,
    center: CenterDep,
    viewer: Annotated[Viewer, page("orders.act")],
    order_id: Annotated[str, Path(pattern=UUID_PATTERN)],
) -> Response:
    form = await posted(request, viewer)
    words = viewer.words
    action = form.get("action", "")
    worker = form.get("worker", "").strip() or None
    reason = form.get("reason", "").strip() or None
    if action == "assign" and not worker:
        raise PageRefused(422, words.t("error.worker_needed"), viewer)
    if action == "cancel" and not reason:
        raise PageRefused(422, words.t("error.reason_needed"), viewer)
    try:
        body = StaffOrderAction.model_validate(
            {"action": action, "worker": worker if action == "assign" else None, "reason": reason}
        )
    except ValidationError as exc:
        raise PageRefused(422, words.t("error.bad_action"), viewer) from exc

    def work() -> None:
        staff.act_on_order(session, viewer.staff, order_id, body)
        center.hub.committed(staff.queued_updates(session))
        center.feed.poke()

    try:
        await run_in_threadpool(work)
    except staff.StaffError as exc:
        raise refused(viewer, exc) from exc
    back_to = safe_next(form.get("next") or f"{PREFIX}/orders/{order_id}")
    return answered(request, viewer, action, back_to)


# -- emergencies -----------------------------------------------------------------------------


@router.get("/sos")
def sos_page(
    request: Request,
    session: Db,
    viewer: Annotated[Viewer, page("sos.read")],
    cursor: Annotated[str | None, Query(max_length=80, pattern=SOS_CURSOR)] = None,
    done: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    """Every emergency, newest first by the time the center received it."""
    received = func.coalesce(SosEvent.received_at, 0.0)
    query = select(SosEvent).order_by(received.desc(), SosEvent.id.desc()).limit(PAGE + 1)
    if cursor:
        moment_text, _, after_id = cursor.partition("_")
        moment = float(moment_text)
        query = query.where(
            or_(received < moment, and_(received == moment, SosEvent.id < after_id))
        )
    rows = list(session.scalars(query))
    more = len(rows) > PAGE
    rows = rows[:PAGE]
    next_cursor = f"{rows[-1].received_at or 0.0!r}_{rows[-1].id}" if more else None
    items = [(sos.sos_view(r), r.received_at) for r in rows]
    return render(
        request,
        "sos_list.html",
        viewer=viewer,
        title_key="sos.title",
        view=catalog_view(request, session),
        items=items,
        next_cursor=next_cursor,
        first_page=cursor is None,
        names=names_for(session, {r.resident_card for r in rows}, {r.device_id for r in rows}),
        notice=notice(viewer, done),
    )


@router.get("/sos/{sos_id}")
def one_sos_page(
    request: Request,
    session: Db,
    viewer: Annotated[Viewer, page("sos.read")],
    sos_id: Annotated[str, Path(pattern=UUID_PATTERN)],
    done: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    row = session.get(SosEvent, sos_id)
    if row is None:
        raise PageRefused(404, viewer.words.t("refused.not_found"), viewer)
    item = sos.sos_view(row)
    return render(
        request,
        "sos_one.html",
        viewer=viewer,
        title_key="sos.one_title",
        view=catalog_view(request, session),
        item=item,
        received_at=row.received_at,
        steps=sos.steps_of(session, sos_id),
        names=names_for(session, {item.resident_card}, {item.device_id}),
        notice=notice(viewer, done),
    )


@router.post("/sos/{sos_id}/ack")
async def acknowledge_sos(
    request: Request,
    session: Db,
    center: CenterDep,
    viewer: Annotated[Viewer, page("sos.ack")],
    sos_id: Annotated[str, Path(pattern=UUID_PATTERN)],
) -> Response:
    form = await posted(request, viewer)
    action = form.get("action", "on_the_way")
    if action not in SOS_ACTIONS:
        raise PageRefused(422, viewer.words.t("error.bad_action"), viewer)

    def work() -> None:
        sos.acknowledge(session, viewer.staff, sos_id, action)  # type: ignore[arg-type]
        center.hub.committed(staff.queued_updates(session))
        center.feed.poke()

    try:
        await run_in_threadpool(work)
    except staff.StaffError as exc:
        raise refused(viewer, exc) from exc
    back_to = safe_next(form.get("next") or f"{PREFIX}/sos/{sos_id}")
    return answered(request, viewer, f"sos_{action}", back_to)


# -- alerting readings -----------------------------------------------------------------------


@router.post("/alerts/{reading_id}/ack")
async def acknowledge_alert(
    request: Request,
    session: Db,
    center: CenterDep,
    viewer: Annotated[Viewer, page("alerts.ack")],
    reading_id: Annotated[str, Path(pattern=UUID_PATTERN)],
) -> Response:
    form = await posted(request, viewer)
    try:
        ack = StaffAlertAck(note=form.get("note", "").strip()[:500])
    except ValidationError as exc:
        raise PageRefused(422, viewer.words.t("error.bad_note"), viewer) from exc

    def work() -> None:
        vitals.acknowledge(session, viewer.staff, reading_id, ack)
        center.hub.committed(staff.queued_updates(session))
        center.feed.poke()

    try:
        await run_in_threadpool(work)
    except staff.StaffError as exc:
        raise refused(viewer, exc) from exc
    return answered(request, viewer, "alert_seen", safe_next(form.get("next")))
