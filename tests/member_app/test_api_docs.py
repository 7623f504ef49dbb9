"""The API documents itself without the internet: /docs and /redoc load only our own files."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from member_app.api.app import create_app


def test_docs_and_redoc_load_their_assets_from_the_app_itself() -> None:
    client = TestClient(create_app())
    for page in ("/docs", "/redoc"):
        html = client.get(page)
        assert html.status_code == 200 and "text/html" in html.headers["content-type"]
        sources = re.findall(r'(?:src|href)="([^"]+)"', html.text)
        assert sources, page
        assert not [s for s in sources if s.startswith(("http:", "https:", "//"))], sources
        for source in sources:
            assert client.get(source).status_code == 200, source
    schema = client.get("/openapi.json")
    assert schema.status_code == 200 and "/api/v1/events" in schema.json()["paths"]
