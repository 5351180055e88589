"""the audit trail's summaries, kiosk updates, records and family names sealed too

After 0012 a copy of the database still showed residents' names and phones in the audit
trail's before and after summaries, in the updates sent to kiosks (the register, messages,
callers' names), in the records kept as kiosks sent them (tutorial progress, call logs,
consent answers, volunteer sessions), and in the names family members go by. These are
sealed now with the same scheme (server.crypto), each with its row's key:

* ``audit_log.before`` and ``.after``: the entry's target (its id is given by the database
  only when it is stored, and an entry is never changed after);
* ``updates.payload``: ``device/kind`` (``*`` for every device), for the same reason;
* ``records.payload``: the record's id (the event id);
* ``family_links.display_name``: ``account/card``;
* ``family_invitations.display_name``: the token's hash;
* ``calls.caller_name``: the call's id.

``updates`` and ``records`` gain ``resident_card``, the card the payload names, plain (as
in every other table), so a resident's rows are found without opening all of them.

The audit trail refuses updates in the database itself (0007): its guard is dropped for the
rewrite and made again in the same transaction, on SQLite and PostgreSQL alike. On
PostgreSQL the three ``String(100)`` columns become ``text``: a sealed value is longer.

Needs the data key (``crypto.install`` before migrating, as every command does). The
downgrade opens everything again and needs every key the data was sealed with.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op

from server import crypto

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# The audit trail's guard, as 0007 made it (a migration keeps its own copy: 0007 is history).
KEEP_S = 183 * 24 * 3600
SQLITE_GUARD = (
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log"
    " BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
    "CREATE TRIGGER audit_log_kept BEFORE DELETE ON audit_log"
    f" WHEN OLD.at > CAST(strftime('%s', 'now') AS REAL) - {KEEP_S}"
    " BEGIN SELECT RAISE(ABORT, 'audit entries are kept at least 183 days'); END",
)
SQLITE_UNGUARD = ("DROP TRIGGER audit_log_append_only", "DROP TRIGGER audit_log_kept")
POSTGRES_GUARD = (
    "CREATE TRIGGER audit_log_guard BEFORE UPDATE OR DELETE ON audit_log"
    " FOR EACH ROW EXECUTE FUNCTION audit_log_guard()",
)
POSTGRES_UNGUARD = ("DROP TRIGGER audit_log_guard ON audit_log",)

RowKey = Callable[[tuple[Any, ...]], str]
# (table, the columns that make the row's key, how they make it, the sealed columns, the
# columns that find the row again for the UPDATE).
SEALED: tuple[tuple[str, tuple[str, ...], RowKey, tuple[str, ...], tuple[str, ...]], ...] = (
    ("audit_log", ("id", "target"), lambda k: str(k[1]), ("before", "after"), ("id",)),
    (
        "updates",
        ("seq", "device_id", "kind"),
        lambda k: f"{k[1] or '*'}/{k[2]}",
        ("payload",),
        ("seq",),
    ),
    ("records", ("id",), lambda k: str(k[0]), ("payload",), ("id",)),
    (
        "family_links",
        ("id", "account_id", "resident_card"),
        lambda k: f"{k[1]}/{k[2]}",
        ("display_name",),
        ("id",),
    ),
    (
        "family_invitations",
        ("token_hash",),
        lambda k: str(k[0]),
        ("display_name",),
        ("token_hash",),
    ),
    ("calls", ("id",), lambda k: str(k[0]), ("caller_name",), ("id",)),
)
WIDENED = (
    ("family_links", "display_name"),
    ("family_invitations", "display_name"),
    ("calls", "caller_name"),
)


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _guard(on: bool) -> None:
    postgres = _postgres()
    if on:
        statements = POSTGRES_GUARD if postgres else SQLITE_GUARD
    else:
        statements = POSTGRES_UNGUARD if postgres else SQLITE_UNGUARD
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    keys = crypto.active()
    op.add_column("updates", sa.Column("resident_card", sa.String(20), nullable=True))
    op.create_index("updates_by_resident", "updates", ["resident_card"])
    op.add_column("records", sa.Column("resident_card", sa.String(20), nullable=True))
    op.create_index("records_by_resident", "records", ["resident_card", "kind"])
    if _postgres():
        for table, column in WIDENED:
            op.alter_column(table, column, type_=sa.Text())
    connection = op.get_bind()
    _fill_cards(connection, "updates", "seq")
    _fill_cards(connection, "records", "id")

    def seal(table: str, column: str, key: str, value: str) -> str:
        if value.startswith(crypto.MARK):
            return value
        return keys.seal(table, column, key, value)

    _guard(False)
    for table, key_columns, row_key, columns, where in SEALED:
        _rewrite(connection, table, key_columns, row_key, columns, where, seal)
    _guard(True)


def _fill_cards(connection: Any, table: str, key: str) -> None:
    """``resident_card`` from the plain payloads (before they are sealed)."""
    rows = connection.execute(sa.text(f"SELECT {key}, payload FROM {table}")).all()
    changes = []
    for row_id, payload in rows:
        try:
            data = json.loads(payload)
        except ValueError:
            continue
        card = (data.get("resident_card") or data.get("card")) if isinstance(data, dict) else None
        if isinstance(card, str) and 0 < len(card) <= 20:
            changes.append({"k": row_id, "c": card})
    if changes:
        connection.execute(
            sa.text(f"UPDATE {table} SET resident_card = :c WHERE {key} = :k"), changes
        )


def _rewrite(
    connection: Any,
    table: str,
    key_columns: tuple[str, ...],
    row_key: RowKey,
    columns: tuple[str, ...],
    where: tuple[str, ...],
    change: Callable[[str, str, str, str], str],
) -> None:
    """Every row's ``columns`` through ``change`` (seal or open), in batches of 1,000."""
    wanted = ", ".join((*key_columns, *columns))
    rows = connection.execute(sa.text(f"SELECT {wanted} FROM {table}")).all()
    assignments = ", ".join(f"{c} = :v_{c}" for c in columns)
    found = " AND ".join(f"{w} = :w_{w}" for w in where)
    statement = sa.text(f"UPDATE {table} SET {assignments} WHERE {found}")
    changes = []
    for row in rows:
        keys = tuple(row[: len(key_columns)])
        key = row_key(keys)
        values = row[len(key_columns) :]
        new = {
            f"v_{c}": None if v is None else change(table, c, key, v)
            for c, v in zip(columns, values, strict=True)
        }
        if list(new.values()) == list(values):
            continue
        by_name = dict(zip(key_columns, keys, strict=True))
        changes.append(new | {f"w_{w}": by_name[w] for w in where})
        if len(changes) >= 1000:
            connection.execute(statement, changes)
            changes = []
    if changes:
        connection.execute(statement, changes)


def downgrade() -> None:
    keys = crypto.active()
    connection = op.get_bind()

    def open_value(table: str, column: str, key: str, value: str) -> str:
        try:
            return keys.open(table, column, key, value)
        except crypto.Unreadable as exc:
            # Nothing to write back but what is there: the downgrade stops rather than lose it.
            raise RuntimeError(
                f"cannot downgrade: {exc}; give every data key the data was sealed with"
            ) from exc

    _guard(False)
    for table, key_columns, row_key, columns, where in SEALED:
        _rewrite(connection, table, key_columns, row_key, columns, where, open_value)
    _guard(True)
    if _postgres():
        for table, column in WIDENED:
            op.alter_column(table, column, type_=sa.String(100))
    op.drop_index("records_by_resident", table_name="records")
    with op.batch_alter_table("records") as batch:
        batch.drop_column("resident_card")
    op.drop_index("updates_by_resident", table_name="updates")
    with op.batch_alter_table("updates") as batch:
        batch.drop_column("resident_card")
