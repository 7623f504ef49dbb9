"""The payment provider interface the services depend on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

ChargeStatus = Literal["pending", "succeeded", "declined"]


@dataclass(frozen=True)
class Charge:
    order_id: str
    amount_fen: int
    status: ChargeStatus
    provider_ref: str
    reason: str = ""


class PaymentProvider(Protocol):
    def charge(self, *, order_id: str, amount_fen: int, token: str | None) -> Charge:
        """Charge once per `order_id`: calling again returns the first charge unchanged
        (a real provider's idempotency), whatever the amount or token of the repeat."""
        ...

    def status(self, *, order_id: str) -> Charge | None:
        """The charge of `order_id` as the provider knows it now, or None."""
        ...

    def cancel(self, *, order_id: str) -> Charge | None:
        """Cancel a still-pending charge (we stop waiting for it) and return the charge as it
        now stands: declined if the cancel won, or its final state if it was decided first.
        A charge can then never succeed after we released what it was paying for."""
        ...


_provider: PaymentProvider | None = None


def get_provider() -> PaymentProvider:
    global _provider
    if _provider is None:
        from member_app.payments.sandbox import SandboxProvider

        _provider = SandboxProvider()
    return _provider


def set_provider(provider: PaymentProvider | None) -> None:
    global _provider
    _provider = provider
