"""An account's documents: roadmap and charter as HTML, then all its files rendered in memory.

HTML comes from a Jinja2 environment with autoescape on and StrictUndefined, templates
from the package. Templates only format what the plan decided; the few things computed
here (charts, paper size, date style) are about presentation, not about what the
account should do.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..inputs.loader import Library
from ..inputs.models import Account
from ..inputs.usecase_map import UseCaseMap
from ..plan.models import Plan
from ..plan.planner import plan
from ..plan.walk import offered
from .charts import STATUS, account_map, adoption_chart, gantt, shown_personas
from .fonts import font_stack
from .pdf import html_to_pdf

# Countries whose paper is US Letter; everyone else prints on A4.
LETTER_COUNTRIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PR", "DO", "SV", "NI", "PA"})


def paper(locale: str) -> str:
    """CSS page size for a locale such as en-US (Letter) or de-DE (A4)."""
    country = locale.rsplit("-", 1)[-1] if "-" in locale else ""
    return "letter" if country in LETTER_COUNTRIES else "A4"


def _date_filter(locale: str) -> Callable[..., str]:
    us = locale.endswith("-US")

    def fmt(day: date, style: str = "long") -> str:
        if style == "short":
            return f"{day:%b} {day.day}" if us else f"{day.day} {day:%b}"
        return f"{day:%b} {day.day}, {day.year}" if us else f"{day.day} {day:%b %Y}"
    return fmt


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("generator", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["number"] = _number
    return env


def _common(plan: Plan, kind: str) -> dict:
    return {"plan": plan, "a": plan.account, "paper": paper(plan.account.locale), "kind": kind,
            "fmt": _date_filter(plan.account.locale), "fonts": Markup(font_stack(plan.account.locale))}


def key_dates(plan: Plan) -> list[dict]:
    """QBRs and train-the-trainer sessions in date order, for the timeline page."""
    rows = [{"day": q.qbr, "what": f"QBR {q.number}: review quarter {q.number}"} for q in plan.quarters]
    rows += [{"day": s.date, "what": f"Train-the-trainer for {s.department} ({s.trainers} champions), "
                                    f"before its wave starts"} for s in plan.enablement.train_the_trainer]
    return sorted(rows, key=lambda r: (r["day"], r["what"]))


def roadmap_html(plan: Plan, umap: UseCaseMap, adoption: dict[str, str], offered: set[str]) -> str:
    """The roadmap document as HTML."""
    ctx = _common(plan, "roadmap")
    personas = shown_personas(umap, adoption, {d.persona for d in plan.adoption}, offered)
    items_by_quarter = {q.number: [i for i in plan.items if i.quarter == q.number] for q in plan.quarters}
    ctx.update(
        items_by_quarter=items_by_quarter,
        adoption_svg=Markup(adoption_chart(plan)),
        gantt_svg=Markup(gantt(plan)),
        map_svg=Markup(account_map(plan, umap, adoption, offered, personas)),
        key_dates=key_dates(plan),
        hidden_personas=sorted(f.title for p, f in umap.personas.items() if p not in personas),
        status_labels=[label for label, _ in STATUS.values()],
        use_cases={i.use_case: umap.use_cases[i.use_case] for i in plan.items},
        titles={u: umap.use_cases[u].title for u in umap.use_cases},
    )
    return environment().get_template("roadmap.html.j2").render(ctx)


def charter_html(plan: Plan) -> str:
    """The council charter as HTML."""
    return environment().get_template("charter.html.j2").render(_common(plan, "charter"))


@dataclass
class Timings:
    """Seconds spent in each stage, to know where the time goes."""

    plan: float = 0.0
    html: float = 0.0
    pdf: float = 0.0


@dataclass
class Documents:
    """One account's files, by name, ready to be written under its folder."""

    files: dict[str, bytes]
    timings: Timings = field(default_factory=Timings)


def render_account(library: Library, account: Account, as_of: date) -> Documents:
    """Plan one account and render its roadmap, charter and plan.json in memory."""
    t = Timings()
    start = time.perf_counter()
    result = plan(library.map, library.playbooks[account.segment], account, as_of=as_of)
    t.plan = time.perf_counter() - start
    start = time.perf_counter()
    roadmap = roadmap_html(result, library.map, dict(account.adoption), offered(library.map, account))
    charter = charter_html(result)
    t.html = time.perf_counter() - start
    start = time.perf_counter()
    files = {"roadmap.pdf": html_to_pdf(roadmap), "charter.pdf": html_to_pdf(charter),
             "plan.json": (result.model_dump_json(indent=2) + "\n").encode("utf-8")}
    t.pdf = time.perf_counter() - start
    return Documents(files, t)
