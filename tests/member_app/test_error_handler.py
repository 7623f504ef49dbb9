"""A bug in an event handler reaches the member as a plain bilingual message, never a traceback."""

from __future__ import annotations

import json


def test_backend_errors_become_a_plain_message_in_both_languages() -> None:
    from member_app.member_app import backend_exception_handler

    try:
        raise RuntimeError("database password is hunter2")
    except RuntimeError as error:
        spec = backend_exception_handler(error)
    # The JavaScript sent to the page, where non-ASCII text is \u-escaped.
    shown = " ".join(str(value) for _, value in spec.args)
    assert json.dumps("出了点问题，请稍后再试")[1:-1] in shown
    assert "Something went wrong, please try again" in shown
    assert "hunter2" not in shown and "Traceback" not in shown and "RuntimeError" not in shown
