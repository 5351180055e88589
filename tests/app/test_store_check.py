"""Start-up checks of the database file, and keeping a damaged one for staff.

Each damaged case is made as it happens: a file emptied to 0 bytes, garbage over pages in the
middle of a real database, a journal (-wal) deleted after a crash left committed changes in it,
a file the kiosk's user cannot read. The damaged files are kept byte for byte and never changed.
"""

from __future__ import annotations

import os
import socket
import sqlite3
from pathlib import Path

import pytest

from app.store import Store
from app.store_check import NOTE, Damage, inspect_database, keep_aside, side_file
from tests.helpers.damaged_db import (
    crash_after_writing,
    files_of,
    garble_middle_pages,
    kiosk_with_data,
)

# -- what passes ----------------------------------------------------------------------------


def test_a_new_kiosk_has_no_database_and_that_is_fine(tmp_path: Path) -> None:
    assert inspect_database(tmp_path / "kiosk.sqlite3") is None


def test_a_healthy_database_passes_and_is_not_changed(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    kiosk_with_data(path)
    before = files_of(path)
    assert inspect_database(path) is None
    assert files_of(path) == before  # not even an empty journal beside it


def test_a_crash_with_its_journal_still_there_passes(tmp_path: Path) -> None:
    """The journal holds the last changes; SQLite applies them when the kiosk opens it."""
    path = tmp_path / "kiosk.sqlite3"
    kiosk_with_data(path)
    crash_after_writing(path)
    assert inspect_database(path) is None
    store = Store(path)
    try:
        with store.reading() as conn:
            last = conn.execute("SELECT text FROM notes ORDER BY rowid DESC LIMIT 1").fetchone()
        assert last[0] == "written just before the crash"
    finally:
        store.close()


# -- what does not --------------------------------------------------------------------------


def test_a_0_byte_database_is_damage_not_a_new_kiosk(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    path.write_bytes(b"")
    damage = inspect_database(path)
    assert damage is not None and damage.kind == "empty"
    assert path.read_bytes() == b""


def test_garbage_over_pages_in_the_middle_fails_the_check(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    kiosk_with_data(path)
    data = garble_middle_pages(path)

    damage = inspect_database(path)

    assert damage is not None and damage.kind == "corrupt"
    assert "fails its check" in damage.detail
    assert path.read_bytes() == data
    assert not side_file(path, "-wal").exists()


def test_a_file_that_is_not_a_database_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    path.write_bytes(b"not a database " * 100)
    damage = inspect_database(path)
    assert damage is not None and damage.kind == "corrupt"


def test_a_journal_deleted_after_a_crash_is_lost_data(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    kiosk_with_data(path)
    crash_after_writing(path)
    side_file(path, "-wal").unlink()
    before = files_of(path)

    damage = inspect_database(path)

    assert damage is not None and damage.kind == "journal_lost"
    assert "committed" in damage.detail
    assert files_of(path) == before  # nothing opened it: no new journal either
    # What SQLite itself would have done: open it as if nothing had happened.
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_a_journal_cut_short_is_lost_data(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    kiosk_with_data(path)
    crash_after_writing(path)
    with open(side_file(path, "-wal"), "r+b") as journal:
        journal.truncate(0)
    damage = inspect_database(path)
    assert damage is not None and damage.kind == "journal_lost"


def test_a_database_gone_with_its_journal_left_is_not_a_new_kiosk(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    kiosk_with_data(path)
    crash_after_writing(path)
    path.unlink()
    damage = inspect_database(path)
    assert damage is not None and damage.kind == "missing"


def test_a_folder_or_a_broken_link_in_place_of_the_file_is_unreadable(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "kiosk.sqlite3"
    folder.mkdir(parents=True)
    damage = inspect_database(folder)
    assert damage is not None and damage.kind == "unreadable"

    link = tmp_path / "b" / "kiosk.sqlite3"
    link.parent.mkdir()
    link.symlink_to(tmp_path / "unmounted-disk" / "kiosk.sqlite3")
    damage = inspect_database(link)
    assert damage is not None and damage.kind == "unreadable"
    assert not (tmp_path / "unmounted-disk").exists()


def test_a_socket_in_place_of_the_file_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        damage = inspect_database(path)
    finally:
        server.close()
    assert damage is not None and damage.kind == "unreadable"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file whatever its mode")
def test_a_file_the_kiosk_user_may_not_read_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    kiosk_with_data(path)
    path.chmod(0o000)
    try:
        damage = inspect_database(path)
    finally:
        path.chmod(0o600)
    assert damage is not None and damage.kind == "unreadable"


# -- keeping the damaged files --------------------------------------------------------------


def test_the_damaged_files_are_kept_byte_for_byte_and_left_in_place(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    kiosk_with_data(path)
    crash_after_writing(path)
    side_file(path, "-wal").unlink()
    before = files_of(path)
    damage = inspect_database(path)
    assert damage is not None

    kept = keep_aside(path, damage, now=1_700_000_000)

    assert kept.folder is not None and kept.folder.parent == tmp_path / "damaged"
    assert kept.problems == []
    assert {p.name: p.read_bytes() for p in kept.files} == before
    assert files_of(path) == before
    note = (kept.folder / NOTE).read_text(encoding="utf-8")
    assert "journal_lost" in note and str(path) in note


def test_a_0_byte_file_is_kept_too(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    path.write_bytes(b"")
    kept = keep_aside(path, Damage("empty", "0 bytes"))
    assert kept.folder is not None
    assert [(p.name, p.read_bytes()) for p in kept.files] == [("kiosk.sqlite3", b"")]


def test_a_second_start_with_the_same_damage_keeps_no_second_copy(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    path.write_bytes(b"not a database " * 100)
    damage = Damage("corrupt", "not an SQLite database")
    first = keep_aside(path, damage, now=1_700_000_000)
    again = keep_aside(path, damage, now=1_700_000_100)
    assert again.already and again.folder == first.folder
    assert len(list((tmp_path / "damaged").iterdir())) == 1

    path.write_bytes(b"different garbage " * 100)  # changed since: kept again
    third = keep_aside(path, damage, now=1_700_000_200)
    assert not third.already and third.folder != first.folder
    assert len(list((tmp_path / "damaged").iterdir())) == 2


def test_a_kept_folder_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    path.write_bytes(b"first garbage")
    first = keep_aside(path, Damage("corrupt", "first"), now=1_700_000_000)
    path.write_bytes(b"second garbage")
    second = keep_aside(path, Damage("corrupt", "second"), now=1_700_000_000)  # same second
    assert first.folder is not None and second.folder is not None
    assert second.folder != first.folder
    assert (first.folder / "kiosk.sqlite3").read_bytes() == b"first garbage"
    assert (second.folder / "kiosk.sqlite3").read_bytes() == b"second garbage"


def test_nothing_to_copy_is_said_and_nothing_is_changed(tmp_path: Path) -> None:
    folder = tmp_path / "kiosk.sqlite3"
    folder.mkdir()
    kept = keep_aside(folder, Damage("unreadable", "a folder"))
    assert kept.folder is None and kept.problems
    assert folder.is_dir() and not (tmp_path / "damaged").exists()
