"""lessons the center publishes to kiosks

``published_lessons`` keeps every version of every lesson an administrator published: its
lesson.toml and the pictures it uses (JSON, file name -> SVG text), a digest of both, who
published it and when. Kiosks fetch the newest version of a lesson; older ones stay for
the record. Only an addition: processes of the previous release keep working.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "published_lessons",
        sa.Column("lesson_id", sa.String(length=64), primary_key=True),
        sa.Column("version", sa.Integer(), primary_key=True),
        sa.Column("toml", sa.Text(), nullable=False),
        sa.Column("files", sa.Text(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("steps", sa.Integer(), nullable=False),
        sa.Column("published_by", sa.String(length=100), nullable=False),
        sa.Column("published_at", sa.Float(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("published_lessons")
