"""The council in the plan: its members and chair, the champions community, and the charter's terms."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from .base import Note, PlanModel


class CouncilMember(PlanModel):
    name: str | None
    title: str
    department: Note
    roles: list[Note]


class ChampionShare(PlanModel):
    department: str
    persona: str
    headcount: int
    champions: int
    named: list[str]  # champions the account has named so far
    # Champions come from people who use the workspace: ``now`` of them from the department's active users today
    # (trained before its wave), the others recruited as it goes live, from ``recruit_from`` (its wave's start, or
    # the first session that trains its first recruits; when it opens a wave this year). Added in 4: None before.
    active_users: int | None = None
    now: int | None = None
    recruit_from: date | None = None


class Chair(PlanModel):
    name: str | None  # None when the chair is still to be named
    title: str


class Council(PlanModel):
    purpose: str
    cadence: str
    meeting_minutes: int
    chair_role: str
    chair: Chair
    responsibilities: list[str]
    members: list[CouncilMember]
    champions_target: int  # the whole community: at least champion_ratio x licensed seats
    champions_company_wide: int = 0  # of it, champions no listed department's share holds (recruited across teams)
    champions_channel: str
    champions_split: list[ChampionShare]
    # The account's stage, which chose ``purpose``: onboarding, expanding, mature or at_risk.
    maturity: Literal["onboarding", "expanding", "mature", "at_risk"] = "expanding"
    # The council's meetings in the plan's year, at the playbook's cadence, on working days.
    meetings: list[date] = Field(default_factory=list)
    decision_rights: list[str] = Field(default_factory=list)
    escalation: list[str] = Field(default_factory=list)  # who a blocked team turns to, in order
    term_start: date | None = None  # the QBR the plan is prepared for
    term_end: date | None = None  # the first renewal at least council.min_term_months after the QBR
    term_to_renewal: bool = False
