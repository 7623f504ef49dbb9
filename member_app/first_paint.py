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
- Hidden by CSS once the home page's loading slot (`data-first-paint-slot`) is gone: when the
  live card paints, and also when the page turns to /login or the member opens another tab
  first; and then taken out of the document by `assets/first-paint.js` (loaded by the card
  itself, async), so no later wait in that tab (another member signing in, a language
  switch) can show it again. `aria-hidden`: a screen reader reads the live card once.
- Reads only (a read transaction: the session, the standing, the programme); a stale standing,
  an ended session or any failure gives the plain page, as before. GET only: a HEAD gets the
  plain page's headers. The answer holds a member's figures: `Cache-Control: private,
  no-store`, `Vary: Cookie` (the service worker sends navigations to the network and keeps
  only the offline page); Starlette's GZipMiddleware compresses it when the browser asks.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from member_app import db
from member_app.cookies import LOCALE_COOKIE, TOKEN_COOKIE, cookie_value
from member_app.errors import AppError
from member_app.i18n import message, page_locale
from member_app.models import id_of
from member_app.presenters.tier_card import TierCard, tier_card
from member_app.services.programmes import in_force
from member_app.services.sessions import signed_in_by
from member_app.services.standing import fresh_standing

HOME = "/"
PAGE = "index.html"  # the home route's prerendered page in the build
OVERLAY_ID = "mc-first-paint"
REMOVER = "/first-paint.js"  # assets/first-paint.js
BODY_TAG = re.compile(r"<body\b[^>]*>")
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
        '</div></div></div></div>'
        f'<script src="{REMOVER}" async></script></div>'
    )


def with_overlay(page: str, html: str) -> str | None:
    """`page` with `html` as the first child of its body, None if it has no body after its
    head. First, so it is parsed and painted with the page's first frame, not after the
    page's scripts (at the end of the body it missed the first frame)."""
    head_end = page.find("</head>")
    body = BODY_TAG.search(page, head_end if head_end >= 0 else 0)
    return None if body is None else page[:body.end()] + html + page[body.end():]


def cookies_of(headers: Headers) -> str:
    """The request's cookies as one header (HTTP/2 may send them as several)."""
    return "; ".join(headers.getlist("cookie"))


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
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] != HOME:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        cookies = cookies_of(headers)
        token = cookie_value(cookies, TOKEN_COOKIE)
        body = None
        if token:
            try:
                body = await self._page_with_card(
                    token, page_locale(cookie_value(cookies, LOCALE_COOKIE),
                                       headers.get("accept-language", "")))
            except Exception:  # an optimisation only: the plain page still works
                logger.exception("first paint: the home page was served without the card")
        if body is None:
            await self.app(scope, receive, send)
            return
        response = Response(body, media_type="text/html; charset=utf-8",
                            headers={"Cache-Control": "private, no-store", "Vary": "Cookie"})
        await GZipMiddleware(response, compresslevel=6)(scope, receive, send)

    async def _page_with_card(self, token: str, lang: str) -> str | None:
        page = self._built_page()
        if page is None:
            return None
        card = await run_in_threadpool(first_paint_card, engine=self.engine, token=token,
                                       lang=lang, now=self.clock())
        return None if card is None else with_overlay(page, overlay(card, lang))

    def _built_page(self) -> str | None:
        """The prerendered home page, read again whenever a build replaces it."""
        try:
            stamp = self.page_file.stat().st_mtime_ns
            if self._page is None or self._page[0] != stamp:
                self._page = (stamp, self.page_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # no production build (a dev server), or a broken one
            return None
        return self._page[1]
