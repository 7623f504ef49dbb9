"""SPEC 10: the `python -m rules` command contract (exit codes, one stderr line, JSON)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AT = "2026-11-22T12:00:00+08:00"
GOOD = [
    {"id": "a", "type": "identity_verified", "at": "2025-01-01T10:00:00+08:00"},
    {
        "id": "b",
        "type": "order_paid",
        "at": "2026-03-01T10:00:00+08:00",
        "order_id": "o1",
        "amount": "1234.50",
        "category": "food",
        "payment": "jdpay",
    },
    {"id": "c", "type": "signed_in", "at": "2026-11-21T10:00:00+08:00"},
    {"id": "c", "type": "signed_in", "at": "2026-11-21T10:00:00+08:00"},
    {"id": "d", "type": "signed_in", "at": "2026-11-22T10:00:00+08:00"},
    {
        "id": "z",
        "type": "order_paid",
        "at": "2026-11-23T10:00:00+08:00",
        "order_id": "o9",
        "amount": 99999,
        "category": "food",
    },
]


def run(*args, stdin: str | None = None):
    return subprocess.run(
        [sys.executable, "-m", "rules", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def lines(objs) -> str:
    return "\n".join(json.dumps(o) for o in objs) + "\n\n"


def test_spec10_evaluate_prints_one_object(tmp_path):
    path = tmp_path / "events.jsonl"
    path.write_text(lines(GOOD), encoding="utf-8")
    done = run("evaluate", "--program", "jd", "--at", AT, str(path))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    # settlement of 11-01 over 2025-11-01 .. 2026-10-31: account 300; consumption
    # floor(1234.5/10) = 123 + order 10 + category 50 + month 50 = 233; activity jdpay 5.
    # The November sign-ins count at the next settlement; they earn 1 + 2 beans now.
    # The order after --at and the duplicate id "c" are ignored. Food 1,234.50 >= 500: bronze.
    assert result == {
        "program": "jd",
        "at": AT,
        "tier": "registered",
        "growth": 538,
        "breakdown": {"account": 300, "consumption": 233, "activity": 5},
        "next_tier": "bronze",
        "to_next": 462,
        "restricted": False,
        "points_balance": 123 + 1 + 2,
        "streak": {"current": 2, "longest": 2},
        "badges": {"food": "bronze"},
    }


def test_spec10_stdin_and_explain():
    done = run("explain", "--program", "fliggy", "--at", AT, "-", stdin=lines(GOOD))
    assert done.returncode == 0, done.stderr
    trace = json.loads(done.stdout)
    assert [entry["id"] for entry in trace] == ["a", "b", "c", "d"]
    assert trace[1]["growth"] == {"purchase": 617}  # floor(1234.5 / 2)
    assert trace[1]["points"] == 617


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("{not json", "line 3: invalid JSON"),
        (json.dumps({"id": "x", "type": "teleport", "at": AT}), "line 3: type: unknown event type"),
        (
            json.dumps({"id": "x", "type": "order_paid", "at": AT, "amount": "1", "category": "f"}),
            "line 3: order_id: is required",
        ),
        (
            json.dumps({"id": "x", "type": "signed_in", "at": "2026-11-22T10:00:00"}),
            "line 3: at: must include a UTC offset",
        ),
        (
            json.dumps(
                {"id": "x", "type": "order_refunded", "at": AT, "order_id": "o", "amount": "-5"}
            ),
            "line 3: amount: must not be negative",
        ),
        ("[1, 2]", "line 3: event must be a JSON object"),
    ],
)
def test_spec10_malformed_line_exits_2_with_one_line(tmp_path, bad_line, message):
    path = tmp_path / "events.jsonl"
    path.write_text(json.dumps(GOOD[0]) + "\n\n" + bad_line + "\n" + json.dumps(GOOD[1]) + "\n")
    done = run("evaluate", "--program", "jd", "--at", AT, str(path))
    assert done.returncode == 2
    assert done.stdout == ""
    err = done.stderr.strip()
    assert "\n" not in err and "Traceback" not in err
    assert err.startswith(message), err


@pytest.mark.parametrize(
    "args",
    [
        ["evaluate", "--program", "taobao", "--at", AT, "-"],
        ["evaluate", "--program", "jd", "--at", "2026-11-22T12:00:00", "-"],
        ["evaluate", "--program", "jd", "--at", "soon", "-"],
        ["evaluate", "--program", "jd", "--at", AT, "/nonexistent/events.jsonl"],
        ["evaluate", "--program", "jd", "-"],
        ["frobnicate"],
        [],
    ],
)
def test_spec10_bad_arguments_exit_2_with_one_line(args):
    done = run(*args, stdin="")
    assert done.returncode == 2
    err = done.stderr.strip()
    assert err and "\n" not in err and "Traceback" not in err


def test_spec10_empty_input_is_the_starting_state():
    done = run("evaluate", "--program", "alipay", "--at", AT, "-", stdin="\n\n")
    assert done.returncode == 0
    result = json.loads(done.stdout)
    assert (result["tier"], result["growth"], result["to_next"]) == ("popular", 0, 2000)


EDGE_ORDER = {"type": "order_paid", "order_id": "o", "amount": "100", "category": "food",
              "payment": "jdpay"}


@pytest.mark.parametrize("program", ["jd", "fliggy", "alipay"])
@pytest.mark.parametrize(("at", "events"), [
    # Review finding 1: these crashed with OverflowError (exit 1, a traceback).
    (AT, [{"id": "b", "type": "signed_in", "at": "0001-01-01T00:00:00+08:00"}]),
    (AT, [{"id": "b", "type": "signed_in", "at": "9999-12-31T23:00:00-14:00"}]),
    ("9999-12-15T12:00:00+08:00", []),
    ("0001-01-01T00:00:00+14:00", []),
    # One microsecond outside the range, in the programme's zone (UTC+8).
    (AT, [{"id": "b", "type": "signed_in", "at": "1969-12-31T15:59:59.999999+00:00"}]),
    ("9998-12-31T16:00:00+00:00", []),
])
def test_timestamps_outside_the_local_range_are_exit_2(program: str, at: str,
                                                       events: list[dict]) -> None:
    stdin = "".join(json.dumps(e) + "\n" for e in events)
    result = run("evaluate", "--program", program, "--at", at, "-", stdin=stdin)
    assert result.returncode == 2
    assert result.stderr.strip().endswith("local date must be within 1970-01-01..9998-12-31")
    assert len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""


@pytest.mark.parametrize("program", ["jd", "fliggy", "alipay"])
@pytest.mark.parametrize("command", ["evaluate", "explain"])
def test_the_first_and_last_admitted_days_evaluate(program: str, command: str) -> None:
    events = [{"id": "a", "at": "1970-01-01T00:00:00+08:00", **EDGE_ORDER},
              {"id": "b", "at": "9998-12-31T23:00:00+08:00", **EDGE_ORDER, "order_id": "o2"},
              {"id": "c", "type": "signed_in", "at": "9998-12-31T23:10:00+08:00"}]
    stdin = "".join(json.dumps(e) + "\n" for e in events)
    result = run(command, "--program", program, "--at", "9998-12-31T23:59:59+08:00", "-",
                 stdin=stdin)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    if command == "evaluate":
        # The sign-in of the last day counts; points earned in 9998 expire on 9999-12-31.
        assert json.loads(result.stdout)["streak"] == {"current": 1, "longest": 1}
