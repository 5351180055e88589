"""The calls API for its three audiences: family pages, staff and kiosks.

* Family (``/family/calls...``, the family page's session cookie, server.routes.family_auth):
  call a linked resident's home tablet, answer or decline a call from the resident's kiosk,
  end, rejoin, list. A resident the account is not linked to is a 404 on every route.
* Staff (``/staff/calls``, ``/staff/residents/{card}/call-policy`` and ``.../auto-answer``,
  permission actions ``calls.make``, ``calls.read``, ``calls.policy``).
* Kiosks (``/kiosk/calls...``, the device token): the resident's contacts and their consent,
  calling a family member, and answering, declining, ending and rejoining a call of the device.

A call that may not ring is still recorded, and answered with 409 whose ``code`` is the
reason (``busy``, ``quiet_hours``, ``blocked``, ``no_device``, ``offline``) and whose
``message`` is the sentence for the person calling. What the work is lives in server.calls;
a route commits, then hands the change to the push hub and the call hub
(server.call_jobs.publish).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from server import auth, call_jobs, call_policy, calls
from server.center import Center
from server.db import Sql
from server.models import CallPolicy, ResidentRow, Staff
from server.routes.common import ERRORS, UUID_PATTERN, Authorization, CenterDep, Db, error_response
from server.routes.family_auth import NOT_FOUND, FamilyAccount, active_link
from server.routes.permissions import allowed
from sync.call_protocol import (
    AutoAnswerChoice,
    CallContacts,
    CallJoin,
    CallPolicyView,
    CallRecord,
    FamilyCall,
    KioskCall,
)
from sync.protocol import API_PREFIX

router = APIRouter(prefix=API_PREFIX, responses=ERRORS)
CallId = Annotated[str, Path(pattern=UUID_PATTERN)]
Card = Annotated[str, Query(pattern=r"^[0-9]{4,20}$")]
CardInPath = Annotated[str, Path(pattern=r"^[0-9]{4,20}$")]
RECENT = 50


class KioskEnd(BaseModel):
    """``POST /kiosk/calls/{id}/end``: hung up in a call, or gave up while it rang."""

    model_config = ConfigDict(extra="forbid")
    reason: Literal["hung_up", "cancelled"] = "hung_up"


def _zone(center: Center, session: Session) -> ZoneInfo:
    """The center's local time zone (the catalog's, as for meal cut-offs)."""
    return center.authority.rules(Sql(session.connection())).timezone


def _placed(center: Center, session: Session, placed: calls.Placed) -> Any:
    session.commit()
    call_jobs.publish(center, session, placed.changes)
    if placed.refusal is not None:
        return error_response(409, placed.refusal.reason, placed.refusal.message)
    assert placed.join is not None
    return JSONResponse(placed.join.model_dump(mode="json"), status_code=201)


def _changed(center: Center, session: Session, change: calls.Change, call_id: str) -> CallRecord:
    session.commit()
    call_jobs.publish(center, session, [change])
    call = calls.state_of(session, call_id)
    assert call is not None
    return calls.record(call)


def _joined(
    center: Center, session: Session, join: CallJoin, change: calls.Change | None = None
) -> CallJoin:
    session.commit()
    call_jobs.publish(center, session, [change] if change else [])
    return join


def _work(action: Any) -> Any:
    try:
        return action()
    except calls.CallError as exc:
        return error_response(exc.status, exc.code, exc.message)


def _ring_tablet(center: Any, session: Any, card: str, caller: calls.Party) -> Any:
    """Ring ``card``'s home tablet for ``caller`` (family or staff): the caller's CallJoin,
    or the refusal's 409."""

    def act() -> Any:
        placed = calls.place_to_kiosk(
            session, card, caller, center.settings, _zone(center, session)
        )
        return _placed(center, session, placed)

    return _work(act)


# -- family ------------------------------------------------------------------------------


def _family_party(account: Staff) -> calls.Party:
    return calls.Party("family", account_id=account.id, name=account.name)


@router.post("/family/calls", status_code=201, response_model=CallJoin)
def family_call(body: FamilyCall, account: FamilyAccount, session: Db, center: CenterDep) -> Any:
    """Ring the resident's home tablet (409 with the reason when it may not ring)."""
    return _ring_tablet(center, session, body.resident_card, _family_party(account))


@router.get("/family/calls")
def family_calls(account: FamilyAccount, session: Db, resident_card: Card) -> list[CallRecord]:
    if active_link(session, account.id, resident_card) is None:
        return error_response(404, "not_found", NOT_FOUND)  # type: ignore[return-value]
    return calls.recent_calls(session, resident_card, RECENT)


