"""A stateful hypothesis test of stored standings against a fresh evaluation, on both databases.

A member of each programme earns (orders), spends (catalog debits), is refunded (late and
back-dated, even before the payment), signs in, and time moves (hours, days, across a year
end, so points expire), while the sweep runs now and then. After every step:

- the standing a read gets (stored, or brought forward) equals `rules.assess` run from scratch
  over the member's stored events, spending and PLUS periods at that instant: every SPEC 10
  figure, the expiring points and the debt;
- each lot's ledger lines (earn, reverse, expire) equal that fresh evaluation's lot, so what was
  credited is what rules says, not merely something that sums;
- the balance row equals the ledger's sum, and spending never took it below zero: a negative
  balance only ever follows a refund.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal
from itertools import count

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlmodel import select

import rules
from member_app.db import read_transaction, transaction
from member_app.errors import InsufficientPoints
from member_app.models import LedgerEntry, Member
from member_app.services.events import member_events
from member_app.services.intake import accept_events
from member_app.services.overview import current_standing
from member_app.services.points import (
    balance_of,
    ledger_debits,
    ledger_sum,
    locked_standing,
    plus_periods,
    spend,
)
from member_app.services.signin import sign_in
from member_app.services.sweep import sweep
from tests.member_app.conftest import NOW, make_members

_members = count()


def _fresh(session, member: Member, at):  # type: ignore[no-untyped-def]
    program = rules.load_program(member.program)
    return rules.assess(program, member_events(session=session, member_id=member.id), at,
                        ledger_debits(session=session, member_id=member.id),
                        plus_periods(session=session, member_id=member.id))


def _shown(a: rules.Assessment) -> tuple:
    return (rules.summary(a) | {"at": None}, a.expiring, a.points.debt, dict(a.monthly),
            a.drops_on, a.streak.dates)


def machine_for(engine, program: str):  # type: ignore[no-untyped-def]
    class StandingMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            (self.member,) = make_members(engine, 1, program=program,
                                          prefix=f"h{next(_members)}-")
            self.now = NOW
            self.orders: list[tuple[str, str]] = []  # (order id, amount)
            self.ids = count()

        def _accept(self, event: dict) -> None:
            with transaction(engine) as session:
                accept_events(session=session, now=self.now,
                              events=[{"member": self.member.id, **event}])

        @rule(amount=st.integers(1, 3000), days_ago=st.integers(0, 400),
              category=st.sampled_from(["food", "hotel", "flight"]))
        def order(self, amount: int, days_ago: int, category: str) -> None:
            n = next(self.ids)
            at = self.now - timedelta(days=days_ago)
            self.orders.append((f"O{n}", str(amount)))
            self._accept({"id": f"o{n}", "type": "order_paid", "at": at.isoformat(),
                          "order_id": f"O{n}", "amount": str(amount), "category": category})

        @precondition(lambda self: self.orders)
        @rule(pick=st.integers(0, 10**6), share=st.sampled_from(["1", "0.5", "0.3"]),
              days_ago=st.integers(0, 500))
        def refund(self, pick: int, share: str, days_ago: int) -> None:
            order_id, amount = self.orders[pick % len(self.orders)]
            n = next(self.ids)
            refunded = str((Decimal(amount) * Decimal(share)).quantize(Decimal("0.01")))
            at = self.now - timedelta(days=days_ago)  # back-dated, even before the payment
            self._accept({"id": f"r{n}", "type": "order_refunded", "at": at.isoformat(),
                          "order_id": order_id, "amount": refunded})

        @rule(points=st.integers(1, 400))
        def spend_points(self, points: int) -> None:
            n = next(self.ids)
            try:
                with transaction(engine) as session:
                    member = session.get(Member, self.member.id)
                    before = locked_standing(session=session, member=member, now=self.now)
                    spend(session=session, member=member, points=points, reason="redeem",
                          ref=f"h{n}", now=self.now)
                    assert before.points_balance >= points
            except InsufficientPoints:
                with read_transaction(engine) as session:
                    assert balance_of(session=session, member_id=self.member.id) < points

        @rule()
        def sign_in_today(self) -> None:
            with transaction(engine) as session:
                sign_in(session=session, member=session.get(Member, self.member.id),
                        now=self.now)

        @rule(hours=st.sampled_from([1, 7, 24, 24 * 9, 24 * 40, 24 * 200]))
        def time_passes(self, hours: int) -> None:
            self.now += timedelta(hours=hours)

        @rule()
        def nightly_sweep(self) -> None:
            assert sweep(engine=engine, now=self.now).failures == []

        @invariant()
        def standing_is_a_fresh_evaluation(self) -> None:
            with read_transaction(engine) as session:
                member = session.get(Member, self.member.id)
                shown = current_standing(session=session, member=member, now=self.now)
            with read_transaction(engine) as session:
                fresh = _fresh(session, member, self.now)
                assert _shown(shown) == _shown(fresh)
                assert shown.at == self.now
                lines: dict[tuple[str, str], int] = defaultdict(int)
                for ref, event_id, points in session.exec(
                        select(LedgerEntry.ref, LedgerEntry.event_id, LedgerEntry.points)
                        .where(LedgerEntry.member_id == member.id)).all():
                    kind = ref.split("#", 1)[0] if "#" in ref else ""
                    if kind in ("earn", "reverse", "expire"):
                        lines[(kind, event_id)] += points
                expected = {}
                for lot in fresh.points.lots:
                    expected[("earn", lot.key)] = lot.amount
                    expected[("reverse", lot.key)] = -lot.reversed
                    expected[("expire", lot.key)] = -lot.expired
                assert {k: v for k, v in lines.items() if v} == {
                    k: v for k, v in expected.items() if v}
                total = ledger_sum(session=session, member_id=member.id)
                assert total == balance_of(session=session, member_id=member.id)
                assert total == fresh.points_balance

    return StandingMachine


@pytest.mark.parametrize("program", rules.PROGRAM_CODES)
def test_stored_standing_is_always_a_fresh_evaluation(engine, program: str) -> None:  # type: ignore[no-untyped-def]
    machine = machine_for(engine, program)
    machine.TestCase.settings = settings(
        max_examples=10 if engine.dialect.name == "sqlite" else 6, stateful_step_count=12,
        deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                              HealthCheck.function_scoped_fixture])
    machine.TestCase().runTest()
