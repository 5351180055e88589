"""Small read-only queries the tests use to look at what the domain code wrote."""

from __future__ import annotations

from typing import Any

from app.store import Store


def count_rows(store: Store, table: str) -> int:
    with store.reading() as conn:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def row_counts(store: Store) -> dict[str, int]:
    """Rows in every domain table and the outbox: compare before and after a failed write."""
    tables = ("residents", "orders", "order_history", "sos_events", "help_requests", "outbox")
    return {table: count_rows(store, table) for table in tables}


def fetch_all(store: Store, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    with store.reading() as conn:
        return [dict(row) for row in conn.execute(sql, params).fetchall()]


def pragma(store: Store, name: str) -> Any:
    with store.reading() as conn:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
