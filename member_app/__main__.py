"""Operator commands: `python -m member_app {migrate,demo,serve}`."""

from __future__ import annotations

import sys

from member_app.cli import main

sys.exit(main(sys.argv[1:]))
