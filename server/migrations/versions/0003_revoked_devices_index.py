"""an index of revoked devices

Every server process looks up the revoked devices twice a second (auth.DeviceCache); this
partial index holds only those rows, so the look-up does not read the whole devices table.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "devices_revoked",
        "devices",
        ["id"],
        unique=False,
        postgresql_where=sa.text("revoked_at IS NOT NULL"),
        sqlite_where=sa.text("revoked_at IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("devices_revoked", table_name="devices")
