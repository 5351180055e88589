"""Lessons of "Learn" and residents' progress in them, with no Qt: the player screens and
the center build on this.

- :func:`load_lessons` finds every usable lesson (shipped in assets/tutorials, dropped by
  staff into the data folder's ``tutorials``), with the problems of those left out;
- :func:`lesson_from_toml` checks one lesson from its text and pictures (for the center);
- :func:`record_progress`, :func:`progress_for`, :func:`resume_step` and
  :func:`merge_center_progress` keep each resident's progress.
"""

from app.tutorials.library import (
    SHIPPED_LESSONS,
    LessonLibrary,
    load_lessons,
    local_lessons_dir,
    read_lesson_folder,
)
from app.tutorials.model import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    PRACTICE_SCREENS,
    Lesson,
    LessonError,
    LessonProblem,
    Practice,
    Rect,
    Step,
    Words,
)
from app.tutorials.progress import (
    Progress,
    ProgressError,
    merge_center_progress,
    progress_for,
    record_progress,
    resume_step,
)
from app.tutorials.schema import lesson_from_toml

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "PRACTICE_SCREENS",
    "SHIPPED_LESSONS",
    "Lesson",
    "LessonError",
    "LessonLibrary",
    "LessonProblem",
    "Practice",
    "Progress",
    "ProgressError",
    "Rect",
    "Step",
    "Words",
    "lesson_from_toml",
    "load_lessons",
    "local_lessons_dir",
    "merge_center_progress",
    "progress_for",
    "read_lesson_folder",
    "record_progress",
    "resume_step",
]
