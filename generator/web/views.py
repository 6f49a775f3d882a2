"""Pages as HTML: one Jinja2 environment (autoescape on, undefined is an error) and what each page needs.

The account page shows the plan the documents would print, for the CSM: in English like
the brief, with the notes marked internal that the customer's documents leave out. The
charts are the documents' own SVG; they are made by our code from escaped text.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..errors import Problem, UserError
from ..files import inside
from ..history import anchor, baseline, read_plan_for
from ..inputs.loader import Library
from ..inputs.models import Account
from ..inputs.playbook import security_offer
from ..plan.models import Note, Plan
from ..plan.planner import plan
from ..plan.walk import offered
from ..render.charts import account_map, gantt, shown_personas
from ..render.evidence import evidence_text
from ..render.mapdraw import draw
from ..render.text import BRIEF
from ..render.trendchart import trend_chart
from .book import BookEntry, Settings


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("generator.web", "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["say"] = say
    env.filters["day"] = lambda d: f"{d:%d %b %Y}" if isinstance(d, date) else ""
    env.filters["number"] = lambda n: f"{n:,}"
    return env


def say(note: Note) -> str:
    """A note as the brief says it, marked when it is for us and not for the customer."""
    return ("(internal) " if note.internal else "") + BRIEF.say(note)


def page(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)


def previous_plan(settings: Settings, library: Library, entry: BookEntry, as_of: date) -> tuple[Plan | None, str]:
    """The plan kept for the account's last QBR, as the next batch would compare with; and why it is not, if so."""
    assert entry.account is not None
    try:
        folder = inside(settings.output, entry.folder)
    except OSError:  # a folder that links out of the output folder: nothing of ours to compare with
        return None, ""
    found = baseline(folder, anchor(library, entry.account, as_of))
    if found is None:
        return None, ""
    try:
        return read_plan_for(found, entry.account), ""
    except UserError as exc:  # a damaged history file: say so, and plan without it, as the page still helps
        return None, "; ".join(str(p) for p in exc.problems)


def account_plan(library: Library, account: Account, as_of: date, previous: Plan | None) -> dict[str, Any]:
    """The plan and its charts for the account page."""
    result = plan(library.map, library.playbooks[account.segment], account, as_of=as_of, previous=previous)
    umap = library.map
    adoption: dict[str, str] = dict(account.adoption)
    shown = offered(umap, account, security_offer(library.playbooks[account.segment], account.regulated))
    personas = shown_personas(umap, adoption, {d.persona for d in result.adoption}, shown)
    decidable = sorted(({i.use_case: i.title for i in result.items} | {b.use_case: b.title for b in result.backlog}
                        | {a.use_case: umap.use_cases[a.use_case].title for a in account.adjustments}).items(),
                       key=lambda kv: kv[1].lower())
    return {
        "plan": result,
        "by_quarter": {n: [i for i in result.items if i.quarter == n] for n in range(len(result.quarters) + 1)},
        "gantt_svg": Markup(gantt(result, BRIEF, width=900)),
        "map_svg": Markup(account_map(result, umap, adoption, shown, personas=personas, w=BRIEF)),
        "decidable": decidable,
        "titles": {u: uc.title for u, uc in umap.use_cases.items()},
        "evidence": _evidence(result),
        "trend_svg": Markup(trend_chart(result, BRIEF, {d.key: d.name or umap.personas[d.persona].title
                                                         for d in account.departments}, width=900)),
    }


def _evidence(result: Plan) -> list[dict[str, Any]]:
    """What usage data measured, those unlike the account file first: the field, the value, what the file said
    (when it differs) and the evidence."""
    rows = [{"field": m.field, "value": m.value, "evidence": evidence_text(m),
             "typed": None if m.typed == m.value or m.field.startswith("health.signals") else m.typed or "nothing"}
            for m in result.measured]
    return sorted(rows, key=lambda r: r["typed"] is None)


def library_map(library: Library) -> Markup:
    return Markup(draw(library.map, "svg"))


def excerpt(text: str, problems: list[Problem]) -> list[tuple[int, str, bool]]:
    """The lines of an account file around its problems, numbered, those with a problem marked."""
    lines = text.splitlines()
    marked = {p.location.line for p in problems if p.location.line}
    keep = {n for m in marked for n in range(m - 2, m + 3) if 1 <= n <= len(lines)}
    return [(n, lines[n - 1], n in marked) for n in sorted(keep)]
