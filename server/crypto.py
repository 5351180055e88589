"""Encryption of the center's personal and health columns (AES-256-GCM, ``cryptography``).

A sealed value is text, so it fits the columns it replaces on SQLite and PostgreSQL alike:

    e1:<key id>:<base64url of nonce (12 bytes) + ciphertext + tag (16 bytes)>

``e1`` is the format; the key id (8 hex digits of a hash of the key) says which of the
center's keys sealed it, so a new key can be brought in while the old one still opens what
it sealed (:class:`DataKeys`: the first key seals, all of them open). The associated data is
``table.column:row key``: a value copied into another row, or another column, does not open.

Where the keys come from is :func:`load_keys`; which columns are sealed is docs/SECURITY.md.
Every process holds its keys once (:func:`install`), before migrations run: a migration that
seals existing rows asks :func:`active` for them.

A value that does not open (damaged, or sealed with a key this center does not have) raises
:class:`Unreadable`; the readers turn that into a row shown as unreadable and a log line, never
an error for the other rows. Text without the ``e1:`` mark is taken as written before the
columns were sealed (a row an older process wrote during an upgrade) and read as it is.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import secrets
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

log = logging.getLogger(__name__)

KEY_BYTES = 32
NONCE_BYTES = 12
MARK = "e1:"
CREDENTIAL_NAME = "eldercare-center-data-key"
KEY_FILE_ENV = "CENTER_DATA_KEY_FILE"
UNREADABLE_TEXT = "⚠ 无法读取 unreadable"  # what a page or answer shows for such a value
MAKE_KEY_HINT = (
    "make one with `python -m server make-data-key PATH` and give its path in"
    f" {KEY_FILE_ENV}, or give it to the service as the systemd credential {CREDENTIAL_NAME}"
    " (see docs/SECURITY.md)"
)


class DataKeyProblem(Exception):
    """The data key cannot be had or is not this database's; the message is one sentence
    for whoever starts the server."""


class Unreadable(Exception):
    """A sealed value that does not open: damaged, moved, or sealed with another key."""


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"eldercare-center-data-key-id:" + key).hexdigest()[:8]


@dataclass(frozen=True)
class DataKeys:
    """The center's data keys, newest (the one that seals) first; ``where`` for the log."""

    keys: tuple[bytes, ...]
    where: str
    _ciphers: dict[str, AESGCM] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.keys:
            raise DataKeyProblem(f"{self.where} holds no data key")
        for key in self.keys:
            self._ciphers[key_id(key)] = AESGCM(key)

    def __repr__(self) -> str:  # never the keys themselves
        return f"DataKeys(ids={self.ids}, where={self.where!r})"

    @property
    def current_id(self) -> str:
        return key_id(self.keys[0])

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(key_id(k) for k in self.keys)

    def seal(self, table: str, column: str, row_key: object, plain: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        kid = self.current_id
        sealed = self._ciphers[kid].encrypt(nonce, plain.encode(), _aad(table, column, row_key))
        return f"{MARK}{kid}:{base64.urlsafe_b64encode(nonce + sealed).decode('ascii')}"

    def open(self, table: str, column: str, row_key: object, stored: str) -> str:
        if not stored.startswith(MARK):
            return stored  # written before the column was sealed
        try:
            _, kid, body = stored.split(":", 2)
            raw = base64.urlsafe_b64decode(body.encode("ascii"))
        except ValueError as exc:
            raise Unreadable(f"{table}.{column} of {row_key}: not a sealed value") from exc
        cipher = self._ciphers.get(kid)
        if cipher is None:
            raise Unreadable(f"{table}.{column} of {row_key}: sealed with key {kid}, not given")
        try:
            plain = cipher.decrypt(
                raw[:NONCE_BYTES], raw[NONCE_BYTES:], _aad(table, column, row_key)
            )
            return plain.decode()
        except (InvalidTag, ValueError, UnicodeDecodeError) as exc:
            raise Unreadable(f"{table}.{column} of {row_key}: damaged or moved") from exc


def _aad(table: str, column: str, row_key: object) -> bytes:
    return f"{table}.{column}:{row_key}".encode()


# -- the process's keys ------------------------------------------------------------------

_active: DataKeys | None = None


def install(keys: DataKeys) -> None:
    """The keys this process seals and opens with (one center per process)."""
    global _active
    if _active is not None and _active.ids != keys.ids:
        log.warning("the data keys of this process were changed (%s -> %s)", _active, keys)
    _active = keys


def active() -> DataKeys:
    if _active is None:
        # Only an in-process center made without keys (tests that build Settings by hand)
        # gets here: a key of this process alone, never written anywhere.
        install(DataKeys((secrets.token_bytes(KEY_BYTES),), "a key of this process only"))
        log.warning("no data key was given: this process uses a key of its own, kept nowhere")
    assert _active is not None
    return _active


def seal(table: str, column: str, row_key: object, plain: str) -> str:
    return active().seal(table, column, row_key, plain)


def open_text(table: str, column: str, row_key: object, stored: str) -> str:
    """The plaintext of ``stored``; raises :class:`Unreadable`."""
    return active().open(table, column, row_key, stored)


def open_or(table: str, column: str, row_key: object, stored: str | None, default: Any) -> Any:
    """The plaintext, or ``default`` (logged) when it does not open; None stays None."""
    if stored is None:
        return None
    try:
        return open_text(table, column, row_key, stored)
    except Unreadable as exc:
        log.error("an unreadable value in the database, shown as unreadable: %s", exc)
        return default


def seal_json(table: str, column: str, row_key: object, value: Any) -> str:
    return seal(table, column, row_key, json.dumps(value, ensure_ascii=False))


# -- attributes of the ORM models --------------------------------------------------------


class SealedText:
    """The plaintext of an encrypted column, as an attribute of a model. The model maps the
    column itself to ``stored`` (``_name = mapped_column("name", Text)``); this opens it on
    read (once per stored value) and seals on write, with the row's key from ``row_key``
    (set it first). A value that does not open reads as ``unreadable``."""

    def __init__(
        self,
        stored: str,
        table: str,
        column: str,
        row_key: Callable[[Any], object],
        unreadable: Any = UNREADABLE_TEXT,
    ) -> None:
        self.stored = stored
        self.table = table
        self.column = column
        self.row_key = row_key
        self.unreadable = unreadable

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        stored = getattr(obj, self.stored)
        if stored is None:
            return None
        cache: dict[str, tuple[str, Any]] = obj.__dict__.setdefault("_opened", {})
        hit = cache.get(self.stored)
        if hit is not None and hit[0] == stored:
            return hit[1]
        plain = open_or(self.table, self.column, self.row_key(obj), stored, self.unreadable)
        cache[self.stored] = (stored, plain)
        return plain

    def __set__(self, obj: Any, value: str | None) -> None:
        if value is None:
            setattr(obj, self.stored, None)
            return
        row_key = self.row_key(obj)
        if row_key is None:
            raise ValueError(f"{self.table}: set the row's key before {self.column}")
        setattr(obj, self.stored, seal(self.table, self.column, row_key, value))


# -- where the keys come from ------------------------------------------------------------


def parse_keys(text: str, where: str) -> DataKeys:
    """Keys, one a line in hex (64 digits), the one that seals first; ``#`` comments."""
    keys: list[bytes] = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        try:
            key = bytes.fromhex(line)
        except ValueError:
            key = b""
        if len(key) != KEY_BYTES:
            raise DataKeyProblem(
                f"{where} is not a data key: each line must be {KEY_BYTES * 2} hex digits"
            )
        keys.append(key)
    return DataKeys(tuple(keys), where)


def load_keys(
    environ: Mapping[str, str], data_dir: Path | None, *, demo_key: Path | None = None
) -> DataKeys | None:
    """The center's keys: the systemd credential, else the file ``CENTER_DATA_KEY_FILE``,
    else (``demo_key``: the demo's and tests' centers) a key made and kept in that file,
    else None. Raises :class:`DataKeyProblem` for a key that is there but not fit to use."""
    credentials = environ.get("CREDENTIALS_DIRECTORY")
    if credentials:
        credential = Path(credentials) / CREDENTIAL_NAME
        if credential.is_file():
            return parse_keys(
                credential.read_text(encoding="ascii", errors="replace"),
                f"the systemd credential {credential}",
            )
    named = environ.get(KEY_FILE_ENV, "").strip()
    if named:
        return read_key_file(Path(named), data_dir)
    if demo_key is not None:
        if not demo_key.is_file():
            make_key_file(demo_key)
        return read_key_file(demo_key, data_dir)
    return None


def read_key_file(path: Path, data_dir: Path | None) -> DataKeys:
    path = path.expanduser().resolve()
    if data_dir is not None and path.is_relative_to(data_dir.resolve()):
        raise DataKeyProblem(
            f"the data key {path} is inside the data folder {data_dir}: keep it elsewhere, so a"
            " copy of the data does not hold its key"
        )
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="ascii", errors="replace")
    except OSError as exc:
        raise DataKeyProblem(f"the data key {path} cannot be read ({exc.strerror})") from exc
    if stat.S_IMODE(mode) & 0o077:
        raise DataKeyProblem(
            f"the data key {path} may be read by others (mode {stat.S_IMODE(mode):o}):"
            f" `chmod 600 {path}`"
        )
    return parse_keys(text, f"the data key {path}")


