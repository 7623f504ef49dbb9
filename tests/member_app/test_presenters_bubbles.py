"""Home's bubbles while the page is open: a collected bubble keeps its place (SPEC 13; the
second tap of a double tap lands where the first did, and must find nothing to collect)."""

from __future__ import annotations

from member_app.presenters.bubbles import BubblesCard, BubbleView, kept_in_place


def _view(bubble: str, points: int) -> BubbleView:
    return BubbleView(bubble=bubble, points=f"+{points}", label="签到", lapses="明天过期",
                      spoken=f"签到 +{points}")


def _card(*views: BubbleView) -> BubblesCard:
    return BubblesCard(shown=bool(views), title=f"待领取 {len(views)}" if views else "",
                       hint="点一下气泡即可领取" if views else "", bubbles=list(views))


def test_a_collected_bubble_stays_where_it_was_faded_and_new_ones_come_last() -> None:
    a, b, c, d = _view("a", 1), _view("b", 3), _view("c", 1), _view("d", 1)
    shown = _card(a, b, c)
    after = kept_in_place(shown, _card(a, c, d), "zh")  # b collected, d offered meanwhile
    assert [(v.bubble, v.collected) for v in after.bubbles] == [
        ("a", False), ("b", True), ("c", False), ("d", False)]
    collected = after.bubbles[1]
    assert (collected.points, collected.label, collected.lapses) == ("+3", "已领取", "")
    assert after.title == "待领取 3"


def test_when_the_last_bubble_is_collected_the_card_stays_with_its_hint() -> None:
    shown = _card(_view("a", 1))
    after = kept_in_place(shown, BubblesCard(), "en")
    assert after.shown
    assert (after.title, after.hint) == ("Everything is collected", "点一下气泡即可领取")
    assert [(v.bubble, v.collected, v.label) for v in after.bubbles] == [
        ("a", True, "Collected")]


def test_a_page_opened_afresh_shows_only_what_waits() -> None:
    assert kept_in_place(BubblesCard(), BubblesCard(), "zh") == BubblesCard()
    waiting = _card(_view("a", 1))
    assert kept_in_place(BubblesCard(), waiting, "zh") == waiting
