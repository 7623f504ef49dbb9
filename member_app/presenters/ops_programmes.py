"""What the console's programme versions page shows, in the operator's language.

Figures are named by their key paths (`market.fee_percent`): the names the programme files
and the loader's messages use, identifiers in both languages. The loader's problems are
English sentences; in Chinese they are translated here, one pattern each, and a problem with
no translation is shown as the generic "check this figure" rather than in English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from member_app.i18n import message, normalize_locale
from member_app.presenters.ops import error_text, moment

STATUS_COLOURS = {"in_force": "green", "scheduled": "amber", "past": "gray",
                  "superseded": "gray"}
# The loader's problems a change of a figure can meet (rules.program_files, toml_reader, and
# services.programmes' own), in Chinese.
PROBLEMS_ZH = (
    (re.compile(r"must be at most (\d+) \((\d+) days\)"), "不能超过 {0}（{1} 天）"),
    (re.compile(r"must be at most (\d+)"), "不能超过 {0}"),
    (re.compile(r"must not be above (\S+)"), "不能大于 {0}"),
    (re.compile(r"must not be below (\S+)"), "不能小于 {0}"),
    (re.compile(r"must be 0 for a direct mapping"), "直接对应的合作等级必须为 0"),
    (re.compile(r"must be 0 for the first \(free\) tier"), "第一个（免费）等级的门槛必须为 0"),
    (re.compile(r"must be greater than the previous level's threshold"),
     "必须高于上一级勋章的门槛"),
    (re.compile(r"must be greater than the previous tier's threshold"),
     "必须高于上一个等级的门槛"),
    (re.compile(r"must be shorter than (\S+)"), "必须短于 {0}"),
    (re.compile(r"must be a non-negative integer"), "必须是非负整数"),
    (re.compile(r"must be a positive integer"), "必须是正整数"),
    (re.compile(r"must be >= (\d+)"), "不能小于 {0}"),
    (re.compile(r"must be a non-negative decimal"), "必须是非负小数"),
    (re.compile(r'must be a decimal string such as "(\S+)"'), "必须是小数，例如 {0}"),
    (re.compile(r"must be an integer"), "必须是整数"),
    (re.compile(r"is not a figure of this programme"), "不是本方案可修改的数值"),
)
FIGURE_PROBLEM = re.compile(r"changes\.(\S+?): (.+)")


@dataclass
class VersionCard:
    """One version in the history: its title, status, when and by whom, and its diff."""

    number: int = 0
    title: str = ""
    status: str = ""
    colour: str = "gray"
    meta: str = ""
    reason: str = ""
    changes: list[dict[str, str]] = field(default_factory=list)


def key_label(key: str) -> str:
    """A key path as a table shows it: it may break after each dot (a zero-width space), so
    on a phone `score.consumption.amount_cap` takes two short lines, not a screen's width."""
    return key.replace(".", ".\u200b")


def figure_rows(table: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The figures table: each figure's file value, the one in force and the latest one;
    `changed` marks a figure some version changed (shown in bold)."""
    return [{"key": row["key"], "label": key_label(row["key"]), "file": str(row["file"]),
             "now": str(row["now"]),
             "latest": str(row["latest"]),
             "changed": "1" if row["file"] != row["now"] or row["now"] != row["latest"] else ""}
            for row in table]


def version_cards(history: list[dict[str, Any]], lang: str) -> list[VersionCard]:
    cards = []
    for version in history:
        if version["number"] == 1:
            title, meta = message("ops_version_file", lang), ""
        else:
            title = message("ops_version_title", lang).format(number=version["number"])
            meta = " · ".join((
                message("ops_version_from", lang).format(day=version["effective_from"]),
                message("ops_version_by", lang).format(
                    name=version["created_by"], at=moment(version["created_at"], lang))))
        cards.append(VersionCard(
            number=version["number"], title=title,
            status=message(f"ops_status_{version['status']}", lang),
            colour=STATUS_COLOURS[version["status"]], meta=meta, reason=version["reason"],
            changes=[{"key": change["key"], "label": key_label(change["key"]),
                      "before": str(change["before"]),
                      "after": str(change["after"])} for change in version["changes"]]))
    return cards


def version_error(code: str, detail: str, lang: str, tomorrow: str) -> str:
    """A refusal of a new version, in the operator's language, naming the figure."""
    if code == "version_order":
        return message("ops_err_version_order", lang)
    if code == "version_changed":
        return message("ops_err_version_changed", lang)
    if code != "invalid_input":
        return error_text(code, detail, lang)
    if detail.startswith("effective_from: must be"):
        return message("ops_err_effective_from", lang).format(day=tomorrow)
    found = FIGURE_PROBLEM.fullmatch(detail)
    if found is None:
        return error_text(code, detail, lang)
    key, problem = found.groups()
    return message("ops_err_figure", lang).format(key=key, problem=problem_text(problem, lang))


def problem_text(problem: str, lang: str) -> str:
    if normalize_locale(lang) == "en":
        return problem
    for pattern, template in PROBLEMS_ZH:
        found = pattern.fullmatch(problem)
        if found:
            return template.format(*found.groups())
    return message("ops_err_check_form", lang)
