"""Where the app keeps its data and which program it runs, read from the environment once."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    db_url: str
    program: str
    # Demo mode: the demo members exist, sign in with one tap and trade only among themselves.
    # Off unless switched on (`make run` does, and says so): `serve` alone is production.
    demo: bool
    # Reverse proxies (IPs or CIDR networks) whose X-Forwarded-For names the real client;
    # nobody else's is believed (member_app.proxies). Empty: the connection's address counts.
    trusted_proxies: tuple[str, ...] = ()
    # New accounts an hour from one client address (services.login_limits).
    registrations_per_client_hour: int = 5


def load_settings() -> Settings:
    data_dir = Path(os.environ.get("MEMBER_APP_DATA_DIR", PROJECT_ROOT / "data")).resolve()
    db_url = os.environ.get("MEMBER_APP_DB_URL") or f"sqlite:///{data_dir / 'member_app.db'}"
    return Settings(
        data_dir=data_dir,
        db_url=db_url,
        program=os.environ.get("MEMBER_APP_PROGRAM", "jd"),
        demo=os.environ.get("MEMBER_APP_DEMO", "0").strip().lower() in ("1", "true", "yes", "on"),
        trusted_proxies=_networks(os.environ.get("MEMBER_APP_TRUSTED_PROXIES", "")),
        registrations_per_client_hour=_count("MEMBER_APP_REGISTRATIONS_PER_HOUR", 5),
    )


def _count(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"{name}: {text!r} is not a whole number")
    return int(text)


def _networks(text: str) -> tuple[str, ...]:
    """Comma-separated IPs or networks; a malformed one stops the app with its name (a typo
    here would silently trust nobody, or worse, the wrong proxy)."""
    entries = tuple(part.strip() for part in text.split(",") if part.strip())
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ValueError(f"MEMBER_APP_TRUSTED_PROXIES: {entry!r} is not an IP address or "
                             "network (e.g. 10.0.0.5 or 10.0.0.0/8)") from None
    return entries
