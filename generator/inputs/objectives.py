"""The customer's objectives: why the sponsor cares, in the customer's own words and numbers.

Three places hold them. The library's ``usecases/outcomes.yaml`` names the outcomes use cases
serve ("new hires productive sooner"); an account lists the objectives its sponsor agreed, each
tied to outcomes and, where the customer measures it, a baseline, a target and a date; a
playbook proposes outcomes per stage of maturity for an account that has agreed none yet.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field, Strict, model_validator

from .fields import Day, Language, Name, Slug, StrictModel, Text

MAX_OBJECTIVES = 20  # a sponsor agrees three to five; twenty is already a strategy document
MAX_OUTCOMES = 200


# --- the library (usecases/outcomes.yaml) ----------------------------------------------


class OutcomeText(StrictModel):
    """An outcome's words in another language."""

    title: Name | None = Field(None, description="The outcome in this language.")
    measure: Name | None = Field(None, description="The suggested measure in this language.")


class Outcome(StrictModel):
    """A result a customer wants, which use cases serve."""

    id: Slug = Field(description="Id that use cases, accounts and playbooks name, such as 'faster-onboarding'.")
    title: Name = Field(description="The result in the customer's words ('New hires productive sooner').")
    measure: Name | None = Field(None, description="A measure to suggest when the objective is proposed "
                                                   "('Weeks until a new hire works unaided').")
    translations: dict[Language, OutcomeText] = Field(
        default_factory=dict, description="Title and measure by language code (de, fr, ja).")

    def in_language(self, language: str) -> Outcome:
        text = self.translations.get(language)
        if text is None:
            return self
        return self.model_copy(update={k: getattr(text, k) for k in ("title", "measure") if getattr(text, k)})


class OutcomeCatalog(StrictModel):
    """usecases/outcomes.yaml: the outcomes the library's use cases serve."""

    outcomes: Annotated[list[Outcome], Field(min_length=1, max_length=MAX_OUTCOMES)] = Field(
        description="The outcomes.")

    @model_validator(mode="after")
    def _unique(self) -> OutcomeCatalog:
        ids = [o.id for o in self.outcomes]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"outcome listed twice: {', '.join(twice)}")
        return self


# --- accounts ------------------------------------------------------------------------


class ObjectiveOwner(StrictModel):
    name: Name = Field(description="The person at the customer who owns the objective.")
    title: Name = Field(description="Their title, as the documents print it.")


class Measure(StrictModel):
    """How the customer measures an objective: from its baseline to its target by a date."""

    name: Name = Field(description="What is measured ('Weeks until a new hire works unaided').")
    unit: Name | None = Field(None, description="Its unit, such as '%', 'days' or 'tickets'.")
    baseline: float = Field(description="The value when the objective was set.")
    target: float = Field(description="The value that means the objective is met; lower than the baseline for "
                                      "a measure that should fall.")
    current: float | None = Field(None, description="The value today, where the customer has measured it.")
    since: Day | None = Field(None, description="When the baseline was measured; without it, the contract's start.")
    by: Day = Field(description="The date the target is due.")

    @model_validator(mode="after")
    def _moves(self) -> Measure:
        if self.target == self.baseline:
            raise ValueError(f"target ({self.target:g}) is the baseline: give the value that means success")
        if self.since is not None and self.since >= self.by:
            raise ValueError(f"since ({self.since}) is not before by ({self.by})")
        return self

    def progress(self) -> float | None:
        """How far from the baseline to the target the current value is: 0 at the baseline, 1 at the target."""
        if self.current is None:
            return None
        return (self.current - self.baseline) / (self.target - self.baseline)

    def start(self, contract_start: date) -> date:
        return self.since or contract_start


class Objective(StrictModel):
    """One of the customer's objectives, as its sponsor agreed it."""

    id: Slug = Field(description="Stable id, so the next QBR can compare its status with this one's.")
    title: Text = Field(description="The objective in the customer's words ('Onboard 300 engineers in a quarter').")
    outcomes: Annotated[list[Slug], Field(min_length=1, max_length=10)] = Field(
        description="Ids of the library's outcomes it needs (usecases/outcomes.yaml): the use cases serving them "
                    "serve it.")
    owner: ObjectiveOwner | None = Field(None, description="Who at the customer owns it.")
    measure: Measure | None = Field(None, description="How it is measured, where the customer measures it.")
    departments: Annotated[list[Name], Field(max_length=50)] = Field(
        default_factory=list, description="Only the use cases of these departments (their names, or personas) "
                                          "and company-wide ones serve it; empty: every department's.")
    notes: Text | None = Field(None, description="Anything the documents should say with it, printed as written.")


Objectives = Annotated[list[Objective], Field(max_length=MAX_OBJECTIVES)]


# --- playbooks -----------------------------------------------------------------------


class ProposedOutcomes(StrictModel):
    """Outcomes to propose, per stage of the account's maturity, to an account that has agreed no objective."""

    onboarding: list[Slug] = Field(default_factory=list, description="Inside the onboarding window.")
    expanding: list[Slug] = Field(default_factory=list, description="While departments are being brought in.")
    mature: list[Slug] = Field(default_factory=list, description="Once most of what is offered is adopted.")
    at_risk: list[Slug] = Field(default_factory=list, description="While the account is at risk.")


class ObjectiveRules(StrictModel):
    """How objectives are proposed and how their status is judged."""

    proposed: ProposedOutcomes = Field(default_factory=ProposedOutcomes,
                                       description="Outcomes proposed when the account has agreed none.")
    at_risk_gap_pct: Annotated[int, Strict(), Field(ge=1, le=100)] = Field(
        10, description="Progress this many points behind the time elapsed makes an objective 'at risk'.")
    behind_gap_pct: Annotated[int, Strict(), Field(ge=1, le=100)] = Field(
        25, description="Progress this many points behind the time elapsed (or a date passed) makes it 'behind'.")

    @model_validator(mode="after")
    def _ordered(self) -> ObjectiveRules:
        if self.behind_gap_pct <= self.at_risk_gap_pct:
            raise ValueError(f"behind_gap_pct ({self.behind_gap_pct}) must be more than at_risk_gap_pct "
                             f"({self.at_risk_gap_pct})")
        return self
