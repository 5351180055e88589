"""What every console page shares: who is looking (the session cookie of server.accounts and
the permission table of server.roles), their language, the per-session form token, reading a
posted form, rendering a template, and the security headers of every answer.

Every page and form that reads or changes a resident's data is recorded in the audit of reads
through the staff API's own ``record_use`` (server.routes.permissions): a page as it is asked
for, a form once its token is checked, with the resident its address, its ``card`` field or
its thing (an order, an emergency, a reading) names. A refused visitor leaves no record, as on
the API.

Forms are protected from other sites twice: the session cookie is SameSite=Strict, and every
form carries a token derived from the session's secret (an HMAC of it: the same in every
process of the center, and useless without the cookie it came from); a post whose token does
not match, or whose Origin is another site, is refused. Pages allow scripts, styles, sounds
and sockets only from the center itself (Content-Security-Policy), so nothing inline runs.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Final
from urllib.parse import parse_qs, quote, urlsplit

import jinja2
from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from server import accounts, roles
from server.auth import AuthError
from server.models import Device, ResidentRow
from server.routes.common import Db
from server.routes.permissions import SESSION_COOKIE, record_use
from server.web import strings
from server.web.catalog_view import CatalogView, CatalogViews

PREFIX: Final = "/console"
LANG_COOKIE: Final = "console_lang"
SIGNIN_COOKIE: Final = "console_signin"  # the sign-in form's token, before any session
FORM_TYPE: Final = "application/x-www-form-urlencoded"
MAX_FIELDS: Final = 200
CARD: Final = r"^[0-9]{4,20}$"  # a resident's card, as the register has it
CSP: Final = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "media-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS: Final = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
_FORM_KEY: Final = b"center console form token"

_environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
templates = Jinja2Templates(env=_environment)

# The console's pages in the order of its menu: (path, words, the action that shows it).
MENU: Final = (
    (f"{PREFIX}/", "nav.board", "board.watch"),
    (f"{PREFIX}/orders", "nav.orders", "orders.read"),
    (f"{PREFIX}/sos", "nav.sos", "sos.read"),
    (f"{PREFIX}/residents", "nav.residents", "residents.read"),
    (f"{PREFIX}/catalog", "nav.catalog", "catalog.publish"),
    (f"{PREFIX}/kiosks", "nav.kiosks", "devices.read"),
    (f"{PREFIX}/messages", "nav.messages", "messages.send"),
    (f"{PREFIX}/reports", "nav.reports", "reports.read"),
    (f"{PREFIX}/tutorials", "nav.tutorials", "tutorials.read"),
    (f"{PREFIX}/volunteering", "nav.volunteering", "volunteering.own"),
    (f"{PREFIX}/audit", "nav.audit", "audit.read"),
)


def form_token(secret: str) -> str:
    """The form token of the session (or sign-in cookie) with this secret."""
    return hmac.new(_FORM_KEY, secret.encode(), hashlib.sha256).hexdigest()


def language_of(request: Request) -> str:
    return strings.pick(request.cookies.get(LANG_COOKIE))


@dataclass
class Viewer:
    """The member of staff looking at a page, in their language."""

    name: str
    role: str
    words: strings.Strings
    token: str  # the form token
    staff: Any = None  # the models.Staff row, in the request's database session
    may: frozenset[str] = field(default_factory=frozenset)
    session: Session | None = None  # the request's database session
    recorded_as: str = "self"  # the action a use of the page is recorded as (server.access)

    def can(self, action: str) -> bool:
        return action in self.may


class SignInNeeded(Exception):
    """No (live) session: the page sends the visitor to sign in, then back."""

    def __init__(self, back_to: str, reason: str | None = None) -> None:
        super().__init__(back_to)
        self.back_to = back_to
        self.reason = reason


class PageRefused(Exception):
    """A page or form the visitor may not have: shown as a page saying why."""

    def __init__(
        self, status: int, message: str, viewer: Viewer | None = None, *, link: str | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.viewer = viewer
        self.link = link  # where to go instead (a family account: the family pages)


def here(request: Request) -> str:
    """The path and query of this request, to come back to."""
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def safe_next(value: str | None) -> str:
    """A place in the console to go to next; anything else (another site) is the board."""
    if not value or not value.startswith(PREFIX) or value.startswith("//") or "\\" in value:
        return f"{PREFIX}/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return f"{PREFIX}/"
    return value


def viewer_of(request: Request, session: Session, action: str) -> Viewer:
    """The signed-in member of staff if their role may take ``action``; SignInNeeded or
    PageRefused otherwise."""
    words = strings.table(language_of(request))
    secret = request.cookies.get(SESSION_COOKIE)
    if not secret or len(secret) > 200:
        raise SignInNeeded(here(request))
    try:
        staff = accounts.staff_for_secret(session, secret, accounts.CONSOLE, now=time.time())
    except AuthError as exc:
        raise SignInNeeded(here(request), exc.code) from exc
    if staff.role == roles.FAMILY:  # family accounts have their own pages (server.web.family_pages)
        raise PageRefused(403, words.t("refused.family"), link="/family")
    viewer = Viewer(
        name=staff.name,
        role=staff.role,
        words=words,
        token=form_token(secret),
        staff=staff,
        may=frozenset(roles.table().get(staff.role, [])),
    )
    if not roles.allowed(staff.role, action):
        key = f"action.{action}"
        # An action added to the table since the words were written reads as the table says.
        what = words.t(key) if words.has(key) else roles.ACTIONS.get(action, (action,))[0]
        raise PageRefused(
            403, words.t("refused.role", role=words.t(f"role.{staff.role}"), what=what), viewer
        )
    return viewer


def card_asked(values: Any) -> str | None:
    """The resident's card a query or a form names in its ``card`` field, if it is one."""
    card = values.get("card")
    return card if isinstance(card, str) and re.fullmatch(CARD, card) else None


