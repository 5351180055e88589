"""The modes of the center's own files: its data folder 0700, the SQLite database and its
journal files 0600, so that no other account on the machine can read residents' data.

SQLite makes its ``-wal`` and ``-shm`` files with the database file's mode, and the server's
command line (``python -m server``) sets its umask to 077, so whatever it creates later is
private too.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from sqlalchemy.engine import make_url

FILE_MODE = 0o600
FOLDER_MODE = 0o700
SQLITE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL (None for another database or one in memory)."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def make_private(url: str, data_dir: Path | None) -> None:
    """Set the data folder (only the one the center made: never a folder the database
    merely sits in) to 0700, and the SQLite database and its journal files to 0600."""
    if data_dir is not None and data_dir.is_dir():
        data_dir.chmod(FOLDER_MODE)
    database = sqlite_path(url)
    if database is None:
        return
    for suffix in SQLITE_SUFFIXES:
        with contextlib.suppress(FileNotFoundError):
            Path(f"{database}{suffix}").chmod(FILE_MODE)
