"""The explain page: the growth, each part of it and each rule row, down to the events.

Every figure comes from the trace rules made (`rules.assess(..., trace=True)`,
services.explain): the parts are the assessment's breakdown, the rows and events its
contributions, the JD rows and caps the settlement of record and `rules.row_caps`; the rule
sentences are the programme's own figures. Nothing is added up here that rules did not add
up: a part's rows are listed as rules summed them, and the equation is the breakdown's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import rules
from member_app.i18n import capitalised, message
from member_app.i18n.format import day, number
from member_app.presenters.names import points_for
from member_app.presenters.notes import member_note
from member_app.presenters.redeem import yuan
from member_app.presenters.signin import day_text
from member_app.services.explain import EventFacts, Explanation
from rules.localtime import add_months, window_start

EVENTS_PER_PART = 12  # newest first; a long history says how many more there are


@dataclass
class ExplainEvent:
    id: str = ""
    day: str = ""
    what: str = ""  # "订单 ¥329.00" / "Order ¥329.00"
    gains: str = ""  # "+329 订单金额 · +10 订单数"
    points: str = ""  # "+329 京豆", or "" when it moved no points
    note: str = ""  # rules' note, in the reader's language


@dataclass
class ExplainRow:
    row: str = ""
    rule: str = ""  # the rule sentence with the programme's figures
    value: str = ""
    cap: str = ""  # "上限 6,000", or ""
    capped: str = ""  # "已达上限，10月3日的记录达到", or ""


@dataclass
class ExplainPart:
    source: str = ""
    label: str = ""
    value: str = ""
    rows: list[ExplainRow] = field(default_factory=list)
    events: list[ExplainEvent] = field(default_factory=list)
    more: str = ""  # "以及更早的 120 条记录"
    empty: str = ""  # nothing counted here yet


@dataclass
class ExplainView:
    headline: str = ""  # "京享值 2,780"
    equation: str = ""  # "= 账户 600 + 消费 2,200 + 活跃 320"
    window: str = ""  # the days or months the growth is counted over
    risk: str = ""  # JD: the multiplier, or the restriction, when the risk is not good
    late: str = ""  # JD: records that arrived after the settlement ran (the next one's)
    parts: list[ExplainPart] = field(default_factory=list)
    focus_asked: bool = False  # the page was opened for one record (a ledger line)
    focus: list[ExplainEvent] = field(default_factory=list)  # that record, if it counted
    focus_missing: str = ""


def explain_view(explained: Explanation, lang: str, focus: str = "") -> ExplainView:
    program, a = explained.program, explained.assessment
    growth_name = program.growth_names.get(lang)
    contributions = [c for c in a.contributions if c.growth or c.points]
    settlement = a.settlement if program.engine == "jd" else None
    # the parts add up to the settlement of record: its own events, not those that came later
    counted = contributions if explained.settled_trace is None else [
        c for c in explained.settled_trace if c.growth or c.points]
    parts = [_part(program, explained, source, counted, settlement, lang)
             for source in program.sources]
    labels = " + ".join(f"{part.label} {part.value}" for part in parts)
    focused = [c for c in contributions if focus and c.event_id == focus]
    return ExplainView(
        headline=f"{capitalised(growth_name)} {number(a.growth, lang)}",
        equation=message("explain_equation", lang).format(parts=labels),
        window=_window(program, a, lang),
        late=(message("explain_late_one" if explained.arrived_after == 1 else "explain_late",
                      lang).format(count=number(explained.arrived_after, lang))
              if explained.arrived_after else ""),
        risk=_risk(program, a, lang),
        parts=parts,
        focus_asked=bool(focus),
        focus=[_event(program, explained.events, c, lang, a.today) for c in focused],
        focus_missing="" if focused or not focus else message("explain_focus_unknown", lang),
    )


def _part(program: rules.Program, explained: Explanation, source: str,
          contributions: list[rules.Contribution], settlement: rules.Settlement | None,
          lang: str) -> ExplainPart:
    a = explained.assessment
    counted = [c for c in contributions if c.growth.get(source)][::-1]  # newest first
    return ExplainPart(
        source=source,
        label=program.sources[source].get(lang),
        value=number(a.breakdown.get(source, 0), lang),
        rows=_rows(program, source, counted, settlement, lang),
        events=[_event(program, explained.events, c, lang, a.today, source)
                for c in counted[:EVENTS_PER_PART]],
        more=_more(len(counted) - EVENTS_PER_PART, lang),
        empty="" if counted else message("explain_none", lang),
    )


def _more(count: int, lang: str) -> str:
    if count <= 0:
        return ""
    return message("explain_more_one" if count == 1 else "explain_more", lang).format(
        count=number(count, lang))


def _rows(program: rules.Program, source: str, counted: list[rules.Contribution],
          settlement: rules.Settlement | None, lang: str) -> list[ExplainRow]:
    """The rule rows of a part. JD: the settlement's items of this part with their caps;
    elsewhere: the rows the part's events counted on, with what they sum to in the trace."""
    if settlement is not None:
        # the settlement's own figures: caps and rule sentences of the version on its day
        settled = program.on(settlement.settled_on)
        caps = rules.row_caps(settled.jd_rules())
        reached = _cap_reached_on(program, counted)
        return [_jd_row(settled, row, settlement.items[row], caps[row], reached.get(row), lang)
                for row in rules.ROW_ORDER
                if row in settlement.items and rules.ROW_SOURCES[row] == source]
    sums: dict[str, int] = {}
    for contribution in counted:
        for row, value in contribution.rows.items():
            key = _family(program, row)
            sums[key] = sums.get(key, 0) + value
    return [ExplainRow(row=row, rule=_rule(program, row, lang), value=number(value, lang))
            for row, value in sums.items()]


