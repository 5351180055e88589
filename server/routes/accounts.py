"""Signing in and out, API tokens, staff accounts and the audit trail (``/staff/...``).

* ``POST /staff/session`` (name, password) signs in to the console: the answer sets the
  session cookie (HttpOnly, SameSite=Strict, Secure over https, expiring) and says who is
  signed in and what they may do; ``GET`` says it again, ``DELETE`` signs out (the session,
  or the API token the request carries, ends at once).
* ``POST /staff/tokens`` gives the member of staff signed in an API token for a program.
* ``/staff/accounts`` (administrators): list, create, change role, disable or enable (every
  session of a disabled account ends at once), reset a password.
* ``GET /staff/audit`` (administrators): the audit trail, newest first.
"""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from sqlalchemy import select

from server import accounts, audit, roles
from server.auth import AuthError
from server.models import Staff
from server.routes.common import ERRORS, Authorization, CenterDep, Db
from server.routes.permissions import SESSION_COOKIE, SessionCookie, allowed, credentials
from server.staff import StaffError
from sync.protocol import (
    API_PREFIX,
    AuditRecord,
    IssuedToken,
    NewStaffAccount,
    PasswordReset,
    SessionInfo,
    SignIn,
    StaffAccount,
    StaffAccountChange,
    TokenRequest,
)

router = APIRouter(prefix=f"{API_PREFIX}/staff", responses=ERRORS)
DAY_S = 24 * 3600


def account_view(staff: Staff, now: float | None = None) -> StaffAccount:
    now = time.time() if now is None else now
    locked = staff.locked_until if staff.locked_until and staff.locked_until > now else None
    return StaffAccount(
        id=staff.id,
        name=staff.name,
        role=staff.role,  # type: ignore[arg-type]  # checked when set
        disabled=staff.disabled_at is not None,
        has_password=staff.password_hash is not None,
        locked_until=locked,
        created_at=staff.created_at,
    )


def _info(staff: Staff, expires_at: float | None) -> SessionInfo:
    return SessionInfo(
        account=account_view(staff),
        allowed=roles.table()[staff.role],
        expires_at=expires_at,
    )


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/session")
def sign_in(
    body: SignIn, request: Request, response: Response, session: Db, center: CenterDep
) -> SessionInfo:
    """Sign in with a name and password. Refused with 401 ``bad_signin`` for a wrong name
    or password, 429 ``account_locked`` (with Retry-After) after repeated wrong passwords
    for the account, 429 ``too_many_attempts`` after too many wrong sign-ins from one
    address, 403 ``account_disabled`` for an account that is switched off."""
    address = _client(request)
    center.signins.check(address)
    lifetime = center.settings.session_s
    try:
        staff, issued = accounts.sign_in(
            session, body.name, body.password, lifetime, client=address
        )
    except AuthError as exc:
        if exc.code in ("bad_signin", "account_locked"):
            center.signins.failed(address)
        raise
    if staff.role == roles.FAMILY:  # a family account signs in on the family pages
        accounts.end_session(session, issued.token)
        session.commit()
        raise AuthError(
            "not_staff", "This is a family account: sign in on the family page, /family.", 403
        )
    response.set_cookie(
        SESSION_COOKIE,
        issued.token,
        max_age=int(lifetime),
        path="/",
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )
    return _info(staff, issued.expires_at)


@router.get("/session")
def who_am_i(person: Annotated[Staff, allowed("self")]) -> SessionInfo:
    """Who is signed in (by the session cookie or the API token) and what they may do."""
    return _info(person, None)


@router.delete("/session", status_code=204, response_class=Response)
def sign_out(
    person: Annotated[Staff, allowed("self")],
    session: Db,
    authorization: Authorization = None,
    center_session: SessionCookie = None,
) -> Response:
    """Sign out: this session (or the API token sent) stops working at once."""
    secret, _ = credentials(authorization, center_session)
    accounts.end_session(session, secret)
    session.commit()
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response


