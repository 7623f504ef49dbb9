"""The FastAPI application that Reflex mounts itself under (so these routes match first)."""

from __future__ import annotations

from fastapi import FastAPI

api_app = FastAPI(
    title="member_app API",
    version="1",
    description="Events in, member standing out. See SPEC section 11.",
)


@api_app.get("/api/v1/health", tags=["ops"])
def health() -> dict[str, str]:
    return {"status": "ok"}
