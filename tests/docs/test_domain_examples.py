"""docs/domain.md shows what the rules command really prints for the shipped sample events."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys

from member_app.settings import PROJECT_ROOT

DOC = PROJECT_ROOT / "docs" / "domain.md"


def _indented(prefix: str) -> list[str]:
    """The indented lines of the "Try it" section that start with `prefix`."""
    text = DOC.read_text()
    section = text[text.index("Try it\n"):]
    section = section[:section.index("\n## ")]
    return [line[4:] for line in section.splitlines() if line.startswith("    " + prefix)]


def _run(command: str) -> subprocess.CompletedProcess[str]:
    argv = shlex.split(command)
    assert argv[0] == ".venv/bin/python"
    return subprocess.run([sys.executable, *argv[1:]], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=60)


def test_each_evaluate_example_prints_the_output_the_doc_shows() -> None:
    commands = _indented(".venv/bin/python -m rules evaluate")
    shown = [json.loads(line) for line in _indented('{"program"')]
    assert len(commands) == len(shown) == 3
    for command, expected in zip(commands, shown, strict=True):
        result = _run(command)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout) == expected, command


def test_the_explain_example_prints_the_entries_the_doc_shows() -> None:
    [command] = [c for c in _indented(".venv/bin/python -m rules explain") if "|" not in c]
    shown = [json.loads(line) for line in _indented('{"id": "jd-')]
    result = _run(command)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == shown


def test_every_sample_names_its_programme_sources() -> None:
    """One file per programme, each line a valid event (the engine refuses a bad line)."""
    for program in ("jd", "fliggy", "alipay"):
        path = PROJECT_ROOT / "docs" / "examples" / f"{program}.jsonl"
        result = _run(f".venv/bin/python -m rules evaluate --program {program} "
                      f"--at 2026-11-22T12:00:00+08:00 {path}")
        assert result.returncode == 0, result.stderr
        breakdown = json.loads(result.stdout)["breakdown"]
        assert breakdown and all(value > 0 for value in breakdown.values()), breakdown
