"""The family pages (``/family/...``): joining from an invitation link, signing in and out, the
linked elders, and one elder's page (tablet online, orders, readings, emergencies, calls, the
daily check-ins and the video call button).

Large and plain for a phone: server-rendered HTML (templates ``family_*.html``), one style
sheet (static/family.css), no inline script or style (the console's Content-Security-Policy,
server.web.console). The video call button is worked by the call page's script
(``/static/family_live.js``), which these pages only include.

Accounts, sessions and form tokens are the console's (server.accounts, server.web.console):
a family account is a ``staff`` row with the role ``family``, and the same cookie signs it in.
The access rule is the family API's (server.routes.family): a card the account is not linked
to is "no such page" (404), and every look at an elder's page is recorded in the audit trail.
"""

from __future__ import annotations

import hmac
import time
from typing import Annotated, Any, Final
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from server import accounts, checkins, family, family_summary
from server.auth import AuthError
from server.models import ResidentRow, Staff
from server.roles import FAMILY
from server.routes import family as family_api
from server.routes.common import CenterDep, Db
from server.routes.permissions import SESSION_COOKIE
from server.staff import StaffError
from server.web.console import (
    PageRefused,
    check_origin,
    form_token,
    new_signin_secret,
    read_form,
    sign_out_to,
)
from server.web.family_base import (
    CSS,
    LANG_COOKIE,
    PREFIX,
    SIGNIN_COOKIE,
    WEEKDAYS,
    YEAR_S,
    FamilyRoute,
    FamilyViewer,
    Viewer,
    language_of,
    presession_secret,
    render,
    safe_next,
    session_cookie,
    signin_cookie,
    words_of,
)
from server.web.strings import LANGUAGES, Strings, pick

router = APIRouter(prefix=PREFIX, route_class=FamilyRoute, include_in_schema=False)


# -- static file and language -------------------------------------------------------------


@router.get("/static/family.css")
def style_sheet() -> Response:
    return FileResponse(
        CSS, media_type="text/css", headers={"Cache-Control": "public, max-age=300"}
    )


@router.get("/lang")
def switch_language(
    to: Annotated[str, Query(max_length=10)], next: Annotated[str, Query(max_length=2000)] = ""
) -> Response:
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        LANG_COOKIE, pick(to), max_age=YEAR_S, path="/", httponly=True, samesite="lax"
    )
    return response


# -- signing in and out ---------------------------------------------------------------------


def _signin_page(
    request: Request, secret: str, *, next_path: str, message: str | None, status: int = 200
) -> Response:
    words = words_of(language_of(request))
    response = render(
        request,
        "family_signin.html",
        words,
        title=words.t("signin.title"),
        status=status,
        token=form_token(secret),
        next_path=next_path,
        problem=message,
    )
    signin_cookie(request, response, secret)
    return response


