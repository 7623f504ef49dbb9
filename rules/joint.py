"""Fliggy joint memberships with partner hotels and airlines (SPEC 2).

Choices where SPEC is silent:
- A "stay" is a `trip_completed` event whose `partner` field is the partner's code and whose
  category is one of the partner's `activity_categories` (hotel stays, or flights for
  airlines). The partner's year is the local calendar year of the evaluation day.
- Direct mapping: the partner tier is the mapping of the highest step at or below the
  member's Fliggy tier. Fast track: the highest step whose Fliggy tier is reached AND whose
  stays are done this partner year; `stays_needed` is what the best step the member's tier
  allows still needs (0 if it is unlocked or no step applies).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rules.history import Item
from rules.program import Names, Program


@dataclass(frozen=True, slots=True)
class JointMembership:
    partner: str
    names: Names
    kind: str
    form: str
    partner_tier: str | None  # unlocked now
    stays: int  # this partner year
    target_tier: str | None  # the best partner tier the Fliggy tier allows
    stays_needed: int


def joint_memberships(
    program: Program, items: list[Item], tier: str, today: date
) -> tuple[JointMembership, ...]:
    if not program.partners:  # JD and Alipay: nothing to count the stays for
        return ()
    rank = program.tier_rank(tier)
    stays: dict[tuple[str, str], int] = {}
    for item in items:
        if item.type == "trip_completed" and item.day.year == today.year:
            partner = item.fields.get("partner")
            if partner:
                key = (partner, item.fields["category"])
                stays[key] = stays.get(key, 0) + 1
    result = []
    for partner in program.partners:
        done = sum(stays.get((partner.code, c), 0) for c in partner.activity_categories)
        allowed = [s for s in partner.mapping if program.tier_rank(s.tier) <= rank]
        unlocked = [s for s in allowed if done >= s.stays]
        target = allowed[-1] if allowed else None
        result.append(
            JointMembership(
                partner=partner.code,
                names=partner.names,
                kind=partner.kind,
                form=partner.form,
                partner_tier=unlocked[-1].partner_tier if unlocked else None,
                stays=done,
                target_tier=target.partner_tier if target else None,
                stays_needed=max(0, target.stays - done) if target else 0,
            )
        )
    return tuple(result)
