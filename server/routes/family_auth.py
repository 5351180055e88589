"""Who a family page's request comes from: a family account, signed in with the console's
session cookie.

Family members sign in with the same password and session machinery as staff
(server.accounts, the ``center_session`` cookie), but their accounts have the role
``family`` (server.roles.FAMILY) and take none of the staff actions. A family route takes
:data:`FamilyAccount`; a missing, ended or expired session is a 401, a staff account a 403
(staff use the console's own routes). Which residents the account may see is
:func:`active_link`: a resident it is not linked to is answered as if there were none (404),
so a family account never learns that a resident it may not see exists.
"""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import Cookie, Depends
from fastapi.requests import HTTPConnection
from sqlalchemy import select
from sqlalchemy.orm import Session

from server import accounts, roles
from server.auth import AuthError
from server.models import FamilyLink, Staff
from server.routes.common import Db
from server.routes.permissions import SESSION_COOKIE

NOT_FOUND = "No such resident among yours."


def family_for_cookie(session: Session, cookie: str | None) -> Staff:
    """The family account of this session cookie; AuthError when there is none."""
    if not cookie or len(cookie) > 200:
        raise AuthError("no_session", "Sign in on the family page first.")
    account = accounts.staff_for_secret(session, cookie, accounts.CONSOLE, now=time.time())
    if account.role != roles.FAMILY:
        raise AuthError(
            "not_family", "These pages are for family accounts; staff use the console.", 403
        )
    return account


def connection_family(session: Session, connection: HTTPConnection) -> Staff:
    """:func:`family_for_cookie` for a WebSocket or any request."""
    return family_for_cookie(session, connection.cookies.get(SESSION_COOKIE))


def _family(
    session: Db,
    center_session: Annotated[
        str | None, Cookie(alias=SESSION_COOKIE, include_in_schema=False)
    ] = None,
) -> Staff:
    return family_for_cookie(session, center_session)


FamilyAccount = Annotated[Staff, Depends(_family)]


def active_link(session: Session, account_id: int, card: str) -> FamilyLink | None:
    """The account's link to the resident with this card, if it has one that has not ended."""
    return session.scalar(
        select(FamilyLink).where(
            FamilyLink.account_id == account_id,
            FamilyLink.resident_card == card,
            FamilyLink.ended_at.is_(None),
        )
    )
