"""Readings stored as readings: one row of ``readings`` per ``reading_id``, and an alert for
each one the kiosk judged alerting.

server.ingest calls this while it applies a batch of events. The event's key (device, event
id) keeps each event applied once; ``ON CONFLICT (reading_id) DO NOTHING`` keeps a reading
sent again under a new event id from being stored twice. Like the other records, readings are
collected while a batch is worked out and written together at its end: on SQLite with
:func:`write_readings`, on PostgreSQL inside the batch's one statement
(:func:`pg_statement_parts`), so a batch of readings still costs one round trip.

The measured values and the level are sealed (server.crypto) into the one column ``sealed``,
a JSON object of :data:`SEALED_FIELDS` with the reading id as the row's key; their own
columns are left empty. ``kind`` and ``alert`` stay plain: the alert is what raises a row of
``reading_alerts`` in the same statement.

A reading with ``alert`` true gets a row of ``reading_alerts`` and a ``raised`` row of
``reading_alert_steps`` in the same statement; what staff do with it is server.vitals.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from server import crypto
from server.db import Sql
from sync.protocol import ReadingRecord

READING_COLUMNS = (
    "reading_id",
    "event_id",
    "device_id",
    "resident_card",
    "kind",
    "sealed",
    "measured_at",
    "received_at",
    "source",
    "device_name",
    "alert",
)
SEALED_FIELDS = (
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
# The columns a batch's readings differ in (device and received_at are the batch's), with
# their PostgreSQL types, as they come out of the JSON rows of :func:`pg_statement_parts`.
PG_ROW_TYPES = {
    "reading_id": "text",
    "event_id": "text",
    "resident_card": "text",
    "kind": "text",
    "sealed": "text",
    "measured_at": "double precision",
    "source": "text",
    "device_name": "text",
    "alert": "boolean",
}
SQLITE_CHUNK = 400  # readings per INSERT: 11 placeholders each


def reading_row(device_id: str, event_id: str, reading: ReadingRecord, now: float) -> dict:
    """The ``readings`` row of one validated ``reading.record``, as a dict by column, its
    values sealed."""
    reading_id = str(reading.reading_id)
    values = {name: getattr(reading, name) for name in SEALED_FIELDS}
    return {
        "reading_id": reading_id,
        "event_id": event_id,
        "device_id": device_id,
        "resident_card": reading.resident_card,
        "kind": reading.kind,
        "sealed": crypto.seal_json("readings", "sealed", reading_id, values),
        "measured_at": reading.measured_at,
        "received_at": now,
        "source": reading.source,
        "device_name": reading.device,
        "alert": reading.alert,
    }


def write_readings(sql: Sql, rows: Sequence[dict], actor: str, now: float) -> None:
    """Store a batch's readings that are new, and raise an alert for each new one that
    alerts (SQLite, and PostgreSQL outside the one-statement way). ``actor`` is who raised
    them: ``device:NAME``."""
    one = "(" + ", ".join("?" * len(READING_COLUMNS)) + ")"
    raised: list[tuple[str, str, str | None]] = []
    for start in range(0, len(rows), SQLITE_CHUNK):
        chunk = rows[start : start + SQLITE_CHUNK]
        added = sql.all(
            f"INSERT INTO readings ({', '.join(READING_COLUMNS)}) VALUES "
            + ", ".join([one] * len(chunk))
            + " ON CONFLICT (reading_id) DO NOTHING RETURNING reading_id, device_id,"
            " resident_card, alert",
            [row[column] for row in chunk for column in READING_COLUMNS],
        )
        raised += [(r[0], r[1], r[2]) for r in added if r[3]]
    if raised:
        sql.insert_many(
            "reading_alerts",
            ("reading_id", "device_id", "resident_card", "raised_at"),
            [(*r, now) for r in raised],
        )
        sql.insert_many(
            "reading_alert_steps",
            ("reading_id", "step", "actor", "at"),
            [(r[0], "raised", actor, now) for r in raised],
        )


def pg_statement_parts(
    rows: Sequence[dict], device_id: str, actor: str, now: float, *, only_new: bool
) -> tuple[list[str], list[Any]]:
    """The parts of a batch's one PostgreSQL statement (server.ingest) that store its new
    readings and raise their alerts, and their parameters in order. The rows go in as one
    JSON parameter, so the text is the same for any number of readings. With ``only_new``,
    only the readings of events the ``new`` part stored (the others are repeats)."""
    names = list(PG_ROW_TYPES)
    definition = ", ".join(f"{name} {kind}" for name, kind in PG_ROW_TYPES.items())
    chosen = [
        "?" if column in ("device_id", "received_at") else f"r.{column}"
        for column in READING_COLUMNS
    ]
    where = " WHERE r.event_id IN (SELECT event_id FROM new)" if only_new else ""
    parts = [
        f"rd AS (INSERT INTO readings ({', '.join(READING_COLUMNS)}) SELECT {', '.join(chosen)}"
        f" FROM json_to_recordset(?::json) AS r ({definition}){where}"
        " ON CONFLICT (reading_id) DO NOTHING RETURNING reading_id, resident_card, alert)",
        "al AS (INSERT INTO reading_alerts (reading_id, device_id, resident_card, raised_at)"
        " SELECT reading_id, ?, resident_card, ? FROM rd WHERE alert)",
        "als AS (INSERT INTO reading_alert_steps (reading_id, step, actor, at)"
        " SELECT reading_id, 'raised', ?, ? FROM rd WHERE alert)",
    ]
    data = json.dumps([{name: row[name] for name in names} for row in rows], ensure_ascii=False)
    return parts, [device_id, now, data, device_id, now, actor, now]
