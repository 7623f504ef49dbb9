"""Sweep runs: each local night's sweep claimed once by one backend worker (issue #9).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from member_app.models import AwareDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sweep_run",
        sa.Column("key", sa.String(length=64), primary_key=True),
        sa.Column("started_at", AwareDateTime(), nullable=False),
        sa.Column("finished_at", AwareDateTime(), nullable=True),
        sa.Column("brought_forward", sa.Integer, nullable=False),
        sa.Column("failures", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sweep_run")
