"""Turn service answers into what screens show, in the member's locale (no rules computed here)."""
