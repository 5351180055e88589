"""emergencies that escalate, their steps on record, and kiosks' health reports

``sos_events`` learns what the member of staff who acknowledged an emergency is doing
(``action``), how far it escalated (``step``), when the center stored it and when it next
escalates (``received_at``, ``next_step_at``, with a partial index of the ones waiting) and
when it was withdrawn. ``sos_steps`` records every step with who and when;
``device_health`` keeps each device's latest health report. Only additions: processes of the
previous release keep working on the new schema.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sos_events", sa.Column("action", sa.String(length=20), nullable=True))
    op.add_column(
        "sos_events",
        sa.Column("step", sa.String(length=20), server_default="waiting", nullable=False),
    )
    op.add_column("sos_events", sa.Column("received_at", sa.Float(), nullable=True))
    op.add_column("sos_events", sa.Column("next_step_at", sa.Float(), nullable=True))
    op.add_column("sos_events", sa.Column("withdrawn_at", sa.String(length=40), nullable=True))
    op.create_index(
        "sos_due",
        "sos_events",
        ["next_step_at"],
        unique=False,
        postgresql_where=sa.text("next_step_at IS NOT NULL"),
        sqlite_where=sa.text("next_step_at IS NOT NULL"),
    )
    op.create_table(
        "sos_steps",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("sos_id", sa.String(length=36), nullable=False),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["sos_id"], ["sos_events.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sos_steps_sos_id", "sos_steps", ["sos_id"], unique=False)
    op.create_table(
        "device_health",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("storage_fault", sa.Text(), nullable=True),
        sa.Column("queue_length", sa.Integer(), nullable=True),
        sa.Column("reported_at", sa.String(length=40), nullable=False),
        sa.Column("received_at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["device_id"], ["devices.id"]),
        sa.PrimaryKeyConstraint("device_id"),
    )


def downgrade() -> None:
    op.drop_table("device_health")
    op.drop_index("ix_sos_steps_sos_id", table_name="sos_steps")
    op.drop_table("sos_steps")
    op.drop_index("sos_due", table_name="sos_events")
    with op.batch_alter_table("sos_events") as batch_op:
        for column in ("withdrawn_at", "next_step_at", "received_at", "step", "action"):
            batch_op.drop_column(column)
