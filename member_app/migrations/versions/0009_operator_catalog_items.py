"""Catalog items operators make and edit (issue #14, SPEC 12).

`managed_by` says who owns an item's content: `file` (member_app/catalogs/*.toml, which
`ensure_catalog` keeps in line at every start) or `operator` (made or edited in the console;
the files no longer touch it, or an operator's price change would be undone at the next start).
Operator items carry their own picture and line of detail, which file items keep in the file.

An audit entry keeps the operator's Idempotency-Key (`request_key`, unique per operator): a
retried or double-tapped change finds its entry and replays instead of changing twice.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_COLUMNS = ("managed_by", "picture", "note_zh", "note_en")


def upgrade() -> None:
    op.add_column("catalog_item", sa.Column("managed_by", sa.String(length=8), nullable=False,
                                            server_default="file"))
    op.add_column("catalog_item", sa.Column("picture", sa.String(length=16), nullable=True))
    op.add_column("catalog_item", sa.Column("note_zh", sa.String(length=200), nullable=True))
    op.add_column("catalog_item", sa.Column("note_en", sa.String(length=200), nullable=True))
    op.add_column("audit_entry", sa.Column("request_key", sa.String(length=255), nullable=True))
    op.create_index("ix_audit_entry_request", "audit_entry", ["operator_id", "request_key"],
                    unique=True)


def downgrade() -> None:
    op.drop_index("ix_audit_entry_request", table_name="audit_entry")
    op.execute("ALTER TABLE audit_entry DROP COLUMN request_key")
    # Plain DROP COLUMN (SQLite >= 3.35), as 0006 does.
    for column in _COLUMNS:
        op.execute(f"ALTER TABLE catalog_item DROP COLUMN {column}")
