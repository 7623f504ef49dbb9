"""The PLUS page: status, end date, benefits and the plans, in the member's locale."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import rules
from member_app.i18n import message
from member_app.presenters.points import local_day
from member_app.presenters.redeem import Callout, yuan
from member_app.presenters.spend import SpendSheet

BENEFIT_KEYS = ("plus_benefit_rebate", "plus_benefit_coupon_pack", "plus_benefit_free_shipping",
                "plus_benefit_video", "plus_benefit_hotline", "plus_benefit_return")
BENEFIT_ICONS = ("coins", "ticket", "truck", "tv", "headset", "package-open")


@dataclass
class Benefit:
    icon: str = ""
    text: str = ""


@dataclass
class PlusView:
    active: bool = False
    status: str = ""
    end_date: str = ""
    trial_used: bool = False
    annual: str = ""
    trial: str = ""
    renew_hint: str = ""
    benefits: list[Benefit] = field(default_factory=list)


def plus_view(program: rules.Program, status: dict[str, Any], *, annual_days: int,
              trial_days: int, free_shipping_per_month: int, lang: str) -> PlusView:
    """`status` as `services.plus.plus_status` gives it; the figures are the service's."""
    ends = status["active_until"]
    return PlusView(
        active=status["active"],
        status=message("plus_active" if status["active"] else "plus_inactive", lang),
        end_date=(message("plus_ends_on", lang).format(date=_day(program, ends, lang))
                  if status["active"] and ends else ""),
        trial_used=status["trial_used"],
        annual=message("plus_annual", lang).format(fee=yuan(status["annual_fee_fen"], lang)),
        trial=message("plus_trial", lang).format(days=trial_days),
        renew_hint=message("plus_renew_hint", lang).format(days=annual_days),
        benefits=[Benefit(icon=icon, text=message(key, lang).format(
            count=free_shipping_per_month)) for key, icon in zip(BENEFIT_KEYS, BENEFIT_ICONS,
                                                                 strict=True)],
    )


def joined(program: rules.Program, plan: str, active_until: str, lang: str) -> Callout:
    """What a successful signup, trial or code did (the body of `subscribe_plus`)."""
    return Callout(ok=True, text=message(f"plus_joined_{plan}", lang).format(
        date=_day(program, active_until, lang)))


def _day(program: rules.Program, moment: str, lang: str) -> str:
    return local_day(datetime.fromisoformat(moment), program.tz, lang)


def plus_sheet(plan: str, status: dict[str, Any], *, annual_days: int, trial_days: int,
               code: str, lang: str) -> SpendSheet:
    """What joining by `plan` (annual, trial, code) costs and gives."""
    if plan == "annual":
        fee = yuan(status["annual_fee_fen"], lang)
        return SpendSheet(
            action="plus_annual", title=message("plus_title", lang),
            pay_lines=[message("spend_cash", lang).format(cash=fee)],
            get_lines=[message("spend_plus_annual", lang).format(days=annual_days)],
            notes=[message("spend_plus_renews_after", lang)] if status["active"] else [],
            cash=fee, confirm_label=message("spend_confirm_join", lang))
    if plan == "trial":
        return SpendSheet(
            action="plus_trial", title=message("plus_title", lang),
            pay_lines=[message("spend_nothing", lang)],
            get_lines=[message("spend_plus_trial", lang).format(days=trial_days)],
            notes=[message("spend_plus_trial_once", lang)],
            confirm_label=message("spend_confirm_trial", lang))
    return SpendSheet(
        action="plus_code", title=message("plus_title", lang),
        pay_lines=[message("spend_plus_code", lang).format(code=code)],
        get_lines=[message("spend_plus_code_gets", lang)],
        notes=[message("spend_plus_renews_after", lang)] if status["active"] else [],
        confirm_label=message("spend_confirm_join", lang))
