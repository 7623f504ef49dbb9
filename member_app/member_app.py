"""The Reflex app: member pages, plus the JSON API (FastAPI) on the same port."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import reflex as rx
from reflex import constants
from reflex.event import EventSpec
from reflex.utils import prerequisites
from starlette.types import ASGIApp

from member_app.api import api_app
from member_app.api.app import LineBreakPathsToApi
from member_app.cache_headers import CacheHeaders
from member_app.first_paint import FirstPaint
from member_app.lazy_charts import load_recharts_lazily
from member_app.pages.coupons import coupons_page
from member_app.pages.explain import explain_page
from member_app.pages.forecast import forecast_page
from member_app.pages.home import home
from member_app.pages.login import login_page
from member_app.pages.me import me_page
from member_app.pages.ops_audit import ops_audit_page
from member_app.pages.ops_catalog import ops_catalog_page
from member_app.pages.ops_economy import ops_economy_page
from member_app.pages.ops_login import ops_login_page
from member_app.pages.ops_market import ops_market_page
from member_app.pages.ops_members import ops_members_page
from member_app.pages.ops_plus import ops_plus_page
from member_app.pages.ops_programmes import ops_programmes_page
from member_app.pages.ops_runs import ops_runs_page
from member_app.pages.plus import plus_page
from member_app.pages.points import points_page
from member_app.pages.redeem import redeem_page
from member_app.pages.signin import signin_page
from member_app.proxies import trust_forwarded_for
from member_app.security_headers import SecurityHeaders
from member_app.state.base import AppState
from member_app.state.coupons import CouponsState
from member_app.state.explain import ExplainState
from member_app.state.forecast import ForecastState
from member_app.state.home import HomeState
from member_app.state.me import MeState
from member_app.state.ops import OpsState
from member_app.state.ops_audit import OpsAuditState
from member_app.state.ops_catalog import OpsCatalogState
from member_app.state.ops_economy import OpsEconomyState
from member_app.state.ops_market import OpsMarketState
from member_app.state.ops_members import OpsMembersState
from member_app.state.ops_plus import OpsPlusState
from member_app.state.ops_programmes import OpsProgrammesState
from member_app.state.ops_runs import OpsRunsState
from member_app.state.plus import PlusState
from member_app.state.points import PointsState
from member_app.state.redeem import RedeemState
from member_app.state.session import SessionState
from member_app.state.signin import SignInState
from member_app.sweep_timer import sweep_forever

TITLE = "会员中心 · Member Centre"
load_recharts_lazily()  # before any page compiles: recharts stays out of the pages' own code
logger = logging.getLogger("member_app")

def backend_exception_handler(exception: Exception) -> EventSpec:
    """A bug reached a handler: log it whole, tell the member plainly (a notice on every page,
    components/error_notice.py; no traceback, nothing of the exception reaches the page)."""
    logger.error("unhandled error in an event handler", exc_info=exception)
    return AppState.show_backend_error()


def build_dir() -> Path:
    """Where the production build's pages are (the frontend's static files)."""
    return (prerequisites.get_web_dir() / constants.Dirs.STATIC).resolve()


def with_first_paint(reflex_app: ASGIApp) -> ASGIApp:
    """The member's tier card in the home page's first response (member_app.first_paint);
    inside the security headers, so its answer wears them too."""
    return FirstPaint(reflex_app, build_dir=build_dir())


def with_security_headers(reflex_app: ASGIApp) -> ASGIApp:
    """Wraps everything Reflex serves (the API mounted in front, the frontend's static
    mount inside, /ping, /_event) in the security headers; Reflex applies the transformers
    in order, so this one receives the API with Reflex's app already mounted under it."""
    return SecurityHeaders(reflex_app, build_dir=build_dir(),
                           public_url=rx.config.get_config().api_url)


class MemberApp(rx.App):
    """Reflex's app, with what the API needs outside Reflex's own outermost ASGI app (which
    `api_transformer` cannot reach): see LineBreakPathsToApi."""

    def __call__(self) -> ASGIApp:
        # The API on that path wears the same headers and proxy rule as everything else.
        api = trust_forwarded_for(with_security_headers(api_app))
        return LineBreakPathsToApi(super().__call__(), api)


