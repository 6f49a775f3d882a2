"""An account's documents: roadmap and charter as HTML, then all its files rendered in memory.

HTML comes from a Jinja2 environment with autoescape on and StrictUndefined, templates
from the package. Templates only format what the plan decided; the few things computed
here (charts, paper size, date style) are about presentation, not about what the
account should do.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..inputs.loader import Library
from ..inputs.models import Account
from ..inputs.playbook import Playbook, security_offer
from ..inputs.theme import Colors, LoadedTheme
from ..inputs.usecase_map import UseCaseMap
from ..plan.models import Plan
from ..plan.planner import plan
from ..plan.walk import offered
from .charts import account_map, adoption_chart, gantt, shown_personas
from .deck.build import deck_pptx
from .fonts import font_stack
from .formats import PLAN, Outputs
from .overlay import overlaid
from .pdf import html_to_pdf
from .phrases import keep_phrases
from .schedule import key_dates, people, status_words
from .trendchart import first_and_last, trend_chart
from .word.charter import charter_docx
from .words import Words

# Countries whose paper is US Letter; everyone else prints on A4.
LETTER_COUNTRIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PR", "DO", "SV", "NI", "PA"})


def paper(locale: str) -> str:
    """CSS page size for a locale such as en-US (Letter) or de-DE (A4)."""
    country = locale.rsplit("-", 1)[-1] if "-" in locale else ""
    return "letter" if country in LETTER_COUNTRIES else "A4"


DOCUMENTS = ("roadmap.html.j2", "charter.html.j2")


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(loader=PackageLoader("generator", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def prepare() -> None:
    """Pay what every process pays before its first document, once: the templates compiled, the stylesheet
    parsed with its fonts loaded. A batch does it in the parent, so forked workers start with it done."""
    from .pdf import stylesheet

    for name in DOCUMENTS:
        environment().get_template(name)
    stylesheet("document.css")


def _look(theme: LoadedTheme | None, logo: str | None) -> dict[str, Any]:
    """Colours, the sender's name and the logos' URLs for the templates; today's look without a theme."""
    colors = theme.theme.colors if theme is not None else Colors()
    ours = theme.logo if theme is not None else None
    theirs = theme.customer_logo(logo) if theme is not None else None
    return {"colors": colors, "organisation": theme.theme.organisation if theme is not None else None,
            "logo_url": ours.resolve().as_uri() if ours else None,
            "customer_logo_url": theirs.resolve().as_uri() if theirs else None}


def _common(plan: Plan, w: Words, look: dict[str, Any] | None = None) -> dict[str, Any]:
    def _(message: str, **values: object) -> str:
        # Output is autoescaped after formatting, so account text in ``values`` stays text.
        return w.gettext(message) % values if values else w.gettext(message)

    def ngettext(singular: str, plural: str, n: int, **values: object) -> str:
        return w.ngettext(singular, plural, n) % values

    return {"plan": plan, "a": plan.account, "paper": paper(plan.account.locale), "w": w, "_": _,
            "ngettext": ngettext, "people": lambda owners: people(w, owners),
            "dates": lambda days: [w.date(d) for d in days],
            "fonts": Markup(font_stack(plan.account.locale)),
            "page_parts": _page_parts(w), **(look or _look(None, None))}


def _page_parts(w: Words) -> list[str]:
    """'Page 3 of 12' split around its two numbers, for the running footer, which puts the spaces back."""
    pattern = w.gettext("Page %(page)s of %(pages)s")
    before, rest = pattern.split("%(page)s", 1)
    middle, after = rest.split("%(pages)s", 1)
    return [part.strip() for part in (before, middle, after)]


def _names(w: Words) -> dict[str, Any]:
    return {"stage_names": {"foundation": w.gettext("foundation"), "expand": w.gettext("expand"),
                            "optimize": w.gettext("optimize"), "transform": w.gettext("transform")},
            "severity_names": {"high": w.gettext("High"), "medium": w.gettext("Medium"), "low": w.gettext("Low")},
            "status_names": status_words(w)}


def roadmap_html(plan: Plan, umap: UseCaseMap, adoption: dict[str, str], offered: set[str],
                 look: dict[str, Any] | None = None) -> str:
    """The roadmap document as HTML."""
    w = Words(plan.account.locale, plan.period_months)
    umap = umap.in_language(w.language)
    ctx = {**_common(plan, w, look), **_names(w), "trend_svg": ""}
    personas = shown_personas(umap, adoption, {d.persona for d in plan.adoption}, offered)
    items_by_quarter = {n: [i for i in plan.items if i.quarter == n] for n in range(len(plan.quarters) + 1)}
    ctx.update(
        items_by_quarter=items_by_quarter,
        tools_retiring=sorted({r.tool for r in plan.retirements}),
        **{name: Markup(overlaid(svg)) for name, svg in roadmap_charts(plan, umap, adoption, offered, w).items()},
        key_dates=key_dates(plan, w, umap.word),
        words=lambda names: [umap.word(n) for n in names],  # a tool named by kind, in the reader's language
        trend_seats=first_and_last(plan.trend.active_seats, plan.trend.months) if plan.trend else None,
        hidden_personas=sorted(f.title for p, f in umap.personas.items() if p not in personas),
        risks=[(r.severity, " ".join(said)) for r in plan.risks if (said := w.say_all(r.notes))],
        use_cases={i.use_case: umap.use_cases[i.use_case] for i in plan.items},
        items_by_use_case={i.use_case: i for i in plan.items},
        objective_titles=lambda ids: [o.title for o in plan.objectives if o.id in ids],
        requires={i.use_case: [umap.use_cases[r].title for r in sorted(umap.use_cases[i.use_case].requires)]
                  for i in plan.items},
    )
    return keep_phrases(environment().get_template("roadmap.html.j2").render(ctx), w.language)


