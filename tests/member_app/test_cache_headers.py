"""Cache-Control on the frontend's files (member_app/cache_headers.py, issue #13 finding 11), on
a small app serving static files as Reflex's production mount does (with ETags)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from member_app.cache_headers import IMMUTABLE, REVALIDATE, CacheHeaders


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "root-nCRZopch.js").write_text("export {};")
    (tmp_path / "theme.css").write_text("body {}")
    (tmp_path / "index.html").write_text("<html></html>")

    def health(_request: object) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    app = Starlette(routes=[Route("/api/v1/health", health),
                            Mount("/", StaticFiles(directory=tmp_path, html=True))])
    return TestClient(CacheHeaders(app))


def test_hashed_build_files_are_kept_for_a_year(client: TestClient) -> None:
    response = client.get("/assets/root-nCRZopch.js")
    assert response.headers["cache-control"] == IMMUTABLE == "public, max-age=31536000, immutable"
    # Even a revalidation (a reload) says so again.
    again = client.get("/assets/root-nCRZopch.js",
                       headers={"if-none-match": response.headers["etag"]})
    assert again.status_code == 304 and again.headers["cache-control"] == IMMUTABLE


@pytest.mark.parametrize("path", ["/theme.css", "/", "/index.html"])
def test_files_that_keep_their_name_are_revalidated_on_every_use(
    client: TestClient, path: str
) -> None:
    assert client.get(path).headers["cache-control"] == REVALIDATE == "no-cache"


def test_the_api_and_missing_files_are_left_alone(client: TestClient) -> None:
    assert "cache-control" not in client.get("/api/v1/health").headers
    assert "cache-control" not in client.get("/assets/gone-1234.js").headers
