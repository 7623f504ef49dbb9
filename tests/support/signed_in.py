"""Member tokens for tests: each names a real session row, as the app's tokens do.

`auth_header(member)` is called without an engine by many tests; the `engine` fixture records
the database it made here, and the session row goes into that database.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from member_app.db import transaction
from member_app.models import Member
from member_app.services.sessions import open_session, token_for

ENGINES: list[Engine] = []  # the current test's database (set by tests/conftest.py's engine)


def member_token(member: Member, now: datetime, engine: Engine | None = None) -> str:
    with transaction(engine or ENGINES[-1]) as session:
        signed_in = open_session(session=session, member=member, now=now)
    return token_for(signed_in=signed_in, now=now)
