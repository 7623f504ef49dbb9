"""No page draws an icon by a name chosen at run time with rx.icon(Var): that compiles to
lucide's DynamicIcon, whose map of every icon name (about 22 KiB compressed) then loads with
the page, home included, and the first load's byte budget (issue #13 finding 11, 300 KiB) is
spent on it. member_app/components/icons.py draws the same from static icons."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import reflex as rx

from member_app.pages.coupons import coupons_page
from member_app.pages.home import home
from member_app.pages.login import login_page
from member_app.pages.me import me_page
from member_app.pages.plus import plus_page
from member_app.pages.points import points_page
from member_app.pages.redeem import redeem_page
from member_app.pages.signin import signin_page
from member_app.state.session import SessionState

PAGES = [home, login_page, signin_page, me_page, points_page, redeem_page, coupons_page,
         plus_page]


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.__name__)
def test_the_page_names_its_icons_when_it_is_built(page: Callable[[], rx.Component]) -> None:
    assert "DynamicIcon" not in str(page())  # the page as the frontend build compiles it


def test_the_check_would_see_a_dynamic_icon() -> None:
    assert "DynamicIcon" in str(rx.icon(rx.cond(SessionState.signed_in, "gift", "info")))
