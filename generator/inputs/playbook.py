"""The segment playbooks (playbooks/*.yaml): how accounts of one segment are served.

Every number the planner uses to pace, size and date an account's year lives here, so
enablement tunes the plans without touching code.
"""

from __future__ import annotations

import string
from typing import Annotated, Literal

from pydantic import Field, Strict, field_validator, model_validator

from ..errors import did_you_mean
from .commercial import Commercial
from .fields import Count, Language, Name, Slug, StrictModel, Text
from .objectives import ObjectiveRules
from .playbook_calendar import Retirement, WorkingCalendar
from .playbook_people import Community, Council, Enablement
from .translations import COUNCIL_TEXTS, MATURITIES, MaturityLists, PlaybookText, same_length

# What a re-engagement step may name; the planner fills each in for the account.
REENGAGEMENT_FIELDS = ("sponsor", "champion", "use_case")

# Moments of the plan an onboarding step can be: the report card then prints the plan's date for it, and calls it
# done once the account's facts say so (a sponsor named, a department's use case adopted).
StepMark = Literal["first_wave", "second_wave", "first_department_live", "trainers_trained", "first_council_meeting",
                   "sponsor_named", "admin_lead_named"]


class OnboardingStep(StrictModel):
    id: Slug = Field(description="Id of the step; accounts list the ids they have done.")
    title: Name = Field(description="What is done.")
    owner: Name = Field(description="Who does it (customer or CS role).")
    due_day: Annotated[int, Strict(), Field(ge=1, le=365)] = Field(description="Day of onboarding it is due.")
    use_case: Slug | None = Field(None, description="Use case this step delivers (such as it-sso); the roadmap then "
                                                    "schedules it so that the report card and the roadmap agree.")
    marks: StepMark | None = Field(
        None, description="The moment of the plan this step is, so that the report card prints the plan's date for "
                          "it: first_wave (the first department wave starts), second_wave (the second), "
                          "first_department_live (the first wave's first use case is adopted), trainers_trained "
                          "(the first wave's last train-the-trainer session), first_council_meeting; "
                          "sponsor_named and admin_lead_named are done once the account names that person.")

    @model_validator(mode="after")
    def _one_link(self) -> OnboardingStep:
        if self.use_case is not None and self.marks is not None:
            raise ValueError("give use_case or marks, not both: a step has one date on the plan")
        return self


class Onboarding(StrictModel):
    target_pct: Annotated[int, Strict(), Field(ge=1, le=100)] = Field(80, description="Report-card target.")
    by_day: Annotated[int, Strict(), Field(ge=1, le=365)] = Field(90, description="Day by which the target is due.")
    steps: Annotated[list[OnboardingStep], Field(min_length=1)] = Field(description="The onboarding steps.")
    our_owners: list[Name] = Field(
        default_factory=lambda: ["CSM"], description="Step owners that are the sending organisation (its CSM): "
                                                     "such a step that is late is told to the CSM in the brief, and "
                                                     "never shown to the customer as overdue.")


class Health(StrictModel):
    at_risk_below: Annotated[int, Strict(), Field(ge=0, le=100)] = Field(
        description="Health score below which an account is at risk.")
    seat_drop_alert_pct: Annotated[float, Field(ge=0, le=100)] = Field(
        description="Loss of licensed seats over 30 days, in percent, that counts as a warning sign.")
    at_risk_max_new_per_quarter: Count = Field(
        description="New use cases a quarter for an account at risk (re-engagement comes first).")
    reduced_quarters: Annotated[int, Strict(), Field(ge=0, le=8)] = Field(
        2, description="Quarters at the reduced pace. After them the pace steps up by one use case a quarter, "
                       "and only once recovery is confirmed at a QBR.")
    recovery_active_gain_pct: Annotated[int, Strict(), Field(ge=0, le=100)] = Field(
        10, description="Growth in active seats, in percent of today's, that counts as recovery (with no further "
                        "seat loss).")
    activation_alert_pct: Annotated[int, Strict(), Field(ge=0, le=100)] = Field(
        50, description="Share of licensed seats active below which low activation is flagged as a risk.")
    reengagement: Annotated[list[Text], Field(min_length=1)] = Field(
        description="Steps of the re-engagement motion; {sponsor}, {champion} and {use_case} are filled in with "
                    "the account's sponsor, its most active champion and the use case it relies on most.")

    @field_validator("reengagement")
    @classmethod
    def _known_fields(cls, steps: list[str]) -> list[str]:
        for i, step in enumerate(steps):
            problem = placeholder_problem(step)
            if problem:
                raise ValueError(f"step {i + 1}: {problem}")
        return steps


