"""The forecast page's words: rules' outlook and plan (services.forecast) in the member's
language. Nothing is computed here: the days, the growth, the tiers and the yuan are rules'.

JD's chart is the JD score page's five-part radar (SPEC 13): each part of points as a share
of the most it can reach (rules.part_maximums), and the two risk parts as what they leave of
the score's worth: good 100, fair the fair multiplier (90), poor 0 (the member is restricted).
The last settlement and the next one are drawn over each other."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import rules
from member_app.i18n import capitalised, message
from member_app.i18n.format import number
from member_app.presenters.redeem import yuan
from member_app.presenters.signin import day_text
from member_app.services.forecast import Forecast, score_change


@dataclass
class Choice:
    value: str = ""
    label: str = ""


@dataclass
class PartChange:
    label: str = ""
    last: str = ""
    next: str = ""
    change: str = ""  # "+210", "−5", "±0"; for a risk part, its effect ("×0.9")
    percent: int = 0  # of the largest part, for the bar
    risk: bool = False  # reputation and credit: a level, not points (no bar)


@dataclass
class PlanStep:
    kind: str = ""  # order, sign_in, review: the icon
    text: str = ""


@dataclass
class ForecastView:
    jd: bool = False
    outlook_title: str = ""
    outlook: list[str] = field(default_factory=list)  # "12月10日起：成长值 0 · 大众会员"
    outlook_empty: str = ""
    tier_label: str = ""  # the goal fields' names, for screen readers too
    by_label: str = ""
    tiers: list[Choice] = field(default_factory=list)
    tier: str = ""
    by: str = ""  # YYYY-MM-DD, the date input's value
    by_min: str = ""
    by_max: str = ""
    plan_title: str = ""
    plan: list[PlanStep] = field(default_factory=list)  # orders, then sign-ins and reviews
    plan_total: str = ""
    plan_alone: str = ""  # what spending alone would take, when the plan asks more
    jd_headline: str = ""
    jd_parts: list[PartChange] = field(default_factory=list)
    jd_chart: list[dict[str, str | int]] = field(default_factory=list)  # part, last, next
    jd_chart_last: str = ""  # the two series' names
    jd_chart_next: str = ""


def forecast_view(forecast: Forecast, lang: str, *, by_max: date) -> ForecastView:
    program, s = forecast.program, forecast.standing
    growth = capitalised(program.growth_names.get(lang))
    jd = _jd(program, s, lang) if program.engine == "jd" else ForecastView()
    tier_name = program.tier(forecast.tier).names.get(lang)
    by = forecast.by or s.today
    return ForecastView(
        jd=jd.jd, jd_headline=jd.jd_headline, jd_parts=jd.jd_parts, jd_chart=jd.jd_chart,
        jd_chart_last=jd.jd_chart_last, jd_chart_next=jd.jd_chart_next,
        outlook_title=message("fc_outlook_title", lang),
        outlook=[message("fc_outlook_day", lang).format(
            day=day_text(d.on, lang), growth=growth, value=number(d.growth, lang),
            tier=program.tier(d.tier).names.get(lang)) for d in forecast.outlook],
        outlook_empty="" if forecast.outlook else message(
            "fc_outlook_none_jd" if jd.jd else "fc_outlook_none", lang).format(growth=growth),
        tier_label=message("fc_goal_tier", lang),
        by_label=message("fc_goal_by", lang),
        tiers=[Choice(t.code, t.names.get(lang)) for t in program.tiers[1:]],
        tier=forecast.tier,
        by=by.isoformat(),
        by_min=s.today.isoformat(),
        by_max=by_max.isoformat(),
        plan_title=message("fc_plan_title", lang).format(tier=tier_name,
                                                         day=day_text(by, lang)),
        plan=_plan_lines(program, forecast, s.today, lang),
        plan_total=_plan_total(forecast, tier_name, by, lang),
        plan_alone=_plan_alone(forecast, lang),
    )


def _plan_lines(program: rules.Program, forecast: Forecast, today: date,
                lang: str) -> list[PlanStep]:
    plan = forecast.plan
    if plan is None:
        return []
    steps = []
    for order in plan.orders:
        on = order.at.astimezone(program.tz).date()
        key = ("fc_order_today" if on == today else "fc_order_on") + (
            "_review" if order.reviewed else "")
        steps.append(PlanStep("order", message(key, lang).format(
            day=day_text(on, lang), amount=yuan(order.yuan * 100, lang))))
    if plan.sign_ins:
        first, last, count = plan.sign_ins[0], plan.sign_ins[-1], len(plan.sign_ins)
        steps.append(PlanStep("sign_in", message(
            "fc_sign_in_one" if count == 1 else "fc_sign_ins", lang).format(
            first=day_text(first, lang), last=day_text(last, lang), count=number(count, lang))))
    if plan.reviews:
        count = len(plan.reviews)
        steps.append(PlanStep("review", message(
            "fc_review_one" if count == 1 else "fc_reviews", lang).format(
            count=number(count, lang))))
    return steps


def _plan_alone(forecast: Forecast, lang: str) -> str:
    plan = forecast.plan
    if plan is None or forecast.spending_alone == plan.yuan:
        return ""  # the plan is spending alone
    if forecast.spending_alone is None:
        return message("fc_alone_none", lang)
    return message("fc_alone", lang).format(amount=yuan(forecast.spending_alone * 100, lang))


def _plan_total(forecast: Forecast, tier_name: str, by: date, lang: str) -> str:
    if forecast.plan is None:
        return message("fc_plan_none", lang).format(tier=tier_name, day=day_text(by, lang))
    if not forecast.plan.orders:
        key = "fc_plan_free" if forecast.plan.asks_free_actions else "fc_plan_nothing"
        return message(key, lang).format(tier=tier_name, day=day_text(by, lang))
    return message("fc_plan_total", lang).format(amount=yuan(forecast.plan.yuan * 100, lang),
                                                 tier=tier_name, day=day_text(by, lang))


def _signed(value: int, lang: str) -> str:
    return ("+" if value > 0 else "−" if value < 0 else "±") + number(abs(value), lang)


def _jd(program: rules.Program, s: rules.Assessment, lang: str) -> ForecastView:
    last, upcoming = s.settlement, s.forecast
    growth = program.growth_names.get(lang)
    if upcoming is None:
        return ForecastView(jd=True, jd_headline=message("fc_jd_none", lang))
    before = dict(last.parts) if last else {}
    before_risk = dict(last.risk) if last else {}
    most = rules.part_maximums(program.jd_rules())
    largest = max([1, *upcoming.parts.values(), *before.values()])
    change = score_change(s)
    return ForecastView(
        jd=True,
        jd_headline=message("fc_jd_headline", lang).format(
            day=day_text(upcoming.settled_on, lang), growth=growth,
            score=number(upcoming.score, lang), change=_signed(change, lang)),
        jd_parts=[PartChange(
            label=program.sources[part].get(lang),
            last=number(before.get(part, 0), lang),
            next=number(upcoming.parts.get(part, 0), lang),
            change=_signed(upcoming.parts.get(part, 0) - before.get(part, 0), lang),
            percent=round(100 * upcoming.parts.get(part, 0) / largest))
            for part in program.sources] + [
            # SPEC 4's last two parts: the latest risk flag of each kind, a multiplier
            PartChange(label=message(f"explain_risk_{kind}_part", lang),
                       last=message(f"explain_level_{before_risk.get(kind, 'good')}", lang),
                       next=message(f"explain_level_{upcoming.risk.get(kind, 'good')}", lang),
                       change=_risk_effect(upcoming.risk.get(kind, "good"), upcoming, lang),
                       risk=True)
            for kind in ("reputation", "credit")],
        jd_chart=[{"part": program.sources[part].get(lang),
                   "last": _share(before.get(part, 0), most[part]),
                   "next": _share(upcoming.parts.get(part, 0), most[part])}
                  for part in program.sources] + [
                  {"part": message(f"explain_risk_{kind}_part", lang),
                   "last": _risk_worth(before_risk.get(kind, "good"), program),
                   "next": _risk_worth(upcoming.risk.get(kind, "good"), program)}
                  for kind in ("reputation", "credit")],
        jd_chart_last=message("fc_chart_last", lang),
        jd_chart_next=message("fc_chart_next", lang),
    )


def _share(value: int, most: int) -> int:
    return min(100, round(100 * value / most)) if most else 0


def _risk_worth(level: str, program: rules.Program) -> int:
    """What a risk level leaves of the score's worth, in percent (the module's notes)."""
    if level == "poor":
        return 0
    return round(100 * program.jd_rules().fair_multiplier) if level == "fair" else 100


def _risk_effect(level: str, settlement: rules.Settlement, lang: str) -> str:
    if level == "poor":
        return message("fc_risk_restricts", lang)
    return f"×{settlement.multiplier}" if level == "fair" else "×1"
