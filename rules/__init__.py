"""The membership rules engine: pure functions from a member's events to their standing.

Three programs (SPEC 2-4) run on one engine, each defined by a data file in
`rules/programs/`. No I/O beyond reading those files, no clock: time is always passed in.
Errors are described in `rules.errors`.
"""

from __future__ import annotations

from rules.assess import Assessment, TierBenefit, assess
from rules.badges import BadgeStatus
from rules.bubbles import Bubble
from rules.contributions import Contribution
from rules.errors import EventError, ProgramError, RulesError
from rules.evaluate import evaluate, explain, summary
from rules.events import EVENT_TYPES, Event, check_local_range, parse_event
from rules.history import event_id_of, event_key
from rules.jd import PlusBeans, in_plus
from rules.jd_rows import settle_jd_rows
from rules.jd_score import (
    ROW_ORDER,
    ROW_SOURCES,
    Settlement,
    part_maximums,
    row_caps,
    settle_jd,
)
from rules.joint import JointMembership
from rules.ledger import Debit, Lot, PointsState
from rules.localtime import local_date, points_expiry
from rules.program import Program
from rules.program_files import PROGRAM_CODES, load_program, load_program_file
from rules.streaks import Streak, sign_in_reward, streak
from rules.versions import VersionSpec, figures, timeline

__all__ = [
    "PROGRAM_CODES",
    "ROW_ORDER",
    "ROW_SOURCES",
    "EVENT_TYPES",
    "Assessment",
    "PlusBeans",
    "BadgeStatus",
    "Bubble",
    "Contribution",
    "Debit",
    "Event",
    "EventError",
    "JointMembership",
    "Lot",
    "PointsState",
    "Program",
    "ProgramError",
    "RulesError",
    "Settlement",
    "Streak",
    "TierBenefit",
    "VersionSpec",
    "assess",
    "check_local_range",
    "evaluate",
    "event_id_of",
    "event_key",
    "explain",
    "figures",
    "load_program",
    "load_program_file",
    "local_date",
    "parse_event",
    "points_expiry",
    "part_maximums",
    "row_caps",
    "in_plus",
    "settle_jd",
    "settle_jd_rows",
    "sign_in_reward",
    "streak",
    "summary",
    "timeline",
]
