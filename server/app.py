"""The center server's HTTP and WebSocket API (FastAPI)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import (
    Depends,
    FastAPI,
    Header,
    HTTPException,
    Path,
    Query,
    Request,
    WebSocket,
    WebSocketDisconnect,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server import auth, staff
from server.db import AsyncRawPool, make_engine, migrate, session_factory
from server.fastpath import KioskFastPath
from server.ingest import LastSeen, ingest, ingest_records, only_records
from server.models import CatalogVersion, Device, IngestedEvent, Update
from server.push import PushHub
from server.settings import Settings
from sync.protocol import (
    API_PREFIX,
    BatchResult,
    CatalogDocument,
    CatalogUpload,
    EnrolRequest,
    EnrolResponse,
    ErrorBody,
    EventBatch,
    StaffMessage,
    StaffOrder,
    StaffOrderAction,
    StaffSos,
    UpdatesPage,
)
from sync.protocol import Update as UpdateModel

log = logging.getLogger(__name__)
MAX_CONCURRENT_INGEST = 16
BUSY_WAIT_S = 1.0  # how long a batch may wait for one of those slots before a 429
UNCHECKED_TOKEN_S = 2.0  # see auth.DeviceCache
MAX_SEQ = 2**63 - 1
MAX_PAGE = 500
UUID_PATTERN = r"^[0-9a-fA-F-]{36}$"
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody},
    401: {"model": ErrorBody},
    403: {"model": ErrorBody},
    404: {"model": ErrorBody},
    409: {"model": ErrorBody},
    413: {"model": ErrorBody},
    422: {"model": ErrorBody},
    429: {"model": ErrorBody},
}


def _empty_page(since: int) -> bytes:
    """``UpdatesPage(cursor=since, updates=[]).model_dump_json()``, without pydantic."""
    return b'{"cursor":%d,"updates":[],"more":false}' % since


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None):
    return JSONResponse(
        ErrorBody(code=code, message=message).model_dump(), status_code=status, headers=headers
    )


class BodyLimit:
    """Refuse request bodies over the limit, whether or not they say their length."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.limit:
                await _error(413, "too_large", f"Bodies are limited to {self.limit} bytes.")(
                    scope, receive, send
                )
                return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise HTTPException(413, f"Bodies are limited to {self.limit} bytes.")
            return message

        await self.app(scope, limited, send)


def _session(request: Request) -> Iterator[Session]:
    with request.app.state.sessions() as session:
        yield session


