"""Alembic environment: the URL comes from the caller (server.db.migrate) or DATABASE_URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

from server.models import Base
from server.settings import Settings

config = context.config
url = config.get_main_option("sqlalchemy.url") or Settings.from_env().database_url


def run() -> None:
    connectable = config.attributes.get("connection")
    if connectable is not None:
        _run_with(connectable)
        return
    engine = engine_from_config(
        {"sqlalchemy.url": url}, prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with engine.connect() as connection:
        _run_with(connection)


def _run_with(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run()
