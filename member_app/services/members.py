"""Registering members and finding them."""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlmodel import Session, select

import rules
from member_app.errors import Conflict, InvalidInput, NotFound
from member_app.models import Member
from member_app.security import hash_password
from member_app.services import login_limits

# Matched whole (fullmatch): with `$`, "demo_jd\n" would pass as demo_jd.
USERNAME_PATTERN = re.compile(r"[a-z0-9_]{3,32}")
MIN_PASSWORD_LENGTH = 8
MAX_MEMBER_ID = 2**31 - 1  # the id column's range: beyond it is "not found", not a DB error
MemberKey = tuple[str, int | str]  # ("id", n) or ("username", s)


def member_key(ref: object) -> MemberKey | None:
    """("id", n) or ("username", s) for a member reference, None if it is neither.

    Only ASCII digits make an id ("²" and "١" are str.isdigit too). An id out of the column's
    range is ("id", -1), and a username no member could have (control characters such as NUL,
    which PostgreSQL cannot even compare) is ("username", ""): both simply match nobody."""
    if isinstance(ref, bool) or not isinstance(ref, int | str):
        return None
    if isinstance(ref, int) or is_ascii_number(ref):
        number = int(ref) if len(str(ref)) <= 12 else -1
        return ("id", number) if 1 <= number <= MAX_MEMBER_ID else ("id", -1)
    return ("username", ref[:64] if ref.isprintable() else "")


def is_ascii_number(text: str) -> bool:
    return text.isascii() and text.isdigit()


def new_password_hash(password: str) -> str:
    """The stored form of a new member's password (argon2: slow on purpose). Call it before
    opening the registration's transaction, so no lock is held while it works."""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"password: at least {MIN_PASSWORD_LENGTH} characters")
    return hash_password(password)


def register_member(
    *,
    session: Session,
    username: str,
    program: str,
    now: datetime,
    password: str | None = None,
    password_hash: str | None = None,
    is_demo: bool = False,
    birthday: str | date | None = None,
    client: str | None = None,
) -> Member:
    """A new member; give `password_hash` from `new_password_hash` (computed outside the
    transaction), or `password` where holding the lock meanwhile does not matter (the demo
    loader, tests). `client` is the address a registration over the network comes from: it
    counts against that address's limit (services.login_limits); None for the demo loader."""
    if not isinstance(username, str) or not USERNAME_PATTERN.fullmatch(username):
        raise InvalidInput("username: 3-32 lowercase letters, digits or underscores")
    if password_hash is None:
        password_hash = new_password_hash(password or "")
    if program not in rules.PROGRAM_CODES:
        raise InvalidInput(f"program: one of {', '.join(rules.PROGRAM_CODES)}")
    born = parse_birthday(birthday, now) if birthday is not None else None
    if session.exec(select(Member.id).where(Member.username == username)).first() is not None:
        raise Conflict(f"username {username!r} is taken", code="username_taken")
    if client is not None:
        login_limits.count_registration(session=session, client=login_limits.client_key(client),
                                        now=now)
    member = Member(
        username=username,
        password_hash=password_hash,
        program=program,
        is_demo=is_demo,
        created_at=now,
        birthday=born,
    )
    session.add(member)
    session.flush()
    return member


def find_member(*, session: Session, ref: int | str) -> Member:
    """A member by id or username."""
    key = member_key(ref)
    member = None
    if key is not None and key[0] == "id" and isinstance(key[1], int) and key[1] > 0:
        member = session.get(Member, key[1])
    elif key is not None and key[0] == "username" and key[1]:
        member = session.exec(select(Member).where(Member.username == key[1])).first()
    if member is None:
        raise NotFound(f"member {ref!r} not found", code="unknown_member")
    return member


def parse_birthday(value: str | date, now: datetime) -> date:
    """A birthday as YYYY-MM-DD, in the past and not absurdly far (JD's birthday coupon)."""
    day: object = value  # JSON from the API: anything until checked
    if isinstance(value, str):
        try:
            day = date.fromisoformat(value) if len(value) == 10 else None
        except ValueError:
            day = None
    if not isinstance(day, date) or not (date(1900, 1, 1) <= day <= now.date()):
        raise InvalidInput("birthday: a past date as YYYY-MM-DD")
    return day
