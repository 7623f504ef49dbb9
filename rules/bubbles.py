"""Collect-to-claim (SPEC 13): Alipay's daily subsidy waits as a bubble the member taps.

The daily subsidy (the sign-in point of each local day, each paid order's random 0-5) is not
credited when earned: it is offered as a bubble, named by the id of the event that offered it.
A `points_collected` event naming that id credits it as a lot earned at the collection (so its
expiry year is the collection's). Readings where SPEC 13 is silent:

- **Within 7 local days** means the day of the offer and the six after it
  (`collect_within_days` of the version in force on the offer day): a bubble offered on
  Monday can be collected until Sunday 23:59:59 local and lapses at Monday's midnight.
- Time order decides: a collection dated before its bubble's offer (or after its lapse) finds
  nothing to collect and changes nothing; so does a second collection of the same bubble, or
  one naming an unknown id. Each such case gets a note (explain). A collection at the very
  instant of its offer counts (an app that records both in one moment, a frozen clock),
  whichever of the two ids sorts first.
- **A refund of the order** reverses its points and subsidy together, by SPEC 1's one
  cumulative floor over both (rules.alipay), taken from the order's own lot first and then
  from the subsidy: a waiting bubble shrinks, a collected one's lot is reversed. A member who
  collected ends with exactly what the order was worth before collect-to-claim existed.
- **Before the programme's `collect_from` day** (a switch-over for a deployment with history)
  the subsidy is credited at once, as it was before bubbles, so nothing already earned lapses.
- A bubble worth 0 points (a 0 drawn for an order, a fully refunded order) is not offered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from rules.history import Item, event_id_of, event_key
from rules.ledger import Credit, Reversal
from rules.program import Program


@dataclass(frozen=True, slots=True)
class Bubble:
    """A subsidy waiting to be collected at the assessment's instant."""

    bubble: str  # the offering event's id: what a `points_collected` names
    source: str  # "sign_in" or "order"
    offered_at: datetime
    offered_on: date  # local
    last_day: date  # the last local day it can be collected; it lapses the day after
    points: int


@dataclass(slots=True)
class _Offer:
    key: str  # the offering item's key (rules.history.event_key of its id)
    source: str
    at: datetime
    ts: int
    day: date
    last_day: date
    points: int
    collected_by: str | None = None  # the key of the collection's lot


class BubbleBook:
    """The bubbles of one history, folded in time order by the Alipay rule set."""

    def __init__(self, program: Program) -> None:
        self._program = program
        self._offers: dict[str, _Offer] = {}
        # offering key -> collections not matched yet (a same-instant one may come first)
        self._early: dict[str, list[Item]] = {}

    def offer(self, key: str, source: str, at: datetime, ts: int, day: date, points: int,
              notes: dict[str, str]) -> Credit | None:
        """Put a bubble on offer; the lot of a collection made at the same instant, if any."""
        if points <= 0:
            return None
        days = self._program.on(day).alipay_rules().collect_within_days
        self._offers[key] = _Offer(key, source, at, ts, day, day + timedelta(days=days - 1),
                                   points)
        same = [early for early in self._early.pop(key, []) if early.ts == ts]
        return self.collect(same[0], notes) if same else None

    def collect(self, item: Item, notes: dict[str, str]) -> Credit | None:
        """The lot a `points_collected` item credits, or None (with the note saying why)."""
        bubble_id = item.fields["bubble"]
        key = event_key(bubble_id)
        offer = self._offers.get(key)
        if offer is None or offer.ts > item.ts:
            notes[item.id] = f"no bubble {bubble_id} on offer: nothing collected"
            if offer is None:
                self._early.setdefault(key, []).append(item)
            return None
        if offer.collected_by is not None:
            notes[item.id] = f"bubble {bubble_id} already collected: nothing more"
            return None
        if item.day > offer.last_day:
            notes[item.id] = (f"bubble {bubble_id} lapsed after {offer.last_day.isoformat()}:"
                              " nothing collected")
            return None
        if offer.points <= 0:
            notes[item.id] = f"bubble {bubble_id} is worth nothing after refunds"
            return None
        offer.collected_by = item.id
        notes[item.id] = f"collected the {offer.source} bubble of {event_id_of(offer.key)}"
        reason = "sign_in" if offer.source == "sign_in" else "subsidy"
        return Credit(item.id, reason, item.at, offer.points, item.ts, item.day)

    def reverse(self, key: str, points: int, refund: Item, reversals: list[Reversal]) -> None:
        """A refund's share of the subsidy of the order offered by `key`."""
        offer = self._offers.get(key)
        if offer is None or points <= 0:
            return
        if offer.collected_by is None:
            offer.points = max(0, offer.points - points)
        else:
            reversals.append(Reversal(refund.id, refund.at, offer.collected_by, points, refund.ts))

    def pending(self, today: date, notes: dict[str, str]) -> tuple[Bubble, ...]:
        """The bubbles still waiting on `today`, oldest first; notes on every offering event
        say what became of its bubble."""
        waiting = []
        for offer in self._offers.values():
            if offer.collected_by is not None:
                said = f"bubble of {offer.points} collected"
            elif offer.points <= 0:
                said = "bubble refunded away"
            elif offer.last_day < today:
                said = f"bubble lapsed uncollected after {offer.last_day.isoformat()}"
            else:
                said = f"bubble of {offer.points} waiting until {offer.last_day.isoformat()}"
                waiting.append(Bubble(event_id_of(offer.key), offer.source, offer.at,
                                      offer.day, offer.last_day, offer.points))
            earlier = notes.get(offer.key)
            notes[offer.key] = f"{earlier}; {said}" if earlier else said
        waiting.sort(key=lambda b: (b.offered_at, b.bubble))
        return tuple(waiting)
