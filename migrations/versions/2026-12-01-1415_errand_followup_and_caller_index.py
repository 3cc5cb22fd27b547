"""Help requests get the follow-up call after DONE, and an index by caller number

Revision ID: a6d0b5f2c7e6
Revises: e4b8f3d0a5c4
Create Date: 2026-12-01 14:15:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a6d0b5f2c7e6"
down_revision: str | None = "e4b8f3d0a5c4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable: requests done before this revision are never called back.
    with op.batch_alter_table("help_request") as batch_op:
        batch_op.add_column(
            sa.Column("followup_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("followup_answer", sa.String(length=12), nullable=True)
        )
        batch_op.create_index(
            "ix_help_request_caller_number_status",
            ["caller_number", "status"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("help_request") as batch_op:
        batch_op.drop_index("ix_help_request_caller_number_status")
        batch_op.drop_column("followup_answer")
        batch_op.drop_column("followup_at")
