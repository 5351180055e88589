"""Volunteers and their group sessions (server.volunteering).

For kiosks (device token):

* ``GET /volunteers``: the names a kiosk offers a volunteer to tap;
* ``POST /volunteers/signin``: a volunteer's name and kiosk PIN, checked here; 401
  ``bad_pin``, 403 ``not_volunteer`` or ``account_disabled``, 429 ``account_locked``.

For staff: ``GET /staff/volunteering`` (administrators: every volunteer's time bank and
every session; a volunteer: their own), ``PUT /staff/volunteering/pin`` (a volunteer sets
their own kiosk PIN) and ``PUT /staff/accounts/{account_id}/volunteer-pin`` (an
administrator sets one).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from starlette.concurrency import run_in_threadpool

from server import auth, roles, volunteering
from server.auth import AuthError
from server.models import Staff
from server.routes.common import ERRORS, Authorization, CenterDep, Db, error_response
from server.routes.permissions import allowed
from sync.protocol import (
    API_PREFIX,
    VolunteeringReport,
    VolunteerList,
    VolunteerPin,
    VolunteerSignedIn,
    VolunteerSignIn,
)

router = APIRouter(prefix=API_PREFIX, responses=ERRORS)


async def _device(center: CenterDep, authorization: str | None) -> auth.DeviceRef:
    hashed = auth.bearer_hash(authorization)
    device = center.devices.get(hashed)
    return device if device is not None else await center.load_device(hashed)


@router.get("/volunteers")
async def list_volunteers(center: CenterDep, authorization: Authorization = None) -> VolunteerList:
    """The volunteers who may sign in on a kiosk (enabled, with a kiosk PIN)."""
    await _device(center, authorization)

    def work() -> VolunteerList:
        with center.readers() as session:
            return VolunteerList(volunteers=volunteering.volunteer_names(session))

    return await run_in_threadpool(work)


@router.post("/volunteers/signin")
async def volunteer_signin(
    body: VolunteerSignIn,
    request: Request,
    center: CenterDep,
    authorization: Authorization = None,
) -> VolunteerSignedIn:
    """A volunteer signs in on this kiosk to run a group session."""
    device = await _device(center, authorization)
    address = request.client.host if request.client else "unknown"
    center.signins.check(address)

    def work() -> VolunteerSignedIn:
        with center.sessions() as session:
            return volunteering.sign_in(
                session, device.id, body.name, body.pin, client=f"{device.name} {address}"
            )

    try:
        return await run_in_threadpool(work)
    except AuthError as exc:
        if exc.code in ("bad_pin", "account_locked"):
            center.signins.failed(address)
        raise


@router.get("/staff/volunteering")
def volunteering_report(
    person: Annotated[Staff, allowed("volunteering.own")], session: Db
) -> VolunteeringReport:
    """Time banks and sessions: everyone's for those who may see all, else your own."""
    if roles.allowed(person.role, "volunteering.read"):
        return volunteering.report(session)
    return volunteering.report(session, person.name)


def _set_pin(session: Db, staff: Staff, pin: str, actor: str) -> Response:
    try:
        volunteering.set_pin(session, staff, pin, actor=actor)
    except volunteering.VolunteerError as exc:
        session.rollback()
        return error_response(exc.status, exc.code, exc.message)
    session.commit()
    return Response(status_code=204)


@router.put("/staff/volunteering/pin", status_code=204, response_class=Response)
def set_own_pin(
    person: Annotated[Staff, allowed("volunteering.own")], body: VolunteerPin, session: Db
) -> Response:
    """Set your own kiosk PIN (volunteers)."""
    return _set_pin(session, person, body.pin, f"staff:{person.name}")


@router.put("/staff/accounts/{account_id}/volunteer-pin", status_code=204, response_class=Response)
def set_volunteer_pin(
    person: Annotated[Staff, allowed("accounts.manage")],
    body: VolunteerPin,
    session: Db,
    account_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
) -> Response:
    """Set a volunteer's kiosk PIN (administrators)."""
    staff = session.get(Staff, account_id)
    if staff is None:
        return error_response(404, "not_found", "There is no such account.")
    return _set_pin(session, staff, body.pin, f"staff:{person.name}")
