"""The field types every YAML-backed model uses, and their strict base model."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict, StringConstraints

from .chars import describe, unprintable_in_text, why_refused
from .languages import language_problem, locale_problem


def _printable(what: str, *, multi_line: bool) -> Callable[[str], str]:
    """A check that ``what`` is printable: a name is one line, a text may break lines and hold tabs."""
    def check(value: str) -> str:
        if not value.strip():
            raise ValueError(f"the {what} is empty or only spaces; write it")
        found = unprintable_in_text(value, tab=multi_line, newline=multi_line)
        if found is not None:
            index, ch = found
            why = f"a {what} is one line of text" if ch in "\t\n" else why_refused(ch)
            named = describe(ch)
            article = "an" if named[0] in "aeiou" else "a"
            raise ValueError(f"the {what} holds {article} {named} at character {index + 1}, and {why}; remove it")
        return value
    return check


def _refuse_if(problem: Callable[[str], str | None]) -> Callable[[str], str]:
    def check(value: str) -> str:
        message = problem(value)
        if message:
            raise ValueError(message)
        return value
    return check


Slug = Annotated[str, Strict(), StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
Text = Annotated[str, Strict(), StringConstraints(min_length=1, max_length=2000),
                 AfterValidator(_printable("text", multi_line=True))]
Name = Annotated[str, Strict(), StringConstraints(min_length=1, max_length=200),
                 AfterValidator(_printable("name", multi_line=False))]
Email = Annotated[str, Strict(),
                  StringConstraints(pattern=r"""^[^@\s<>"']+@[^@\s<>"']+\.[^@\s<>"']+$""", max_length=254),
                  AfterValidator(_printable("email address", multi_line=False))]
# No company has ten million people or seats; a larger number is a typo, and bounding it keeps all arithmetic sane.
MAX_PEOPLE = 10_000_000
Count = Annotated[int, Strict(), Field(ge=0, le=MAX_PEOPLE)]
Positive = Annotated[int, Strict(), Field(ge=1, le=MAX_PEOPLE)]
SeatChange = Annotated[int, Strict(), Field(ge=-MAX_PEOPLE, le=MAX_PEOPLE)]
# Plans run a year past the QBR; dates outside this window are typos (0202 for 2026, 9999 as "never").
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)
Day = Annotated[date, Field(ge=FIRST_DAY, le=LAST_DAY)]
# A language with a catalog in generator/locale/ (or English); a locale adds a region Babel knows it in.
Language = Annotated[str, Strict(), AfterValidator(_refuse_if(language_problem)),
                     Field(json_schema_extra={"pattern": r"^[a-z]{2}$"})]
Locale = Annotated[str, Strict(), AfterValidator(_refuse_if(locale_problem)),
                   Field(json_schema_extra={"pattern": r"^[a-z]{2}(-[A-Z]{2})?$"})]
Color = Annotated[str, Strict(), StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
MonthDay = Annotated[str, Strict(), StringConstraints(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]
# A logo is a plain file name inside a theme folder: no path, so it can never name a file elsewhere.
LogoFile = Annotated[str, Strict(), StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.(svg|png)$")]
# Likewise the deck's PowerPoint template, a file of the theme folder.
DeckFile = Annotated[str, Strict(), StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.pptx$")]


class StrictModel(BaseModel):
    """Base for YAML-backed models: an unknown key is a typo, so it is an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)
