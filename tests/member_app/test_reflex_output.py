"""`serve` passes Reflex's output through without the lines that mislead a newcomer."""

from __future__ import annotations

from member_app.reflex_output import without_noise

# As Reflex 0.10.1 printed them in a `make run` (artifacts/e2e-server.log).
PRINTED = """\
Info: Initializing the web directory.
Info: Failed to connect to https://registry.npmmirror.com.
Success: Initialized member_app. Run `uv run reflex run` to start the app.
Compiling: 100% 27/26 0:00:00
Warning: Your version (20.20.2) of Node.js is out of date. Upgrade to 22.22.0 or higher.
App running at: http://0.0.0.0:3000/
""".splitlines(keepends=True)


def test_misleading_lines_are_dropped_and_the_rest_kept_in_order() -> None:
    assert list(without_noise(PRINTED)) == [
        "Info: Initializing the web directory.\n",
        "Compiling: 100% 27/26 0:00:00\n",
        "App running at: http://0.0.0.0:3000/\n",
    ]
