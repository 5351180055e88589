"""An older kiosk's plain database file turned into an encrypted one, once, at start-up.

SQLCipher copies every table, index and row into a new encrypted file beside the old one
(``sqlcipher_export``); the copy is checked (SQLite's own check of every page, and the same
number of rows in every table), written to disk, and only then put in the old file's place
with one rename. A power cut before the rename leaves the plain file as it was (the half-made
copy is removed at the next start); after it, the encrypted one. The plain file's journal is
emptied into it first, so no committed change is left behind.

The plain file's old blocks are freed, not overwritten: a flash disk may still hold them. That
is why a kiosk should be encrypted before it holds residents' data, and why the disk itself
should be encrypted too (docs/SECURITY.md).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from pathlib import Path

from app.store import (
    SIDE_FILES,
    StoreError,
    cipher_module,
    classify,
    connect,
    database_errors,
    keep_private,
)

log = logging.getLogger(__name__)
PART_SUFFIX = ".encrypting"


def encrypt_in_place(database: Path, key: bytes) -> int:
    """Replace the plain ``database`` by an encrypted copy made with ``key``; return the
    number of rows copied. Raises :class:`StoreError` with the plain file untouched."""
    part = database.with_name(database.name + PART_SUFFIX)
    _remove(part)
    errors = database_errors()
    try:
        counts = _empty_journal_and_count(database)
        _export(database, part, key)
        copied = _check_copy(part, key, counts)
    except errors as exc:
        _remove(part)
        raise classify(exc) from exc
    except BaseException:
        _remove(part)
        raise
    _sync(part)
    os.replace(part, database)
    _sync_folder(database.parent)
    for suffix in SIDE_FILES:
        _remove(Path(f"{database}{suffix}"))  # the plain file's, emptied above
    _remove(Path(f"{part}-journal"))
    log.info("the database was encrypted: %d rows in %d tables", copied, len(counts))
    return copied


def _empty_journal_and_count(database: Path) -> dict[str, int]:
    conn = sqlite3.connect(database, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


def _export(database: Path, part: Path, key: bytes) -> None:
    # SQLCipher's module with no key opens the plain file as SQLite would.
    conn = cipher_module().connect(str(database), isolation_level=None)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"", (str(part),))
        conn.execute("SELECT sqlcipher_export('encrypted')")
        conn.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()
    keep_private(part)


def _check_copy(part: Path, key: bytes, counts: dict[str, int]) -> int:
    conn = connect(str(part), key=key)
    try:
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise StoreError("corrupt", f"the encrypted copy fails its check: {check}")
        for table, count in counts.items():
            copied = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            if copied != count:
                raise StoreError(
                    "io", f"the encrypted copy holds {copied} rows of {table}, not {count}"
                )
    finally:
        conn.close()
    return sum(counts.values())


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not on every system (Windows): the rename is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
