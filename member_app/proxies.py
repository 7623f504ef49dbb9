"""The client's address behind a reverse proxy (issue #12, finding 2).

Login and registration limits count per client address. A proxy in front of the app makes
every connection come from the proxy, and X-Forwarded-For is whatever the caller writes, so it
is believed only on connections from `MEMBER_APP_TRUSTED_PROXIES`, and then the address taken is
the nearest one in the chain that is not itself a trusted proxy. granian's own middleware does
the parsing; wrapping the whole app (via `rx.App(api_transformer=...)`) rewrites the ASGI
`client` for the API and for the websocket alike.
"""

from __future__ import annotations

from granian.utils.proxies import wrap_asgi_with_proxy_headers
from starlette.types import ASGIApp, Receive, Scope, Send

from member_app.settings import load_settings


def trust_forwarded_for(app: ASGIApp) -> ASGIApp:
    proxies = load_settings().trusted_proxies
    if not proxies:
        return app
    rewrite = wrap_asgi_with_proxy_headers(app, trusted_hosts=list(proxies))

    # granian's wrapper is a plain function returning the app's coroutine; servers and
    # Starlette's test client tell ASGI 3 apps by `async def`, so it is wrapped in one.
    async def behind_trusted_proxies(scope: Scope, receive: Receive, send: Send) -> None:
        await rewrite(scope, receive, send)

    return behind_trusted_proxies
