"""The library's words in other languages: what enablement translates, and what is left in English."""

from __future__ import annotations

from pydantic import Field

from .fields import Name, StrictModel, Text


class UseCaseText(StrictModel):
    """A use case's words in another language; what is left out stays in English."""

    title: Name | None = Field(None, description="Title in this language.")
    summary: Text | None = Field(None, description="Summary in this language.")
    story: Text | None = Field(None, description="Customer story in this language.")


class PersonaText(StrictModel):
    """A persona's name in another language."""

    title: Name = Field(description="Name of the persona or department in this language.")


class CouncilText(StrictModel):
    """The council's words in another language; what is left out stays in English."""

    cadence: Name | None = None
    chair_role: Name | None = None
    sponsor_role: Name | None = None
    admin_lead_role: Name | None = None
    purpose: Text | None = None
    responsibilities: list[Text] | None = Field(None, description="All of them, in the same order as in English.")


class PlaybookText(StrictModel):
    """A playbook's words in another language."""

    title: Name | None = Field(None, description="Name of the segment in this language.")
    council: CouncilText | None = None


COUNCIL_TEXTS = ("cadence", "chair_role", "sponsor_role", "admin_lead_role", "purpose", "responsibilities")
