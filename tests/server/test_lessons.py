"""An administrator publishes a lesson to the kiosks (``POST /staff/lessons``, zipped or as
JSON): the center checks it as kiosks do, keeps each version once, records it in the audit
trail and queues one ``lesson.published`` update; kiosks fetch it with their token. And the
refusals: a broken lesson (naming file, step and field), paths outside the folder, sizes
over the bounds, other files, someone who is not an administrator, an older or reused
version."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from httpx import Response
from sqlalchemy import select

from app.tutorials import SHIPPED_LESSONS
from server.models import Update
from tests.helpers.center_app import CenterApp, running_center
from tests.helpers.lesson_uploads import (
    ZIP_HEADERS,
    as_json,
    folder_files,
    small_lesson_files,
    zipped,
)
from tests.helpers.tutorials import SMALL_LESSON

LESSONS = "/api/v1/staff/lessons"


@pytest.fixture
def center_app(tmp_path: Path) -> Iterator[CenterApp]:
    with running_center(tmp_path) as app:
        yield app


def publish_zip(app: CenterApp, data: bytes, role: str | None = None) -> Response:
    headers = {**app.token("Admin Li" if role is None else f"Staff {role}", role), **ZIP_HEADERS}
    return app.client.post(LESSONS, content=data, headers=headers)


def updates_of(app: CenterApp) -> list[dict[str, object]]:
    with app.center.sessions() as session:
        rows = session.scalars(
            select(Update).where(Update.kind == "lesson.published").order_by(Update.seq)
        )
        return [json.loads(row.payload) for row in rows]  # opened (stored sealed)


def test_a_zipped_folder_is_checked_kept_audited_and_announced(center_app: CenterApp) -> None:
    files = folder_files(SHIPPED_LESSONS / "scan_to_pay")
    files["lesson.toml"] = files["lesson.toml"].replace(b"version = 1", b"version = 2", 1)
    answer = publish_zip(center_app, zipped(files, top="scan_to_pay"))
    assert answer.status_code == 200, answer.text
    receipt = answer.json()
    assert (receipt["lesson_id"], receipt["version"], receipt["repeated"]) == (
        "scan_to_pay",
        2,
        False,
    )
    assert receipt["steps"] == 7 and receipt["published_by"] == "Admin Li"
    assert updates_of(center_app) == [{"lesson_id": "scan_to_pay", "version": 2}]
    action = center_app.scalar("SELECT action FROM audit_log WHERE target = 'lesson:scan_to_pay'")
    assert action == "lesson.publish"

    _, kiosk = center_app.kiosk()
    fetched = center_app.client.get("/api/v1/lessons/scan_to_pay", headers=kiosk)
    assert fetched.status_code == 200, fetched.text
    body = fetched.json()
    assert body["version"] == 2 and body["digest"] == receipt["digest"]
    assert body["toml"] == files["lesson.toml"].decode()
    assert body["files"]["03_scan.svg"] == files["03_scan.svg"].decode()


def test_json_and_zip_of_the_same_version_are_published_once(center_app: CenterApp) -> None:
    files = small_lesson_files()
    first = center_app.client.post(LESSONS, json=as_json(files), headers=center_app.token())
    assert first.status_code == 200, first.text
    again = publish_zip(center_app, zipped(files))
    assert again.status_code == 200, again.text
    assert again.json()["repeated"] is True
    assert again.json()["digest"] == first.json()["digest"]
    assert len(updates_of(center_app)) == 1
    assert center_app.scalar("SELECT COUNT(*) FROM published_lessons") == 1
    assert center_app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'lesson.publish'") == 1


def test_a_reused_or_older_version_is_refused(center_app: CenterApp) -> None:
    assert publish_zip(center_app, zipped(small_lesson_files(version=2))).status_code == 200
    changed = small_lesson_files(version=2)
    changed["lesson.toml"] = changed["lesson.toml"].replace("做得好".encode(), "很好".encode())
    reused = publish_zip(center_app, zipped(changed))
    assert reused.status_code == 409
    assert reused.json()["code"] == "version_taken"
    older = publish_zip(center_app, zipped(small_lesson_files(version=1)))
    assert older.status_code == 409
    assert "version 2" in older.json()["message"]
    assert len(updates_of(center_app)) == 1


def test_a_broken_lesson_is_refused_naming_file_step_and_field(center_app: CenterApp) -> None:
    files = small_lesson_files()
    files["lesson.toml"] = files["lesson.toml"].replace(b"w = 80", b"w = 800")
    answer = publish_zip(center_app, zipped(files))
    assert answer.status_code == 422
    body = answer.json()
    assert body["code"] == "bad_lesson"
    assert "upload.zip/lesson.toml, step 1, highlight" in body["message"]
    assert "outside the picture 'one.svg'" in body["message"]
    assert updates_of(center_app) == []
    assert center_app.scalar("SELECT COUNT(*) FROM published_lessons") == 0


def test_a_missing_picture_and_a_missing_translation_are_named(center_app: CenterApp) -> None:
    files = small_lesson_files()
    del files["one.svg"]
    files["lesson.toml"] = files["lesson.toml"].replace(b', en_US = "Well done."', b"")
    message = publish_zip(center_app, zipped(files)).json()["message"]
    assert "step 1, image: the picture 'one.svg' is missing" in message
    assert "step 2, text.en_US: missing" in message


@pytest.mark.parametrize(
    "name",
    ["../one_tap/evil.svg", "/etc/evil.svg", "one_tap/../../evil.svg", "a\\..\\evil.svg"],
)
def test_a_path_outside_the_folder_is_refused(center_app: CenterApp, name: str) -> None:
    files = small_lesson_files()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for file_name, data in files.items():
            archive.writestr(file_name, data)
        archive.writestr(name, b"<svg/>")
    answer = publish_zip(center_app, buffer.getvalue())
    assert answer.status_code == 422
    assert answer.json()["code"] == "bad_path"


def test_sizes_over_the_bounds_are_refused(center_app: CenterApp) -> None:
    files = small_lesson_files()
    # Compresses to almost nothing: the bound is on what it unpacks to.
    files["big.svg"] = PICTURE_OVER_LIMIT
    answer = publish_zip(center_app, zipped(files))
    assert (answer.status_code, answer.json()["code"]) == (422, "too_large")
    many = small_lesson_files()
    many.update({f"p{n}.svg": b"<svg/>" for n in range(101)})
    answer = publish_zip(center_app, zipped(many))
    assert (answer.status_code, answer.json()["code"]) == (422, "too_many_files")
    huge = publish_zip(center_app, b"PK" + bytes(2_000_000))
    assert huge.status_code == 413


PICTURE_OVER_LIMIT = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">' + b" " * 200_001


def test_other_files_and_unreadable_archives_are_refused(center_app: CenterApp) -> None:
    files = small_lesson_files()
    files["notes.txt"] = b"draft"
    answer = publish_zip(center_app, zipped(files))
    assert answer.json()["code"] == "not_a_lesson" and "notes.txt" in answer.json()["message"]
    assert publish_zip(center_app, b"not a zip at all").json()["code"] == "bad_zip"
    no_toml = small_lesson_files()
    del no_toml["lesson.toml"]
    assert "no lesson.toml" in publish_zip(center_app, zipped(no_toml)).json()["message"]
    # What a Mac adds to an archive is no part of the lesson and is not refused.
    files = small_lesson_files()
    files[".DS_Store"] = b"\x00\x01"
    assert publish_zip(center_app, zipped(files, top="one_tap")).status_code == 200


def test_bad_json_and_other_content_types_are_refused(center_app: CenterApp) -> None:
    headers = center_app.token()
    bad = center_app.client.post(LESSONS, json={"toml": "", "files": {}}, headers=headers)
    assert (bad.status_code, bad.json()["code"]) == (422, "invalid")
    outside = center_app.client.post(
        LESSONS,
        json={"toml": SMALL_LESSON, "files": {"../x.svg": "<svg/>"}},
        headers=headers,
    )
    assert outside.status_code == 422
    plain = center_app.client.post(
        LESSONS, content=b"id = 1", headers={**headers, "Content-Type": "text/plain"}
    )
    assert (plain.status_code, plain.json()["code"]) == (415, "unsupported_type")


@pytest.mark.parametrize("role", ["dispatcher", "nurse", "volunteer"])
def test_only_an_administrator_publishes(center_app: CenterApp, role: str) -> None:
    answer = publish_zip(center_app, zipped(small_lesson_files()), role=role)
    assert answer.status_code == 403
    assert "may not publish a lesson" in answer.json()["message"]
    assert center_app.scalar("SELECT COUNT(*) FROM published_lessons") == 0


def test_kiosks_fetch_with_their_token_only(center_app: CenterApp) -> None:
    publish_zip(center_app, zipped(small_lesson_files()))
    assert center_app.client.get("/api/v1/lessons/one_tap").status_code == 401
    _, kiosk = center_app.kiosk()
    missing = center_app.client.get("/api/v1/lessons/no_such_lesson", headers=kiosk)
    assert missing.status_code == 404
    listed = center_app.client.get(LESSONS, headers=center_app.token())
    assert [r["lesson_id"] for r in listed.json()] == ["one_tap"]
