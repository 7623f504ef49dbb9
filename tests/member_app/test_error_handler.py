"""A bug in an event handler reaches the member as a plain message, never a traceback."""

from __future__ import annotations


def test_backend_errors_become_a_plain_notice() -> None:
    from member_app.member_app import backend_exception_handler
    from member_app.state.base import AppState

    try:
        raise RuntimeError("database password is hunter2")
    except RuntimeError as error:
        spec = backend_exception_handler(error)
    # It raises the flag the notice shows on: a state event, no script for the page to eval
    # (our CSP refuses eval), and nothing of the exception goes along.
    assert spec.handler.fn.__qualname__ == AppState.show_backend_error.fn.__qualname__
    assert spec.args == ()


def _texts(rendered: object) -> list[str]:
    """Every string of a rendered component tree, its JavaScript \\u-escapes decoded."""
    if isinstance(rendered, str):
        return [rendered.encode().decode("unicode_escape")]
    if isinstance(rendered, dict):
        return [text for value in rendered.values() for text in _texts(value)]
    if isinstance(rendered, list | tuple):
        return [text for value in rendered for text in _texts(value)]
    return []


def test_the_notice_says_it_plainly_in_the_members_language() -> None:
    from member_app.components.error_notice import backend_error_notice

    shown = " ".join(_texts(backend_error_notice().render()))
    assert "出了点问题，请稍后再试" in shown
    assert "Something went wrong, please try again" in shown
