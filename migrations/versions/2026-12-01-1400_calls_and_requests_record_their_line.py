"""Calls and help requests record the hotline line (number) the caller dialled

Revision ID: b1e5c0a7d2f1
Revises: 9d3f61c0a7e4
Create Date: 2026-12-01 14:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b1e5c0a7d2f1"
down_revision: str | None = "9d3f61c0a7e4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable: calls and requests from before lines were configured have none (the
    # default line), requests entered on someone's behalf have none.
    with op.batch_alter_table("call") as batch_op:
        batch_op.add_column(sa.Column("line", sa.String(length=20), nullable=True))
    with op.batch_alter_table("help_request") as batch_op:
        batch_op.add_column(sa.Column("line", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("help_request") as batch_op:
        batch_op.drop_column("line")
    with op.batch_alter_table("call") as batch_op:
        batch_op.drop_column("line")
