"""residents' names, phones and contacts, readings' values and alert notes sealed

The columns are encrypted with the center's data key (server.crypto, AES-256-GCM): rows
already there are sealed in place, on SQLite and PostgreSQL alike. ``data_keys`` notes the
id of each key the data was sealed with and a value sealed with it, so a server given
another key refuses to start. A reading's values and level go into one new column,
``sealed``; their own columns are emptied (and refilled by the downgrade, which opens
everything again). On PostgreSQL the name and phone become ``text``: a sealed value is
longer than the plaintext.

Needs the data key (``crypto.install`` before migrating, as every command does).

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

from server import crypto

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

READING_VALUES = (
    "systolic",
    "diastolic",
    "pulse",
    "spo2",
    "temperature_c",
    "glucose_mmol_l",
    "meal",
    "weight_kg",
    "level",
)
# (table, key column, sealed columns): the texts sealed one by one.
TEXTS = (
    ("residents", "card", ("name", "phone", "contacts")),
    ("reading_alerts", "reading_id", ("note",)),
)


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    keys = crypto.active()
    op.create_table(
        "data_keys",
        sa.Column("key_id", sa.String(16), primary_key=True),
        sa.Column("check_value", sa.Text(), nullable=False),
        sa.Column("added_at", sa.Float(), nullable=False),
    )
    op.add_column("readings", sa.Column("sealed", sa.Text(), nullable=True))
    if _postgres():
        op.alter_column("residents", "name", type_=sa.Text())
        op.alter_column("residents", "phone", type_=sa.Text())
    connection = op.get_bind()
    crypto.record_key(connection, keys)
    for table, key, columns in TEXTS:
        _seal_texts(connection, keys, table, key, columns)
    _seal_step_notes(connection, keys)
    _seal_readings(connection, keys)
    _event_copies(
        connection,
        lambda key, text: (
            text
            if text.startswith(crypto.MARK)
            else keys.seal("ingested_events", "payload", key, text)
        ),
    )


def _seal_texts(
    connection: Any, keys: crypto.DataKeys, table: str, key: str, columns: tuple[str, ...]
) -> None:
    rows = connection.execute(sa.text(f"SELECT {key}, {', '.join(columns)} FROM {table}")).all()
    changes = []
    for row in rows:
        change: dict[str, Any] = {"k": row[0]}
        for i, column in enumerate(columns, start=1):
            value = row[i]
            sealed = value is None or value.startswith(crypto.MARK)
            change[column] = value if sealed else keys.seal(table, column, row[0], value)
        changes.append(change)
    if changes:
        assignments = ", ".join(f"{c} = :{c}" for c in columns)
        connection.execute(sa.text(f"UPDATE {table} SET {assignments} WHERE {key} = :k"), changes)


def _seal_step_notes(connection: Any, keys: crypto.DataKeys) -> None:
    rows = connection.execute(
        sa.text("SELECT id, reading_id, note FROM reading_alert_steps WHERE note IS NOT NULL")
    ).all()
    changes = [
        {"i": i, "n": keys.seal("reading_alert_steps", "note", reading_id, note)}
        for i, reading_id, note in rows
        if not note.startswith(crypto.MARK)
    ]
    if changes:
        connection.execute(
            sa.text("UPDATE reading_alert_steps SET note = :n WHERE id = :i"), changes
        )


def _seal_readings(connection: Any, keys: crypto.DataKeys) -> None:
    rows = connection.execute(
        sa.text(
            f"SELECT reading_id, {', '.join(READING_VALUES)} FROM readings WHERE sealed IS NULL"
        )
    ).all()
    changes = [
        {
            "k": row[0],
            "s": keys.seal(
                "readings",
                "sealed",
                row[0],
                json.dumps(dict(zip(READING_VALUES, row[1:], strict=True)), ensure_ascii=False),
            ),
        }
        for row in rows
    ]
    if changes:
        emptied = ", ".join(f"{c} = NULL" for c in READING_VALUES)
        connection.execute(
            sa.text(f"UPDATE readings SET sealed = :s, {emptied} WHERE reading_id = :k"), changes
        )


def _event_copies(connection: Any, change: Any) -> None:
    """Seal (or open) the kept copies of kiosk events, keyed ``device/event``."""
    rows = connection.execute(
        sa.text("SELECT device_id, event_id, payload FROM ingested_events WHERE payload != ''")
    ).all()
    changes = []
    for device_id, event_id, payload in rows:
        new = change(f"{device_id}/{event_id}", payload)
        if new != payload:
            changes.append({"d": device_id, "e": event_id, "p": new})
    if changes:
        connection.execute(
            sa.text(
                "UPDATE ingested_events SET payload = :p WHERE device_id = :d AND event_id = :e"
            ),
            changes,
        )


def downgrade() -> None:
    keys = crypto.active()
    connection = op.get_bind()
    _event_copies(
        connection, lambda key, text: _open(keys, "ingested_events", "payload", key, text)
    )
    for table, key, columns in TEXTS:
        rows = connection.execute(sa.text(f"SELECT {key}, {', '.join(columns)} FROM {table}")).all()
        changes = [
            {"k": row[0]}
            | {c: _open(keys, table, c, row[0], row[i]) for i, c in enumerate(columns, start=1)}
            for row in rows
        ]
        if changes:
            assignments = ", ".join(f"{c} = :{c}" for c in columns)
            connection.execute(
                sa.text(f"UPDATE {table} SET {assignments} WHERE {key} = :k"), changes
            )
    rows = connection.execute(
        sa.text("SELECT id, reading_id, note FROM reading_alert_steps WHERE note IS NOT NULL")
    ).all()
    steps = [
        {"i": i, "n": _open(keys, "reading_alert_steps", "note", reading_id, note)}
        for i, reading_id, note in rows
    ]
    if steps:
        connection.execute(sa.text("UPDATE reading_alert_steps SET note = :n WHERE id = :i"), steps)
    rows = connection.execute(
        sa.text("SELECT reading_id, sealed FROM readings WHERE sealed IS NOT NULL")
    ).all()
    readings = []
    for reading_id, sealed in rows:
        values = json.loads(_open(keys, "readings", "sealed", reading_id, sealed) or "{}")
        readings.append({"k": reading_id} | {c: values.get(c) for c in READING_VALUES})
    if readings:
        filled = ", ".join(f"{c} = :{c}" for c in READING_VALUES)
        connection.execute(sa.text(f"UPDATE readings SET {filled} WHERE reading_id = :k"), readings)
    with op.batch_alter_table("readings") as batch:
        batch.drop_column("sealed")
    if _postgres():
        op.alter_column("residents", "name", type_=sa.String(100))
        op.alter_column("residents", "phone", type_=sa.String(30))
    op.drop_table("data_keys")


def _open(
    keys: crypto.DataKeys, table: str, column: str, key: str, value: str | None
) -> str | None:
    if value is None:
        return None
    try:
        return keys.open(table, column, key, value)
    except crypto.Unreadable as exc:
        # Nothing to write back but what is there: the downgrade stops rather than lose it.
        raise RuntimeError(
            f"cannot downgrade: {exc}; give every data key the data was sealed with"
        ) from exc
