"""The lessons shipped in assets/tutorials: all load, in both languages, with pictures that
exist, are SVG, hold their highlights, and that Qt can draw."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from app.tutorials import (
    LANGUAGES,
    PRACTICE_SCREENS,
    SHIPPED_LESSONS,
    Lesson,
    read_lesson_folder,
)
from app.tutorials.svg import check_svg
from tests.helpers.tutorials import shipped_folders

# The lessons the Learn feature promises, by id.
PROMISED = {
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
}
# Names of real apps and brands never appear in a lesson or its pictures.
BRANDS = re.compile(
    r"微信|支付宝|滴滴|美团|饿了么|淘宝|WeChat|Alipay|Didi|Meituan|Taobao|云闪付", re.IGNORECASE
)


def test_every_promised_lesson_is_shipped_and_loads(shipped_lessons: dict[str, Lesson]) -> None:
    assert set(shipped_lessons) >= PROMISED
    assert len(shipped_lessons) == len(shipped_folders())


@pytest.mark.parametrize("folder", shipped_folders(), ids=lambda p: p.name)
def test_a_shipped_lesson_is_short_and_speaks_both_languages(
    folder: Path, shipped_lessons: dict[str, Lesson]
) -> None:
    lesson = next(lesson for lesson in shipped_lessons.values() if lesson.folder == folder)
    assert lesson.id == folder.name
    assert 5 <= len(lesson.steps) <= 10
    for step in lesson.steps:
        for language in LANGUAGES:
            assert step.text.by_language[language]
            assert step.narration.by_language[language]
    assert [step.number for step in lesson.steps] == list(range(1, len(lesson.steps) + 1))


@pytest.mark.parametrize("folder", shipped_folders(), ids=lambda p: p.name)
def test_every_step_picture_exists_is_svg_and_holds_its_highlight(folder: Path) -> None:
    lesson = read_lesson_folder(folder)
    for step in lesson.steps:
        picture = folder / step.image
        assert picture.is_file()
        view_box = check_svg(picture.read_bytes())
        assert view_box.contains(step.highlight), f"step {step.number}"
        if step.practice is not None:
            assert view_box.contains(step.practice.target), f"step {step.number}"


@pytest.mark.parametrize("folder", shipped_folders(), ids=lambda p: p.name)
def test_no_picture_lies_unused_and_no_brand_is_named(folder: Path) -> None:
    lesson = read_lesson_folder(folder)
    pictures = {p.name for p in folder.glob("*.svg")}
    assert pictures == set(lesson.images)
    for path in [folder / "lesson.toml", *(folder / name for name in pictures)]:
        assert not BRANDS.search(path.read_text(encoding="utf-8")), path


def test_practice_steps_cover_the_sandbox_screens(shipped_lessons: dict[str, Lesson]) -> None:
    screens = {
        step.practice.screen
        for lesson in shipped_lessons.values()
        for step in lesson.steps
        if step.practice is not None
    }
    assert screens == set(PRACTICE_SCREENS)


def test_the_scam_lesson_names_the_anti_fraud_line(shipped_lessons: dict[str, Lesson]) -> None:
    words = " ".join(
        step.text.get(language)
        for step in shipped_lessons["phone_scams"].steps
        for language in LANGUAGES
    )
    assert "96110" in words and "110" in words


@pytest.mark.parametrize(
    "picture",
    sorted(SHIPPED_LESSONS.glob("*/*.svg")),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_qt_can_draw_every_picture(qapp: QApplication, picture: Path) -> None:
    renderer = QSvgRenderer(QByteArray(picture.read_bytes()))

    assert renderer.isValid()
    view_box = renderer.viewBoxF()
    assert view_box.width() > 0 and view_box.height() > 0
    assert picture.stat().st_size < 10_000  # hand-drawn mock-ups stay small
