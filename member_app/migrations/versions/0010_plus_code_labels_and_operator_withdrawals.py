"""PLUS code labels and batches; market listings an operator withdrew (issue #14, SPEC 12).

A PLUS code is a bearer secret and only its sha256 is stored, so a list of codes needs
something else to show per code: `label` (`<batch>-<n>`, the batch id and the code's number in
it), which says nothing about the code itself, and `batch`, the issue it came from. Codes made
before this migration have neither; they are listed by id.

A listing an operator withdrew keeps why (`withdrawn_reason`, shown to the seller) and who
(`withdrawn_by`, the operator; NULL when the seller withdrew it).

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("plus_code", sa.Column("label", sa.String(length=24), nullable=True))
    op.add_column("plus_code", sa.Column("batch", sa.String(length=16), nullable=True))
    op.create_index("ix_plus_code_batch", "plus_code", ["batch"])
    op.add_column("listing", sa.Column("withdrawn_reason", sa.String(length=500),
                                       nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.add_column("listing", sa.Column("withdrawn_by", sa.Integer,
                                           sa.ForeignKey("operator.id"), nullable=True))
    else:
        # SQLite cannot ALTER a constraint in (alembic refuses), but takes a column-level
        # REFERENCES with ADD COLUMN; a batch rebuild of `listing` is not needed for that.
        op.execute("ALTER TABLE listing ADD COLUMN withdrawn_by INTEGER REFERENCES operator (id)")


def downgrade() -> None:
    op.drop_index("ix_plus_code_batch", table_name="plus_code")
    # Plain DROP COLUMN (SQLite >= 3.35), as 0006 does; SQLite drops a column-level
    # REFERENCES with its column.
    for table, column in (("listing", "withdrawn_by"), ("listing", "withdrawn_reason"),
                          ("plus_code", "batch"), ("plus_code", "label")):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