@router.post("/family/calls/{call_id}/answer", response_model=CallJoin)
def family_answer(call_id: CallId, account: FamilyAccount, session: Db, center: CenterDep) -> Any:
    def act() -> Any:
        join, change = calls.answer(session, call_id, _family_party(account), center.settings)
        return _joined(center, session, join, change)

    return _work(act)


@router.post("/family/calls/{call_id}/decline", response_model=CallRecord)
def family_decline(call_id: CallId, account: FamilyAccount, session: Db, center: CenterDep) -> Any:
    return _work(
        lambda: _changed(
            center, session, calls.decline(session, call_id, _family_party(account)), call_id
        )
    )


@router.post("/family/calls/{call_id}/end", response_model=CallRecord)
def family_end(call_id: CallId, account: FamilyAccount, session: Db, center: CenterDep) -> Any:
    return _work(
        lambda: _changed(
            center, session, calls.end(session, call_id, _family_party(account)), call_id
        )
    )


@router.post("/family/calls/{call_id}/rejoin", response_model=CallJoin)
def family_rejoin(call_id: CallId, account: FamilyAccount, session: Db, center: CenterDep) -> Any:
    return _work(
        lambda: _joined(
            center,
            session,
            calls.rejoin(session, call_id, _family_party(account), center.settings),
        )
    )


# -- staff -------------------------------------------------------------------------------


def _staff_party(person: Staff) -> calls.Party:
    return calls.Party("staff", account_id=person.id, name=person.name)


@router.post("/staff/calls", status_code=201, response_model=CallJoin)
def staff_call(
    body: FamilyCall,
    person: Annotated[Staff, allowed("calls.make")],
    session: Db,
    center: CenterDep,
) -> Any:
    """Ring the resident's home tablet from the console (quiet hours do not apply)."""
    return _ring_tablet(center, session, body.resident_card, _staff_party(person))


