"""Database tables.

Every table is declared here so that migrations and tests see one schema. Timestamps are aware
and stored in UTC; the ledger is append-only (the migration installs triggers that refuse
UPDATE and DELETE on it, so even a bug cannot rewrite history).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, DateTime, Index, TypeDecorator
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


class Member(SQLModel, table=True):
    __tablename__ = "member"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True, index=True)
    password_hash: str = Field(max_length=255)
    program: str = Field(max_length=16)
    is_demo: bool = Field(default=False)
    created_at: datetime = utc_column()


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
        CheckConstraint("points <> 0", name="ck_ledger_points_nonzero"),
    )

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id")
    points: int
    reason: str = Field(max_length=32)
    event_id: str | None = Field(default=None, max_length=128)
    ref: str | None = Field(default=None, max_length=128)
    expires_on: date | None = None
    at: datetime = utc_column()
