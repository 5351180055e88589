"""Driving the Learn screens in tests: open a lesson or a practice on a kiosk window, tap a
lesson picture at a point of its own drawing, and read a resident's progress."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from app.tutorials import Lesson, Progress, Rect, progress_for
from tests.helpers.kiosk_fixtures import Kiosk
from ui.learn.home import LearnHomeScreen
from ui.learn.lessons import library
from ui.learn.picture import StepPicture


def lesson(lesson_id: str) -> Lesson:
    found = library().lesson(lesson_id)
    assert found is not None, lesson_id
    return found


def open_learn(kiosk: Kiosk) -> LearnHomeScreen:
    kiosk.window.open_feature("learn")
    screen = kiosk.wait_screen(LearnHomeScreen)
    kiosk.wait_idle()
    return screen


def tap_picture_at(kiosk: Kiosk, picture: StepPicture, x: float, y: float) -> None:
    """A tap on the point (``x``, ``y``) of the picture's own drawing (its viewBox)."""
    spot = picture.to_widget(Rect(x, y, 0, 0)).topLeft()
    kiosk.qtbot.mouseClick(
        picture, Qt.MouseButton.LeftButton, pos=QPoint(round(spot.x()), round(spot.y()))
    )


def tap_inside(kiosk: Kiosk, picture: StepPicture, target: Rect) -> None:
    tap_picture_at(kiosk, picture, target.x + target.w / 2, target.y + target.h / 2)


def far_from(target: Rect, view_box: Rect) -> tuple[float, float]:
    """A point of the picture well away from ``target`` (the corner furthest from it)."""
    x = view_box.x + 5 if target.x + target.w / 2 > view_box.w / 2 else view_box.right - 5
    y = view_box.y + 5 if target.y + target.h / 2 > view_box.h / 2 else view_box.bottom - 5
    return x, y


def progress_of(kiosk: Kiosk, lesson_id: str) -> Progress | None:
    resident = kiosk.ctx.session.resident
    assert resident is not None
    return progress_for(kiosk.store, resident).get(lesson_id)


def tap_lesson(kiosk: Kiosk, home: LearnHomeScreen, lesson_id: str) -> None:
    """Turn to the page of the lesson's tile (More, as a resident would) and tap it."""
    tile = home.tiles[lesson_id]
    while not tile.isVisible():
        kiosk.tap(home.pager.next_button)
    kiosk.tap(tile)


def events_since(kiosk: Kiosk, before: set[str]) -> list[str]:
    """The kinds of the outbox events written since ``before`` (ids, see :func:`event_ids`)."""
    from app import outbox

    return [e.kind for e in outbox.events(kiosk.store) if str(e.event_id) not in before]


def event_ids(kiosk: Kiosk) -> set[str]:
    from app import outbox

    return {str(e.event_id) for e in outbox.events(kiosk.store)}
