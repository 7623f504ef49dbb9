"""The standing's tier as a column (issue #14: the operators' economy counts members per tier
in SQL; the tier is otherwise inside the JSON body, which SQLite and PostgreSQL read apart).

Existing rows are filled from their body here, a batch at a time; every write after this
migration sets it with the body (services.ledger_sync).

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

BATCH = 1000


def upgrade() -> None:
    op.add_column("standing", sa.Column("tier", sa.String(length=16), nullable=True))
    op.create_index("ix_standing_tier", "standing", ["tier"])
    connection = op.get_bind()
    standing = sa.table("standing", sa.column("member_id", sa.Integer),
                        sa.column("body", sa.Text), sa.column("tier", sa.String))
    after = 0
    while rows := connection.execute(
            sa.select(standing.c.member_id, standing.c.body)
            .where(standing.c.member_id > after).order_by(standing.c.member_id)
            .limit(BATCH)).all():
        connection.execute(
            standing.update().where(standing.c.member_id == sa.bindparam("id"))
            .values(tier=sa.bindparam("value")),
            [{"id": member_id, "value": json.loads(body).get("tier")}
             for member_id, body in rows])
        after = rows[-1][0]


def downgrade() -> None:
    op.drop_index("ix_standing_tier", table_name="standing")
    op.execute("ALTER TABLE standing DROP COLUMN tier")