def _cap_reached_on(program: rules.Program,
                    counted: list[rules.Contribution]) -> dict[str, date | None]:
    """Per row, the local day of its latest counted event: the one that filled it, when the
    row is at its cap (caps fill in time order and an event past the cap counts 0 there, so
    it has no entry on the row: rules.jd_score)."""
    reached: dict[str, date | None] = {}
    for contribution in counted:  # newest first
        for row, value in contribution.rows.items():
            if row not in reached and value and contribution.at is not None:
                reached[row] = contribution.at.astimezone(program.tz).date()
    return reached


def _jd_row(program: rules.Program, row: str, value: int, cap: int | None,
            reached: date | None, lang: str) -> ExplainRow:
    at_cap = cap is not None and value >= cap
    return ExplainRow(
        row=row, rule=_rule(program, row, lang), value=number(value, lang),
        cap="" if cap is None else message("explain_cap", lang).format(cap=number(cap, lang)),
        capped=(message("explain_capped", lang).format(day=day_text(reached, lang))
                if at_cap and reached else ""),
    )


def _family(program: rules.Program, row: str) -> str:
    """Rows that share one rule sentence: Fliggy's interaction kinds (the programme's own
    list: reviews are interactions there), each trip category."""
    if row.startswith("trip:"):
        return "trip"
    if program.engine == "fliggy" and row in program.fliggy_rules().interaction_values:
        return "interaction"
    return row


def _rule(program: rules.Program, row: str, lang: str) -> str:
    growth = program.growth_names.get(lang)
    if program.engine == "jd":
        jd = program.jd_rules()
        points = {"order": jd.order_points, "category": jd.category_points,
                  "month": jd.month_points, "review": jd.review_points,
                  "photo_review": jd.photo_review_points, "question": jd.question_points,
                  "jdpay": jd.jdpay_points, "sign_in": jd.sign_in_points}.get(row, 0)
        return message(f"explain_rule_{row}", lang).format(
            yuan=jd.amount_yuan_per_point, points=points)
    if program.engine == "fliggy":
        fliggy = program.fliggy_rules()
        return message(f"explain_rule_{row}", lang).format(
            yuan=fliggy.purchase_yuan_per_point, growth=growth,
            cap=number(fliggy.interaction_daily_cap, lang),
            bonus=number(fliggy.trip_category_bonus, lang))
    alipay = program.alipay_rules()
    figures = {"shopping": (alipay.shopping_yuan_per_point, alipay.shopping_monthly_cap),
               "bill": (alipay.life_per_bill, alipay.life_monthly_cap),
               "wealth_month": (alipay.wealth_balance_per_point, alipay.wealth_monthly_cap)}
    first, cap = figures.get(row, (0, 0))
    return message(f"explain_rule_{row}", lang).format(
        yuan=first, points=first, cap=number(cap, lang), growth=growth)


