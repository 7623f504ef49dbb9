"""The member's tier card in the home page's first response (issue #13: first load).

Reflex prerenders every page once, at build time: the home page's HTML is the frame with a
spinner, and the tier card arrives over the websocket after hydration, the hydrate event and
`HomeState.load`, about half a second after the blank page has painted. So for `GET /` with
the cookie of a live session whose stored standing is still fresh, this answers with the
prerendered page plus the card: `presenters.tier_card` words (the same as the live card's),
drawn by `assets/theme.css` (`#mc-first-paint`) over the home page's loading slot.

- Outside React's tree, as the first child of `<body>`: React 19 leaves unexpected nodes at
  that level alone while hydrating, where a changed prerendered tree would be a mismatch that it
  renders again on the client (card, spinner, card).
- Gone by CSS alone once the home page's loading slot (`data-first-paint-slot`) is: when the
  live card paints, and also when the page turns to /login or the member opens another tab
  first. `aria-hidden`: a screen reader reads the live card once, not this one too.
- Reads only (a read transaction: the session, the standing, the programme); a stale standing,
  an ended session or any failure gives the plain page, as before. The answer holds a
  member's figures: `Cache-Control: private, no-store`, `Vary: Cookie` (the service worker
  sends navigations to the network and keeps only the offline page).
"""

from __future__ import annotations

import gzip
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from member_app import db
from member_app.cookies import LOCALE_COOKIE, TOKEN_COOKIE, cookie_value
from member_app.errors import AppError
from member_app.i18n import locale_from_accept_language, message, normalize_locale
from member_app.models import id_of
from member_app.presenters.tier_card import TierCard, tier_card
from member_app.services.programmes import in_force
from member_app.services.sessions import signed_in_by
from member_app.services.standing import fresh_standing

HOME = "/"
PAGE = "index.html"  # the home route's prerendered page in the build
OVERLAY_ID = "mc-first-paint"
logger = logging.getLogger("member_app")


def first_paint_card(*, engine: Engine | None, token: str, lang: str,
                     now: datetime) -> TierCard | None:
    """The tier card of the member whose session `token` names, from their stored standing
    while it is fresh; None without a live session or a fresh standing."""
    with db.read_transaction(engine) as session:
        try:
            member = signed_in_by(session=session, token=token, now=now).member
        except AppError:
            return None
        standing = fresh_standing(session=session, member_id=id_of(member), now=now)
        if standing is None:
            return None
        program = in_force(session=session, code=member.program, at=now)
    return tier_card(program, standing, lang)


def overlay(card: TierCard, lang: str) -> str:
    """The card's top (tier, growth, the goal) as HTML; every text escaped."""
    detail = (f'<div class="mc-fp-detail">{escape(card.goal_detail)}</div>'
              if card.goal_detail else "")
    bar = (f'<div class="mc-fp-track"><div class="mc-fp-bar" '
           f'style="width:{max(0, min(100, int(card.progress)))}%"></div></div>'
           if card.show_progress else "")
    return (
        f'<div id="{OVERLAY_ID}" aria-hidden="true" '
        f'data-first-paint-programme="{escape(card.program)}" '
        f'data-first-paint-lang="{escape(lang)}">'
        '<div class="mc-main"><div class="mc-columns"><div class="mc-column">'
        f'<div class="mc-fp-card" data-testid="first-paint-card" data-goal="{escape(card.kind)}">'
        f'<div class="mc-fp-head"><span>{escape(card.program_name)}</span>'
        f'<span class="mc-fp-pill">{escape(message("current_tier", lang))}</span></div>'
        f'<div class="mc-fp-tier" data-testid="first-paint-tier">{escape(card.tier_name)}</div>'
        f'<div class="mc-fp-growth"><span>{escape(card.growth_name)}</span>'
        f'<b>{escape(card.growth)}</b></div>'
        f'<div class="mc-fp-goal"><div class="mc-fp-label">{escape(card.goal_label)}</div>'
        f'<div class="mc-fp-text">{escape(card.goal)}</div>{detail}{bar}</div>'
        '</div></div></div></div></div>'
    )


def with_overlay(page: str, html: str) -> str:
    """`page` with `html` as the first child of its body (the page as it was if it has none):
    first, so it is parsed and painted with the page's first frame, not after its scripts."""
    opening = page.find("<body")
    start = page.find(">", opening) + 1 if opening >= 0 else 0
    return page if start <= 0 else page[:start] + html + page[start:]


def page_language(headers: Headers) -> str:
    """The member's language as the pages pick it: the locale cookie, else Accept-Language."""
    chosen = cookie_value(headers.get("cookie", ""), LOCALE_COOKIE)
    return (normalize_locale(chosen) if chosen
            else locale_from_accept_language(headers.get("accept-language", "")))


class FirstPaint:
    """Answers `GET /` with the member's card in the page (see the module doc); everything
    else, and any request it cannot serve so, goes to `app` untouched."""

    def __init__(self, app: ASGIApp, *, build_dir: Path, engine: Engine | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.app = app
        self.page_file = build_dir / PAGE
        self.engine = engine  # None: the app's database
        self.clock = clock
        self._page: tuple[int, str] | None = None  # (mtime_ns, text) of the build's page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") \
                or scope["path"] != HOME:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        token = cookie_value(headers.get("cookie", ""), TOKEN_COOKIE)
        page = self._built_page() if token else None
        card = None
        if page is not None:
            lang = page_language(headers)
            try:
                card = await run_in_threadpool(first_paint_card, engine=self.engine,
                                               token=token, lang=lang, now=self.clock())
            except Exception:  # an optimisation only: the plain page still works
                logger.exception("first paint: the tier card could not be read")
        if page is None or card is None:
            await self.app(scope, receive, send)
            return
        body = with_overlay(page, overlay(card, lang)).encode()
        response_headers = {"Cache-Control": "private, no-store",
                            "Vary": "Cookie, Accept-Encoding"}
        if "gzip" in headers.get("accept-encoding", ""):
            body = gzip.compress(body, compresslevel=6)
            response_headers["Content-Encoding"] = "gzip"
        response = Response(body, media_type="text/html; charset=utf-8",
                            headers=response_headers)
        await response(scope, receive, send)

    def _built_page(self) -> str | None:
        """The prerendered home page, read again whenever a build replaces it."""
        try:
            stamp = self.page_file.stat().st_mtime_ns
            if self._page is None or self._page[0] != stamp:
                self._page = (stamp, self.page_file.read_text(encoding="utf-8"))
        except OSError:  # no production build (a dev server): the plain page
            return None
        return self._page[1]
