"""Demo members with a year of realistic events, the same every time for the same day.

Each profile is a kind of member a product demo wants to show (a heavy shopper, a newcomer, a
traveller close to F3...). Events are drawn from a random generator seeded by the username, over
the 365 days before `today`, so a demo loaded today looks lived-in today.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from member_app.models import Coupon, Member, Operator
from member_app.services.catalog import ensure_catalog
from member_app.services.coupons import issue_coupons
from member_app.services.intake import accept_events
from member_app.services.market import list_coupon, max_price
from member_app.services.members import register_member
from member_app.services.operators import add_operator
from member_app.services.programmes import in_force

DEMO_PASSWORD = "demo-password"  # noqa: S105  (public on purpose: demo accounts only)
SHANGHAI = ZoneInfo("Asia/Shanghai")
JD_CATEGORIES = ("electronics", "food", "books", "home", "clothing", "beauty")
TRIP_CATEGORIES = ("hotel", "flight", "train", "ticket")
INTERACTIONS = ("comment_posted", "note_posted", "liked", "collected", "followed")


@dataclass(frozen=True)
class Profile:
    username: str
    program: str
    orders_per_month: float
    order_yuan: tuple[int, int]
    extra: Callable[[random.Random, date], Iterator[dict[str, Any]]]


def _no_extra(_rng: random.Random, _today: date) -> Iterator[dict[str, Any]]:
    return iter(())


def _jd_extra(rich: bool, risk: str | None) -> Callable[[random.Random, date], Iterator[dict]]:
    def extra(rng: random.Random, today: date) -> Iterator[dict[str, Any]]:
        start = today - timedelta(days=365)
        yield _event("identity_verified", start + timedelta(days=3), rng)
        yield _event("account_bound", start + timedelta(days=5), rng, channel="wechat")
        if rich:
            yield _event("account_bound", start + timedelta(days=9), rng, channel="qq")
        for _ in range(rng.randint(20, 60) if rich else rng.randint(2, 8)):
            yield _event("question_answered", _some_day(rng, today), rng)
        if risk:
            yield _event("risk_flag", today - timedelta(days=70), rng, kind="credit", level=risk)
    return extra


def _fliggy_extra(
    invited: bool, trips: int, partner_stays: dict[str, tuple[str, int]]
) -> Callable[[random.Random, date], Iterator[dict]]:
    """`partner_stays`: partner code -> (trip category, stays this partner year)."""

    def extra(rng: random.Random, today: date) -> Iterator[dict[str, Any]]:
        for index in range(trips):
            category = TRIP_CATEGORIES[index % len(TRIP_CATEGORIES)]
            yield _event("trip_completed", _some_day(rng, today), rng, category=category)
        days_this_year = (today - date(today.year, 1, 1)).days
        for partner, (category, stays) in partner_stays.items():
            for _ in range(stays):
                day = today - timedelta(days=rng.randint(1, max(days_this_year, 1)))
                yield _event("trip_completed", day, rng, category=category, partner=partner)
        for _ in range(rng.randint(80, 160)):
            yield _event(rng.choice(INTERACTIONS), _some_day(rng, today), rng)
        if invited:
            yield _event("invitation_granted", today - timedelta(days=40), rng)
    return extra


def _alipay_extra(balance_yuan: int) -> Callable[[random.Random, date], Iterator[dict]]:
    def extra(rng: random.Random, today: date) -> Iterator[dict[str, Any]]:
        for months_back in range(12):
            for bill in ("utility", "phone"):
                day = today - timedelta(days=30 * months_back + rng.randint(0, 25))
                yield _event("bill_paid", day, rng, bill_kind=bill)
        day = today - timedelta(days=364)
        while day <= today and balance_yuan:
            balance = balance_yuan + rng.randint(-balance_yuan // 10, balance_yuan // 10)
            yield _event("wealth_balance", day, rng, date=day.isoformat(), balance=str(balance))
            day += timedelta(days=7)
    return extra


# Each demo member's nickname: its first character is the avatar (presenters.me.avatar_for), so
# the demo members are told apart at a glance.
NICKNAMES = {
    "demo_jd": "林小京", "demo_jd_new": "陈新", "demo_jd_risky": "王磊",
    "demo_fliggy": "赵远行", "demo_fliggy_f3": "周航", "demo_alipay": "孙悦",
    "demo_alipay_new": "吴乐",
}
PROFILES = (
    Profile("demo_jd", "jd", 9, (30, 900), _jd_extra(rich=True, risk=None)),
    Profile("demo_jd_new", "jd", 1.5, (20, 200), _jd_extra(rich=False, risk=None)),
    Profile("demo_jd_risky", "jd", 6, (50, 600), _jd_extra(rich=False, risk="poor")),
    Profile("demo_fliggy", "fliggy", 2, (300, 2500),
            _fliggy_extra(invited=False, trips=4, partner_stays={"jade_palace": ("hotel", 1)})),
    Profile("demo_fliggy_f3", "fliggy", 3, (800, 6000),
            _fliggy_extra(invited=True, trips=9, partner_stays={
                "jade_palace": ("hotel", 3), "meridian_airways": ("flight", 5)})),
    Profile("demo_alipay", "alipay", 12, (40, 800), _alipay_extra(balance_yuan=60_000)),
    Profile("demo_alipay_new", "alipay", 3, (10, 120), _alipay_extra(balance_yuan=0)),
)


# Alipay's bubbles the demo member left for later (SPEC 13): those offered yesterday and the
# day before wait to be tapped, and those of 6 days ago lapse tonight (the card warns); every
# other bubble was collected a few minutes after it was offered.
UNCOLLECTED_DAYS_AGO = (1, 2, 6)


def demo_events(profile: Profile, today: date) -> list[dict[str, Any]]:
    rng = random.Random(profile.username)  # noqa: S311  (demo data, not security)
    events = list(_orders_and_habits(profile, rng, today)) + list(profile.extra(rng, today))
    for index, event in enumerate(events):
        event["id"] = f"demo-{profile.username}-{index:05d}"
        event["member"] = profile.username
    if profile.program == "alipay":
        events += _collections(profile, events, today)
    return events


def _collections(profile: Profile, events: list[dict[str, Any]],
                 today: date) -> list[dict[str, Any]]:
    """A `points_collected` for each offering event (sign-ins, orders) but the recent few;
    rules decides which of them offered a bubble (a second sign-in of a day, a 0 drawn for
    an order offer none, and their collections change nothing)."""
    collections = []
    for event in events:
        at = datetime.fromisoformat(event["at"])
        if event["type"] not in ("signed_in", "order_paid") or \
                (today - at.astimezone(SHANGHAI).date()).days in UNCOLLECTED_DAYS_AGO:
            continue
        collections.append({"id": f"{event['id']}-collect", "type": "points_collected",
                            "at": (at + timedelta(minutes=5)).isoformat(),
                            "bubble": event["id"], "member": profile.username})
    return collections


def _orders_and_habits(profile: Profile, rng: random.Random, today: date) -> Iterator[dict]:
    for _ in range(round(profile.orders_per_month * 12)):
        day = _some_day(rng, today)
        # Digits, like the platforms' own order numbers, which members see in their orders.
        order_id = f"{rng.getrandbits(40):013d}"
        amount = Decimal(rng.randint(*profile.order_yuan)) + Decimal(rng.randint(0, 99)) / 100
        yield _event(
            "order_paid", day, rng, order_id=order_id, amount=str(amount),
            category=rng.choice(JD_CATEGORIES), special=rng.random() < 0.05,
            payment=rng.choice(("jdpay", "alipay", "other")),
        )
        if rng.random() < 0.4:
            kind = "photo_review_posted" if rng.random() < 0.3 else "review_posted"
            yield _event(kind, day + timedelta(days=rng.randint(1, 6)), rng, order_id=order_id)
        if rng.random() < 0.04:
            refund = (amount / 2).quantize(Decimal("0.01"))
            yield _event("order_refunded", day + timedelta(days=3), rng,
                         order_id=order_id, amount=str(refund))
    streak_start = today - timedelta(days=rng.randint(3, 12))
    for offset in range((today - streak_start).days):
        yield _event("signed_in", streak_start + timedelta(days=offset), rng)
    for _ in range(rng.randint(30, 90)):
        yield _event("signed_in", _some_day(rng, today - timedelta(days=20)), rng)


def _some_day(rng: random.Random, today: date) -> date:
    return today - timedelta(days=rng.randint(1, 364))


def _event(event_type: str, day: date, rng: random.Random, **fields: Any) -> dict[str, Any]:
    moment = datetime.combine(day, time(rng.randint(8, 22), rng.randint(0, 59)), SHANGHAI)
    return {"type": event_type, "at": moment.isoformat(), **fields}


def load_demo(*, session: Session, now: datetime) -> int:
    """Create the demo members and their events once; returns how many members were created."""
    existing = set(session.exec(select(Member.username).where(Member.is_demo)).all())
    today = now.astimezone(SHANGHAI).date()
    created = 0
    for profile in PROFILES:
        if profile.username in existing:
            continue
        member = register_member(session=session, username=profile.username,
                                 password=DEMO_PASSWORD, program=profile.program, now=now,
                                 is_demo=True)
        member.nickname = NICKNAMES.get(profile.username)
        session.add(member)
        events = [e for e in demo_events(profile, today) if datetime.fromisoformat(e["at"]) <= now]
        for start in range(0, len(events), 500):
            accept_events(session=session, events=events[start:start + 500], now=now)
        created += 1
    if "demo_jd" not in existing:
        ensure_catalog(session=session)
        _demo_market(session=session, now=now)
    _demo_operators(session=session, now=now)
    return created


DEMO_OPERATORS = (("demo_admin", "admin"), ("demo_viewer", "viewer"))


def _demo_operators(*, session: Session, now: datetime) -> None:
    """An admin and a viewer for the operators' side of a demo (same public password)."""
    existing = set(session.exec(select(Operator.name)).all())
    for name, role in DEMO_OPERATORS:
        if name not in existing:
            add_operator(session=session, name=name, role=role, password=DEMO_PASSWORD,
                         now=now, is_demo=True)


def _demo_market(*, session: Session, now: datetime) -> None:
    """Give the market something to show: demo_jd lists a badge coupon at 80% of its face."""
    seller = session.exec(select(Member).where(Member.username == "demo_jd")).one()
    issue_coupons(session=session, member=seller, now=now)
    coupon = session.exec(select(Coupon).where(Coupon.member_id == seller.id,
                                               Coupon.transferable).order_by(Coupon.id)).first()
    if coupon is not None:
        figures = in_force(session=session, code=seller.program, at=now)
        price = max(1, max_price(coupon, figures) * 8 // 10)
        list_coupon(session=session, member=seller, coupon_id=coupon.id, price=price, now=now)
