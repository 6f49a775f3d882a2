"""The walk's working state: what the planner knows about one account while it schedules.

The planner fills a :class:`Walk`; the people side and the reasons read it. Everything
here is typed so that readers never unpack tuples or look up keys in a loose dict.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from ..inputs.models import STAGES, Account, Department, Playbook, UseCase
from ..inputs.usecase_map import UseCaseMap
from .models import BacklogItem, Council, Item, Quarter, ReportCard

STAGE_RANK = {s: i for i, s in enumerate(STAGES)}

SlotKind = Literal["start", "finish"]


@dataclass(frozen=True)
class Slot:
    """Where the walk put one use case: its quarter, its dates, and whether it starts or finishes a pilot."""

    quarter: int
    start: date
    end: date
    kind: SlotKind


@dataclass(frozen=True)
class Draft:
    """The plan before its agenda and risks are written, which are drawn from it."""

    items: list[Item]
    backlog: list[BacklogItem]
    quarters: list[Quarter]
    council: Council
    report_card: ReportCard | None


@dataclass
class Walk:
    """What the walk knows about one account while it plans."""

    umap: UseCaseMap
    book: Playbook
    account: Account
    as_of: date
    applicable: set[str] = field(default_factory=set)
    done_by: dict[str, date] = field(default_factory=dict)
    live: set[str] = field(default_factory=set)
    scheduled: dict[str, Slot] = field(default_factory=dict)
    _priority_cache: dict[str, tuple[int, tuple]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.applicable = offered(self.umap, self.account)
        for uc_id, state in self.account.adoption.items():
            self.live.add(self.umap.persona_of[uc_id])
            if state == "adopted":
                self.done_by[uc_id] = self.as_of

    @property
    def at_risk(self) -> bool:
        """Health below the playbook's threshold, or seats lost past its alert."""
        h, acc = self.book.health, self.account
        lost_pct = -acc.health.seats_30d_delta * 100 / acc.licensed_seats
        return acc.health.score < h.at_risk_below or lost_pct >= h.seat_drop_alert_pct

    def seats(self, uc_id: str) -> int:
        """People a use case reaches: its department's headcount, or every licensed seat."""
        dept = self.department(self.umap.persona_of[uc_id])
        return dept.headcount if dept else self.account.licensed_seats

    def department(self, persona: str) -> Department | None:
        """The account's department of that persona, if it has one."""
        return next((d for d in self.account.departments if d.persona == persona), None)

    def retires(self, uc: UseCase) -> list[str]:
        """Tools the account uses today that this use case can retire, as the account spells them."""
        used = {t.casefold(): t for t in self.account.tools}
        return sorted({used[r.casefold()] for r in uc.replaces if r.casefold() in used})

    def new_integrations(self, uc: UseCase) -> list[str]:
        """Integrations this use case sets up that the account does not have yet."""
        have = {i.casefold() for i in self.account.integrations}
        return sorted({i for i in uc.integrations if i.casefold() not in have})

    def priority(self, uc_id: str) -> tuple:
        """Lower is sooner: stage, deepen a live department, then value, reach, tools retired, integrations, id."""
        persona = self.umap.persona_of[uc_id]
        # Deepening a live department beats company-wide additions, which beat opening a new department.
        wave = 1 if self.umap.personas[persona].scope == "company" else 0 if persona in self.live else 2
        stage, rest = self._static_priority(uc_id)
        return (stage, wave, *rest)

    def _static_priority(self, uc_id: str) -> tuple[int, tuple]:
        cached = self._priority_cache.get(uc_id)
        if cached is None:
            uc = self.umap.use_cases[uc_id]
            cached = (STAGE_RANK[uc.stage], (-uc.value, -self.seats(uc_id), -len(self.retires(uc)),
                                             -len(self.new_integrations(uc)), uc_id))
            self._priority_cache[uc_id] = cached
        return cached


def offered(umap: UseCaseMap, account: Account) -> set[str]:
    """Use cases offered to an account: its segment, and company-wide or one of its departments."""
    depts = {d.persona for d in account.departments}
    out = set()
    for uc_id, uc in umap.use_cases.items():
        persona = umap.personas[umap.persona_of[uc_id]]
        if account.segment in uc.segments and (persona.scope == "company" or persona.persona in depts):
            out.add(uc_id)
    return out
