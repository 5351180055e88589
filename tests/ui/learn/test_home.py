"""Learn's list of lessons: everyday life first, each with the resident's badge in words and
an icon, and progress from another kiosk brought in through the center when Learn opens
(or this kiosk's own when the center cannot be asked)."""

from __future__ import annotations

from typing import Any

from app.tutorials import record_progress
from sync.client import BadAnswer, Retryable
from tests.helpers.kiosk_fixtures import Kiosk, KioskFactory
from tests.helpers.learn import event_ids, events_since, lesson, open_learn, progress_of
from ui.learn.lessons import LESSON_ORDER


def wire(kiosk: Kiosk, lesson_id: str, step: int, **flags: Any) -> dict[str, Any]:
    resident = kiosk.ctx.session.resident
    assert resident is not None
    return {
        "resident_card": resident.card_number,
        "lesson_id": lesson_id,
        "step": step,
        "steps": len(lesson(lesson_id).steps),
        "completed": flags.get("completed", False),
        "practised": flags.get("practised", False),
        "mastered": flags.get("mastered", False),
        "recorded_at": "2026-12-05T02:00:00.000+00:00",
    }


def test_lessons_are_listed_everyday_life_first_with_their_badges(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory(language="en_US")
    resident = kiosk.ctx.session.resident
    assert resident is not None
    record_progress(kiosk.store, resident, lesson("video_call"), 2)
    record_progress(kiosk.store, resident, lesson("taxi"), 6)
    record_progress(kiosk.store, resident, lesson("scan_to_pay"), 6, practised=True)
    record_progress(kiosk.store, resident, lesson("phone_scams"), 7, practised=True, mastered=True)
    home = open_learn(kiosk)
    assert list(home.tiles) == list(LESSON_ORDER)
    badges = {key: tile.description_label.text() for key, tile in home.tiles.items()}
    assert badges["video_call"] == "Up to step 3 of 7"
    assert badges["taxi"] == "All steps seen"
    assert badges["scan_to_pay"] == "Practised"
    assert badges["phone_scams"] == "Mastered"
    assert badges["meal_delivery"] == "Not started"
    # Said as well as shown, and told to a screen reader.
    assert "Video call with your family: Up to step 3 of 7" in home.spoken_text()
    assert home.tiles["phone_scams"].accessibleDescription() == "Mastered"


def test_badges_in_chinese(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(language="zh_CN")
    resident = kiosk.ctx.session.resident
    assert resident is not None
    record_progress(kiosk.store, resident, lesson("hospital_appointment"), 2)
    home = open_learn(kiosk)
    assert home.tiles["hospital_appointment"].description_label.text() == "学到第3步，共8步"
    assert home.tiles["taxi"].description_label.text() == "还没开始"
    assert kiosk.window.title_label.text() == "学习"


def test_progress_from_another_kiosk_renews_the_badges(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(language="en_US")
    asked: list[str] = []

    def center(card: str) -> list[dict[str, Any]]:
        asked.append(card)
        return [
            wire(kiosk, "meal_delivery", 4),
            wire(kiosk, "phone_scams", 7, completed=True, practised=True, mastered=True),
            # A record that makes no sense is left out; the others still count.
            {**wire(kiosk, "taxi", 2), "step": 99},
        ]

    kiosk.ctx.sync.progress_fetcher = center
    before = event_ids(kiosk)
    home = open_learn(kiosk)
    kiosk.qtbot.waitUntil(
        lambda: home.tiles["meal_delivery"].description_label.text() != "Not started"
    )
    assert asked == [kiosk.ctx.session.resident.card_number]  # type: ignore[union-attr]
    assert home.tiles["meal_delivery"].description_label.text() == "Up to step 5 of 7"
    assert home.tiles["phone_scams"].description_label.text() == "Mastered"
    assert home.tiles["taxi"].description_label.text() == "Not started"
    saved = progress_of(kiosk, "meal_delivery")
    assert saved is not None and saved.step == 4
    # Merged into this kiosk's rows, without sending it back.
    assert events_since(kiosk, before) == []


def test_without_the_center_the_kiosk_shows_its_own_progress(kiosk_factory: KioskFactory) -> None:
    for failure in (Retryable("network: ConnectionError"), BadAnswer("not the protocol")):
        kiosk = kiosk_factory(language="en_US")
        resident = kiosk.ctx.session.resident
        assert resident is not None
        record_progress(kiosk.store, resident, lesson("taxi"), 1)

        def unreachable(card: str, failure: Exception = failure) -> list[dict[str, Any]]:
            raise failure

        kiosk.ctx.sync.progress_fetcher = unreachable
        home = open_learn(kiosk)
        kiosk.wait_idle()
        assert home.tiles["taxi"].description_label.text() == "Up to step 2 of 7"
        assert isinstance(kiosk.current(), type(home))
