"""Broken lessons are refused with problems that name the file, the step and the field."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.tutorials import LessonError, LessonProblem, lesson_from_toml, read_lesson_folder
from app.tutorials.schema import TEXT_LIMITS
from tests.helpers.tutorials import PICTURE, SMALL_LESSON, copy_lesson, edit_lesson


def problems_of(folder: Path) -> list[LessonProblem]:
    with pytest.raises(LessonError) as excinfo:
        read_lesson_folder(folder)
    return excinfo.value.problems


def only_problem(folder: Path) -> LessonProblem:
    problems = problems_of(folder)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


# Lines of the shipped payment lesson that the broken copies change.
OPEN_APP = "Open the payment app you usually pay with."
FIRST_TEXT = f'text = {{ zh_CN = "打开您平时付钱用的支付软件。", en_US = "{OPEN_APP}" }}'
LOOK_FOR_FRAME = "Look for the button with a square frame, at the top left."
FIRST_HINT = f'hint = {{ zh_CN = "找画着方框的按钮，在左上角。", en_US = "{LOOK_FOR_FRAME}" }}'

# Each broken copy of the shipped payment lesson: the text changed, the step and field named,
# and a word of the message.
BROKEN = [
    pytest.param(
        'image = "03_scan.svg"', 'image = "03_scan_missing.svg"', 3, "image", "missing", id="gone"
    ),
    pytest.param(
        "highlight = { x = 84, y = 176, w = 192, h = 248 }",
        "highlight = { x = 84, y = 176, w = 192, h = 480 }",
        3,
        "highlight",
        "outside",
        id="highlight-outside",
    ),
    pytest.param(
        "highlight = { x = 84, y = 176, w = 192, h = 248 }",
        "highlight = { x = 84, y = 176, w = 0, h = 248 }",
        3,
        "highlight.w",
        "above 0",
        id="highlight-flat",
    ),
    pytest.param(
        "highlight = { x = 84, y = 176, w = 192, h = 248 }",
        'highlight = { x = 84, y = 176, w = 192, h = "tall" }',
        3,
        "highlight.h",
        "number",
        id="highlight-word",
    ),
    pytest.param(
        FIRST_TEXT,
        'text = { zh_CN = "打开您平时付钱用的支付软件。" }',
        1,
        "text.en_US",
        "missing",
        id="no-english",
    ),
    pytest.param(
        FIRST_TEXT,
        f'text = {{ zh_CN = "  ", en_US = "{OPEN_APP}" }}',
        1,
        "text.zh_CN",
        "empty",
        id="empty-chinese",
    ),
    pytest.param(
        FIRST_TEXT,
        'text = { zh_CN = "打开您平时付钱用的支付软件。", en_US = "Open it.", fr_FR = "Ouvrez." }',
        1,
        "text.fr_FR",
        "unknown key",
        id="third-language",
    ),
    pytest.param(
        FIRST_TEXT,
        'text = { zh_CN = "' + "点" * 61 + f'", en_US = "{OPEN_APP}" }}',
        1,
        "text.zh_CN",
        "61 characters",
        id="too-long-chinese",
    ),
    pytest.param(
        FIRST_TEXT,
        'text = { zh_CN = "打开支付软件。", en_US = "' + "tap " * 41 + '" }',
        1,
        "text.en_US",
        "keep it to 160",
        id="too-long-english",
    ),
    pytest.param(
        'image = "03_scan.svg"',
        'image = "03_scan.svg"\nhighlihgt = { x = 1, y = 1, w = 1, h = 1 }',
        3,
        "highlihgt",
        "unknown key",
        id="misspelt-key",
    ),
    pytest.param(
        'screen = "payment"\ntarget = { x = 48, y = 72, w = 96, h = 120 }',
        'screen = "payment"\ntarget = { x = 48, y = 72, w = 960, h = 120 }',
        2,
        "practice.target",
        "outside",
        id="target-outside",
    ),
    pytest.param(
        FIRST_HINT,
        f'hint = {{ en_US = "{LOOK_FOR_FRAME}" }}',
        2,
        "practice.hint.zh_CN",
        "missing",
        id="hint-untranslated",
    ),
    pytest.param(
        'screen = "payment"\ntarget = { x = 48, y = 72, w = 96, h = 120 }',
        'screen = "Payment Screen!"\ntarget = { x = 48, y = 72, w = 96, h = 120 }',
        2,
        "practice.screen",
        "practice screen",
        id="screen-name",
    ),
]


@pytest.mark.parametrize(("old", "new", "step", "field", "words"), BROKEN)
def test_a_broken_step_is_named_by_file_step_and_field(
    tmp_path: Path, old: str, new: str, step: int, field: str, words: str
) -> None:
    folder = copy_lesson("scan_to_pay", tmp_path)
    lesson_file = edit_lesson(folder, old, new)

    problem = only_problem(folder)

    assert problem.file == str(lesson_file)
    assert problem.step == step
    assert problem.field == field
    assert words in problem.message
    assert str(problem).startswith(f"{lesson_file}, step {step}, {field}: ")


@pytest.mark.parametrize(
    ("picture", "words"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'><rect", "not a readable SVG"),
        (b"<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>", "no viewBox"),
        (b"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 0 10'/>", "no area"),
        (b"<svg xmlns='http://www.w3.org/2000/svg' viewBox='zero'/>", "four numbers"),
        (b"<html><body/></html>", "not an SVG picture"),
        (
            b"<!DOCTYPE svg [<!ENTITY a 'aaaa'>]><svg xmlns='http://www.w3.org/2000/svg'"
            b" viewBox='0 0 1 1'>&a;</svg>",
            "document type",
        ),
        (b"\xff\xfe not text at all", "not a readable SVG"),
    ],
)
def test_a_bad_picture_is_named_with_the_steps_that_use_it(
    tmp_path: Path, picture: bytes, words: str
) -> None:
    folder = copy_lesson("scan_to_pay", tmp_path)
    (folder / "04_amount.svg").write_bytes(picture)

    problems = problems_of(folder)

    assert [(p.step, p.field) for p in problems] == [(4, "image"), (5, "image")]
    assert all("04_amount.svg" in p.message and words in p.message for p in problems)


def test_a_picture_too_big_for_a_mock_up_is_refused(tmp_path: Path) -> None:
    folder = copy_lesson("scan_to_pay", tmp_path)
    (folder / "icon.svg").write_bytes(PICTURE[:-6] + b" " * 300_000 + b"</svg>")

    problem = only_problem(folder)

    assert (problem.step, problem.field) == (None, "icon")
    assert "bytes" in problem.message


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    folder = copy_lesson("scan_to_pay", tmp_path)
    edit_lesson(folder, 'id = "scan_to_pay"', 'id = "Scan To Pay"')
    edit_lesson(folder, "version = 1", "version = 0")
    (folder / "07_done.svg").unlink()

    problems = problems_of(folder)

    assert [(p.step, p.field) for p in problems] == [(None, "id"), (None, "version"), (7, "image")]


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("id = ", "", "not valid TOML"),
        ('id = "x"\nversion = 1\n', "title", "table of texts"),
        (SMALL_LESSON.format(lesson_id="a", version=1).split("[[steps]]")[0], "steps", "steps"),
        (
            SMALL_LESSON.format(lesson_id="a", version=1) + "colour = 'red'\n",
            "colour",
            "unknown key",
        ),
        (
            SMALL_LESSON.format(lesson_id="a", version=1).replace(
                'skills = ["tapping"]', "skills = []"
            ),
            "skills",
            "skill names",
        ),
    ],
    ids=["toml", "title", "no-steps", "stray-key-in-last-step", "no-skills"],
)
def test_lesson_level_problems(text: str, field: str, words: str) -> None:
    files = {"one.svg": PICTURE, "icon.svg": PICTURE}

    with pytest.raises(LessonError) as excinfo:
        lesson_from_toml(text, files, source="upload.toml")

    assert any(p.field == field and words in p.message for p in excinfo.value.problems), [
        str(p) for p in excinfo.value.problems
    ]
    assert all(p.file == "upload.toml" for p in excinfo.value.problems)


def test_a_lesson_checks_from_text_alone_as_the_center_will() -> None:
    text = SMALL_LESSON.format(lesson_id="one_tap", version=3)

    lesson = lesson_from_toml(text, {"one.svg": PICTURE, "icon.svg": PICTURE, "x.svg": b"?"})

    assert (lesson.id, lesson.version, len(lesson.steps)) == ("one_tap", 3, 2)
    assert lesson.folder is None
    assert set(lesson.images) == {"one.svg", "icon.svg"}  # an unused file is not carried
    assert lesson.steps[0].narration == lesson.steps[0].text
    assert lesson.title.get("en_US") == "One tap"
    assert lesson.title.get("en") == "One tap"
    assert lesson.title.get("zh_CN") == "点一下"
    assert lesson.title.get("fr_FR") == "点一下"  # anything else gets the default language


@given(
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]),
        min_size=1,
        max_size=80,
    )
)
def test_any_chinese_text_within_the_limit_loads_and_any_over_it_is_refused(text: str) -> None:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    lesson_text = SMALL_LESSON.format(lesson_id="a", version=1).replace(
        "点一下黑色的方块。", escaped
    )
    files = {"one.svg": PICTURE, "icon.svg": PICTURE}
    length = sum(1 for char in " ".join(text.split()) if not char.isspace())

    if not text.strip():
        with pytest.raises(LessonError):
            lesson_from_toml(lesson_text, files)
    elif length > TEXT_LIMITS["zh_CN"]:
        with pytest.raises(LessonError) as excinfo:
            lesson_from_toml(lesson_text, files)
        assert [(p.step, p.field) for p in excinfo.value.problems] == [(1, "text.zh_CN")]
    else:
        lesson = lesson_from_toml(lesson_text, files)
        assert lesson.steps[0].text.get("zh_CN") == " ".join(text.split())
