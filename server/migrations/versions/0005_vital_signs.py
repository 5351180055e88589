"""vital signs: readings as readings, their alerts to staff, residents' own targets

``readings`` holds each ``reading.record`` once per reading id (until now they were kept
as sent in ``records``, which stays for the other kinds). ``reading_alerts`` holds the
readings the kiosk judged alerting until a member of staff acknowledges them, and
``reading_alert_steps`` every step of one (raised, acknowledged) for the staff socket.
``resident_targets`` keeps the targets staff set for a resident. Only additions: processes of
the previous release keep working on the new schema.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "readings",
        sa.Column("reading_id", sa.String(length=36), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("resident_card", sa.String(length=20), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("systolic", sa.Integer(), nullable=True),
        sa.Column("diastolic", sa.Integer(), nullable=True),
        sa.Column("pulse", sa.Integer(), nullable=True),
        sa.Column("spo2", sa.Integer(), nullable=True),
        sa.Column("temperature_c", sa.Float(), nullable=True),
        sa.Column("glucose_mmol_l", sa.Float(), nullable=True),
        sa.Column("meal", sa.String(length=12), nullable=True),
        sa.Column("weight_kg", sa.Float(), nullable=True),
        sa.Column("measured_at", sa.Float(), nullable=False),
        sa.Column("received_at", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("device_name", sa.String(length=100), nullable=False),
        sa.Column("level", sa.String(length=12), nullable=True),
        sa.Column("alert", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["device_id"], ["devices.id"]),
        sa.PrimaryKeyConstraint("reading_id"),
    )
    op.create_index(
        "readings_by_resident", "readings", ["resident_card", "measured_at"], unique=False
    )
    op.create_table(
        "reading_alerts",
        sa.Column("reading_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("resident_card", sa.String(length=20), nullable=True),
        sa.Column("raised_at", sa.Float(), nullable=False),
        sa.Column("acknowledged_by", sa.String(length=100), nullable=True),
        sa.Column("acknowledged_at", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["device_id"], ["devices.id"]),
        sa.ForeignKeyConstraint(["reading_id"], ["readings.reading_id"]),
        sa.PrimaryKeyConstraint("reading_id"),
    )
    op.create_index(
        "reading_alerts_open",
        "reading_alerts",
        ["raised_at"],
        unique=False,
        postgresql_where=sa.text("acknowledged_at IS NULL"),
        sqlite_where=sa.text("acknowledged_at IS NULL"),
    )
    op.create_table(
        "reading_alert_steps",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("reading_id", sa.String(length=36), nullable=False),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["reading_id"], ["reading_alerts.reading_id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_reading_alert_steps_reading_id", "reading_alert_steps", ["reading_id"], unique=False
    )
    op.create_table(
        "resident_targets",
        sa.Column("resident_card", sa.String(length=20), nullable=False),
        sa.Column("targets", sa.Text(), nullable=False),
        sa.Column("set_by", sa.String(length=100), nullable=False),
        sa.Column("set_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("resident_card"),
    )


def downgrade() -> None:
    op.drop_table("resident_targets")
    op.drop_index("ix_reading_alert_steps_reading_id", table_name="reading_alert_steps")
    op.drop_table("reading_alert_steps")
    op.drop_index("reading_alerts_open", table_name="reading_alerts")
    op.drop_table("reading_alerts")
    op.drop_index("readings_by_resident", table_name="readings")
    op.drop_table("readings")
