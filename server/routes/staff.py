"""The staff API (``/staff/...``): orders and emergencies, devices, the catalog, messages.

Every route checks a staff token; what it does is in server.staff, server.sos and
server.devices. A change that kiosks must hear of is queued as an update and handed to the
push hub once committed; one that staff must see is sent on the staff socket
(server.routes.staff_socket).
"""

from __future__ import annotations

import json
import time
import tomllib
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from sqlalchemy import select

from server import auth, devices, sos, staff
from server.models import CatalogVersion, Device, IngestedEvent
from server.routes.common import ERRORS, UUID_PATTERN, Authorization, CenterDep, Db
from sync.protocol import (
    API_PREFIX,
    CatalogDocument,
    CatalogUpload,
    HistoryEntry,
    StaffDevice,
    StaffMessage,
    StaffOrder,
    StaffOrderAction,
    StaffSos,
    StaffSosAck,
)

router = APIRouter(prefix=f"{API_PREFIX}/staff", responses=ERRORS)
OrderState = Literal["waiting", "sent", "accepted", "on_the_way", "done", "cancelled"]


@router.post("/enrolment-codes")
def new_code(session: Db, authorization: Authorization = None) -> dict[str, str]:
    person = auth.staff_for(session, authorization)
    code = auth.create_enrolment_code(session, person.name)
    session.commit()
    return {"code": code}


@router.get("/orders")
def staff_orders(
    session: Db,
    state: Annotated[OrderState | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    authorization: Authorization = None,
) -> list[StaffOrder]:
    auth.staff_for(session, authorization)
    return staff.list_orders(session, state, limit)


# This answer and the one to a revocation have no schema in the OpenAPI document: the
# return types are for mypy only (response_model=None).
@router.get("/orders/{order_id}/history", response_model=None)
def staff_order_history(
    order_id: Annotated[str, Path(pattern=UUID_PATTERN)],
    session: Db,
    authorization: Authorization = None,
) -> list[HistoryEntry]:
    auth.staff_for(session, authorization)
    return staff.order_history(session, order_id)


@router.post("/orders/{order_id}/actions")
def staff_order_action(
    order_id: Annotated[str, Path(pattern=UUID_PATTERN)],
    body: StaffOrderAction,
    session: Db,
    center: CenterDep,
    authorization: Authorization = None,
) -> StaffOrder:
    person = auth.staff_for(session, authorization)
    result = staff.act_on_order(session, person, order_id, body)
    center.hub.committed(staff.queued_updates(session))
    center.feed.poke()
    return result


@router.get("/sos")
def staff_sos(
    session: Db, open_only: bool = True, authorization: Authorization = None
) -> list[StaffSos]:
    """The newest emergencies; ``open_only``: those nobody acknowledged yet (withdrawn ones
    too, marked, until someone does)."""
    auth.staff_for(session, authorization)
    return sos.list_sos(session, open_only)


@router.get("/sos/{sos_id}/steps", response_model=None)
def staff_sos_steps(
    sos_id: Annotated[str, Path(pattern=UUID_PATTERN)],
    session: Db,
    authorization: Authorization = None,
) -> list[HistoryEntry]:
    """Every step of an emergency with who and when: raised, all_staff, contacts,
    acknowledged (note: the action), withdrawn."""
    auth.staff_for(session, authorization)
    return sos.steps_of(session, sos_id)


@router.post("/sos/{sos_id}/ack")
def staff_sos_ack(
    sos_id: Annotated[str, Path(pattern=UUID_PATTERN)],
    session: Db,
    center: CenterDep,
    body: StaffSosAck | None = None,
    authorization: Authorization = None,
) -> StaffSos:
    """Take the emergency, saying what you are doing (no body: on_the_way). The kiosk hears
    your name and the action; the first acknowledgement counts."""
    person = auth.staff_for(session, authorization)
    action = (body or StaffSosAck()).action
    result = sos.acknowledge(session, person, sos_id, action)
    center.hub.committed(staff.queued_updates(session))
    center.feed.poke()
    return result


@router.get("/devices")
def staff_devices(
    session: Db,
    faulty_only: bool = False,
    limit: Annotated[int, Query(ge=1, le=100_000)] = 1000,
    authorization: Authorization = None,
) -> list[StaffDevice]:
    """Enrolled devices with their latest health report; ``faulty_only``: those whose
    storage is failing."""
    auth.staff_for(session, authorization)
    return devices.list_devices(session, limit, faulty_only)


@router.post("/devices/{device_id}/revoke", response_model=None)
def staff_revoke(
    device_id: Annotated[str, Path(pattern=UUID_PATTERN)],
    session: Db,
    center: CenterDep,
    authorization: Authorization = None,
) -> dict[str, Any]:
    auth.staff_for(session, authorization)
    device = session.get(Device, device_id)
    if device is None:
        raise staff.StaffError("not_found", f"No device {device_id}.", 404)
    device.revoked_at = device.revoked_at or time.time()
    session.commit()
    # Refused and its update sockets closed here at once; in other processes within a scan
    # (auth.DeviceCache).
    center.devices.forget(device_id)
    return {"device_id": device_id, "revoked": True}


@router.put("/catalog")
def put_catalog(
    body: CatalogUpload, session: Db, center: CenterDep, authorization: Authorization = None
) -> CatalogDocument:
    person = auth.staff_for(session, authorization)
    try:
        parsed = tomllib.loads(body.toml)
    except tomllib.TOMLDecodeError as exc:
        raise staff.StaffError("bad_catalog", f"The catalog is not valid TOML: {exc}", 422) from exc
    if parsed.get("version") != 1 or not isinstance(parsed.get("services"), list):
        raise staff.StaffError(
            "bad_catalog", "A catalog needs version = 1 and [[services]] entries.", 422
        )
    now = time.time()
    row = CatalogVersion(toml=body.toml, created_by=person.name, created_at=now)
    session.add(row)
    session.flush()
    staff.queue_update(session, None, "catalog.changed", {"version": row.version}, now)
    session.commit()
    center.hub.committed(staff.queued_updates(session))
    return CatalogDocument(version=row.version, toml=row.toml)


@router.post("/messages")
def post_message(
    body: StaffMessage, session: Db, center: CenterDep, authorization: Authorization = None
) -> dict[str, Any]:
    person = auth.staff_for(session, authorization)
    if body.device_id is not None and session.get(Device, body.device_id) is None:
        raise staff.StaffError("not_found", f"No device {body.device_id}.", 404)
    now = time.time()
    update = staff.queue_update(
        session,
        body.device_id,
        "message",
        {"text": body.text, "resident_card": body.resident_card, "from": person.name, "at": now},
        now,
    )
    session.commit()
    center.hub.committed(staff.queued_updates(session))
    return {"seq": update.seq}


@router.get("/events/rejected")
def staff_rejected(session: Db, authorization: Authorization = None) -> list[dict[str, Any]]:
    auth.staff_for(session, authorization)
    rows = session.scalars(
        select(IngestedEvent)
        .where(IngestedEvent.status == "rejected")
        .order_by(IngestedEvent.received_at.desc())
        .limit(200)
    )
    return [
        {
            "device_id": r.device_id,
            "event_id": r.event_id,
            "kind": r.kind,
            "error": json.loads(r.answer).get("error"),
            "payload": r.payload,
        }
        for r in rows
    ]
