"""The SQLite store: one file, WAL journal, ``synchronous=FULL``, foreign keys on.

Numbered migrations in ``app/migrations`` bring any older file up to date. Every write runs in
:meth:`Store.transaction`, so a domain row and its outbox event are committed together or not at
all. SQLite failures are turned into :class:`StoreError` with a ``kind`` the screens can explain.

With a ``key`` the whole file is encrypted with SQLCipher (AES-256, every page, the journal
too; ``app.privacy`` keeps the key and turns an older plain file into an encrypted one);
without one it is a plain SQLite file, as tests and tools use it. Deleted rows are overwritten
(``secure_delete``), and the files are readable by the kiosk's user alone (0600).

A failure of the storage itself (a full disk, damaged pages, a read-only or failing disk) is
also kept as :attr:`Store.fault` until a write commits again (a damaged file stays faulty
until the program restarts and checks it), so the sync worker can say so in the header and tell
the center even when the failure happened on a screen.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, cast

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")

# Primary SQLite result codes (https://www.sqlite.org/rescode.html).
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN = 10, 11, 13, 14
_SQLITE_CONSTRAINT, _SQLITE_NOTADB = 19, 26


KEY_BYTES = 32  # AES-256
FILE_MODE = 0o600
SIDE_FILES = ("-wal", "-shm", "-journal")

# Kinds of failure that mean the storage itself is in trouble, not one write (locked,
# constraint) or the program (too_new).
STORAGE_FAULTS = frozenset({"disk_full", "corrupt", "io", "read_only", "cannot_open"})


class StoreError(Exception):
    """A storage failure, with ``kind`` one of: locked, read_only, disk_full, corrupt,
    cannot_open, constraint, too_new, io."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


def cipher_module() -> Any:
    """SQLCipher's DB-API module, imported only by a kiosk that encrypts."""
    from sqlcipher3 import dbapi2

    return dbapi2


def database_errors() -> tuple[type[BaseException], ...]:
    """The exceptions of SQLite and, where it is installed, of SQLCipher."""
    try:
        return (sqlite3.Error, cipher_module().Error)
    except ImportError:
        return (sqlite3.Error,)