def roadmap_charts(plan: Plan, umap: UseCaseMap, adoption: dict[str, str], offered: set[str],
                   w: Words) -> dict[str, str]:
    """The roadmap's charts as SVG, by their name in the template (``umap`` in the document's language)."""
    personas = shown_personas(umap, adoption, {d.persona for d in plan.adoption}, offered)
    charts = {"adoption_svg": adoption_chart(plan, w), "gantt_svg": gantt(plan, w),
              "map_svg": account_map(plan, umap, adoption, offered, personas=personas, w=w)}
    if plan.trend:
        charts["trend_svg"] = trend_chart(plan, w, _department_titles(plan, umap))
    return charts


def _department_titles(plan: Plan, umap: UseCaseMap) -> dict[str, str]:
    """What the trend calls each department: its own name, or its persona's title in the document's language."""
    trend = plan.trend
    return {d.name: umap.personas[d.persona].title if d.name == d.persona and d.persona in umap.personas else d.name
            for d in (trend.departments if trend else [])}


def charter_html(plan: Plan, book: Playbook, look: dict[str, Any] | None = None) -> str:
    """The council charter as HTML; the playbook's champion rule is stated with it."""
    community, w = book.community, Words(plan.account.locale, plan.period_months)
    ctx = {**_common(plan, w, look),
           "people_per_champion": round(1 / community.champion_ratio),
           # Only where a department has more champions to come than it can name now are the two told apart.
           "champions_later": any(s.now is not None and s.now < s.champions for s in plan.council.champions_split),
           "trainer_session_size": book.enablement.trainer_session_size,
           "trainer_session_min": book.enablement.trainer_session_min}
    return keep_phrases(environment().get_template("charter.html.j2").render(ctx), w.language)


@dataclass
class Timings:
    """Seconds spent in each stage, to know where the time goes."""

    plan: float = 0.0
    html: float = 0.0
    pdf: float = 0.0
    office: float = 0.0  # the deck and the Word charter


@dataclass
class Documents:
    """One account's files, by name, ready to be written under its folder."""

    files: dict[str, bytes]
    timings: Timings = field(default_factory=Timings)


def render_account(library: Library, account: Account, as_of: date, previous: Plan | None = None,
                   theme: LoadedTheme | None = None, *, outputs: Outputs | None = None) -> Documents:
    """Plan one account (against the last QBR's plan, when given) and render the files ``outputs`` asks for
    (every format by default) and its plan.json, in the ``theme``'s colours and with its logos."""
    want = outputs or Outputs()
    t = Timings()
    start = time.perf_counter()
    book = library.playbooks[account.segment]
    result = plan(library.map, book, account, as_of=as_of, previous=previous)
    t.plan = time.perf_counter() - start
    start = time.perf_counter()
    look = _look(theme, account.logo)
    charter = charter_html(result, book, look) if want.wants("pdf") or want.wants("docx") else ""
    roadmap = roadmap_html(result, library.map, dict(account.adoption), offered(library.map, account, security_offer(
        book, account.regulated)), look) if want.wants("pdf") else ""
    t.html = time.perf_counter() - start
    start = time.perf_counter()
    files: dict[str, bytes] = {}
    folder = theme.folder if theme is not None else None
    if want.wants("pdf"):
        files["roadmap.pdf"] = html_to_pdf(roadmap, theme=folder)
        files["charter.pdf"] = html_to_pdf(charter, theme=folder)
    t.pdf = time.perf_counter() - start
    start = time.perf_counter()
    words = Words(result.account.locale, result.period_months)
    if want.wants("pptx"):
        files["qbr.pptx"] = deck_pptx(result, round(1 / book.community.champion_ratio), want.deck_template,
                                      notes=want.notes, word=library.map.in_language(words.language).word)
    if want.wants("docx"):
        files["charter.docx"] = charter_docx(charter, result, look["colors"],
                                             words.gettext("Council charter: %(name)s") % {"name": account.name},
                                             paper(account.locale))
    t.office = time.perf_counter() - start
    files[PLAN] = (result.model_dump_json(indent=2) + "\n").encode("utf-8")
    return Documents(files, t)
