"""PLUS: status and end date; join (annual, through the payment provider), trial, code, renew.

Each tap gets a fresh idempotency key made here on the server; `busy` refuses a second tap
while one runs.
"""

from __future__ import annotations

from uuid import uuid4

import reflex as rx

import rules
from member_app.errors import AppError
from member_app.i18n import message
from member_app.presenters.plus import PlusView, joined, plus_view
from member_app.presenters.redeem import Callout, refused
from member_app.services.coupon_data import PLUS_FREE_SHIPPING_PER_MONTH
from member_app.services.plus import ANNUAL_DAYS, TRIAL_DAYS, plus_status, subscribe_plus
from member_app.state.session import SessionState, now

TAPPABLE_PLANS = ("annual", "trial")
MAX_CODE_LENGTH = 64


class PlusState(SessionState):
    view: PlusView = PlusView()
    busy: str = ""
    outcome: Callout = Callout()
    loaded: bool = False

    @rx.event
    def load(self):  # type: ignore[no-untyped-def]
        self.outcome = Callout()
        return self._refresh()

    def _refresh(self) -> rx.event.EventSpec | None:
        with self._transaction() as session:
            member = self._member(session)
            if member is None:
                return self._to_login()
            if member.program != "jd":  # PLUS is JD's paid membership (SPEC 8)
                return rx.redirect("/me")
            program = rules.load_program(member.program)
            status = plus_status(session=session, member=member, now=now())
        self.view = plus_view(program, status, annual_days=ANNUAL_DAYS, trial_days=TRIAL_DAYS,
                              free_shipping_per_month=PLUS_FREE_SHIPPING_PER_MONTH,
                              lang=self.lang)
        self.loaded = True
        return None

    @rx.event
    def join(self, plan: str):  # type: ignore[no-untyped-def]
        """Annual (also renews: a new order starts where the current period ends) or trial."""
        if self.busy or plan not in TAPPABLE_PLANS:
            return
        yield from self._subscribe(plan, None)

    @rx.event
    def redeem_code(self, form: dict[str, str]):  # type: ignore[no-untyped-def]
        if self.busy:
            return
        code = str(form.get("code", "")).strip()[:MAX_CODE_LENGTH]
        if not code:
            self.outcome = Callout(ok=False, text=message("plus_code_missing", self.lang))
            return
        yield from self._subscribe("code", code)

    def _subscribe(self, plan: str, code: str | None):  # type: ignore[no-untyped-def]
        self.busy, self.outcome = plan, Callout()
        yield
        try:
            with self._transaction() as session:
                member = self._member(session)
                if member is None:
                    yield self._to_login()
                    return
                program = rules.load_program(member.program)
                answer = subscribe_plus(session=session, member=member, plan=plan, code=code,
                                        idempotency_key=str(uuid4()), now=now())
            answer.raise_for_error()
            self.outcome = joined(program, plan, answer.body["active_until"], self.lang)
        except AppError as error:
            self.outcome = refused(error.code, self.lang)
        finally:
            self.busy = ""
        yield self._refresh()
