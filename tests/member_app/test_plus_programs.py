"""PLUS is JD's paid membership (SPEC 8): Fliggy and Alipay members cannot open it."""

from __future__ import annotations

import pytest
from sqlmodel import select

from member_app.db import transaction
from member_app.models import PlusPeriod
from tests.member_app.conftest import auth_header, make_members


@pytest.mark.parametrize("program", ["fliggy", "alipay"])
@pytest.mark.parametrize("plan", ["trial", "annual"])
def test_plus_is_refused_outside_jd_and_nothing_opens(client, engine, sandbox, program: str,  # type: ignore[no-untyped-def]
                                                      plan: str) -> None:
    (member,) = make_members(engine, 1, program=program, prefix=f"{program[0]}{plan[0]}")
    answer = client.post("/api/v1/me/plus", json={"plan": plan},
                         headers={**auth_header(member), "Idempotency-Key": "k1"})
    assert answer.status_code == 409
    assert answer.json()["error"] == "plus_not_offered"
    assert sandbox.calls == 0  # no money was asked for
    with transaction(engine) as session:
        assert session.exec(select(PlusPeriod)).all() == []
