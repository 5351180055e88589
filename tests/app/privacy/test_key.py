"""The database key comes from a systemd credential or the keyring, never from beside the
database; a kiosk whose encrypted database has lost its key is told so, and no new key (nor
a new, empty database) is made over it."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from app.privacy.key import (
    CREDENTIAL_NAME,
    SERVICE,
    KeyProblem,
    account_for,
    database_state,
    load_key,
)
from app.store import Store
from tests.helpers.privacy import LockedKeyring, MemoryKeyring


def encrypted_database(folder: Path) -> Path:
    database = folder / "kiosk.sqlite3"
    Store(database, key=secrets.token_bytes(32)).close()
    return database


def test_a_new_kiosk_gets_a_new_key_in_the_keyring(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    database = tmp_path / "data" / "kiosk.sqlite3"
    first = load_key(database, environ={})
    assert first.created and first.where == "keyring"
    assert memory_keyring.secrets[(SERVICE, account_for(database))] == first.key.hex()
    again = load_key(database, environ={})
    assert again.key == first.key and not again.created
    assert not (tmp_path / "data").exists()  # nothing written beside the database
    assert first.key.hex() not in repr(first)


def test_a_systemd_credential_comes_first(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    key = secrets.token_bytes(32)
    (tmp_path / CREDENTIAL_NAME).write_text(key.hex() + "\n", encoding="ascii")
    found = load_key(tmp_path / "kiosk.sqlite3", environ={"CREDENTIALS_DIRECTORY": str(tmp_path)})
    assert found.key == key and found.where == "systemd credential"
    assert memory_keyring.secrets == {}


def test_a_credential_that_is_not_a_key_is_said_to_be_so(tmp_path: Path) -> None:
    (tmp_path / CREDENTIAL_NAME).write_text("not a key", encoding="ascii")
    with pytest.raises(KeyProblem) as problem:
        load_key(tmp_path / "kiosk.sqlite3", environ={"CREDENTIALS_DIRECTORY": str(tmp_path)})
    assert problem.value.kind == "unreadable" and CREDENTIAL_NAME in str(problem.value)


def test_an_encrypted_database_without_its_key_is_left_alone(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    database = encrypted_database(tmp_path)
    before = database.read_bytes()
    with pytest.raises(KeyProblem) as problem:
        load_key(database, environ={})
    assert problem.value.kind == "missing"
    assert "encrypted" in str(problem.value) and "nothing was changed" in str(problem.value)
    assert memory_keyring.secrets == {}  # no new key over the lost one
    assert database.read_bytes() == before


def test_without_any_key_store_the_kiosk_is_told_where_to_keep_one(
    tmp_path: Path, no_keyring: None
) -> None:
    with pytest.raises(KeyProblem) as problem:
        load_key(tmp_path / "kiosk.sqlite3", environ={})
    assert problem.value.kind == "no_store"
    assert "Secret Service" in str(problem.value) and CREDENTIAL_NAME in str(problem.value)
    database = encrypted_database(tmp_path)
    with pytest.raises(KeyProblem) as missing:
        load_key(database, environ={})
    assert missing.value.kind == "missing"


def test_a_locked_keyring_is_said_to_be_so(tmp_path: Path) -> None:
    import keyring

    previous = keyring.get_keyring()
    keyring.set_keyring(LockedKeyring())
    try:
        with pytest.raises(KeyProblem) as problem:
            load_key(tmp_path / "kiosk.sqlite3", environ={})
    finally:
        keyring.set_keyring(previous)
    assert problem.value.kind == "no_store" and "locked" in str(problem.value)


def test_the_demo_keeps_its_key_in_its_own_folder(tmp_path: Path, no_keyring: None) -> None:
    keys = tmp_path / "keys"
    first = load_key(tmp_path / "data" / "kiosk.sqlite3", environ={}, demo_folder=keys)
    again = load_key(tmp_path / "data" / "kiosk.sqlite3", environ={}, demo_folder=keys)
    assert first.created and again.key == first.key
    assert (keys / "database-key").stat().st_mode & 0o777 == 0o600
    assert keys.stat().st_mode & 0o777 == 0o700


def test_the_state_of_a_database_file(tmp_path: Path) -> None:
    database = tmp_path / "kiosk.sqlite3"
    assert database_state(database) == "none"
    database.write_bytes(b"")
    assert database_state(database) == "none"
    database.unlink()
    Store(database).close()
    assert database_state(database) == "plain"
    database.unlink()
    assert database_state(encrypted_database(tmp_path)) == "encrypted"


def test_the_tests_credential_is_named_as_the_kiosk_reads_it() -> None:
    from tests.helpers import key_credentials

    assert key_credentials.CREDENTIAL_NAME == CREDENTIAL_NAME
