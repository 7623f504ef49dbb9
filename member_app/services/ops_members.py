"""What operators see of a member, and the risk flags they set (SPEC 12, issue #14).

A member's file is what the member sees (the SPEC 10 object, the ledger) plus what only
operators see (the risk flags in force). A risk flag is a `risk_flag` event (SPEC 1: the latest
of each kind counts), recorded with the operator's reason in the audit log in the same
transaction, and the member's standing is brought up to date with it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

import rules
from member_app.errors import IdempotencyKeyReused, InvalidInput
from member_app.models import Member, Operator, id_of
from member_app.services.audit import earlier_request, record_audit
from member_app.services.coupons import wallet
from member_app.services.events import member_events, record_event
from member_app.services.ledger_sync import member_inputs, settled_for, sync_members
from member_app.services.members import find_member
from member_app.services.operators import require_admin
from member_app.services.overview import me_summary
from member_app.services.plus import plus_rules, plus_status
from member_app.services.points import ledger_page, lock_account
from member_app.services.programmes import timeline
from rules.events import RISK_KINDS, RISK_LEVELS

MAX_REASON = 500
OPS_RISK = "ops-risk:"  # the ids of the risk_flag events operators set


def risk_flags(*, session: Session, member: Member) -> dict[str, dict[str, str]]:
    """The flag in force per kind: {kind: {level, at, event}}; kinds never flagged are
    absent (SPEC 1: they count as `good`)."""
    return _in_force(member_events(session=session, member_id=id_of(member)))


def _in_force(events: list[rules.Event]) -> dict[str, dict[str, str]]:
    latest: dict[str, rules.Event] = {}
    for event in events:
        if event.type == "risk_flag":
            kind = event.fields["kind"]
            if kind not in latest or (event.at, event.id) >= (latest[kind].at, latest[kind].id):
                latest[kind] = event
    return {kind: {"level": event.fields["level"], "at": event.at.isoformat(),
                   "event": event.id} for kind, event in sorted(latest.items())}


def member_file(*, session: Session, member_ref: int | str, now: datetime) -> dict[str, Any]:
    """What the member sees, and more: the standing, risk flags, coupons by state, PLUS
    (None where the programme has none) and the latest ledger."""
    member = find_member(session=session, ref=member_ref)
    return {
        "coupons": wallet(session=session, member=member, now=now),
        "plus": plus_status(session=session, member=member, now=now)
        if plus_rules(session=session, program_code=member.program, at=now) is not None else None,
        "member": {"id": member.id, "username": member.username, "program": member.program,
                   "created_at": member.created_at.isoformat(), "is_demo": member.is_demo},
        "standing": me_summary(session=session, member=member, now=now),
        "risk_flags": risk_flags(session=session, member=member),
        "ledger": [{"id": line.id, "points": line.points, "reason": line.reason,
                    "event_id": line.event_id, "effective_at": line.effective_at.isoformat()}
                   for line in ledger_page(session=session, member=member, limit=50)],
    }


def member_trace(*, session: Session, member_ref: int | str, now: datetime,
                 limit: int = 200) -> dict[str, Any]:
    """Every figure traced to its events (`rules explain`, SPEC 10): one entry per counted
    event, newest first, with the growth and points it gave; at most `limit` entries, and
    `total` says how many there are. A replay of the member's whole history through the
    rules, on purpose: the trace is the independent account an operator checks the stored
    standing against, not a copy of it."""
    member = find_member(session=session, ref=member_ref)
    inputs, at = member_inputs(session=session, member=member, now=now)
    programme = timeline(session=session, code=member.program)
    entries = rules.explain(programme, inputs.events, at, inputs.debits(), inputs.periods,
                            settled=settled_for(programme, inputs, at))
    newest_first = entries[::-1]
    return {"member": member.id, "at": now.isoformat(), "total": len(entries),
            "entries": newest_first[:max(1, min(limit, 1000))]}


def set_risk_flag(*, session: Session, operator: Operator, member_ref: int | str, kind: str,
                  level: str, reason: str, now: datetime,
                  request_key: str | None = None) -> dict[str, Any]:
    """Admins only. The flag in force before and after, as the audit log keeps them; the same
    `request_key` (Idempotency-Key) again answers the first flag's entry."""
    require_admin(operator)
    if kind not in RISK_KINDS:
        raise InvalidInput(f"kind: one of {', '.join(RISK_KINDS)}")
    if level not in RISK_LEVELS:
        raise InvalidInput(f"level: one of {', '.join(RISK_LEVELS)}")
    reason = reason.strip() if isinstance(reason, str) else ""
    if not reason or len(reason) > MAX_REASON or "\x00" in reason:
        raise InvalidInput(f"reason: why, in 1-{MAX_REASON} characters (the audit log keeps it)")
    member = find_member(session=session, ref=member_ref)
    lock_account(session=session, member_id=id_of(member))  # one flag at a time per member
    earlier = earlier_request(session=session, operator=operator, request_key=request_key,
                              action="risk_flag.set")
    if earlier is not None:
        if earlier.subject != f"member:{member.id}" or earlier.after["level"] != level \
                or earlier.after.get("kind", kind) != kind:
            raise IdempotencyKeyReused("Idempotency-Key: already used for another flag",
                                       code="idempotency_key_reused")
        return {"member": member.id, "kind": kind, "before": earlier.before,
                "after": earlier.after}
    # The member's events are read once: under the lock, the flag recorded below is the only
    # one added, so the flags in force after are those of the same list with it.
    events = member_events(session=session, member_id=id_of(member))
    numbered = sum(event.id.startswith(OPS_RISK) for event in events)
    before = _in_force(events).get(kind)
    # rules orders events by (instant, id) and the last of a kind counts: a numbered id makes
    # a flag set in the same instant as an earlier one count after it.
    event = rules.parse_event({"id": f"{OPS_RISK}{member.id}:{numbered + 1:06d}",
                               "type": "risk_flag", "at": now.isoformat(), "kind": kind,
                               "level": level})
    record_event(session=session, member=member, event=event, now=now)
    sync_members(session=session, members=[member], now=now)
    after = {**_in_force([*events, event])[kind], "kind": kind}
    record_audit(session=session, operator=operator, action="risk_flag.set",
                 subject=f"member:{member.id}", before=before, after=after, reason=reason,
                 now=now, request_key=request_key)
    return {"member": member.id, "kind": kind, "before": before, "after": after}