def placeholder_problem(text: str) -> str | None:
    """What is wrong with the {placeholders} of a re-engagement step, if anything."""
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        return f"{exc}; write '{{{{' and '}}}}' for a literal brace"
    for name in names:
        if name not in REENGAGEMENT_FIELDS:
            return (f"unknown placeholder '{{{name}}}'{did_you_mean(name, REENGAGEMENT_FIELDS)}; "
                    f"expected {', '.join('{' + f + '}' for f in REENGAGEMENT_FIELDS)}")
    return None


class Security(StrictModel):
    use_cases: list[Slug] = Field(
        default_factory=list, description="Use cases a regulated account starts first, in its first quarter or "
                                          "with onboarding: sign-in, two-factor, audit logs. A regulated account "
                                          "is offered them even where their segments do not include its own.")
    regulated: Annotated[bool, Strict()] = Field(
        False, description="Every account of this segment is regulated (a public-sector or banking playbook); "
                           "otherwise an account says so itself.")


def security_offer(book: Playbook | None, regulated: bool) -> frozenset[str]:
    """The security use cases a regulated account is offered whatever their segments: a regulator asks for them
    of a credit union as of a bank, so the plan tier does not hold them back."""
    if book is None or not (regulated or book.security.regulated):
        return frozenset()
    return frozenset(book.security.use_cases)


class Renewal(StrictModel):
    term_months: Annotated[int, Strict(), Field(ge=1, le=60)] = Field(
        12, description="Length of a contract term when the account gives no renewal date.")
    prep_days: Annotated[int, Strict(), Field(ge=0, le=365)] = Field(
        120, description="Days before the renewal that its preparation starts.")


