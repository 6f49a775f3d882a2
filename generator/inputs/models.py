"""The models behind the YAML files: the use-case library, its tool groups, and accounts (playbooks: ``playbook.py``).

Field descriptions end up in the exported JSON Schemas, which is what an editor shows
enablement while they type, so they are written for them.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Literal

import holidays
from pydantic import Field, Strict, StringConstraints, model_validator

from ..errors import did_you_mean
from .fields import Count, Day, Email, Language, Locale, LogoFile, Name, Positive, SeatChange, Slug, StrictModel, Text
from .measured import MAX_MEASURED, AccountId, Measured, Trend
from .objectives import Objectives
from .tools import Ecosystem, ToolCatalog, ToolGroup
from .translations import PersonaText, UseCaseText, same_length
from .wins import Wins

__all__ = ["Ecosystem", "ToolCatalog", "ToolGroup"]  # the tool catalog's models, read from here too

Stage = Literal["foundation", "expand", "optimize", "transform"]
STAGES: tuple[Stage, ...] = ("foundation", "expand", "optimize", "transform")
AdoptionState = Literal["adopted", "piloting"]


# --- the use-case library (usecases/*.yaml) ------------------------------------------


class TrainingModule(StrictModel):
    module: Text = Field(description="Name of the training session.")
    audience: Text = Field(description="Who attends, in plain words (for example 'engineers').")
    minutes: Annotated[int, Strict(), Field(ge=5, le=480)] = Field(description="Length of the session.")


class MeasuredBy(StrictModel):
    """How usage data measures a success metric (docs/usage.md)."""

    metric: Annotated[str, Strict(), StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")] = Field(
        description="Id of the metric in usecases/metrics.yaml.")
    compare: Literal["total", "share_pct", "active_days"] = Field(
        description="total: the sum over the window; share_pct: latest people active as a percentage of the "
                    "persona's headcount (licensed seats for a company-wide use case); active_days: days with use.")
    window_days: Annotated[int, Strict(), Field(ge=1, le=366)] = Field(28, description="Days up to the as-of date.")


class SuccessMetric(StrictModel):
    metric: Text = Field(description="What is counted, in words a customer understands.")
    target: Annotated[float, Field(gt=0)] = Field(description="The number that means success.")
    unit: Name | None = Field(None, description="Unit of the target, such as '%' or 'pages'.")
    by_day: Annotated[int, Strict(), Field(ge=1, le=365)] = Field(
        90, description="Days after the use case starts by which the target should be met.")
    measured_by: MeasuredBy | None = Field(
        None, description="How usage data measures it: the plan then reports today's value against the target.")


class UseCase(StrictModel):
    id: Slug = Field(description="Unique id across the whole library, lower-case words joined by '-'.")
    title: Name = Field(description="Short name shown in documents.")
    summary: Text = Field(description="One or two sentences on what the customer does with it.")
    stage: Stage = Field(description="Maturity stage: foundation, expand, optimize or transform.")
    requires: list[Slug] = Field(default_factory=list, description="Ids of use cases that must be adopted first.")
    replaces: list[Name] = Field(default_factory=list, description="Specialised tools this use case can retire.")
    integrations: list[Slug] = Field(
        default_factory=list, description="Tool groups it integrates with (ids from usecases/tools.yaml, such as "
                                          "'chat'); the plan picks the account's own tool of each group.")
    effort_weeks: Annotated[int, Strict(), Field(ge=1, le=26)] = Field(description="Weeks from kick-off to adopted.")
    value: Annotated[int, Strict(), Field(ge=1, le=5)] = Field(description="Enablement's judgement of value, 1 to 5.")
    segments: Annotated[list[Slug], Field(min_length=1)] = Field(
        description="Segments (playbooks) for which this use case is offered.")
    training: list[TrainingModule] = Field(default_factory=list, description="Sessions that teach it.")
    success_metrics: list[SuccessMetric] = Field(default_factory=list, description="How adoption is measured.")
    story: Text | None = Field(None, description="A short customer story to tell at the QBR.")
    outcomes: list[Slug] = Field(default_factory=list, description="Ids of the outcomes it serves (usecases/"
                                                                   "outcomes.yaml): the customer's objectives "
                                                                   "that need one are served by it.")
    admin_track: Annotated[bool, Strict()] = Field(
        False, description="Set up by the workspace admin lead on the admin track (sign-in, provisioning, "
                           "two-factor): planned early, with onboarding, and it opens no department wave.")
    translations: dict[Language, UseCaseText] = Field(
        default_factory=dict, description="Title, summary, story, training and metrics by language code (de, fr, ja); "
                                          "English is used for anything missing.")

    @model_validator(mode="after")
    def _translations_fit(self) -> UseCase:
        for language, text in self.translations.items():
            for complaint in (same_length(text.training, self.training, f"translations.{language}.training"),
                              same_length(text.success_metrics, self.success_metrics,
                                          f"translations.{language}.success_metrics")):
                if complaint:
                    raise ValueError(complaint)
        return self


class PersonaFile(StrictModel):
    """One file of the library: a persona and its use cases."""

    persona: Slug = Field(description="Id of the persona; accounts name it in their departments.")
    title: Name = Field(description="Name of the persona or department, shown in documents.")
    scope: Literal["company", "department"] = Field(
        "department", description="'company' use cases apply to every account; 'department' ones only to "
                                  "accounts that have that department.")
    description: Text = Field(description="Who this persona is and what they need.")
    owner_roles: Annotated[list[Name], Field(min_length=1)] = Field(
        description="Roles that own these use cases at the customer, most senior first.")
    use_cases: Annotated[list[UseCase], Field(min_length=1)] = Field(description="The use cases of this persona.")
    translations: dict[Language, PersonaText] = Field(
        default_factory=dict, description="The persona's title by language code (de, fr, ja).")


# --- accounts (accounts/*.yaml) -----------------------------------------------------

# How long each list of an account may be. Every number is far above any real company, so only a
# generated or pasted file reaches one; a file past them would make the plan and documents run away
# (3,000 departments planned for minutes), so it is refused with its place instead.
MAX_DEPARTMENTS = 200  # the council seats every department head: 200 is already no council
MAX_CHAMPIONS = 2_000  # ten named per department at the most departments
MAX_ADOPTION = 1_000  # one entry per use case; the library has 70 today
MAX_ADJUSTMENTS = 1_000  # one decision per use case, as many as adoption entries
MAX_ONBOARDING_DONE = 200  # step ids of one playbook, which lists a dozen
MAX_NOTES = 100  # each is printed in the executive summary: 100 is already pages of it
MAX_TOOLS = 300  # the specialised tools a large enterprise runs, with room to spare
MAX_INTEGRATIONS = 300  # as many as tools


class Person(StrictModel):
    name: Name
    title: Name
    email: Email | None = None


class Department(StrictModel):
    name: Name | None = Field(None, description="The department's own name ('Platform Engineering', 'Sales EMEA'); "
                                                "needed when two departments share a persona.")
    persona: Slug = Field(description="Persona id from the use-case library.")
    headcount: Positive = Field(description="People in the department.")
    active_users: Count = Field(0, description="People in it who use the workspace today.")
    head: Person = Field(description="Director-level head; sits on the council.")
    tools: Annotated[list[Name], Field(max_length=MAX_TOOLS)] = Field(
        default_factory=list, description="Tools this department works in (Confluence, Jira). A tool that "
                                          "departments list is switched off only once every one of them has a use "
                                          "case that replaces it; it counts as one of the account's tools.")

    @model_validator(mode="after")
    def _active_within_headcount(self) -> Department:
        if self.active_users > self.headcount:
            raise ValueError(f"active_users ({self.active_users}) is more than headcount ({self.headcount})")
        return self

    @property
    def key(self) -> str:
        """What tells this department from the account's others: its name, or its persona when it has none."""
        return self.name or self.persona


