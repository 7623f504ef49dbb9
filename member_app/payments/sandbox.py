"""A sandbox payment provider that behaves like a real one, without money.

Outcomes are decided by test card tokens, as real sandboxes do:
    None / "tok_visa"     succeeded
    "tok_decline"         declined (insufficient funds)
    "tok_pending"         pending (a bank transfer, say); `settle` decides it later,
                          `cancel` gives up on it (declined)
    amount > 5,000,000 fen (50,000 yuan) declined (over the sandbox limit)
Each order id is charged once: a repeat returns the first charge, so paying twice for the same
order never takes money twice. State lives in this process (a real provider keeps it on its
side); it is thread-safe.
"""

from __future__ import annotations

import hashlib
import threading

from member_app.payments.provider import Charge, ChargeStatus

DECLINE_TOKEN = "tok_decline"  # noqa: S105  (a public test token, not a secret)
PENDING_TOKEN = "tok_pending"  # noqa: S105
LIMIT_FEN = 5_000_000


class SandboxProvider:
    def __init__(self) -> None:
        self._charges: dict[str, Charge] = {}
        self._lock = threading.Lock()
        self.calls = 0  # how many charge requests arrived (tests check idempotency with it)

    def charge(self, *, order_id: str, amount_fen: int, token: str | None) -> Charge:
        with self._lock:
            self.calls += 1
            known = self._charges.get(order_id)
            if known is not None:
                return known
            status, reason = self._decide(amount_fen, token)
            ref = "sbx_" + hashlib.sha256(order_id.encode()).hexdigest()[:20]
            charge = Charge(order_id, amount_fen, status, ref, reason)
            self._charges[order_id] = charge
            return charge

    def status(self, *, order_id: str) -> Charge | None:
        with self._lock:
            return self._charges.get(order_id)

    def settle(self, *, order_id: str, succeeded: bool) -> Charge:
        """Decide a pending charge (what a real provider's webhook would tell us)."""
        with self._lock:
            known = self._charges[order_id]
            if known.status == "pending":
                status: ChargeStatus = "succeeded" if succeeded else "declined"
                known = Charge(known.order_id, known.amount_fen, status, known.provider_ref)
                self._charges[order_id] = known
            return known

    def cancel(self, *, order_id: str) -> Charge | None:
        with self._lock:
            known = self._charges.get(order_id)
            if known is not None and known.status == "pending":
                known = Charge(known.order_id, known.amount_fen, "declined", known.provider_ref,
                               "cancelled: no confirmation in time")
                self._charges[order_id] = known
            return known

    @staticmethod
    def _decide(amount_fen: int, token: str | None) -> tuple[ChargeStatus, str]:
        if amount_fen <= 0:
            return "declined", "invalid amount"
        if amount_fen > LIMIT_FEN:
            return "declined", "over the sandbox limit"
        if token == DECLINE_TOKEN:
            return "declined", "card declined"
        if token == PENDING_TOKEN:
            return "pending", "awaiting confirmation"
        return "succeeded", ""
