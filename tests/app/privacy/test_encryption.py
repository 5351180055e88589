"""A copy of the kiosk's disk does not give away residents' names, numbers or readings: the
database and its journal are encrypted with a key kept elsewhere, deleted rows are
overwritten, and an older plain database is encrypted once, losing nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app import outbox
from app.people import add_resident, find_by_card
from app.privacy.encrypt import PART_SUFFIX, encrypt_in_place
from app.privacy.key import database_state
from app.store import Store, StoreError
from tests.helpers.privacy import agreed, file_bytes, holds
from tests.helpers.vitals import save_reading

NAME, PHONE, CARD = "林秀珍", "13912345678", "30077"
SYSTOLIC, DIASTOLIC = 187, 113  # an unusual reading, easy to search for


def resident_with_reading(store: Store) -> None:
    resident = add_resident(store, card_number=CARD, name=NAME, phone=PHONE)
    agreed(store, resident)
    save_reading(
        store,
        resident,
        "blood_pressure",
        {"systolic": SYSTOLIC, "diastolic": DIASTOLIC, "pulse": 71},
    )


def searched(files: dict[str, bytes]) -> dict[str, list[str]]:
    """Where each secret is found among the files' bytes."""
    reading = f'"systolic": {SYSTOLIC}.0, "diastolic": {DIASTOLIC}.0'
    return {text: holds(files, text) for text in (NAME, PHONE, CARD, reading)}


def test_a_plain_database_gives_everything_away(tmp_path: Path) -> None:
    """The search below finds what it looks for: in a plain file it is all there."""
    store = Store(tmp_path / "kiosk.sqlite3")
    resident_with_reading(store)
    found = searched(file_bytes(tmp_path / "kiosk.sqlite3"))
    store.close()
    assert all(found.values()), found


def test_names_phones_cards_and_readings_are_not_in_the_files(
    tmp_path: Path, database_key: bytes
) -> None:
    database = tmp_path / "kiosk.sqlite3"
    store = Store(database, key=database_key)
    resident_with_reading(store)

    while_open = file_bytes(database)
    assert set(while_open) >= {"kiosk.sqlite3", "kiosk.sqlite3-wal"}  # the journal too
    assert sum(len(data) for data in while_open.values()) > 4096
    assert searched(while_open) == {text: [] for text in searched(while_open)}
    assert not holds(while_open, "SQLite format 3")
    store.close()
    after = file_bytes(database)
    assert searched(after) == {text: [] for text in searched(after)}
    assert database_state(database) == "encrypted"

    again = Store(database, key=database_key)
    found = find_by_card(again, CARD)
    again.close()
    assert found is not None and (found.name, found.phone) == (NAME, PHONE)


def test_without_its_key_the_file_does_not_open(tmp_path: Path, database_key: bytes) -> None:
    database = tmp_path / "kiosk.sqlite3"
    Store(database, key=database_key).close()
    before = database.read_bytes()
    with pytest.raises(StoreError) as wrong:
        Store(database, key=bytes(32))
    with pytest.raises(StoreError) as plain:
        Store(database)
    assert wrong.value.kind == plain.value.kind == "corrupt"
    assert database.read_bytes() == before  # nothing made anew over it
    with pytest.raises(ValueError, match="32 bytes"):
        Store(database, key=b"short")


def test_deleted_rows_are_overwritten(encrypted_store: Store) -> None:
    with encrypted_store.reading() as conn:
        assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    plain = Store(Path(encrypted_store.path).with_name("plain.sqlite3"))
    with plain.reading() as conn:
        assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    plain.close()


def test_a_plain_database_is_encrypted_once_with_nothing_lost(
    tmp_path: Path, database_key: bytes
) -> None:
    database = tmp_path / "kiosk.sqlite3"
    store = Store(database)
    resident_with_reading(store)
    with store.transaction() as conn:
        outbox.enqueue(conn, "help.request", {"reason": "test"})
    with store.reading() as conn:
        before = {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
            for table in ("residents", "readings", "outbox", "consents")
        }
        before = {t: [tuple(r) for r in rows] for t, rows in before.items()}
    version = store.schema_version
    store.close()
    # An earlier start that lost power half-way left its part-made copy behind.
    (tmp_path / f"kiosk.sqlite3{PART_SUFFIX}").write_bytes(b"half a copy")

    copied = encrypt_in_place(database, database_key)

    assert copied >= sum(len(rows) for rows in before.values())
    assert database_state(database) == "encrypted"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kiosk.sqlite3"]
    assert searched(file_bytes(database)) == {text: [] for text in searched({})}
    store = Store(database, key=database_key)
    with store.reading() as conn:
        after = {
            t: [tuple(r) for r in conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()]
            for t in before
        }
    assert store.schema_version == version
    assert store.integrity_check() == "ok"
    store.close()
    assert after == before


def test_encrypting_a_damaged_plain_file_leaves_it_as_it_was(
    tmp_path: Path, database_key: bytes
) -> None:
    database = tmp_path / "kiosk.sqlite3"
    database.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84 + b"not really" * 100)
    before = database.read_bytes()
    with pytest.raises(StoreError):
        encrypt_in_place(database, database_key)
    assert database.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kiosk.sqlite3"]


def test_the_plain_reader_of_sqlite_sees_no_database(tmp_path: Path, database_key: bytes) -> None:
    database = tmp_path / "kiosk.sqlite3"
    Store(database, key=database_key).close()
    conn = sqlite3.connect(database)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()
