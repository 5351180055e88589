"""The center server's HTTP and WebSocket API (FastAPI), assembled from one router per audience.

The routes are in server.routes (kiosk, updates socket, accounts, staff, residents, staff
socket, vitals); this module
opens the process's :class:`server.center.Center`, turns every failure into the same error body
(``sync.protocol.ErrorBody``), limits request bodies, refuses JSON that only a lenient
parser reads (server.strict_json), adds the security headers to every answer
(server.headers) and puts the kiosks' fast path (server.fastpath) in front. FastAPI's own
documentation pages, which load scripts from a CDN, are off; ``CENTER_API_DOCS=1`` serves a
plain one without scripts.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import AsyncIterator

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server import auth, headers, pricing, staff
from server.center import Center
from server.fastpath import KioskFastPath
from server.routes import accounts, kiosk, residents, staff_socket, updates, vitals, web
from server.routes import call_socket as call_socket_routes
from server.routes import calls as call_routes
from server.routes import family as family_routes
from server.routes import lessons as lesson_routes
from server.routes import privacy as privacy_routes
from server.routes import staff as staff_routes
from server.routes import tutorials as tutorial_routes
from server.routes import volunteering as volunteer_routes
from server.routes.common import MAX_PAGE, MAX_SEQ, error_response
from server.settings import Settings
from server.strict_json import StrictJson
from server.web import call_page, family_pages


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
                too_large = f"Bodies are limited to {self.limit} bytes."
                await error_response(413, "too_large", too_large)(scope, receive, send)
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


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(auth.AuthError)
    async def _auth_error(_: Request, exc: auth.AuthError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(pricing.CatalogProblems)
    async def _catalog_problems(_: Request, exc: pricing.CatalogProblems) -> JSONResponse:
        return error_response(422, "bad_catalog", str(exc))

    @app.exception_handler(staff.StaffError)
    async def _staff_error(_: Request, exc: staff.StaffError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # FastAPI reports any failure to read or parse a body as 400; a body that is too
        # large surfaces as our 413, and one that is not JSON (or not UTF-8) is invalid.
        codes = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}
        if exc.status_code == 400:
            return error_response(422, "invalid", "The request body is not valid JSON.")
        code = codes.get(exc.status_code, "http_error")
        return error_response(exc.status_code, code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()))
        return error_response(422, "invalid", f"{where}: {first.get('msg', 'invalid request')}")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    center = Center(settings)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await center.start()
        yield
        await center.stop()

    app = FastAPI(
        title="Community elder-care center server",
        version="1",
        lifespan=lifespan,
        description="Kiosks send their outbox events here and receive status updates back.",
        # FastAPI's OpenTelemetry hooks look for configured providers on every request; the
        # center configures none, so they are off rather than asked each time.
        telemetry={"tracing": False, "metrics": False, "logs": False},
        docs_url=None,
        redoc_url=None,
    )
    app.state.center = center
    app.state.sessions = center.sessions
    app.add_middleware(StrictJson)  # inside the body limit: it reads limited bodies
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    _add_error_handlers(app)
    if settings.api_docs:
        headers.add_docs_page(app)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(kiosk.router)
    app.include_router(updates.router)
    app.include_router(accounts.router)
    app.include_router(staff_routes.router)
    app.include_router(residents.router)
    app.include_router(staff_socket.router)
    app.include_router(vitals.router)
    app.include_router(vitals.fhir_router)
    app.include_router(tutorial_routes.router)
    app.include_router(lesson_routes.router)
    app.include_router(volunteer_routes.router)
    app.include_router(privacy_routes.router)
    app.include_router(family_routes.router)
    app.include_router(call_routes.router)
    app.include_router(call_socket_routes.router)
    app.include_router(web.router)  # the staff console's pages
    app.include_router(family_pages.router)  # the family's pages
    app.include_router(call_page.router)  # the video call page and the pages' /static/ files

    # Added last, so it runs first (after FastAPI's own error handling).
    app.add_middleware(
        KioskFastPath,
        events=functools.partial(kiosk.events_answer, center),
        updates=functools.partial(kiosk.updates_answer, center),
        error=lambda exc: error_response(exc.status, exc.code, exc.message),
        max_body=settings.max_body_bytes,
        max_seq=MAX_SEQ,
        max_limit=MAX_PAGE,
    )
    # Outermost: the fast path's answers get the headers too.
    app.add_middleware(headers.SecurityHeaders)
    return app
