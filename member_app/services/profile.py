"""A member's profile: the nickname shown on the Me page and the birthday (issue #13, finding 7).

The birthday is the one JD's birthday coupon reads (services.coupons): set once, like
`PUT /api/v1/me/birthday` (`set_birthday`), because changing it would move the coupon;
correcting it is a support case. The nickname can change at any time. Setting it grants a
birthday coupon due this month at once (services.coupon_grants says where grants are made).

Each problem has its own code, so the page can say what is wrong in the member's language:
`nickname_too_long`, `nickname_unprintable`, `birthday_format`, `birthday_future`,
`birthday_too_early`, `birthday_set`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session

from member_app.errors import Conflict, InvalidInput
from member_app.models import Member
from member_app.services.coupons import issue_coupons
from member_app.services.members import parse_birthday
from member_app.services.unit import run_in_transaction

MAX_NICKNAME_LENGTH = 20  # characters shown on one line of the Me page at phone width
EARLIEST_BIRTHDAY = date(1900, 1, 1)
PROGRAMME_ZONE = ZoneInfo("Asia/Shanghai")  # every programme's (rules/programs/*.toml)


@dataclass(frozen=True)
class Profile:
    nickname: str | None
    birthday: date | None


def profile_of(member: Member) -> Profile:
    return Profile(nickname=member.nickname, birthday=member.birthday)


def clean_nickname(value: str) -> str | None:
    """The nickname as stored: trimmed, None when blank; refused if too long or if it holds
    control characters (they would break the page's layout or hide text)."""
    text = " ".join(value.split())
    if not text:
        return None
    if len(text) > MAX_NICKNAME_LENGTH:
        raise InvalidInput(f"nickname: at most {MAX_NICKNAME_LENGTH} characters",
                           code="nickname_too_long")
    if not text.isprintable():
        raise InvalidInput("nickname: printable characters only", code="nickname_unprintable")
    return text


def check_birthday(value: str, today: date) -> date:
    """A birthday typed as YYYY-MM-DD (what a date input sends): a real day from 1900-01-01
    to `today`, the member's local day."""
    try:
        day = date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise InvalidInput("birthday: a day as YYYY-MM-DD", code="birthday_format")
    if day > today:
        raise InvalidInput("birthday: not after today", code="birthday_future")
    if day < EARLIEST_BIRTHDAY:
        raise InvalidInput("birthday: not before 1900-01-01", code="birthday_too_early")
    return day


def update_profile(*, engine: Engine | None, member_id: int, nickname: str, birthday: str,
                   now: datetime) -> Profile:
    """Stores the nickname (blank clears it) and, if given and none is set yet, the birthday,
    in one transaction; bad input changes nothing. A birthday already set may be sent again
    unchanged (the form shows it), a different one is `birthday_set`."""
    name = clean_nickname(nickname)
    typed = birthday.strip()
    day = check_birthday(typed, now.astimezone(PROGRAMME_ZONE).date()) if typed else None

    def store(session: Session) -> Profile:
        member = session.get(Member, member_id, with_for_update=True)
        if member is None:  # members are never deleted; a vanished row is a broken database
            raise LookupError(f"member {member_id} disappeared")
        if day is not None and member.birthday is not None and member.birthday != day:
            raise Conflict("the birthday is already set; ask support to correct it",
                           code="birthday_set")
        member.nickname = name
        if day is not None:
            member.birthday = day
        session.add(member)
        session.flush()
        if day is not None:
            issue_coupons(session=session, member=member, now=now)
        return profile_of(member)

    return run_in_transaction(engine, store)


def set_birthday(*, session: Session, member: Member, birthday: str, now: datetime) -> date:
    """Set the birthday once: changing it later would let a member move the birthday coupon
    (one a year anyway, but a support case, not a self-service field)."""
    born = parse_birthday(birthday, now)
    row = session.get(Member, member.id)
    assert row is not None  # the member's own row: members are never deleted
    if row.birthday is not None and row.birthday != born:
        raise Conflict("the birthday is already set; ask support to correct it",
                       code="birthday_set")
    row.birthday = born
    session.flush()
    issue_coupons(session=session, member=row, now=now)
    return born
