"""A lesson the center published shows on Learn's list once the kiosk has written it: the
list on screen is renewed with it, and a lesson being played is left as it was."""

from __future__ import annotations

from pathlib import Path

from app.delivery import Changes
from sync.lessons import install_lesson
from sync.protocol import PublishedLesson
from tests.helpers.kiosk_fixtures import Kiosk, KioskFactory
from tests.helpers.learn import open_learn, tap_lesson
from tests.helpers.lesson_uploads import small_lesson_files
from ui.learn.home import LearnHomeScreen
from ui.learn.lessons import local_folder
from ui.learn.player import LessonPlayerScreen


def publish_on(kiosk: Kiosk, lesson_id: str = "one_tap") -> Path:
    """What the update listener does: write the lesson, then report it installed."""
    from server.lessons import digest_of

    files = small_lesson_files(lesson_id)
    toml = files.pop("lesson.toml").decode()
    pictures = {name: data.decode() for name, data in files.items()}
    document = PublishedLesson(
        lesson_id=lesson_id, version=1, toml=toml, files=pictures, digest=digest_of(toml, pictures)
    )
    folder = local_folder(kiosk.store.path)
    assert folder is not None
    written = install_lesson(document, folder)
    kiosk.ctx.sync.report_changes(Changes(lessons_installed=[lesson_id]))
    return written


def test_the_list_on_screen_is_renewed_with_the_new_lesson(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(language="en_US")
    before = open_learn(kiosk)
    assert "one_tap" not in before.tiles
    publish_on(kiosk)
    kiosk.qtbot.waitUntil(lambda: kiosk.current() is not before, timeout=5000)
    renewed = kiosk.wait_screen(LearnHomeScreen)
    assert "one_tap" in renewed.tiles
    assert renewed.tiles["one_tap"].description_label.text() == "Not started"


def test_a_lesson_being_played_goes_on(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(language="en_US")
    home = open_learn(kiosk)
    tap_lesson(kiosk, home, "taxi")
    player = kiosk.wait_screen(LessonPlayerScreen)
    publish_on(kiosk)
    kiosk.wait_idle()
    assert kiosk.current() is player
