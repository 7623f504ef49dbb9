"""The store: points accounts, idempotency, catalog and redemptions, coupons and the market,
PLUS, JD settlements, login rate limiting; ledger entries unique per (member, ref).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from member_app.models import AwareDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalog_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("program", sa.String(length=16), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name_zh", sa.String(length=128), nullable=False),
        sa.Column("name_en", sa.String(length=128), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("cash_fen", sa.Integer(), nullable=False),
        sa.Column("stock", sa.Integer(), nullable=True),
        sa.Column("per_member_limit", sa.Integer(), nullable=True),
        sa.Column("game", sa.JSON(), nullable=True),
        sa.Column("seed", sa.String(length=64), nullable=True),
        sa.Column("seed_commitment", sa.String(length=64), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint("cash_fen >= 0", name="ck_catalog_cash"),
        sa.CheckConstraint("points >= 0", name="ck_catalog_points"),
        sa.CheckConstraint("stock IS NULL OR stock >= 0", name="ck_catalog_stock"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "login_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("at", AwareDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_login_attempt_client", "login_attempt", ["client", "at"], unique=False)
    op.create_index("ix_login_attempt_username", "login_attempt", ["username", "at"], unique=False)
    op.create_table(
        "settlement_run",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.Column("started_at", AwareDateTime(), nullable=False),
        sa.Column("finished_at", AwareDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("month"),
    )
    op.create_table(
        "coupon",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("issued_to", sa.Integer(), nullable=False),
        sa.Column("source_key", sa.String(length=96), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("face_value_fen", sa.Integer(), nullable=False),
        sa.Column("min_spend_fen", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=True),
        sa.Column("valid_from", AwareDateTime(), nullable=False),
        sa.Column("valid_until", AwareDateTime(), nullable=False),
        sa.Column("transferable", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("locked_until", AwareDateTime(), nullable=True),
        sa.Column("issued_at", AwareDateTime(), nullable=False),
        sa.CheckConstraint("face_value_fen > 0", name="ck_coupon_face"),
        sa.CheckConstraint("min_spend_fen >= 0", name="ck_coupon_min_spend"),
        sa.ForeignKeyConstraint(
            ["issued_to"],
            ["member.id"],
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_coupon_owner", "coupon", ["member_id"], unique=False)
    op.create_index("uq_coupon_issue", "coupon", ["issued_to", "source_key"], unique=True)
    op.create_table(
        "idempotency_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("created_at", AwareDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "uq_idempotency_member_key", "idempotency_record", ["member_id", "key"], unique=True
    )
    op.create_table(
        "member_settlement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("base", sa.Integer(), nullable=False),
        sa.Column("tier", sa.String(length=16), nullable=False),
        sa.Column("restricted", sa.Boolean(), nullable=False),
        sa.Column("multiplier", sa.String(length=8), nullable=False),
        sa.Column("parts", sa.JSON(), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("settled_at", AwareDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_member_settlement_member", "member_settlement", ["member_id", "month"], unique=False
    )
    op.create_index(
        "uq_member_settlement", "member_settlement", ["month", "member_id"], unique=True
    )
    op.create_table(
        "plus_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("created_at", AwareDateTime(), nullable=False),
        sa.Column("used_by", sa.Integer(), nullable=True),
        sa.Column("used_at", AwareDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["used_by"],
            ["member.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code_hash"),
    )
    op.create_table(
        "plus_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("plan", sa.String(length=16), nullable=False),
        sa.Column("ref", sa.String(length=128), nullable=False),
        sa.Column("starts_at", AwareDateTime(), nullable=False),
        sa.Column("ends_at", AwareDateTime(), nullable=False),
        sa.Column("created_at", AwareDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ref"),
    )
    op.create_index("ix_plus_period_member", "plus_period", ["member_id", "ends_at"], unique=False)
    op.create_table(
        "points_account",
        sa.Column("member_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("balance", sa.Integer(), nullable=False),
        sa.CheckConstraint("balance >= 0", name="ck_points_account_nonnegative"),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
        ),
        sa.PrimaryKeyConstraint("member_id"),
    )
    op.create_table(
        "redemption",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("points_spent", sa.Integer(), nullable=False),
        sa.Column("cash_fen", sa.Integer(), nullable=False),
        sa.Column("payment_ref", sa.String(length=128), nullable=True),
        sa.Column("outcome", sa.JSON(), nullable=True),
        sa.Column("created_at", AwareDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["catalog_item.id"],
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_redemption_member_item", "redemption", ["member_id", "item_id"], unique=False
    )
    op.create_table(
        "listing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coupon_id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.Integer(), nullable=False),
        sa.Column("price", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("buyer_id", sa.Integer(), nullable=True),
        sa.Column("created_at", AwareDateTime(), nullable=False),
        sa.Column("closed_at", AwareDateTime(), nullable=True),
        sa.CheckConstraint("price > 0", name="ck_listing_price"),
        sa.ForeignKeyConstraint(
            ["buyer_id"],
            ["member.id"],
        ),
        sa.ForeignKeyConstraint(
            ["coupon_id"],
            ["coupon.id"],
        ),
        sa.ForeignKeyConstraint(
            ["seller_id"],
            ["member.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_listing_coupon", "listing", ["coupon_id"], unique=False)
    op.create_index("ix_listing_status", "listing", ["status"], unique=False)
    op.create_index("uq_ledger_member_ref", "ledger_entry", ["member_id", "ref"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_ledger_member_ref", table_name="ledger_entry")
    op.drop_table("listing")
    op.drop_table("redemption")
    op.drop_table("points_account")
    op.drop_table("plus_period")
    op.drop_table("plus_code")
    op.drop_table("member_settlement")
    op.drop_table("idempotency_record")
    op.drop_table("coupon")
    op.drop_table("settlement_run")
    op.drop_table("login_attempt")
    op.drop_table("catalog_item")