@router.get("/staff/calls")
def staff_calls(
    person: Annotated[Staff, allowed("calls.read")],
    session: Db,
    resident_card: Annotated[str | None, Query(pattern=r"^[0-9]{4,20}$")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[CallRecord]:
    """Calls, newest first: one resident's, or everyone's."""
    if resident_card is not None:
        return calls.recent_calls(session, resident_card, limit)
    return calls.all_recent_calls(session, limit)


@router.post("/staff/calls/{call_id}/end", response_model=CallRecord)
def staff_end(
    call_id: CallId,
    person: Annotated[Staff, allowed("calls.make")],
    session: Db,
    center: CenterDep,
) -> Any:
    return _work(
        lambda: _changed(
            center, session, calls.end(session, call_id, _staff_party(person)), call_id
        )
    )


@router.post("/staff/calls/{call_id}/rejoin", response_model=CallJoin)
def staff_rejoin(
    call_id: CallId,
    person: Annotated[Staff, allowed("calls.make")],
    session: Db,
    center: CenterDep,
) -> Any:
    return _work(
        lambda: _joined(
            center, session, calls.rejoin(session, call_id, _staff_party(person), center.settings)
        )
    )


def _resident_exists(session: Session, card: str) -> bool:
    return session.get(ResidentRow, card) is not None


@router.get("/staff/residents/{card}/call-policy")
def get_call_policy(
    card: CardInPath, person: Annotated[Staff, allowed("calls.read")], session: Db
) -> CallPolicyView:
    return call_policy.view(session.get(CallPolicy, card))


@router.put("/staff/residents/{card}/call-policy")
def put_call_policy(
    card: CardInPath,
    body: CallPolicyView,
    person: Annotated[Staff, allowed("calls.policy")],
    session: Db,
) -> CallPolicyView:
    """Quiet hours ("HH:MM" to "HH:MM", local) and a block until a time, with its reason."""
    if not _resident_exists(session, card):
        return error_response(404, "not_found", f"No resident with card {card}.")  # type: ignore[return-value]
    try:
        view = call_policy.set_policy(session, card, body, f"staff:{person.name}")
    except call_policy.PolicyError as exc:
        return error_response(422, "invalid", str(exc))  # type: ignore[return-value]
    session.commit()
    return view


@router.put("/staff/residents/{card}/family/{family_id}/auto-answer")
def staff_auto_answer(
    card: CardInPath,
    family_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    body: AutoAnswerChoice,
    person: Annotated[Staff, allowed("calls.policy")],
    session: Db,
) -> Any:
    """The resident's consent to this family member's calls answering by themselves, set by
    staff on the resident's behalf (recorded with the staff member's name, audited)."""

    def act() -> Any:
        link = calls.set_auto_answer(
            session, card, family_id, body.auto_answer, f"staff:{person.name}"
        )
        session.commit()
        return AutoAnswerChoice(auto_answer=link.auto_answer)

    return _work(act)


# -- kiosks ------------------------------------------------------------------------------


def _device(session: Session, center: Center, authorization: str | None) -> auth.DeviceRef:
    return auth.device_for(session, authorization, center.devices)


def _kiosk_party(device: auth.DeviceRef) -> calls.Party:
    return calls.Party("kiosk", device_id=device.id, name=device.name)


@router.get("/kiosk/calls/contacts")
def kiosk_contacts(
    resident_card: Card, session: Db, center: CenterDep, authorization: Authorization = None
) -> CallContacts:
    """The family members the resident may call, their consent, and who is online."""
    _device(session, center, authorization)
    return calls.contacts(session, resident_card, set(center.calls.online))


@router.put("/kiosk/calls/contacts/{family_id}")
def kiosk_auto_answer(
    family_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    body: AutoAnswerChoice,
    resident_card: Card,
    session: Db,
    center: CenterDep,
    authorization: Authorization = None,
) -> Any:
    """The resident's own choice, on the kiosk; recorded as "resident, on <device name>"."""
    device = _device(session, center, authorization)

    def act() -> Any:
        link = calls.set_auto_answer(
            session, resident_card, family_id, body.auto_answer, f"resident, on {device.name}"
        )
        session.commit()
        return AutoAnswerChoice(auto_answer=link.auto_answer)

    return _work(act)


@router.post("/kiosk/calls", status_code=201, response_model=CallJoin)
def kiosk_call(
    body: KioskCall, session: Db, center: CenterDep, authorization: Authorization = None
) -> Any:
    """The resident calls a family member; it rings on their open family pages."""
    device = _device(session, center, authorization)

    def act() -> Any:
        placed = calls.place_to_family(
            session,
            body.resident_card,
            body.family_id,
            device.id,
            center.settings,
            _zone(center, session),
            online=body.family_id in center.calls.online,
            checkin_schedule_id=body.checkin_schedule_id,
        )
        return _placed(center, session, placed)

    return _work(act)


@router.get("/kiosk/calls/{call_id}", response_model=CallRecord)
def kiosk_call_state(
    call_id: CallId, session: Db, center: CenterDep, authorization: Authorization = None
) -> Any:
    """A call of this device as it stands (is a ringing update still ringing?)."""
    device = _device(session, center, authorization)
    call = calls.state_of(session, call_id)
    if call is None or calls.side_of(call, _kiosk_party(device)) is None:
        return error_response(404, "not_found", "No such call.")
    return calls.record(call)


@router.post("/kiosk/calls/{call_id}/answer", response_model=CallJoin)
def kiosk_answer(
    call_id: CallId, session: Db, center: CenterDep, authorization: Authorization = None
) -> Any:
    device = _device(session, center, authorization)

    def act() -> Any:
        join, change = calls.answer(session, call_id, _kiosk_party(device), center.settings)
        return _joined(center, session, join, change)

    return _work(act)


@router.post("/kiosk/calls/{call_id}/decline", response_model=CallRecord)
def kiosk_decline(
    call_id: CallId, session: Db, center: CenterDep, authorization: Authorization = None
) -> Any:
    device = _device(session, center, authorization)
    return _work(
        lambda: _changed(
            center, session, calls.decline(session, call_id, _kiosk_party(device)), call_id
        )
    )


@router.post("/kiosk/calls/{call_id}/end", response_model=CallRecord)
def kiosk_end(
    call_id: CallId,
    session: Db,
    center: CenterDep,
    body: KioskEnd | None = None,
    authorization: Authorization = None,
) -> Any:
    device = _device(session, center, authorization)
    return _work(
        lambda: _changed(
            center, session, calls.end(session, call_id, _kiosk_party(device)), call_id
        )
    )


@router.post("/kiosk/calls/{call_id}/rejoin", response_model=CallJoin)
def kiosk_rejoin(
    call_id: CallId, session: Db, center: CenterDep, authorization: Authorization = None
) -> Any:
    device = _device(session, center, authorization)
    return _work(
        lambda: _joined(
            center, session, calls.rejoin(session, call_id, _kiosk_party(device), center.settings)
        )
    )
