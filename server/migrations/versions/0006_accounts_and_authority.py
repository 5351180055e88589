"""staff accounts and roles, sessions and tokens, the audit trail; residents and server prices

``staff`` gains a role, a password hash (argon2), a disabled mark and what the lockout of
sign-in needs. ``staff_sessions`` holds console sessions and API tokens (hashed; each
expires; ended at once by signing out or disabling the account). ``audit_log`` records every
change to accounts, residents, the catalog, devices and messages. ``residents`` is the
register the center keeps (kiosks receive it as updates). ``orders`` gains the tier and the
price the center worked out, the kiosk's own price (only compared) and the center's receive
time, by which staff lists sort. Existing staff become administrators, as they could do
everything before. Only additions: processes of the previous release keep working.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff") as staff:
        staff.add_column(
            sa.Column("role", sa.String(length=20), nullable=False, server_default="administrator")
        )
        staff.add_column(sa.Column("password_hash", sa.String(length=200), nullable=True))
        staff.add_column(sa.Column("disabled_at", sa.Float(), nullable=True))
        staff.add_column(
            sa.Column("failed_signins", sa.Integer(), nullable=False, server_default="0")
        )
        staff.add_column(sa.Column("lockouts", sa.Integer(), nullable=False, server_default="0"))
        staff.add_column(sa.Column("locked_until", sa.Float(), nullable=True))
    op.create_table(
        "staff_sessions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False, unique=True),
        sa.Column("staff_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False, server_default=""),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.Column("ended_at", sa.Float(), nullable=True),
        sa.Column("client", sa.String(length=100), nullable=False, server_default=""),
    )
    op.create_index("staff_sessions_by_staff", "staff_sessions", ["staff_id"])
    op.create_table(
        "audit_log",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            primary_key=True,
            autoincrement=True,
        ),
        sa.Column("at", sa.Float(), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("target", sa.String(length=120), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
    )
    op.create_table(
        "residents",
        sa.Column("card", sa.String(length=20), primary_key=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False, server_default=""),
        sa.Column("subsidy_tier", sa.String(length=12), nullable=False),
        sa.Column("contacts", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("language", sa.String(length=10), nullable=False, server_default="zh_CN"),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.Column("updated_by", sa.String(length=120), nullable=False),
    )
    with op.batch_alter_table("orders") as orders:
        orders.add_column(sa.Column("subsidy_tier", sa.String(length=12), nullable=True))
        orders.add_column(sa.Column("kiosk_price_fen", sa.Integer(), nullable=True))
        orders.add_column(sa.Column("received_at", sa.Float(), nullable=True))
    op.create_index("orders_by_received", "orders", ["received_at", "id"])


def downgrade() -> None:
    op.drop_index("orders_by_received", table_name="orders")
    with op.batch_alter_table("orders") as orders:
        orders.drop_column("received_at")
        orders.drop_column("kiosk_price_fen")
        orders.drop_column("subsidy_tier")
    op.drop_table("residents")
    op.drop_table("audit_log")
    op.drop_index("staff_sessions_by_staff", table_name="staff_sessions")
    op.drop_table("staff_sessions")
    with op.batch_alter_table("staff") as staff:
        for column in (
            "locked_until",
            "lockouts",
            "failed_signins",
            "disabled_at",
            "password_hash",
            "role",
        ):
            staff.drop_column(column)
