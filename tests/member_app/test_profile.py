"""The Me page's profile: nickname and birthday (services.profile), and migration 0006."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from alembic import command
from sqlalchemy import inspect, text

from member_app.db import transaction
from member_app.errors import AppError
from member_app.migrate import alembic_config
from member_app.models import Member
from member_app.services.members import register_member
from member_app.services.profile import Profile, check_birthday, clean_nickname, update_profile

# 2026-11-22 23:30 in Shanghai is still 2026-11-22 15:30 in UTC: the member's day is the 22nd.
NOW = datetime(2026, 11, 22, 15, 30, tzinfo=UTC)
SHANGHAI_LATE = datetime(2026, 11, 22, 16, 30, tzinfo=UTC)  # 00:30 on the 23rd in Shanghai


def _member(engine, username: str = "li_wei") -> int:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        member = register_member(session=session, username=username,
                                 password="correct horse", program="jd", now=NOW)
        assert member.id is not None
        return member.id


def _stored(engine, member_id: int) -> tuple[str | None, date | None]:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        member = session.get(Member, member_id)
        assert member is not None
        return member.nickname, member.birthday


def test_a_profile_is_saved_in_one_go(engine) -> None:  # type: ignore[no-untyped-def]
    member_id = _member(engine)
    saved = update_profile(engine=engine, member_id=member_id, nickname="  小李  ",
                           birthday="1990-05-20", now=NOW)
    assert saved == Profile(nickname="小李", birthday=date(1990, 5, 20))
    assert _stored(engine, member_id) == ("小李", date(1990, 5, 20))


def test_a_blank_nickname_clears_it_and_a_blank_birthday_keeps_it(engine) -> None:  # type: ignore[no-untyped-def]
    member_id = _member(engine)
    update_profile(engine=engine, member_id=member_id, nickname="Li", birthday="1990-05-20",
                   now=NOW)
    update_profile(engine=engine, member_id=member_id, nickname="   ", birthday="", now=NOW)
    assert _stored(engine, member_id) == (None, date(1990, 5, 20))


def test_the_birthday_is_set_once_and_a_refusal_changes_nothing(engine) -> None:  # type: ignore[no-untyped-def]
    member_id = _member(engine)
    update_profile(engine=engine, member_id=member_id, nickname="Li", birthday="1990-05-20",
                   now=NOW)
    # The same day again (the form sends what it shows) is fine, with a new nickname.
    update_profile(engine=engine, member_id=member_id, nickname="Lee", birthday="1990-05-20",
                   now=NOW)
    with pytest.raises(AppError) as refused:
        update_profile(engine=engine, member_id=member_id, nickname="Someone else",
                       birthday="1991-01-01", now=NOW)
    assert refused.value.code == "birthday_set"
    assert _stored(engine, member_id) == ("Lee", date(1990, 5, 20))


def test_bad_input_is_refused_before_anything_is_written(engine) -> None:  # type: ignore[no-untyped-def]
    member_id = _member(engine)
    with pytest.raises(AppError) as refused:
        update_profile(engine=engine, member_id=member_id, nickname="ok",
                       birthday="2026-11-23", now=NOW)  # tomorrow in Shanghai
    assert refused.value.code == "birthday_future"
    assert _stored(engine, member_id) == (None, None)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("1990-5-20", "birthday_format"),
        ("1990-02-30", "birthday_format"),
        ("20/05/1990", "birthday_format"),
        ("yesterday", "birthday_format"),
        ("1899-12-31", "birthday_too_early"),
        ("2026-11-23", "birthday_future"),
    ],
)
def test_each_bad_birthday_has_its_own_reason(typed: str, code: str) -> None:
    with pytest.raises(AppError) as refused:
        check_birthday(typed, date(2026, 11, 22))
    assert refused.value.code == code


def test_the_first_and_last_allowed_birthdays() -> None:
    assert check_birthday("1900-01-01", date(2026, 11, 22)) == date(1900, 1, 1)
    assert check_birthday("2026-11-22", date(2026, 11, 22)) == date(2026, 11, 22)


def test_today_is_the_programmes_day_not_utcs(engine) -> None:  # type: ignore[no-untyped-def]
    member_id = _member(engine)
    # 00:30 on the 23rd in Shanghai, still the 22nd in UTC: the 23rd is today, not the future.
    saved = update_profile(engine=engine, member_id=member_id, nickname="",
                           birthday="2026-11-23", now=SHANGHAI_LATE)
    assert saved.birthday == date(2026, 11, 23)


@pytest.mark.parametrize(
    ("typed", "stored", "code"),
    [
        ("  Li   Wei ", "Li Wei", None),
        ("", None, None),
        ("一" * 20, "一" * 20, None),
        ("一" * 21, None, "nickname_too_long"),
        ("bad\u200bname", None, "nickname_unprintable"),
    ],
)
def test_nicknames(typed: str, stored: str | None, code: str | None) -> None:
    if code is None:
        assert clean_nickname(typed) == stored
        return
    with pytest.raises(AppError) as refused:
        clean_nickname(typed)
    assert refused.value.code == code


def test_migration_0006_adds_the_nickname_and_goes_back(engine) -> None:  # type: ignore[no-untyped-def]
    member_id = _member(engine)
    config = alembic_config()
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")
        connection.commit()
    assert "nickname" not in {c["name"] for c in inspect(engine).get_columns("member")}
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        connection.commit()
    # The member is still there, with no nickname yet, and one can be stored.
    assert _stored(engine, member_id) == (None, None)
    update_profile(engine=engine, member_id=member_id, nickname="小李", birthday="", now=NOW)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT nickname FROM member")).scalar_one() == "小李"
