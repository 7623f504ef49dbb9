"""The operator command line. Errors are one line on stderr and a non-zero exit, never a traceback.

    migrate, demo, serve                          set up and run the app
    token --platform                              a platform JWT for POST /api/v1/events
    plus-codes --count N [--days D]               N single-use PLUS codes (printed once)
    settle --month 2026-11                        the JD monthly settlement, with progress
    sync [--all]                                  bring every stale standing up to date
"""

from __future__ import annotations

import argparse
import errno
import os
import shutil
import socket
import sys
from datetime import UTC, datetime

from member_app import db, migrate
from member_app.demo import DEMO_OPERATORS, DEMO_PASSWORD, load_demo
from member_app.errors import AppError, InvalidInput
from member_app.reflex_output import run_quietly
from member_app.services.auth import issue_platform_token
from member_app.services.catalog import ensure_catalog
from member_app.services.operators import ROLES, add_operator
from member_app.services.payments import release_stale_payments
from member_app.services.plus import issue_code_batch
from member_app.services.settlement import settle_month
from member_app.services.sweep import SweepReport, count_stale, sweep
from member_app.services.sweep_runs import claim_run, finish_run
from member_app.settings import PROJECT_ROOT, load_settings


class CommandError(Exception):
    """A problem the operator can fix; printed as one line."""


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m member_app")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="bring the database to the newest schema")
    commands.add_parser("demo", help="load the demo members once")
    serve = commands.add_parser("serve", help="migrate, load demo data, serve the production app")
    # A string here: argparse would turn PORT=abc into a usage error naming --port, and int() at
    # parser build time into a traceback. _require_free_port says what is wrong with it.
    serve.add_argument("--port", default=os.environ.get("PORT", "3000"))
    _add_store_commands(commands)
    args = parser.parse_args(argv)
    try:
        handlers = {"migrate": _migrate, "demo": _demo, "serve": _serve, **_STORE_HANDLERS}
        return handlers[args.command](args)
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except AppError as error:
        print(f"error: {error.detail}", file=sys.stderr)
        return 2
    except Exception as error:
        if os.environ.get("MEMBER_APP_DEBUG"):
            raise
        print(f"error: unexpected {type(error).__name__}: {error} "
              "(set MEMBER_APP_DEBUG=1 for the traceback)", file=sys.stderr)
        return 1


def _migrate(_args: argparse.Namespace) -> int:
    """The newest schema, the standard catalog, then a standing for every member who has
    none yet or an outdated one (a database from before stored standings), with progress."""
    migrate.upgrade(db.default_engine())
    with db.transaction() as session:
        ensure_catalog(session=session)  # the standard catalog is content every install has
    report = _sweep_with_progress(datetime.now(UTC), everyone=False,
                                  label="building standings")
    for member_id, error in report.failures:
        print(f"error: member {member_id}: {error}", file=sys.stderr)
    return 1 if report.failures else 0


def _sweep_with_progress(now: datetime, *, everyone: bool, label: str) -> SweepReport:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    total = count_stale(engine=None, now=now, everyone=everyone)
    if not total:
        return SweepReport()
    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeRemainingColumn(),
                  transient=not sys.stderr.isatty()) as progress:
        task = progress.add_task(label, total=total)
        key = f"sync:{now.isoformat()}"  # recorded beside the timer's nights (sweep_runs)
        claim_run(engine=None, key=key, now=now)
        report = sweep(engine=None, now=now, everyone=everyone,
                       progress=lambda n: progress.advance(task, n))
        finish_run(engine=None, key=key, brought_forward=report.brought_forward,
                   failures=len(report.failures), now=datetime.now(UTC))
        return report


def _demo(_args: argparse.Namespace) -> int:
    if not load_settings().demo:
        raise InvalidInput("demo mode is off: demo members are for demos only; set "
                           "MEMBER_APP_DEMO=1 (make run does)")
    with db.transaction() as session:
        created = load_demo(session=session, now=datetime.now(UTC))
    print(f"demo data: {created} member(s) created" if created else "demo data: already loaded")
    return 0


def _serve(args: argparse.Namespace) -> int:
    port = _port_number(str(args.port))
    _require_free_port(port)
    _migrate(args)
    if load_settings().demo:
        print("member_app: DEMO MODE is on (MEMBER_APP_DEMO=1): demo members sign in with one "
              "tap and a public password; never serve real members like this", flush=True)
        _demo(args)
        print(f"member_app: demo operators {' and '.join(n for n, _ in DEMO_OPERATORS)}, "
              f"password {DEMO_PASSWORD}: the console at /ops/login, the API under /api/v1/ops",
              flush=True)
    else:
        print("member_app: production mode (no demo members; MEMBER_APP_DEMO=1 turns them on)",
              flush=True)
    reflex = shutil.which("reflex", path=os.path.dirname(sys.executable)) or "reflex"
    env = {**os.environ, "PORT": str(port)}
    print(f"member_app: starting; open http://localhost:{port} when the build is done", flush=True)
    os.chdir(PROJECT_ROOT)
    command = [reflex, "run", "--env", "prod", "--frontend-port", str(port),
               "--backend-port", str(port)]
    return run_quietly(command, env)


