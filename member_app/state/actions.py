"""The one shape of a member action in the UI: one transaction, the member from the token,
the use case, and its answer or refusal, without Reflex in the way (so it is unit-tested).

    result = run_member_action(self._transaction, self._member, use_case)
    if result.signed_out: ...redirect to login...
    elif result.error: ...show error_text(result.error.code)...
    else: ...show result.value...

`state.spend.SpendState` builds the confirmation sheet on it; the coupon listing and the
withdrawal use it directly.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlmodel import Session

from member_app.errors import AppError
from member_app.models import Member

T = TypeVar("T")


@dataclass(frozen=True)
class ActionResult(Generic[T]):
    value: T | None = None
    member: Member | None = None
    error: AppError | None = None
    signed_out: bool = False

    @property
    def ok(self) -> bool:
        return not self.signed_out and self.error is None


def run_member_action(transaction: Callable[[], AbstractContextManager[Session]],
                      member_of: Callable[[Session], Member | None],
                      use_case: Callable[[Session, Member], T]) -> ActionResult[T]:
    """Run `use_case` for the signed-in member in one transaction.

    A refusal (AppError) rolls the transaction back and comes back as `error`; no member (no
    valid token) is `signed_out` and runs nothing; any other exception is a bug and propagates
    (Reflex's backend_exception_handler tells the member plainly)."""
    try:
        with transaction() as session:
            member = member_of(session)
            if member is None:
                return ActionResult(signed_out=True)
            return ActionResult(value=use_case(session, member), member=member)
    except AppError as error:
        return ActionResult(error=error)
