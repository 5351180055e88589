"""volunteers sign in on kiosks with a PIN, and their sign-ins are kept

``staff`` gains ``volunteer_pin_hash``: the argon2 hash of the PIN a volunteer types on a
kiosk's number pad (a long password suits the console's keyboard, not a touch screen).
``volunteer_signins`` keeps each sign-in the center allowed on a kiosk: a group session's
events name it, so its hours are credited to the volunteer who signed in there and to nobody
a kiosk merely names. Only additions: processes of the previous release keep working.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff") as staff:
        staff.add_column(sa.Column("volunteer_pin_hash", sa.String(length=200), nullable=True))
    op.create_table(
        "volunteer_signins",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("signed_in_at", sa.Float(), nullable=False),
    )
    op.create_index("volunteer_signins_by_staff", "volunteer_signins", ["staff_id"])


def downgrade() -> None:
    op.drop_index("volunteer_signins_by_staff", table_name="volunteer_signins")
    op.drop_table("volunteer_signins")
    with op.batch_alter_table("staff") as staff:
        staff.drop_column("volunteer_pin_hash")
