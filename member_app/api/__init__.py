"""The JSON HTTP API of SPEC section 11, mounted on the Reflex app's port under /api/v1."""

from __future__ import annotations

from member_app.api.app import api_app

__all__ = ["api_app"]
