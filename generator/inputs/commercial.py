"""The playbook's commercial rules: when the renewal is on the agenda, its checkpoints, and the signals the
CSM's brief watches (utilisation, seat changes both ways, departments outgrowing their seats)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, Strict

from .fields import StrictModel

Percent = Annotated[int, Strict(), Field(ge=0, le=100)]


class Checkpoint(StrictModel):
    """A step on the way to the renewal, on the calendar that many days before it."""

    days_before: Annotated[int, Strict(), Field(ge=1, le=365)] = Field(description="Days before the renewal.")
    kind: Literal["value_review", "renewal_conversation"] = Field(
        description="value_review: adoption, tools switched off and metrics against the plan, with the sponsor; "
                    "renewal_conversation: the terms, seats and next year.")


AdvocacyAsk = Literal["reference_call", "case_study", "community_talk", "product_review", "advisory_board"]


class Advocacy(StrictModel):
    """Asks of an account that gets its value: each quarter of a mature year without new work gets the next one."""

    asks: Annotated[list[AdvocacyAsk], Field(max_length=5)] = Field(
        default_factory=list, description="In the order asked: reference_call (with a peer considering the "
                                          "workspace), case_study, community_talk, product_review, advisory_board.")
    min_health: Annotated[int, Strict(), Field(ge=0, le=100)] = Field(
        70, description="Only an account at or above this health score is asked.")


class Commercial(StrictModel):
    window_days: Annotated[int, Strict(), Field(ge=0, le=730)] = Field(
        150, description="A renewal this many days or fewer after the QBR is among the things to agree there.")
    checkpoints: Annotated[list[Checkpoint], Field(max_length=6)] = Field(
        default_factory=lambda: [Checkpoint(days_before=120, kind="value_review"),
                                 Checkpoint(days_before=60, kind="renewal_conversation")],
        description="Steps before the renewal, placed on the plan's calendar; the value review where "
                    "renewal.prep_days starts the renewal's preparation.")
    utilisation_risk_below_pct: Percent = Field(
        70, description="Active seats under this share of licensed ones, with the renewal in the window, is a risk.")
    seat_add_alert_pct: Percent = Field(
        10, description="Seats added in 30 days at or past this share of licensed seats: a signal for the CSM "
                        "(removals use health.seat_drop_alert_pct).")
    expansion_active_pct: Percent = Field(
        90, description="A department with at least this share of its people active is outgrowing its seats: an "
                        "expansion signal in the CSM's brief.")
    advocacy: Advocacy = Field(
        default_factory=Advocacy, description="What a mature, healthy account is asked for in return.")
