"""The models behind the YAML files: use-case library, segment playbooks and accounts.

Field descriptions end up in the exported JSON Schemas, which is what an editor shows
enablement while they type, so they are written for them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, Strict, StringConstraints, model_validator

from ..errors import did_you_mean
from .fields import Count, Day, Email, Language, Name, Positive, SeatChange, Slug, StrictModel, Text
from .translations import COUNCIL_TEXTS, PersonaText, PlaybookText, UseCaseText, same_length

Stage = Literal["foundation", "expand", "optimize", "transform"]
STAGES: tuple[Stage, ...] = ("foundation", "expand", "optimize", "transform")
AdoptionState = Literal["adopted", "piloting"]





# --- the use-case library (usecases/*.yaml) ------------------------------------------


class TrainingModule(StrictModel):
    module: Text = Field(description="Name of the training session.")
    audience: Text = Field(description="Who attends, in plain words (for example 'engineers').")
    minutes: Annotated[int, Strict(), Field(ge=5, le=480)] = Field(description="Length of the session.")


class SuccessMetric(StrictModel):
    metric: Text = Field(description="What is counted, in words a customer understands.")
    target: Annotated[float, Field(gt=0)] = Field(description="The number that means success.")
    unit: Name | None = Field(None, description="Unit of the target, such as '%' or 'pages'.")
    by_day: Annotated[int, Strict(), Field(ge=1, le=365)] = Field(
        90, description="Days after the use case starts by which the target should be met.")




class UseCase(StrictModel):
    id: Slug = Field(description="Unique id across the whole library, lower-case words joined by '-'.")
    title: Name = Field(description="Short name shown in documents.")
    summary: Text = Field(description="One or two sentences on what the customer does with it.")
    stage: Stage = Field(description="Maturity stage: foundation, expand, optimize or transform.")
    requires: list[Slug] = Field(default_factory=list, description="Ids of use cases that must be adopted first.")
    replaces: list[Name] = Field(default_factory=list, description="Specialised tools this use case can retire.")
    integrations: list[Name] = Field(default_factory=list, description="Integrations it sets up.")
    effort_weeks: Annotated[int, Strict(), Field(ge=1, le=26)] = Field(description="Weeks from kick-off to adopted.")
    value: Annotated[int, Strict(), Field(ge=1, le=5)] = Field(description="Enablement's judgement of value, 1 to 5.")
    segments: Annotated[list[Slug], Field(min_length=1)] = Field(
        description="Segments (playbooks) for which this use case is offered.")
    training: list[TrainingModule] = Field(default_factory=list, description="Sessions that teach it.")
    success_metrics: list[SuccessMetric] = Field(default_factory=list, description="How adoption is measured.")
    story: Text | None = Field(None, description="A short customer story to tell at the QBR.")
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


# --- segment playbooks (playbooks/*.yaml) -------------------------------------------


class OnboardingStep(StrictModel):
    id: Slug = Field(description="Id of the step; accounts list the ids they have done.")
    title: Name = Field(description="What is done.")
    owner: Name = Field(description="Who does it (customer or CS role).")
    due_day: Annotated[int, Strict(), Field(ge=1, le=365)] = Field(description="Day of onboarding it is due.")


class Onboarding(StrictModel):
    target_pct: Annotated[int, Strict(), Field(ge=1, le=100)] = Field(80, description="Report-card target.")
    by_day: Annotated[int, Strict(), Field(ge=1, le=365)] = Field(90, description="Day by which the target is due.")
    steps: Annotated[list[OnboardingStep], Field(min_length=1)] = Field(description="The onboarding steps.")


class Council(StrictModel):
    cadence: Name = Field(description="How often the council meets, in words ('monthly').")
    meeting_minutes: Annotated[int, Strict(), Field(ge=15, le=480)] = Field(60, description="Length of a meeting.")
    chair_role: Name = Field(description="Role that chairs the council at the customer.")
    sponsor_role: Name = Field(description="Role of the executive sponsor.")
    admin_lead_role: Name = Field(description="Role of the workspace admin lead.")
    purpose: Text = Field(description="Why the council exists, as the charter states it.")
    responsibilities: Annotated[list[Text], Field(min_length=1)] = Field(description="What the council does.")


class AdminModule(StrictModel):
    module: Name = Field(description="Name of the admin training module.")
    minutes: Annotated[int, Strict(), Field(ge=5, le=480)] = Field(description="Length of the module.")


class Enablement(StrictModel):
    admin_track: Annotated[list[AdminModule], Field(min_length=1)] = Field(description="Dedicated admin track.")
    train_the_trainer_minutes: Annotated[int, Strict(), Field(ge=15, le=480)] = Field(
        description="Length of the train-the-trainer session each department gets before its wave.")
    trainer_lead_weeks: Annotated[int, Strict(), Field(ge=0, le=12)] = Field(
        2, description="Weeks before a wave starts that its train-the-trainer session is held.")
    group_session_size: Positive = Field(description="People per large group session.")
    mandatory_training: Annotated[bool, Strict()] = Field(description="Training required before access.")
    new_hire_sessions_per_year: Annotated[int, Strict(), Field(ge=0, le=52)] = Field(
        0, description="New-hire sessions a year for growing accounts.")


class Community(StrictModel):
    champion_ratio: Annotated[float, Field(gt=0, le=1)] = Field(
        0.10, description="Champions per licensed seat (0.10 means 10%).")
    min_champions: Count = Field(1, description="Smallest community worth running.")
    channel: Name = Field(description="Where champions gather, such as 'Slack'.")


class Health(StrictModel):
    at_risk_below: Annotated[int, Strict(), Field(ge=0, le=100)] = Field(
        description="Health score below which an account is at risk.")
    seat_drop_alert_pct: Annotated[float, Field(ge=0, le=100)] = Field(
        description="Loss of licensed seats over 30 days, in percent, that counts as a warning sign.")
    at_risk_max_new_per_quarter: Count = Field(
        description="New use cases a quarter for an account at risk (re-engagement comes first).")
    reduced_quarters: Annotated[int, Strict(), Field(ge=0, le=8)] = Field(
        2, description="Quarters for which an account at risk gets the reduced number of new use cases.")
    activation_alert_pct: Annotated[int, Strict(), Field(ge=0, le=100)] = Field(
        50, description="Share of licensed seats active below which low activation is flagged as a risk.")
    reengagement: Annotated[list[Text], Field(min_length=1)] = Field(description="Steps of the re-engagement motion.")


class Playbook(StrictModel):
    """A segment playbook: how accounts of one segment are served."""

    segment: Slug = Field(description="Id of the segment; accounts and use cases name it.")
    title: Name = Field(description="Name of the segment, shown in documents.")
    description: Text = Field(description="Who the segment serves and how.")
    horizon_months: Annotated[int, Strict(), Field(ge=3, le=36)] = Field(12, description="Months a roadmap covers.")
    qbr_every_months: Annotated[int, Strict(), Field(ge=1, le=12)] = Field(3, description="Months between QBRs.")
    max_new_use_cases_per_quarter: Annotated[int, Strict(), Field(ge=1, le=20)] = Field(
        description="Most new use cases started in one quarter.")
    new_departments_per_quarter: Annotated[int, Strict(), Field(ge=1, le=10)] = Field(
        1, description="Most departments that open their first wave in one quarter (expand persona by persona).")
    onboarding: Onboarding
    council: Council
    enablement: Enablement
    community: Community
    health: Health
    translations: dict[Language, PlaybookText] = Field(
        default_factory=dict, description="The segment's name and the council's words by language code (de, fr, ja).")

    @model_validator(mode="after")
    def _translations_fit(self) -> Playbook:
        steps = {s.id for s in self.onboarding.steps}
        for language, text in self.translations.items():
            given = text.council.responsibilities if text.council else None
            for complaint in (same_length(given, self.council.responsibilities,
                                          f"translations.{language}.council.responsibilities"),
                              same_length(text.admin_track, self.enablement.admin_track,
                                          f"translations.{language}.admin_track")):
                if complaint:
                    raise ValueError(complaint)
            unknown = sorted(set(text.onboarding_steps or {}) - steps)
            if unknown:
                raise ValueError(f"translations.{language}.onboarding_steps: unknown step '{unknown[0]}'"
                                 f"{did_you_mean(unknown[0], steps)}")
        return self

    def in_language(self, language: str) -> Playbook:
        """The playbook with its words in ``language`` where it has them."""
        text = self.translations.get(language)
        if text is None:
            return self
        council, onboarding, enablement = self.council, self.onboarding, self.enablement
        if text.council is not None:
            council = council.model_copy(update={k: v for k, v in text.council.model_dump().items() if v is not None})
        if text.onboarding_steps:
            titles = text.onboarding_steps
            onboarding = onboarding.model_copy(update={"steps": [
                s.model_copy(update={"title": titles.get(s.id, s.title)}) for s in onboarding.steps]})
        if text.admin_track:
            enablement = enablement.model_copy(update={"admin_track": [
                m.model_copy(update={"module": name}) for m, name in zip(enablement.admin_track, text.admin_track,
                                                                         strict=True)]})
        return self.model_copy(update={"title": text.title or self.title, "council": council,
                                       "onboarding": onboarding, "enablement": enablement})

    def translation_texts(self, language: str) -> list[tuple[str, bool]]:
        """Each translatable text's path (such as 'council.purpose') and whether ``language`` has it."""
        text = self.translations.get(language)
        council = text.council if text is not None else None
        out = [("title", bool(text and text.title))]
        out += [(f"council.{f}", council is not None and getattr(council, f) is not None) for f in COUNCIL_TEXTS]
        given = (text.onboarding_steps or {}) if text is not None else {}
        out += [(f"onboarding.steps[{s.id}]", s.id in given) for s in self.onboarding.steps]
        out.append(("enablement.admin_track", bool(text and text.admin_track)))
        return out



