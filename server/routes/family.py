"""The family API (``/family/...``) and the staff's side of it (``/staff/residents/{card}/...``:
invitations, links, the home tablet).

A family member is signed in with the same session cookie as the console (made on the family
pages, server.web.family_pages). Every family route that names a resident first checks the
member's link to it (server.family.linked) and answers 404 for any other card, whether or not
it exists; every such request is recorded in the audit trail before the answer. Changes are
refused when the browser says they come from another site (Origin), on top of the cookie
being SameSite=Strict.

The staff routes name their action of the permission table (server.roles), as every staff
route does.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import tzinfo
from typing import Annotated, Final

from fastapi import APIRouter, Depends, Path, Response
from fastapi.requests import HTTPConnection
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from server import accounts, checkins, family, family_summary
from server.auth import AuthError
from server.center import Center
from server.db import Sql
from server.models import FamilyLink, Staff
from server.roles import FAMILY
from server.routes.common import ERRORS, UUID_PATTERN, CenterDep, Db
from server.routes.permissions import SESSION_COOKIE, allowed
from server.web.catalog_view import CatalogViews
from sync.protocol import API_PREFIX

CARD: Final = r"^[0-9]{4,20}$"
Card = Annotated[str, Path(pattern=CARD)]
router = APIRouter(prefix=API_PREFIX, responses=ERRORS, tags=["family"])


def family_account(session: Session, connection: HTTPConnection) -> Staff:
    """The signed-in family member of this request: 401 without a live session, 403 for a
    staff account (the family pages are not the console)."""
    secret = connection.cookies.get(SESSION_COOKIE)
    if not secret or len(secret) > 200:
        raise AuthError("no_session", "Sign in on the family page first.")
    account = accounts.staff_for_secret(session, secret, accounts.CONSOLE, now=time.time())
    if account.role != FAMILY:
        raise AuthError(
            "not_family", "This is a staff account; the family pages are for family accounts.", 403
        )
    return account


def same_site(connection: HTTPConnection) -> None:
    origin = connection.headers.get("origin")
    if origin and origin != "null":
        own = f"{connection.url.scheme}://{connection.url.netloc}"
        if origin != own:
            raise AuthError("other_site", "This change came from another site.", 403)


def _member(connection: HTTPConnection, session: Db) -> Staff:
    if connection.scope.get("method", "GET") not in ("GET", "HEAD"):
        same_site(connection)
    return family_account(session, connection)


Member = Annotated[Staff, Depends(_member)]


def center_zone(center: Center, session: Session) -> tzinfo:
    """The center's time zone: the one its catalog prices orders in."""
    return center.authority.rules(Sql(session.connection())).timezone


def service_names(center: Center, session: Session) -> Callable[[str], family_summary.Names]:
    views = getattr(center, "family_catalog", None)
    if views is None:
        views = CatalogViews(center.settings.default_catalog)
        center.family_catalog = views  # type: ignore[attr-defined]  # one per process
    view = views.current(session)
    return lambda service_id: (
        view.service_name(service_id, "zh_CN"),
        view.service_name(service_id, "en_US"),
    )


def connected(center: Center) -> Callable[[str], bool]:
    """Whether a device has its update socket open to this process."""
    sockets = getattr(center, "_device_sockets", {})
    return lambda device_id: device_id in sockets


def linked_and_recorded(
    session: Session, account: Staff, card: str, connection: HTTPConnection
) -> FamilyLink:
    link = family.linked(session, account, card)
    family.record_read(
        session,
        account,
        card,
        method=connection.scope.get("method", "GET"),
        path=connection.url.path,
        address=connection.client.host if connection.client else None,
    )
    return link


# -- the family side ----------------------------------------------------------------------


@router.get("/family/elders")
def family_elders(
    account: Member, session: Db, center: CenterDep
) -> list[family_summary.FamilyElder]:
    """The residents this family member is linked to, with their home tablet's state."""
    return family_summary.elders(session, account, time.time(), connected(center))


