"""The database, its journal, the log, the config and keys are readable by the kiosk's user
alone: files 0600, folders 0700."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.people import add_resident
from app.privacy.modes import keep_private
from app.store import Store


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A process whose new files anyone may read, as a kiosk started by a careless unit."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_the_database_and_its_journal_are_private(
    tmp_path: Path, database_key: bytes, open_umask: None
) -> None:
    database = tmp_path / "kiosk.sqlite3"
    store = Store(database, key=database_key)
    add_resident(store, card_number="30001", name="林秀珍")
    modes = {p.name: mode(p) for p in tmp_path.iterdir()}
    store.close()
    assert set(modes) >= {"kiosk.sqlite3", "kiosk.sqlite3-wal", "kiosk.sqlite3-shm"}
    assert set(modes.values()) == {0o600}, modes


def test_an_older_database_readable_by_all_is_made_private(
    tmp_path: Path, open_umask: None
) -> None:
    database = tmp_path / "kiosk.sqlite3"
    Store(database).close()
    os.chmod(database, 0o644)
    Store(database).close()
    assert mode(database) == 0o600


def test_folders_and_everything_in_them_are_made_private(tmp_path: Path, open_umask: None) -> None:
    config, data, logs = (tmp_path / name for name in ("config", "data", "logs"))
    for folder in (config, data / "damaged" / "20261205", logs):
        folder.mkdir(parents=True, mode=0o755)
    (config / "config.toml").write_text("", encoding="utf-8")
    (logs / "kiosk.log").write_text("", encoding="utf-8")
    (data / "damaged" / "20261205" / "kiosk.sqlite3").write_bytes(b"")
    try:
        problems = keep_private([config, data, logs, tmp_path / "not there"])
        new_file = logs / "kiosk.log.1"
        new_file.write_text("", encoding="utf-8")  # the process's own mask, from now on
        new_folder = data / "icon-cache"
        new_folder.mkdir()
    finally:
        os.umask(0o022)
    assert problems == []
    for folder in (config, data, data / "damaged", data / "damaged" / "20261205", logs):
        assert mode(folder) == 0o700, folder
    for path in (config / "config.toml", logs / "kiosk.log", new_file):
        assert mode(path) == 0o600, path
    assert mode(new_folder) == 0o700
