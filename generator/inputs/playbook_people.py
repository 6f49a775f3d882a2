"""The people side of a playbook: the council, its enablement tracks and the champions community."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, Strict, model_validator

from .fields import Name, Positive, Slug, StrictModel, Text
from .translations import MaturityLists, MaturityWords


class Interval(StrictModel):
    """A repeating interval: so many months (monthly, quarterly) or so many weeks (every six weeks)."""

    months: Annotated[int, Strict(), Field(ge=1, le=12)] | None = None
    weeks: Annotated[int, Strict(), Field(ge=1, le=26)] | None = None

    @model_validator(mode="after")
    def _one_unit(self) -> Interval:
        if (self.months is None) == (self.weeks is None):
            raise ValueError("give either months or weeks, not both or neither")
        return self


class Council(StrictModel):
    cadence: Name = Field(description="How often the council meets, in words ('monthly').")
    meeting_minutes: Annotated[int, Strict(), Field(ge=15, le=480)] = Field(60, description="Length of a meeting.")
    chair_role: Name = Field(description="Role that chairs the council at the customer. A council member with "
                                         "this title chairs it; otherwise the named executive sponsor does.")
    sponsor_role: Name = Field(description="Role of the executive sponsor.")
    admin_lead_role: Name = Field(description="Role of the workspace admin lead.")
    purpose: Text = Field(description="Why the council exists, as the charter states it.")
    responsibilities: Annotated[list[Text], Field(min_length=1)] = Field(description="What the council does.")
    meets_every: Interval = Field(default_factory=lambda: Interval(months=1),
                                  description="How often the council meets, for its dates: {months: 1} or {weeks: 6}; "
                                              "'cadence' says the same in words.")
    purpose_by_maturity: MaturityWords = Field(
        default_factory=MaturityWords, description="The charter's purpose by the account's stage (onboarding, "
                                                "expanding, mature, at_risk); a stage left out says 'purpose'.")
    responsibilities_by_maturity: MaturityLists = Field(
        default_factory=MaturityLists, description="The council's responsibilities by the account's stage; a stage "
                                                   "left out lists 'responsibilities'.")
    mature_adopted_pct: Annotated[int, Strict(), Field(ge=1, le=100)] = Field(
        60, description="Share of the use cases offered to an account, in percent, it must have adopted to be mature.")
    mature_contract_years: Annotated[int, Strict(), Field(ge=1, le=30)] = Field(
        3, description="Years since the contract started after which an account is mature, whatever it adopted.")
    min_term_months: Annotated[int, Strict(), Field(ge=1, le=24)] = Field(
        6, description="The charter's shortest term: it runs from the QBR to the first renewal at least this many "
                       "months after it, so a renewal just after the QBR gives way to the one after.")
    decision_rights: list[Text] = Field(default_factory=list, description="What the council decides, as the charter "
                                                                          "lists it.")
    escalation: list[Name] = Field(default_factory=list, description="Who a blocked team turns to, in order, as the "
                                                                     "charter lists it (champion, department head, "
                                                                     "council chair, executive sponsor and CSM).")


class AdminModule(StrictModel):
    module: Name = Field(description="Name of the admin training module.")
    minutes: Annotated[int, Strict(), Field(ge=5, le=480)] = Field(description="Length of the module.")


class Enablement(StrictModel):
    admin_track: Annotated[list[AdminModule], Field(min_length=1)] = Field(description="Dedicated admin track.")
    train_the_trainer_minutes: Annotated[int, Strict(), Field(ge=15, le=480)] = Field(
        description="Length of one train-the-trainer session.")
    trainer_lead_weeks: Annotated[int, Strict(), Field(ge=0, le=12)] = Field(
        2, description="Weeks before a department's wave starts that its first train-the-trainer session is held.")
    trainer_session_size: Annotated[int, Strict(), Field(ge=4, le=100)] = Field(
        25, description="Most trainers in one train-the-trainer session; a department with more gets several, "
                        "a week apart.")
    trainer_session_min: Annotated[int, Strict(), Field(ge=2, le=34)] = Field(
        5, description="Fewest trainers in one session: departments with fewer champions share a session. Three "
                       "times it is at most trainer_session_size + 2 (9 for 25), so that shared sessions always fit.")
    restart_minutes: Annotated[int, Strict(), Field(ge=15, le=480)] = Field(
        60, description="Length of a champions' restart session, for the live departments of an account at risk.")
    restart_weeks: Annotated[int, Strict(), Field(ge=0, le=8)] = Field(
        1, description="Weeks from the plan's date that the first champions' restart session is held, for an "
                       "account at risk.")
    group_session_size: Positive = Field(description="People per large group session.")
    mandatory_training: Annotated[bool, Strict()] = Field(description="Training required before access.")
    new_hire_sessions_per_year: Annotated[int, Strict(), Field(ge=0, le=52)] = Field(
        0, description="New-hire sessions a year for growing accounts.")

    @model_validator(mode="after")
    def _sessions_fit(self) -> Enablement:
        # Small departments are grouped until they reach the minimum, and a last group too small to stand alone
        # joins the one before: at most three minimums less two people, which must still fit in one session.
        if 3 * self.trainer_session_min > self.trainer_session_size + 2:
            raise ValueError(f"trainer_session_min ({self.trainer_session_min}) is more than a third of "
                             f"trainer_session_size ({self.trainer_session_size}) plus one: shared sessions "
                             f"could not keep within both")
        return self


class ChampionRange(StrictModel):
    min: Annotated[int, Strict(), Field(ge=1, le=1000)] = Field(1, description="Fewest champions in a department.")
    max: Annotated[int, Strict(), Field(ge=1, le=1000)] = Field(
        12, description="Most champions in a department: more than a council can know by name does not help.")

    @model_validator(mode="after")
    def _ordered(self) -> ChampionRange:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is more than max ({self.max})")
        return self


class Community(StrictModel):
    champion_ratio: Annotated[float, Field(gt=0, le=1)] = Field(
        0.10, description="Champions per person in a department (0.10 means one in ten), rounded up.")
    champions_per_department: ChampionRange = Field(
        default_factory=ChampionRange, description="Fewest and most champions one department gets.")
    champions_of_active_pct: Annotated[int, Strict(), Field(ge=1, le=100)] = Field(
        25, description="Of a department's active users, at most this share (rounded up) are asked to be "
                        "champions now; the rest of its champions are recruited as its wave goes live.")
    channel: Name | None = Field(None, description="Where champions gather, in words ('the customer community "
                                                   "forum'), when it is not one of the account's own tools.")
    channel_group: Slug | None = Field(
        None, description="Tool group (from usecases/tools.yaml) where champions gather, such as 'chat': the "
                          "account's own tool of that group, Slack or Microsoft Teams.")

    @model_validator(mode="after")
    def _one_channel(self) -> Community:
        if (self.channel is None) == (self.channel_group is None):
            raise ValueError("give either channel (words) or channel_group (a tool group), not both or neither")
        return self