def connect(path: str, *, key: bytes | None = None, uri: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode: plain SQLite, or SQLCipher opened with ``key``.

    Nothing is read yet: a wrong key shows at the first statement (``corrupt``: "file is
    not a database")."""
    if key is None:
        return sqlite3.connect(
            path, isolation_level=None, check_same_thread=False, timeout=0, uri=uri
        )
    if len(key) != KEY_BYTES:
        raise ValueError(f"a database key has {KEY_BYTES} bytes, not {len(key)}")
    conn = cipher_module().connect(
        path, isolation_level=None, check_same_thread=False, timeout=0, uri=uri
    )
    # A raw key: no key derivation at each start (the key is random, not a password).
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    # Errors reach us as exceptions; SQLCipher would also print them on stderr.
    conn.execute("PRAGMA cipher_log_level = NONE")
    return cast(sqlite3.Connection, conn)


def keep_private(path: Path | str) -> None:
    """The database and its side files readable and writable by the kiosk's user alone."""
    for suffix in ("", *SIDE_FILES):
        with suppress(FileNotFoundError):
            os.chmod(f"{path}{suffix}", FILE_MODE)


def classify(exc: BaseException) -> StoreError:
    """Map an sqlite3 (or SQLCipher) exception to a :class:`StoreError` the UI can explain."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "locked" in text:
        kind = "locked"
    elif primary == _SQLITE_READONLY or "readonly" in text:
        kind = "read_only"
    elif primary == _SQLITE_FULL or "full" in text:
        kind = "disk_full"
    elif primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in text:
        kind = "corrupt"
    elif primary == _SQLITE_CONSTRAINT or type(exc).__name__ == "IntegrityError":
        kind = "constraint"
    elif primary == _SQLITE_CANTOPEN or "unable to open" in text:
        kind = "cannot_open"
    else:
        kind = "io"
    return StoreError(kind, str(exc))


def migrations() -> list[tuple[int, Path]]:
    """The numbered migration files, in order."""
    found = []
    for path in MIGRATIONS_DIR.iterdir():
        match = _MIGRATION_NAME.match(path.name)
        if match:
            found.append((int(match.group(1)), path))
    found.sort()
    numbers = [n for n, _ in found]
    if numbers != list(range(1, len(numbers) + 1)):
        raise RuntimeError(f"migrations must be numbered 1..N without gaps, found {numbers}")
    return found


class Store:
    """One open database file, safe to use from several threads (writes are serialised)."""

    def __init__(
        self, path: Path | str, *, key: bytes | None = None, busy_timeout_ms: int = 5000
    ) -> None:
        self.path = str(path)
        self.encrypted = key is not None
        self._lock = threading.RLock()
        self.fault: StoreError | None = None
        """The storage failure last met, until a write commits again (see the module)."""
        self._fault_watchers: list[Callable[[StoreError | None], None]] = []
        self._errors = database_errors() if key is not None else (sqlite3.Error,)
        try:
            self._conn = connect(self.path, key=key)
            self._conn.row_factory = _row_factory(key is not None)
            self._conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._refuse_newer_schema()
            mode = self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal" and self.path != ":memory:":
                log.warning("database %s runs in journal mode %s, not WAL", self.path, mode)
            self._conn.execute("PRAGMA synchronous = FULL")
            # A deleted row (an erased resident, a reading past its time) is overwritten,
            # not left in free pages for anyone who reads the file.
            self._conn.execute("PRAGMA secure_delete = ON")
            if self.path != ":memory:":
                keep_private(self.path)
            self._migrate()
        except self._errors as exc:
            self._close_quietly()
            raise classify(exc) from exc
        except BaseException:
            self._close_quietly()
            raise

    # -- schema ---------------------------------------------------------------------------

    def _refuse_newer_schema(self) -> None:
        """Leave a file written by a newer program untouched (not even its journal mode)."""
        known = len(migrations())
        current = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if current > known:
            raise StoreError(
                "too_new", f"database schema version {current} is newer than this program ({known})"
            )

    def _migrate(self) -> None:
        known = migrations()
        current = self._conn.execute("PRAGMA user_version").fetchone()[0]
        for number, path in known[current:]:
            log.info("applying database migration %s", path.name)
            with self.transaction() as conn:
                for statement in _split_sql(path.read_text(encoding="utf-8")):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")

    @property
    def schema_version(self) -> int:
        with self._lock:
            return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    # -- storage faults ---------------------------------------------------------------------

    def watch_faults(self, watcher: Callable[[StoreError | None], None]) -> None:
        """Call ``watcher`` with the new :attr:`fault` (None: cleared) whenever it changes,
        on the thread that met it; it must return at once (set an event, emit a signal)."""
        self._fault_watchers.append(watcher)

    def _failed(self, exc: BaseException) -> StoreError:
        error = classify(exc)
        if error.kind in STORAGE_FAULTS and (self.fault is None or self.fault.kind != error.kind):
            self._set_fault(error)
        return error

    def _wrote(self) -> None:
        # A commit that changed rows shows writing works again; damaged pages do not mend.
        if self.fault is not None and self.fault.kind != "corrupt":
            self._set_fault(None)

    def _set_fault(self, fault: StoreError | None) -> None:
        self.fault = fault
        for watcher in self._fault_watchers:
            try:
                watcher(fault)
            except Exception:
                log.exception("a storage fault watcher failed")

    # -- access ---------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE): committed on success, rolled back on error."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except self._errors as exc:
                raise self._failed(exc) from exc
            changes = self._conn.total_changes
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except self._errors as exc:
                self._rollback_quietly()
                raise self._failed(exc) from exc
            except BaseException:
                self._rollback_quietly()
                raise
            if self._conn.total_changes != changes:
                self._wrote()

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A consistent read snapshot."""
        with self._lock:
            try:
                self._conn.execute("BEGIN")
            except self._errors as exc:
                raise self._failed(exc) from exc
            try:
                yield self._conn
            except self._errors as exc:
                raise self._failed(exc) from exc
            finally:
                self._rollback_quietly()

    def integrity_check(self) -> str:
        with self._lock:
            return str(self._conn.execute("PRAGMA integrity_check").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._close_quietly()

    def _rollback_quietly(self) -> None:
        try:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
        except self._errors:
            log.exception("rollback failed")

    def _close_quietly(self) -> None:
        conn = getattr(self, "_conn", None)
        if conn is not None:
            try:
                conn.close()
            except self._errors:
                log.exception("closing the database failed")
            self._conn = None  # type: ignore[assignment]


def _row_factory(encrypted: bool) -> Any:
    """Rows readable by column name, from the module that made the connection."""
    return cipher_module().Row if encrypted else sqlite3.Row


def _split_sql(text: str) -> list[str]:
    """Split a migration file into statements (they hold no semicolons inside strings)."""
    lines = [line for line in text.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