def _event_day(on: date, today: date, lang: str) -> str:
    """"11月28日" this year; with its year before, so a trace a year long reads plainly."""
    return day_text(on, lang) if on.year == today.year else day(on, lang)


def _event(program: rules.Program, events: dict[str, EventFacts],
           contribution: rules.Contribution, lang: str, today: date,
           source: str | None = None) -> ExplainEvent:
    facts = events.get(contribution.event_id)
    kind = contribution.type
    gains = [f"{'+' if value > 0 else '−'}{number(abs(value), lang)} "
             f"{_row_label(program, row, lang)}"
             for row, value in contribution.rows.items() if value
             and (source is None or _source_of(program, row, contribution, source))]
    moved = abs(contribution.points)
    points = "" if not moved else \
        f"{'+' if contribution.points > 0 else '−'}{number(moved, lang)} " \
        f"{points_for(program, moved, lang)}"
    if contribution.points_expired:
        points += " · " + message("explain_points_expired", lang).format(
            points=number(contribution.points_expired, lang))
    return ExplainEvent(
        id=contribution.event_id,
        day=_event_day(contribution.at.astimezone(program.tz).date(), today, lang)
        if contribution.at else "",
        what=_what(kind, facts, lang),
        gains=" · ".join(gains) or message("explain_no_growth", lang).format(
            growth=program.growth_names.get(lang)),
        points=points,
        note=member_note(contribution.note or "", lang),
    )


def _source_of(program: rules.Program, row: str, contribution: rules.Contribution,
               source: str) -> bool:
    """Whether a row of this event belongs to `source` (JD events span two parts)."""
    if program.engine == "jd":
        return rules.ROW_SOURCES[row] == source
    return source in contribution.growth


def _row_label(program: rules.Program, row: str, lang: str) -> str:
    family = _family(program, row)
    if family == "trip":
        return message("explain_ev_trip_completed", lang)
    if family == "interaction":
        return message(f"explain_ev_{row}", lang)
    return message(f"explain_row_{row}", lang).format(growth=program.growth_names.get(lang))


def _what(kind: str, facts: EventFacts | None, lang: str) -> str:
    fields: dict[str, Any] = facts.fields if facts else {}
    text = message(f"explain_ev_{kind}", lang)
    if "amount" in fields:
        text = text.format(amount=yuan_text(fields["amount"], lang))
    return text


def yuan_text(amount: Any, lang: str) -> str:
    """An event's amount (yuan, a Decimal) without its currency sign: the message has it."""
    return yuan(int(amount * 100), lang).lstrip("¥")


def _window(program: rules.Program, a: rules.Assessment, lang: str) -> str:
    if program.engine == "jd":
        settlement = a.settlement
        if settlement is None:
            return message("explain_window_unsettled", lang)
        months = program.on(settlement.settled_on).jd_rules().months
        first = add_months(settlement.settled_on, -months)
        return message("explain_window_settled", lang).format(
            day=day_text(settlement.settled_on, lang), first=day(first, lang),
            last=day(settlement.settled_on - timedelta(days=1), lang))
    days = program.window_days
    return message("explain_window_rolling", lang).format(
        days=number(days, lang), first=day(window_start(a.today, days), lang),
        last=day(a.today, lang))


def _risk(program: rules.Program, a: rules.Assessment, lang: str) -> str:
    settlement = a.settlement
    if program.engine != "jd" or settlement is None:
        return ""
    levels = [(kind, level) for kind, level in sorted(settlement.risk.items())
              if level != "good"]
    if not levels:
        return ""
    said = "、" if lang.startswith("zh") else ", "
    text = said.join(message("explain_risk_level", lang).format(
        kind=message(f"explain_risk_{kind}", lang), level=message(f"explain_level_{level}", lang))
        for kind, level in levels)
    if settlement.restricted:
        return message("explain_restricted", lang).format(levels=text)
    return message("explain_multiplier", lang).format(
        levels=text, base=number(settlement.base, lang), multiplier=settlement.multiplier,
        score=number(settlement.score, lang))
