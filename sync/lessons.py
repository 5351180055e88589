"""Lessons the center published, fetched and written into this kiosk's lessons folder.

When a ``lesson.published`` update arrives, the update listener (a worker thread, never the
UI's) calls :func:`install_published`: each lesson is fetched with the device token
(``GET /lessons/{id}``), its digest compared, and checked by the same rules the kiosk loads
lessons by, before anything is written. It is written into a hidden folder (which the loader
skips), every file flushed to disk, then renamed in one step to ``<id>.v<version>``, so a
half-written lesson is never loaded; older published versions of it are then removed. A
damaged or broken lesson is left out with a log line and the lessons already there stay.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import uuid
from collections.abc import Mapping
from pathlib import Path

from app.delivery import lessons_fetched, pending_lessons
from app.store import Store, StoreError
from app.tutorials import Lesson, LessonError, lesson_from_toml
from app.tutorials.library import read_lesson_folder
from app.tutorials.schema import LESSON_FILE
from sync.client import BadAnswer, CenterClient, Refused, SyncError
from sync.protocol import PublishedLesson

log = logging.getLogger(__name__)
_PUBLISHED_FOLDER = re.compile(r"^(?P<id>[a-z][a-z0-9_]{0,63})\.v(?P<version>[0-9]{1,9})$")


class DamagedLesson(ValueError):
    """A published lesson that arrived different from what the center keeps."""


def fetch_lesson(client: CenterClient, lesson_id: str) -> PublishedLesson:
    """The newest published version of a lesson. Raises sync.client errors: Retryable,
    Refused, BadAnswer (not the protocol, or another lesson than asked for)."""
    data = client._request("GET", f"/lessons/{lesson_id}")
    try:
        document = PublishedLesson.model_validate(data)
    except ValueError as exc:
        raise BadAnswer(f"the center's lesson does not follow the protocol: {exc}") from exc
    if document.lesson_id != lesson_id:
        raise BadAnswer(f"the center answered with lesson {document.lesson_id} for {lesson_id}")
    return document


def folder_name(lesson_id: str, version: int) -> str:
    """The folder a published lesson lives in, in the kiosk's lessons folder."""
    return f"{lesson_id}.v{version}"


def _digest(document: PublishedLesson) -> str:
    # The center's server.lessons.digest_of, which the kiosk may not import: the same JSON.
    import hashlib
    import json

    folder = {LESSON_FILE: document.toml, **document.files}
    return hashlib.sha256(
        json.dumps(folder, ensure_ascii=False, sort_keys=True).encode("utf-8")
    ).hexdigest()


def checked_lesson(document: PublishedLesson) -> Lesson:
    """The lesson a download holds, checked; raises :class:`DamagedLesson` or
    :class:`LessonError` saying what is wrong."""
    if _digest(document) != document.digest:
        raise DamagedLesson(f"lesson {document.lesson_id} arrived damaged (its digest differs)")
    source = f"center:{document.lesson_id} v{document.version}/{LESSON_FILE}"
    files = {name: svg.encode("utf-8") for name, svg in document.files.items()}
    lesson = lesson_from_toml(document.toml, files, source=source)
    if lesson.id != document.lesson_id or lesson.version != document.version:
        raise DamagedLesson(
            f"lesson {document.lesson_id} v{document.version} holds {lesson.id} v{lesson.version}"
        )
    return lesson


def _write_synced(path: Path, data: bytes) -> None:
    with path.open("xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # a system without folder handles (Windows): the rename is what counts
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _installed_versions(lessons_dir: Path, lesson_id: str) -> dict[int, Path]:
    found: dict[int, Path] = {}
    try:
        entries = list(lessons_dir.iterdir())
    except FileNotFoundError:
        return found
    for entry in entries:
        match = _PUBLISHED_FOLDER.match(entry.name)
        if match and match["id"] == lesson_id and entry.is_dir():
            found[int(match["version"])] = entry
    return found


def install_lesson(document: PublishedLesson, lessons_dir: Path) -> Path:
    """Check a downloaded lesson and write it into ``lessons_dir`` atomically; its folder.
    Raises :class:`DamagedLesson`, :class:`LessonError` (nothing written) or OSError."""
    lesson = checked_lesson(document)
    target = lessons_dir / folder_name(lesson.id, lesson.version)
    installed = _installed_versions(lessons_dir, lesson.id)
    if lesson.version in installed:
        return installed[lesson.version]  # already here: once is enough
    lessons_dir.mkdir(parents=True, exist_ok=True)
    incoming = lessons_dir / f".incoming-{lesson.id}-{uuid.uuid4().hex}"
    incoming.mkdir()
    try:
        _write_synced(incoming / LESSON_FILE, document.toml.encode("utf-8"))
        for name, data in lesson.images.items():
            _write_synced(incoming / name, bytes(data))
        _sync_folder(incoming)
        incoming.rename(target)
    except BaseException:
        shutil.rmtree(incoming, ignore_errors=True)
        raise
    _sync_folder(lessons_dir)
    for version, older in installed.items():
        if version < lesson.version:
            shutil.rmtree(older, ignore_errors=True)
    return target


def install_published(client: CenterClient, store: Store, lessons_dir: Path) -> list[str]:
    """Fetch and install every lesson noted as published (app.delivery.pending_lessons);
    the ids installed. A lesson the center cannot be reached for stays noted for the next
    try; a damaged or broken one is given up with a log line. Never raises for a lesson."""
    try:
        pending = pending_lessons(store)
    except StoreError as exc:
        log.warning("the lessons to fetch could not be read: %s", exc)
        return []
    installed: list[str] = []
    done: dict[str, int] = {}
    for lesson_id, version in sorted(pending.items()):
        try:
            document = fetch_lesson(client, lesson_id)
            folder = install_lesson(document, lessons_dir)
            read_lesson_folder(folder)  # what the library will load, read back once
        except (DamagedLesson, LessonError, BadAnswer) as exc:
            log.error("the center's lesson %s was not used: %s", lesson_id, exc)
            done[lesson_id] = version
            continue
        except (Refused, SyncError) as exc:
            log.warning("lesson %s could not be fetched now: %s", lesson_id, exc)
            continue
        except OSError as exc:
            log.error("lesson %s could not be written into %s: %s", lesson_id, lessons_dir, exc)
            continue
        log.info("lesson %s v%s from the center is in %s", lesson_id, document.version, folder)
        installed.append(lesson_id)
        done[lesson_id] = version
    if done:
        try:
            lessons_fetched(store, done)
        except StoreError as exc:
            log.warning("the fetched lessons could not be noted: %s", exc)
    return installed


def installed_versions(lessons_dir: Path) -> Mapping[str, int]:
    """Published lessons in ``lessons_dir``: id -> the newest version written there."""
    found: dict[str, int] = {}
    try:
        entries = list(lessons_dir.iterdir())
    except OSError:
        return found
    for entry in entries:
        match = _PUBLISHED_FOLDER.match(entry.name)
        if match:
            found[match["id"]] = max(found.get(match["id"], 0), int(match["version"]))
    return found
