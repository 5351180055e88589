"""Lessons published to kiosks (server.lessons): administrators publish a lesson folder
(``POST /staff/lessons``, a .zip of it or JSON), staff see what is published
(``GET /staff/lessons``), and kiosks fetch the newest version of one with their device
token (``GET /lessons/{lesson_id}``) when a ``lesson.published`` update tells them to."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from pydantic import ValidationError

from server import auth, lessons, staff
from server.models import Staff
from server.routes.common import ERRORS, Authorization, CenterDep, Db
from server.routes.permissions import allowed
from sync.protocol import (
    API_PREFIX,
    LESSON_ID_PATTERN,
    LessonReceipt,
    LessonUpload,
    PublishedLesson,
)

router = APIRouter(prefix=API_PREFIX, responses=ERRORS)
ZIP_TYPES = ("application/zip", "application/x-zip-compressed", "application/octet-stream")


async def _body(request: Request) -> tuple[str, bytes]:
    """(content type, the raw body): read here so the route can run in a worker thread."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return kind, await request.body()


RawBody = Annotated[tuple[str, bytes], Depends(_body)]

_UPLOAD_SCHEMA = {
    "requestBody": {
        "required": True,
        "content": {
            "application/zip": {"schema": {"type": "string", "format": "binary"}},
            "application/json": {"schema": LessonUpload.model_json_schema()},
        },
    }
}


def _upload(kind: str, body: bytes) -> tuple[str, dict[str, bytes], str]:
    """(lesson.toml, pictures, what problems call the lesson file) of either kind of body."""
    if kind in ZIP_TYPES:
        toml, files = lessons.read_zip(body)
        return toml, files, "upload.zip/lesson.toml"
    if kind != "application/json":
        raise staff.StaffError(
            "unsupported_type",
            "Send the lesson folder as a .zip (Content-Type: application/zip) or as JSON"
            " with its lesson.toml and pictures (application/json).",
            415,
        )
    try:
        upload = LessonUpload.model_validate_json(body)
    except ValidationError as exc:
        errors = exc.errors()
        where = ".".join(str(x) for x in errors[0]["loc"]) if errors else ""
        what = errors[0]["msg"] if errors else "not a lesson upload"
        message = f"{where}: {what}" if where else what
        raise staff.StaffError("invalid", message, 422) from exc
    toml, files = lessons.from_json(upload)
    return toml, files, "lesson.toml"


@router.post("/staff/lessons", openapi_extra=_UPLOAD_SCHEMA)
def publish_lesson(
    person: Annotated[Staff, allowed("lessons.publish")],
    raw: RawBody,
    session: Db,
    center: CenterDep,
) -> LessonReceipt:
    """Check a lesson folder as kiosks do, keep this version and send it to every kiosk.
    A lesson with problems is refused (422) naming each one's file, step and field; the
    same version published again is answered as the first time (``repeated``), and sent
    to nobody again; another lesson under a version already published is refused (409)."""
    toml, files, source = _upload(*raw)
    receipt = lessons.publish(session, person.name, toml, files, source)
    session.commit()
    if not receipt.repeated:
        center.hub.committed(staff.queued_updates(session))
    return receipt


@router.get("/staff/lessons")
def list_lessons(
    person: Annotated[Staff, allowed("tutorials.read")], session: Db
) -> list[LessonReceipt]:
    """The newest published version of every lesson the center publishes."""
    return lessons.published(session)


@router.get("/lessons/{lesson_id}")
def get_lesson(
    lesson_id: Annotated[str, Path(pattern=LESSON_ID_PATTERN)],
    session: Db,
    center: CenterDep,
    authorization: Authorization = None,
) -> PublishedLesson:
    """The newest published version of a lesson, for enrolled kiosks (device token)."""
    auth.device_for(session, authorization, center.devices)
    found = lessons.newest(session, lesson_id)
    if found is None:
        raise staff.StaffError("not_found", f"The center publishes no lesson '{lesson_id}'.", 404)
    return found
