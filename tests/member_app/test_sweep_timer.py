"""The sweep timer in `serve` wakes just after the programmes' next local midnight."""

from __future__ import annotations

from datetime import UTC, datetime

from member_app.sweep_timer import seconds_until_next_sweep


def test_the_timer_wakes_one_minute_after_the_next_shanghai_midnight() -> None:
    # 15:59 UTC is 23:59 in Shanghai: midnight is 60 s away, the sweep 120 s.
    assert seconds_until_next_sweep(datetime(2026, 12, 31, 15, 59, tzinfo=UTC)) == 120
    # 16:00:30 UTC is 00:00:30: the next midnight is a day away, less 30 s, plus a minute.
    assert seconds_until_next_sweep(datetime(2026, 12, 31, 16, 0, 30, tzinfo=UTC)) == (
        24 * 3600 - 30 + 60)
