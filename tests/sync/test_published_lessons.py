"""A lesson the center publishes reaches a kiosk: through the real sync threads to the
kiosk's lessons folder and its library, once, replacing the shipped version. And on the
kiosk: a damaged or broken download is left out with a log line and the lessons already
there stay, a lesson that could not be fetched stays noted for the next try, and a
half-written folder is never where the library looks."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import pytest
import requests

from app.delivery import apply_updates, pending_lessons
from app.store import Store
from app.tutorials import SHIPPED_LESSONS, load_lessons
from sync.client import CenterClient, Retryable
from sync.lessons import folder_name, install_published
from sync.protocol import PublishedLesson
from tests.helpers.center import HTTP_TIMEOUT, EnrolledKiosk, SyncThreads
from tests.helpers.lesson_uploads import ZIP_HEADERS, folder_files, small_lesson_files, zipped

# -- through a real center process and the sync threads -------------------------------------


def publish(kiosk: EnrolledKiosk, data: bytes) -> dict[str, Any]:
    center = kiosk.center
    answer = requests.post(
        center.api + "/staff/lessons",
        data=data,
        headers={"Authorization": f"Bearer {center.staff_token()}", **ZIP_HEADERS},
        timeout=HTTP_TIMEOUT,
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


@pytest.mark.slow  # a center server process
def test_a_published_lesson_reaches_the_kiosks_library(
    enrolled_kiosk: EnrolledKiosk, sync_threads: Callable[..., SyncThreads], tmp_path: Path
) -> None:
    kiosk = enrolled_kiosk
    lessons_dir = tmp_path / "data" / "tutorials"
    threads = sync_threads(kiosk.store, kiosk.client, lessons_dir=lessons_dir)
    files = folder_files(SHIPPED_LESSONS / "scan_to_pay")
    files["lesson.toml"] = files["lesson.toml"].replace(b"version = 1", b"version = 2", 1)
    publish(kiosk, zipped(files, top="scan_to_pay"))

    def installed() -> list[str]:
        return [id for _, c in threads.reported.changes for id in c.lessons_installed]

    assert threads.wait_for(installed, 30, "the lesson to be installed") == ["scan_to_pay"]
    assert (lessons_dir / folder_name("scan_to_pay", 2) / "03_scan.svg").exists()
    library = load_lessons(SHIPPED_LESSONS, lessons_dir)
    assert library.problems == []
    assert library.lessons["scan_to_pay"].version == 2  # the newer one replaced the shipped
    assert library.lessons["scan_to_pay"].folder == lessons_dir / "scan_to_pay.v2"
    assert pending_lessons(kiosk.store) == {}

    # The same version published again is sent to nobody; a new lesson arrives after it.
    assert publish(kiosk, zipped(files))["repeated"] is True
    publish(kiosk, zipped(small_lesson_files("one_tap")))
    threads.wait_for(lambda: "one_tap" in installed(), 30, "the second lesson")
    assert installed() == ["scan_to_pay", "one_tap"]
    assert sorted(p.name for p in lessons_dir.iterdir()) == ["one_tap.v1", "scan_to_pay.v2"]
    assert "one_tap" in load_lessons(SHIPPED_LESSONS, lessons_dir).lessons


# -- the kiosk's side, with a center that answers what the test says --------------------------


class FakeCenter:
    """Answers ``GET /lessons/{id}`` with the documents given, or raises what is given."""

    def __init__(self, answers: dict[str, Any]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    def _request(self, method: str, path: str, body: Any = None, params: Any = None) -> Any:
        self.asked.append(path)
        answer = self.answers[path.rsplit("/", 1)[-1]]
        if isinstance(answer, Exception):
            raise answer
        return answer


def document(lesson_id: str = "one_tap", version: int = 1) -> dict[str, Any]:
    from server.lessons import digest_of

    files = small_lesson_files(lesson_id, version)
    toml = files.pop("lesson.toml").decode()
    pictures = {name: data.decode() for name, data in files.items()}
    return PublishedLesson(
        lesson_id=lesson_id,
        version=version,
        toml=toml,
        files=pictures,
        digest=digest_of(toml, pictures),
    ).model_dump()


def announce(store: Store, cursor: int, **lessons: int) -> None:
    updates = [
        {"seq": cursor, "kind": "lesson.published", "payload": {"lesson_id": k, "version": v}}
        for k, v in lessons.items()
    ]
    changes = apply_updates(store, updates, cursor)
    assert changes.lessons_published == lessons


def install(store: Store, center: FakeCenter, lessons_dir: Path) -> list[str]:
    return install_published(cast(CenterClient, center), store, lessons_dir)


def test_a_damaged_download_is_left_out_and_the_lesson_there_stays(
    store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    lessons_dir = tmp_path / "tutorials"
    announce(store, 1, one_tap=1)
    assert install(store, FakeCenter({"one_tap": document()}), lessons_dir) == ["one_tap"]

    damaged = document(version=2)
    damaged["files"]["one.svg"] = damaged["files"]["one.svg"].replace("80", "81")
    broken = document("two_taps", 1)
    broken["toml"] = broken["toml"].replace("w = 80", "w = 800")
    from server.lessons import digest_of

    broken["digest"] = digest_of(broken["toml"], broken["files"])  # sent as the center has it
    announce(store, 2, one_tap=2, two_taps=1)
    with caplog.at_level(logging.ERROR, "sync.lessons"):
        center = FakeCenter({"one_tap": damaged, "two_taps": broken})
        assert install(store, center, lessons_dir) == []
    assert "arrived damaged" in caplog.text
    assert "step 1, highlight" in caplog.text
    assert sorted(p.name for p in lessons_dir.iterdir()) == ["one_tap.v1"]  # nothing half-done
    library = load_lessons(SHIPPED_LESSONS, lessons_dir)
    assert library.problems == [] and library.lessons["one_tap"].version == 1
    assert pending_lessons(store) == {}  # given up: a broken lesson is not fetched forever


def test_a_lesson_not_fetched_stays_noted_for_the_next_try(store: Store, tmp_path: Path) -> None:
    lessons_dir = tmp_path / "tutorials"
    announce(store, 1, one_tap=1)
    offline = FakeCenter({"one_tap": Retryable("network: ConnectionError")})
    assert install(store, offline, lessons_dir) == []
    assert pending_lessons(store) == {"one_tap": 1}
    assert not lessons_dir.exists()
    back = FakeCenter({"one_tap": document()})
    assert install(store, back, lessons_dir) == ["one_tap"]
    assert pending_lessons(store) == {}
    assert install(store, back, lessons_dir) == []  # nothing noted: nothing asked
    assert back.asked == ["/lessons/one_tap"]


def test_a_newer_version_replaces_the_older_one_in_one_step(store: Store, tmp_path: Path) -> None:
    lessons_dir = tmp_path / "tutorials"
    announce(store, 1, one_tap=1)
    install(store, FakeCenter({"one_tap": document()}), lessons_dir)
    announce(store, 2, one_tap=2)
    assert install(store, FakeCenter({"one_tap": document(version=2)}), lessons_dir) == ["one_tap"]
    assert [p.name for p in lessons_dir.iterdir()] == ["one_tap.v2"]
    assert load_lessons(SHIPPED_LESSONS, lessons_dir).lessons["one_tap"].version == 2


def test_an_update_naming_no_lesson_is_skipped(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    updates = [
        {"seq": 1, "kind": "lesson.published", "payload": {"lesson_id": "../x", "version": 1}},
        {"seq": 2, "kind": "lesson.published", "payload": {"lesson_id": "ok", "version": "2"}},
    ]
    with caplog.at_level(logging.WARNING, "app.delivery"):
        changes = apply_updates(store, updates, 2)
    assert changes.lessons_published == {}
    assert "naming no lesson" in caplog.text and "without a version" in caplog.text
    assert pending_lessons(store) == {}


def test_a_folder_that_cannot_be_written_is_retried_not_lost(store: Store, tmp_path: Path) -> None:
    blocked = tmp_path / "tutorials"
    blocked.write_text("a file where the folder should be")
    announce(store, 1, one_tap=1)
    assert install(store, FakeCenter({"one_tap": document()}), blocked) == []
    assert pending_lessons(store) == {"one_tap": 1}
