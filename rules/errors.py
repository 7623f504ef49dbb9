"""Every exception the rules package raises on purpose, in one place.

    RulesError              base: catch this to handle any rules failure
    ├── ProgramError        a program data file is unusable (file, key, problem)
    └── EventError          an event is malformed (field, problem)

Programming mistakes (a naive datetime passed to a function, a streak day below 1, a
settlement day that is not the 1st) raise the built-in ValueError instead: they are bugs in
the caller, not facts about members or programs.
"""

from __future__ import annotations


class RulesError(Exception):
    """Base class of every deliberate rules failure."""


class ProgramError(RulesError):
    """A program definition file was refused; names the file, the key and the problem."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        self.file = file
        self.key = key
        self.problem = problem
        where = f"{file}: {key}" if key else file
        super().__init__(f"{where}: {problem}")


class EventError(RulesError):
    """An event was refused; `field` is the offending key ("" for the event as a whole)."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}" if field else problem)

