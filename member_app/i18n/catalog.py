"""Every visible static string, in both locales, gathered from one module per screen.

A test checks that both locales have every key and the same placeholders.
"""

from __future__ import annotations

from member_app.i18n.messages import (
    auth,
    common,
    coupons,
    explain,
    forecast,
    home,
    me,
    ops,
    ops_programmes,
    plus,
    points,
    redeem,
    signin,
    spend,
)

MESSAGES: dict[str, dict[str, str]] = {}
for _module in (common, auth, home, signin, me, points, redeem, coupons, plus, spend, ops,
                ops_programmes, explain, forecast):
    for _key, _texts in _module.MESSAGES.items():
        if _key in MESSAGES:
            raise RuntimeError(f"message key {_key!r} defined twice ({_module.__name__})")
        MESSAGES[_key] = _texts