class Champion(StrictModel):
    name: Name
    department: Name = Field(description="Name (or persona) of the department the champion belongs to.")


class Adjustment(StrictModel):
    """A CSM's decision about one use case, which the plan keeps and the documents show with its reason."""

    use_case: Slug = Field(description="The use case decided on.")
    pin: Annotated[int, Strict(), Field(ge=1, le=12)] | None = Field(
        None, description="Quarter of the plan (1 = the one after this QBR) in which it starts.")
    skip: Annotated[bool, Strict()] | None = Field(None, description="true: leave it out of this plan.")
    defer_until: Day | None = Field(None, description="Start it no earlier than this date.")
    reason: Text = Field(description="Why, in words the customer may read: it is printed with the decision.")

    @model_validator(mode="after")
    def _one_decision(self) -> Adjustment:
        given = [name for name in ("pin", "skip", "defer_until") if getattr(self, name) not in (None, False)]
        if len(given) != 1:
            raise ValueError("give exactly one of pin (a quarter), skip: true or defer_until (a date)"
                             + (f"; got {' and '.join(given)}" if given else ""))
        return self

    @property
    def kind(self) -> str:
        return "pin" if self.pin is not None else "skip" if self.skip else "defer"


class AccountHealth(StrictModel):
    score: Annotated[int, Strict(), Field(ge=0, le=100)] = Field(description="Health score today, 0 to 100.")
    seats_30d_delta: SeatChange = Field(
        0, description="Licensed seats gained (+) or lost (-) in 30 days.")


