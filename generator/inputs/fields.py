"""The field types every YAML-backed model uses, and their strict base model."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints

Slug = Annotated[str, Strict(), StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
Text = Annotated[str, Strict(), StringConstraints(min_length=1, max_length=2000)]
Name = Annotated[str, Strict(), StringConstraints(min_length=1, max_length=200)]
Email = Annotated[str, Strict(),
                  StringConstraints(pattern=r"""^[^@\s<>"']+@[^@\s<>"']+\.[^@\s<>"']+$""", max_length=254)]
Count = Annotated[int, Strict(), Field(ge=0)]
Positive = Annotated[int, Strict(), Field(ge=1)]
Language = Annotated[str, Strict(), StringConstraints(pattern=r"^[a-z]{2}$")]


class StrictModel(BaseModel):
    """Base for YAML-backed models: an unknown key is a typo, so it is an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)
