"""an index of calls by state and age, for the ring-out scan

Every second each server process looks for calls still ringing past their time; with months
of finished calls kept, that scan reads only the ringing ones through this index. Only an
addition.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("calls_by_state", "calls", ["state", "created_at"])


def downgrade() -> None:
    op.drop_index("calls_by_state", table_name="calls")
