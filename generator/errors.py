"""User errors, which carry locations, as opposed to bugs, which are ordinary exceptions.

Only :class:`UserError` is caught by the command line; anything else is a bug and
should surface as one.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Location:
    """A place in an input file; line and column count from 1, 0 means unknown.

    ``unit`` names what ``line`` counts when it is not a text line: 'row' for a CSV row.
    """

    file: str
    line: int = 0
    column: int = 0
    unit: str = ""

    def __str__(self) -> str:
        if self.unit:
            return f"{self.file}:{self.unit} {self.line}"
        parts = [self.file]
        if self.line:
            parts.append(str(self.line))
            if self.column:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, said so that a non-programmer can fix it."""

    location: Location
    message: str
    path: str = ""
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.location}: "
        what = f"{self.path}: " if self.path else ""
        tag = "warning: " if self.severity == "warning" else ""
        return f"{where}{tag}{what}{self.message}"


class UserError(Exception):
    """Bad input: one or more problems, all reported together."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(sorted(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class Problems:
    """Collects problems across a stage so that all of them are reported at once."""

    items: list[Problem] = field(default_factory=list)

    def add(self, location: Location, message: str, path: str = "", severity: Severity = "error") -> None:
        self.items.append(Problem(location, message, path, severity))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise UserError(self.errors)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ' (did you mean 'x'?)' for the closest choice, or '' when none is close."""
    close = difflib.get_close_matches(str(word), sorted(set(choices)), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
