"""Checks of the kiosk's database file before it is opened, and keeping a damaged one for staff.

A kiosk must never start as a new, empty kiosk over the remains of its own data, as SQLite
would: it makes a new database of a 0-byte file, and of a file whose journal is gone it opens
what is left without a word. :func:`inspect_database` reports :class:`Damage` for

- ``empty``: the file is there but holds nothing (0 bytes);
- ``corrupt``: it is not an SQLite database, or its pages fail SQLite's ``quick_check``;
- ``journal_lost``: the write-ahead journal (``-wal``) is gone or cut short while its index
  (``-shm``) says it held committed changes not yet copied into the database;
- ``missing``: the database is gone but its journal is still there;
- ``unreadable``: the file (or what a link points to) cannot be read.

The database and its journal are never written while checking: the bytes are looked at first,
and only a file that passes is opened for the quick check, as an unchanging file where there is
no journal (nothing is created beside it) and read-only through its journal where a crash left
one (SQLite may then rebuild the journal's index, ``-shm``).

:func:`keep_aside` copies the damaged files, unchanged and verified, into ``damaged/<time>/``
beside the database; the originals stay where they are, so every start finds them again and
the kiosk stays out of service until staff restore or remove them. Nothing is ever
overwritten or deleted.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import struct
import time
from pathlib import Path
from typing import NamedTuple

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_BYTES = 100
WAL_HEADER_BYTES = 32
WAL_FRAME_HEADER_BYTES = 24
# The -shm file starts with two copies of the WAL index header (48 bytes each), then the
# checkpoint information, whose first field is how many frames were copied into the database.
_SHM_HEADER = struct.Struct("=IIIBBHI")  # version, unused, change, init, big-endian, page, frames
_SHM_VERSION = 3007000
_SHM_BACKFILL_AT = 96
SIDE_FILES = ("-wal", "-shm", "-journal")
NOTE = "WHAT-HAPPENED.txt"  # beside the kept copies, for staff


class Damage(NamedTuple):
    """Why the database must not be used, in words for staff."""

    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}"


class Kept:
    """Where the damaged files were kept, or why they could not be."""

    __slots__ = ("already", "files", "folder", "problems")

    def __init__(
        self,
        folder: Path | None,
        files: list[Path] | None = None,
        already: bool = False,  # an identical copy was kept at an earlier start
        problems: list[str] | None = None,
    ) -> None:
        self.folder = folder
        self.files: list[Path] = [] if files is None else files
        self.already = already
        self.problems: list[str] = [] if problems is None else problems

    def __repr__(self) -> str:
        return f"Kept({self.folder}, {self.files}, {self.already}, {self.problems})"


def side_file(database: Path, suffix: str) -> Path:
    return database.with_name(database.name + suffix)


# -- checking -------------------------------------------------------------------------------


def inspect_database(database: Path, key: bytes | None = None) -> Damage | None:
    """What is wrong with ``database`` and its journal, or None when it may be opened (also
    when there is none yet: a new kiosk starts with an empty database). With ``key``, a file
    without SQLite's header is taken for an encrypted one (app.privacy) and checked with it."""
    wal = side_file(database, "-wal")
    if not os.path.lexists(database):
        if _size(wal):
            return Damage("missing", f"{database.name} is gone but its journal {wal.name} is not")
        return None
    try:
        with open(database, "rb") as handle:
            header = handle.read(HEADER_BYTES)
            size = os.fstat(handle.fileno()).st_size
    except OSError as exc:
        return Damage("unreadable", f"{database} cannot be read: {exc.strerror or exc}")
    if size == 0:
        return Damage("empty", f"{database.name} is 0 bytes long")
    encrypted = key is not None and not header.startswith(SQLITE_MAGIC)
    if len(header) < HEADER_BYTES or not (encrypted or header.startswith(SQLITE_MAGIC)):
        return Damage("corrupt", f"{database.name} is not an SQLite database")
    # An encrypted header cannot say; the journal's index can.
    if encrypted or header[18] == 2 or header[19] == 2:  # the file says it is in WAL mode
        lost = _journal_lost(database)
        if lost is not None:
            return lost
    return _quick_check(database, key if encrypted else None)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _journal_lost(database: Path) -> Damage | None:
    """Committed changes the journal index knows of, and the journal no longer holds."""
    wal, shm = side_file(database, "-wal"), side_file(database, "-shm")
    if not shm.exists():
        return None  # closed cleanly (both go), or nothing to tell
    try:
        index = shm.read_bytes()[: _SHM_BACKFILL_AT + 4]
    except OSError:
        index = b""
    wal_size = _size(wal) if wal.exists() else None
    if len(index) < _SHM_BACKFILL_AT + 4:
        if wal_size:
            return None  # SQLite rebuilds an index from the journal itself
        return Damage("journal_lost", f"{wal.name} is missing and {shm.name} cannot be read")
    version, _, _, initialised, _, page_size, frames = _SHM_HEADER.unpack_from(index)
    (copied,) = struct.unpack_from("=I", index, _SHM_BACKFILL_AT)
    if version != _SHM_VERSION or not initialised:
        if wal_size:
            return None
        return Damage("journal_lost", f"{wal.name} is missing beside an unknown {shm.name}")
    if frames <= copied:
        return None  # everything in the journal had been copied into the database
    page_size = 65536 if page_size == 1 else page_size
    needed = WAL_HEADER_BYTES + frames * (WAL_FRAME_HEADER_BYTES + page_size)
    if wal_size is None:
        return Damage(
            "journal_lost",
            f"{wal.name} is missing; {shm.name} says it held {frames - copied} committed pages"
            " not yet in the database",
        )
    if wal_size < needed:
        return Damage(
            "journal_lost",
            f"{wal.name} holds {wal_size} bytes; {shm.name} says it held {frames} pages"
            f" ({needed} bytes), {frames - copied} of them not yet in the database",
        )
    return None


