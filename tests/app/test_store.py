"""The SQLite store: durable settings, migrations, and each storage failure as a clear kind."""

from __future__ import annotations

import logging
import os
import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.catalog import Catalog
from app.orders import place_order
from app.people import Resident, find_by_card
from app.store import Store, StoreError, migrations
from tests.helpers.queries import count_rows, fetch_all, pragma, row_counts

DOMAIN_TABLES = {"residents", "orders", "order_history", "sos_events", "help_requests", "outbox"}


def schema(store: Store) -> list[tuple[str, str]]:
    rows = fetch_all(store, "SELECT name, sql FROM sqlite_master ORDER BY name")
    return [(row["name"], row["sql"]) for row in rows]


def latest_version() -> int:
    return len(migrations())


@pytest.fixture
def other_connection(store: Store) -> Iterator[sqlite3.Connection]:
    """A second connection to the store's file, as another process would have."""
    conn = sqlite3.connect(store.path, isolation_level=None)
    yield conn
    if conn.in_transaction:
        conn.execute("ROLLBACK")
    conn.close()


# -- settings and migrations ---------------------------------------------------------------------


def test_wal_full_sync_and_foreign_keys_are_on(store: Store) -> None:
    assert pragma(store, "journal_mode") == "wal"
    assert pragma(store, "synchronous") == 2  # FULL
    assert pragma(store, "foreign_keys") == 1


def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(StoreError), store.transaction() as conn:
        conn.execute(
            "INSERT INTO order_history (order_id, status, at, by_whom)"
            " VALUES ('no-such-order', 'waiting', '2024-01-01', 'test')"
        )

    assert count_rows(store, "order_history") == 0


def test_migrations_are_numbered_from_one_without_gaps() -> None:
    numbers = [number for number, _ in migrations()]

    assert numbers == list(range(1, len(numbers) + 1))
    assert numbers, "there is at least the initial migration"


def test_migrations_apply_to_a_fresh_file(tmp_path: Path) -> None:
    path = tmp_path / "fresh.sqlite3"

    store = Store(path)
    try:
        assert store.schema_version == latest_version()
        names = {row["name"] for row in fetch_all(store, "SELECT name FROM sqlite_master")}
        assert names >= DOMAIN_TABLES
        assert store.integrity_check() == "ok"
    finally:
        store.close()
    assert path.is_file()


