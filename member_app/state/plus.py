"""PLUS: status and end date; join (annual, through the payment step), trial, code, renew.

Every way in goes through the confirmation sheet (state/spend.py): the idempotency key is made
when it opens, so a double tap buys one period and a repeated tap keeps the success.
"""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

import rules
from member_app.i18n import message
from member_app.models import Member
from member_app.presenters.plus import PlusView, joined, plus_sheet, plus_view
from member_app.presenters.plus_savings import SavingsView, savings_view
from member_app.presenters.redeem import Callout
from member_app.presenters.spend import SpendSheet
from member_app.services.idempotency import Outcome
from member_app.services.plus import PLUS_PROGRAMME, plus_rules, plus_status, subscribe_plus
from member_app.services.plus_savings import plus_savings
from member_app.services.programmes import in_force
from member_app.state.session import now
from member_app.state.spend import SpendState

TAPPABLE_PLANS = ("annual", "trial")
MAX_CODE_LENGTH = 64


class PlusState(SpendState):
    view: PlusView = PlusView()
    savings: SavingsView = SavingsView()
    outcome: Callout = Callout()
    _code: str = ""  # the code the open sheet redeems (backend-only: never sent to the page)
    _shown_fee: int | None = None  # the annual fee the open sheet shows, in fen
    shown_in: str = ""  # whose figures, in which language (SessionState.shown_for)

    @rx.event
    def load(self):  # type: ignore[no-untyped-def]
        self.outcome = Callout()
        self._close_sheet()
        return self._refresh()

    def _refresh(self) -> rx.event.EventSpec | None:
        with self._transaction() as session:
            member = self._member(session)
            if member is None:
                return self._to_login()
            if member.program != "jd":  # PLUS is JD's paid membership (SPEC 8)
                return rx.redirect("/me")
            moment = now()
            program = in_force(session=session, code=member.program, at=moment)
            status = plus_status(session=session, member=member, now=moment)
            savings = plus_savings(session=session, member=member, now=moment)
        plus = program.plus
        assert plus is not None  # only JD members reach here
        self.view = plus_view(program, status, annual_days=plus.annual_days,
                              trial_days=plus.trial_days,
                              free_shipping_per_month=plus.free_shipping_per_month,
                              lang=self.lang)
        self.savings = savings_view(savings, self.lang)
        self.shown_in = self.shown_for
        return None

    @rx.event
    def open_join(self, plan: str):  # type: ignore[no-untyped-def]
        """Annual (also renews: a new order starts where the current period ends) or trial."""
        if plan not in TAPPABLE_PLANS:
            return None
        return self._open_plan(plan, "")

    @rx.event
    def open_code(self, form: dict[str, str]):  # type: ignore[no-untyped-def]
        code = str(form.get("code", "")).strip()[:MAX_CODE_LENGTH]
        if not code:
            self.outcome = Callout(ok=False, text=message("plus_code_missing", self.lang))
            return None
        return self._open_plan("code", code)

    def _open_plan(self, plan: str, code: str) -> rx.event.EventSpec | None:
        self.outcome = Callout()

        def build(session: Session, member: Member) -> SpendSheet | None:
            if member.program != "jd":
                return None
            status = plus_status(session=session, member=member, now=now())
            self._code = code  # only when this sheet opens: a repeated tap keeps its code
            self._shown_fee = status["annual_fee_fen"]  # what the sheet says is charged
            plus = plus_rules(session=session, program_code=PLUS_PROGRAMME, at=now())
            assert plus is not None  # jd.toml has a [plus] table
            return plus_sheet(plan, status, annual_days=plus.annual_days,
                              trial_days=plus.trial_days,
                              code=code, lang=self.lang)

        return self._open_sheet(f"plus_{plan}", 0, build)

    @rx.event
    def confirm_plus(self):  # type: ignore[no-untyped-def]
        plan = self.sheet.action.removeprefix("plus_")
        code = self._code if plan == "code" else None
        shown_fee = self._shown_fee

        def use_case(session: Session, member: Member, key: str, token: str | None) -> Outcome:
            return subscribe_plus(session=session, member=member, plan=plan, code=code,
                                  idempotency_key=key, payment_token=token, now=now(),
                                  shown_fee_fen=shown_fee if plan == "annual" else None)

        def describe(member: Member, answer: Outcome) -> tuple[str, str]:
            if answer.body.get("status") == "pending":
                return message("spend_plus_pending_result", self.lang), ""
            program = rules.load_program(member.program)
            return joined(program, plan, answer.body["active_until"], self.lang).text, ""

        yield from self._confirm(self.sheet.action, use_case, describe)
        if self.sheet.done:
            self.outcome = Callout(ok=self.sheet.ok, text=self.sheet.result)
            yield self._refresh()
