"""Request bodies. Strict (no "5" for 5, no 1.0 for 1) and closed (unknown keys refused)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class NewMember(Strict):
    username: str = Field(max_length=64)
    password: str = Field(max_length=1024)
    program: str | None = Field(default=None, max_length=16)
    birthday: str | None = Field(default=None, max_length=10)  # YYYY-MM-DD


class PasswordChange(Strict):
    current_password: str = Field(max_length=1024)
    new_password: str = Field(max_length=1024)


class RedemptionRequest(Strict):
    item_id: int
    quantity: int = 1
    payment_token: str | None = Field(default=None, max_length=64)


class ListingRequest(Strict):
    coupon_id: int
    price: int


class PlusRequest(Strict):
    plan: Literal["annual", "trial", "code"]
    code: str | None = Field(default=None, max_length=64)
    payment_token: str | None = Field(default=None, max_length=64)


class SettlementRequest(Strict):
    month: str = Field(max_length=7)


class BirthdayRequest(Strict):
    birthday: str = Field(max_length=10)  # YYYY-MM-DD


class CouponUseRequest(Strict):
    member: int | str  # id or username, as in events
    order_id: str = Field(min_length=1, max_length=128)
    order_amount_fen: int
    category: str | None = Field(default=None, max_length=32)
