"""Accounts get a role (admin, coordinator, partner, operator), a partner's
organisation and an operator's volunteer; the append-only audit log

Existing accounts become coordinators.

Revision ID: c2f6d1b8e3a2
Revises: b1e5c0a7d2f1
Create Date: 2026-12-01 14:02:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c2f6d1b8e3a2"
down_revision: str | None = "b1e5c0a7d2f1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("coordinator") as batch_op:
        batch_op.add_column(
            sa.Column(
                "role",
                sa.String(length=20),
                server_default="coordinator",
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column("organisation", sa.String(length=120), nullable=True)
        )
        batch_op.add_column(sa.Column("volunteer_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            "ix_coordinator_volunteer_id", ["volunteer_id"], unique=False
        )
        batch_op.create_foreign_key(
            "fk_coordinator_volunteer_id_volunteer",
            "volunteer",
            ["volunteer_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("subject", sa.String(length=120), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    with op.batch_alter_table("audit_entry") as batch_op:
        batch_op.create_index("ix_audit_entry_at", ["at"], unique=False)
        batch_op.create_index("ix_audit_entry_actor", ["actor"], unique=False)
        batch_op.create_index("ix_audit_entry_action", ["action"], unique=False)
        batch_op.create_index("ix_audit_entry_subject", ["subject"], unique=False)


def downgrade() -> None:
    op.drop_table("audit_entry")
    with op.batch_alter_table("coordinator") as batch_op:
        batch_op.drop_constraint(
            "fk_coordinator_volunteer_id_volunteer", type_="foreignkey"
        )
        batch_op.drop_index("ix_coordinator_volunteer_id")
        batch_op.drop_column("volunteer_id")
        batch_op.drop_column("organisation")
        batch_op.drop_column("role")
