"""What the account has achieved so far: the value already delivered, told before the plan.

Pure like the planner. A QBR opens with the customer's results, not our schedule: the use cases
each team has adopted, the tools the last plan proposed to switch off that the account no
longer lists, and the wins the CSM has curated. A brand-new account has none of these, and
its roadmap has no such section.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from ..inputs.models import Account
from ..inputs.usecase_map import UseCaseMap
from .base import PlanModel

if TYPE_CHECKING:  # the plan holds a Value, so this module is read before the plan's
    from .models import Plan


class Achieved(PlanModel):
    """One team's adopted use cases: a persona, with the account's departments of it."""

    persona: str
    persona_title: str
    departments: list[str]  # the account's names for them; empty for company-wide use cases
    headcount: int | None  # None for company-wide use cases, which reach every seat
    active_users: int | None
    use_cases: list[str]  # titles, in the library's order
    new: list[str] = Field(default_factory=list)  # of them, adopted since the last review's plan (added in 4)


class WinQuote(PlanModel):
    text: str
    name: str
    title: str


class Win(PlanModel):
    text: str
    date: str  # ISO, as the account file gives it
    quote: WinQuote | None


class ValueMetric(PlanModel):
    """An adopted use case's success metric as usage data measures it today."""

    title: str  # the use case's
    metric: str
    target: float
    unit: str | None
    actual: float
    reached: bool


class Value(PlanModel):
    """The value delivered: adopted use cases by team, tools switched off since the last plan, the CSM's wins."""

    adopted: int
    teams_live: int  # departments with at least one adopted use case
    departments_active: int = 0  # departments with people active in the workspace (added in 3: a default)
    achieved: list[Achieved]
    switched_off: list[str]  # tools the last plan proposed to retire that the account no longer lists
    wins: list[Win]
    metrics: list[ValueMetric] = Field(default_factory=list)  # measured, of adopted use cases (added in 4)
    last_review: str | None = None  # ISO date of the QBR the last plan was for, when there is one (added in 4)


def value_delivered(umap: UseCaseMap, account: Account, previous: Plan | None, offered: set[str],
                    measured: dict[str, float]) -> Value | None:
    """The account's value so far, or None when there is nothing yet to tell. Use cases are counted as the
    adoption chart counts them: those offered to the account; ``measured``: what usage data read, by field."""
    adopted = [u for u in umap.order if account.adoption.get(u) == "adopted" and u in offered]
    listed = {t.casefold() for t in account.tools}
    switched_off = sorted({r.tool for r in previous.retirements if r.tool.casefold() not in listed}) \
        if previous is not None else []
    if not adopted and not switched_off and not account.wins:
        return None
    metrics = [ValueMetric(title=umap.use_cases[u].title, metric=m.metric, target=m.target, unit=m.unit,
                           actual=measured[key], reached=measured[key] >= m.target)
               for u in adopted for n, m in enumerate(umap.use_cases[u].success_metrics)
               if (key := f"success_metrics.{u}[{n}]") in measured]
    # Planned or waiting in the last plan, adopted now: adopted since that review.
    waiting = {i.use_case for i in previous.items} | {b.use_case for b in previous.backlog} if previous else set()
    achieved = [_achieved(umap, account, persona, [u for u in adopted if umap.persona_of[u] == persona], waiting)
                for persona in _personas_in_order(umap, adopted)]
    return Value(adopted=len(adopted), teams_live=sum(len(a.departments) for a in achieved),
                 departments_active=sum(d.active_users > 0 for d in account.departments),
                 achieved=achieved, switched_off=switched_off,
                 wins=[Win(text=w.text, date=w.date.isoformat(),
                           quote=WinQuote(text=w.quote.text, name=w.quote.name, title=w.quote.title)
                           if w.quote else None)
                       for w in sorted(account.wins, key=lambda w: (w.date, w.text))], metrics=metrics,
                 last_review=previous.account.next_qbr.isoformat() if previous else None)


def _personas_in_order(umap: UseCaseMap, adopted: list[str]) -> list[str]:
    # Company-wide first (what everybody shares), then the teams, each once, in the library's order.
    personas = list(dict.fromkeys(umap.persona_of[u] for u in adopted))
    return sorted(personas, key=lambda p: (umap.personas[p].scope != "company", personas.index(p)))


def _achieved(umap: UseCaseMap, account: Account, persona: str, ids: list[str], waiting: set[str]) -> Achieved:
    title = umap.personas[persona].title
    new = [umap.use_cases[u].title for u in ids if u in waiting]
    if umap.personas[persona].scope == "company":
        return Achieved(persona=persona, persona_title=title, departments=[], headcount=None, active_users=None,
                        use_cases=[umap.use_cases[u].title for u in ids], new=new)
    depts = sorted((d for d in account.departments if d.persona == persona), key=lambda d: (-d.headcount, d.key))
    return Achieved(persona=persona, persona_title=title, departments=[d.name or title for d in depts],
                    headcount=sum(d.headcount for d in depts), active_users=sum(d.active_users for d in depts),
                    use_cases=[umap.use_cases[u].title for u in ids], new=new)
