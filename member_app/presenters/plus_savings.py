"""The PLUS savings statement in words (SPEC 13): the figures are services.plus_savings'."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from member_app.i18n import message
from member_app.i18n.format import number
from member_app.presenters.redeem import yuan

PARTS = (("plus_saved_beans", "extra_beans", "extra_beans_fen"),
         ("plus_saved_shipping", "free_shipping_used", "free_shipping_fen"),
         ("plus_saved_pack", "pack_used", "pack_fen"),
         ("plus_saved_video", "video_months", "video_fen"))


@dataclass
class SavingsLine:
    label: str = ""
    amount: str = ""


@dataclass
class SavingsView:
    kind: str = ""  # "member", "prospect", or "" (nothing to show)
    headline: str = ""
    lines: list[SavingsLine] = field(default_factory=list)
    fee_label: str = ""
    fee: str = ""
    verdict: str = ""
    ahead: bool = False
    since: str = ""
    rule: str = ""


def savings_view(savings: dict[str, Any] | None, lang: str) -> SavingsView:
    """`savings` as GET /me/plus/savings gives it; a PLUS member sees this year's statement
    and the total since joining, a member who never had it what it would have saved."""
    if savings is None:
        return SavingsView()
    member = bool(savings["member"])
    figures = savings["this_year"] if member else savings["would_have"]
    net = figures["net_fen"]
    lines = [SavingsLine(label=message(key, lang).format(count=number(figures[count], lang)),
                         amount=yuan(figures[fen], lang)) for key, count, fen in PARTS
             if member or figures[fen]]
    saved = yuan(figures["saved_fen"], lang)
    view = SavingsView(
        kind="member" if member else "prospect",
        headline=message("plus_saved_this_year" if member else "plus_would_have_saved",
                         lang).format(saved=saved),
        lines=lines,
        fee_label=message("plus_fee_paid" if member else "plus_fee_would", lang),
        fee=("−" if figures["fee_fen"] else "") + yuan(figures["fee_fen"], lang),
        ahead=net >= 0,
        verdict=message("plus_ahead" if net >= 0 else "plus_to_go", lang).format(
            amount=yuan(abs(net), lang)),
        rule=message("plus_savings_rule" if member else "plus_savings_prospect_rule", lang),
    )
    if member:
        total = savings["since_joining"]
        view.since = message("plus_since_joining", lang).format(
            saved=yuan(total["saved_fen"], lang), fee=yuan(total["fee_fen"], lang))
    return view


def home_saved_line(savings: dict[str, Any] | None, lang: str) -> str:
    """The home card's line for a PLUS member ("" for anyone else)."""
    if not savings or not savings["member"]:
        return ""
    return message("plus_home_saved", lang).format(
        saved=yuan(savings["this_year"]["saved_fen"], lang))
