"""The rules command (SPEC 10): evaluate or explain a member's JSON-lines events.

    python -m rules evaluate --program jd --at 2026-11-22T12:00:00+08:00 events.jsonl
    python -m rules explain  --program jd --at 2026-11-22T12:00:00+08:00 - < events.jsonl

Prints one JSON object (evaluate) or one JSON array (explain) on stdout. Any problem, in the
arguments or in a line, ends with exit code 2 and exactly one line on stderr, no traceback.
Blank lines are skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from datetime import tzinfo
from typing import IO, NoReturn

from rules.errors import EventError, RulesError
from rules.evaluate import evaluate, explain
from rules.events import Event, check_local_range, parse_event, parse_instant
from rules.program_files import PROGRAM_CODES, load_program

USAGE_ERROR = 2


class Refusal(Exception):
    """A one-line reason to stop with exit code 2."""


class OneLineParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise Refusal(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="rules", description="Membership rules engine.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    for name, text in (
        ("evaluate", "print the SPEC 10 object"),
        ("explain", "print each event's contribution"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("--program", required=True, choices=PROGRAM_CODES)
        command.add_argument("--at", required=True, help="ISO 8601 instant with offset")
        command.add_argument("events", help="JSON-lines file, or - for standard input")
    return parser


def read_events(stream: IO[bytes], tz: tzinfo) -> Iterator[Event]:
    for number, raw in enumerate(stream, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise Refusal(f"line {number}: not valid UTF-8") from None
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as error:
            raise Refusal(f"line {number}: invalid JSON ({error.msg})") from None
        except RecursionError:
            raise Refusal(f"line {number}: invalid JSON (nested too deeply)") from None
        try:
            event = parse_event(obj)
            check_local_range(event.at, tz, "at")
            yield event
        except EventError as error:
            raise Refusal(f"line {number}: {error}") from None


def run(argv: Sequence[str] | None, stdout: IO[str]) -> None:
    args = build_parser().parse_args(argv)
    program = load_program(args.program)
    try:
        at = check_local_range(parse_instant(args.at, "--at"), program.tz, "--at")
    except EventError as error:
        raise Refusal(str(error)) from None
    if args.events == "-":
        events = list(read_events(sys.stdin.buffer, program.tz))
    else:
        try:
            with open(args.events, "rb") as handle:
                events = list(read_events(handle, program.tz))
        except OSError as error:
            raise Refusal(f"{args.events}: cannot read ({error.strerror})") from None
    if args.command == "evaluate":
        result: object = evaluate(program, events, at)
    else:
        result = explain(program, events, at)
    stdout.write(json.dumps(result, ensure_ascii=False) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    try:
        run(argv, sys.stdout)
    except Refusal as refusal:
        print(_one_line(str(refusal)), file=sys.stderr)
        return USAGE_ERROR
    except RulesError as error:
        print(_one_line(f"rules: {error}"), file=sys.stderr)
        return USAGE_ERROR
    return 0


def _one_line(text: str) -> str:
    return " ".join(text.split())
