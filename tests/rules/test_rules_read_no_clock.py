"""rules/ and its tests never read the clock (the package contract: time is passed in). This is
also why `make test-dates` need not rerun tests/rules under a shifted clock."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLOCK_READS = re.compile(r"\b(datetime\.now|datetime\.utcnow|date\.today|time\.time|"
                         r"time\.monotonic|time\.localtime|time\.gmtime)\s*\(")


def test_nothing_in_rules_or_its_tests_reads_the_clock() -> None:
    files = [*sorted((ROOT / "rules").rglob("*.py")),
             *sorted((ROOT / "tests" / "rules").rglob("*.py"))]
    offenders = [f"{path.relative_to(ROOT)}:{number}"
                 for path in files if path.name != Path(__file__).name
                 for number, line in enumerate(path.read_text().splitlines(), 1)
                 if CLOCK_READS.search(line)]
    assert files and offenders == []