class Account(StrictModel):
    """A customer account, as a CSM or a CRM export describes it."""

    id: AccountId | None = Field(
        None, description="The account's stable id in the CRM and the product (such as '0015g00000XyZab'): usage "
                          "data is joined on it.")
    name: Name = Field(description="Customer name as it appears on the documents.")
    segment: Slug = Field(description="Segment id; picks the playbook.")
    locale: Locale = Field(
        "en-US", description="Language and region, such as en-US or de-DE; sets the paper size.")
    country: Annotated[str, Strict(), StringConstraints(pattern=r"^[A-Z]{2}$")] | None = Field(
        None, description="Country whose public holidays the plan's dates avoid (ISO code, such as DE or JP); "
                          "without it, the locale's region.")
    regulated: Annotated[bool, Strict()] = Field(
        False, description="Works under rules (banking, health, public sector) that want sign-in, two-factor and "
                           "audit controls in place first: the playbook's security use cases start in quarter 1.")
    contract_start: Day = Field(description="First day of the contract.")
    licensed_seats: Positive
    active_seats: Count
    health: AccountHealth
    next_qbr: Day = Field(description="Date of the QBR this plan is prepared for; the plan's year starts there.")
    renewal_date: Day | None = Field(None, description="Date the contract renews; without it, every contract term "
                                                       "from contract_start.")
    csm: Person = Field(description="The customer success manager who prepares the plan.")
    executive_sponsor: Person | None = Field(None, description="Executive sponsor at the customer.")
    admin_lead: Person | None = Field(None, description="Workspace admin lead at the customer.")
    departments: Annotated[list[Department], Field(max_length=MAX_DEPARTMENTS)] = Field(default_factory=list)
    champions: Annotated[list[Champion], Field(max_length=MAX_CHAMPIONS)] = Field(
        default_factory=list, description="Champions named so far.")
    adoption: Annotated[dict[Slug, AdoptionState], Field(max_length=MAX_ADOPTION)] = Field(
        default_factory=dict, description="State of each use case started; absent means not started.")
    onboarding_done: Annotated[list[Slug], Field(max_length=MAX_ONBOARDING_DONE)] = Field(
        default_factory=list, description="Onboarding step ids already done.")
    adjustments: Annotated[list[Adjustment], Field(max_length=MAX_ADJUSTMENTS)] = Field(
        default_factory=list, description="The CSM's decisions: pin a use case to a quarter, skip or defer it.")
    logo: LogoFile | None = Field(
        None, description="The customer's logo: an .svg or .png file in the theme's customers/ folder.")
    notes: Annotated[list[Text], Field(max_length=MAX_NOTES)] = Field(
        default_factory=list, description="Notes from the CSM to the customer, printed as written.")
    objectives: Objectives = Field(
        default_factory=list, description="The customer's objectives, as the sponsor agreed them: the plan "
                                          "prefers the use cases that serve them and tracks each one's status.")
    wins: Wins = Field(default_factory=list, description="What the account has achieved, as the CSM tells it: "
                                                         "printed before the plan as the customer's own stories.")
    tools: Annotated[list[Name], Field(max_length=MAX_TOOLS)] = Field(
        default_factory=list, description="Specialised tools the customer uses today.")
    integrations: Annotated[list[Name], Field(max_length=MAX_INTEGRATIONS)] = Field(
        default_factory=list, description="Integrations already set up.")
    measured: Annotated[list[Measured], Field(max_length=MAX_MEASURED)] = Field(
        default_factory=list, description="Written from usage data (playbook plan/batch --usage), not typed: the "
                                          "values it measured and their evidence.")
    trend: Trend | None = Field(None, description="Written from usage data, not typed: the seats month by month.")

    @property
    def tools_in_use(self) -> list[str]:
        """The account's tools and those its departments list, each once, as first spelt."""
        seen: dict[str, str] = {}
        for tool in [*self.tools, *(t for d in self.departments for t in d.tools)]:
            seen.setdefault(tool.casefold(), tool)
        return list(seen.values())

    @model_validator(mode="after")
    def _consistent(self) -> Account:
        if self.country is not None and self.country not in holidays.list_supported_countries():
            raise ValueError(f"country: no public holidays are known for '{self.country}'; give an ISO 3166 code "
                             f"such as DE, JP or US")
        if self.active_seats > self.licensed_seats:
            raise ValueError(f"active_seats ({self.active_seats}) is more than licensed_seats ({self.licensed_seats})")
        keys = [d.key for d in self.departments]
        twice = _repeated(keys)
        if twice:
            raise ValueError(f"department listed twice: {', '.join(twice)}; give each department of one persona "
                             f"its own name")
        twice = _repeated([a.use_case for a in self.adjustments])
        if twice:
            raise ValueError(f"one decision per use case: {', '.join(twice)} has several in adjustments")
        twice = _repeated([o.id for o in self.objectives])
        if twice:
            raise ValueError(f"objective id listed twice: {', '.join(twice)}")
        known = set(keys)
        for champion in self.champions:
            if champion.department not in known:
                raise ValueError(f"champion {champion.name}: no department '{champion.department}'"
                                 f"{did_you_mean(champion.department, keys)}")
        return self


def _repeated(values: list[str]) -> list[str]:
    """The values listed more than once, sorted."""
    return sorted(v for v, n in Counter(values).items() if n > 1)
