"""Programme versions (issue #14, SPEC 12): a programme's figures changed from a local day.

Append-only like the ledger and the audit log: triggers refuse UPDATE and DELETE, so a
version that has not started yet is corrected by a later version of the same day, and a past
one can never be rewritten.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from member_app.models import AwareDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_APPEND_ONLY_SQLITE = """
CREATE TRIGGER programme_version_no_{op} BEFORE {OP} ON programme_version
BEGIN SELECT RAISE(ABORT, 'programme_version is append-only'); END
"""
_APPEND_ONLY_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION programme_version_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'programme_version is append-only'; END $$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    op.create_table(
        "programme_version",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("program", sa.String(length=16), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("effective_from", sa.Date, nullable=False),
        sa.Column("changes", sa.JSON, nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("operator.id"), nullable=False),
        sa.Column("created_at", AwareDateTime(), nullable=False),
    )
    op.create_index("ix_programme_version_number", "programme_version", ["program", "number"],
                    unique=True)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_APPEND_ONLY_PG_FUNCTION)
        op.execute("CREATE TRIGGER programme_version_append_only BEFORE UPDATE OR DELETE ON "
                   "programme_version FOR EACH ROW EXECUTE FUNCTION "
                   "programme_version_append_only()")
    else:
        for name in ("update", "delete"):
            op.execute(_APPEND_ONLY_SQLITE.format(op=name, OP=name.upper()))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS programme_version_append_only ON programme_version")
        op.execute("DROP FUNCTION IF EXISTS programme_version_append_only()")
    op.drop_table("programme_version")