def _quick_check(database: Path, key: bytes | None = None) -> Damage | None:
    """SQLite's own check of every page, read-only (see the module for the journal)."""
    from app.store import connect, database_errors

    errors = database_errors() if key is not None else (sqlite3.Error,)
    journal = any(side_file(database, s).exists() for s in ("-wal", "-shm"))
    uri = f"{database.resolve().as_uri()}?{'mode=ro' if journal else 'immutable=1'}"
    try:
        conn = connect(uri, key=key, uri=True) if key is not None else None
        if conn is None:
            conn = sqlite3.connect(uri, uri=True, timeout=5.0)
    except errors as exc:
        return _opened_badly(database, exc)
    try:
        if key is not None:
            conn.execute("PRAGMA busy_timeout = 5000")
        rows = conn.execute("PRAGMA quick_check(20)").fetchall()
    except errors as exc:
        damage = _opened_badly(database, exc)
        if key is not None and damage is not None and damage.kind == "corrupt":
            return Damage(
                "corrupt",
                f"{damage.detail} (with its key: the key is not this database's, or the file"
                " is damaged)",
            )
        return damage
    finally:
        conn.close()
    problems = [str(row[0]) for row in rows]
    if problems == ["ok"]:
        return None
    return Damage("corrupt", f"{database.name} fails its check: " + "; ".join(problems[:5]))


def _opened_badly(database: Path, exc: BaseException) -> Damage | None:
    from app.store import classify

    kind = classify(exc).kind
    if kind == "locked":
        # Another program holds the file (a second kiosk?): opening it will say so.
        log.warning("%s is locked; not checked: %s", database, exc)
        return None
    if kind == "corrupt":
        return Damage("corrupt", f"{database.name} fails its check: {exc}")
    return Damage("unreadable", f"{database.name} cannot be read: {exc}")


# -- keeping --------------------------------------------------------------------------------


def keep_aside(database: Path, damage: Damage, *, now: float | None = None) -> Kept:
    """Copy the database and its side files, byte for byte, into a new folder
    ``damaged/<time>/`` beside it, with a note of why; the originals stay untouched.
    A copy identical to the one kept at an earlier start is not made again."""
    sources = [
        path for path in [database, *(side_file(database, s) for s in SIDE_FILES)] if path.is_file()
    ]
    root = database.parent / "damaged"
    if not sources:
        return Kept(None, problems=["there is no file to copy; nothing was changed"])
    earlier = _same_as_kept(root, sources)
    if earlier is not None:
        return Kept(earlier, [earlier / p.name for p in sources], already=True)
    moment = time.localtime(time.time() if now is None else now)
    try:
        root.mkdir(exist_ok=True)
        folder = _new_folder(root, time.strftime("%Y-%m-%d_%H%M%S", moment))
    except OSError as exc:
        return Kept(None, problems=[f"no folder for the copy: {exc}"])
    kept = Kept(folder)
    for source in sources:
        target = folder / source.name
        try:
            _copy_exactly(source, target)
        except OSError as exc:
            kept.problems.append(f"{source.name} could not be copied: {exc}")
            if target.exists():
                target.unlink()  # our half copy, never the original
            continue
        kept.files.append(target)
    _write_note(folder, database, damage, kept)
    if not kept.files:
        kept.folder = None
    return kept


def _new_folder(root: Path, name: str) -> Path:
    for number in range(1, 1000):
        folder = root / (name if number == 1 else f"{name}-{number}")
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        return folder
    raise FileExistsError(f"too many folders named {name} in {root}")


def _copy_exactly(source: Path, target: Path) -> None:
    """Copy, flush to the disk, and read both back to compare: never a silent bad copy."""
    import hashlib  # only for a damaged file: kept off the start-up path

    digest = hashlib.sha256()
    with open(source, "rb") as reading, open(target, "xb") as writing:
        while chunk := reading.read(1 << 20):
            digest.update(chunk)
            writing.write(chunk)
        writing.flush()
        os.fsync(writing.fileno())
    if _sha256(target) != digest.hexdigest():
        raise OSError(f"the copy of {source.name} differs from the original")
    _fsync_folder(target.parent)


def _sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not possible on every system (Windows)
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _same_as_kept(root: Path, sources: list[Path]) -> Path | None:
    """The newest kept folder holding exactly these files with the same bytes, if any."""
    try:
        folders = sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: p.name)
    except OSError:
        return None
    for folder in reversed(folders):
        copies = {p.name for p in folder.iterdir() if p.name != NOTE}
        if copies != {s.name for s in sources}:
            continue
        try:
            if all(
                (folder / s.name).stat().st_size == s.stat().st_size
                and _sha256(folder / s.name) == _sha256(s)
                for s in sources
            ):
                return folder
        except OSError:
            continue
        return None  # the newest copy differs: keep this one too
    return None


def _write_note(folder: Path, database: Path, damage: Damage, kept: Kept) -> None:
    lines = [
        f"The kiosk found its database damaged at {time.strftime('%Y-%m-%d %H:%M:%S')}.",
        f"Database: {database}",
        f"Why: {damage}",
        "These are exact copies; the originals were left where they are, unchanged.",
        "The kiosk shows its out-of-service page until the database is restored or removed",
        "(with no database file it starts as a new, empty kiosk).",
        "",
        *(f"{p.name}  {p.stat().st_size} bytes  sha256 {_sha256(p)}" for p in kept.files),
        *kept.problems,
    ]
    try:
        with open(folder / NOTE, "x", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
    except OSError as exc:
        kept.problems.append(f"the note could not be written: {exc}")
