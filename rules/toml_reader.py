"""Reading and validating program files into `Program` objects.

A bad file is refused with `ProgramError` naming the file, the key path (`tiers[2].threshold`)
and the problem. Unknown keys are refused too, so a typo cannot silently fall back to code.
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rules.errors import ProgramError
from rules.program import Names

# No figure of a programme is this large: a rate, a cap or a count of points above it is a
# typo, and it keeps every sum of figures inside the ledger's 32-bit columns.
MAX_FIGURE = 10**9


class Table:
    """A TOML table being read: typed getters that raise ProgramError with the key path."""

    def __init__(self, file: str, path: str, data: Any) -> None:
        self.file = file
        self.path = path
        if not isinstance(data, dict):
            self.fail("", "must be a table")
        self.data: dict[str, Any] = data
        self.used: set[str] = set()

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def fail(self, name: str, problem: str) -> NoReturn:
        key = self.key(name) if name else self.path
        raise ProgramError(self.file, key, problem)

    def raw(self, name: str, default: Any = ...) -> Any:
        self.used.add(name)
        if name not in self.data:
            if default is ...:
                self.fail(name, "is required")
            return default
        return self.data[name]

    def local_date(self, name: str, default: Any = ...) -> date | None:
        """A TOML local date (`2026-12-03`, unquoted), or `default` when absent."""
        if name not in self.data and default is not ...:
            return self.raw(name, default)  # type: ignore[no-any-return]
        value = self.raw(name)
        if not isinstance(value, date) or isinstance(value, datetime):
            self.fail(name, "must be a local date such as 2026-12-03 (unquoted)")
        return value

    def integer(self, name: str, default: Any = ..., minimum: int = 0,
                maximum: int = MAX_FIGURE) -> int:
        value = self.raw(name, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            what = "non-negative" if minimum == 0 else f">= {minimum}"
            self.fail(name, f"must be a {what} integer" if minimum <= 0 else f"must be {what}")
        if value > maximum:
            self.fail(name, f"must be at most {maximum}")
        return value

    def positive(self, name: str, default: Any = ..., maximum: int = MAX_FIGURE) -> int:
        value = self.raw(name, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.fail(name, "must be a positive integer")
        if value > maximum:
            self.fail(name, f"must be at most {maximum}")
        return value

    def text(self, name: str, default: Any = ...) -> str:
        value = self.raw(name, default)
        if not isinstance(value, str) or not value.strip():
            self.fail(name, "must be a non-empty string")
        return value

    def choice(self, name: str, options: tuple[str, ...]) -> str:
        value = self.text(name)
        if value not in options:
            self.fail(name, f"must be one of {', '.join(options)}")
        return value

    def boolean(self, name: str, default: Any = ...) -> bool:
        value = self.raw(name, default)
        if not isinstance(value, bool):
            self.fail(name, "must be true or false")
        return value

    def decimal(self, name: str) -> Decimal:
        value = self.raw(name)
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.fail(name, 'must be a decimal string such as "0.9"')
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite() or number < 0:
            self.fail(name, "must be a non-negative decimal")
        if number > MAX_FIGURE:
            self.fail(name, f"must be at most {MAX_FIGURE}")
        return number

    def table(self, name: str, default: Any = ...) -> Table:
        value = self.raw(name, default)
        return Table(self.file, self.key(name), value)

    def tables(self, name: str) -> list[Table]:
        value = self.raw(name)
        if not isinstance(value, list) or not value:
            self.fail(name, "must be a non-empty array of tables")
        return [Table(self.file, f"{self.key(name)}[{i}]", item) for i, item in enumerate(value)]

    def int_list(self, name: str) -> tuple[int, ...]:
        value = self.raw(name)
        if not isinstance(value, list) or not value:
            self.fail(name, "must be a non-empty array of non-negative integers")
        for i, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, int) or item < 0:
                self.fail(f"{name}[{i}]", "must be a non-negative integer")
            if item > MAX_FIGURE:
                self.fail(f"{name}[{i}]", f"must be at most {MAX_FIGURE}")
        return tuple(value)

    def text_list(self, name: str) -> tuple[str, ...]:
        value = self.raw(name)
        if not isinstance(value, list) or not value:
            self.fail(name, "must be a non-empty array of strings")
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item:
                self.fail(f"{name}[{i}]", "must be a non-empty string")
        return tuple(value)

    def names(self, name: str = "names") -> Names:
        return self.table(name).as_names()

    def as_names(self) -> Names:
        names = Names(zh=self.text("zh"), en=self.text("en"))
        self.done()
        return names

    def names_map(self, name: str) -> MappingProxyType[str, Names]:
        table = self.table(name)
        result = {key: table.table(key).as_names() for key in table.data}
        table.done()
        return MappingProxyType(result)

    def done(self) -> None:
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            self.fail(unknown[0], "unknown key")


def read_toml(path: Path, display: str) -> Table:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ProgramError(display, "", "file not found") from None
    except tomllib.TOMLDecodeError as error:
        raise ProgramError(display, "", f"not valid TOML ({error})") from None
    return Table(display, "", data)


def read_zone(root: Table) -> tuple[str, ZoneInfo]:
    name = root.text("timezone", "Asia/Shanghai")
    try:
        return name, ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        root.fail("timezone", f"unknown time zone {name!r}")
        raise AssertionError("unreachable") from None
