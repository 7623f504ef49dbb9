"""Every shell example in README.md runs as written, against a live server, so it cannot rot.

The indented blocks are the README's commands. Each block runs as one bash script (so an
`export` carries to the next line and a quoted argument may span lines) from the checkout, with
the server's data directory and database, and `localhost:3000` pointed at the test server. The
`make` lines are the suite's own entry points (CI runs `make test`; `make run` and `make bench`
serve or take minutes), so they are only checked to be the ones the Makefile defines.
"""

from __future__ import annotations

import os
import re
import subprocess
from urllib.parse import urlsplit

from e2e.support import ROOT, AppServer, in_sqlite_pass_only

MAKE_TARGETS = {"run", "test", "lint", "bench", "mutation"}


def readme_blocks() -> list[tuple[int, list[str]]]:
    """(first line number, lines) of each 4-space indented block after a blank line."""
    blocks: list[tuple[int, list[str]]] = []
    previous_blank = True
    for number, line in enumerate((ROOT / "README.md").read_text().splitlines(), 1):
        if line.startswith("    ") and (previous_blank or (blocks and blocks[-1][0] + len(
                blocks[-1][1]) == number)):
            if previous_blank:
                blocks.append((number, []))
            blocks[-1][1].append(line[4:])
        previous_blank = not line.strip()
    return blocks


def test_the_readme_has_its_examples() -> None:
    commands = "\n".join("\n".join(lines) for _, lines in readme_blocks())
    for expected in ("make run", "make test", "-m rules evaluate", "export PLATFORM_TOKEN",
                     "curl", "api-smoke.sh"):
        assert expected in commands


@in_sqlite_pass_only
def test_every_readme_command_runs_as_written(app_server: AppServer) -> None:
    server = urlsplit(app_server.url).netloc
    env = {**os.environ, "MEMBER_APP_DATA_DIR": str(app_server.data_dir),
           "MEMBER_APP_DB_URL": app_server.db_url}
    for first_line, lines in readme_blocks():
        makes = [line for line in lines if line.startswith("make ")]
        for line in makes:
            assert line.split()[1] in MAKE_TARGETS, f"README.md:{first_line}: {line}"
        script = "\n".join(line for line in lines if not line.startswith("make "))
        if not script.strip():
            continue
        script = script.replace("localhost:3000", server)
        result = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=ROOT, env=env,
                                capture_output=True, text=True, errors="replace", timeout=300)
        where = f"README.md:{first_line}\n{script}\n{result.stdout[-2000:]}{result.stderr}"
        assert result.returncode == 0, where
        # An answer with "error" is a refusal, unless api-smoke.sh printed it as expected ("ok").
        unexpected = [line for line in result.stdout.splitlines()
                      if re.search(r'"error"\s*:', line) and not line.startswith("ok ")]
        assert unexpected == [], where
        assert "Traceback" not in result.stderr, where
