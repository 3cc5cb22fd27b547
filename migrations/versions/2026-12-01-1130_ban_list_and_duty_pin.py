"""Abuse kept out: the ban list, and operators' duty PIN

Revision ID: 4b7e2a91c5d3
Revises: 82c0020d14a2
Create Date: 2026-12-01 11:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "4b7e2a91c5d3"
down_revision: str | None = "82c0020d14a2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ban",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number_prefix", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ban")),
        sa.UniqueConstraint("number_prefix", name=op.f("uq_ban_number_prefix")),
    )
    with op.batch_alter_table("volunteer") as batch_op:
        batch_op.add_column(
            sa.Column("duty_pin_hash", sa.String(length=200), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("volunteer") as batch_op:
        batch_op.drop_column("duty_pin_hash")
    op.drop_table("ban")
