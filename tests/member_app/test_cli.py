"""The operator command line: clear one-line errors, no tracebacks."""

from __future__ import annotations

import socket
import subprocess
import sys

from member_app.settings import PROJECT_ROOT


def test_serve_on_a_busy_port_is_a_one_line_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with socket.socket() as busy:
        busy.bind(("0.0.0.0", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "member_app", "serve", "--port", str(port)],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            env={"MEMBER_APP_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"error: port {port} is already in use; choose another with PORT=NNNN make run"
    ]
    assert not (tmp_path / "member_app.db").exists()


def test_migrate_and_demo_are_idempotent(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {"MEMBER_APP_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "MEMBER_APP_DEMO": "1"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "member_app", *args],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
        )

    assert run("migrate").returncode == 0
    assert run("migrate").returncode == 0
    first = run("demo")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "demo data: 7 member(s) created"
    assert run("demo").stdout.strip() == "demo data: already loaded"


def test_serve_on_a_port_that_is_not_a_number_is_a_one_line_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    for port in ("abc", "0", "70000", "３０００"):
        result = subprocess.run(
            [sys.executable, "-m", "member_app", "serve"], cwd=PROJECT_ROOT,
            capture_output=True, text=True, timeout=60,
            env={"MEMBER_APP_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "PORT": port},
        )
        assert result.returncode == 2  # bad input, as every command's
        assert result.stderr.strip().splitlines() == [
            f"error: port {port!r} is not a TCP port number (1-65535); "
            "choose one with PORT=NNNN make run"]


def test_migrate_builds_the_standings_an_older_database_lacks(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Members from before stored standings (here: their standing rows deleted) get one from
    `migrate`; `sync` then has nothing left to do, and `sync --all` redoes everyone."""
    from sqlalchemy import create_engine, text

    env = {"MEMBER_APP_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "MEMBER_APP_DEMO": "1"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "member_app", *args], cwd=PROJECT_ROOT,
                              capture_output=True, text=True, timeout=300, env=env)

    assert run("migrate").returncode == 0
    assert run("demo").returncode == 0  # 7 demo members, their standings stored on ingest
    engine = create_engine(f"sqlite:///{tmp_path / 'member_app.db'}")
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM standing"))
    migrated = run("migrate")
    assert migrated.returncode == 0, migrated.stderr
    with engine.begin() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM standing")).scalar_one() == 7
    assert "brought 0 member(s) up to date" in run("sync").stdout
    assert "brought 7 member(s) up to date" in run("sync", "--all").stdout
    engine.dispose()
