"""Members, events and the append-only points ledger.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from member_app.models import AwareDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_APPEND_ONLY_SQLITE = """
CREATE TRIGGER ledger_entry_no_{op} BEFORE {OP} ON ledger_entry
BEGIN SELECT RAISE(ABORT, 'ledger_entry is append-only'); END
"""
_APPEND_ONLY_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION ledger_entry_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'ledger_entry is append-only'; END $$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    op.create_table(
        "member",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("program", sa.String(16), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", AwareDateTime(), nullable=False),
    )
    op.create_index("ix_member_username", "member", ["username"], unique=True)
    op.create_table(
        "event",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("member.id"), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("at", AwareDateTime(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("received_at", AwareDateTime(), nullable=False),
    )
    op.create_index("ix_event_member_at", "event", ["member_id", "at"])
    op.create_table(
        "ledger_entry",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("member.id"), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("event_id", sa.String(128), nullable=True),
        sa.Column("ref", sa.String(128), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("at", AwareDateTime(), nullable=False),
        sa.CheckConstraint("points <> 0", name="ck_ledger_points_nonzero"),
    )
    op.create_index("ix_ledger_member", "ledger_entry", ["member_id", "id"])
    _forbid_ledger_rewrites()


def _forbid_ledger_rewrites() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("update", "delete"):
            op.execute(_APPEND_ONLY_SQLITE.format(op=name, OP=name.upper()))
        return
    op.execute(_APPEND_ONLY_PG_FUNCTION)
    op.execute(
        "CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry "
        "FOR EACH ROW EXECUTE FUNCTION ledger_entry_append_only()"
    )


def downgrade() -> None:
    op.drop_table("ledger_entry")
    op.drop_table("event")
    op.drop_table("member")
