"""The library's words in other languages: what enablement translates, and what is left in English."""

from __future__ import annotations

from pydantic import Field

from .fields import Name, Slug, StrictModel, Text


class TrainingText(StrictModel):
    """A training session's words in another language."""

    module: Text
    audience: Text


class UseCaseText(StrictModel):
    """A use case's words in another language; what is left out stays in English."""

    title: Name | None = Field(None, description="Title in this language.")
    summary: Text | None = Field(None, description="Summary in this language.")
    story: Text | None = Field(None, description="Customer story in this language.")
    training: list[TrainingText] | None = Field(None, description="Every session, in the same order as in English.")
    success_metrics: list[Text] | None = Field(None, description="Every metric, in the same order as in English.")


class PersonaText(StrictModel):
    """A persona's name in another language."""

    title: Name = Field(description="Name of the persona or department in this language.")


class MaturityWords(StrictModel):
    """The charter's purpose at each stage of an account's maturity; a stage left out says the council's purpose."""

    onboarding: Text | None = Field(None, description="While the account is inside its onboarding window.")
    expanding: Text | None = Field(None, description="While departments are still being brought in.")
    mature: Text | None = Field(None, description="Once the account has adopted most of what it is offered, or "
                                                  "its contract is old enough.")
    at_risk: Text | None = Field(None, description="While the account is at risk.")


class MaturityLists(StrictModel):
    """The council's responsibilities at each stage of an account's maturity; a stage left out lists the council's
    own."""

    onboarding: list[Text] | None = None
    expanding: list[Text] | None = None
    mature: list[Text] | None = None
    at_risk: list[Text] | None = None


class ToolGroupText(StrictModel):
    """A tool group's words in another language."""

    title: Name | None = Field(None, description="What the tools do, in this language.")
    yours: Name | None = Field(None, description="The account's own tool of the group, unnamed, in this language.")


class CouncilText(StrictModel):
    """The council's words in another language; what is left out stays in English."""

    cadence: Name | None = None
    chair_role: Name | None = None
    sponsor_role: Name | None = None
    admin_lead_role: Name | None = None
    purpose: Text | None = None
    responsibilities: list[Text] | None = Field(None, description="All of them, in the same order as in English.")
    purpose_by_maturity: MaturityWords | None = Field(None, description="The purpose for each stage; a stage left out "
                                                                  "falls back to the English one.")
    responsibilities_by_maturity: MaturityLists | None = Field(
        None, description="Each stage's responsibilities, all of them in the same order as in English.")
    decision_rights: list[Text] | None = Field(None, description="All of them, in the same order as in English.")
    escalation: list[Name] | None = Field(None, description="Every step, in the same order as in English.")


class PlaybookText(StrictModel):
    """A playbook's words in another language."""

    title: Name | None = Field(None, description="Name of the segment in this language.")
    council: CouncilText | None = None
    onboarding_steps: dict[Slug, Name] | None = Field(None, description="Every step's title, by step id.")
    step_owners: dict[Name, Name] | None = Field(None, description="Every onboarding step owner, by its English "
                                                                   "name ('Customer IT').")
    admin_track: list[Name] | None = Field(None, description="Every admin module, in the same order as in English.")
    community_channel: Name | None = Field(None, description="Where champions gather, when the playbook says it in "
                                                             "words ('the customer community forum'); the charter "
                                                             "prints it after 'in' (German: the dative).")


COUNCIL_TEXTS = ("cadence", "chair_role", "sponsor_role", "admin_lead_role", "purpose", "responsibilities",
                 "decision_rights", "escalation")
MATURITIES = ("onboarding", "expanding", "mature", "at_risk")


def same_length(given: list | None, english: list, where: str) -> str | None:
    """The complaint when a translated list does not have one entry for each English one."""
    if given is None or len(given) == len(english):
        return None
    return f"{where} has {len(given)} items; expected all {len(english)}, in the same order"
