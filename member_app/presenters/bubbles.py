"""Home's subsidy bubbles (SPEC 13 collect-to-claim, Alipay): what waits, and when it lapses.

Each bubble says what it is worth and where it came from; the card says how many wait, and
the bubbles on their last day or the day before say so, so a member sees a lapse coming.

A collected bubble keeps its place, faded and not tappable, while the page stays open
(`kept_in_place`): were it removed, its neighbour would slide under the finger and the second
tap of a double tap would collect that one too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import rules
from member_app.i18n import message
from member_app.i18n.format import number
from member_app.presenters.names import points_for
from member_app.presenters.signin import day_text

URGENT_DAYS = 1  # the last day and the day before are marked


@dataclass
class BubbleView:
    bubble: str = ""  # the offering event's id: what a tap collects
    points: str = ""  # "+3"
    label: str = ""  # "签到" / "Sign-in"
    lapses: str = ""  # "今天过期" / "2 days left"
    urgent: bool = False
    spoken: str = ""  # what a screen reader says: "签到 +1 积分，今天过期"
    collected: bool = False  # collected while this page was open: shown faded, not tappable


@dataclass
class BubblesCard:
    shown: bool = False  # Alipay with something to collect
    title: str = ""  # "待领取积分 3"
    hint: str = ""  # tap to collect; lapses after 7 days
    bubbles: list[BubbleView] = field(default_factory=list)


def bubbles_card(program: rules.Program, assessment: rules.Assessment, today: date,
                 lang: str) -> BubblesCard:
    if not assessment.bubbles:
        return BubblesCard()
    days = program.on(today).alipay_rules().collect_within_days
    pending = assessment.points_pending
    return BubblesCard(
        shown=True,
        title=message("bubbles_title", lang).format(
            points=number(pending, lang), points_name=points_for(program, pending, lang)),
        hint=message("bubbles_hint", lang).format(days=days),
        bubbles=[_bubble(program, b, today, lang) for b in assessment.bubbles],
    )


def _bubble(program: rules.Program, bubble: rules.Bubble, today: date,
            lang: str) -> BubbleView:
    left = (bubble.last_day - today).days
    if left <= 0:
        lapses = message("bubble_last_day", lang)
    elif left == 1:
        lapses = message("bubble_one_day", lang)
    else:
        lapses = message("bubble_until", lang).format(day=day_text(bubble.last_day, lang))
    label = message(f"bubble_from_{bubble.source}", lang)
    return BubbleView(bubble=bubble.bubble, points=f"+{bubble.points}", label=label,
                      lapses=lapses, urgent=left <= URGENT_DAYS,
                      spoken=f"{label} +{bubble.points} "
                             f"{points_for(program, bubble.points, lang)}, {lapses}")


def collected_text(program: rules.Program, points: int, lang: str) -> str:
    return message("bubble_collected", lang).format(
        points=number(points, lang), points_name=points_for(program, points, lang))


def kept_in_place(shown: BubblesCard, card: BubblesCard, lang: str) -> BubblesCard:
    """`card` (what waits now) laid out where the page's bubbles already are: a bubble no
    longer waiting stays at its place as collected; new ones come after. `shown` is what the
    page shows, empty when it opens afresh. The hint stays too, so nothing moves up."""
    waiting = {view.bubble: view for view in card.bubbles}
    done = message("bubble_done", lang)
    laid_out = [waiting.pop(view.bubble, None) or BubbleView(
        bubble=view.bubble, points=view.points, label=done, collected=True,
        spoken=f"{done} {view.points}") for view in shown.bubbles]
    laid_out += [view for view in card.bubbles if view.bubble in waiting]
    if not laid_out:
        return card
    if card.shown:
        return BubblesCard(shown=True, title=card.title, hint=card.hint, bubbles=laid_out)
    return BubblesCard(shown=True, title=message("bubbles_all_collected", lang),
                       hint=shown.hint, bubbles=laid_out)
