"""What every router uses: error answers, the database session, the process's Center."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Header
from fastapi.requests import HTTPConnection, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from server.center import Center
from sync.protocol import ErrorBody

MAX_SEQ = 2**63 - 1
MAX_PAGE = 500
UUID_PATTERN = r"^[0-9a-fA-F-]{36}$"
# The refusals every API route may answer with, for the OpenAPI document.
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


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """Every 4xx/5xx answer: ``ErrorBody`` as JSON."""
    return JSONResponse(
        ErrorBody(code=code, message=message).model_dump(), status_code=status, headers=headers
    )


def json_response(content: bytes) -> Response:
    """JSON made already (so FastAPI does not validate the answer a second time)."""
    return Response(content, media_type="application/json")


def _session(request: Request) -> Iterator[Session]:
    with request.app.state.center.sessions() as session:
        yield session


async def _center(connection: HTTPConnection) -> Center:
    # A coroutine, so FastAPI calls it on the event loop rather than in a worker thread.
    center: Center = connection.app.state.center
    return center


Db = Annotated[Session, Depends(_session)]
CenterDep = Annotated[Center, Depends(_center)]
Authorization = Annotated[str | None, Header()]
