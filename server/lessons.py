"""Lessons the center publishes to kiosks: checking an upload, keeping each version, and
telling every kiosk.

An administrator sends a lesson folder, as a .zip or as JSON (its lesson.toml and SVG
pictures). The upload is bounded before anything is parsed (the archive, each file, the
number of files, no path outside the folder), then checked by the same rules kiosks load
lessons by (``app.tutorials.schema.lesson_from_toml``, pure: text and bytes in, a lesson
or every problem out), so what the center accepts every kiosk can show. Each version is
kept (``published_lessons``), recorded in the audit trail, and announced by a
``lesson.published`` update; kiosks fetch the newest version with their device token.
Publishing the very same version again changes nothing and sends nothing (exactly once);
the same version number with other content, or an older one, is refused.
"""

from __future__ import annotations

import hashlib
import io
import json
import stat
import time
import zipfile
import zlib
from collections.abc import Mapping
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server import audit, staff
from server.staff import StaffError
from sync.protocol import (
    MAX_LESSON_PICTURE_CHARS,
    MAX_LESSON_PICTURES,
    MAX_LESSON_TOML_CHARS,
    LessonReceipt,
    LessonUpload,
    PublishedLesson,
)

LESSON_FILE = "lesson.toml"
# A lesson of twenty steps with hand-drawn pictures is a few hundred kilobytes unpacked;
# these bounds leave room for that and keep a hostile archive from filling memory.
MAX_ZIP_BYTES = 1_000_000
MAX_UNPACKED_BYTES = 4_000_000
MAX_TOML_BYTES = MAX_LESSON_TOML_CHARS
MAX_PICTURE_BYTES = MAX_LESSON_PICTURE_CHARS
UPDATE_KIND = "lesson.published"
_SYMLINK = 0o120000


def _refused(code: str, message: str, status: int = 422) -> StaffError:
    return StaffError(code, message, status)


# -- reading an upload -----------------------------------------------------------------------


def _safe_parts(name: str) -> list[str]:
    """The path of an archive entry in parts; refused if it could lead outside the folder."""
    if "\\" in name or name.startswith("/") or ":" in name.split("/")[0] or "\x00" in name:
        raise _refused("bad_path", f"'{name[:100]}' is not a path inside the lesson folder.")
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise _refused(
            "bad_path", f"'{name[:100]}' points outside the lesson folder ('..' is refused)."
        )
    return parts


def _ignored(parts: list[str]) -> bool:
    # What desktop archivers add on their own: macOS's resource forks and hidden files.
    return parts[0] == "__MACOSX" or parts[-1].startswith(".")


