"""create call log, help requests, volunteers and coordinators

Revision ID: 5aead934747d
Revises:
Create Date: 2026-11-23 16:52:10.836665
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5aead934747d"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "coordinator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coordinator")),
        sa.UniqueConstraint("username", name=op.f("uq_coordinator_username")),
    )
    op.create_table(
        "volunteer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("phone_number", sa.String(length=20), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("duty_token_sha256", sa.String(length=64), nullable=True),
        sa.Column("is_operator", sa.Boolean(), nullable=False),
        sa.Column("duty_state", sa.String(length=12), nullable=False),
        sa.Column("missed_offers", sa.Integer(), nullable=False),
        sa.Column("duty_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("is_field", sa.Boolean(), nullable=False),
        sa.Column("home_postcode", sa.String(length=4), nullable=True),
        sa.Column("needs", sa.JSON(), nullable=False),
        sa.Column("radius_km", sa.Float(), nullable=True),
        sa.Column("weekly_cap", sa.Integer(), nullable=False),
        sa.Column("is_sms_opted_out", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer")),
        sa.UniqueConstraint(
            "duty_token_sha256", name=op.f("uq_volunteer_duty_token_sha256")
        ),
        sa.UniqueConstraint("phone_number", name=op.f("uq_volunteer_phone_number")),
    )
    with op.batch_alter_table("volunteer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_volunteer_home_postcode"), ["home_postcode"], unique=False
        )

    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coordinator_id", sa.Integer(), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["coordinator_id"],
            ["coordinator.id"],
            name=op.f("fk_api_token_coordinator_id_coordinator"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_token")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_api_token_token_sha256")),
    )
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_api_token_coordinator_id"), ["coordinator_id"], unique=False
        )

    op.create_table(
        "call",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("twilio_call_sid", sa.String(length=34), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("direction", sa.String(length=20), nullable=False),
        sa.Column("from_number", sa.String(length=40), nullable=False),
        sa.Column("to_number", sa.String(length=40), nullable=False),
        sa.Column("caller_e164", sa.String(length=20), nullable=True),
        sa.Column("language", sa.String(length=5), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_sequence", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=30), nullable=True),
        sa.Column("volunteer_id", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("duration_s", sa.Integer(), nullable=True),
        sa.Column("wait_s", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["volunteer.id"],
            name=op.f("fk_call_volunteer_id_volunteer"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call")),
        sa.UniqueConstraint("twilio_call_sid", name=op.f("uq_call_twilio_call_sid")),
    )
    with op.batch_alter_table("call", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_call_caller_e164"), ["caller_e164"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_call_started_at"), ["started_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_call_volunteer_id"), ["volunteer_id"], unique=False
        )

    op.create_table(
        "volunteer_shift",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("starts", sa.Time(), nullable=False),
        sa.Column("ends", sa.Time(), nullable=False),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["volunteer.id"],
            name=op.f("fk_volunteer_shift_volunteer_id_volunteer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_shift")),
    )
    with op.batch_alter_table("volunteer_shift", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_volunteer_shift_volunteer_id"),
            ["volunteer_id"],
            unique=False,
        )

    op.create_table(
        "call_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["call_id"],
            ["call.id"],
            name=op.f("fk_call_event_call_id_call"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_event")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_call_event_dedupe_key")),
    )
    with op.batch_alter_table("call_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_call_event_call_id_id", ["call_id", "id"], unique=False
        )

    op.create_table(
        "help_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=True),
        sa.Column("caller_number", sa.String(length=40), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=True),
        sa.Column("need", sa.String(length=20), nullable=True),
        sa.Column("postcode", sa.String(length=4), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("close_reason", sa.String(length=30), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("voicemail_url", sa.String(length=512), nullable=True),
        sa.Column("voicemail_duration_s", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("short_code", sa.String(length=8), nullable=True),
        sa.Column("volunteer_id", sa.Integer(), nullable=True),
        sa.Column("wave", sa.Integer(), nullable=False),
        sa.Column("next_wave_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("matched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["call_id"],
            ["call.id"],
            name=op.f("fk_help_request_call_id_call"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["volunteer.id"],
            name=op.f("fk_help_request_volunteer_id_volunteer"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_help_request")),
        sa.UniqueConstraint("call_id", name=op.f("uq_help_request_call_id")),
        sa.UniqueConstraint("short_code", name=op.f("uq_help_request_short_code")),
    )
    with op.batch_alter_table("help_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_help_request_next_wave_at"), ["next_wave_at"], unique=False
        )
        batch_op.create_index(
            "ix_help_request_status_created_at", ["status", "created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_help_request_volunteer_id"), ["volunteer_id"], unique=False
        )

    op.create_table(
        "help_request_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("actor", sa.String(length=60), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["help_request.id"],
            name=op.f("fk_help_request_event_request_id_help_request"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_help_request_event")),
    )
    with op.batch_alter_table("help_request_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_help_request_event_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "match_offer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column("wave", sa.Integer(), nullable=False),
        sa.Column("distance_km", sa.Double(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("response", sa.String(length=12), nullable=False),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["help_request.id"],
            name=op.f("fk_match_offer_request_id_help_request"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["volunteer.id"],
            name=op.f("fk_match_offer_volunteer_id_volunteer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_offer")),
    )
    with op.batch_alter_table("match_offer", schema=None) as batch_op:
        batch_op.create_index(
            "ix_match_offer_request_id_volunteer_id",
            ["request_id", "volunteer_id"],
            unique=True,
        )
        batch_op.create_index(
            batch_op.f("ix_match_offer_volunteer_id"), ["volunteer_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("match_offer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_offer_volunteer_id"))
        batch_op.drop_index("ix_match_offer_request_id_volunteer_id")

    op.drop_table("match_offer")
    with op.batch_alter_table("help_request_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_help_request_event_request_id"))

    op.drop_table("help_request_event")
    with op.batch_alter_table("help_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_help_request_volunteer_id"))
        batch_op.drop_index("ix_help_request_status_created_at")
        batch_op.drop_index(batch_op.f("ix_help_request_next_wave_at"))

    op.drop_table("help_request")
    with op.batch_alter_table("call_event", schema=None) as batch_op:
        batch_op.drop_index("ix_call_event_call_id_id")

    op.drop_table("call_event")
    with op.batch_alter_table("volunteer_shift", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_volunteer_shift_volunteer_id"))

    op.drop_table("volunteer_shift")
    with op.batch_alter_table("call", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_call_volunteer_id"))
        batch_op.drop_index(batch_op.f("ix_call_started_at"))
        batch_op.drop_index(batch_op.f("ix_call_caller_e164"))

    op.drop_table("call")
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_token_coordinator_id"))

    op.drop_table("api_token")
    with op.batch_alter_table("volunteer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_volunteer_home_postcode"))

    op.drop_table("volunteer")
    op.drop_table("coordinator")
