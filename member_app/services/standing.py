"""A member's stored standing: what `rules` computed at their last change, so a read is one row.

`rules` stays the only definition of every figure: the standing is `rules.assess`'s answer,
kept as JSON (models.Standing) without the parts only writes need (the FIFO lots, the per-event
trace). Two ways it is written, both under the member's lock (points.lock_account):

- `services.ledger_sync.sync_members` (behind `points.sync_points`), which every use case
  that changes a member's inputs (an event, spending, a release, a PLUS period) runs in the
  same transaction, stores what it computed;
- a read that finds the standing stale brings it forward (`overview.current_standing`).

A standing is valid from `computed_at` until `valid_until`, the next instant at which time alone
could change it: the member's next local midnight (every rule counts local days: the rolling
window, expiry at the end of a year, a month's JD settlement, a streak that breaks) or the next
start or end of a PLUS period, whichever comes first. This is an upper bound, chosen so that no
rule has to be repeated here to know when it next changes: at worst a standing is recomputed
once a day when nothing changed. An event dated after `now` (a platform clock ahead of ours)
also ends the validity at its instant. The sweep (`services.sweep`) does that for everyone just
after midnight, so a member's first read of the day finds theirs ready.

Reads of a fresh standing write nothing. A stale one is recomputed in a write transaction of
its own when the caller's is read-only (db.read_transaction), else in the caller's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime, time, timedelta
from types import MappingProxyType
from typing import Any

from pydantic import TypeAdapter
from sqlmodel import Session, select

import rules
from member_app.models import Standing

# The layout of the stored JSON: bump it whenever rules.Assessment changes shape, and rows
# written by older code are recomputed on their next read instead of being misread.
# 4: Streak.frozen (streak freezes, SPEC 13); 5: plus_beans (PLUS savings); 6: bubbles
SHAPE = 6
_ASSESSMENT = TypeAdapter(rules.Assessment)


def encode(assessment: rules.Assessment) -> str:
    slim = dataclasses.replace(
        assessment, contributions=(),
        points=dataclasses.replace(assessment.points, lots=()))
    return _ASSESSMENT.dump_json(slim, fallback=_plain, warnings=False).decode()


def decode(body: str) -> rules.Assessment:
    return _ASSESSMENT.validate_json(body)


def _plain(value: Any) -> Any:
    if isinstance(value, MappingProxyType):  # the rules' read-only mappings
        return dict(value)
    raise TypeError(f"cannot store {type(value).__name__}")


def valid_until(program: rules.Program, now: datetime,
                plus_periods: Sequence[tuple[datetime, datetime]],
                event_times: Sequence[datetime] = ()) -> datetime:
    """The next instant at which time alone may change a standing computed at `now`: the next
    local midnight, a PLUS period starting or ending, or a stored event dated later than `now`
    coming into force (a platform's clock ahead of ours)."""
    today = now.astimezone(program.tz).date()
    midnight = datetime.combine(today + timedelta(days=1), time(), program.tz)
    boundaries = [b for period in plus_periods for b in period if b > now]
    upcoming = [at for at in event_times if at > now]
    return min([midnight, *boundaries, *upcoming])


def fresh_standing(*, session: Session, member_id: int,
                   now: datetime) -> rules.Assessment | None:
    """The stored standing if it is still valid at `now`, else None.

    An instant before `computed_at` (another worker's clock) gets the stored standing: a
    member's figures never step back in time."""
    row = session.exec(select(Standing.shape, Standing.computed_at, Standing.valid_until,
                              Standing.body).where(Standing.member_id == member_id)).first()
    if row is None:
        return None
    shape, computed_at, until, body = row
    if shape != SHAPE or now >= until:
        return None
    return dataclasses.replace(decode(body), at=max(now, computed_at))