def _entries(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The archive's files by name within the lesson folder (one top folder is allowed:
    zipping a folder puts it there)."""
    found: list[tuple[list[str], zipfile.ZipInfo]] = []
    for info in archive.infolist():
        parts = _safe_parts(info.filename)
        if stat.S_IFMT(info.external_attr >> 16) == _SYMLINK:
            raise _refused("bad_path", f"'{info.filename[:100]}' is a link; send the file itself.")
        if info.is_dir() or not parts or _ignored(parts):
            continue
        found.append((parts, info))
    if len(found) > MAX_LESSON_PICTURES + 1:
        raise _refused(
            "too_many_files",
            f"The archive holds {len(found)} files; a lesson has its lesson.toml and at most"
            f" {MAX_LESSON_PICTURES} pictures.",
        )
    tops = {parts[0] for parts, _ in found if len(parts) > 1}
    if len(tops) == 1 and all(len(parts) == 2 for parts, _ in found):
        found = [(parts[1:], info) for parts, info in found]
    entries: dict[str, zipfile.ZipInfo] = {}
    for parts, info in found:
        if len(parts) != 1:
            raise _refused(
                "bad_path",
                f"'{info.filename[:100]}' is in a subfolder; a lesson's files lie in its"
                " folder itself.",
            )
        if parts[0] in entries:
            raise _refused("bad_path", f"'{parts[0][:100]}' is in the archive twice.")
        entries[parts[0]] = info
    return entries


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, limit: int) -> bytes:
    too_big = _refused("too_large", f"'{name[:100]}' is over {limit} bytes.")
    if info.file_size > limit:
        raise too_big
    with archive.open(info) as handle:
        data = handle.read(limit + 1)  # the declared size may lie: read no more than allowed
    if len(data) > limit:
        raise too_big
    return data


def read_zip(data: bytes) -> tuple[str, dict[str, bytes]]:
    """(lesson.toml's text, the pictures by name) of a zipped lesson folder; refuses what
    is too big, unreadable, outside the folder or not part of a lesson."""
    if len(data) > MAX_ZIP_BYTES:
        too_big = f"The archive is {len(data)} bytes; a lesson may have {MAX_ZIP_BYTES}."
        raise _refused("too_large", too_big, 413)
    files: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = _entries(archive)
            others = sorted(n for n in entries if n != LESSON_FILE and not n.endswith(".svg"))
            if others:
                raise _refused(
                    "not_a_lesson",
                    f"Only lesson.toml and .svg pictures belong in a lesson; remove"
                    f" {', '.join(o[:100] for o in others[:5])}.",
                )
            unpacked = 0
            for name, info in entries.items():
                limit = MAX_TOML_BYTES if name == LESSON_FILE else MAX_PICTURE_BYTES
                files[name] = _read_entry(archive, info, name, limit)
                unpacked += len(files[name])
                if unpacked > MAX_UNPACKED_BYTES:
                    raise _refused(
                        "too_large", f"The lesson unpacks to over {MAX_UNPACKED_BYTES} bytes."
                    )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error) as exc:
        raise _refused("bad_zip", f"The archive cannot be read: {exc}") from exc
    except (RuntimeError, NotImplementedError) as exc:  # encrypted, or an unknown method
        raise _refused("bad_zip", f"The archive cannot be unpacked: {exc}") from exc
    raw = files.pop(LESSON_FILE, None)
    if raw is None:
        raise _refused("not_a_lesson", "The archive has no lesson.toml.")
    pictures = {name: _checked_utf8(data, name) for name, data in files.items()}
    return _text(raw, LESSON_FILE), pictures


def _text(data: bytes, name: str) -> str:
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _refused("not_a_lesson", f"'{name[:100]}' is not UTF-8 text.") from exc
    if "\x00" in decoded:
        raise _refused("not_a_lesson", f"'{name[:100]}' holds a NUL character.")
    return decoded


def _checked_utf8(data: bytes, name: str) -> bytes:
    _text(data, name)  # kiosks receive pictures as text
    return data


def from_json(upload: LessonUpload) -> tuple[str, dict[str, bytes]]:
    """(lesson.toml's text, the pictures by name) of a JSON upload (bounded by its model)."""
    return upload.toml, {name: svg.encode("utf-8") for name, svg in upload.files.items()}


# -- checking and keeping ----------------------------------------------------------------------


def check(toml: str, files: Mapping[str, bytes], source: str) -> Any:
    """The lesson, checked as kiosks check it; 422 naming every problem's file, step and
    field otherwise."""
    from app.tutorials.model import LessonError
    from app.tutorials.schema import lesson_from_toml

    try:
        return lesson_from_toml(toml, files, source=source)
    except LessonError as exc:
        shown = "; ".join(str(problem) for problem in exc.problems[:20])
        more = len(exc.problems) - 20
        if more > 0:
            shown += f"; and {more} more"
        raise _refused("bad_lesson", f"The lesson cannot be published: {shown}") from exc


def digest_of(toml: str, pictures: Mapping[str, str]) -> str:
    """SHA-256 of a lesson folder's files, the same for the same content however sent."""
    folder = {LESSON_FILE: toml, **pictures}
    return hashlib.sha256(
        json.dumps(folder, ensure_ascii=False, sort_keys=True).encode("utf-8")
    ).hexdigest()


_COLUMNS = "lesson_id, version, toml, files, digest, steps, published_by, published_at"


def _receipt(row: Any, repeated: bool = False) -> LessonReceipt:
    return LessonReceipt(
        lesson_id=row.lesson_id,
        version=row.version,
        digest=row.digest,
        steps=row.steps,
        pictures=len(json.loads(row.files)),
        published_by=row.published_by,
        published_at=row.published_at,
        repeated=repeated,
    )


def _row(session: Session, lesson_id: str, version: int | None = None) -> Any:
    """A version of a lesson, or its newest (``version`` None)."""
    if version is None:
        query = f"SELECT {_COLUMNS} FROM published_lessons WHERE lesson_id = :id"
        query += " ORDER BY version DESC LIMIT 1"
        return session.execute(text(query), {"id": lesson_id}).first()
    return session.execute(
        text(f"SELECT {_COLUMNS} FROM published_lessons WHERE lesson_id = :id AND version = :v"),
        {"id": lesson_id, "v": version},
    ).first()


def _known(session: Session, lesson: Any, digest: str) -> LessonReceipt | None:
    """The receipt of this very version if it was published already; refuses the same
    version with other content and an older version than the center's newest."""
    same = _row(session, lesson.id, lesson.version)
    if same is not None:
        if same.digest == digest:
            return _receipt(same, repeated=True)
        raise _refused(
            "version_taken",
            f"Version {lesson.version} of lesson '{lesson.id}' was published with other"
            " content; raise the version in lesson.toml to publish this one.",
            409,
        )
    newest = _row(session, lesson.id)
    if newest is not None and newest.version > lesson.version:
        raise _refused(
            "older_version",
            f"The center already publishes version {newest.version} of lesson '{lesson.id}';"
            f" this one is version {lesson.version}. Raise it above {newest.version}.",
            409,
        )
    return None


def publish(
    session: Session,
    actor: str,
    toml: str,
    files: Mapping[str, bytes],
    source: str,
    now: float | None = None,
) -> LessonReceipt:
    """Check a lesson, keep it, record it in the audit trail and queue its update to every
    kiosk, in the session's transaction (the caller commits and wakes the push hub)."""
    now = time.time() if now is None else now
    lesson = check(toml, files, source)
    pictures = {name: lesson.images[name].decode("utf-8") for name in sorted(lesson.images)}
    digest = digest_of(toml, pictures)
    staff.serialize_updates(session)  # one publication at a time on PostgreSQL
    known = _known(session, lesson, digest)
    if known is not None:
        return known
    previous = _row(session, lesson.id)
    values = {
        "lesson_id": lesson.id,
        "version": lesson.version,
        "toml": toml,
        "files": json.dumps(pictures, ensure_ascii=False),
        "digest": digest,
        "steps": len(lesson.steps),
        "published_by": actor[:100],
        "published_at": now,
    }
    try:
        with session.begin_nested():
            session.execute(
                text(
                    f"INSERT INTO published_lessons ({_COLUMNS}) VALUES (:lesson_id, :version,"
                    " :toml, :files, :digest, :steps, :published_by, :published_at)"
                ),
                values,
            )
    except IntegrityError:
        # Another publication of this version committed first (SQLite, two processes).
        known = _known(session, lesson, digest)
        if known is not None:
            return known
        raise
    audit.record(
        session,
        f"staff:{actor}",
        "lesson.publish",
        f"lesson:{lesson.id}",
        None if previous is None else {"version": previous.version, "digest": previous.digest},
        {
            "version": lesson.version,
            "digest": digest,
            "steps": len(lesson.steps),
            "pictures": sorted(pictures),
        },
        now,
    )
    staff.queue_update(
        session, None, UPDATE_KIND, {"lesson_id": lesson.id, "version": lesson.version}, now
    )
    return LessonReceipt(
        lesson_id=lesson.id,
        version=lesson.version,
        digest=digest,
        steps=len(lesson.steps),
        pictures=len(pictures),
        published_by=actor[:100],
        published_at=now,
    )


def newest(session: Session, lesson_id: str) -> PublishedLesson | None:
    """The newest published version of a lesson, as kiosks fetch it."""
    row = _row(session, lesson_id)
    if row is None:
        return None
    return PublishedLesson(
        lesson_id=row.lesson_id,
        version=row.version,
        toml=row.toml,
        files=json.loads(row.files),
        digest=row.digest,
    )


def published(session: Session) -> list[LessonReceipt]:
    """The newest version of every published lesson, by id."""
    rows = session.execute(
        text(
            f"SELECT {_COLUMNS} FROM published_lessons p WHERE version ="
            " (SELECT MAX(version) FROM published_lessons q WHERE q.lesson_id = p.lesson_id)"
            " ORDER BY lesson_id"
        )
    )
    return [_receipt(row) for row in rows]
