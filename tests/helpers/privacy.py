"""Fixtures for residents' privacy on the kiosk: a keyring in memory, database keys, consent
given, and reading the raw bytes of a database file and its journal."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import KeyringLocked, PasswordDeleteError

from app.people import Resident
from app.privacy.consent import HEALTH_READINGS, record_consent
from app.store import KEY_BYTES, SIDE_FILES, Store

WORDING = "health-2026-12"


class MemoryKeyring(KeyringBackend):
    """A working keyring that keeps secrets in memory."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


class LockedKeyring(MemoryKeyring):
    """A keyring that is there but will not open (a locked Secret Service collection)."""

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("locked")


# keyring chains every backend class defined in the process into the default keyring: without
# this, a test run would keep device tokens in memory once this module is imported, and kiosks
# started as child processes would never find them. These are for the fixtures below only.
KeyringBackend._classes.difference_update({MemoryKeyring, LockedKeyring})  # type: ignore[attr-defined]


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """A working keyring for the test; the previous backend comes back after."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """No keyring at all, as on a Linux machine without the Secret Service."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def database_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


@pytest.fixture
def encrypted_store(tmp_path: Path, database_key: bytes) -> Iterator[Store]:
    """A migrated, encrypted store in its own file, closed when the test ends."""
    opened = Store(tmp_path / "kiosk.sqlite3", key=database_key)
    yield opened
    opened.close()


def agreed(store: Store, resident: Resident, *, granted: bool = True) -> None:
    """The resident answered the consent screen about their health readings."""
    record_consent(store, resident, HEALTH_READINGS, granted=granted, wording_version=WORDING)


def file_bytes(database: Path) -> dict[str, bytes]:
    """The bytes of the database file and of each side file there is, by name."""
    found = {}
    for suffix in ("", *SIDE_FILES):
        path = Path(f"{database}{suffix}")
        if path.exists():
            found[path.name] = path.read_bytes()
    return found


def holds(files: dict[str, bytes], text: str) -> list[str]:
    """The files among ``files`` in which ``text`` is found as UTF-8 (as SQLite stores it)."""
    needle = text.encode("utf-8")
    return [name for name, data in files.items() if needle in data]
