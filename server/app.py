"""The center server's HTTP and WebSocket API (FastAPI)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
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
from fastapi.responses import JSONResponse
from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server import auth, staff
from server.db import make_engine, migrate, session_factory
from server.ingest import ingest
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
MAX_SEQ = 2**63 - 1
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
    engine = make_engine(settings.database_url)
    migrate(engine)
    sessions = session_factory(engine)
    hub = PushHub(sessions, settings.poll_interval_s)
    ingest_slots = threading.BoundedSemaphore(MAX_CONCURRENT_INGEST)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI):
        await hub.start()
        yield
        await hub.stop()
        engine.dispose()

    app = FastAPI(
        title="Community elder-care center server",
        version="1",
        lifespan=lifespan,
        description="Kiosks send their outbox events here and receive status updates back.",
    )
    app.state.sessions = sessions
    app.state.hub = hub
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

    @app.post(f"{API_PREFIX}/events", responses=ERRORS)
    def post_events(body: EventBatch, session: Db, authorization: Authorization = None):
        device = auth.device_for(session, authorization)
        if not ingest_slots.acquire(blocking=False):
            # Give the connection back now, not after the answer is sent: under overload,
            # sessions held that long exhaust the pool and everything stalls.
            session.close()
            return _error(
                429, "busy", "The center is busy; try again shortly.", {"Retry-After": "1"}
            )
        try:
            return BatchResult(results=ingest(session, device, body))
        finally:
            session.close()
            ingest_slots.release()

    def _page(session: Session, device: Device, since: int, limit: int) -> UpdatesPage:
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

    @app.get(f"{API_PREFIX}/updates", responses=ERRORS)
    def get_updates(
        session: Db,
        since: Annotated[int, Query(ge=0, le=MAX_SEQ)] = 0,
        limit: Annotated[int, Query(ge=1, le=500)] = 200,
        authorization: Authorization = None,
    ) -> UpdatesPage:
        device = auth.device_for(session, authorization)
        try:
            return _page(session, device, since, limit)
        finally:
            session.close()  # see post_events

    @app.websocket(f"{API_PREFIX}/updates/ws")
    async def updates_ws(websocket: WebSocket) -> None:
        def check() -> Device:
            with sessions() as session:
                return auth.device_for(session, websocket.headers.get("authorization"))

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
                    with sessions() as session:
                        return _page(session, device, since, 200)

                page = await asyncio.to_thread(read)
                if page.updates:
                    await websocket.send_text(page.model_dump_json())
                    cursor = page.cursor
                    if page.more:
                        continue
                wake.clear()
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
        hub.notify()
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
        hub.notify()
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
        return {"device_id": device_id, "revoked": True}

    @app.get(f"{API_PREFIX}/catalog", responses=ERRORS)
    def get_catalog(session: Db, authorization: Authorization = None) -> CatalogDocument:
        auth.device_for(session, authorization)
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
        hub.notify()
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
        hub.notify()
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

    return app
