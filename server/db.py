"""Database engine, sessions and migrations for the center server."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).with_name("migrations")


def make_engine(url: str, *, pool_size: int = 40) -> Engine:
    if url.startswith("sqlite"):
        # The driver's own transaction handling is turned off (isolation_level=None) and
        # SQLAlchemy's BEGIN becomes BEGIN IMMEDIATE: otherwise a SAVEPOINT would start and
        # commit a transaction of its own, and two writers could deadlock on upgrade.
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30, "isolation_level": None},
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record) -> None:  # pragma: no cover - per connection
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA busy_timeout = 30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection) -> None:  # pragma: no cover - per transaction
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    # No pre-ping: it cost a "SELECT 1" round trip on every checkout. A connection that died
    # (a database restart) fails one request, which the kiosk retries, and SQLAlchemy then
    # throws the whole pool away; pool_recycle replaces connections before idle timeouts do.
    # All connections are kept once opened: with 20 + 20 overflow, a busy process opened and
    # closed PostgreSQL connections (a process each on the database's side) dozens of times
    # a second. LIFO: the same few connections (and database processes) do the work while
    # it is light.
    return create_engine(
        url,
        pool_size=pool_size,
        max_overflow=0,
        pool_use_lifo=True,
        pool_pre_ping=False,
        pool_recycle=300,
    )


def alembic_config(url: str) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(engine: Engine) -> None:
    """Bring the database schema to the newest migration."""
    config = alembic_config(str(engine.url.render_as_string(hide_password=False)))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


class Sql:
    """Hand-written SQL straight on a DB-API connection.

    For the few statements every kiosk request runs: SQLAlchemy's statement building and
    execution cost about 0.15 ms of CPU per statement, the driver alone a tenth of that.
    Statements use ``?`` placeholders (turned into psycopg's ``%s`` on PostgreSQL).

    The statements run in the transaction of a SQLAlchemy ``Connection``, so ``commit()``
    and ``rollback()`` on it (or on the ``Session`` it belongs to) cover them, and a driver
    error that means the connection is gone invalidates it, as SQLAlchemy would for its own
    statements. (:class:`AsyncRawPool` is the way around SQLAlchemy altogether.)
    """

    def __init__(self, connection: Connection) -> None:
        if not connection.in_transaction():
            # Begin as SQLAlchemy would (SQLite: BEGIN IMMEDIATE), so that its commit() and
            # rollback() apply to these statements too.
            connection.begin()
        self.connection = connection
        self.postgres = connection.dialect.name == "postgresql"
        dbapi = connection.dialect.loaded_dbapi
        self.error: type[Exception] = dbapi.Error
        self.integrity_error: type[Exception] = dbapi.IntegrityError
        self._cursor = connection.connection.cursor()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        if self.postgres:
            sql = pg_text(sql)
        try:
            self._cursor.execute(sql, params)
        except self.error as exc:
            connection = self.connection
            gone = connection.dialect.is_disconnect(
                exc,  # type: ignore[arg-type]  # the driver's Error
                connection.connection.dbapi_connection,
                self._cursor,
            )
            if gone:
                connection.invalidate(exc)
            raise
        return self._cursor

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        return self.execute(sql, params).fetchone()

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.execute(sql, params).fetchall()

    def insert_many(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]):
        """One INSERT with a VALUES list for all ``rows``."""
        one = "(" + ", ".join("?" * len(columns)) + ")"
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            self.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                + ", ".join([one] * len(chunk)),
                [value for row in chunk for value in row],
            )


_PG_SQL: dict[str, str] = {}


def pg_text(sql: str) -> str:
    """``sql`` with psycopg's ``%s`` placeholders for ``?`` (remembered per text)."""
    return _PG_SQL.get(sql) or _PG_SQL.setdefault(sql, sql.replace("?", "%s"))


class AsyncRawPool:
    """psycopg's asyncio connections in AUTOCOMMIT mode, for the single statements of the
    busiest requests on PostgreSQL (the device look-up, a batch of readings), run on the
    event loop itself.

    Going through SQLAlchemy's ``Connection`` and pool cost three times what a statement
    costs the driver (about 75 against 23 microseconds of CPU), and handing the work to a
    thread and back cost about 100 more; an asyncio round trip costs about 46. The most
    recently used connection is taken first. A connection that is broken, or not idle
    afterwards (a statement cut short), is closed rather than given back; a new one is
    opened when needed, up to ``size`` at once.
    """

    def __init__(self, engine: Engine, size: int, timeout_s: float = 30.0) -> None:
        self._args, self._kwargs = engine.dialect.create_connect_args(engine.url)
        self._size = size
        self._timeout_s = timeout_s
        self._idle: list[Any] = []
        self._slots: asyncio.Semaphore | None = None  # made in the event loop

    @contextlib.asynccontextmanager
    async def connection(self) -> AsyncIterator[Any]:
        import psycopg

        if self._slots is None:
            self._slots = asyncio.Semaphore(self._size)
        async with asyncio.timeout(self._timeout_s):
            await self._slots.acquire()
        connection = None
        try:
            connection = self._idle.pop() if self._idle else None
            if connection is None or connection.closed:
                connection = await psycopg.AsyncConnection.connect(
                    *self._args, autocommit=True, **self._kwargs
                )
            yield connection
        finally:
            if connection is not None:
                idle = connection.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
                if idle and not connection.closed and not connection.broken:
                    self._idle.append(connection)
                else:
                    await connection.close()
            self._slots.release()

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        for connection in idle:
            await connection.close()