def _port_number(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) < 65536:
        raise InvalidInput(f"port {text!r} is not a TCP port number (1-65535); "
                           "choose one with PORT=NNNN make run")
    return int(text)


def _require_free_port(port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As servers do: connections of a just-stopped server in TIME_WAIT do not count as busy.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("0.0.0.0", port))  # noqa: S104  (the app listens on all interfaces)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise CommandError(
                    f"port {port} is already in use; choose another with PORT=NNNN make run"
                ) from None
            raise CommandError(f"cannot listen on port {port}: {error.strerror}") from None

def _add_store_commands(commands: argparse._SubParsersAction) -> None:
    token = commands.add_parser("token", help="print an API token")
    token.add_argument("--platform", action="store_true", required=True,
                       help="a token for the commerce platform (events, settlements)")
    codes = commands.add_parser("plus-codes", help="generate single-use PLUS codes")
    codes.add_argument("--count", type=int, required=True)
    codes.add_argument("--days", type=int, default=365)
    settle = commands.add_parser("settle", help="run the JD monthly settlement (once a month)")
    settle.add_argument("--month", required=True, help="YYYY-MM, e.g. 2026-11")
    sync = commands.add_parser("sync", help="decide stale payments, bring every stale standing "
                               "and ledger up to date (the nightly sweep)")
    sync.add_argument("--all", action="store_true", dest="everyone",
                      help="recompute every member, stale or not (after a programme change)")
    operator = commands.add_parser("operator", help="operator accounts (SPEC 12)")
    operator_commands = operator.add_subparsers(dest="operator_command", required=True)
    add = operator_commands.add_parser(
        "add", help="add an operator; the password is asked for, or read from stdin")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, required=True)


def _token(_args: argparse.Namespace) -> int:
    print(issue_platform_token(now=datetime.now(UTC)))
    return 0


def _plus_codes(args: argparse.Namespace) -> int:
    """The codes on stdout, one a line (to pipe them on); on stderr the batch, whose labels
    (`<batch>-<line>`) are what the operators' lists show instead of the codes."""
    with db.transaction() as session:
        batch = issue_code_batch(session=session, count=args.count, now=datetime.now(UTC),
                                 days=args.days)
    print("\n".join(code for _, code in batch.codes))
    print(f"batch {batch.batch}: {len(batch.codes)} code(s) of {batch.days} day(s); line n is "
          f"label {batch.batch}-n ({batch.codes[0][0]} first)", file=sys.stderr)
    return 0


def _settle(args: argparse.Namespace) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeRemainingColumn(), console=None,
                  transient=not sys.stderr.isatty()) as progress:
        task = progress.add_task(f"settling {args.month}", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        with db.transaction() as session:
            result = settle_month(session=session, month=args.month, now=datetime.now(UTC),
                                  progress=advance)
    if result.ran:
        print(f"settled {result.month}: {result.members} member(s)")
    else:
        print(f"{result.month} was already settled: {result.members} member(s)")
    return 0


def _sync(args: argparse.Namespace) -> int:
    """The nightly sweep: payments pending too long are decided, then every standing that time
    has overtaken is brought forward, member by member (services.sweep). A member that fails
    is named at the end and the exit code is 1; the others are done regardless."""
    now = datetime.now(UTC)
    with db.transaction() as session:
        decided = release_stale_payments(session=session, now=now)
    report = _sweep_with_progress(now, everyone=args.everyone,
                                  label="bringing standings forward")
    print(f"decided {decided} stale payment(s); brought {report.brought_forward} member(s) "
          f"up to date")
    for member_id, error in report.failures:
        print(f"error: member {member_id}: {error}", file=sys.stderr)
    return 1 if report.failures else 0


def _operator(args: argparse.Namespace) -> int:
    """`operator add NAME --role R`. The password never goes on the command line (it would be
    in the shell's history and in `ps`): asked twice on a terminal, else stdin's first line."""
    if sys.stdin.isatty():
        import getpass

        password = getpass.getpass("password: ")
        if getpass.getpass("again: ") != password:
            raise InvalidInput("the two passwords differ")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    migrate.upgrade(db.default_engine())  # an operator may be the first thing a server gets
    with db.transaction() as session:
        operator = add_operator(session=session, name=args.name, role=args.role,
                                password=password, now=datetime.now(UTC))
    print(f"operator {operator.name} added ({operator.role})")
    return 0


_STORE_HANDLERS = {"token": _token, "plus-codes": _plus_codes, "settle": _settle, "sync": _sync,
                   "operator": _operator}
