"""How every benchmark measures and reports: alternating rounds, medians, spread, and the goal.

A figure on a shared 2-core machine means little alone, so each benchmark times what it measures
against a baseline in the same run, alternating the two for at least three rounds (so drift in
machine load hits both), and reports the median ratio with its spread. Each comparison says what
the ratio means and where its goal comes from, and says plainly whether the run met it.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

MIN_ROUNDS = 3


@dataclass(frozen=True)
class Goal:
    """`ratio <= limit` (lower is better) or `ratio >= limit` (higher is better)."""

    limit: float
    at_most: bool
    source: str  # where the goal is written down, e.g. "issue #10"

    def met(self, ratio: float) -> bool:
        return ratio <= self.limit if self.at_most else ratio >= self.limit

    def text(self) -> str:
        return f"{'<=' if self.at_most else '>='} {self.limit:g}x ({self.source})"


def timed(action: Callable[[], object]) -> float:
    """Seconds `action()` took."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def alternate(rounds: int, subject: Callable[[int], float],
              baseline: Callable[[int], float]) -> tuple[list[float], list[float]]:
    """Run baseline then subject, `rounds` times; each callable gets the round number and
    returns its measurement (seconds, or a rate)."""
    rounds = max(rounds, MIN_ROUNDS)
    subjects, baselines = [], []
    for number in range(rounds):
        baselines.append(baseline(number))
        subjects.append(subject(number))
    return subjects, baselines


def header(title: str, meaning: str) -> None:
    print(f"\n== {title} ==", flush=True)
    print(f"   {meaning}", flush=True)


def compare(*, subject_name: str, baseline_name: str, subjects: list[float],
            baselines: list[float], unit: str, goal: Goal | None) -> float:
    """Print each round and the median ratio subject / baseline with its spread; the median."""
    ratios = [s / b for s, b in zip(subjects, baselines, strict=True)]
    for number, (s, b, r) in enumerate(zip(subjects, baselines, ratios, strict=True), 1):
        print(f"   round {number}: {subject_name} {_value(s, unit)}, {baseline_name} "
              f"{_value(b, unit)} -> {r:.2f}x", flush=True)
    median = statistics.median(ratios)
    spread = f"{min(ratios):.2f}x-{max(ratios):.2f}x"
    verdict = ""
    if goal is not None:
        verdict = (f"; goal {goal.text()}: "
                   f"{'met' if goal.met(median) else 'MISSED in this run'}")
    print(f"   median {median:.2f}x (spread {spread} over {len(ratios)} rounds){verdict}",
          flush=True)
    return median


def _value(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"
    if unit == "ms":
        return f"{value * 1000:.0f} ms"
    return f"{value:,.0f} {unit}"
