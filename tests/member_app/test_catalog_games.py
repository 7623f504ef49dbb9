"""Per-programme catalogs (data, checked on load), affordability, games' odds and expected value,
draws recomputed independently, the guess tolerance at its edge, and the redemption history.

Every figure here is worked out by hand from member_app/catalogs/*.toml.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

import rules
from member_app.components.item_picture import MOTIFS
from member_app.db import transaction
from member_app.errors import Conflict, GuessRefused
from member_app.i18n import MESSAGES
from member_app.models import CatalogItem
from member_app.presenters.redeem import (
    card,
    catalog_groups,
    game_play,
    guess_rules,
    history_rows,
    parse_guess,
    reveal_all,
    scratch,
)
from member_app.services import games
from member_app.services.catalog import describe, ensure_catalog
from member_app.services.catalog_data import (
    PICTURES,
    CatalogError,
    load_catalog_text,
    standard_items,
)
from member_app.services.redeem import redeem, redemption_history
from member_app.services.unit import run_in_transaction
from tests.member_app.conftest import NOW, give_points, make_members

JD = rules.load_program("jd")
FLIGGY = rules.load_program("fliggy")
ALIPAY = rules.load_program("alipay")


def _rows(programme: str) -> list[dict]:
    specs = [spec for spec in standard_items() if spec["program"] == programme]
    return [describe(CatalogItem(id=index, **spec)) for index, spec in enumerate(specs, 1)]


# -- the catalogs ----------------------------------------------------------------------------

def test_each_programme_has_its_own_catalog_with_every_spending_way() -> None:
    codes = {p: {row["code"] for row in _rows(p)} for p in ("jd", "fliggy", "alipay")}
    assert not codes["jd"] & codes["fliggy"] and not codes["fliggy"] & codes["alipay"]
    assert {"fliggy_lounge_pass", "fliggy_hotel_upgrade", "fliggy_airport_transfer",
            "fliggy_extra_baggage", "fliggy_flight_miles_cash"} <= codes["fliggy"]
    assert {"alipay_cashback_red_packet", "alipay_transfer_fee_waiver", "alipay_forest_tree",
            "alipay_member_gift"} <= codes["alipay"]
    for programme in ("jd", "fliggy", "alipay"):
        kinds = {row["kind"] for row in _rows(programme)}
        assert {"own", "points_cash", "activity"} <= kinds, programme
        games_here = {row["game"]["type"] for row in _rows(programme) if "game" in row}
        assert games_here == {"scratch", "guess"}, programme
    assert "jd_bean" in {row["kind"] for row in _rows("jd")}
    for programme in ("jd", "fliggy", "alipay"):  # nothing sold out first; a sold-out one says so
        rows = _rows(programme)
        assert rows[0]["stock_left"] != 0
        for row in rows:
            if row["stock_left"] == 0:
                assert card(row, "x", "zh").stock == "已兑完"


def test_every_picture_named_is_drawn() -> None:
    assert set(MOTIFS) == set(PICTURES)
    assert {row["picture"] for p in ("jd", "fliggy", "alipay") for row in _rows(p)} <= set(MOTIFS)


GOOD = '''programme = "fliggy"
[[items]]
code = "x_pass"
kind = "own"
points = 100
name = { zh = "通行证", en = "Pass" }
note = { zh = "说明", en = "Note" }
picture = "lounge"
'''


@pytest.mark.parametrize(("change", "error"), [
    (("programme = \"fliggy\"", "programme = \"jd\""),
     "x.toml: programme must be 'fliggy' (the file name)"),
    (("points = 100", "points = 0"),
     "x.toml: items[0] (x_pass): points: a whole number from 1 to 10,000,000"),
    (("points = 100", "points = 1.5"),
     "x.toml: items[0] (x_pass): points: a whole number from 1 to 10,000,000"),
    (("kind = \"own\"", "kind = \"jd_bean\""),
     "x.toml: items[0] (x_pass): kind: jd_bean items are JD's only"),
    (("kind = \"own\"", "kind = \"points_cash\""),
     "x.toml: items[0] (x_pass): cash_fen: above 0 exactly for points_cash items"),
    (("picture = \"lounge\"", "picture = \"unicorn\""), "picture: one of ecard"),
    (("note = { zh = \"说明\", en = \"Note\" }", "note = { zh = \"说明\" }"),
     "x.toml: items[0] (x_pass): note: a table with zh and en"),
    (("points = 100", "points = 100\ncolour = \"red\""),
     "x.toml: items[0] (x_pass): unknown field 'colour'"),
    (("kind = \"own\"", "kind = \"activity\""),
     "x.toml: items[0] (x_pass): game: required for activity items, and only for them"),
    (("code = \"x_pass\"", "code = \"x pass\""),
     "x.toml: items[0]: code: letters, digits and _ (at most 64)"),
    (("points = 100", "points = 100\nstock = -1"),
     "x.toml: items[0] (x_pass): stock: a whole number from 0 to 10,000,000"),
    (("[[items]]", "[[items"), "x.toml: not valid TOML"),
])
def test_a_bad_catalog_names_the_file_the_item_and_the_field(change: tuple[str, str],
                                                            error: str) -> None:
    assert load_catalog_text(GOOD, "x.toml", "fliggy")[0]["code"] == "x_pass"
    with pytest.raises(CatalogError) as raised:
        load_catalog_text(GOOD.replace(*change), "x.toml", "fliggy")
    assert error in raised.value.detail


def test_a_game_must_pay_out_less_than_its_fee_and_codes_are_unique() -> None:
    # 0 x 1/2 + 200 x 1/2 = 100, not below the 100 fee
    rich = GOOD.replace('kind = "own"', 'kind = "activity"').replace(
        'picture = "lounge"', 'picture = "scratch"\n[items.game]\ntype = "scratch"\n'
        'prizes = [{ points = 0, weight = 1 }, { points = 200, weight = 1 }]')
    with pytest.raises(CatalogError, match="expected payout must be below the fee"):
        load_catalog_text(rich, "x.toml", "fliggy")
    twice = GOOD + GOOD.split("\n", 1)[1]
    with pytest.raises(CatalogError, match="'x_pass' appears twice"):
        load_catalog_text(twice, "x.toml", "fliggy")
    wide = rich.replace('type = "scratch"\nprizes = [{ points = 0, weight = 1 }, '
                        '{ points = 200, weight = 1 }]',
                        'type = "guess"\nprice_min = 10\nprice_max = 14\n'
                        'tiers = [{ within = 2, points = 10 }]')
    with pytest.raises(CatalogError, match="widest tier must be narrower"):
        load_catalog_text(wide, "x.toml", "fliggy")  # 2 x 2 + 1 = 5 prices = the whole range


# -- affordability ---------------------------------------------------------------------------

def test_the_button_says_what_is_missing_at_one_below_the_price() -> None:
    lounge = next(r for r in _rows("fliggy") if r["code"] == "fliggy_lounge_pass")  # 3,000
    exact = card(lounge, "里程", "zh", balance=3000)
    assert exact.affordable and exact.can_redeem and exact.short == ""
    short = card(lounge, "里程", "zh", balance=2999)
    assert not short.can_redeem and short.short == "还差 1 里程"
    beans = next(r for r in _rows("jd") if r["code"] == "jd_ecard_10")  # 1,000 beans
    assert card(beans, "JD beans", "en", balance=880).short == "120 JD beans short"
    # A member in debt affords nothing: -50 against 1,000 is 1,050 short.
    assert card(beans, "京豆", "zh", balance=-50).short == "还差 1,050 京豆"
    sold_out = next(r for r in _rows("jd") if r["stock_left"] == 0)
    rich = card(sold_out, "京豆", "zh", balance=1_000_000)
    assert not rich.can_redeem and rich.short == "已兑完"


def test_group_words_use_the_programmes_unit() -> None:
    titles = {p.code: [g.title for g in catalog_groups(p, _rows(p.code), "zh", 0)]
              for p in (JD, FLIGGY, ALIPAY)}
    assert titles["jd"][:2] == ["京豆好物", "京豆 + 现金"]
    assert titles["fliggy"][:2] == ["里程好物", "里程 + 现金"]
    assert titles["alipay"][:2] == ["积分好物", "积分 + 现金"]
    for program in (JD, FLIGGY):
        for lang in ("zh", "en"):
            words = " ".join(g.title + g.hint for g in catalog_groups(
                program, _rows(program.code), lang, 0))
            assert "积分" not in words and "points" not in words.lower(), (program.code, lang)


# -- games: odds, expected value, draws ------------------------------------------------------

def test_scratch_odds_and_expected_value_by_hand() -> None:
    game = next(r for r in _rows("fliggy") if r["code"] == "fliggy_scratch_card")["game"]
    # weights 70/22/6/2 of 100: 0 x .70 + 100 x .22 + 500 x .06 + 2000 x .02 = 92 < 200
    assert [(p["points"], p["odds"]) for p in game["prizes"]] == [
        (0, "0.7000"), (100, "0.2200"), (500, "0.0600"), (2000, "0.0200")]
    assert game["expected_value"] == "92.00" and game["fee"] == 200
    shown = card(next(r for r in _rows("fliggy") if r["code"] == "fliggy_scratch_card"),
                 "里程", "zh")
    assert [o.odds for o in shown.odds] == ["70%", "22%", "6%", "2%"]
    assert shown.expected == "平均每次回报 92 里程，门票 200 里程"


def test_guess_odds_and_expected_value_by_hand() -> None:
    row = next(r for r in _rows("jd") if r["code"] == "price_guess")
    # 100 prices (50-149); within 2: 5 prices -> 300; within 10: 21 - 5 = 16 prices -> 60
    # EV = 300 x .05 + 60 x .16 = 15 + 9.6 = 24.6 < the 50 fee
    assert [(p["points"], p["odds"]) for p in row["game"]["prizes"]] == [
        (300, "0.0500"), (60, "0.1600"), (0, "0.7900")]
    assert row["game"]["expected_value"] == "24.60"
    en = card(row, "JD beans", "en")
    assert en.expected == "On average a ticket returns 24.6 JD beans; it costs 50 JD beans"
    assert en.odds_note == "Chances for a guess at least ¥10 from either end of the range"
    fliggy = next(r for r in _rows("fliggy") if r["code"] == "fliggy_price_guess")
    # 400 prices; within 5: 11 -> 600 (2.75%); within 20: 41 - 11 = 30 -> 120 (7.5%)
    assert [o.odds for o in card(fliggy, "里程", "zh").odds] == ["2.75%", "7.5%", "89.75%"]
    assert fliggy["game"]["expected_value"] == "25.50"  # 16.5 + 9


def test_guess_tolerance_at_its_boundary() -> None:
    game = next(r for r in _rows("jd") if r["code"] == "price_guess")["game"]
    assert games.guess_prize(game, 100, 102) == 300  # 2 off: the inner tier's edge
    assert games.guess_prize(game, 100, 97) == 60  # 3 off
    assert games.guess_prize(game, 110, 100) == 60  # 10 off: the outer tier's edge
    assert games.guess_prize(game, 111, 100) == 0  # 11 off
    assert games.check_guess(game, 50) == 50 and games.check_guess(game, 149) == 149
    for bad in (49, 150, True, 99.5):
        with pytest.raises(GuessRefused, match="from 50 to 149"):
            games.check_guess(game, bad)
    form = guess_rules(JD, next(r for r in _rows("jd") if r["code"] == "price_guess"), "zh")
    assert form.range_text == "价格在 ¥50 到 ¥149 之间"
    assert form.tiers_text == "相差不超过 ¥2 得 300 京豆；相差不超过 ¥10 得 60 京豆"
    assert parse_guess(" ¥120 ", form) == 120 and parse_guess("149", form) == 149
    assert parse_guess("150", form) is None and parse_guess("12.5", form) is None


def _independent_roll(seed: str, redemption_id: int, ticket: int, modulus: int) -> int:
    digest = hmac.new(seed.encode(), f"{redemption_id}:{ticket}".encode(), hashlib.sha256)
    return int(digest.hexdigest(), 16) % modulus


def test_a_draw_recomputed_by_hand_matches_the_prize(engine) -> None:  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        ensure_catalog(session=session)
    (member,) = make_members(engine, 1)
    give_points(engine, [member], 10_000)
    with transaction(engine) as session:
        scratch_item = session.exec(select(CatalogItem).where(
            CatalogItem.code == "scratch_card")).one()
        guess_item = session.exec(select(CatalogItem).where(
            CatalogItem.code == "price_guess")).one()
    # Before the draw the sheet shows sha256(HMAC(master, "ticket:<member>:<key>")).
    promised = hashlib.sha256(hmac.new(
        scratch_item.seed.encode(), f"ticket:{member.id}:key-1".encode(),
        hashlib.sha256).hexdigest().encode()).hexdigest()
    body = run_in_transaction(engine, lambda session: redeem(
        session=session, member=member, item_id=scratch_item.id, quantity=1,
        idempotency_key="key-1", now=NOW)).body
    proof = body["draw"]
    assert proof["commitment"] == promised
    assert hashlib.sha256(proof["seed"].encode()).hexdigest() == promised
    roll = _independent_roll(proof["seed"], body["id"], 0, 100)  # weights 70/24/5/1
    expected = 0 if roll < 70 else 50 if roll < 94 else 300 if roll < 99 else 1000
    assert body["prizes"] == [expected]
    assert body["balance"] == 10_000 - 100 + expected

    guess = run_in_transaction(engine, lambda session: redeem(
        session=session, member=member, item_id=guess_item.id, quantity=1,
        idempotency_key="key-2", now=NOW + timedelta(minutes=1), guess=100)).body
    price = 50 + _independent_roll(guess["draw"]["seed"], guess["id"], 0, 100)
    assert guess["prices"] == [price] and guess["guess"] == 100
    off = abs(price - 100)
    assert guess["prizes"] == [300 if off <= 2 else 60 if off <= 10 else 0]
    # Outside the range: a 409 (the range is the item's data), stored under its key.
    refused = run_in_transaction(engine, lambda session: redeem(
        session=session, member=member, item_id=guess_item.id, quantity=1,
        idempotency_key="key-3", now=NOW, guess=10))
    assert refused.status == 409
    with pytest.raises(Conflict, match="from 50 to 149"):
        refused.raise_for_error()

    # The history: newest first, with the proof of each draw.
    with transaction(engine) as session:
        page, more = redemption_history(session=session, member=member, limit=1)
        assert [row["id"] for row in page] == [guess["id"]] and more
        both, more = redemption_history(session=session, member=member)
        assert [row["id"] for row in both] == [guess["id"], body["id"]] and not more
    rows = history_rows(JD, both, "en")
    assert rows[1].name == "Bean scratch card" and rows[1].price == "−100 JD beans"
    assert rows[1].status == "Completed" and rows[1].has_proof
    assert rows[1].proof.seed == proof["seed"] and rows[1].proof.redemption == str(body["id"])
    assert rows[1].proof.command == (
        f"python -m member_app.verify_draw --game scratch_card --redemption {body['id']} "
        f"--seed {proof['seed']} --commitment {promised}")
    assert rows[0].when == "November 22, 2026 12:01"  # 04:01 UTC is 12:01 in Shanghai
    assert f"The price was ¥{price}, you guessed ¥100" in rows[0].result


def test_the_verify_command_recomputes_the_draw(capsys) -> None:  # type: ignore[no-untyped-def]
    from member_app.verify_draw import main

    seed = "ab" * 32
    commitment = hashlib.sha256(seed.encode()).hexdigest()
    roll = _independent_roll(seed, 7, 0, 100)
    prize = 0 if roll < 70 else 50 if roll < 94 else 300 if roll < 99 else 1000
    assert main(["--game", "scratch_card", "--redemption", "7", "--seed", seed,
                 "--commitment", commitment]) == 0
    out = capsys.readouterr().out
    assert "commitment: matches" in out and f"= {roll}" in out and f"prize: {prize} " in out
    assert main(["--game", "scratch_card", "--redemption", "7", "--seed", seed,
                 "--commitment", "00" * 32]) == 1
    assert main(["--game", "price_guess", "--redemption", "7", "--seed", seed,
                 "--commitment", commitment]) == 2  # a guess game needs --guess
    assert "--guess: required" in capsys.readouterr().err


# -- the scratch card and the sheet ----------------------------------------------------------

def test_the_scratch_card_reveals_after_two_thirds_or_all_at_once() -> None:
    body = {"item_id": 5, "points_spent": 100, "balance": 1200, "prizes": [300],
            "draw": {"seed": "s", "commitment": "c", "redemption_id": 9}}
    play = game_play(JD, "scratch_card", "scratch", body, "zh")
    assert play.headline == "恭喜！获得 300 京豆" and not play.revealed
    for cell in range(7):
        play = scratch(play, cell)
    assert not play.revealed  # 7 of 12
    play = scratch(play, 7)
    assert play.revealed  # 8 of 12 = two thirds
    assert reveal_all(game_play(JD, "scratch_card", "scratch", body, "zh")).revealed
    lost = game_play(FLIGGY, "fliggy_scratch_card", "scratch", {**body, "prizes": [0]}, "en")
    assert lost.headline == "No prize this time" and not lost.won


def test_member_words_have_no_engineer_words() -> None:
    banned = ("sandbox", "沙箱", "payment provider", "支付渠道", "published", "Odds")
    for key, texts in MESSAGES.items():
        if key.startswith(("rdm_", "spend_", "store_error_")):
            for text in texts.values():
                assert not any(word in text for word in banned), key


def test_history_time_is_local_and_status_reads_right() -> None:
    row = {"id": 1, "code": "fliggy_lounge_pass", "kind": "own",
           "names": {"zh": "机场贵宾厅单次券", "en": "Airport lounge pass"}, "picture": "lounge",
           "quantity": 1, "points_spent": 3000, "cash_fen": 0, "status": "released",
           "created_at": datetime(2026, 12, 31, 16, 30, tzinfo=UTC), "outcome": None,
           "game": None}
    [shown] = history_rows(FLIGGY, [row], "zh")
    assert shown.when == "2027年1月1日 00:30" and shown.status == "已退回"
    assert shown.price == "−3,000 里程" and not shown.has_proof


def test_a_game_holds_only_what_members_are_shown_and_bounded_figures() -> None:
    import pytest

    from member_app.errors import InvalidInput
    from member_app.services.games import check_game

    fair = {"type": "scratch", "prizes": [{"points": 0, "weight": 9}, {"points": 50, "weight": 1}]}
    check_game(fair, 10)  # pays 5 on average for a fee of 10
    for bad, problem in (
            ({**fair, "secret": 1}, "unknown field 'secret'"),
            ({"type": "scratch", "prizes": [{"points": 0, "weight": 9, "label": "x"}]},
             "has only points and weight"),
            ({"type": "scratch", "prizes": [{"points": 0, "weight": 2**300}]}, "figures from"),
            ({"type": "scratch", "prizes": [{"points": 0, "weight": float("nan")}]},
             "positive weights")):
        with pytest.raises(InvalidInput, match=problem):
            check_game(bad, 10)
