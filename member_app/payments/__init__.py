"""Payment providers: the cash leg of points+cash goods and the PLUS fee.

`PaymentProvider` is what the services need from a real provider; `SandboxProvider` is one
that behaves like it (see its docstring). `get_provider()` returns the process-wide provider;
tests may replace it with `set_provider`.
"""

from __future__ import annotations

from member_app.payments.provider import Charge, PaymentProvider, get_provider, set_provider
from member_app.payments.sandbox import SandboxProvider

__all__ = ["Charge", "PaymentProvider", "SandboxProvider", "get_provider", "set_provider"]