def record_page_use(
    request: Request, viewer: Viewer, action: str, *, card: str | None = None
) -> None:
    """Record in the audit of reads that ``viewer`` used ``action`` through this request (only
    an action on a resident's data is recorded; server.access), against the resident the path
    names, else ``card``. The entry is committed before the page is made."""
    if viewer.session is None or viewer.staff is None:
        return
    if "card" in request.path_params:
        card = None  # the path's own card is the one recorded
    record_use(viewer.session, request, viewer.staff, action, card=card)


def page(action: str, *, recorded_as: str | None = None) -> Any:
    """The dependency of a page or form for ``action``: it gives the route the Viewer.

    A page (GET) is recorded in the audit of reads as it is asked for; a form, by
    :func:`posted` once its token is checked. ``recorded_as`` names a different action to
    record, for a page that only shows what the form behind it would change (the erasure's
    confirmation is a read, not an erasure)."""

    def dependency(request: Request, session: Db) -> Viewer:
        viewer = viewer_of(request, session, action)
        viewer.session = session
        viewer.recorded_as = recorded_as or action
        if request.method in ("GET", "HEAD"):
            record_page_use(
                request, viewer, viewer.recorded_as, card=card_asked(request.query_params)
            )
        return viewer

    return Depends(dependency)


async def read_form(request: Request) -> dict[str, str]:
    """A posted form's fields (the first value of each); PageRefused for anything else."""
    words = strings.table(language_of(request))
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != FORM_TYPE:
        raise PageRefused(415, words.t("refused.not_a_form"))
    body = await request.body()
    try:
        fields = parse_qs(
            body.decode("utf-8"),
            keep_blank_values=True,
            strict_parsing=False,
            max_num_fields=MAX_FIELDS,
        )
    except (UnicodeDecodeError, ValueError) as exc:
        raise PageRefused(400, words.t("refused.not_a_form")) from exc
    return {name: values[0] for name, values in fields.items()}


def check_origin(request: Request, words: strings.Strings) -> None:
    origin = request.headers.get("origin")
    if origin and origin != "null":
        expected = f"{request.url.scheme}://{request.url.netloc}"
        if origin != expected:
            raise PageRefused(403, words.t("refused.other_site"))


async def posted(request: Request, viewer: Viewer) -> dict[str, str]:
    """The form a signed-in member of staff posted, once its origin and token are checked;
    its use is recorded in the audit of reads (against the resident its ``card`` names, where
    the path names none)."""
    check_origin(request, viewer.words)
    form = await read_form(request)
    if not hmac.compare_digest(form.get("csrf", ""), viewer.token):
        raise PageRefused(403, viewer.words.t("refused.form_token"), viewer)
    await run_in_threadpool(
        record_page_use, request, viewer, viewer.recorded_as, card=card_asked(form)
    )
    return form


def wants_json(request: Request) -> bool:
    """A form sent by the page's script (it updates the page itself) rather than by the
    browser (which is sent on to the next page)."""
    return "application/json" in request.headers.get("accept", "")


