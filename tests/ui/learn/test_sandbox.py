"""The practice screens by taps: the right place goes on, wrong taps get a gentle word and
from the second the hint (shown, spoken, the place ringed), every screen says it is practice,
and the end marks the lesson practised, or mastered when no hint was needed."""

from __future__ import annotations

import pytest

from tests.helpers.kiosk_fixtures import Kiosk, KioskFactory
from tests.helpers.learn import (
    event_ids,
    events_since,
    far_from,
    lesson,
    open_learn,
    progress_of,
    tap_inside,
    tap_picture_at,
)
from ui.learn.finish import LessonDoneScreen, PracticeDoneScreen
from ui.learn.player import lesson_done_screen
from ui.learn.sandbox import PracticeScreen, practice_steps

BANNERS = {
    "scan_to_pay": ("Practice: no real money moves.", "练习，不会真的付钱。"),
    "hospital_appointment": ("Practice: no real booking.", "练习，不会真的挂号。"),
    "phone_scams": ("Practice: not a real call.", "练习，不是真的电话。"),
}


def start_practice(kiosk: Kiosk, lesson_id: str) -> PracticeScreen:
    open_learn(kiosk)
    resident = kiosk.ctx.session.resident
    assert resident is not None
    kiosk.window.push(lesson_done_screen(kiosk.ctx, kiosk.window, lesson(lesson_id), [resident]))
    done = kiosk.wait_screen(LessonDoneScreen)
    kiosk.tap(done.choices["practise"])
    return kiosk.wait_screen(PracticeScreen)


def miss(kiosk: Kiosk, screen: PracticeScreen) -> None:
    practice = screen.step.practice
    assert practice is not None
    tap_picture_at(kiosk, screen.page.picture, *far_from(practice.target, screen.step.view_box))


def hit(kiosk: Kiosk, screen: PracticeScreen) -> None:
    practice = screen.step.practice
    assert practice is not None
    tap_inside(kiosk, screen.page.picture, practice.target)


@pytest.mark.parametrize("lesson_id", sorted(BANNERS))
@pytest.mark.parametrize("language", ["en_US", "zh_CN"])
def test_right_taps_go_through_every_practice_and_master_the_lesson(
    kiosk_factory: KioskFactory, lesson_id: str, language: str
) -> None:
    kiosk = kiosk_factory(language=language)
    before = event_ids(kiosk)
    screen = start_practice(kiosk, lesson_id)
    banner = BANNERS[lesson_id][0 if language == "en_US" else 1]
    steps = practice_steps(lesson(lesson_id))
    assert len(steps) >= 3
    for number, step in enumerate(steps):
        assert screen.step is step
        # The banner takes its own room above the picture, on every practice screen.
        assert screen.banner.isVisible() and screen.banner.words.text() == banner
        top = screen.banner.mapTo(kiosk.window, screen.banner.rect().bottomLeft()).y()
        assert screen.page.mapTo(kiosk.window, screen.page.rect().topLeft()).y() > top
        assert screen.page.picture.highlight() is None  # nothing shown before a miss
        assert screen.instruction.text() == step.text.get(language)
        if number < len(steps) - 1:
            hit(kiosk, screen)
    hit(kiosk, screen)
    done = kiosk.wait_screen(PracticeDoneScreen)
    assert done.mastered and done.saved
    saved = progress_of(kiosk, lesson_id)
    assert saved is not None and saved.practised and saved.mastered
    # Nothing leaves the machine but the resident's progress.
    assert events_since(kiosk, before) == ["tutorial.progress"]


def test_a_wrong_tap_gets_a_gentle_word_and_the_second_the_hint(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory(language="en_US")
    screen = start_practice(kiosk, "scan_to_pay")
    practice = screen.step.practice
    assert practice is not None

    miss(kiosk, screen)
    assert screen.index == 0
    assert screen.feedback.isVisible()
    assert screen.feedback.text() == "Not there yet. Have another look, take your time."
    kiosk.wait_spoken("Not there yet")
    assert screen.page.picture.highlight() is None
    assert practice.hint.get("en_US") not in " ".join(kiosk.spoken)

    miss(kiosk, screen)
    hint = practice.hint.get("en_US")
    assert screen.feedback.text() == hint
    kiosk.wait_spoken(hint)
    assert screen.page.picture.highlight() == practice.target  # the right place, ringed
    assert screen.page.picture.tag.isVisible()

    hit(kiosk, screen)
    assert screen.index == 1
    assert screen.page.picture.highlight() is None  # a fresh try, without help
    for _ in range(len(screen.steps) - 1):
        hit(kiosk, screen)
    done = kiosk.wait_screen(PracticeDoneScreen)
    assert not done.mastered
    saved = progress_of(kiosk, "scan_to_pay")
    assert saved is not None and saved.practised and not saved.mastered
    assert "Next time, try it without a hint." in done.message.text()


def test_a_tap_beside_the_phone_counts_as_a_miss(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(language="zh_CN")
    screen = start_practice(kiosk, "phone_scams")
    picture = screen.page.picture
    drawn = picture.picture_rect()
    if drawn.right() + 10 < picture.width():  # room beside the drawing at this size
        beside = drawn.right() + (picture.width() - drawn.right()) / 2
        from PySide6.QtCore import QPoint, Qt

        kiosk.qtbot.mouseClick(
            picture, Qt.MouseButton.LeftButton, pos=QPoint(int(beside), picture.height() // 2)
        )
        assert screen.misses == 1 and screen.index == 0


def test_a_small_target_counts_at_least_a_finger_wide(kiosk_factory: KioskFactory) -> None:
    """The bin of a prize message is 52 x 48 of a 360 x 640 phone: a finger's width around it
    still counts, as on a phone held in the hand."""
    kiosk = kiosk_factory(language="en_US")
    screen = start_practice(kiosk, "phone_scams")
    hit(kiosk, screen)  # the red button of the first call
    practice = screen.step.practice
    assert practice is not None and practice.target.w < 60
    picture = screen.page.picture
    finger = kiosk.ctx.theme.tap_px / picture.scale()  # 12 mm in the picture's units
    assert picture.hits(practice.target, practice.target.x - finger / 4, practice.target.y)
    assert not picture.hits(practice.target, practice.target.x - finger, practice.target.y)


def test_practice_again_starts_from_the_first_try(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(language="en_US")
    screen = start_practice(kiosk, "hospital_appointment")
    for _ in range(len(screen.steps)):
        hit(kiosk, screen)
    done = kiosk.wait_screen(PracticeDoneScreen)
    kiosk.tap(done.choices["practise"])
    again = kiosk.wait_screen(PracticeScreen)
    assert again.index == 0 and again.misses == 0
