"""Database tables.

Every table is declared here so that migrations and tests see one schema. Timestamps are aware
and stored in UTC; the ledger is append-only (the migration installs triggers that refuse
UPDATE and DELETE on it, so even a bug cannot rewrite history).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Protocol, cast

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import Mapped
from sqlmodel import Field, SQLModel


class AwareDateTime(TypeDecorator[datetime]):
    """An aware timestamp stored in UTC; SQLite keeps no offset, so UTC is restored on read."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: timestamps must be aware")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utc_column(*, nullable: bool = False, index: bool = False) -> Any:
    return Field(sa_column=Column(AwareDateTime(), nullable=nullable, index=index))


class Stored(Protocol):
    """A row with an autoincrement id (typed Optional: it is None until the INSERT)."""

    @property
    def id(self) -> int | None: ...


def id_of(row: Stored) -> int:
    """The id of a row that is in the database (read from it, or added and flushed), where
    it is always set; the assert says so to the type checker, and catches an unflushed row."""
    assert row.id is not None, f"{type(row).__name__} has no id yet: not flushed"
    return row.id


def id_column(model: type[Stored]) -> Mapped[int]:
    """The model's id column, typed as what a query reads from it: a primary key, never NULL
    (the attribute is Optional only for rows not inserted yet)."""
    return cast("Mapped[int]", model.id)


def table_of(model: type[SQLModel]) -> Table:
    """A table model's Core table, for bulk statements that skip the ORM."""
    # SQLModel sets `__table__` on every `table=True` class, but its stubs do not declare it.
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table


class Member(SQLModel, table=True):
    __tablename__ = "member"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True, index=True)
    password_hash: str = Field(max_length=255)
    program: str = Field(max_length=16)
    is_demo: bool = Field(default=False)
    created_at: datetime = utc_column()
    birthday: date | None = None  # optional; JD's birthday coupon needs it (SPEC 4)
    # The name the member chose to be shown (Me page, avatar initial); None: the username.
    nickname: str | None = Field(default=None, max_length=32)


class Event(SQLModel, table=True):
    """A fact from the commerce platform or the app, stored once per globally unique id."""

    __tablename__ = "event"
    __table_args__ = (Index("ix_event_member_at", "member_id", "at"),)

    id: str = Field(primary_key=True, max_length=128)
    member_id: int = Field(foreign_key="member.id")
    type: str = Field(max_length=32)
    at: datetime = utc_column()
    fields: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    received_at: datetime = utc_column()


class LedgerEntry(SQLModel, table=True):
    """One credit or debit of points. The balance is the sum; rows are never changed."""

    __tablename__ = "ledger_entry"
    __table_args__ = (
        Index("ix_ledger_member", "member_id", "id"),
        # The points history pages by (effective_at, id), newest first.
        Index("ix_ledger_member_effective", "member_id", "effective_at", "id"),
        # `ref` names what an entry is for ("earn#0:<lot>", "spend:redemption:7"...): two
        # concurrent writers of the same entry collide here instead of counting it twice.
        Index("uq_ledger_member_ref", "member_id", "ref", unique=True),
        CheckConstraint("points <> 0", name="ck_ledger_points_nonzero"),
    )

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id")
    points: int
    reason: str = Field(max_length=32)
    event_id: str | None = Field(default=None, max_length=128)
    ref: str | None = Field(default=None, max_length=128)
    expires_on: date | None = None
    at: datetime = utc_column()  # when the row was written (audit)
    # When the change took effect under the rules: the lot's earning time, the refund's time,
    # the expiry instant, the debit's time. A history imported today is dated as it happened.
    effective_at: datetime = utc_column()


def json_column(*, nullable: bool = False) -> Any:
    return Field(default=None, sa_column=Column(JSON, nullable=nullable))


class PointsAccount(SQLModel, table=True):
    """A member's balance, kept equal to the sum of their ledger entries (same transaction).

    It is also the member's lock: every use case that moves their points or coupons takes
    this row FOR UPDATE first, so a member's point operations run one at a time. The balance
    is negative only while a late refund's debt is unpaid (SPEC 6); spending can never take
    it below zero (its conditional UPDATE), which is why there is no CHECK on it any more.
    """

    __tablename__ = "points_account"

    member_id: int = Field(
        sa_column=Column(Integer, ForeignKey("member.id"), primary_key=True, autoincrement=False)
    )
    balance: int = 0


