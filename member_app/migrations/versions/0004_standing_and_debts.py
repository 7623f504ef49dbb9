"""Stored standings, and balances that may go negative for a late refund's debt.

- `standing`: one row per member, what rules computed at their last change (see
  models.Standing). Existing members get theirs from the sweep (`python -m member_app sync`,
  and the timer in `serve`), chunk by chunk with progress, or from their first read; the
  migration itself stays fast and does not run the rules.
- `points_account` loses `ck_points_account_nonnegative`: SPEC 6 now has the balance go
  negative by a late refund's claw-back. Spending keeps its conditional UPDATE, so it still
  cannot take a balance below zero. On SQLite, dropping a CHECK rebuilds the table (alembic
  batch mode).
- `member_settlement.risk`: the risk levels the settlement read, so a stored settlement can be
  given back to rules whole (the JD tier card shows the settlement of record).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from member_app.models import AwareDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "standing",
        sa.Column("member_id", sa.Integer, sa.ForeignKey("member.id"), primary_key=True,
                  autoincrement=False),
        sa.Column("shape", sa.Integer, nullable=False),
        sa.Column("computed_at", AwareDateTime(), nullable=False),
        sa.Column("valid_until", AwareDateTime(), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_index("ix_standing_valid_until", "standing", ["valid_until"])
    with op.batch_alter_table("points_account") as batch:
        batch.drop_constraint("ck_points_account_nonnegative", type_="check")
    op.add_column("member_settlement", sa.Column("risk", sa.JSON, nullable=True))


def downgrade() -> None:
    op.drop_column("member_settlement", "risk")
    with op.batch_alter_table("points_account") as batch:
        batch.create_check_constraint("ck_points_account_nonnegative", "balance >= 0")
    op.drop_index("ix_standing_valid_until", table_name="standing")
    op.drop_table("standing")
