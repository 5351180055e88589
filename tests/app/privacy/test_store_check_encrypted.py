"""The start-up checks of the database file know an encrypted one: checked with its key,
damage and a wrong key found, never mistaken for a new kiosk."""

from __future__ import annotations

from pathlib import Path

from app.people import add_resident
from app.store import Store
from app.store_check import inspect_database
from tests.helpers.damaged_db import garble_middle_pages


def encrypted_with_data(database: Path, key: bytes) -> None:
    store = Store(database, key=key)
    for number in range(300):
        add_resident(store, card_number=f"{40000 + number}", name=f"居民{number}" * 10)
    store.close()


def test_a_whole_encrypted_database_passes(tmp_path: Path, database_key: bytes) -> None:
    database = tmp_path / "kiosk.sqlite3"
    encrypted_with_data(database, database_key)
    assert inspect_database(database, key=database_key) is None


def test_without_its_key_it_is_not_taken_for_a_database(
    tmp_path: Path, database_key: bytes
) -> None:
    database = tmp_path / "kiosk.sqlite3"
    encrypted_with_data(database, database_key)
    damage = inspect_database(database)
    assert damage is not None and damage.kind == "corrupt"
    wrong = inspect_database(database, key=bytes(32))
    assert wrong is not None and wrong.kind == "corrupt"
    assert "the key is not this database's" in wrong.detail


def test_damaged_pages_of_an_encrypted_database_are_found(
    tmp_path: Path, database_key: bytes
) -> None:
    database = tmp_path / "kiosk.sqlite3"
    encrypted_with_data(database, database_key)
    garble_middle_pages(database)
    damage = inspect_database(database, key=database_key)
    assert damage is not None and damage.kind == "corrupt"
