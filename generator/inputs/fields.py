"""The field types every YAML-backed model uses, and their strict base model."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints

Slug = Annotated[str, Strict(), StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
Text = Annotated[str, Strict(), StringConstraints(min_length=1, max_length=2000)]
Name = Annotated[str, Strict(), StringConstraints(min_length=1, max_length=200)]
Email = Annotated[str, Strict(),
                  StringConstraints(pattern=r"""^[^@\s<>"']+@[^@\s<>"']+\.[^@\s<>"']+$""", max_length=254)]
# No company has ten million people or seats; a larger number is a typo, and bounding it keeps all arithmetic sane.
MAX_PEOPLE = 10_000_000
Count = Annotated[int, Strict(), Field(ge=0, le=MAX_PEOPLE)]
Positive = Annotated[int, Strict(), Field(ge=1, le=MAX_PEOPLE)]
SeatChange = Annotated[int, Strict(), Field(ge=-MAX_PEOPLE, le=MAX_PEOPLE)]
# Plans run a year past the QBR; dates outside this window are typos (0202 for 2026, 9999 as "never").
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)
Day = Annotated[date, Field(ge=FIRST_DAY, le=LAST_DAY)]
Language = Annotated[str, Strict(), StringConstraints(pattern=r"^[a-z]{2}$")]
Color = Annotated[str, Strict(), StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
MonthDay = Annotated[str, Strict(), StringConstraints(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]
# A logo is a plain file name inside a theme folder: no path, so it can never name a file elsewhere.
LogoFile = Annotated[str, Strict(), StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.(svg|png)$")]


class StrictModel(BaseModel):
    """Base for YAML-backed models: an unknown key is a typo, so it is an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)