@router.get("/sign-in")
def sign_in_page(
    request: Request,
    next: Annotated[str, Query(max_length=2000)] = "",
    why: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    words = words_of(language_of(request))
    message = words.t(f"signin.{why}") if why in ("expired", "staff") else None
    return _signin_page(
        request, presession_secret(request), next_path=safe_next(next), message=message
    )


def _signin_refusal(words: Strings, exc: AuthError) -> str:
    wait = (exc.headers or {}).get("Retry-After", "60")
    if exc.code == "account_locked":
        return words.t("signin.locked", seconds=wait)
    if exc.code == "too_many_attempts":
        return words.t("signin.too_many", seconds=wait)
    if exc.code == "account_disabled":
        return words.t("signin.disabled")
    if exc.code == "not_family":
        return words.t("signin.staff")
    return words.t("signin.bad")


@router.post("/sign-in")
async def sign_in(request: Request, session: Db, center: CenterDep) -> Response:
    words = words_of(language_of(request))
    check_origin(request, words)
    form = await read_form(request)
    secret = request.cookies.get(SIGNIN_COOKIE) or ""
    next_path = safe_next(form.get("next"))
    if not secret or not hmac.compare_digest(form.get("csrf", ""), form_token(secret)):
        fresh = new_signin_secret()
        message = words.t("signin.again")
        return _signin_page(request, fresh, next_path=next_path, message=message, status=403)
    name = form.get("name", "").strip()[:100]
    password = form.get("password", "")[:200]
    if not name or not password:
        message = words.t("signin.both")
        return _signin_page(request, secret, next_path=next_path, message=message, status=422)
    address = request.client.host if request.client else "unknown"
    lifetime = center.settings.session_s

    def work() -> accounts.Issued:
        center.signins.check(address)
        try:
            person, issued = accounts.sign_in(session, name, password, lifetime, client=address)
        except AuthError as exc:
            if exc.code in ("bad_signin", "account_locked"):
                center.signins.failed(address)
            raise
        if person.role != FAMILY:  # staff sign in at the console
            accounts.end_session(session, issued.token)
            session.commit()
            raise AuthError("not_family", "staff account", 403)
        return issued

    try:
        issued = await run_in_threadpool(work)
    except AuthError as exc:
        message = _signin_refusal(words, exc)
        return _signin_page(
            request, secret, next_path=next_path, message=message, status=exc.status
        )
    response = RedirectResponse(next_path, status_code=303)
    session_cookie(request, response, issued.token, lifetime)
    return response


@router.post("/sign-out")
async def sign_out(request: Request, session: Db, viewer: Viewer) -> Response:
    await _checked_form(request, viewer)
    return await sign_out_to(request, session, f"{PREFIX}/sign-in")


async def _checked_form(request: Request, viewer: FamilyViewer) -> dict[str, str]:
    check_origin(request, viewer.words)
    form = await read_form(request)
    if not hmac.compare_digest(form.get("csrf", ""), viewer.token):
        raise PageRefused(403, viewer.words.t("signin.again"))
    return form


# -- joining from an invitation ----------------------------------------------------------------


def _signed_in(request: Request, session: Session) -> Staff | None:
    """The account of a live session, family or staff, if any."""
    secret = request.cookies.get(SESSION_COOKIE)
    if not secret or len(secret) > 200:
        return None
    try:
        return accounts.staff_for_secret(session, secret, accounts.CONSOLE, now=time.time())
    except AuthError:
        return None


def _join_page(
    request: Request,
    session: Session,
    token: str,
    *,
    values: dict[str, str] | None = None,
    problem: str | None = None,
    status: int = 200,
) -> Response:
    words = words_of(language_of(request))
    row = family.find_invitation(session, token)
    reason = family.invitation_problem(row, time.time())
    if reason is not None or row is None:
        return render(
            request,
            "family_join_refused.html",
            words,
            title=words.t("join.refused_title"),
            status=410 if reason in ("used", "expired") else 404,
            reason=reason or "unknown",
        )
    resident = session.get(ResidentRow, row.resident_card)
    account = _signed_in(request, session)
    secret = request.cookies.get(SESSION_COOKIE, "") if account else presession_secret(request)
    response = render(
        request,
        "family_join.html",
        words,
        title=words.t("join.title"),
        status=status,
        token=form_token(secret),
        resident_name=resident.name if resident else row.resident_card,
        relation=row.relation,
        account=account,
        is_family=account is not None and account.role == FAMILY,
        values=values or {},
        problem=problem,
        languages=LANGUAGES,
        join_path=f"{PREFIX}/join/{quote(token, safe='')}",
    )
    if account is None:
        signin_cookie(request, response, secret)
    return response


Token = Annotated[str, PathParam(min_length=1, max_length=100)]


@router.get("/join/{token}")
def join_page(request: Request, session: Db, token: Token) -> Response:
    return _join_page(request, session, token)


@router.post("/join/{token}")
async def join(request: Request, session: Db, center: CenterDep, token: Token) -> Response:
    words = words_of(language_of(request))
    check_origin(request, words)
    form = await read_form(request)
    account = await run_in_threadpool(_signed_in, request, session)
    secret = (
        request.cookies.get(SESSION_COOKIE, "")
        if account
        else request.cookies.get(SIGNIN_COOKIE, "")
    )
    values = {"name": form.get("name", "")[:100], "language": pick(form.get("language"))}
    if not secret or not hmac.compare_digest(form.get("csrf", ""), form_token(secret)):
        return await run_in_threadpool(
            lambda: _join_page(
                request, session, token, values=values, problem=words.t("signin.again"), status=403
            )
        )
    password = form.get("password", "")
    if account is None and password != form.get("password_again", ""):
        return await run_in_threadpool(
            lambda: _join_page(
                request,
                session,
                token,
                values=values,
                problem=words.t("join.mismatch"),
                status=422,
            )
        )
    lifetime = center.settings.session_s
    address = request.client.host if request.client else ""

    def work() -> tuple[family.Accepted, accounts.Issued | None]:
        accepted = family.accept(
            session, token, account=account, name=form.get("name", ""), password=password
        )
        issued = None
        if accepted.new_account:
            issued = accounts.issue(
                session, accepted.account, accounts.CONSOLE, lifetime, client=address
            )
            session.commit()
        return accepted, issued

    try:
        accepted, issued = await run_in_threadpool(work)
    except family.InvitationRefused:
        return await run_in_threadpool(_join_page, request, session, token)
    except accounts.AccountError as exc:
        key = f"join.{exc.code}"
        problem = words.t(key) if words.has(key) else exc.message
        status = exc.status
        return await run_in_threadpool(
            lambda: _join_page(
                request, session, token, values=values, problem=problem, status=status
            )
        )
    response = RedirectResponse(f"{PREFIX}/elders/{accepted.resident_card}", status_code=303)
    if issued is not None:
        session_cookie(request, response, issued.token, lifetime)
        response.set_cookie(
            LANG_COOKIE,
            values["language"],
            max_age=YEAR_S,
            path="/",
            httponly=True,
            samesite="lax",
        )
    return response


# -- the pages of a signed-in family member -------------------------------------------------


@router.get("/")
def home(request: Request, session: Db, center: CenterDep, viewer: Viewer) -> Response:
    found = family_summary.elders(
        session, viewer.account, time.time(), family_api.connected(center)
    )
    return render(
        request,
        "family_home.html",
        viewer.words,
        title=viewer.words.t("home.title"),
        viewer=viewer,
        zone=family_api.center_zone(center, session),
        elders=found,
    )


@router.get("", include_in_schema=False)
def home_without_slash() -> Response:
    return RedirectResponse(f"{PREFIX}/", status_code=307)


Card = Annotated[str, PathParam(pattern=family_api.CARD)]
NOTICES: Final = ("added", "removed")


@router.get("/elders/{card}")
def elder_page(
    request: Request,
    session: Db,
    center: CenterDep,
    viewer: Viewer,
    card: Card,
    done: Annotated[str, Query(max_length=20)] = "",
    at: Annotated[str, Query(max_length=5)] = "",
) -> Response:
    link = family_api.linked_and_recorded(session, viewer.account, card, request)
    return _elder(request, session, center, viewer, link, done=done, at=at)


def _elder(
    request: Request,
    session: Session,
    center: Any,
    viewer: FamilyViewer,
    link: Any,
    *,
    done: str = "",
    at: str = "",
    problem: str | None = None,
    status: int = 200,
    values: dict[str, Any] | None = None,
) -> Response:
    zone = family_api.center_zone(center, session)
    summary = family_summary.summary(
        session,
        viewer.account,
        link,
        zone=zone,
        service_names=family_api.service_names(center, session),
        connected=family_api.connected(center),
    )
    notice = None
    if done in NOTICES:
        notice = viewer.words.t(f"elder.{done}", time=at if len(at) == 5 else "")
    return render(
        request,
        "family_elder.html",
        viewer.words,
        title=summary.name,
        viewer=viewer,
        status=status,
        zone=zone,
        elder=summary,
        notice=notice,
        problem=problem,
        values=values or {"at_time": "", "days": WEEKDAYS},
        weekdays=WEEKDAYS,
        name_index=0 if viewer.words.language == "zh_CN" else 1,
    )


@router.post("/elders/{card}/checkins")
async def add_checkin(
    request: Request, session: Db, center: CenterDep, viewer: Viewer, card: Card
) -> Response:
    form = await _checked_form(request, viewer)
    words = viewer.words
    at_time = form.get("at_time", "").strip()[:10]
    weekdays = "".join(d for d in WEEKDAYS if form.get(f"day{d}"))
    values = {"at_time": at_time, "days": weekdays}

    def work() -> Response:
        link = family_api.linked_and_recorded(session, viewer.account, card, request)
        try:
            body = checkins.CheckinTime(at_time=at_time, weekdays=weekdays)
        except ValidationError as exc:
            fields = {str(e["loc"][0]) for e in exc.errors() if e.get("loc")}
            key = "elder.bad_time" if "at_time" in fields else "elder.no_days"
            return _elder(
                request,
                session,
                center,
                viewer,
                link,
                problem=words.t(key),
                status=422,
                values=values,
            )
        try:
            checkins.add(session, card, viewer.account.id, body, f"family:{viewer.account.name}")
        except StaffError as exc:
            session.rollback()
            key = "elder.duplicate" if exc.code == "duplicate" else "elder.too_many"
            problem = words.t(key, count=checkins.MAX_SCHEDULES)
            return _elder(
                request,
                session,
                center,
                viewer,
                link,
                problem=problem,
                status=exc.status,
                values=values,
            )
        return RedirectResponse(
            f"{PREFIX}/elders/{card}?done=added&at={quote(body.at_time)}#checkins", status_code=303
        )

    return await run_in_threadpool(work)


@router.post("/elders/{card}/checkins/{schedule_id}/remove")
async def remove_checkin(
    request: Request,
    session: Db,
    viewer: Viewer,
    card: Card,
    schedule_id: Annotated[int, PathParam(ge=1, le=2**31 - 1)],
) -> Response:
    await _checked_form(request, viewer)

    def work() -> None:
        family_api.linked_and_recorded(session, viewer.account, card, request)
        checkins.remove(session, card, viewer.account.id, schedule_id)

    await run_in_threadpool(work)
    return RedirectResponse(f"{PREFIX}/elders/{card}?done=removed#checkins", status_code=303)
