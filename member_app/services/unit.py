"""Running one use case as one transaction, retried when the database asks for it.

PostgreSQL runs under READ COMMITTED, where our conditional updates and row locks rarely need a
retry, but a deadlock (40P01) or serialization failure (40001) can still happen; two first
writers of the same unique key (a member's points account, an idempotency key) can collide; and
SQLite can report "database is locked" after its busy timeout. All are safe to retry because
the whole unit of work is repeated from the start in a fresh transaction.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlmodel import Session

from member_app.db import transaction

T = TypeVar("T")
RETRYABLE_SQLSTATES = {"40001", "40P01"}
ATTEMPTS = 6


def is_retryable(error: DBAPIError) -> bool:
    if isinstance(error, IntegrityError):
        return True  # a concurrent first insert of the same key: the retry sees the winner
    code = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    if code in RETRYABLE_SQLSTATES:
        return True
    return isinstance(error, OperationalError) and "database is locked" in str(error.orig)


def run_in_transaction(engine: Engine | None, work: Callable[[Session], T],
                       attempts: int = ATTEMPTS) -> T:
    """`work(session)` in a transaction; repeated (bounded, with jitter) on retryable errors."""
    for attempt in range(1, attempts + 1):
        try:
            with transaction(engine) as session:
                return work(session)
        except DBAPIError as error:
            if attempt == attempts or not is_retryable(error):
                raise
            time.sleep(random.uniform(0, 0.01 * 2**attempt))  # noqa: S311  (jitter only)
    raise AssertionError("unreachable")
