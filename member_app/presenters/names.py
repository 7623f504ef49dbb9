"""Names a member reads for things the store keeps by key."""

from __future__ import annotations

from member_app.i18n import MESSAGES, message


def coupon_name(name_key: str, lang: str) -> str:
    """A coupon's display name from its stored key; unknown keys read as a generic coupon."""
    key = f"cpn_name_{name_key}"
    return message(key if key in MESSAGES else "cpn_name_other", lang)