# --- accounts (accounts/*.yaml) -----------------------------------------------------


class Person(StrictModel):
    name: Name
    title: Name
    email: Email | None = None


class Department(StrictModel):
    persona: Slug = Field(description="Persona id from the use-case library.")
    headcount: Positive = Field(description="People in the department.")
    active_users: Count = Field(0, description="People in it who use the workspace today.")
    head: Person = Field(description="Director-level head; sits on the council.")

    @model_validator(mode="after")
    def _active_within_headcount(self) -> Department:
        if self.active_users > self.headcount:
            raise ValueError(f"active_users ({self.active_users}) is more than headcount ({self.headcount})")
        return self


class AccountHealth(StrictModel):
    score: Annotated[int, Strict(), Field(ge=0, le=100)] = Field(description="Health score today, 0 to 100.")
    seats_30d_delta: SeatChange = Field(
        0, description="Licensed seats gained (+) or lost (-) in 30 days.")


class Account(StrictModel):
    """A customer account, as a CSM or a CRM export describes it."""

    name: Name = Field(description="Customer name as it appears on the documents.")
    segment: Slug = Field(description="Segment id; picks the playbook.")
    locale: Annotated[str, Strict(), StringConstraints(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")] = Field(
        "en-US", description="Language and region, such as en-US or de-DE; sets the paper size.")
    contract_start: Day = Field(description="First day of the contract.")
    licensed_seats: Positive
    active_seats: Count
    health: AccountHealth
    next_qbr: Day = Field(description="Date of the next quarterly business review.")
    csm: Person = Field(description="The customer success manager who prepares the plan.")
    executive_sponsor: Person | None = Field(None, description="Executive sponsor at the customer.")
    admin_lead: Person | None = Field(None, description="Workspace admin lead at the customer.")
    departments: list[Department] = Field(default_factory=list)
    adoption: dict[Slug, AdoptionState] = Field(
        default_factory=dict, description="State of each use case started; absent means not started.")
    onboarding_done: list[Slug] = Field(default_factory=list, description="Onboarding step ids already done.")
    tools: list[Name] = Field(default_factory=list, description="Specialised tools the customer uses today.")
    integrations: list[Name] = Field(default_factory=list, description="Integrations already set up.")

    @model_validator(mode="after")
    def _consistent(self) -> Account:
        if self.active_seats > self.licensed_seats:
            raise ValueError(f"active_seats ({self.active_seats}) is more than licensed_seats ({self.licensed_seats})")
        personas = [d.persona for d in self.departments]
        twice = sorted({p for p in personas if personas.count(p) > 1})
        if twice:
            raise ValueError(f"department listed twice: {', '.join(twice)}")
        return self
