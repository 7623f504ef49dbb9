"""Programme versions (SPEC 12): operators change a figure from a local day; every use case
reads the figures through the timeline here.

- `timeline` is the programme as rules evaluates it: the file carrying its versions
  (rules.versions), so each event is counted under the version in force on its local day.
  `in_force` is the version of one instant: the market fee of a sale, the PLUS price of a
  purchase, the thresholds shown today.
- A new version starts tomorrow or later (local) and not before the latest one. Every event
  already received is dated before it (SPEC 1 refuses events far in the future only; one
  dated after tomorrow is counted under the version of its day when that day comes), so no
  ledger entry written so far was computed under figures that change: a version never
  rewrites the past. Standings are good until the next local midnight at the latest
  (services.standing.valid_until), so the first read or sweep on the version's first day
  brings each member forward under it.
- Two versions on the same day: the later wins. That is how a version that has not started
  is corrected, since versions are append-only (migration 0012). Versions are cumulative, a
  replacing one included: it builds on the one it supersedes (its changes stay unless the new
  one sets the figure again), so undoing a scheduled change means setting the figure back to
  the value it had. A superseded version is never in force alone: on its day the later one
  wins, and it has no day of its own.
- The stored rows are few and small; the timeline built from them is cached by their content,
  so a read costs one indexed query and a version added by another worker is seen at once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlmodel import Session, col, select

import rules
from member_app.errors import Conflict, IdempotencyKeyReused, InvalidInput, NotFound
from member_app.models import Operator, ProgrammeVersion, id_of
from member_app.services.audit import earlier_request, optional_reason, record_audit
from member_app.services.operators import require_admin
from rules.program_files import builtin_data
from rules.versions import DECIMAL_TEXT, version_data

ACTION = "programme.version"
MAX_CHANGES = 50

StoredKey = tuple[tuple[int, str, str], ...]  # (number, first day, changes as sorted JSON)


def timeline(*, session: Session, code: str) -> rules.Program:
    """The programme `code` with every stored version."""
    return _timeline(code, _stored_key(session, code))


def in_force(*, session: Session, code: str, at: datetime) -> rules.Program:
    """The version of `code` in force at `at` (its local day)."""
    return timeline(session=session, code=code).at(at)


def _stored_key(session: Session, code: str) -> StoredKey:
    rows = session.execute(select(col(ProgrammeVersion.number),
                                  col(ProgrammeVersion.effective_from),
                                  col(ProgrammeVersion.changes))
                           .where(ProgrammeVersion.program == code)).all()
    return tuple(sorted((number, first.isoformat(), json.dumps(changes, sort_keys=True))
                        for number, first, changes in rows))


@lru_cache(maxsize=64)
def _timeline(code: str, key: StoredKey) -> rules.Program:
    specs = [rules.VersionSpec(number, date.fromisoformat(first), json.loads(changes))
             for number, first, changes in key]
    return rules.timeline(code, specs)


def figure_table(*, session: Session, code: str, at: datetime) -> list[dict[str, Any]]:
    """Every figure of `code`: {key, kind (integer, or decimal: a string such as "0.9"), file
    (version 1), now (in force at `at`), latest (the last version, scheduled or not)}, in
    file order."""
    known = rules.load_program(code)  # refuses an unknown code with ProgramError
    program = timeline(session=session, code=known.code)
    versions = _versions(session, code)
    now_number = program.at(at).number
    file_figures = rules.figures(builtin_data(code))
    now_figures = _figures_after(code, [v.changes for v in versions if v.number <= now_number])
    latest = _figures_after(code, [v.changes for v in versions])
    return [{"key": key, "kind": "decimal" if isinstance(value, str) else "integer",
             "file": value, "now": now_figures[key], "latest": latest[key]}
            for key, value in file_figures.items()]


def version_history(*, session: Session, code: str, at: datetime) -> list[dict[str, Any]]:
    """Newest first: {number, effective_from, status (in_force, scheduled, superseded, past),
    changes: [{key, before, after}], reason, created_by, created_at}. Version 1 (the file)
    is listed last, with no changes."""
    rules.load_program(code)
    program = timeline(session=session, code=code)
    in_force_now = program.at(at).number
    today = at.astimezone(program.tz).date()
    versions = _versions(session, code)
    names = _operator_names(session, {v.created_by for v in versions})
    kept = {version.number for _, version in program.versions}
    out = []
    for index, version in enumerate(versions):
        before = _figures_after(code, [v.changes for v in versions[:index]])
        if version.number == in_force_now:
            status = "in_force"
        elif version.number not in kept:
            status = "superseded"
        elif version.effective_from <= today:
            status = "past"
        else:
            status = "scheduled"
        out.append({
            "number": version.number, "effective_from": version.effective_from.isoformat(),
            "status": status,
            "changes": [{"key": key, "before": before[key], "after": value}
                        for key, value in version.changes.items()],
            "reason": version.reason, "created_by": names.get(version.created_by, ""),
            "created_at": version.created_at.isoformat()})
    out.reverse()
    out.append({"number": 1, "effective_from": None,
                "status": "in_force" if in_force_now == 1 else "past", "changes": [],
                "reason": "", "created_by": "", "created_at": None})
    return out


def real_day(text: str, name: str) -> date:
    """A YYYY-MM-DD text as a day, or 422 naming `name` (2026-02-30 is no day)."""
    problem = InvalidInput(f"{name}: not a real day (YYYY-MM-DD)")
    if not isinstance(text, str) or len(text) != 10:  # fromisoformat also takes 20261201
        raise problem
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise problem from None


def add_version(*, session: Session, operator: Operator, code: str, effective_from: date,
                changes: Mapping[str, Any], reason: str = "", now: datetime,
                request_key: str | None = None, based_on: int | None = None) -> dict[str, Any]:
    """Admins only. A new version of `code` from local day `effective_from` (tomorrow or
    later, not before the latest version) changing `changes` ({figure path: value}); the
    loader's validation applies to the whole result. Written with its audit entry (the diff:
    each figure before and after). The same `request_key` again answers the same version.

    `based_on` is the number of the latest version the operator was shown (their diff's
    "before"): when another admin saved a version since, this one is refused with 409
    `version_changed` instead of silently building on figures nobody reviewed."""
    require_admin(operator)
    if code not in rules.PROGRAM_CODES:
        raise NotFound(f"program: unknown programme {code!r}")
    reason = optional_reason(reason)
    earlier = earlier_request(session=session, operator=operator, request_key=request_key,
                              action=ACTION)
    if earlier is not None:
        # The retry is compared with the request as it was sent (a figure given unchanged, a
        # decimal given as an integer), not with the cleaned changes that were stored.
        asked = earlier.after.get("request", earlier.after.get("changes"))
        if earlier.subject != f"programme:{code}" or asked != _as_json(changes) or \
                earlier.after.get("effective_from") != effective_from.isoformat():
            raise IdempotencyKeyReused("Idempotency-Key: already used for another version",
                                       code="idempotency_key_reused")
        return _answer(session, code, earlier.after["number"], now)
    current = timeline(session=session, code=code)
    tomorrow = now.astimezone(current.tz).date() + timedelta(days=1)
    if effective_from < tomorrow:
        raise InvalidInput(f"effective_from: must be {tomorrow.isoformat()} or later (a version "
                           "starts tomorrow at the earliest, so no figure already used changes)")
    versions = _versions(session, code)
    latest = versions[-1].number if versions else 1
    if based_on is not None and based_on != latest:
        raise Conflict(f"based_on: version {latest} was saved after version {based_on}, which "
                       "this change was built on; review the figures again",
                       code="version_changed")
    if versions and effective_from < versions[-1].effective_from:
        raise Conflict(f"effective_from: version {versions[-1].number} starts on "
                       f"{versions[-1].effective_from.isoformat()}; a new version starts on that "
                       "day (and replaces it) or later", code="version_order")
    clean = _checked_changes(code, changes, [v.changes for v in versions])
    number = latest + 1
    try:
        rules.timeline(code, [*(_spec(v) for v in versions),
                              rules.VersionSpec(number, effective_from, clean)])
    except rules.ProgramError as refused:
        raise InvalidInput(f"changes.{refused.key}: {refused.problem}") from None
    before = _figures_after(code, [v.changes for v in versions])
    session.add(ProgrammeVersion(program=code, number=number, effective_from=effective_from,
                                 changes=clean, reason=reason, created_by=id_of(operator),
                                 created_at=now))
    session.flush()
    record_audit(session=session, operator=operator, action=ACTION, subject=f"programme:{code}",
                 before={key: before[key] for key in clean},
                 after={"number": number, "effective_from": effective_from.isoformat(),
                        "changes": clean, "request": _as_json(changes)},
                 reason=reason, now=now, request_key=request_key)
    return _answer(session, code, number, now)


def _checked_changes(code: str, changes: Mapping[str, Any],
                     earlier: list[Mapping[str, Any]]) -> dict[str, Any]:
    """The changes that change something, each a figure of the programme; refused when empty
    or when a value has the wrong kind (an integer figure takes an integer, a decimal one a
    decimal string such as "0.85": never a float)."""
    if not isinstance(changes, Mapping) or not changes:
        raise InvalidInput("changes: name at least one figure and its new value")
    if len(changes) > MAX_CHANGES:
        raise InvalidInput(f"changes: at most {MAX_CHANGES} figures in one version")
    current = _figures_after(code, earlier)
    clean: dict[str, Any] = {}
    for key, value in changes.items():
        if key not in current:
            raise InvalidInput(f"changes.{key}: is not a figure of this programme")
        if isinstance(current[key], str):
            if isinstance(value, bool) or not isinstance(value, str | int):
                raise InvalidInput(f'changes.{key}: must be a decimal string such as "0.9"')
            value = str(value)
        elif isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput(f"changes.{key}: must be an integer")
        if not _same_figure(value, current[key]):
            clean[key] = value
    if not clean:
        raise InvalidInput("changes: every value is already the figure in force; nothing "
                           "would change")
    return clean


def _same_figure(value: Any, current: Any) -> bool:
    """Whether `value` is the figure `current` already is: "0.90" is the decimal "0.9"."""
    if isinstance(current, str) and isinstance(value, str) and DECIMAL_TEXT.fullmatch(value):
        return Decimal(value) == Decimal(current)
    return bool(value == current)


def _as_json(changes: Mapping[str, Any]) -> Any:
    """The request's changes as the audit log's JSON column gives them back."""
    try:
        return json.loads(json.dumps(dict(changes), sort_keys=True))
    except (TypeError, ValueError):
        return None


def _answer(session: Session, code: str, number: int, now: datetime) -> dict[str, Any]:
    return next(v for v in version_history(session=session, code=code, at=now)
                if v["number"] == number)


def _versions(session: Session, code: str) -> list[ProgrammeVersion]:
    return list(session.exec(select(ProgrammeVersion).where(ProgrammeVersion.program == code)
                             .order_by(col(ProgrammeVersion.number))).all())


def _spec(version: ProgrammeVersion) -> rules.VersionSpec:
    return rules.VersionSpec(version.number, version.effective_from, dict(version.changes))


def _figures_after(code: str, changes: list[Mapping[str, Any]]) -> dict[str, Any]:
    display = f"rules/programs/{code}.toml"
    return rules.figures(version_data(code, changes, display))


def _operator_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(select(col(Operator.id), col(Operator.name))
                           .where(col(Operator.id).in_(sorted(ids)))).all()
    return {operator_id: name for operator_id, name in rows}
