"""Operators run the JD settlement and the sweep, and see past runs (SPEC 12, issue #14)."""

from __future__ import annotations

from sqlmodel import select

from member_app.db import transaction
from member_app.models import AuditEntry, MemberSettlement, SettlementRun, Standing
from tests.member_app.conftest import make_members, operator_header


def test_a_viewer_sees_runs_but_cannot_start_one(client, engine) -> None:  # type: ignore[no-untyped-def]
    make_members(engine, 2)
    viewer = operator_header(client, engine, "vera", "viewer")
    for path, body in (("/api/v1/ops/runs/settlement", {"month": "2026-11"}),
                       ("/api/v1/ops/runs/sweep", None)):
        refused = client.post(path, headers=viewer, json=body)
        assert (refused.status_code, refused.json()["error"]) == (403, "admin_required")
    assert client.get("/api/v1/ops/runs", headers=viewer).json() == {"settlements": [],
                                                                     "sweeps": []}
    with transaction(engine) as session:
        assert session.exec(select(SettlementRun)).all() == []
        assert session.exec(select(Standing)).all() == []


def test_an_admin_settles_a_month_once_and_sweeps(client, engine) -> None:  # type: ignore[no-untyped-def]
    make_members(engine, 3)  # JD
    make_members(engine, 1, program="fliggy", prefix="f")
    admin = operator_header(client, engine, "ada", "admin")
    future = client.post("/api/v1/ops/runs/settlement", headers=admin, json={"month": "2026-12"})
    assert (future.status_code, future.json()["error"]) == (422, "invalid_input")  # NOW: Nov
    settled = client.post("/api/v1/ops/runs/settlement", headers=admin, json={"month": "2026-11"})
    assert settled.json() == {"month": "2026-11", "members": 3, "ran": True}
    again = client.post("/api/v1/ops/runs/settlement", headers=admin, json={"month": "2026-11"})
    assert again.json() == {"month": "2026-11", "members": 3, "ran": False}
    swept = client.post("/api/v1/ops/runs/sweep", headers=admin).json()
    # No member had a standing yet: all four are brought forward, none fails.
    assert (swept["brought_forward"], swept["failures"], swept["payments_decided"]) == (4, [], 0)
    runs = client.get("/api/v1/ops/runs", headers=admin).json()
    assert [(run["month"], run["members"], run["status"]) for run in runs["settlements"]] == [
        ("2026-11", 3, "finished")]
    assert [(run["kind"], run["brought_forward"], run["failures"], run["status"])
            for run in runs["sweeps"]] == [("ops", 4, 0, "finished")]
    with transaction(engine) as session:
        assert len(session.exec(select(MemberSettlement)).all()) == 3
        assert len(session.exec(select(Standing)).all()) == 4
        actions = [entry.action for entry in session.exec(select(AuditEntry)).all()]
    # The settlement that did not run has no entry; the sweep has its start and its end.
    assert actions == ["run.settlement", "run.sweep.start", "run.sweep"]