def make_key_file(path: Path) -> str:
    """A new key written to ``path`` (0600; refuses to overwrite); its id."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = secrets.token_bytes(KEY_BYTES)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key.hex() + "\n")
    return key_id(key)


# -- the database's keys -----------------------------------------------------------------

CHECK_TEXT = "eldercare-center-data-key-check"


def verify_database(engine: Any) -> None:
    """Refuse (:class:`DataKeyProblem`) a database sealed with a key this process was not
    given; record the sealing key of a database that has none yet, or a new one. The table
    ``data_keys`` (migration 0012) holds, per key id, a value sealed with that key."""
    from sqlalchemy import text

    keys = active()
    with engine.begin() as connection:
        known = dict(connection.execute(text("SELECT key_id, check_value FROM data_keys")).all())
        missing = sorted(set(known) - set(keys.ids))
        if missing:
            raise DataKeyProblem(
                "the residents' data in this database was sealed with data key"
                f" {', '.join(missing)}, but the key given ({keys.where}) is {keys.current_id}:"
                " give the server the key it was set up with; nothing was changed"
            )
        for kid, check in known.items():
            try:
                opened = keys.open("data_keys", "check_value", kid, check)
            except Unreadable:
                opened = ""
            if opened != CHECK_TEXT:
                raise DataKeyProblem(
                    f"the check value of data key {kid} in the database does not open with"
                    " that key: the table data_keys was changed; nothing was changed"
                )
        if keys.current_id not in known:
            record_key(connection, keys)


def record_key(connection: Any, keys: DataKeys) -> None:
    """Note the sealing key's id and check value in ``data_keys`` (once)."""
    import time

    from sqlalchemy import text

    connection.execute(
        text(
            "INSERT INTO data_keys (key_id, check_value, added_at) VALUES (:kid, :check, :at)"
            " ON CONFLICT (key_id) DO NOTHING"
        ),
        {
            "kid": keys.current_id,
            "check": keys.seal("data_keys", "check_value", keys.current_id, CHECK_TEXT),
            "at": time.time(),
        },
    )