def test_reopening_applies_nothing_and_keeps_the_data(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "kiosk.sqlite3"
    caplog.set_level(logging.INFO, logger="app.store")
    first = Store(path)
    first_schema = schema(first)
    with first.transaction() as conn:
        conn.execute(
            "INSERT INTO residents (card_number, name, subsidy_tier, created_at)"
            " VALUES ('10001', '张秀英', 'free', '2024-01-01T00:00:00.000+00:00')"
        )
    first.close()
    assert any("applying database migration" in r.getMessage() for r in caplog.records)
    caplog.clear()

    second = Store(path)
    try:
        assert second.schema_version == latest_version()
        assert schema(second) == first_schema
        assert count_rows(second, "residents") == 1
        assert not any("applying database migration" in r.getMessage() for r in caplog.records)
    finally:
        second.close()


# -- files the store cannot use ------------------------------------------------------------------


def make_too_new_file(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future_things (id INTEGER PRIMARY KEY, note TEXT)")
    conn.execute("INSERT INTO future_things (note) VALUES ('written by a newer kiosk')")
    conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    conn.commit()
    conn.close()


def test_a_file_from_a_newer_program_is_refused_as_too_new(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    make_too_new_file(path)

    with pytest.raises(StoreError) as excinfo:
        Store(path)

    assert excinfo.value.kind == "too_new"
    assert str(latest_version() + 1) in excinfo.value.detail
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == latest_version() + 1
        assert conn.execute("SELECT note FROM future_things").fetchall() == [
            ("written by a newer kiosk",)
        ]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        assert not tables & DOMAIN_TABLES
    finally:
        conn.close()


def open_handles_to(path: Path) -> list[str]:
    fd_dir = Path("/proc/self/fd")
    found = []
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(str(path)):
            found.append(target)
    return found


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to list open files")
def test_a_refused_file_is_not_left_open(tmp_path: Path) -> None:
    # While the error is being shown (its traceback still alive), the refused file must be
    # closed: a newer program may need it, and on Windows an open handle blocks replacing it.
    path = tmp_path / "kiosk.sqlite3"
    make_too_new_file(path)

    with pytest.raises(StoreError) as excinfo:
        Store(path)

    assert excinfo.value.kind == "too_new"
    assert open_handles_to(path) == []


def test_a_file_that_is_not_a_database_is_reported_as_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    junk = random.Random(1234).randbytes(16 * 1024)
    path.write_bytes(junk)

    with pytest.raises(StoreError) as excinfo:
        Store(path)

    assert excinfo.value.kind == "corrupt"
    assert not isinstance(excinfo.value, sqlite3.Error)
    assert path.read_bytes() == junk


def test_a_damaged_database_is_reported_as_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    Store(path).close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xa5" * (4096 - 100)  # the schema page, after the 100-byte file header
    path.write_bytes(bytes(data))

    with pytest.raises(StoreError) as excinfo:
        Store(path)

    assert excinfo.value.kind == "corrupt"


def test_a_folder_in_place_of_the_file_cannot_be_opened(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    path.mkdir()

    with pytest.raises(StoreError) as excinfo:
        Store(path)

    assert excinfo.value.kind == "cannot_open"


# -- failures while writing ----------------------------------------------------------------------


def order_ids(store: Store) -> set[str]:
    return {row["id"] for row in fetch_all(store, "SELECT id FROM orders")}


def test_a_locked_database_reports_locked_and_the_write_succeeds_after_release(
    store: Store,
    residents: dict[str, Resident],
    catalog: Catalog,
    other_connection: sqlite3.Connection,
) -> None:
    urgent = catalog.service("urgent")
    assert urgent is not None
    earlier = place_order(store, residents["10001"], urgent, {})
    other_connection.execute("BEGIN EXCLUSIVE")
    other_connection.execute(
        "INSERT INTO residents (card_number, name, subsidy_tier, created_at)"
        " VALUES ('30001', '赵大爷', 'full', '2024-01-01T00:00:00.000+00:00')"
    )
    # A second kiosk process opens the same file while the lock is held.
    impatient = Store(store.path, busy_timeout_ms=100)
    try:
        before = row_counts(impatient)

        with pytest.raises(StoreError) as excinfo:
            place_order(impatient, residents["10002"], urgent, {})

        assert excinfo.value.kind == "locked"
        assert row_counts(impatient) == before

        other_connection.execute("COMMIT")
        later = place_order(impatient, residents["10002"], urgent, {})
    finally:
        impatient.close()

    assert order_ids(store) == {earlier.id, later.id}
    assert find_by_card(store, "30001") is not None
    assert count_rows(store, "outbox") == 2


def test_a_read_only_database_reports_read_only_and_loses_nothing(
    store: Store, residents: dict[str, Resident], catalog: Catalog
) -> None:
    urgent = catalog.service("urgent")
    assert urgent is not None
    earlier = place_order(store, residents["10001"], urgent, {})
    before = row_counts(store)
    # Tests run as root, so file permissions do not stop writes; query_only does.
    with store.reading() as conn:
        conn.execute("PRAGMA query_only = 1")

    with pytest.raises(StoreError) as excinfo:
        place_order(store, residents["10001"], urgent, {})

    assert excinfo.value.kind == "read_only"
    assert row_counts(store) == before
    with store.reading() as conn:
        conn.execute("PRAGMA query_only = 0")
    later = place_order(store, residents["10001"], urgent, {})
    assert order_ids(store) == {earlier.id, later.id}


def test_a_full_disk_reports_disk_full_without_half_an_order(
    store: Store, residents: dict[str, Resident], catalog: Catalog
) -> None:
    meals = catalog.service("meals")
    assert meals is not None
    resident = residents["10002"]
    choices = {"meal": "today_lunch", "portions": "2"}
    with store.reading() as conn:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")

    # The file may have room left in its last pages; write until it has none.
    saved: list[str] = []
    for _ in range(2000):
        before = row_counts(store)
        try:
            saved.append(place_order(store, resident, meals, choices).id)
        except StoreError as exc:
            failure = exc
            break
    else:
        pytest.fail("max_page_count never stopped a write")

    assert failure.kind == "disk_full"
    assert row_counts(store) == before
    assert order_ids(store) == set(saved)
    assert store.integrity_check() == "ok"

    with store.reading() as conn:
        conn.execute(f"PRAGMA max_page_count = {pages + 1000}")
    retried = place_order(store, resident, meals, choices)
    after = row_counts(store)
    assert after["orders"] == before["orders"] + 1
    assert after["outbox"] == before["outbox"] + 1
    assert after["order_history"] == before["order_history"] + 1
    assert order_ids(store) == {*saved, retried.id}
    assert retried.price_fen == 1600