def secure(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if response.media_type == "text/html" or response.headers.get("content-type", "").startswith(
        "text/html"
    ):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def catalog(request: Request, session: Session) -> CatalogView:
    state = request.app.state
    views = getattr(state, "console_catalog", None)
    if views is None:
        views = state.console_catalog = CatalogViews(state.center.settings.default_catalog)
    return views.current(session)


def names_for(session: Session, cards: set[str | None], devices: set[str]) -> dict[str, str]:
    """Residents' names by card and kiosks' names by device id, for the cards shown."""
    found: dict[str, str] = {}
    wanted = {c for c in cards if c}
    if wanted:
        # The rows, not their name columns: a name is sealed and opens on the row (models).
        for row in session.scalars(select(ResidentRow).where(ResidentRow.card.in_(wanted))):
            found[row.card] = row.name
    if devices:
        for device_id, name in session.execute(
            select(Device.id, Device.name).where(Device.id.in_(devices))
        ):
            found[device_id] = name
    return found


# -- rendering -------------------------------------------------------------------------------


def menu(viewer: Viewer, current: str) -> list[dict[str, Any]]:
    return [
        {"href": href, "label": viewer.words.t(key), "current": href == current}
        for href, key, action in MENU
        if viewer.can(action)
    ]


def render(
    request: Request,
    template: str,
    *,
    viewer: Viewer | None,
    title_key: str,
    status: int = 200,
    view: CatalogView | None = None,
    **context: Any,
) -> HTMLResponse:
    words = viewer.words if viewer is not None else strings.table(language_of(request))
    other = "en_US" if words.language == "zh_CN" else "zh_CN"
    zone = view.zone if view is not None else None
    context.update(
        request=request,
        viewer=viewer,
        t=words.t,
        lang=words.language,
        html_lang=words.html_lang,
        title=words.t(title_key),
        menu=menu(viewer, request.url.path) if viewer else [],
        other_lang=other,
        other_label=strings.table(other).t("lang.name"),
        other_html_lang=strings.table(other).html_lang,
        here=quote(here(request), safe=""),
        when=lambda seconds: when(seconds, zone),
        when_iso=lambda text: when_iso(text, zone),
        money=money,
        catalog=view,
    )
    context.setdefault("notice", None)
    context.setdefault("now_s", time.time())
    response = templates.TemplateResponse(request, template, context, status_code=status)
    return response


def when(seconds: float | None, zone: Any = None) -> str:
    """A moment by the center's clock, in the center's time zone."""
    if seconds is None:
        return "—"
    try:
        return datetime.fromtimestamp(seconds, zone).strftime("%Y-%m-%d %H:%M:%S")
    except (OverflowError, OSError, ValueError):
        return "—"


def when_iso(text: str | None, zone: Any = None) -> str:
    """A moment written as ISO 8601 (the center's order and emergency stamps)."""
    if not text:
        return "—"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text[:40]
    if moment.tzinfo is not None and zone is not None:
        moment = moment.astimezone(zone)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def money(fen: int | None) -> str:
    if fen is None:
        return "—"
    return f"¥{fen / 100:.2f}"


# -- the route class -------------------------------------------------------------------------


class ConsoleRoute(APIRoute):
    """A console route: a missing session sends the visitor to sign in, a refusal is a page
    saying why, and every answer carries the security headers."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                response = await handler(request)
            except SignInNeeded as exc:
                response = signin_redirect(request, exc)
            except PageRefused as exc:
                response = refusal_page(request, exc)
            except RequestValidationError:
                words = strings.table(language_of(request))
                response = refusal_page(request, PageRefused(422, words.t("refused.bad_address")))
            return secure(response)

        return handle


def signin_redirect(request: Request, exc: SignInNeeded) -> Response:
    if wants_json(request):
        words = strings.table(language_of(request))
        return JSONResponse(
            {"ok": False, "message": words.t("signin.needed"), "signin": True}, status_code=401
        )
    target = f"{PREFIX}/sign-in?next={quote(exc.back_to, safe='')}"
    if exc.reason in ("expired", "signed_out"):
        target += f"&why={exc.reason}"
    if request.method != "GET":
        target = f"{PREFIX}/sign-in"
    return RedirectResponse(target, status_code=303)


def refusal_page(request: Request, exc: PageRefused) -> Response:
    if wants_json(request):
        return JSONResponse({"ok": False, "message": exc.message}, status_code=exc.status)
    return render(
        request,
        "refused.html",
        viewer=exc.viewer,
        title_key="refused.title",
        status=exc.status,
        message=exc.message,
        link=exc.link,
    )


def new_signin_secret() -> str:
    return secrets.token_urlsafe(32)


# -- the session cookie, shared by the console and the family pages -------------------------


def set_session_cookie(request: Request, response: Response, token: str, lifetime: float) -> None:
    """Give the browser the session (``token``), for the whole site, never to scripts."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(lifetime),
        path="/",
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )


async def sign_out_to(request: Request, session: Session, to: str) -> Response:
    """End the request's session at the center and in the browser, then go to ``to``."""
    secret = request.cookies.get(SESSION_COOKIE, "")

    def work() -> None:
        accounts.end_session(session, secret)
        session.commit()

    await run_in_threadpool(work)
    response = RedirectResponse(to, status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response
