"""The lesson player by taps: one step at a time, Previous / Repeat / Next in their places,
the step spoken and recorded, resumed where it was left, and the end of the lesson."""

from __future__ import annotations

import pytest

from app.orders import place_order
from app.store import StoreError
from app.tutorials import record_progress
from tests.helpers.kiosk_fixtures import Kiosk, KioskFactory
from tests.helpers.learn import event_ids, events_since, lesson, open_learn, progress_of, tap_lesson
from ui.learn.finish import LessonDoneScreen
from ui.learn.home import LearnHomeScreen
from ui.learn.player import LessonPlayerScreen


def test_the_steps_go_forward_and_back_by_taps_and_each_is_said_and_kept(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory(language="en_US")
    home = open_learn(kiosk)
    pay = lesson("scan_to_pay")
    tap_lesson(kiosk, home, "scan_to_pay")
    player = kiosk.wait_screen(LessonPlayerScreen)
    assert player.index == 0
    assert kiosk.window.title_label.text() == "Step 1 of 7"
    kiosk.wait_spoken(pay.steps[0].narration.get("en_US"))
    assert not player.previous_button.isEnabled()
    places = [
        b.mapTo(kiosk.window, b.rect().topLeft())
        for b in player.findChildren(type(player.next_button))
    ]

    kiosk.tap(player.next_button)
    assert player.index == 1
    assert kiosk.window.title_label.text() == "Step 2 of 7"
    assert player.text.text() == pay.steps[1].text.get("en_US")
    kiosk.wait_spoken(pay.steps[1].narration.get("en_US"))
    kiosk.wait_idle()
    saved = progress_of(kiosk, "scan_to_pay")
    assert saved is not None and saved.step == 1
    # The buttons stay where they were.
    assert [
        b.mapTo(kiosk.window, b.rect().topLeft())
        for b in player.findChildren(type(player.next_button))
    ] == places

    said = len(kiosk.spoken)
    kiosk.tap(player.repeat_button)
    kiosk.qtbot.waitUntil(lambda: len(kiosk.spoken) > said)
    assert kiosk.spoken[-1] == pay.steps[1].narration.get("en_US")

    kiosk.tap(player.previous_button)
    assert player.index == 0
    kiosk.wait_idle()
    kept = progress_of(kiosk, "scan_to_pay")
    assert kept is not None and kept.step == 1  # going back keeps the furthest


def test_each_step_is_drawn_with_its_picture_and_the_ring_on_its_target(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory(language="zh_CN")
    open_learn(kiosk)
    pay = lesson("scan_to_pay")
    home = kiosk.current()
    assert isinstance(home, LearnHomeScreen)
    tap_lesson(kiosk, home, "scan_to_pay")
    player = kiosk.wait_screen(LessonPlayerScreen)
    for number, step in enumerate(pay.steps):
        picture = player.page.picture
        assert picture.valid
        assert picture.highlight() == step.highlight
        assert picture.view_box == step.view_box
        # Aspect kept, inside its widget, the ring's word on screen in Chinese.
        drawn = picture.picture_rect()
        assert abs(drawn.width() / drawn.height() - step.view_box.w / step.view_box.h) < 0.01
        assert drawn.left() >= 0 and drawn.bottom() <= picture.height() + 0.5
        assert picture.tag.text() == "看这里"
        assert kiosk.window.title_label.text() == f"第{number + 1}步，共{len(pay.steps)}步"
        if number < len(pay.steps) - 1:
            kiosk.tap(player.next_button)
    assert player.next_button.text() == "学完了"


def test_a_lesson_resumes_where_it_was_left(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(language="en_US")
    resident = kiosk.ctx.session.resident
    assert resident is not None
    record_progress(kiosk.store, resident, lesson("taxi"), 3)
    home = open_learn(kiosk)
    assert home.tiles["taxi"].description_label.text() == "Up to step 4 of 7"
    tap_lesson(kiosk, home, "taxi")
    player = kiosk.wait_screen(LessonPlayerScreen)
    assert player.index == 3
    assert kiosk.window.title_label.text() == "Step 4 of 7"

    kiosk.tap(player.next_button)
    kiosk.wait_idle()
    kiosk.tap(kiosk.window.back_button)
    kiosk.wait_screen(LearnHomeScreen)
    assert home.tiles["taxi"].description_label.text() == "Up to step 5 of 7"
    tap_lesson(kiosk, home, "taxi")
    assert kiosk.wait_screen(LessonPlayerScreen).index == 4


def test_the_last_step_finishes_the_lesson_and_offers_practice(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory(language="en_US")
    home = open_learn(kiosk)
    before = event_ids(kiosk)
    tap_lesson(kiosk, home, "scan_to_pay")
    player = kiosk.wait_screen(LessonPlayerScreen)
    for _ in range(len(player.lesson.steps) - 1):
        kiosk.tap(player.next_button)
    assert player.next_button.text() == "Finish"
    kiosk.tap(player.next_button)
    done = kiosk.wait_screen(LessonDoneScreen)
    assert set(done.choices) == {"practise", "again", "other_lessons"}
    kiosk.wait_idle()
    saved = progress_of(kiosk, "scan_to_pay")
    assert saved is not None and saved.completed and not saved.practised
    # Every step sent once to the center, in order, and nothing else.
    assert events_since(kiosk, before) == ["tutorial.progress"] * len(player.lesson.steps)

    kiosk.tap(done.choices["other_lessons"])
    assert kiosk.wait_screen(LearnHomeScreen).tiles["scan_to_pay"].description_label.text() == (
        "All steps seen"
    )


def test_a_lesson_without_practice_ends_without_offering_it(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(language="en_US")
    home = open_learn(kiosk)
    tap_lesson(kiosk, home, "voice_message")
    player = kiosk.wait_screen(LessonPlayerScreen)
    for _ in range(len(player.lesson.steps)):
        kiosk.tap(player.next_button)
    done = kiosk.wait_screen(LessonDoneScreen)
    assert "practise" not in done.choices
    kiosk.tap(done.choices["again"])
    assert kiosk.wait_screen(LessonPlayerScreen).index == 0


def test_a_step_that_cannot_be_saved_says_so_and_the_lesson_goes_on(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory(language="en_US")
    home = open_learn(kiosk)
    fill_storage(kiosk)
    try:
        tap_lesson(kiosk, home, "video_call")
        player = kiosk.wait_screen(LessonPlayerScreen)
        kiosk.tap(player.next_button)
        kiosk.wait_idle()
        assert player.saving_failed
        assert player.note.isVisible()
        kiosk.tap(player.next_button)
        assert player.index == 2
    finally:
        kiosk.free_disk()


def fill_storage(kiosk: Kiosk) -> None:
    """Let the file grow no more, then write orders until one no longer fits."""
    kiosk.fill_disk()
    resident = kiosk.ctx.session.resident
    meals = kiosk.ctx.catalog.service("meals")
    assert resident is not None and meals is not None
    picks = {"meal": "today_lunch", "portions": "2"}
    for _ in range(2000):
        try:
            place_order(kiosk.store, resident, meals, picks)
        except StoreError as exc:
            assert exc.kind == "disk_full"
            return
    pytest.fail("max_page_count never stopped a write")


def test_a_paced_lesson_records_every_learner_and_leaves_the_steps_to_whoever_paces_it(
    kiosk_factory: KioskFactory,
) -> None:
    """The seam of volunteer-led sessions: the elders present are the learners, and the
    volunteer's screen moves the steps."""
    from app.people import find_by_card
    from app.tutorials import progress_for
    from ui.learn.player import open_lesson

    kiosk = kiosk_factory(language="en_US")
    open_learn(kiosk)
    elders = [find_by_card(kiosk.store, card) for card in ("10001", "10003")]
    assert elders[0] is not None and elders[1] is not None
    learners = [elder for elder in elders if elder is not None]
    player = open_lesson(kiosk.ctx, kiosk.window, lesson("taxi"), learners=learners, paced=True)
    assert not player.next_button.isVisible() and not player.previous_button.isVisible()
    assert player.repeat_button.isVisible()
    assert "learn.next" not in kiosk.window.voice.commands(player)
    player.show_step(3)
    kiosk.wait_idle()
    for elder in learners:
        assert progress_for(kiosk.store, elder)["taxi"].step == 3
