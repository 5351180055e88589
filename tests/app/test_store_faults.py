"""The store keeps the storage failure it last met (``Store.fault``) for the header and the
center: set by any failed read or write of the storage itself, cleared by the next write that
commits, except damaged pages, which stay until a restart checks the file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.store import Store, StoreError
from tests.helpers.queries import pragma


def fill_disk(store: Store) -> None:
    pages = int(pragma(store, "page_count"))
    with store.reading() as conn:
        conn.execute(f"PRAGMA max_page_count = {pages}")


def test_a_full_disk_is_kept_as_the_fault_until_a_write_commits(store: Store) -> None:
    seen: list[str | None] = []
    store.watch_faults(lambda fault: seen.append(fault.kind if fault else None))
    with store.transaction() as conn:
        conn.execute("CREATE TABLE filler (x BLOB)")
    fill_disk(store)

    with pytest.raises(StoreError), store.transaction() as conn:
        conn.execute("INSERT INTO filler VALUES (randomblob(100000))")

    assert store.fault is not None and store.fault.kind == "disk_full"
    # A transaction that changes nothing proves nothing: the fault stays.
    with store.transaction() as conn:
        conn.execute("SELECT COUNT(*) FROM filler").fetchone()
    assert store.fault is not None
    with store.reading() as conn:
        conn.execute("PRAGMA max_page_count = 100000")
    with store.transaction() as conn:
        conn.execute("INSERT INTO filler VALUES (randomblob(100000))")
    assert store.fault is None
    assert seen == ["disk_full", None]


def test_a_locked_database_or_a_broken_rule_is_no_fault_of_the_storage(
    store: Store, tmp_path: Path
) -> None:
    with store.transaction() as conn:
        conn.execute("CREATE TABLE once (x UNIQUE)")
        conn.execute("INSERT INTO once VALUES (1)")
    with pytest.raises(StoreError) as broken, store.transaction() as conn:
        conn.execute("INSERT INTO once VALUES (1)")
    assert broken.value.kind == "constraint"

    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    impatient = Store(tmp_path / "kiosk.sqlite3", busy_timeout_ms=50)
    try:
        with pytest.raises(StoreError) as locked, impatient.transaction():
            pass
        assert locked.value.kind == "locked"
        assert impatient.fault is None
    finally:
        other.execute("ROLLBACK")
        other.close()
        impatient.close()
    assert store.fault is None


def test_damaged_pages_stay_a_fault_whatever_else_still_works(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    made = Store(path)
    with made.transaction() as conn:
        conn.execute("CREATE TABLE big (x BLOB)")
        for _ in range(50):
            conn.execute("INSERT INTO big VALUES (randomblob(3000))")
    made.close()
    data = bytearray(path.read_bytes())
    data[-8192:] = b"\xa5" * 8192  # the last pages hold the table's latest rows
    path.write_bytes(bytes(data))
    store = Store(path)
    try:
        with pytest.raises(StoreError) as damaged, store.reading() as conn:
            conn.execute("SELECT SUM(LENGTH(x)) FROM big").fetchone()
        assert damaged.value.kind == "corrupt"
        with store.transaction() as conn:
            conn.execute("CREATE TABLE elsewhere (x)")
            conn.execute("INSERT INTO elsewhere VALUES (1)")
        assert store.fault is not None and store.fault.kind == "corrupt"
    finally:
        store.close()