@router.get("/family/elders/{card}")
def family_elder(
    account: Member, card: Card, session: Db, center: CenterDep, connection: HTTPConnection
) -> family_summary.ElderSummary:
    link = linked_and_recorded(session, account, card, connection)
    return family_summary.summary(
        session,
        account,
        link,
        zone=center_zone(center, session),
        service_names=service_names(center, session),
        connected=connected(center),
    )


@router.get("/family/elders/{card}/checkins")
def family_checkins(
    account: Member, card: Card, session: Db, connection: HTTPConnection
) -> list[checkins.CheckinView]:
    linked_and_recorded(session, account, card, connection)
    return [checkins.view(s) for s in checkins.schedules(session, card, account.id)]


@router.post("/family/elders/{card}/checkins", status_code=201)
def family_add_checkin(
    account: Member,
    card: Card,
    body: checkins.CheckinTime,
    session: Db,
    connection: HTTPConnection,
) -> checkins.CheckinView:
    linked_and_recorded(session, account, card, connection)
    row = checkins.add(session, card, account.id, body, f"family:{account.name}")
    return checkins.view(row)


@router.delete("/family/elders/{card}/checkins/{schedule_id}", status_code=204)
def family_remove_checkin(
    account: Member,
    card: Card,
    schedule_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    session: Db,
    connection: HTTPConnection,
) -> Response:
    linked_and_recorded(session, account, card, connection)
    checkins.remove(session, card, account.id, schedule_id)
    return Response(status_code=204)


# -- the staff side -----------------------------------------------------------------------


class InvitationRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    relation: str = Field(min_length=1, max_length=family.MAX_RELATION)
    display_name: str = Field(min_length=1, max_length=family.MAX_DISPLAY_NAME)


class InvitationMade(BaseModel):
    path: str  # /family/join/<token>: shown once
    expires_at: float


class FamilyLinkView(BaseModel):
    account_id: int
    account_name: str
    relation: str
    display_name: str
    auto_answer: bool
    auto_answer_set_by: str | None
    created_at: float
    ended_at: float | None


class HomeDevice(BaseModel):
    model_config = ConfigDict(extra="forbid")
    device_id: Annotated[str, Field(pattern=UUID_PATTERN)] | None


@router.post("/staff/residents/{card}/family-invitations", status_code=201)
def staff_invite(
    person: Annotated[Staff, allowed("family.invite")],
    card: Card,
    body: InvitationRequest,
    session: Db,
) -> InvitationMade:
    """A single-use link for the resident's family, valid for 7 days; the token is in the
    path and shown only now."""
    made = family.invite(session, f"staff:{person.name}", card, body.relation, body.display_name)
    session.commit()
    return InvitationMade(path=made.path, expires_at=made.expires_at)


@router.get("/staff/residents/{card}/family")
def staff_family_links(
    person: Annotated[Staff, allowed("residents.read")], card: Card, session: Db
) -> list[FamilyLinkView]:
    return [
        FamilyLinkView(
            account_id=link.account_id,
            account_name=account.name,
            relation=link.relation,
            display_name=link.display_name,
            auto_answer=link.auto_answer,
            auto_answer_set_by=link.auto_answer_set_by,
            created_at=link.created_at,
            ended_at=link.ended_at,
        )
        for link, account in family.links_of_resident(session, card)
    ]


@router.delete("/staff/residents/{card}/family/{account_id}", status_code=204)
def staff_end_link(
    person: Annotated[Staff, allowed("family.manage")],
    card: Card,
    account_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    session: Db,
) -> Response:
    family.end_link(session, f"staff:{person.name}", card, account_id)
    session.commit()
    return Response(status_code=204)


@router.put("/staff/residents/{card}/home-device")
def staff_home_device(
    person: Annotated[Staff, allowed("residents.write")],
    card: Card,
    body: HomeDevice,
    session: Db,
) -> HomeDevice:
    """The tablet that rings when someone calls the resident (``null``: none)."""
    device_id = body.device_id.lower() if body.device_id else None
    family.set_home_device(session, f"staff:{person.name}", card, device_id)
    session.commit()
    return HomeDevice(device_id=device_id)
