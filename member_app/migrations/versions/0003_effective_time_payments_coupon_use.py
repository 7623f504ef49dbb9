"""Ledger effective time, pending payments, coupon use at checkout, member birthday.

- `ledger_entry.effective_at` (NOT NULL): when a change took effect under the rules; existing
  rows are backfilled with `at` (the best we know for them). The ledger's append-only triggers
  refuse every UPDATE, so this migration drops them, backfills, and recreates them, all inside
  the migration's one transaction (SQLite and PostgreSQL both have transactional DDL): no
  other writer can ever see the ledger without its triggers. On SQLite, making the column NOT
  NULL rebuilds the table (alembic batch mode: copy, drop, rename; the CHECK and indexes are
  carried over by reflection), which would drop its triggers anyway.
- `payment_order`, `redemption.status` (existing rows are completed), `coupon.used_at` /
  `used_order_id`, `member.birthday`.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from member_app.models import AwareDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Frozen copies of 0001's trigger DDL (a migration must not change when later code does).
_APPEND_ONLY_SQLITE = """
CREATE TRIGGER ledger_entry_no_{op} BEFORE {OP} ON ledger_entry
BEGIN SELECT RAISE(ABORT, 'ledger_entry is append-only'); END
"""
_APPEND_ONLY_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION ledger_entry_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'ledger_entry is append-only'; END $$ LANGUAGE plpgsql
"""


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _drop_ledger_triggers() -> None:
    if _sqlite():
        for name in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS ledger_entry_no_{name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS ledger_entry_append_only ON ledger_entry")


def _create_ledger_triggers() -> None:
    if _sqlite():
        for name in ("update", "delete"):
            op.execute(_APPEND_ONLY_SQLITE.format(op=name, OP=name.upper()))
        return
    op.execute(_APPEND_ONLY_PG_FUNCTION)
    op.execute(
        "CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry "
        "FOR EACH ROW EXECUTE FUNCTION ledger_entry_append_only()"
    )


def upgrade() -> None:
    _drop_ledger_triggers()
    with op.batch_alter_table("ledger_entry") as batch:
        batch.add_column(sa.Column("effective_at", AwareDateTime(), nullable=True))
    op.execute("UPDATE ledger_entry SET effective_at = at")
    with op.batch_alter_table("ledger_entry") as batch:
        batch.alter_column("effective_at", existing_type=AwareDateTime(), nullable=False)
    op.create_index("ix_ledger_member_effective", "ledger_entry",
                    ["member_id", "effective_at", "id"], unique=False)
    _create_ledger_triggers()

    op.add_column("member", sa.Column("birthday", sa.Date(), nullable=True))
    op.add_column("redemption", sa.Column("status", sa.String(length=16), nullable=False,
                                          server_default="completed"))
    op.add_column("coupon", sa.Column("used_at", AwareDateTime(), nullable=True))
    op.add_column("coupon", sa.Column("used_order_id", sa.String(length=128), nullable=True))
    op.create_table(
        "payment_order",
        sa.Column("order_id", sa.String(length=128), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("redemption_id", sa.Integer(), nullable=True),
        sa.Column("plus_days", sa.Integer(), nullable=True),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("provider_ref", sa.String(length=128), nullable=True),
        sa.Column("created_at", AwareDateTime(), nullable=False),
        sa.Column("decided_at", AwareDateTime(), nullable=True),
        sa.CheckConstraint("amount_fen > 0", name="ck_payment_order_amount"),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"]),
        sa.ForeignKeyConstraint(["redemption_id"], ["redemption.id"]),
        sa.PrimaryKeyConstraint("order_id"),
    )
    op.create_index("ix_payment_order_member_id", "payment_order", ["member_id"], unique=False)
    op.create_index("ix_payment_order_status", "payment_order", ["status", "created_at"],
                    unique=False)


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite >= 3.35): a batch rebuild of `member` would DROP a table that
    # others reference, which SQLite refuses with foreign keys on.
    op.drop_index("ix_payment_order_status", table_name="payment_order")
    op.drop_index("ix_payment_order_member_id", table_name="payment_order")
    op.drop_table("payment_order")
    for table, column in (("coupon", "used_order_id"), ("coupon", "used_at"),
                          ("redemption", "status"), ("member", "birthday")):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    op.drop_index("ix_ledger_member_effective", table_name="ledger_entry")
    _drop_ledger_triggers()
    op.execute("ALTER TABLE ledger_entry DROP COLUMN effective_at")
    _create_ledger_triggers()
