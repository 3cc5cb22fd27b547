"""Help requests get the details a neighbour needs, the operator's wrap-up, triage
and the later calls attached to them

Revision ID: f5c9a4e1b6d5
Revises: c2f6d1b8e3a2
Create Date: 2026-12-01 14:05:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f5c9a4e1b6d5"
down_revision: str | None = "c2f6d1b8e3a2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("help_request") as batch_op:
        batch_op.add_column(sa.Column("needs_text", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("urgency", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("needed_by", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("access_notes", sa.String(length=500), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "details_consent",
                sa.Boolean(),
                server_default=sa.false(),
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column("wrapup_outcome", sa.String(length=12), nullable=True)
        )
        batch_op.add_column(
            sa.Column("wrapup_recording_sid", sa.String(length=40), nullable=True)
        )
        batch_op.add_column(
            sa.Column("wrapup_recording_url", sa.String(length=512), nullable=True)
        )
        batch_op.add_column(
            sa.Column("wrapup_recording_duration_s", sa.Integer(), nullable=True)
        )
        batch_op.add_column(
            sa.Column("held_until", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "is_awaiting_approval",
                sa.Boolean(),
                server_default=sa.false(),
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("approved_by", sa.String(length=60), nullable=True)
        )

    op.create_table(
        "help_request_call",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("attached_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"],
            ["call.id"],
            name=op.f("fk_help_request_call_call_id_call"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["help_request.id"],
            name=op.f("fk_help_request_call_request_id_help_request"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_help_request_call")),
        sa.UniqueConstraint("call_id", name=op.f("uq_help_request_call_call_id")),
    )
    with op.batch_alter_table("help_request_call") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_help_request_call_request_id"), ["request_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("help_request_call") as batch_op:
        batch_op.drop_index(batch_op.f("ix_help_request_call_request_id"))
    op.drop_table("help_request_call")
    with op.batch_alter_table("help_request") as batch_op:
        batch_op.drop_column("approved_by")
        batch_op.drop_column("approved_at")
        batch_op.drop_column("is_awaiting_approval")
        batch_op.drop_column("held_until")
        batch_op.drop_column("wrapup_recording_duration_s")
        batch_op.drop_column("wrapup_recording_url")
        batch_op.drop_column("wrapup_recording_sid")
        batch_op.drop_column("wrapup_outcome")
        batch_op.drop_column("details_consent")
        batch_op.drop_column("access_notes")
        batch_op.drop_column("needed_by")
        batch_op.drop_column("urgency")
        batch_op.drop_column("needs_text")
