"""The staff API (``/staff/...``): orders and emergencies, devices, the catalog, messages.

Every route names its action of the permission table (server.roles), checked by one
dependency (server.routes.permissions); what it does is in server.staff, server.sos and
server.devices. Changes to devices, the catalog and messages go to the audit trail. A
change that kiosks must hear of is queued as an update and handed to the push hub once
committed; one that staff must see is sent on the staff socket
(server.routes.staff_socket).
"""

from __future__ import annotations

import json
import time
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Response
from sqlalchemy import select

from server import audit, auth, devices, pricing, sos, staff
from server.models import CatalogVersion, Device, IngestedEvent, ResidentRow, Staff
from server.routes.common import ERRORS, UUID_PATTERN, CenterDep, Db
from server.routes.permissions import allowed
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
NEXT_CURSOR = "X-Next-Cursor"


@router.post("/enrolment-codes")
def new_code(person: Annotated[Staff, allowed("devices.enrol")], session: Db) -> dict[str, str]:
    code = auth.create_enrolment_code(session, person.name)
    audit.record(session, f"staff:{person.name}", "device.enrolment_code", "devices", None, None)
    session.commit()
    return {"code": code}


@router.get("/orders")
def staff_orders(
    person: Annotated[Staff, allowed("orders.read")],
    session: Db,
    response: Response,
    state: Annotated[OrderState | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    cursor: Annotated[str | None, Query(max_length=80, pattern=staff.CURSOR_PATTERN)] = None,
) -> list[StaffOrder]:
    """Orders, newest first by the time the center received them (never by a kiosk's
    clock). A full page has the next page's ``cursor`` in the ``X-Next-Cursor`` header."""
    orders, next_cursor = staff.list_orders(session, state, limit, cursor)
    if next_cursor is not None:
        response.headers[NEXT_CURSOR] = next_cursor
    return orders


# This answer and the one to a revocation have no schema in the OpenAPI document: the
# return types are for mypy only (response_model=None).
@router.get("/orders/{order_id}/history", response_model=None)
def staff_order_history(
    person: Annotated[Staff, allowed("orders.read")],
    order_id: Annotated[str, Path(pattern=UUID_PATTERN)],
    session: Db,
) -> list[HistoryEntry]:
    return staff.order_history(session, order_id)


@router.post("/orders/{order_id}/actions")
def staff_order_action(
    person: Annotated[Staff, allowed("orders.act")],
    order_id: Annotated[str, Path(pattern=UUID_PATTERN)],
    body: StaffOrderAction,
    session: Db,
    center: CenterDep,
) -> StaffOrder:
    result = staff.act_on_order(session, person, order_id, body)
    center.hub.committed(staff.queued_updates(session))
    center.feed.poke()
    return result


@router.get("/sos")
def staff_sos(
    person: Annotated[Staff, allowed("sos.read")], session: Db, open_only: bool = True
) -> list[StaffSos]:
    """The newest emergencies; ``open_only``: those nobody acknowledged yet (withdrawn ones
    too, marked, until someone does)."""
    return sos.list_sos(session, open_only)


@router.get("/sos/{sos_id}/steps", response_model=None)
def staff_sos_steps(
    person: Annotated[Staff, allowed("sos.read")],
    sos_id: Annotated[str, Path(pattern=UUID_PATTERN)],
    session: Db,
) -> list[HistoryEntry]:
    """Every step of an emergency with who and when: raised, all_staff, contacts,
    acknowledged (note: the action), withdrawn."""
    return sos.steps_of(session, sos_id)


@router.post("/sos/{sos_id}/ack")
def staff_sos_ack(
    person: Annotated[Staff, allowed("sos.ack")],
    sos_id: Annotated[str, Path(pattern=UUID_PATTERN)],
    session: Db,
    center: CenterDep,
    body: StaffSosAck | None = None,
) -> StaffSos:
    """Take the emergency, saying what you are doing (no body: on_the_way). The kiosk hears
    your name and the action; the first acknowledgement counts."""
    action = (body or StaffSosAck()).action
    result = sos.acknowledge(session, person, sos_id, action)
    center.hub.committed(staff.queued_updates(session))
    center.feed.poke()
    return result


@router.get("/devices")
def staff_devices(
    person: Annotated[Staff, allowed("devices.read")],
    session: Db,
    faulty_only: bool = False,
    limit: Annotated[int, Query(ge=1, le=100_000)] = 1000,
) -> list[StaffDevice]:
    """Enrolled devices with their latest health report; ``faulty_only``: those whose
    storage is failing."""
    return devices.list_devices(session, limit, faulty_only)


@router.post("/devices/{device_id}/revoke", response_model=None)
def staff_revoke(
    person: Annotated[Staff, allowed("devices.revoke")],
    device_id: Annotated[str, Path(pattern=UUID_PATTERN)],
    session: Db,
    center: CenterDep,
) -> dict[str, Any]:
    device = session.get(Device, device_id)
    if device is None:
        raise staff.StaffError("not_found", f"No device {device_id}.", 404)
    if device.revoked_at is None:
        device.revoked_at = time.time()
        audit.record(
            session,
            f"staff:{person.name}",
            "device.revoke",
            f"device:{device_id}",
            {"name": device.name, "revoked": False},
            {"name": device.name, "revoked": True},
        )
    session.commit()
    # Refused and its update sockets closed here at once; in other processes within a scan
    # (auth.DeviceCache).
    center.devices.forget(device_id)
    return {"device_id": device_id, "revoked": True}


@router.put("/catalog")
def put_catalog(
    person: Annotated[Staff, allowed("catalog.publish")],
    body: CatalogUpload,
    session: Db,
    center: CenterDep,
) -> CatalogDocument:
    """Check the catalog (the same rules orders are priced and refused by: server.pricing)
    and publish it to every kiosk; a catalog with problems is refused, naming them."""
    try:
        rules = pricing.parse_rules(body.toml)
    except pricing.CatalogProblems as exc:
        raise staff.StaffError("bad_catalog", str(exc), 422) from exc
    now = time.time()
    row = CatalogVersion(toml=body.toml, created_by=person.name, created_at=now)
    session.add(row)
    session.flush()
    audit.record(
        session,
        f"staff:{person.name}",
        "catalog.publish",
        f"catalog:{row.version}",
        None,
        {"version": row.version, "services": sorted(rules.services)},
        now,
    )
    staff.queue_update(session, None, "catalog.changed", {"version": row.version}, now)
    session.commit()
    center.hub.committed(staff.queued_updates(session))
    return CatalogDocument(version=row.version, toml=row.toml)


@router.post("/messages")
def post_message(
    person: Annotated[Staff, allowed("messages.send")],
    body: StaffMessage,
    session: Db,
    center: CenterDep,
) -> dict[str, Any]:
    """A message for one kiosk or home tablet (``device_id``), for one resident on it
    (``resident_card`` too). A message without a device is refused: it is never sent to
    every kiosk, where another resident would read it."""
    if body.device_id is None:
        raise staff.StaffError(
            "no_device",
            "Say which kiosk or home tablet the message goes to (device_id); a message is"
            " never sent to every kiosk.",
            422,
        )
    if session.get(Device, body.device_id) is None:
        raise staff.StaffError("not_found", f"No device {body.device_id}.", 404)
    if body.resident_card is not None and session.get(ResidentRow, body.resident_card) is None:
        raise staff.StaffError(
            "unknown_card", f"The center has no resident with card {body.resident_card}.", 404
        )
    now = time.time()
    audit.record(
        session,
        f"staff:{person.name}",
        "message.send",
        f"device:{body.device_id}",
        None,
        {"resident_card": body.resident_card, "text": body.text[:100]},
        now,
    )
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
def staff_rejected(
    person: Annotated[Staff, allowed("events.read")], session: Db
) -> list[dict[str, Any]]:
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
