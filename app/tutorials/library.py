"""Finding the lessons a kiosk can offer: the shipped ones in assets/tutorials and those
staff dropped (or the center published) into the kiosk's data folder.

A folder that fails its checks is left out and its problems are kept for staff to see; the
other lessons still load. When two folders hold the same lesson id the higher version wins,
so a corrected or newer lesson replaces the shipped one without touching the program.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from app.paths import ASSETS_DIR, Paths
from app.tutorials.model import Lesson, LessonError, LessonProblem
from app.tutorials.schema import LESSON_FILE, lesson_from_toml
from app.tutorials.svg import MAX_SVG_BYTES

log = logging.getLogger(__name__)

SHIPPED_LESSONS = ASSETS_DIR / "tutorials"
LOCAL_LESSONS_FOLDER = "tutorials"
MAX_LESSON_FILE_BYTES = 100_000
MAX_FILES_PER_LESSON = 100


def local_lessons_dir(paths: Paths) -> Path:
    """The folder in the kiosk's data folder where staff drop lessons (one folder each)."""
    return paths.data_dir / LOCAL_LESSONS_FOLDER


@dataclass
class LessonLibrary:
    """The lessons that loaded, by id, and what was wrong with those that did not."""

    lessons: dict[str, Lesson] = field(default_factory=dict)
    problems: list[LessonProblem] = field(default_factory=list)

    def lesson(self, lesson_id: str) -> Lesson | None:
        return self.lessons.get(lesson_id)

    def in_order(self) -> list[Lesson]:
        """Every lesson, in a stable order (by id) for lists and tests."""
        return [self.lessons[lesson_id] for lesson_id in sorted(self.lessons)]


def _read_limited(path: Path, limit: int) -> bytes:
    # One byte over the limit is enough for the checks to say the file is too big.
    with path.open("rb") as handle:
        return handle.read(limit + 1)


def read_lesson_folder(folder: Path) -> Lesson:
    """Load and check one lesson folder; raise :class:`LessonError` with its problems."""
    lesson_file = folder / LESSON_FILE
    source = str(lesson_file)
    try:
        raw = _read_limited(lesson_file, MAX_LESSON_FILE_BYTES)
    except FileNotFoundError as exc:
        raise LessonError([LessonProblem(source, None, "", "is missing")]) from exc
    except OSError as exc:
        raise LessonError([LessonProblem(source, None, "", f"cannot be read: {exc}")]) from exc
    if len(raw) > MAX_LESSON_FILE_BYTES:
        raise LessonError(
            [LessonProblem(source, None, "", f"is over {MAX_LESSON_FILE_BYTES} bytes")]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LessonError([LessonProblem(source, None, "", "is not UTF-8 text")]) from exc
    files: dict[str, bytes] = {}
    try:
        pictures = sorted(p for p in folder.iterdir() if p.suffix == ".svg" and p.is_file())
        for picture in pictures[:MAX_FILES_PER_LESSON]:
            files[picture.name] = _read_limited(picture, MAX_SVG_BYTES)
    except OSError as exc:
        raise LessonError(
            [LessonProblem(source, None, "", f"its pictures cannot be read: {exc}")]
        ) from exc
    return lesson_from_toml(text, files, source=source, folder=folder)


def _lesson_folders(root: Path, problems: list[LessonProblem]) -> list[Path]:
    try:
        entries = sorted(root.iterdir())
    except FileNotFoundError:
        return []
    except OSError as exc:
        problems.append(LessonProblem(str(root), None, "", f"cannot be read: {exc}"))
        return []
    return [entry for entry in entries if entry.is_dir() and not entry.name.startswith(".")]


def load_lessons(
    shipped_dir: Path = SHIPPED_LESSONS, local_dir: Path | None = None
) -> LessonLibrary:
    """Every usable lesson of ``shipped_dir`` and ``local_dir``; never raises for a bad
    lesson (see :attr:`LessonLibrary.problems`)."""
    library = LessonLibrary()
    origin: dict[str, Path] = {}  # lesson id -> the root its chosen copy came from
    roots = [shipped_dir] if local_dir is None else [shipped_dir, local_dir]
    for root in roots:
        for folder in _lesson_folders(root, library.problems):
            try:
                lesson = read_lesson_folder(folder)
            except LessonError as exc:
                library.problems.extend(exc.problems)
                log.warning("lesson folder %s left out: %s", folder, exc)
                continue
            _choose(library, origin, lesson, root)
    return library


def _choose(library: LessonLibrary, origin: dict[str, Path], lesson: Lesson, root: Path) -> None:
    """Keep the higher version of two lessons with one id, and say why the other is unused
    unless it is the ordinary case of a newer lesson replacing a shipped one."""
    kept = library.lessons.get(lesson.id)
    if kept is None:
        library.lessons[lesson.id] = lesson
        origin[lesson.id] = root
        return
    same_root = origin[lesson.id] == root
    if lesson.version > kept.version:
        library.lessons[lesson.id] = lesson
        origin[lesson.id] = root
        loser, winner = kept, lesson
        if not same_root:
            return  # the update path: a newer lesson replaces the shipped copy
    else:
        loser, winner = lesson, kept
    if lesson.version == kept.version:
        message = (
            f"duplicate lesson id '{lesson.id}': version {lesson.version} is also in"
            f" {winner.folder}; this copy is not used (raise its version to replace the other)"
        )
    else:
        message = (
            f"duplicate lesson id '{lesson.id}': version {winner.version} in {winner.folder}"
            f" is newer, so this version {loser.version} is not used"
        )
    library.problems.append(LessonProblem(str(_lesson_file(loser)), None, "id", message))


def _lesson_file(lesson: Lesson) -> Path | str:
    return lesson.folder / LESSON_FILE if lesson.folder is not None else LESSON_FILE