app = MemberApp(
    # The API mounted over the app, the home page's first paint, the security headers around
    # all of it, the cache rules for the frontend's files, and outermost the proxy address
    # rewrite (so everything inside sees the real client).
    api_transformer=[api_app, with_first_paint, with_security_headers, CacheHeaders,
                     trust_forwarded_for],
    backend_exception_handler=backend_exception_handler,
    html_lang="zh-CN",
    head_components=[
        rx.el.meta(
            name="viewport", content="width=device-width, initial-scale=1, viewport-fit=cover"
        ),
        rx.el.meta(name="theme-color", content="#3b4a66"),
        rx.el.link(rel="manifest", href="/manifest.json"),
        rx.el.link(rel="icon", href="/favicon.ico"),
        rx.el.link(rel="apple-touch-icon", href="/icons/apple-touch-icon.png"),
        # An external script: React does not run inline scripts it renders itself.
        rx.script(src="/register-sw.js", custom_attrs={"async": True}),
        # Offline: a banner, and spend taps swallowed instead of queued (assets/offline.*).
        rx.script(src="/offline.js"),
        rx.el.link(rel="stylesheet", href="/offline.css"),
        rx.el.link(rel="stylesheet", href="/theme.css"),
    ],
)


app.register_lifespan_task(sweep_forever)


def member_page(component, route: str, loader: rx.EventHandler) -> None:  # type: ignore[no-untyped-def]
    """A page only a signed-in member sees: its loader sends strangers to the login page."""
    app.add_page(component, route=route, title=TITLE, on_load=loader)


app.add_page(login_page, route="/login", title=TITLE, on_load=SessionState.open_login)
member_page(home, "/", HomeState.load)
member_page(signin_page, "/sign-in", SignInState.load)
member_page(me_page, "/me", MeState.load)
member_page(points_page, "/points", PointsState.load)
member_page(redeem_page, "/redeem", RedeemState.load)
member_page(coupons_page, "/coupons", CouponsState.load)
member_page(plus_page, "/plus", PlusState.load)
member_page(explain_page, "/explain", ExplainState.load)
member_page(forecast_page, "/forecast", ForecastState.load)

# The operator console (SPEC 12): its own login and token; each loader sends anyone without
# an operator token to /ops/login.
OPS_TITLE = "运营后台 · Operator console"
app.add_page(ops_login_page, route="/ops/login", title=OPS_TITLE, on_load=OpsState.open_ops_login)
app.add_page(ops_catalog_page, route="/ops", title=OPS_TITLE, on_load=OpsCatalogState.load)
app.add_page(ops_members_page, route="/ops/members", title=OPS_TITLE,
             on_load=OpsMembersState.load)
app.add_page(ops_plus_page, route="/ops/plus", title=OPS_TITLE, on_load=OpsPlusState.load)
app.add_page(ops_market_page, route="/ops/market", title=OPS_TITLE, on_load=OpsMarketState.load)
app.add_page(ops_economy_page, route="/ops/economy", title=OPS_TITLE,
             on_load=OpsEconomyState.load)
app.add_page(ops_runs_page, route="/ops/runs", title=OPS_TITLE, on_load=OpsRunsState.load)
app.add_page(ops_audit_page, route="/ops/audit", title=OPS_TITLE, on_load=OpsAuditState.load)
app.add_page(ops_programmes_page, route="/ops/programmes", title=OPS_TITLE,
             on_load=OpsProgrammesState.load)

if os.environ.get("MEMBER_APP_BENCH_PAGES"):
    # bench/home_load.py compares the home page with an empty page served the same way.
    # The second dot appears once the websocket has hydrated the page: the framework's floor.
    app.add_page(
        rx.fragment(
            rx.text("·", data_testid="blank"),
            rx.cond(rx.State.is_hydrated, rx.text("·", data_testid="blank-hydrated")),
        ),
        route="/blank",
        title=TITLE,
    )
