"""SPEC 1 (event validation), program data files, and the public surface."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import rules
from rules import EventError, ProgramError, load_program, load_program_file, parse_event
from rules.program_files import PROGRAMS_DIR

BASE = {"id": "e1", "at": "2026-11-22T10:00:00+08:00"}


def paid(**overrides):
    return {
        **BASE,
        "type": "order_paid",
        "order_id": "o1",
        "amount": "10.50",
        "category": "food",
        **overrides,
    }


def test_public_surface_all_is_what_it_claims():
    expected = {
        "PROGRAM_CODES",
        "ROW_ORDER",
        "ROW_SOURCES",
        "EVENT_TYPES",
        "Assessment",
        "BadgeStatus",
        "Bubble",
        "Contribution",
        "Debit",
        "Event",
        "EventError",
        "JointMembership",
        "Lot",
        "PointsState",
        "Program",
        "ProgramError",
        "PlusBeans",
        "RulesError",
        "Settlement",
        "Streak",
        "TierBenefit",
        "VersionSpec",
        "assess",
        "check_local_range",
        "evaluate",
        "event_id_of",
        "event_key",
        "summary",
        "explain",
        "load_program",
        "load_program_file",
        "local_date",
        "parse_event",
        "points_expiry",
        "part_maximums",
        "row_caps",
        "in_plus",
        "settle_jd",
        "settle_jd_rows",
        "sign_in_reward",
        "streak",
        "figures",
        "timeline",
    }
    assert set(rules.__all__) == expected
    for name in rules.__all__:
        assert hasattr(rules, name), name
    assert rules.PROGRAM_CODES == ("jd", "fliggy", "alipay")


def test_error_hierarchy():
    for error in (rules.ProgramError, rules.EventError):
        assert issubclass(error, rules.RulesError)


def test_spec1_order_paid_parses_amount_to_decimal_with_defaults():
    event = parse_event(paid())
    assert event.fields["amount"] == Decimal("10.50")
    assert event.fields["special"] is False
    assert event.fields["payment"] == "other"
    assert event.at.utcoffset().total_seconds() == 8 * 3600


def test_spec1_amount_may_be_a_number():
    assert parse_event(paid(amount=12.5)).fields["amount"] == Decimal("12.5")
    assert parse_event(paid(amount=7)).fields["amount"] == Decimal(7)


@pytest.mark.parametrize(
    ("obj", "field", "problem"),
    [
        (paid(amount="-1"), "amount", "must not be negative"),
        (paid(amount="NaN"), "amount", "must be finite"),
        (paid(amount=float("inf")), "amount", "must be finite"),
        (paid(amount=True), "amount", "must be a decimal number or string"),
        (paid(amount="abc"), "amount", "must be a decimal number"),
        (paid(amount="1.001"), "amount", "must have at most 2 decimal places (fen)"),
        (paid(amount="1000000000.01"), "amount", "must be at most 1000000000 yuan"),
        (paid(type="teleported"), "type", "unknown event type 'teleported'"),
        (paid(at="2026-11-22T10:00:00"), "at", None),
        (paid(at="yesterday"), "at", "must be an ISO 8601 timestamp"),
        ({k: v for k, v in paid().items() if k != "order_id"}, "order_id", "is required"),
        ({k: v for k, v in paid().items() if k != "id"}, "id", "is required"),
        (paid(id="x" * 129), "id", "must be at most 128 characters"),
        (paid(payment="cash"), "payment", "must be one of jdpay, alipay, other"),
        (paid(special="yes"), "special", "must be true or false"),
        ({**BASE, "type": "account_bound", "channel": "icq"}, "channel", None),
        ({**BASE, "type": "risk_flag", "kind": "credit", "level": "awful"}, "level", None),
        ({**BASE, "type": "wealth_balance", "date": "2026-13-01", "balance": "1"}, "date", None),
        ({**BASE, "type": "task_completed", "task": "x", "growth": -1}, "growth", None),
    ],
)
def test_spec1_bad_events_are_refused_naming_field_and_problem(obj, field, problem):
    with pytest.raises(EventError) as caught:
        parse_event(obj)
    assert caught.value.field == field
    if problem:
        assert caught.value.problem == problem
        assert str(caught.value) == f"{field}: {problem}"


def test_spec1_not_an_object_is_refused():
    with pytest.raises(EventError, match="must be a JSON object"):
        parse_event(["order_paid"])


def test_spec1_every_type_parses_with_its_required_fields():
    samples = {
        "order_paid": {"order_id": "o", "amount": "1", "category": "food"},
        "order_refunded": {"order_id": "o", "amount": "1"},
        "review_posted": {"order_id": "o"},
        "photo_review_posted": {"order_id": "o"},
        "bill_paid": {"bill_kind": "utility"},
        "wealth_balance": {"date": "2026-01-01", "balance": "10000"},
        "trip_completed": {"category": "hotel", "partner": "jade_palace"},
        "task_completed": {"task": "invite", "growth": 5, "points": 3},
        "account_bound": {"channel": "wechat"},
        "risk_flag": {"kind": "reputation", "level": "fair"},
        "streak_frozen": {"date": "2026-01-01"},
        "points_collected": {"bubble": "e1"},
    }
    for kind in rules.EVENT_TYPES:
        event = parse_event({**BASE, "type": kind, **samples.get(kind, {})})
        assert event.type == kind


def test_builtin_programs_load_and_are_cached():
    for code in rules.PROGRAM_CODES:
        program = load_program(code)
        assert program.code == code
        assert load_program(code) is program
        for tier in program.tiers:
            assert tier.names.zh and tier.names.en
        for names in program.sources.values():
            assert names.zh and names.en
    with pytest.raises(ProgramError, match="unknown program"):
        load_program("taobao")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_program_file_with_negative_threshold_is_refused_with_file_key_problem(tmp_path):
    text = (PROGRAMS_DIR / "jd.toml").read_text(encoding="utf-8")
    text = text.replace("threshold = 2500", "threshold = -5", 1)
    path = write(tmp_path, text)
    with pytest.raises(ProgramError) as caught:
        load_program_file(path)
    assert caught.value.file == str(path)
    assert caught.value.key == "tiers[2].threshold"
    assert str(caught.value) == f"{path}: tiers[2].threshold: must be a non-negative integer"


@pytest.mark.parametrize(
    ("old", "new", "key", "problem"),
    [
        ('timezone = "Asia/Shanghai"', 'timezone = "Mars/Olympus"', "timezone", "unknown time"),
        ("threshold = 20000", "threshold = 5000", "tiers[2].threshold", "greater than"),
        (
            "interaction_daily_cap = 100",
            "interaction_daily_cap = 1.5",
            "experience.interaction_daily_cap",
            "integer",
        ),
        (
            "expiring_warning_days = 30",
            "expiring_warning_days = 30\ntypo = 1",
            "points.typo",
            "unknown key",
        ),
        (
            '{ code = "late_checkout" }, { code = "hotel',
            '{ code = "nap" }, { code = "hotel',
            "tiers[1].benefits[1].code",
            "unknown benefit",
        ),
        (
            'partner_tier = "gold", stays = 3',
            'partner_tier = "mithril", stays = 3',
            "partners[1].mapping[0].partner_tier",
            "not named",
        ),
        ("rewards = [1, 2, 3, 4, 5, 6, 7]", "rewards = []", "sign_in.rewards", "non-empty"),
    ],
)
def test_bad_fliggy_files_are_refused(tmp_path, old, new, key, problem):
    text = (PROGRAMS_DIR / "fliggy.toml").read_text(encoding="utf-8")
    assert old in text
    path = write(tmp_path, text.replace(old, new, 1))
    with pytest.raises(ProgramError) as caught:
        load_program_file(path)
    assert caught.value.key == key
    assert problem in caught.value.problem
    assert str(path) in str(caught.value)


def test_missing_key_and_invalid_toml_are_refused(tmp_path):
    text = (PROGRAMS_DIR / "alipay.toml").read_text(encoding="utf-8")
    with pytest.raises(ProgramError, match=r"tier_points.life_per_bill: is required"):
        load_program_file(write(tmp_path, text.replace("life_per_bill = 10\n", "")))
    with pytest.raises(ProgramError, match="not valid TOML"):
        load_program_file(write(tmp_path, "code = = 1"))
    with pytest.raises(ProgramError, match="file not found"):
        load_program_file(tmp_path / "absent.toml")
    with pytest.raises(ProgramError, match=r"score.fair_multiplier: must not be above 1"):
        jd_text = (PROGRAMS_DIR / "jd.toml").read_text(encoding="utf-8")
        load_program_file(write(tmp_path, jd_text.replace('"0.9"', '"1.5"')))


def test_program_is_immutable(jd):
    with pytest.raises(AttributeError):
        jd.code = "x"
    with pytest.raises(TypeError):
        jd.sources["account"] = None
