"""Explain (SPEC 13): every figure a member sees, traced to its events and the rule that made it.

The trace is `rules.assess` with `trace=True` over the member's whole history, the same inputs
the stored standing was computed from (events, spending, PLUS periods, the JD settlement of
record), so it adds up to the figures on the other pages, not to a second computation of them.
It is the one read that replays the history, on purpose and only when a member asks: its cost
grows with the history (a few hundred milliseconds at 10,000 events), which a page the member
opens to check a figure can afford and the home page could not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

import rules
from member_app.models import Event, Member, MemberSettlement
from member_app.services.ledger_sync import member_inputs, settled_for
from member_app.services.programmes import in_force, timeline


@dataclass(frozen=True)
class EventFacts:
    type: str
    at: datetime
    fields: dict[str, Any]


@dataclass(frozen=True)
class Explanation:
    program: rules.Program  # the version in force now (names, figures of the moment)
    assessment: rules.Assessment  # contributions included
    events: dict[str, EventFacts]  # event id -> what it was (amounts, categories...)
    # JD with a settlement of record: the trace of the events it was run on (those received
    # before it ran), which its rows add up to; and how many arrived after (the next one's)
    settled_trace: tuple[rules.Contribution, ...] | None = None
    arrived_after: int = 0


def explanation(*, session: Session, member: Member, now: datetime) -> Explanation:
    inputs, at = member_inputs(session=session, member=member, now=now)
    programme = timeline(session=session, code=member.program)
    assessment = rules.assess(programme, inputs.events, at, inputs.debits(), inputs.periods,
                              trace=True, settled=settled_for(programme, inputs, at))
    settled_trace, arrived_after = None, 0
    settled = settled_for(programme, inputs, at)
    if settled is not None:
        late = set(session.exec(select(Event.id).where(
            Event.member_id == member.id,
            col(Event.received_at) > _settled_at(session, member, settled))).all())
        if late:
            known = [e for e in inputs.events if e.id not in late]
            settled_trace = rules.assess(programme, known, at, inputs.debits(), inputs.periods,
                                         trace=True, settled=settled).contributions
            arrived_after = len(late)
    return Explanation(
        program=in_force(session=session, code=member.program, at=now),
        assessment=assessment,
        events={e.id: EventFacts(e.type, e.at, dict(e.fields)) for e in inputs.events},
        settled_trace=settled_trace,
        arrived_after=arrived_after,
    )


def _settled_at(session: Session, member: Member, settled: rules.Settlement) -> datetime:
    return session.exec(select(MemberSettlement.settled_at).where(
        MemberSettlement.member_id == member.id,
        MemberSettlement.month == settled.settled_on.strftime("%Y-%m"))).one()
