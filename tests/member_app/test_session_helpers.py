"""The pure helpers behind the UI session: locale detection and the post-login redirect."""

from __future__ import annotations

import pytest

from member_app.i18n import locale_from_accept_language
from member_app.state.session import safe_next_path


@pytest.mark.parametrize(
    ("header", "locale"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("en-US,en;q=0.9", "en"),
        ("fr-FR,en;q=0.5", "en"),
        ("zh-TW", "zh"),
        ("", "zh"),
        ("de-DE", "zh"),
    ],
)
def test_locale_follows_the_first_language_we_speak(header: str, locale: str) -> None:
    assert locale_from_accept_language(header) == locale


@pytest.mark.parametrize(
    ("target", "path"),
    [
        ("/points", "/points"),
        ("/me?tab=plus", "/me?tab=plus"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("", "/"),
    ],
)
def test_after_login_only_paths_of_this_site_are_followed(target: str, path: str) -> None:
    assert safe_next_path(target) == path
