"""What a lesson is once loaded: its steps, their pictures and highlights, and the problems
found while loading lessons (each names the file, the step and the field)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

# Every lesson speaks both languages of the kiosk; zh_CN is the default.
LANGUAGES = ("zh_CN", "en_US")
DEFAULT_LANGUAGE = "zh_CN"
# The practice screens the shipped lessons use. A lesson may name another (one written for a
# newer kiosk): the player then lets the resident practise on the step's own picture.
PRACTICE_SCREENS = ("payment", "appointment", "scam")


@dataclass(frozen=True)
class Words:
    """One text in every language of :data:`LANGUAGES`."""

    by_language: Mapping[str, str]

    def get(self, language: str) -> str:
        """The text in ``language`` (``"en"``, ``"en_US"`` and ``"en-GB"`` all mean English),
        else in the default language."""
        for code, text in self.by_language.items():
            if code == language or code.split("_")[0] == language.replace("-", "_").split("_")[0]:
                return text
        return self.by_language[DEFAULT_LANGUAGE]


@dataclass(frozen=True)
class Rect:
    """A rectangle in an image's own coordinates (its SVG viewBox)."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def contains(self, other: Rect) -> bool:
        return (
            self.x <= other.x
            and self.y <= other.y
            and other.right <= self.right
            and other.bottom <= self.bottom
        )

    def contains_point(self, x: float, y: float) -> bool:
        """Whether a tap at (``x``, ``y``) falls on this rectangle, edges included."""
        return self.x <= x <= self.right and self.y <= y <= self.bottom


@dataclass(frozen=True)
class Practice:
    """The hands-on part of a step: on the sandbox screen ``screen`` the resident taps
    ``target``; a wrong tap earns ``hint``."""

    screen: str
    target: Rect
    hint: Words


@dataclass(frozen=True)
class Step:
    """One action of a lesson: a picture, the one thing to tap on it, and what to say."""

    number: int  # counted from 1, as people count ("step 3 of 8")
    text: Words
    narration: Words  # what is spoken; the text itself unless the lesson says otherwise
    image: str  # a file name of the lesson folder
    view_box: Rect  # the image's own coordinates, read from its SVG
    highlight: Rect
    practice: Practice | None = None


@dataclass(frozen=True)
class Lesson:
    id: str
    version: int
    title: Words
    summary: Words
    icon: str  # a file name of the lesson folder
    skills: tuple[str, ...]
    steps: tuple[Step, ...]
    images: Mapping[str, bytes] = field(repr=False)  # the SVG files the lesson uses, by name
    folder: Path | None = None  # where it was loaded from; None when checked from text

    def image_data(self, name: str) -> bytes:
        """The SVG text of one of the lesson's images (a step's ``image`` or the ``icon``)."""
        return self.images[name]

    @property
    def has_practice(self) -> bool:
        return any(step.practice is not None for step in self.steps)


@dataclass(frozen=True)
class LessonProblem:
    """One error in a lesson, saying where: file, step (from 1; None for the lesson as a
    whole) and field (a dotted path such as ``highlight.w``; empty for the whole file)."""

    file: str
    step: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.step is not None:
            where.append(f"step {self.step}")
        if self.field:
            where.append(self.field)
        return f"{', '.join(where)}: {self.message}"


class LessonError(ValueError):
    """A lesson that cannot be used; ``problems`` lists every error found, not only the
    first, so whoever wrote it can mend them all at once."""

    def __init__(self, problems: list[LessonProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems
