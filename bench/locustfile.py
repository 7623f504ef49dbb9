"""Locust users for bench/load.py (not run on its own): each user is one member with a token.

BENCH_SCENARIO picks what every user does, back to back with no think time:
- ping: `GET /ping`, Reflex's own health route on the same server (the baseline);
- me: `GET /api/v1/me`;
- mix: mostly reads, with a daily sign-in and a 1-point redemption now and then (each with a
  fresh Idempotency-Key), as a busy day of members would.
BENCH_TOKENS is a file of one `member_id token` per line; users take them round-robin.
"""

from __future__ import annotations

import itertools
import os
import random
import uuid
from pathlib import Path

from locust import HttpUser, task

SCENARIO = os.environ.get("BENCH_SCENARIO", "ping")
ITEM = os.environ.get("BENCH_ITEM", "0")
_TOKENS = [line.split() for line in Path(os.environ["BENCH_TOKENS"]).read_text().splitlines()]
_NEXT = itertools.cycle(_TOKENS)


class Member(HttpUser):
    def on_start(self) -> None:
        _, token = next(_NEXT)
        self.headers = {"Authorization": f"Bearer {token}"}

    @task
    def act(self) -> None:
        if SCENARIO == "ping":
            self.client.get("/ping", name="/ping")
            return
        roll = random.random() if SCENARIO == "mix" else 1.0  # noqa: S311  (load shape only)
        if roll < 0.05:
            self.client.post("/api/v1/me/sign-in", headers=self.headers, name="sign-in")
        elif roll < 0.15:
            with self.client.post("/api/v1/me/redemptions", name="redeem",
                                  headers={**self.headers, "Idempotency-Key": uuid.uuid4().hex},
                                  json={"item_id": int(ITEM), "quantity": 1},
                                  catch_response=True) as answer:
                if answer.status_code in (201, 409):  # 409: out of points, an outcome too
                    answer.success()
        else:
            self.client.get("/api/v1/me", headers=self.headers, name="/api/v1/me")