class Standing(SQLModel, table=True):
    """What `rules` computed for a member at their last change (services.standing).

    `body` is the Assessment as JSON, without the bulky parts only writes need (the FIFO
    lots, the per-event trace). It is written in the same transaction as whatever changed its
    inputs (events, spending, PLUS), under the member's lock, and is valid from `computed_at`
    until `valid_until` (the next instant time alone can change it); `shape` names the
    Assessment layout, so rows written by older code are rebuilt instead of misread.
    """

    __tablename__ = "standing"

    member_id: int = Field(
        sa_column=Column(Integer, ForeignKey("member.id"), primary_key=True, autoincrement=False)
    )
    shape: int
    computed_at: datetime = utc_column()
    valid_until: datetime = utc_column(index=True)
    body: str = Field(sa_column=Column(Text, nullable=False))
    # The body's tier, as a column, so operators count members per tier in SQL (0011).
    tier: str | None = Field(default=None, max_length=16, index=True)


class MemberSession(SQLModel, table=True):
    """A signed-in member, as the server sees it: every member token names one (claim `sid`).

    Logout and a password change revoke it; it ends at `expires_at` whatever refreshing does
    (tokens are re-issued for an hour at most, never past this instant). The id is a random
    128-bit value, never a counter, so a token's `sid` cannot be guessed from another's."""

    __tablename__ = "member_session"
    __table_args__ = (Index("ix_member_session_member", "member_id"),)

    id: str = Field(primary_key=True, max_length=32)
    member_id: int = Field(foreign_key="member.id")
    created_at: datetime = utc_column()
    expires_at: datetime = utc_column()
    revoked_at: datetime | None = utc_column(nullable=True)


