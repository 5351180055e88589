"""Which lessons Learn offers and in what order, and the words for how far a resident got.

The lessons load once per kiosk (about 15 ms of reading and checking files), the first time
Learn needs them or earlier, off the UI thread, when the window is built
(:func:`warm_library`). Lessons staff dropped into the data folder's ``tutorials`` load with
the shipped ones (app.tutorials.load_lessons).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from app.tutorials import (
    SHIPPED_LESSONS,
    Lesson,
    LessonLibrary,
    Progress,
    load_lessons,
)
from app.tutorials.library import LOCAL_LESSONS_FOLDER

log = logging.getLogger(__name__)

# Everyday life first: what residents ask about most, then staying safe, then the phone's
# own settings, and this kiosk last. Lessons not named here (ones staff added) follow, by id.
LESSON_ORDER = (
    "video_call",
    "scan_to_pay",
    "hospital_appointment",
    "meal_delivery",
    "taxi",
    "show_code",
    "phone_scams",
    "bigger_text_louder",
    "voice_message",
    "kiosk_by_voice",
)

# The badges, from the least to the most done.
NOT_STARTED, STARTED, COMPLETED, PRACTISED, MASTERED = (
    "not_started",
    "started",
    "completed",
    "practised",
    "mastered",
)
BADGE_ICONS = {
    NOT_STARTED: "learn",
    STARTED: "trend",
    COMPLETED: "status_accepted",
    PRACTISED: "status_accepted",
    MASTERED: "status_done",
}

_libraries: dict[Path | None, LessonLibrary] = {}
_lock = threading.Lock()


def local_folder(database_path: str) -> Path | None:
    """The folder staff drop lessons into: ``tutorials`` beside the kiosk's database."""
    if not database_path or database_path == ":memory:":
        return None
    return Path(database_path).parent / LOCAL_LESSONS_FOLDER


def library(local: Path | None = None) -> LessonLibrary:
    """The lessons of this kiosk, loaded on first use (any thread) and kept."""
    with _lock:
        found = _libraries.get(local)
        if found is None:
            found = _libraries[local] = load_lessons(SHIPPED_LESSONS, local)
            for problem in found.problems:
                log.warning("lesson left out: %s", problem)
        return found


def reload_library(local: Path | None = None) -> LessonLibrary:
    """Read the lessons again (in a worker thread): one the center published was written
    into the local folder. Screens already open keep the lessons they have."""
    fresh = load_lessons(SHIPPED_LESSONS, local)
    for problem in fresh.problems:
        log.warning("lesson left out: %s", problem)
    with _lock:
        _libraries[local] = fresh
    return fresh


def warm_library(local: Path | None = None) -> None:
    """Load the lessons now (called in a worker thread when the window is built)."""
    library(local)


def in_order(lessons: Iterable[Lesson]) -> list[Lesson]:
    """The lessons in :data:`LESSON_ORDER`, then the others by id."""
    rank = {lesson_id: index for index, lesson_id in enumerate(LESSON_ORDER)}
    return sorted(lessons, key=lambda lesson: (rank.get(lesson.id, len(rank)), lesson.id))


def badge(progress: Progress | None) -> str:
    """How far a resident got: one of the badge names above."""
    if progress is None:
        return NOT_STARTED
    if progress.mastered:
        return MASTERED
    if progress.practised:
        return PRACTISED
    if progress.completed:
        return COMPLETED
    return STARTED


def step_of(number: int, count: int) -> str:
    """ "Step 3 of 8", counted as people count."""
    return (
        QCoreApplication.translate("Learn", "Step %1 of %2")
        .replace("%1", str(number))
        .replace("%2", str(count))
    )


def badge_words(progress: Progress | None, lesson: Lesson) -> str:
    """The badge in words, shown on the lesson's tile and spoken."""
    state = badge(progress)
    if state == NOT_STARTED or progress is None:
        return QCoreApplication.translate("Learn", "Not started")
    if state == MASTERED:
        return QCoreApplication.translate("Learn", "Mastered")
    if state == PRACTISED:
        return QCoreApplication.translate("Learn", "Practised")
    if state == COMPLETED:
        return QCoreApplication.translate("Learn", "All steps seen")
    # A lesson that since became shorter shows its own length.
    count = len(lesson.steps)
    return (
        QCoreApplication.translate("Learn", "Up to step %1 of %2")
        .replace("%1", str(min(progress.steps_done, count)))
        .replace("%2", str(count))
    )


def lesson_intent(lesson: Lesson) -> str:
    """The voice intent that opens a lesson (i18n/phrases: ``lesson.<id>``)."""
    return f"lesson.{lesson.id}"
