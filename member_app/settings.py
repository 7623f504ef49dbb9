"""Where the app keeps its data and which program it runs, read from the environment once."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    db_url: str
    program: str
    demo: bool


def load_settings() -> Settings:
    data_dir = Path(os.environ.get("MEMBER_APP_DATA_DIR", PROJECT_ROOT / "data")).resolve()
    db_url = os.environ.get("MEMBER_APP_DB_URL") or f"sqlite:///{data_dir / 'member_app.db'}"
    return Settings(
        data_dir=data_dir,
        db_url=db_url,
        program=os.environ.get("MEMBER_APP_PROGRAM", "jd"),
        demo=os.environ.get("MEMBER_APP_DEMO", "1") not in ("0", "false", "no"),
    )
