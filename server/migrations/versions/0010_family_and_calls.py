"""family accounts and video calls: links to residents, invitations, calls, their policy and
the daily check-ins

Family members are accounts in ``staff`` with the role ``family``; ``family_links`` says
which residents each may see and call, how the resident sees them ("女儿 王丽") and whether a
call from them is answered by itself (the resident's consent, and who recorded it).
``family_invitations`` are single-use, expiring links a member of staff hands out.
``resident_devices`` names the home tablet that rings for a resident. ``calls`` keeps every
call attempt and how it ended; ``call_tickets`` are single-use passes that let one side of one
call into its signaling socket. ``call_policies`` are a resident's quiet hours and a block by
staff. ``checkin_schedules`` and ``checkin_runs`` are the daily check-ins and what became of
each day's. Only additions: processes of the previous release keep working.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "family_links",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("resident_card", sa.String(length=20), nullable=False),
        sa.Column("relation", sa.String(length=40), nullable=False),
        sa.Column("display_name", sa.String(length=100), nullable=False),
        sa.Column("auto_answer", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("auto_answer_set_by", sa.String(length=120), nullable=True),
        sa.Column("auto_answer_set_at", sa.Float(), nullable=True),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("ended_at", sa.Float(), nullable=True),
        sa.UniqueConstraint("account_id", "resident_card", name="family_links_once"),
    )
    op.create_index("family_links_by_resident", "family_links", ["resident_card"])
    op.create_table(
        "family_invitations",
        sa.Column("token_hash", sa.String(length=64), primary_key=True),
        sa.Column("resident_card", sa.String(length=20), nullable=False),
        sa.Column("relation", sa.String(length=40), nullable=False),
        sa.Column("display_name", sa.String(length=100), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.Column("used_at", sa.Float(), nullable=True),
        sa.Column("used_by", sa.Integer(), nullable=True),
    )
    op.create_table(
        "resident_devices",
        sa.Column("device_id", sa.String(length=36), sa.ForeignKey("devices.id"), primary_key=True),
        sa.Column("resident_card", sa.String(length=20), nullable=False, unique=True),
        sa.Column("set_by", sa.String(length=120), nullable=False),
        sa.Column("set_at", sa.Float(), nullable=False),
    )
    op.create_table(
        "calls",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("resident_card", sa.String(length=20), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("caller_kind", sa.String(length=10), nullable=False),
        sa.Column("caller_id", sa.Integer(), nullable=True),
        sa.Column("caller_name", sa.String(length=100), nullable=False),
        sa.Column("callee_kind", sa.String(length=10), nullable=False),
        sa.Column("callee_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=True),
        sa.Column("auto_answer", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("checkin_schedule_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("answered_at", sa.Float(), nullable=True),
        sa.Column("ended_at", sa.Float(), nullable=True),
    )
    op.create_index("calls_by_device_state", "calls", ["device_id", "state"])
    op.create_index("calls_by_resident", "calls", ["resident_card", "created_at"])
    op.create_table(
        "call_tickets",
        sa.Column("token_hash", sa.String(length=64), primary_key=True),
        sa.Column("call_id", sa.String(length=36), sa.ForeignKey("calls.id"), nullable=False),
        sa.Column("side", sa.String(length=10), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.Column("used_at", sa.Float(), nullable=True),
    )
    op.create_table(
        "call_policies",
        sa.Column("resident_card", sa.String(length=20), primary_key=True),
        sa.Column("quiet_from", sa.String(length=5), nullable=True),
        sa.Column("quiet_to", sa.String(length=5), nullable=True),
        sa.Column("blocked_until", sa.Float(), nullable=True),
        sa.Column("block_reason", sa.String(length=200), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
    )
    op.create_table(
        "checkin_schedules",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("resident_card", sa.String(length=20), nullable=False),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("at_time", sa.String(length=5), nullable=False),
        sa.Column("weekdays", sa.String(length=7), nullable=False, server_default="1234567"),
        sa.Column("enabled", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
    )
    op.create_index("checkin_schedules_by_resident", "checkin_schedules", ["resident_card"])
    op.create_table(
        "checkin_runs",
        sa.Column(
            "schedule_id", sa.Integer(), sa.ForeignKey("checkin_schedules.id"), primary_key=True
        ),
        sa.Column("day", sa.String(length=10), primary_key=True),
        sa.Column("prompted_at", sa.Float(), nullable=False),
        sa.Column("call_id", sa.String(length=36), nullable=True),
        sa.Column("outcome", sa.String(length=10), nullable=True),
        sa.Column("settled_at", sa.Float(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("checkin_runs")
    op.drop_index("checkin_schedules_by_resident", table_name="checkin_schedules")
    op.drop_table("checkin_schedules")
    op.drop_table("call_policies")
    op.drop_table("call_tickets")
    op.drop_index("calls_by_resident", table_name="calls")
    op.drop_index("calls_by_device_state", table_name="calls")
    op.drop_table("calls")
    op.drop_table("resident_devices")
    op.drop_table("family_invitations")
    op.drop_index("family_links_by_resident", table_name="family_links")
    op.drop_table("family_links")
