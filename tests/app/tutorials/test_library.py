"""Loading lessons from the shipped folder and the kiosk's own: broken folders are left out
and reported, and of two copies of a lesson the higher version is used."""

from __future__ import annotations

from pathlib import Path

from app.paths import resolve_paths
from app.tutorials import SHIPPED_LESSONS, load_lessons, local_lessons_dir
from tests.helpers.tutorials import copy_lesson, edit_lesson, shipped_folders, write_small_lesson


def test_shipped_lessons_load_without_a_local_folder() -> None:
    library = load_lessons()

    assert library.problems == []
    assert [lesson.id for lesson in library.in_order()] == sorted(library.lessons)
    assert library.lesson("taxi") is not None
    assert library.lesson("no_such_lesson") is None


def test_a_broken_folder_is_left_out_with_its_problems_and_the_rest_still_load(
    tmp_path: Path,
) -> None:
    local = tmp_path / "local"
    broken = copy_lesson("taxi", local, "taxi_corrected")
    edit_lesson(broken, "version = 1", "version = 2")
    (broken / "06_driver.svg").unlink()
    write_small_lesson(local, "one_tap")
    (local / "empty_folder").mkdir()
    (local / "stray.txt").write_text("not a lesson", encoding="utf-8")

    library = load_lessons(SHIPPED_LESSONS, local)

    assert library.lesson("one_tap") is not None
    taxi = library.lesson("taxi")
    assert taxi is not None and taxi.version == 1  # the shipped copy stays in use
    assert len(library.lessons) == len(shipped_folders()) + 1
    named = sorted((p.file, p.step, p.field) for p in library.problems)
    assert named == [
        (str(local / "empty_folder" / "lesson.toml"), None, ""),
        (str(broken / "lesson.toml"), 6, "image"),
    ]


def test_a_newer_local_lesson_replaces_the_shipped_one_quietly(tmp_path: Path) -> None:
    newer = copy_lesson("taxi", tmp_path, "taxi_v2")
    edit_lesson(newer, "version = 1", "version = 2")

    library = load_lessons(SHIPPED_LESSONS, tmp_path)

    taxi = library.lesson("taxi")
    assert taxi is not None
    assert (taxi.version, taxi.folder) == (2, newer)
    assert library.problems == []


def test_an_older_or_equal_local_copy_is_not_used_and_staff_are_told_why(
    tmp_path: Path,
) -> None:
    shipped_root = tmp_path / "shipped"
    write_small_lesson(shipped_root, "one_tap", version=2)
    local = tmp_path / "local"
    older = write_small_lesson(local, "one_tap", version=1)
    same = write_small_lesson(local, "one_tap", version=2)

    library = load_lessons(shipped_root, local)

    lesson = library.lesson("one_tap")
    assert lesson is not None
    assert lesson.folder == shipped_root / "one_tap_v2"
    messages = {p.file: p.message for p in library.problems}
    assert set(messages) == {str(older / "lesson.toml"), str(same / "lesson.toml")}
    assert "version 2" in messages[str(older / "lesson.toml")]
    assert "newer" in messages[str(older / "lesson.toml")]
    assert "raise its version" in messages[str(same / "lesson.toml")]
    assert all(p.field == "id" and "duplicate lesson id" in p.message for p in library.problems)


def test_duplicate_ids_in_one_folder_keep_the_higher_version_and_name_the_other(
    tmp_path: Path,
) -> None:
    higher = write_small_lesson(tmp_path, "one_tap", version=5)
    lower = write_small_lesson(tmp_path, "one_tap", version=4)

    library = load_lessons(tmp_path)

    lesson = library.lesson("one_tap")
    assert lesson is not None and lesson.folder == higher
    assert [(p.file, p.field) for p in library.problems] == [(str(lower / "lesson.toml"), "id")]


def test_lessons_that_cannot_be_read_are_reported(tmp_path: Path) -> None:
    not_utf8 = write_small_lesson(tmp_path, "latin")
    (not_utf8 / "lesson.toml").write_bytes("titre = 'é'".encode("latin-1"))
    huge = write_small_lesson(tmp_path, "huge")
    (huge / "lesson.toml").write_bytes(b"#" * 200_000)

    library = load_lessons(tmp_path)

    assert library.lessons == {}
    assert sorted(p.message for p in library.problems) == [
        "is not UTF-8 text",
        "is over 100000 bytes",
    ]


def test_staff_lessons_live_in_the_data_folder(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path)

    assert local_lessons_dir(paths) == paths.data_dir / "tutorials"
    assert load_lessons(SHIPPED_LESSONS, local_lessons_dir(paths)).problems == []