class RegistrationAttempt(SQLModel, table=True):
    """An attempt to register, counted per client to limit account creation."""

    __tablename__ = "registration_attempt"
    __table_args__ = (Index("ix_registration_attempt_client", "client", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    client: str = Field(max_length=64)
    at: datetime = utc_column()


class LoginAttempt(SQLModel, table=True):
    """A failed login, counted per username and client (a growing delay) and per client."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_username", "username", "client", "at"),
        Index("ix_login_attempt_client", "client", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64)
    client: str = Field(max_length=64)
    at: datetime = utc_column()


class IdempotencyRecord(SQLModel, table=True):
    """The first answer to a keyed request, written in the same transaction as its effect."""

    __tablename__ = "idempotency_record"
    __table_args__ = (Index("uq_idempotency_member_key", "member_id", "key", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id")
    key: str = Field(max_length=255)
    request_hash: str = Field(max_length=64)
    status: int
    body: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = utc_column()


class CatalogItem(SQLModel, table=True):
    """Something points buy (SPEC 6). `stock` None = unlimited; `program` None = every program."""

    __tablename__ = "catalog_item"
    __table_args__ = (
        CheckConstraint("points >= 0", name="ck_catalog_points"),
        CheckConstraint("cash_fen >= 0", name="ck_catalog_cash"),
        CheckConstraint("stock IS NULL OR stock >= 0", name="ck_catalog_stock"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, unique=True)
    program: str | None = Field(default=None, max_length=16)
    kind: str = Field(max_length=16)  # own, points_cash, activity, jd_bean
    name_zh: str = Field(max_length=128)
    name_en: str = Field(max_length=128)
    points: int
    cash_fen: int = 0
    stock: int | None = None
    per_member_limit: int | None = None
    game: dict[str, Any] | None = json_column(nullable=True)  # prizes and odds, published
    seed: str | None = Field(default=None, max_length=64)  # secret until revealed
    seed_commitment: str | None = Field(default=None, max_length=64)  # sha256(seed), public
    active: bool = True
    # file: member_app/catalogs/*.toml owns the content; operator: the console does (0009).
    managed_by: str = Field(default="file", max_length=8,
                            sa_column_kwargs={"server_default": "file"})
    picture: str | None = Field(default=None, max_length=16)  # operator items only
    note_zh: str | None = Field(default=None, max_length=200)
    note_en: str | None = Field(default=None, max_length=200)


class Redemption(SQLModel, table=True):
    __tablename__ = "redemption"
    __table_args__ = (Index("ix_redemption_member_item", "member_id", "item_id"),)

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id")
    item_id: int = Field(foreign_key="catalog_item.id")
    quantity: int
    points_spent: int
    cash_fen: int = 0
    payment_ref: str | None = Field(default=None, max_length=128)
    outcome: dict[str, Any] | None = json_column(nullable=True)  # game draws
    created_at: datetime = utc_column()
    # completed; pending (cash leg awaiting the provider: stock and points held); released
    # (the payment was declined or timed out: stock and points given back).
    status: str = Field(default="completed", sa_column=Column(
        String(16), nullable=False, server_default="completed"))


class Coupon(SQLModel, table=True):
    """A coupon; `member_id` is the owner now, `issued_to` + `source_key` make issuance once."""

    __tablename__ = "coupon"
    __table_args__ = (
        Index("uq_coupon_issue", "issued_to", "source_key", unique=True),
        Index("ix_coupon_owner", "member_id"),
        CheckConstraint("face_value_fen > 0", name="ck_coupon_face"),
        CheckConstraint("min_spend_fen >= 0", name="ck_coupon_min_spend"),
    )

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id")
    issued_to: int = Field(foreign_key="member.id")
    source_key: str = Field(max_length=96)
    name: str = Field(max_length=64)
    face_value_fen: int
    min_spend_fen: int = 0
    category: str | None = Field(default=None, max_length=32)
    valid_from: datetime = utc_column()
    valid_until: datetime = utc_column()
    transferable: bool = False
    status: str = Field(default="unused", max_length=16)  # unused, used (expired is derived)
    locked_until: datetime | None = utc_column(nullable=True)
    issued_at: datetime = utc_column()
    used_at: datetime | None = utc_column(nullable=True)
    used_order_id: str | None = Field(default=None, max_length=128)  # the checkout it paid


class Listing(SQLModel, table=True):
    __tablename__ = "listing"
    __table_args__ = (
        Index("ix_listing_status", "status"),
        Index("ix_listing_coupon", "coupon_id"),
        CheckConstraint("price > 0", name="ck_listing_price"),
    )

    id: int | None = Field(default=None, primary_key=True)
    coupon_id: int = Field(foreign_key="coupon.id")
    seller_id: int = Field(foreign_key="member.id")
    price: int
    status: str = Field(default="open", max_length=16)  # open, sold, withdrawn
    buyer_id: int | None = Field(default=None, foreign_key="member.id")
    created_at: datetime = utc_column()
    closed_at: datetime | None = utc_column(nullable=True)
    # Set when an operator withdrew it (0010): why, shown to the seller, and who.
    withdrawn_reason: str | None = Field(default=None, max_length=500)
    withdrawn_by: int | None = Field(default=None, foreign_key="operator.id")


class PaymentOrder(SQLModel, table=True):
    """A cash charge the app asked the provider for, keyed by the provider's order id.

    `pending` holds what it pays for (a redemption's stock and points) until
    `services.payments.confirm_payment` learns the outcome: succeeded completes it, declined
    or expired releases it. Exactly one of redemption_id / plus_days says what it pays for.
    """

    __tablename__ = "payment_order"
    __table_args__ = (Index("ix_payment_order_status", "status", "created_at"),
                      CheckConstraint("amount_fen > 0", name="ck_payment_order_amount"))

    order_id: str = Field(primary_key=True, max_length=128)
    member_id: int = Field(foreign_key="member.id", index=True)
    purpose: str = Field(max_length=16)  # redemption, plus
    redemption_id: int | None = Field(default=None, foreign_key="redemption.id")
    plus_days: int | None = None
    amount_fen: int
    status: str = Field(max_length=16)  # pending, succeeded, declined, expired
    provider_ref: str | None = Field(default=None, max_length=128)
    created_at: datetime = utc_column()
    decided_at: datetime | None = utc_column(nullable=True)


class PlusPeriod(SQLModel, table=True):
    """One paid, trial or code period of PLUS; `ref` (order, code, trial) makes each once."""

    __tablename__ = "plus_period"
    __table_args__ = (Index("ix_plus_period_member", "member_id", "ends_at"),)

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id")
    plan: str = Field(max_length=16)
    ref: str = Field(max_length=128, unique=True)
    starts_at: datetime = utc_column()
    ends_at: datetime = utc_column()
    created_at: datetime = utc_column()


class PlusCode(SQLModel, table=True):
    """A single-use PLUS code; only its sha256 is stored (the code is a bearer secret).

    `label` (`<batch>-<n>`, 0010) is what lists show instead: it says nothing about the code.
    Codes made before 0010 have no label or batch."""

    __tablename__ = "plus_code"
    __table_args__ = (Index("ix_plus_code_batch", "batch"),)

    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(max_length=64, unique=True)
    days: int
    created_at: datetime = utc_column()
    used_by: int | None = Field(default=None, foreign_key="member.id")
    used_at: datetime | None = utc_column(nullable=True)
    label: str | None = Field(default=None, max_length=24)
    batch: str | None = Field(default=None, max_length=16)


class SettlementRun(SQLModel, table=True):
    """One JD monthly settlement; its primary key makes each month run once."""

    __tablename__ = "settlement_run"

    month: str = Field(primary_key=True, max_length=7)
    members: int = 0
    started_at: datetime = utc_column()
    finished_at: datetime | None = utc_column(nullable=True)


class SweepRun(SQLModel, table=True):
    """One sweep (services.sweep_runs): its key makes the timer's run of each local night
    happen once however many backend workers there are; `sync` records its runs too."""

    __tablename__ = "sweep_run"

    key: str = Field(primary_key=True, max_length=64)  # night:<midnight, UTC> / sync:<start>
    started_at: datetime = utc_column()
    finished_at: datetime | None = utc_column(nullable=True)  # None: running, or it died
    brought_forward: int = 0
    failures: int = 0


class MemberSettlement(SQLModel, table=True):
    """A member's settled JD score, tier and breakdown for one month (history)."""

    __tablename__ = "member_settlement"
    __table_args__ = (Index("uq_member_settlement", "month", "member_id", unique=True),
                      Index("ix_member_settlement_member", "member_id", "month"))

    id: int | None = Field(default=None, primary_key=True)
    month: str = Field(max_length=7)
    member_id: int = Field(foreign_key="member.id")
    score: int
    base: int
    tier: str = Field(max_length=16)
    restricted: bool
    multiplier: str = Field(max_length=8)
    parts: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    items: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    risk: dict[str, Any] | None = json_column(nullable=True)  # kind -> level; None before 0004
    settled_at: datetime = utc_column()


class Operator(SQLModel, table=True):
    """Someone who runs the programme (SPEC 12): made on the command line, never by
    registration. `viewer` reads everything; `admin` also changes things."""

    __tablename__ = "operator"
    __table_args__ = (CheckConstraint("role IN ('viewer', 'admin')", name="ck_operator_role"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64, unique=True, index=True)
    role: str = Field(max_length=8)
    password_hash: str = Field(max_length=255)
    created_at: datetime = utc_column()
    # A demo operator (public password, `make run`) can log in only in demo mode, as demo
    # members can: a database moved to production keeps no open admin account.
    is_demo: bool = Field(default=False)


class AuditEntry(SQLModel, table=True):
    """One change an operator made: who, when, what, before and after (SPEC 12). Append-only:
    the migration installs triggers that refuse UPDATE and DELETE, as on the ledger."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_action_at", "action", "at"),
                      Index("ix_audit_entry_request", "operator_id", "request_key",
                            unique=True))

    id: int | None = Field(default=None, primary_key=True)
    operator_id: int = Field(foreign_key="operator.id", index=True)
    at: datetime = utc_column(index=True)
    action: str = Field(max_length=64)  # e.g. "risk_flag.set"
    subject: str = Field(max_length=128)  # what it acted on, e.g. "member:42"
    before: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    after: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    reason: str = Field(default="", max_length=500)
    # The operator's Idempotency-Key (0009): the same key again replays, it does not repeat.
    request_key: str | None = Field(default=None, max_length=255)


class ProgrammeVersion(SQLModel, table=True):
    """A programme's figures changed from a local day (SPEC 12): version `number` (2 and up;
    1 is the file) is the previous version with `changes` ({figure path: value}, see
    rules.versions). Append-only, as the ledger and the audit log (migration 0012's triggers):
    a version is corrected by a later one, never edited."""

    __tablename__ = "programme_version"
    __table_args__ = (Index("ix_programme_version_number", "program", "number", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    program: str = Field(max_length=16)
    number: int
    effective_from: date
    changes: Any = Field(sa_column=Column(JSON, nullable=False))
    reason: str = Field(default="", max_length=500)
    created_by: int = Field(foreign_key="operator.id")
    created_at: datetime = utc_column()
