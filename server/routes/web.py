"""The staff console's pages (``/console/...``): signing in and out, the language switch, the
live board and its fragments, and the static files; the rest of the pages are in
server.web.work_pages (orders, emergencies, alerts), server.web.admin_pages (residents,
catalog, kiosks, messages, lessons), server.web.report_pages (reports and CSV) and
server.web.resident_data_pages (a resident's export and erasure, the audit trail).

Pages are rendered on the server (server/web/templates); the board's script
(server/web/static/board.js) listens on the staff socket (server.routes.staff_socket) and asks
for each changed card here, so every word and every escape comes from the templates. Every
page names its action of the permission table (server.roles), checked by
server.web.console.page; the API routes they mirror check the same table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Final

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from server import accounts, sos, staff, vitals
from server.auth import AuthError
from server.models import Order, SosEvent
from server.routes.common import UUID_PATTERN, CenterDep, Db
from server.routes.permissions import SESSION_COOKIE
from server.web import (
    admin_pages,
    call_console,
    family_console,
    report_pages,
    resident_data_pages,
    strings,
    volunteer_pages,
    work_pages,
)
from server.web.console import (
    LANG_COOKIE,
    PREFIX,
    SIGNIN_COOKIE,
    ConsoleRoute,
    PageRefused,
    Viewer,
    check_origin,
    form_token,
    language_of,
    names_for,
    new_signin_secret,
    page,
    posted,
    read_form,
    record_page_use,
    render,
    safe_next,
    set_session_cookie,
    sign_out_to,
    viewer_of,
)
from server.web.console import catalog as catalog_view
from sync.protocol import StaffOrder, StaffReadingAlert, StaffSos

router = APIRouter(prefix=PREFIX, route_class=ConsoleRoute, include_in_schema=False)
STATIC = Path(__file__).resolve().parents[1] / "web" / "static"
STATIC_FILES: Final = {
    "console.css": "text/css",
    "board.js": "text/javascript",
    "chime.wav": "audio/wav",
    "alarm.wav": "audio/wav",
    "silence.wav": "audio/wav",
    "icon.svg": "image/svg+xml",
}
BOARD_ORDERS: Final = 60
YEAR_S: Final = 365 * 24 * 3600


# -- static files, language --------------------------------------------------------------


@router.get("/static/{name}")
def static_file(name: Annotated[str, PathParam(max_length=40)]) -> Response:
    kind = STATIC_FILES.get(name)
    if kind is None:
        raise PageRefused(404, strings.table(strings.DEFAULT).t("refused.not_found"))
    return FileResponse(
        STATIC / name, media_type=kind, headers={"Cache-Control": "public, max-age=300"}
    )


@router.get("/lang")
def switch_language(
    to: Annotated[str, Query(max_length=10)], next: Annotated[str, Query(max_length=2000)] = ""
) -> Response:
    """Show the console in another language from now on (a cookie of this browser)."""
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        LANG_COOKIE, strings.pick(to), max_age=YEAR_S, path="/", httponly=True, samesite="lax"
    )
    return response


# -- signing in and out --------------------------------------------------------------------


def _signin_page(
    request: Request, secret: str, *, next_path: str, message: str | None, status: int = 200
) -> Response:
    response = render(
        request,
        "signin.html",
        viewer=None,
        title_key="signin.title",
        status=status,
        token=form_token(secret),
        next_path=next_path,
        message=message,
    )
    if request.cookies.get(SIGNIN_COOKIE) != secret:
        response.set_cookie(
            SIGNIN_COOKIE,
            secret,
            path=f"{PREFIX}/sign-in",
            secure=request.url.scheme == "https",
            httponly=True,
            samesite="strict",
        )
    return response


@router.get("/sign-in")
def sign_in_page(
    request: Request,
    session: Db,
    next: Annotated[str, Query(max_length=2000)] = "",
    why: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    words = strings.table(language_of(request))
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        try:
            viewer_of(request, session, "self")
        except Exception:
            pass
        else:
            return RedirectResponse(safe_next(next), status_code=303)
    message = words.t(f"signin.why_{why}") if why in ("expired", "signed_out") else None
    secret = request.cookies.get(SIGNIN_COOKIE) or new_signin_secret()
    if len(secret) > 100:
        secret = new_signin_secret()
    return _signin_page(request, secret, next_path=safe_next(next), message=message)


def _signin_refusal(words: strings.Strings, exc: AuthError) -> str:
    wait = (exc.headers or {}).get("Retry-After", "60")
    if exc.code == "account_locked":
        return words.t("signin.locked", seconds=wait)
    if exc.code == "too_many_attempts":
        return words.t("signin.too_many", seconds=wait)
    if exc.code == "account_disabled":
        return words.t("signin.disabled")
    return words.t("signin.bad")


@router.post("/sign-in")
async def sign_in(request: Request, session: Db, center: CenterDep) -> Response:
    words = strings.table(language_of(request))
    check_origin(request, words)
    form = await read_form(request)
    secret = request.cookies.get(SIGNIN_COOKIE) or ""
    next_path = safe_next(form.get("next"))
    if not secret or form.get("csrf") != form_token(secret):
        fresh = new_signin_secret()
        return _signin_page(
            request, fresh, next_path=next_path, message=words.t("signin.again"), status=403
        )
    name = form.get("name", "").strip()[:100]
    password = form.get("password", "")[:200]
    if not name or not password:
        return _signin_page(
            request, secret, next_path=next_path, message=words.t("signin.both"), status=422
        )
    address = request.client.host if request.client else "unknown"
    lifetime = center.settings.session_s

    def work() -> tuple[str, accounts.Issued]:
        center.signins.check(address)
        try:
            person, issued = accounts.sign_in(session, name, password, lifetime, client=address)
        except AuthError as exc:
            if exc.code in ("bad_signin", "account_locked"):
                center.signins.failed(address)
            raise
        return person.role, issued

    try:
        role, issued = await run_in_threadpool(work)
    except AuthError as exc:
        status = exc.status
        return _signin_page(
            request, secret, next_path=next_path, message=_signin_refusal(words, exc), status=status
        )
    if next_path == f"{PREFIX}/" and role == "volunteer":
        next_path = f"{PREFIX}/tutorials"
    response = RedirectResponse(next_path, status_code=303)
    set_session_cookie(request, response, issued.token, lifetime)
    response.delete_cookie(SIGNIN_COOKIE, path=f"{PREFIX}/sign-in")
    return response


@router.post("/sign-out")
async def sign_out(
    request: Request, session: Db, viewer: Annotated[Viewer, page("self")]
) -> Response:
    await posted(request, viewer)
    return await sign_out_to(request, session, f"{PREFIX}/sign-in")


# -- the board -----------------------------------------------------------------------------


@router.get("/")
def board(request: Request, session: Db, viewer: Annotated[Viewer, page("self")]) -> Response:
    if not viewer.can("board.watch"):
        return RedirectResponse(f"{PREFIX}/tutorials", status_code=303)
    record_page_use(request, viewer, "board.watch")  # the board shows residents' orders
    open_sos = sos.list_sos(session, open_only=True)
    alerts = vitals.list_alerts(session, True, 50) if viewer.can("alerts.read") else []
    orders, _ = staff.list_orders(session, None, BOARD_ORDERS)
    names = names_for(
        session,
        {o.resident_card for o in orders} | {s.resident_card for s in open_sos},
        {o.device_id for o in orders} | {s.device_id for s in open_sos},
    )
    return render(
        request,
        "board.html",
        viewer=viewer,
        title_key="board.title",
        view=catalog_view(request, session),
        open_sos=open_sos,
        alerts=alerts,
        orders=orders,
        names=names,
    )


@router.get("/board/orders/{order_id}")
def order_card(
    request: Request,
    session: Db,
    viewer: Annotated[Viewer, page("orders.read")],
    order_id: Annotated[str, PathParam(pattern=UUID_PATTERN)],
) -> Response:
    """One order's card, for the board's script to put in place."""
    row = session.get(Order, order_id)
    if row is None:
        raise PageRefused(404, viewer.words.t("refused.not_found"), viewer)
    order: StaffOrder = staff.order_view(row)
    return render(
        request,
        "card_order.html",
        viewer=viewer,
        title_key="board.title",
        view=catalog_view(request, session),
        order=order,
        names=names_for(session, {order.resident_card}, {order.device_id}),
    )


@router.get("/board/sos/{sos_id}")
def sos_card(
    request: Request,
    session: Db,
    viewer: Annotated[Viewer, page("sos.read")],
    sos_id: Annotated[str, PathParam(pattern=UUID_PATTERN)],
) -> Response:
    row = session.get(SosEvent, sos_id)
    if row is None:
        raise PageRefused(404, viewer.words.t("refused.not_found"), viewer)
    emergency: StaffSos = sos.sos_view(row)
    return render(
        request,
        "card_sos.html",
        viewer=viewer,
        title_key="board.title",
        view=catalog_view(request, session),
        item=emergency,
        names=names_for(session, {emergency.resident_card}, {emergency.device_id}),
    )


@router.get("/board/alerts/{reading_id}")
def alert_card(
    request: Request,
    session: Db,
    viewer: Annotated[Viewer, page("alerts.read")],
    reading_id: Annotated[str, PathParam(pattern=UUID_PATTERN)],
) -> Response:
    found = [a for a in vitals.list_alerts(session, False, 200) if a.reading_id == reading_id]
    if not found:
        raise PageRefused(404, viewer.words.t("refused.not_found"), viewer)
    alert: StaffReadingAlert = found[0]
    return render(
        request,
        "card_alert.html",
        viewer=viewer,
        title_key="board.title",
        view=catalog_view(request, session),
        alert=alert,
        names=names_for(session, {alert.resident_card}, set()),
    )


router.include_router(work_pages.router)
router.include_router(admin_pages.router)
router.include_router(report_pages.router)
router.include_router(volunteer_pages.router)
router.include_router(resident_data_pages.router)
router.include_router(family_console.router)
router.include_router(call_console.router)
