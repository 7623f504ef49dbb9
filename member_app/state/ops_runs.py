"""The console's runs page: start the JD settlement or the sweep, watch it, see past runs.

A run takes seconds to minutes, so it is a background event: the operator's page stays live
and shows progress while a worker thread runs it. Starting is checked and marked inside the
state's lock, so two taps cannot start two runs at once; a run started again after one has
finished changes nothing more (a settled month is not settled twice, and a sweep finds
nothing stale left).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import reflex as rx

import rules
from member_app.errors import AppError
from member_app.i18n import message
from member_app.presenters.ops import error_text, run_rows
from member_app.services.ops_runs import past_runs, run_settlement, run_sweep
from member_app.services.unit import run_in_transaction
from member_app.state.ops import OpsState
from member_app.state.session import now


class OpsRunsState(OpsState):
    settlements: list[dict[str, str]] = []
    sweeps: list[dict[str, str]] = []
    month: str = ""
    running: str = ""  # "", "settlement" or "sweep"
    done: int = 0
    total: int = 0
    outcome: str = ""
    run_error: str = ""

    @rx.var
    def progress_text(self) -> str:
        return message("ops_run_progress", self.lang).format(done=self.done, total=self.total)

    @rx.event
    def load(self):  # type: ignore[no-untyped-def]
        if not self.month:
            self.month = now().astimezone(rules.load_program("jd").tz).strftime("%Y-%m")
        return self._show()

    @rx.event
    def reload(self):  # type: ignore[no-untyped-def]
        return self._show()

    @rx.event
    def set_month(self, value: str) -> None:
        self.month = str(value)[:7]

    def _show(self) -> rx.event.EventSpec | None:
        with self._reading() as session:
            if self._operator(session) is None:
                return self._to_ops_login()
            runs = past_runs(session=session)
        self.settlements, self.sweeps = run_rows(runs, self.lang)
        self.shown_in = self.lang
        return None

    @rx.event(background=True)
    async def start_settlement(self):  # type: ignore[no-untyped-def]
        async with self:
            month = self.month

        def work(operator: Any, progress: Callable[[int, int], None]) -> dict[str, Any]:
            # Retried as the API's transactions are (a deadlock, SQLite's busy lock).
            return run_in_transaction(None, lambda session: run_settlement(
                session=session, operator=operator, month=month, now=now(), progress=progress))

        async for update in self._run("settlement", work):
            yield update

    @rx.event(background=True)
    async def start_sweep(self):  # type: ignore[no-untyped-def]
        def work(operator: Any, progress: Callable[[int, int], None]) -> dict[str, Any]:
            return run_sweep(engine=None, operator=operator, now=now(), progress=progress)

        async for update in self._run("sweep", work):
            yield update

    async def _run(self, kind: str, work: Callable[[Any, Callable[[int, int], None]],
                                                   dict[str, Any]]):  # type: ignore[no-untyped-def]
        async with self:
            if self.running:
                return  # one run at a time from this page
            with self._reading() as session:
                operator = self._operator(session)
            if operator is not None:
                self.running, self.done, self.total = kind, 0, 0
                self.outcome = self.run_error = ""
        if operator is None:
            yield self._to_ops_login()
            return
        seen = {"done": 0, "total": 0}

        def progress(done: int, total: int) -> None:
            seen["done"], seen["total"] = done, total

        task = asyncio.get_running_loop().run_in_executor(None, work, operator, progress)
        answer: dict[str, Any] | None = None
        error = ""
        try:
            while not task.done():
                await asyncio.sleep(0.3)
                async with self:
                    self.done, self.total = seen["done"], seen["total"]
            answer = task.result()
        except AppError as refused:
            error = error_text(refused.code, refused.detail, self.lang)
        except Exception:
            # A bug or the database gone: the page must not stay "running" for ever, and the
            # operator is told (app.backend_exception_handler logs it).
            error = message("ops_err_error", self.lang)
            raise
        finally:
            async with self:
                self.running = ""
                self.run_error = error
                if answer is not None:
                    self.outcome = _outcome(kind, answer, self.lang)
                self._show()


def _outcome(kind: str, answer: dict[str, Any], lang: str) -> str:
    if kind == "settlement":
        key = "ops_run_settled" if answer["ran"] else "ops_run_settled_before"
        return message(key, lang).format(month=answer["month"], members=answer["members"])
    return message("ops_run_swept", lang).format(members=answer["brought_forward"],
                                                 failures=len(answer["failures"]),
                                                 payments=answer["payments_decided"])

