"""The key of the kiosk's encrypted database: where it is kept and what to do without it.

The key is 32 random bytes. It is read, in this order, from

1. a systemd credential (``LoadCredentialEncrypted=`` in the kiosk's unit, decrypted by
   systemd into ``$CREDENTIALS_DIRECTORY`` with the machine's TPM or host key): the file
   :data:`CREDENTIAL_NAME`, holding the key in hex;
2. for ``--demo`` only, a file in the demo's own throwaway folder, as its token is (made-up
   residents: their key stays out of the user's keyring);
3. the OS keyring (the Secret Service on a Linux kiosk), as the device token is kept
   (sync/credentials.py), under an account named after the database file.

Never beside the database: a copy of the disk must not hold both. A new kiosk (no database
yet) and an older kiosk with a plain database get a new key in the keyring. A kiosk whose
database is encrypted and whose key cannot be found raises :class:`KeyProblem` with words
for staff: it must never start a new, empty database over the one it cannot open.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from app.store import KEY_BYTES

log = logging.getLogger(__name__)

SERVICE = "eldercare-kiosk"
CREDENTIAL_NAME = "eldercare-kiosk-database-key"
DEMO_KEY_FILE = "database-key"
SQLITE_MAGIC = b"SQLite format 3\x00"


class KeyProblem(Exception):
    """The database key cannot be had. ``kind``: missing (the database is encrypted and no
    key store holds its key), no_store (nowhere safe to keep a new key), unreadable (the
    credential or keyring entry is not a key)."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind
        self.detail = detail

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}"


class DatabaseKey(NamedTuple):
    """A key and where it came from (for the log; never the key itself)."""

    key: bytes
    where: str
    created: bool = False

    def __repr__(self) -> str:
        return f"DatabaseKey(where={self.where!r}, created={self.created})"


def database_state(database: Path) -> str:
    """``none`` (no file, or an empty one: the start-up checks deal with that), ``plain``
    (an SQLite file anyone can read) or ``encrypted`` (no SQLite header: SQLCipher's)."""
    try:
        with open(database, "rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return "none"
    except OSError:
        return "none"  # a folder or unreadable file: the start-up checks report it
    if not header:
        return "none"
    return "plain" if header == SQLITE_MAGIC else "encrypted"


def account_for(database: Path) -> str:
    """The keyring account of one database file (a demo's and a kiosk's differ)."""
    return f"database-key:{database.resolve()}"


def load_key(
    database: Path,
    *,
    environ: Mapping[str, str] | None = None,
    demo_folder: Path | None = None,
) -> DatabaseKey:
    """The key of ``database``, made and kept where none exists yet and the database is not
    encrypted. Raises :class:`KeyProblem` (see the module)."""
    env = os.environ if environ is None else environ
    state = database_state(database)
    credentials = env.get("CREDENTIALS_DIRECTORY")
    if credentials:
        credential = Path(credentials) / CREDENTIAL_NAME
        if credential.is_file():
            return DatabaseKey(
                _parse(
                    credential.read_text(encoding="ascii", errors="replace"),
                    f"the systemd credential {credential}",
                ),
                "systemd credential",
            )
    if demo_folder is not None:
        # The demo's throwaway data keeps its key in its own folder: never in the user's
        # keyring (and the keyring's import, about 40 ms, stays off the demo's start-up).
        return _demo_key(database, state, demo_folder)
    backend = _keyring()
    account = account_for(database)
    if backend is not None:
        try:
            stored = backend.get_password(SERVICE, account)
        except Exception as exc:
            log.warning("the keyring could not be read", exc_info=True)
            raise KeyProblem(
                "no_store", f"the keyring could not be read ({exc}); it may be locked"
            ) from exc
        if stored:
            return DatabaseKey(_parse(stored, "the keyring's database key"), "keyring")
        _refuse_new_key_over(database, state, "the keyring holds no key for it")
        key = _new_key()
        try:
            backend.set_password(SERVICE, account, key.hex())
            kept = backend.get_password(SERVICE, account)
        except Exception as exc:
            raise KeyProblem("no_store", f"the keyring refused a new database key ({exc})") from exc
        if kept != key.hex():
            raise KeyProblem("no_store", "the keyring did not keep a new database key")
        log.info("a new database key was made and kept in the keyring")
        return DatabaseKey(key, "keyring", created=True)
    _refuse_new_key_over(database, state, "there is no keyring and no systemd credential")
    raise KeyProblem(
        "no_store",
        "there is no keyring and no systemd credential to keep the database key: set up the"
        f" Secret Service for the kiosk's user, or give the kiosk's unit the credential"
        f" {CREDENTIAL_NAME} (see docs/SECURITY.md)",
    )


def _refuse_new_key_over(database: Path, state: str, why: str) -> None:
    if state == "encrypted":
        raise KeyProblem(
            "missing",
            f"the database {database} is encrypted and its key cannot be found ({why}); restore"
            " the key (keyring or systemd credential) or the kiosk's data from a backup; nothing"
            " was changed",
        )


def _demo_key(database: Path, state: str, folder: Path) -> DatabaseKey:
    """The demo's residents are made up: its key may live in its own throwaway folder."""
    path = folder / DEMO_KEY_FILE
    if path.is_file():
        return DatabaseKey(_parse(path.read_text(encoding="ascii"), str(path)), str(path))
    _refuse_new_key_over(database, state, f"{path} is gone")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = _new_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key.hex())
    return DatabaseKey(key, str(path), created=True)


def _new_key() -> bytes:
    import secrets  # only for a new key: not on every start

    return secrets.token_bytes(KEY_BYTES)


def _parse(text: str, where: str) -> bytes:
    try:
        key = bytes.fromhex(text.strip())
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise KeyProblem(
            "unreadable", f"{where} is not a database key ({KEY_BYTES * 2} hex digits)"
        )
    return key


def _keyring():  # type: ignore[no-untyped-def]
    """The usable keyring backend, or None (as sync/credentials.py decides)."""
    import keyring
    from keyring.backends import fail

    try:
        backend = keyring.get_keyring()
    except Exception:
        log.warning("no keyring backend could be loaded", exc_info=True)
        return None
    if isinstance(backend, fail.Keyring) or backend.priority <= 0:
        return None
    return backend
