"""The plan's building blocks: frozen models, the note (a sentence without words) and the risk made of notes."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

NoteValue = str | int | float | list[str] | list[dict[str, str]]


class PlanModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Note(PlanModel):
    """One sentence of the plan: what it says (``code``) and the values it names; dates are ISO text."""

    code: str
    values: dict[str, NoteValue] = {}
    internal: bool = False


class Risk(PlanModel):
    kind: str
    severity: Literal["high", "medium", "low"]
    notes: list[Note]
