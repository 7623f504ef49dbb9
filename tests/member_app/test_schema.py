"""The migrations build exactly the models' schema, and the ledger refuses rewrites."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError
from sqlmodel import SQLModel

from member_app.db import transaction
from member_app.models import LedgerEntry
from member_app.services.members import register_member

NOW = datetime(2026, 11, 22, tzinfo=UTC)


def test_migrations_match_the_models(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE ledger_entry SET points = 1000",
        "DELETE FROM ledger_entry",
    ],
)
def test_the_ledger_is_append_only(engine, statement: str) -> None:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        member = register_member(
            session=session, username="bob", password="correct horse", program="jd", now=NOW
        )
        session.add(LedgerEntry(member_id=member.id, points=5, reason="sign_in", at=NOW,
                                effective_at=NOW))
    with pytest.raises(DatabaseError, match="append-only"), transaction(engine) as session:
        session.execute(text(statement))
    with transaction(engine) as session:
        assert session.execute(text("SELECT points FROM ledger_entry")).scalar_one() == 5
