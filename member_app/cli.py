"""The operator command line. Errors are one line on stderr and a non-zero exit, never a traceback."""

from __future__ import annotations

import argparse
import errno
import os
import shutil
import socket
import sys
from datetime import UTC, datetime

from member_app import db, migrate
from member_app.demo import load_demo
from member_app.errors import AppError
from member_app.settings import PROJECT_ROOT, load_settings


class CommandError(Exception):
    """A problem the operator can fix; printed as one line."""


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m member_app")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="bring the database to the newest schema")
    commands.add_parser("demo", help="load the demo members once")
    serve = commands.add_parser("serve", help="migrate, load demo data, serve the production app")
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "3000")))
    args = parser.parse_args(argv)
    try:
        return {"migrate": _migrate, "demo": _demo, "serve": _serve}[args.command](args)
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
    migrate.upgrade(db.default_engine())
    return 0


def _demo(_args: argparse.Namespace) -> int:
    with db.transaction() as session:
        created = load_demo(session=session, now=datetime.now(UTC))
    print(f"demo data: {created} member(s) created" if created else "demo data: already loaded")
    return 0


def _serve(args: argparse.Namespace) -> int:
    port = args.port
    _require_free_port(port)
    _migrate(args)
    if load_settings().demo:
        _demo(args)
    reflex = shutil.which("reflex", path=os.path.dirname(sys.executable)) or "reflex"
    env = {**os.environ, "PORT": str(port)}
    print(f"member_app: starting; open http://localhost:{port} when the build is done", flush=True)
    os.chdir(PROJECT_ROOT)
    command = [reflex, "run", "--env", "prod", "--frontend-port", str(port),
               "--backend-port", str(port)]
    os.execvpe(command[0], command, env)  # noqa: S606  (replaces this process on purpose)


def _require_free_port(port: int) -> None:
    if not 0 < port < 65536:
        raise CommandError(f"port {port} is not a valid TCP port")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("0.0.0.0", port))  # noqa: S104  (the app listens on all interfaces)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise CommandError(
                    f"port {port} is already in use; choose another with PORT=NNNN make run"
                ) from None
            raise CommandError(f"cannot listen on port {port}: {error.strerror}") from None
