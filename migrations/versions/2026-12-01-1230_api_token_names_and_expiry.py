"""API tokens get a name, an optional expiry and the time they were last used

Revision ID: 9d3f61c0a7e4
Revises: 4b7e2a91c5d3
Create Date: 2026-12-01 12:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9d3f61c0a7e4"
down_revision: str | None = "4b7e2a91c5d3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # All nullable: existing tokens stay unnamed, never expire, and were never seen.
    with op.batch_alter_table("api_token") as batch_op:
        batch_op.add_column(sa.Column("name", sa.String(length=60), nullable=True))
        batch_op.add_column(
            sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("api_token") as batch_op:
        batch_op.drop_column("last_used_at")
        batch_op.drop_column("expires_at")
        batch_op.drop_column("name")