@router.post("/tokens")
def new_token(
    person: Annotated[Staff, allowed("self")], body: TokenRequest, session: Db
) -> IssuedToken:
    """An API token for a program, with your role, valid for ``days`` (shown once)."""
    issued = accounts.issue(session, person, accounts.TOKEN, body.days * DAY_S, label=body.label)
    audit.record(
        session,
        f"staff:{person.name}",
        "account.token",
        f"staff:{person.name}",
        None,
        {"label": body.label, "days": body.days},
    )
    session.commit()
    return IssuedToken(token=issued.token, expires_at=issued.expires_at)


@router.get("/roles")
def role_table(person: Annotated[Staff, allowed("self")]) -> dict[str, list[str]]:
    """Each role and the actions it may take (the permission table, server.roles)."""
    return roles.table()


# -- accounts (administrators) ---------------------------------------------------------------


def _account(session: Db, account_id: int) -> Staff:
    staff = session.get(Staff, account_id)
    if staff is None or staff.role == roles.FAMILY:
        raise StaffError("not_found", f"No staff account {account_id}.", 404)
    return staff


def _account_error(exc: accounts.AccountError) -> StaffError:
    return StaffError(exc.code, exc.message, exc.status)


@router.get("/accounts")
def list_accounts(
    person: Annotated[Staff, allowed("accounts.manage")], session: Db
) -> list[StaffAccount]:
    now = time.time()
    # Family accounts are not staff: they come and go with their links (server.family).
    query = select(Staff).where(Staff.role != roles.FAMILY).order_by(Staff.name)
    return [account_view(s, now) for s in session.scalars(query)]


@router.post("/accounts", status_code=201)
def create_account(
    person: Annotated[Staff, allowed("accounts.manage")], body: NewStaffAccount, session: Db
) -> StaffAccount:
    """A new account; without a password it can be used only once one is set."""
    try:
        staff = accounts.create_account(
            session, body.name, body.role, password=body.password, actor=f"staff:{person.name}"
        )
    except accounts.AccountError as exc:
        raise _account_error(exc) from exc
    session.commit()
    return account_view(staff)


@router.patch("/accounts/{account_id}")
def change_account(
    person: Annotated[Staff, allowed("accounts.manage")],
    account_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    body: StaffAccountChange,
    session: Db,
) -> StaffAccount:
    """Another role, or switch the account off (``disabled``: its sessions and tokens end at
    once) or on again. The last administrator cannot be switched off or given another role."""
    staff = _account(session, account_id)
    demoted = body.role is not None and body.role != roles.ADMINISTRATOR
    if (body.disabled or demoted) and accounts.last_administrator(session, staff):
        raise StaffError(
            "last_administrator", "The center needs at least one administrator left.", 409
        )
    try:
        accounts.change(
            session, staff, role=body.role, disabled=body.disabled, actor=f"staff:{person.name}"
        )
    except accounts.AccountError as exc:
        raise _account_error(exc) from exc
    session.commit()
    return account_view(staff)


@router.post("/accounts/{account_id}/password", status_code=204, response_class=Response)
def reset_password(
    person: Annotated[Staff, allowed("accounts.manage")],
    account_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    body: PasswordReset,
    session: Db,
) -> Response:
    """Set a new password: the lockout is lifted, the account's sessions and tokens end."""
    staff = _account(session, account_id)
    try:
        accounts.set_password(session, staff, body.password, actor=f"staff:{person.name}")
    except accounts.AccountError as exc:
        raise _account_error(exc) from exc
    session.commit()
    return Response(status_code=204)


@router.get("/audit")
def read_audit(
    person: Annotated[Staff, allowed("audit.read")],
    session: Db,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    before_id: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,
    target: Annotated[str | None, Query(max_length=120)] = None,
) -> list[AuditRecord]:
    """Changes to accounts, residents, the catalog, devices and messages, newest first;
    ``before_id`` (the last id of a page) pages on, ``target`` keeps one thing's entries."""
    return audit.entries(session, before_id=before_id, limit=limit, target=target)