class Deepening(StrictModel):
    target_pct: Annotated[int, Strict(), Field(ge=1, le=100)] = Field(
        80, description="Share of a live department's people active by the end of the plan.")


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
    pilot_min_weeks: Annotated[int, Strict(), Field(ge=0, le=26)] = Field(
        2, description="Weeks from today before a pilot still running may count as adopted, however small it is.")
    onboarding: Onboarding
    council: Council
    enablement: Enablement
    community: Community
    health: Health
    retirement: Retirement = Field(default_factory=Retirement, description="When replaced tools are switched off.")
    calendar: WorkingCalendar = Field(default_factory=WorkingCalendar,
                                      description="Which days may hold a date of the plan.")
    renewal: Renewal = Field(default_factory=Renewal, description="Contract terms and renewal preparation.")
    commercial: Commercial = Field(default_factory=Commercial, description="The renewal's place in the plan, "
                                                                           "and the signals the CSM's brief watches.")
    security: Security = Field(default_factory=Security, description="What a regulated account starts first.")
    objectives: ObjectiveRules = Field(default_factory=ObjectiveRules, description="Objectives proposed to an "
                                       "account that has agreed none, and how their status is judged.")
    deepening: Deepening = Field(default_factory=Deepening, description="How far live departments are grown.")
    translations: dict[Language, PlaybookText] = Field(
        default_factory=dict, description="The segment's name and the council's words by language code (de, fr, ja).")

    @model_validator(mode="after")
    def _one_value_review_date(self) -> Playbook:
        # The renewal's preparation starts with the value review: two numbers would print two dates for one step.
        review = [c.days_before for c in self.commercial.checkpoints if c.kind == "value_review"]
        if review and review[0] != self.renewal.prep_days:
            raise ValueError(f"commercial.checkpoints: the value_review is {review[0]} days before the renewal, "
                             f"but renewal.prep_days starts the preparation {self.renewal.prep_days} days before; "
                             "give both the same number")
        return self

    @model_validator(mode="after")
    def _translations_fit(self) -> Playbook:
        steps = {s.id for s in self.onboarding.steps}
        for language, text in self.translations.items():
            said = text.council
            for complaint in (*(same_length(getattr(said, f) if said else None, getattr(self.council, f),
                                            f"translations.{language}.council.{f}")
                                for f in ("responsibilities", "decision_rights", "escalation")),
                              *self._stage_lists_fit(language, said.responsibilities_by_maturity if said else None),
                              same_length(text.admin_track, self.enablement.admin_track,
                                          f"translations.{language}.admin_track")):
                if complaint:
                    raise ValueError(complaint)
            unknown = sorted(set(text.onboarding_steps or {}) - steps)
            if unknown:
                raise ValueError(f"translations.{language}.onboarding_steps: unknown step '{unknown[0]}'"
                                 f"{did_you_mean(unknown[0], steps)}")
            owners = {s.owner for s in self.onboarding.steps}
            unknown = sorted(set(text.step_owners or {}) - owners)
            if unknown:
                raise ValueError(f"translations.{language}.step_owners: no step is owned by '{unknown[0]}'"
                                 f"{did_you_mean(unknown[0], owners)}")
        return self

    def _stage_lists_fit(self, language: str, given: MaturityLists | None) -> list[str | None]:
        english = self.council.responsibilities_by_maturity
        return [same_length(getattr(given, m) if given else None, getattr(english, m) or self.council.responsibilities,
                            f"translations.{language}.council.responsibilities_by_maturity.{m}") for m in MATURITIES]

    @property
    def periods(self) -> int:
        """QBR periods ('quarters') in one plan."""
        return max(1, self.horizon_months // self.qbr_every_months)

    def in_language(self, language: str) -> Playbook:
        """The playbook with its words in ``language`` where it has them."""
        text = self.translations.get(language)
        if text is None:
            return self
        council, onboarding, enablement = self.council, self.onboarding, self.enablement
        if text.council is not None:
            given = {k: v for k, v in text.council.model_dump().items() if v is not None}
            for field in ("purpose_by_maturity", "responsibilities_by_maturity"):  # each stage where it is given
                said = {k: v for k, v in given.pop(field, {}).items() if v is not None}
                given[field] = getattr(council, field).model_copy(update=said)
            council = council.model_copy(update=given)
        if text.onboarding_steps or text.step_owners:
            titles, owners = text.onboarding_steps or {}, text.step_owners or {}
            # Our own owners are told apart by name, so they are named in the same language as the steps.
            onboarding = onboarding.model_copy(update={"steps": [
                s.model_copy(update={"title": titles.get(s.id, s.title), "owner": owners.get(s.owner, s.owner)})
                for s in onboarding.steps], "our_owners": [owners.get(o, o) for o in onboarding.our_owners]})
        if text.admin_track:
            enablement = enablement.model_copy(update={"admin_track": [
                m.model_copy(update={"module": name}) for m, name in zip(enablement.admin_track, text.admin_track,
                                                                         strict=True)]})
        community = self.community.model_copy(update={"channel": text.community_channel}) \
            if text.community_channel and self.community.channel else self.community
        return self.model_copy(update={"title": text.title or self.title, "council": council, "community": community,
                                       "onboarding": onboarding, "enablement": enablement})

    def translation_texts(self, language: str) -> list[tuple[str, bool]]:
        """Each translatable text's path (such as 'council.purpose') and whether ``language`` has it."""
        text = self.translations.get(language)
        council = text.council if text is not None else None
        out = [("title", bool(text and text.title))]
        out += [(f"council.{f}", council is not None and getattr(council, f) is not None) for f in COUNCIL_TEXTS
                if getattr(self.council, f) != []]
        for field in ("purpose_by_maturity", "responsibilities_by_maturity"):
            stages = getattr(council, field) if council is not None else None
            out += [(f"council.{field}.{m}", stages is not None and getattr(stages, m) is not None)
                    for m in MATURITIES if getattr(getattr(self.council, field), m) is not None]
        given = (text.onboarding_steps or {}) if text is not None else {}
        out += [(f"onboarding.steps[{s.id}]", s.id in given) for s in self.onboarding.steps]
        owners = (text.step_owners or {}) if text is not None else {}
        out += [(f"onboarding.step_owners[{o}]", o in owners) for o in dict.fromkeys(s.owner for s in
                                                                                    self.onboarding.steps)]
        out.append(("enablement.admin_track", bool(text and text.admin_track)))
        if self.community.channel:
            out.append(("community.channel", bool(text and text.community_channel)))
        return out
