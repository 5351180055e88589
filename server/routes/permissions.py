"""The one check on every staff endpoint: who is asking, and may their role do this?

A route names its action from the permission table (server.roles)::

    def staff_orders(person: Annotated[Staff, allowed("orders.read")], ...)

The member of staff is found by an ``Authorization: Bearer`` API token, or else by the
console's session cookie (``SESSION_COOKIE``); a missing, unknown, ended or expired one is a
401, a role without the action a 403 with a sentence saying so. A use of an action on a
resident's data (server.access.PERSONAL_ACTIONS) is recorded in the audit trail before the
route runs.
"""

from __future__ import annotations

import time
from typing import Annotated, Any

from fastapi import Cookie, Depends
from fastapi.requests import HTTPConnection
from sqlalchemy.orm import Session

from server import access, accounts, roles
from server.auth import AuthError, bearer_token
from server.models import Staff
from server.routes.common import Authorization, Db

SESSION_COOKIE = "center_session"
SessionCookie = Annotated[str | None, Cookie(alias=SESSION_COOKIE, include_in_schema=False)]


def credentials(authorization: str | None, cookie: str | None) -> tuple[str, str]:
    """(secret, kind) a request signs in with: its bearer token, else its session cookie."""
    if authorization:
        return bearer_token(authorization), accounts.TOKEN
    if cookie and len(cookie) <= 200:
        return cookie, accounts.CONSOLE
    raise AuthError("no_token", "Staff sign-in is needed: sign in, or send an API token.")


def staff_with(
    session: Session, authorization: str | None, cookie: str | None, action: str
) -> Staff:
    """The member of staff behind these credentials, if their role may take ``action``."""
    secret, kind = credentials(authorization, cookie)
    staff = accounts.staff_for_secret(session, secret, kind, now=time.time())
    if not roles.allowed(staff.role, action):
        raise AuthError("not_allowed", roles.refusal(staff.role, action), 403)
    return staff


def connection_staff(session: Session, connection: HTTPConnection, action: str) -> Staff:
    """:func:`staff_with` for a WebSocket (a browser sends its cookie, a program its token),
    its use recorded as :func:`record_use` does."""
    staff = staff_with(
        session,
        connection.headers.get("authorization"),
        connection.cookies.get(SESSION_COOKIE),
        action,
    )
    record_use(session, connection, staff, action)
    return staff


def record_use(
    session: Session,
    connection: HTTPConnection,
    staff: Staff,
    action: str,
    *,
    card: str | None = None,
) -> None:
    """Record in the audit trail that ``staff`` used ``action`` through this request, if the
    action touches a resident's data (server.access); ``card`` names the resident where the
    path does not."""
    if action not in access.PERSONAL_ACTIONS:
        return
    params = dict(connection.path_params)
    if card is not None:
        params["card"] = card
    access.record(
        session,
        staff.name,
        action,
        method=connection.scope.get("method", "WS"),
        path=connection.url.path,
        query=connection.url.query,
        path_params=params,
        address=connection.client.host if connection.client else None,
    )


class _Allowed:
    def __init__(self, action: str) -> None:
        if action not in roles.ACTIONS:
            raise ValueError(f"{action!r} is not in the permission table (server.roles)")
        self.action = action

    def __call__(
        self,
        connection: HTTPConnection,
        session: Db,
        authorization: Authorization = None,
        center_session: SessionCookie = None,
    ) -> Staff:
        staff = staff_with(session, authorization, center_session, self.action)
        record_use(session, connection, staff, self.action)
        return staff


def allowed(action: str) -> Any:
    """The dependency for a route that takes ``action``: it gives the route the member of
    staff (a ``models.Staff`` row of the request's session)."""
    return Depends(_Allowed(action))


def route_actions(app: Any) -> dict[tuple[str, str], str]:
    """(method, path) -> action of every route of ``app`` guarded by :func:`allowed`; for
    the test that walks the permission table."""
    found: dict[tuple[str, str], str] = {}
    for path, methods, dependant in all_routes(app.routes):
        for dep in _walk(dependant):
            if isinstance(dep.call, _Allowed):
                for method in methods:
                    found[(method, path)] = dep.call.action
    return found


def all_routes(routes: list[Any], prefix: str = "") -> list[tuple[str, set[str], Any]]:
    """(path, methods, dependant) of every route, through included routers ("WS" is the
    method of a WebSocket route)."""
    found: list[tuple[str, set[str], Any]] = []
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:  # FastAPI keeps an included router whole
            context = getattr(route, "include_context", None)
            more = getattr(context, "prefix", "") or ""
            found += all_routes(included.routes, prefix + more)
            continue
        dependant = getattr(route, "dependant", None)
        if dependant is None:
            continue
        methods = set(getattr(route, "methods", None) or {"WS"}) - {"HEAD"}
        found.append((prefix + route.path, methods, dependant))
    return found


def _walk(dependant: Any) -> list[Any]:
    out = []
    for dep in dependant.dependencies:
        out.append(dep)
        out.extend(_walk(dep))
    return out
