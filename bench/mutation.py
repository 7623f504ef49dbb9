"""Mutation testing of the money and score rules (issue #10): mutmut over rules/ledger.py,
rules/jd_score.py and member_app/services/market.py, each against its own fast tests.

    make mutation                                   # all three: 30-50 min on 2 shared cores
    .venv/bin/python bench/mutation.py ledger       # one or more targets by name
    .venv/bin/python bench/mutation.py --max-children 1 market

For each target it builds a scratch project in `.mutation/<target>/` (ignored by git): a copy
of rules/, member_app/ and tests/ and a pyproject.toml with a [tool.mutmut] section naming the
one file to mutate and its tests. mutmut 3 copies that into `mutants/`, mutates the file there
(every function gets a trampoline; it does not mutate module-level constants), records which
tests call each function, then forks one process per mutant that runs only those tests.
The database tests run on SQLite only (TEST_DATABASES=sqlite). Hypothesis is derandomized and
keeps no example database, so two runs of the same code and tests give the same score.

It prints, per target: mutants, killed, survived, timeout, other (no tests / suspicious /
segfault) and the score = (killed + timeout) / mutants. The diff of every survivor goes to
`.mutation/<target>/survivors.diff` and mutmut's own log to `.mutation/<target>/mutmut.log`;
`mutmut show <name>` or `mutmut browse` run inside `.mutation/<target>/` work too.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".mutation"
MUTMUT = Path(sys.executable).with_name("mutmut")
PLUGIN = "_mutation_hypothesis"


@dataclass(frozen=True)
class Target:
    path: str  # the file to mutate
    tests: tuple[str, ...]  # the tests mutmut may choose from


TARGETS = {
    "ledger": Target("rules/ledger.py", ("tests/rules",)),
    "jd_score": Target("rules/jd_score.py", ("tests/rules",)),
    "market": Target("member_app/services/market.py",
                     ("tests/member_app/test_market.py", "tests/member_app/test_coupon_use.py")),
}

# mutmut stops a mutant after (its tests' duration + constant) x multiplier seconds of wall time
# (x 2 of CPU time) and counts it as a timeout, i.e. detected. Its default (x15) lets a looping
# mutant of replay run ten minutes; x2 was too tight on a busy machine (2 cores shared): slow
# survivors were cut off and counted as timeouts. x5 is about 100 s for replay's tests.
MUTMUT_CONFIG = """
[tool.mutmut]
source_paths = ["rules", "member_app"]
only_mutate = ["{path}"]
pytest_add_cli_args_test_selection = {tests}
pytest_add_cli_args = ["-p", "no:cacheprovider", "-p", "{plugin}"]
also_copy = ["{plugin}.py"]
timeout_multiplier = 5.0
timeout_constant = 10.0
use_git_change_detection = false
"""

HYPOTHESIS_PLUGIN = '''"""Loaded by bench/mutation.py: the same examples each run, none kept."""
from hypothesis import settings

settings.register_profile("mutation", derandomize=True, database=None)
settings.load_profile("mutation")
'''



def prepare(name: str, target: Target) -> Path:
    work = WORK / name
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis", ".pytest_cache")
    for folder in ("rules", "member_app", "tests"):
        shutil.copytree(ROOT / folder, work / folder, ignore=ignore)
    config = MUTMUT_CONFIG.format(path=target.path, tests=json.dumps(list(target.tests)),
                                  plugin=PLUGIN)
    (work / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text() + config)
    (work / f"{PLUGIN}.py").write_text(HYPOTHESIS_PLUGIN)
    return work


def run(name: str, target: Target, max_children: int) -> dict[str, int | float | str]:
    work = prepare(name, target)
    env = {**os.environ, "TEST_DATABASES": "sqlite", "PYTHONDONTWRITEBYTECODE": "1"}
    started = time.monotonic()
    with open(work / "mutmut.log", "w") as log:
        code = subprocess.run([str(MUTMUT), "run", "--max-children", str(max_children)],
                              cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT,
                              check=False).returncode
    seconds = time.monotonic() - started
    meta = work / "mutants" / (target.path + ".meta")
    if code != 0 or not meta.exists():
        tail = (work / "mutmut.log").read_text()[-2000:]
        raise SystemExit(f"{name}: mutmut exited {code}; the end of its log:\n{tail}")
    from mutmut.stats import status_by_exit_code

    exit_codes = json.loads(meta.read_text())["exit_code_by_key"]
    counts = {"killed": 0, "survived": 0, "timeout": 0, "other": 0}
    survivors = []
    for mutant, exit_code in sorted(exit_codes.items(), key=lambda kv: _order(kv[0])):
        status = status_by_exit_code[exit_code]
        status = status if status in counts else "other"
        counts[status] += 1
        if status == "survived":
            survivors.append(mutant)
    _write_survivors(work, survivors)
    total = len(exit_codes)
    score = (counts["killed"] + counts["timeout"]) / total if total else 0.0
    return {"target": target.path, "mutants": total, **counts, "score": score,
            "seconds": round(seconds)}


def _order(mutant: str) -> tuple[str, int]:
    function, _, number = mutant.rpartition("__mutmut_")
    return function, int(number) if number.isdigit() else 0


def _write_survivors(work: Path, survivors: list[str]) -> None:
    with open(work / "survivors.diff", "w") as out:
        for mutant in survivors:
            shown = subprocess.run([str(MUTMUT), "show", mutant], cwd=work, capture_output=True,
                                   text=True, check=False).stdout
            out.write(shown.rstrip() + "\n\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", metavar="TARGET",
                        help=f"any of {', '.join(TARGETS)} (default: all)")
    parser.add_argument("--max-children", type=int, default=2,
                        help="mutants tested at once (default 2)")
    args = parser.parse_args()
    if not MUTMUT.exists():
        raise SystemExit(f"{MUTMUT} is missing: `make mutation` installs the bench extra")
    names = args.targets or list(TARGETS)
    unknown = sorted(set(names) - set(TARGETS))
    if unknown:
        parser.error(f"unknown target {', '.join(unknown)}; choose from {', '.join(TARGETS)}")
    rows = []
    for name in names:
        print(f"{name}: mutating {TARGETS[name].path} ...", flush=True)
        rows.append(run(name, TARGETS[name], args.max_children))
        row = rows[-1]
        print(f"{name}: {row['mutants']} mutants, {row['survived']} survived, "
              f"{row['seconds']} s; survivors in .mutation/{name}/survivors.diff", flush=True)
    print()
    print(f"{'file':<32} {'mutants':>7} {'killed':>6} {'survived':>8} {'timeout':>7} "
          f"{'other':>5} {'score':>6} {'time':>6}")
    for row in rows:
        print(f"{row['target']:<32} {row['mutants']:>7} {row['killed']:>6} {row['survived']:>8} "
              f"{row['timeout']:>7} {row['other']:>5} {row['score']:>6.1%} {row['seconds']:>5}s")


if __name__ == "__main__":
    main()
