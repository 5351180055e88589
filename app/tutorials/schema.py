"""Reading one lesson from its TOML text and pictures, and saying precisely what is wrong.

:func:`lesson_from_toml` is pure (text and file contents in, a lesson or every problem out),
so the center can check a lesson with it before publishing it to kiosks. The format is
described in assets/tutorials/README.md.

Length limits keep each step to one short sentence or two, for two reasons. The sentence
shares a page with its picture: at 30 pt (about 10.6 mm a character) the text column beside
the picture on a 21.5 inch kiosk holds about 20 Chinese characters or 40 English letters a
line, so 60 characters or 160 letters make three or four lines, and still fit at the largest
font scale when the layout puts the text under the picture. And it is spoken: at the slow
rate older listeners follow, 60 characters take about 15 seconds, about as much as one
instruction should be. Narration is spoken only, so it may be twice as long.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from app.tutorials.model import (
    LANGUAGES,
    Lesson,
    LessonError,
    LessonProblem,
    Practice,
    Rect,
    Step,
    Words,
)
from app.tutorials.svg import SvgProblem, check_svg

LESSON_FILE = "lesson.toml"
MAX_STEPS = 20
MAX_SKILLS = 10
# Characters a text may have, per language (see the module's docstring for why).
TITLE_LIMITS = {"zh_CN": 16, "en_US": 48}
TEXT_LIMITS = {"zh_CN": 60, "en_US": 160}
NARRATION_LIMITS = {"zh_CN": 120, "en_US": 320}

LESSON_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")  # fits the wire's lesson_id (64)
SCREEN_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
IMAGE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\.svg$")

_LESSON_KEYS = ("id", "version", "title", "summary", "icon", "skills", "steps")
_STEP_KEYS = ("text", "narration", "image", "highlight", "practice")
_PRACTICE_KEYS = ("screen", "target", "hint")
_RECT_KEYS = ("x", "y", "w", "h")


class _Checker:
    """Collects problems for one lesson file while its parts are read."""

    def __init__(self, source: str, files: Mapping[str, bytes]) -> None:
        self.source = source
        self.files = files
        self.problems: list[LessonProblem] = []
        self._view_boxes: dict[str, Rect | SvgProblem] = {}

    def problem(self, step: int | None, field: str, message: str) -> None:
        self.problems.append(LessonProblem(self.source, step, field, message))

    def unknown_keys(
        self, table: Mapping[str, Any], known: tuple[str, ...], step: int | None, where: str
    ) -> None:
        for key in table:
            if key not in known:
                field = f"{where}.{key}" if where else key
                self.problem(step, field, f"unknown key; known keys are {', '.join(known)}")

    def words(
        self,
        value: Any,
        step: int | None,
        field: str,
        limits: Mapping[str, int],
    ) -> Words | None:
        if not isinstance(value, dict):
            self.problem(step, field, f"must be a table of texts, one per language {LANGUAGES}")
            return None
        before = len(self.problems)
        self.unknown_keys(value, LANGUAGES, step, field)
        texts: dict[str, str] = {}
        for language in LANGUAGES:
            text = value.get(language)
            where = f"{field}.{language}"
            if text is None:
                self.problem(step, where, "missing: every text is needed in every language")
            elif not isinstance(text, str) or not text.strip():
                self.problem(step, where, "must be a text that is not empty")
            else:
                text = " ".join(text.split())
                length = _length(text, language)
                if length > limits[language]:
                    self.problem(
                        step,
                        where,
                        f"is {length} characters; keep it to {limits[language]} so it fits "
                        "one page beside its picture and is quick to hear",
                    )
                texts[language] = text
        return Words(texts) if len(self.problems) == before else None

    def rect(self, value: Any, step: int | None, field: str) -> Rect | None:
        if not isinstance(value, dict):
            self.problem(step, field, "must be a table { x = .., y = .., w = .., h = .. }")
            return None
        before = len(self.problems)
        self.unknown_keys(value, _RECT_KEYS, step, field)
        numbers: dict[str, float] = {}
        for key in _RECT_KEYS:
            number = value.get(key)
            if isinstance(number, bool) or not isinstance(number, int | float):
                self.problem(step, f"{field}.{key}", "must be a number")
            elif key in ("w", "h") and number <= 0:
                self.problem(step, f"{field}.{key}", "must be above 0")
            else:
                numbers[key] = float(number)
        if len(self.problems) > before:
            return None
        return Rect(numbers["x"], numbers["y"], numbers["w"], numbers["h"])

    def image(self, value: Any, step: int | None, field: str) -> tuple[str, Rect] | None:
        """A picture of the lesson folder and its viewBox."""
        if not isinstance(value, str) or not IMAGE_NAME.match(value):
            self.problem(step, field, "must name an .svg file of the lesson folder")
            return None
        if value not in self._view_boxes:
            data = self.files.get(value)
            if data is None:
                self._view_boxes[value] = SvgProblem(f"the picture '{value}' is missing")
            else:
                try:
                    self._view_boxes[value] = check_svg(data)
                except SvgProblem as exc:
                    self._view_boxes[value] = SvgProblem(f"the picture '{value}' {exc}")
        found = self._view_boxes[value]
        if isinstance(found, SvgProblem):
            self.problem(step, field, str(found))
            return None
        return value, found

    def inside(self, rect: Rect, view_box: Rect, step: int, field: str, image: str) -> None:
        if not view_box.contains(rect):
            self.problem(
                step,
                field,
                f"({_rect_text(rect)}) lies outside the picture '{image}'"
                f" (its viewBox is {_rect_text(view_box)})",
            )


def _length(text: str, language: str) -> int:
    # Chinese is counted in characters as read, so spaces around numbers do not count.
    if language.startswith("zh"):
        return sum(1 for char in text if not char.isspace())
    return len(text)


def _number_text(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _rect_text(rect: Rect) -> str:
    return " ".join(_number_text(v) for v in (rect.x, rect.y, rect.w, rect.h))


def _step(checker: _Checker, number: int, data: Any) -> Step | None:
    if not isinstance(data, dict):
        checker.problem(number, "", "must be a table ([[steps]])")
        return None
    before = len(checker.problems)
    checker.unknown_keys(data, _STEP_KEYS, number, "")
    text = checker.words(data.get("text"), number, "text", TEXT_LIMITS)
    narration = text
    if "narration" in data:
        narration = checker.words(data["narration"], number, "narration", NARRATION_LIMITS)
    picture = checker.image(data.get("image"), number, "image")
    highlight = checker.rect(data.get("highlight"), number, "highlight")
    if picture is not None and highlight is not None:
        checker.inside(highlight, picture[1], number, "highlight", picture[0])
    practice = None
    if "practice" in data:
        practice = _practice(checker, number, data["practice"], picture)
    if len(checker.problems) > before:
        return None
    assert text is not None and narration is not None and picture is not None
    assert highlight is not None
    return Step(number, text, narration, picture[0], picture[1], highlight, practice)


def _practice(
    checker: _Checker, number: int, data: Any, picture: tuple[str, Rect] | None
) -> Practice | None:
    if not isinstance(data, dict):
        checker.problem(number, "practice", "must be a table ([steps.practice])")
        return None
    before = len(checker.problems)
    checker.unknown_keys(data, _PRACTICE_KEYS, number, "practice")
    screen = data.get("screen")
    if not isinstance(screen, str) or not SCREEN_NAME.match(screen):
        checker.problem(
            number, "practice.screen", "must name a practice screen (small letters and _)"
        )
    target = checker.rect(data.get("target"), number, "practice.target")
    if target is not None and picture is not None:
        checker.inside(target, picture[1], number, "practice.target", picture[0])
    hint = checker.words(data.get("hint"), number, "practice.hint", TEXT_LIMITS)
    if len(checker.problems) > before:
        return None
    assert isinstance(screen, str) and target is not None and hint is not None
    return Practice(screen, target, hint)


def _skills(checker: _Checker, value: Any) -> tuple[str, ...]:
    if (
        not isinstance(value, list)
        or not 1 <= len(value) <= MAX_SKILLS
        or not all(isinstance(s, str) and LESSON_ID.match(s) for s in value)
    ):
        checker.problem(
            None,
            "skills",
            f"must list 1 to {MAX_SKILLS} skill names (small letters, digits and _)",
        )
        return ()
    if len(set(value)) != len(value):
        checker.problem(None, "skills", "names a skill twice")
    return tuple(value)


def lesson_from_toml(
    text: str,
    files: Mapping[str, bytes],
    *,
    source: str = LESSON_FILE,
    folder: Path | None = None,
) -> Lesson:
    """Check a lesson and return it; raise :class:`LessonError` listing every problem.

    ``files`` holds the other files of the lesson folder by name (the pictures); ``source``
    names the lesson file in problems (a path, or what the center calls the upload);
    ``folder`` is recorded on the lesson when it was read from disk.
    """
    checker = _Checker(source, files)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LessonError([LessonProblem(source, None, "", f"is not valid TOML: {exc}")]) from exc
    checker.unknown_keys(data, _LESSON_KEYS, None, "")
    lesson_id = data.get("id")
    if not isinstance(lesson_id, str) or not LESSON_ID.match(lesson_id):
        checker.problem(None, "id", "must be a name of small letters, digits and _ (at most 64)")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        checker.problem(None, "version", "must be a whole number from 1 up")
    title = checker.words(data.get("title"), None, "title", TITLE_LIMITS)
    summary = checker.words(data.get("summary"), None, "summary", TEXT_LIMITS)
    icon = checker.image(data.get("icon"), None, "icon")
    skills = _skills(checker, data.get("skills"))
    raw_steps = data.get("steps")
    steps: list[Step] = []
    if not isinstance(raw_steps, list) or not raw_steps:
        checker.problem(None, "steps", "a lesson needs its steps ([[steps]] tables)")
    elif len(raw_steps) > MAX_STEPS:
        checker.problem(None, "steps", f"has {len(raw_steps)} steps; at most {MAX_STEPS}")
    else:
        for number, raw in enumerate(raw_steps, 1):
            step = _step(checker, number, raw)
            if step is not None:
                steps.append(step)
    if checker.problems:
        raise LessonError(checker.problems)
    assert isinstance(lesson_id, str) and isinstance(version, int)
    assert title is not None and summary is not None and icon is not None
    used = {icon[0], *(step.image for step in steps)}
    return Lesson(
        id=lesson_id,
        version=version,
        title=title,
        summary=summary,
        icon=icon[0],
        skills=skills,
        steps=tuple(steps),
        images={name: files[name] for name in sorted(used)},
        folder=folder,
    )
