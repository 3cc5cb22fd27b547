"""Calls get an index for the hold loop's estimate (latest bridged waits by language)

Revision ID: 3c1f9e7a2b84
Revises: a6d0b5f2c7e6
Create Date: 2026-12-01 23:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "3c1f9e7a2b84"
down_revision: str | None = "a6d0b5f2c7e6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_call_outcome_language_started_at",
        "call",
        ["outcome", "language", "started_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_call_outcome_language_started_at", table_name="call")