Db = Annotated[Session, Depends(_session)]
Authorization = Annotated[str | None, Header()]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    engine = make_engine(settings.database_url, pool_size=20)
    migrate(engine)
    sessions = session_factory(engine)
    # Reads that need no transaction go without BEGIN/ROLLBACK on PostgreSQL (two round trips
    # fewer); SQLite's connections always begin their own (see server.db).
    postgres = engine.dialect.name == "postgresql"
    reader = engine.execution_options(isolation_level="AUTOCOMMIT") if postgres else engine
    # The device look-up and batches of records run on the event loop on PostgreSQL,
    # without SQLAlchemy (db.AsyncRawPool); its 20 connections and the engine's 20 make the
    # 40 per process of SCALE_OUT.md.
    raw = AsyncRawPool(engine, size=20) if postgres else None
    readers = session_factory(reader)
    devices = auth.DeviceCache(
        settings.auth_cache_s,
        unchecked_s=UNCHECKED_TOKEN_S,
        checked_within_s=2 * settings.poll_interval_s,
    )
    hub = PushHub(sessions, settings.poll_interval_s, checks=[devices.check_revocations])
    last_seen = LastSeen()
    ingest_slots = asyncio.Semaphore(MAX_CONCURRENT_INGEST)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI):
        await hub.start()
        yield
        await hub.stop()
        if raw is not None:
            await raw.close()
        engine.dispose()

    app = FastAPI(
        title="Community elder-care center server",
        version="1",
        lifespan=lifespan,
        description="Kiosks send their outbox events here and receive status updates back.",
        # FastAPI's OpenTelemetry hooks look for configured providers on every request; the
        # center configures none, so they are off rather than asked each time.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.sessions = sessions
    app.state.hub = hub
    app.state.devices = devices
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)

    @app.exception_handler(auth.AuthError)
    async def _auth_error(_: Request, exc: auth.AuthError):
        return _error(exc.status, exc.code, exc.message)

    @app.exception_handler(staff.StaffError)
    async def _staff_error(_: Request, exc: staff.StaffError):
        return _error(exc.status, exc.code, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        # FastAPI reports any failure to read or parse a body as 400; a body that is too
        # large surfaces as our 413, and one that is not JSON (or not UTF-8) is invalid.
        codes = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}
        if exc.status_code == 400:
            return _error(422, "invalid", "The request body is not valid JSON.")
        code = codes.get(exc.status_code, "http_error")
        return _error(exc.status_code, code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()))
        return _error(422, "invalid", f"{where}: {first.get('msg', 'invalid request')}")

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.post(f"{API_PREFIX}/enrol", responses=ERRORS)
    def enrol(body: EnrolRequest, session: Db) -> EnrolResponse:
        device_id, token = auth.enrol(session, body.code, body.device_name, body.mode)
        session.commit()
        return EnrolResponse(device_id=device_id, token=token)

    def _json(content: bytes) -> Response:
        return Response(content, media_type="application/json")

    def _load_into_cache(connection: Any, hashed: str) -> auth.DeviceRef:
        generation = devices.generation
        device = auth.load_device(connection, hashed)
        devices.put(hashed, device, generation)
        return device

    async def _load_device(hashed: str) -> auth.DeviceRef:
        if raw is None:

            def load() -> auth.DeviceRef:
                with reader.connect() as connection:
                    return _load_into_cache(connection, hashed)

            return await run_in_threadpool(load)
        async with raw.connection() as connection:
            return await _load_into_cache_async(connection, hashed)

    async def _load_into_cache_async(connection: Any, hashed: str) -> auth.DeviceRef:
        generation = devices.generation
        device = await auth.load_device_async(connection, hashed)
        devices.put(hashed, device, generation)
        return device

    async def _acquire_slot() -> bool:
        if not ingest_slots.locked():
            await ingest_slots.acquire()
            return True
        try:
            async with asyncio.timeout(BUSY_WAIT_S):
                await ingest_slots.acquire()
        except TimeoutError:
            return False
        return True

    # The two endpoints every kiosk calls all the time are coroutines: they check the token
    # (cached, see auth.DeviceCache) and answer an empty poll without a thread or a query,
    # and give their database work to one worker thread. They return the JSON themselves,
    # so FastAPI does not validate the answer a second time. server.fastpath calls them
    # straight from the ASGI layer for well-formed requests.
    async def events_answer(hashed: str, batch: EventBatch) -> Response:
        device = devices.get(hashed)
        if not await _acquire_slot():
            if device is None:  # an unknown or revoked device hears that first
                await _load_device(hashed)
            return _error(
                429, "busy", "The center is busy; try again shortly.", {"Retry-After": "1"}
            )
        try:
            if raw is not None and only_records(batch):
                # One statement, without BEGIN and COMMIT, on the event loop.
                async with raw.connection() as connection:
                    known = device or await _load_into_cache_async(connection, hashed)
                    results = await ingest_records(connection, known, batch, last_seen=last_seen)
                return _json(BatchResult(results=results).model_dump_json().encode())

            def work() -> bytes:
                # The connection goes back before the answer is sent: under overload,
                # connections held that long exhaust the pool and everything stalls.
                with engine.connect() as connection:
                    known = device or _load_into_cache(connection, hashed)
                    results = ingest(connection, known, batch, last_seen=last_seen)
                return BatchResult(results=results).model_dump_json().encode()

            return _json(await run_in_threadpool(work))
        finally:
            ingest_slots.release()

    async def updates_answer(hashed: str, since: int, limit: int) -> Response:
        device = devices.get(hashed) or await _load_device(hashed)
        if hub.nothing_new(device.id, since):
            return _json(_empty_page(since))

        def work() -> bytes:
            with readers() as session:
                page = _page(session, device, since, limit)
            return page.model_dump_json().encode()

        return _json(await run_in_threadpool(work))

    @app.post(f"{API_PREFIX}/events", responses=ERRORS, response_model=BatchResult)
    async def post_events(body: EventBatch, authorization: Authorization = None) -> Response:
        return await events_answer(auth.bearer_hash(authorization), body)

    def _page(session: Session, device: auth.DeviceRef, since: int, limit: int) -> UpdatesPage:
        rows = list(
            session.scalars(
                select(Update)
                .where(Update.seq > since)
                .where(or_(Update.device_id == device.id, Update.device_id.is_(None)))
                .order_by(Update.seq)
                .limit(limit + 1)
            )
        )
        more = len(rows) > limit
        rows = rows[:limit]
        return UpdatesPage(
            cursor=rows[-1].seq if rows else since,
            more=more,
            updates=[
                UpdateModel(
                    seq=r.seq,
                    kind=r.kind,  # type: ignore[arg-type]
                    payload=json.loads(r.payload),
                    created_at=r.created_at,
                )
                for r in rows
            ],
        )

    @app.get(f"{API_PREFIX}/updates", responses=ERRORS, response_model=UpdatesPage)
    async def get_updates(
        since: Annotated[int, Query(ge=0, le=MAX_SEQ)] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 200,
        authorization: Authorization = None,
    ) -> Response:
        return await updates_answer(auth.bearer_hash(authorization), since, limit)

    @app.websocket(f"{API_PREFIX}/updates/ws")
    async def updates_ws(websocket: WebSocket) -> None:
        def check() -> auth.DeviceRef:
            with readers() as session:
                return auth.device_for(session, websocket.headers.get("authorization"), devices)

        try:
            device = await asyncio.to_thread(check)
        except auth.AuthError as exc:
            await websocket.close(code=4401 if exc.status == 401 else 4403, reason=exc.code)
            return
        await websocket.accept()
        wake = hub.subscribe()
        gone: asyncio.Future[Any] | None = None
        try:
            hello = await websocket.receive_json()
            cursor = int(hello.get("since", 0)) if isinstance(hello, dict) else 0
            cursor = min(max(cursor, 0), MAX_SEQ)
            # The kiosk sends nothing after its hello; a receive that ends means it left.
            gone = asyncio.ensure_future(websocket.receive())
            while True:

                def read(since: int = cursor) -> UpdatesPage:
                    with readers() as session:
                        return _page(session, device, since, 200)

                # Cleared before reading, so a change that comes in meanwhile wakes us again.
                wake.clear()
                if hub.nothing_new(device.id, cursor):
                    page = UpdatesPage(cursor=cursor, updates=[])
                else:
                    page = await asyncio.to_thread(read)
                if page.updates:
                    await websocket.send_text(page.model_dump_json())
                    cursor = page.cursor
                    if page.more:
                        continue
                woken = asyncio.ensure_future(wake.wait())
                # Wake on a change; every 25 s send an empty page so proxies keep the socket.
                done, _ = await asyncio.wait(
                    {woken, gone}, timeout=25, return_when=asyncio.FIRST_COMPLETED
                )
                woken.cancel()
                if gone in done:
                    return
                if not done:
                    await websocket.send_text(
                        UpdatesPage(cursor=cursor, updates=[]).model_dump_json()
                    )
        except (WebSocketDisconnect, ValueError, TypeError, RuntimeError):
            pass
        finally:
            hub.unsubscribe(wake)
            if gone is not None:
                gone.cancel()

    # -- staff ---------------------------------------------------------------------------

    @app.post(f"{API_PREFIX}/staff/enrolment-codes", responses=ERRORS)
    def new_code(session: Db, authorization: Authorization = None) -> dict[str, str]:
        person = auth.staff_for(session, authorization)
        code = auth.create_enrolment_code(session, person.name)
        session.commit()
        return {"code": code}

    @app.get(f"{API_PREFIX}/staff/orders", responses=ERRORS)
    def staff_orders(
        session: Db,
        state: Annotated[
            Literal["waiting", "sent", "accepted", "on_the_way", "done", "cancelled"] | None,
            Query(),
        ] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 200,
        authorization: Authorization = None,
    ) -> list[StaffOrder]:
        auth.staff_for(session, authorization)
        return staff.list_orders(session, state, limit)

    @app.get(f"{API_PREFIX}/staff/orders/{{order_id}}/history", responses=ERRORS)
    def staff_order_history(
        order_id: Annotated[str, Path(pattern=UUID_PATTERN)],
        session: Db,
        authorization: Authorization = None,
    ):
        auth.staff_for(session, authorization)
        return staff.order_history(session, order_id)

    @app.post(f"{API_PREFIX}/staff/orders/{{order_id}}/actions", responses=ERRORS)
    def staff_order_action(
        order_id: Annotated[str, Path(pattern=UUID_PATTERN)],
        body: StaffOrderAction,
        session: Db,
        authorization: Authorization = None,
    ) -> StaffOrder:
        person = auth.staff_for(session, authorization)
        result = staff.act_on_order(session, person, order_id, body)
        hub.committed(staff.queued_updates(session))
        return result

    @app.get(f"{API_PREFIX}/staff/sos", responses=ERRORS)
    def staff_sos(
        session: Db, open_only: bool = True, authorization: Authorization = None
    ) -> list[StaffSos]:
        auth.staff_for(session, authorization)
        return staff.list_sos(session, open_only)

    @app.post(f"{API_PREFIX}/staff/sos/{{sos_id}}/ack", responses=ERRORS)
    def staff_sos_ack(
        sos_id: Annotated[str, Path(pattern=UUID_PATTERN)],
        session: Db,
        authorization: Authorization = None,
    ) -> StaffSos:
        person = auth.staff_for(session, authorization)
        result = staff.acknowledge_sos(session, person, sos_id)
        hub.committed(staff.queued_updates(session))
        return result

    @app.post(f"{API_PREFIX}/staff/devices/{{device_id}}/revoke", responses=ERRORS)
    def staff_revoke(
        device_id: Annotated[str, Path(pattern=UUID_PATTERN)],
        session: Db,
        authorization: Authorization = None,
    ):
        import time

        auth.staff_for(session, authorization)
        device = session.get(Device, device_id)
        if device is None:
            raise staff.StaffError("not_found", f"No device {device_id}.", 404)
        device.revoked_at = device.revoked_at or time.time()
        session.commit()
        devices.forget(device_id)  # other processes: see auth.DeviceCache
        return {"device_id": device_id, "revoked": True}

    @app.get(f"{API_PREFIX}/catalog", responses=ERRORS)
    def get_catalog(session: Db, authorization: Authorization = None) -> CatalogDocument:
        auth.device_for(session, authorization, devices)
        row = session.scalar(
            select(CatalogVersion).order_by(CatalogVersion.version.desc()).limit(1)
        )
        if row is None:
            raise staff.StaffError("not_found", "The center has not published a catalog.", 404)
        return CatalogDocument(version=row.version, toml=row.toml)

    @app.put(f"{API_PREFIX}/staff/catalog", responses=ERRORS)
    def put_catalog(
        body: CatalogUpload, session: Db, authorization: Authorization = None
    ) -> CatalogDocument:
        import time
        import tomllib

        person = auth.staff_for(session, authorization)
        try:
            parsed = tomllib.loads(body.toml)
        except tomllib.TOMLDecodeError as exc:
            raise staff.StaffError(
                "bad_catalog", f"The catalog is not valid TOML: {exc}", 422
            ) from exc
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
        hub.committed(staff.queued_updates(session))
        return CatalogDocument(version=row.version, toml=row.toml)

    @app.post(f"{API_PREFIX}/staff/messages", responses=ERRORS)
    def post_message(
        body: StaffMessage, session: Db, authorization: Authorization = None
    ) -> dict[str, Any]:
        import time

        person = auth.staff_for(session, authorization)
        if body.device_id is not None and session.get(Device, body.device_id) is None:
            raise staff.StaffError("not_found", f"No device {body.device_id}.", 404)
        now = time.time()
        update = staff.queue_update(
            session,
            body.device_id,
            "message",
            {
                "text": body.text,
                "resident_card": body.resident_card,
                "from": person.name,
                "at": now,
            },
            now,
        )
        session.commit()
        hub.committed(staff.queued_updates(session))
        return {"seq": update.seq}

    @app.get(f"{API_PREFIX}/staff/events/rejected", responses=ERRORS)
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

    # Added last, so it runs first (after FastAPI's own error handling).
    app.add_middleware(
        KioskFastPath,
        events=events_answer,
        updates=updates_answer,
        error=lambda exc: _error(exc.status, exc.code, exc.message),
        max_body=settings.max_body_bytes,
        max_seq=MAX_SEQ,
        max_limit=MAX_PAGE,
    )
    return app
