"""Programme versions (SPEC 12): a programme's figures changed from a local date.

A version is the programme file with some of its figures changed. A figure is an integer or
a decimal of the file (a rate, a cap, a threshold, the market fee, the PLUS price), named by
the key path the loader's messages use: `market.fee_percent`, `tiers[2].threshold`,
`sign_in.rewards[0]`. Codes, names, the engine, the time zone and the shape of the tables stay
the file's: a version changes numbers, not the programme's structure.

Versions are cumulative: version N is version N-1 with N's changes, and every version is
validated by the loader exactly as the file is (its messages name the key). The timeline is
the first version (the file) carrying the later ones as `Program.versions`, so `assess` and
every rule keep taking one `Program` and read `program.on(day)` where a figure is needed.
When two versions start on the same day the later number wins: that is how a version that
has not started yet is corrected without editing it (versions are append-only).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from rules.errors import ProgramError
from rules.program import Program
from rules.program_files import build_program, builtin_data, load_program
from rules.toml_reader import Table

Figure = int | str  # a decimal figure is kept as the file keeps it: a string such as "0.9"
DECIMAL_TEXT = re.compile(r"\d+(\.\d+)?")
NOT_FIGURES = frozenset(("code", "engine", "timezone"))


@dataclass(frozen=True, slots=True)
class VersionSpec:
    """A stored version: its number (2 and up; 1 is the file), its first local day, and the
    figures it changes."""

    number: int
    effective_from: date
    changes: Mapping[str, Figure]


def figures(data: Mapping[str, Any]) -> dict[str, Figure]:
    """Every figure of a programme's parsed TOML, by key path, in file order."""
    return dict(_walk(data, ""))


def _walk(value: Any, path: str) -> Iterator[tuple[str, Figure]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if not path and key in NOT_FIGURES:
                continue
            yield from _walk(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")
    elif _is_figure(value):
        yield path, value


def _is_figure(value: Any) -> bool:
    if isinstance(value, str):
        return DECIMAL_TEXT.fullmatch(value) is not None
    return isinstance(value, int) and not isinstance(value, bool)


def version_data(code: str, changes: Sequence[Mapping[str, Any]], display: str) -> dict[str, Any]:
    """The parsed TOML of `code` with each set of changes applied in turn."""
    data = builtin_data(code)
    known = figures(data)
    for change in changes:
        for path, value in change.items():
            if path not in known:
                raise ProgramError(display, path, "is not a figure of this programme")
            _set(data, path, value)
    return data


def build_version(code: str, changes: Sequence[Mapping[str, Any]], number: int) -> Program:
    """Version `number` of `code`: the file with `changes` (one mapping per version up to
    this one) applied, validated as a file is."""
    display = f"rules/programs/{code}.toml, version {number}"
    program = build_program(Table(display, "", version_data(code, changes, display)), display)
    return dataclasses.replace(program, number=number)


def timeline(code: str, specs: Sequence[VersionSpec]) -> Program:
    """The programme `code` with its versions: the file, carrying each later version from its
    first day (see the module docstring for ties)."""
    base = load_program(code)
    if not specs:
        return base
    ordered = sorted(specs, key=lambda spec: spec.number)
    by_day: dict[date, Program] = {}
    for index, spec in enumerate(ordered):
        changes = [s.changes for s in ordered[: index + 1]]
        by_day[spec.effective_from] = build_version(code, changes, spec.number)
    return dataclasses.replace(base, versions=tuple(sorted(by_day.items())))


def _set(data: Any, path: str, value: Any) -> None:
    """Set the value at a key path of the form `a.b[2].c` (a path `figures` listed)."""
    steps = _steps(path)
    target = data
    for step in steps[:-1]:
        target = target[step]
    target[steps[-1]] = value


def _steps(path: str) -> list[str | int]:
    steps: list[str | int] = []
    for part in path.split("."):
        name, *indexes = part.split("[")
        steps.append(name)
        steps += [int(index.rstrip("]")) for index in indexes]
    return steps
