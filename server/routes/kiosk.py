"""What kiosks call: enrol, send their outbox events, poll for updates, fetch the catalog,
report their health.

The two endpoints every kiosk calls all the time are coroutines: they check the token (cached,
see auth.DeviceCache) and answer an empty poll without a thread or a query, and give their
database work to one worker thread. They return the JSON themselves, so FastAPI does not
validate the answer a second time. server.fastpath calls :func:`events_answer` and
:func:`updates_answer` straight from the ASGI layer for well-formed requests.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from server import auth, devices, family, staff
from server.center import Center, updates_page
from server.ingest import ingest, ingest_records, only_records
from server.models import CatalogVersion
from server.routes.common import (
    ERRORS,
    MAX_PAGE,
    MAX_SEQ,
    Authorization,
    CenterDep,
    Db,
    error_response,
    json_response,
)
from sync.protocol import (
    API_PREFIX,
    BatchResult,
    CatalogDocument,
    DeviceHealth,
    EnrolRequest,
    EnrolResponse,
    EventBatch,
    UpdatesPage,
)

router = APIRouter(prefix=API_PREFIX, responses=ERRORS)


def _empty_page(since: int) -> bytes:
    """``UpdatesPage(cursor=since, updates=[]).model_dump_json()``, without pydantic."""
    return b'{"cursor":%d,"updates":[],"more":false}' % since


async def events_answer(center: Center, hashed: str, batch: EventBatch) -> Response:
    """Apply a batch from the device with this token hash; its per-event answers."""
    device = center.devices.get(hashed)
    if not await center.acquire_ingest_slot():
        if device is None:  # an unknown or revoked device hears that first
            await center.load_device(hashed)
        return error_response(
            429, "busy", "The center is busy; try again shortly.", {"Retry-After": "1"}
        )
    try:
        if center.raw is not None and only_records(batch):
            # One statement, without BEGIN and COMMIT, on the event loop.
            async with center.raw.connection() as connection:
                known = device or await center.load_into_cache_async(connection, hashed)
                results = await ingest_records(connection, known, batch, last_seen=center.last_seen)
            return json_response(BatchResult(results=results).model_dump_json().encode())

        def work() -> bytes:
            # The connection goes back before the answer is sent: under overload,
            # connections held that long exhaust the pool and everything stalls.
            with center.engine.connect() as connection:
                known = device or center.load_into_cache(connection, hashed)
                results = ingest(
                    connection,
                    known,
                    batch,
                    last_seen=center.last_seen,
                    sos_policy=center.sos_policy,
                    authority=center.authority,
                    on_updates=center.hub.committed,  # a consent answer, for every kiosk
                )
            return BatchResult(results=results).model_dump_json().encode()

        answer = json_response(await run_in_threadpool(work))
        if center.feed.listening and any(e.kind.startswith("sos.") for e in batch.events):
            center.feed.poke()  # staff see an emergency at once, not at the next scan
        return answer
    finally:
        center.ingest_slots.release()


async def updates_answer(center: Center, hashed: str, since: int, limit: int) -> Response:
    """The updates after ``since`` for the device with this token hash."""
    device = center.devices.get(hashed) or await center.load_device(hashed)
    if center.hub.nothing_new(device.id, since):
        return json_response(_empty_page(since))

    def work() -> bytes:
        with center.readers() as session:
            page = updates_page(session, device, since, limit)
        return page.model_dump_json().encode()

    return json_response(await run_in_threadpool(work))


@router.post("/enrol")
def enrol(body: EnrolRequest, request: Request, session: Db, center: CenterDep) -> EnrolResponse:
    """Use a one-time code. An address that sent too many wrong codes is refused for a
    while (429 with Retry-After; auth.EnrolmentLimiter)."""
    address = request.client.host if request.client else "unknown"
    center.enrolments.check(address)
    try:
        device_id, token = auth.enrol(session, body.code, body.device_name, body.mode)
    except auth.AuthError:
        center.enrolments.failed(address)
        raise
    session.commit()
    if center.settings.demo_residents:  # the demo's first kiosk rings for its family calls
        family.adopt_demo_tablet(session, device_id)
    return EnrolResponse(device_id=device_id, token=token)


@router.post("/events", response_model=BatchResult)
async def post_events(
    body: EventBatch, center: CenterDep, authorization: Authorization = None
) -> Response:
    return await events_answer(center, auth.bearer_hash(authorization), body)


@router.get("/updates", response_model=UpdatesPage)
async def get_updates(
    center: CenterDep,
    since: Annotated[int, Query(ge=0, le=MAX_SEQ)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 200,
    authorization: Authorization = None,
) -> Response:
    return await updates_answer(center, auth.bearer_hash(authorization), since, limit)


@router.post("/device/health", status_code=204, response_class=Response)
def device_health(
    body: DeviceHealth, session: Db, center: CenterDep, authorization: Authorization = None
) -> Response:
    """The kiosk's latest health: its storage fault (null when it cleared), its queue."""
    device = auth.device_for(session, authorization, center.devices)
    devices.record_health(session, device, body)
    return Response(status_code=204)


@router.get("/catalog")
def get_catalog(
    session: Db, center: CenterDep, authorization: Authorization = None
) -> CatalogDocument:
    auth.device_for(session, authorization, center.devices)
    row = session.scalar(select(CatalogVersion).order_by(CatalogVersion.version.desc()).limit(1))
    if row is None:
        raise staff.StaffError("not_found", "The center has not published a catalog.", 404)
    return CatalogDocument(version=row.version, toml=row.toml)
