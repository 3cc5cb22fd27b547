"""The queue is durable: every waiting caller and callback promise has a row

Revision ID: e4b8f3d0a5c4
Revises: f5c9a4e1b6d5
Create Date: 2026-12-01 14:15:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e4b8f3d0a5c4"
down_revision: str | None = "f5c9a4e1b6d5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "queue_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("also_speaks", sa.JSON(), nullable=False),
        sa.Column("enqueued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("need", sa.String(length=20), nullable=False),
        sa.Column("postcode", sa.String(length=4), nullable=True),
        sa.Column("caller_number", sa.String(length=40), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=True),
        sa.Column("restored", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"],
            ["call.id"],
            name=op.f("fk_queue_entry_call_id_call"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_queue_entry")),
        sa.UniqueConstraint("entry_id", name=op.f("uq_queue_entry_entry_id")),
    )
    op.create_index(
        "ix_queue_entry_enqueued_at", "queue_entry", ["enqueued_at"], unique=False
    )
    op.create_index(
        op.f("ix_queue_entry_call_id"), "queue_entry", ["call_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_queue_entry_call_id"), table_name="queue_entry")
    op.drop_index("ix_queue_entry_enqueued_at", table_name="queue_entry")
    op.drop_table("queue_entry")
