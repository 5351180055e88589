"""Lessons for tests: copies of shipped lesson folders to break on purpose, a small lesson
written from scratch, and a shipped lesson loaded for progress tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.tutorials import SHIPPED_LESSONS, Lesson, load_lessons, read_lesson_folder

PICTURE = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 200">'
    b'<rect x="10" y="10" width="80" height="40" fill="#000"/></svg>'
)

SMALL_LESSON = """\
id = "{lesson_id}"
version = {version}
icon = "icon.svg"
skills = ["tapping"]
title = {{ zh_CN = "点一下", en_US = "One tap" }}
summary = {{ zh_CN = "学会点一下。", en_US = "Learn to tap once." }}

[[steps]]
image = "one.svg"
highlight = {{ x = 10, y = 10, w = 80, h = 40 }}
text = {{ zh_CN = "点一下黑色的方块。", en_US = "Tap the black box once." }}

[[steps]]
image = "one.svg"
highlight = {{ x = 0, y = 100, w = 100, h = 100 }}
text = {{ zh_CN = "做得好。", en_US = "Well done." }}
"""


def shipped_folders() -> list[Path]:
    """Every lesson folder shipped in assets/tutorials."""
    return sorted(p for p in SHIPPED_LESSONS.iterdir() if (p / "lesson.toml").exists())


def copy_lesson(lesson_id: str, root: Path, folder_name: str | None = None) -> Path:
    """A copy of a shipped lesson folder under ``root``, to change or break."""
    target = root / (folder_name or lesson_id)
    shutil.copytree(SHIPPED_LESSONS / lesson_id, target)
    return target


def edit_lesson(folder: Path, old: str, new: str) -> Path:
    """Replace one piece of text in a lesson file (it must be there exactly once)."""
    lesson_file = folder / "lesson.toml"
    text = lesson_file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is in {lesson_file} {text.count(old)} times"
    lesson_file.write_text(text.replace(old, new), encoding="utf-8")
    return lesson_file


def write_small_lesson(root: Path, lesson_id: str = "one_tap", version: int = 1) -> Path:
    """A two-step lesson folder written from scratch; returns the folder."""
    folder = root / f"{lesson_id}_v{version}"
    folder.mkdir(parents=True)
    (folder / "lesson.toml").write_text(
        SMALL_LESSON.format(lesson_id=lesson_id, version=version), encoding="utf-8"
    )
    (folder / "one.svg").write_bytes(PICTURE)
    (folder / "icon.svg").write_bytes(PICTURE)
    return folder


@pytest.fixture(scope="session")
def shipped_lessons() -> dict[str, Lesson]:
    """The shipped lessons, which must all load without a problem."""
    library = load_lessons()
    assert library.problems == []
    return library.lessons


@pytest.fixture
def scan_to_pay() -> Lesson:
    """The shipped seven-step lesson on paying by scanning a code."""
    return read_lesson_folder(SHIPPED_LESSONS / "scan_to_pay")
