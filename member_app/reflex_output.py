"""Running `reflex run` for `serve` with the lines that mislead a newcomer taken out.

Reflex prints advice meant for its own project template and network: "Run `uv run reflex run`"
(we serve with `make run`), "Node.js is out of date" (the build runs under the project's bun;
node 20 is never used for it) and "Failed to connect to https://registry.npmmirror.com" (it
probes a mirror; the npm registry it then uses works). Everything else passes through as is.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from collections.abc import Iterable, Iterator

NOISE = (
    re.compile(r"Run `uv run reflex run`"),
    re.compile(r"Failed to connect to https://registry\.npmmirror\.com"),
    re.compile(r"Your version \(.*\) of Node\.js is out of date"),
)


def without_noise(lines: Iterable[str]) -> Iterator[str]:
    """The lines worth showing, in order."""
    for line in lines:
        if not any(pattern.search(line) for pattern in NOISE):
            yield line


def run_quietly(command: list[str], env: dict[str, str]) -> int:
    """Run `command`, copying its output without the noise; its exit code.

    A wide COLUMNS keeps Reflex (rich) from wrapping a warning over two lines, so a filtered
    line never leaves half of itself behind. Ctrl-C reaches both processes (one foreground
    process group); we then wait for Reflex to stop on its own."""
    process = subprocess.Popen(  # noqa: S603  (our own reflex command, no shell)
        command, env={**env, "COLUMNS": "240"}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, bufsize=1)
    assert process.stdout is not None
    # Stopping us stops Reflex too, also when only our pid is signalled.
    signal.signal(signal.SIGTERM, lambda *_: process.terminate())
    try:
        for line in without_noise(process.stdout):
            sys.stdout.write(line)
            sys.stdout.flush()
        return process.wait()
    except KeyboardInterrupt:
        return process.wait()
