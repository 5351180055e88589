"""Kiosk database files damaged as it happens in the field, for the start-up checks' tests."""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap
from pathlib import Path

from app.store import Store
from app.store_check import side_file

PAGE = 4096


def files_of(database: Path) -> dict[str, bytes]:
    """The database and its side files as they are on disk, by name."""
    found = {}
    for path in (database, *(side_file(database, s) for s in ("-wal", "-shm", "-journal"))):
        if path.is_file():
            found[path.name] = path.read_bytes()
    return found


def kiosk_with_data(path: Path, rows: int = 400) -> None:
    """A real kiosk database with a few hundred rows (about 30 pages)."""
    store = Store(path)
    with store.transaction() as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
        for number in range(rows):
            conn.execute("INSERT INTO notes VALUES (?)", (f"note {number} " + "x" * 200,))
    store.close()


def garble_middle_pages(path: Path, pages: int = 2, seed: int = 11) -> bytes:
    """Write random bytes over ``pages`` pages in the middle of the file; its new bytes."""
    data = bytearray(path.read_bytes())
    middle = len(data) // PAGE // 2
    data[middle * PAGE : (middle + pages) * PAGE] = random.Random(seed).randbytes(pages * PAGE)
    path.write_bytes(bytes(data))
    return bytes(data)


def crash_after_writing(path: Path) -> None:
    """A kiosk process that commits a change and dies before it reaches the database file:
    its journal (-wal) and the journal's index (-shm) stay behind, as after a power cut."""
    child = textwrap.dedent(
        f"""
        import os, sqlite3
        conn = sqlite3.connect({str(path)!r}, isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute("INSERT INTO notes VALUES ('written just before the crash')")
        os._exit(0)
        """
    )
    subprocess.run([sys.executable, "-c", child], check=True, timeout=60)
    assert side_file(path, "-wal").stat().st_size > 0
    assert side_file(path, "-shm").exists()


def journal_lost(path: Path) -> None:
    """A crash as above, then the journal deleted (a careless copy, a cleaning script)."""
    kiosk_with_data(path)
    crash_after_writing(path)
    side_file(path, "-wal").unlink()
