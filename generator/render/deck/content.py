"""What the QBR deck says, slide by slide, as plain values: the words come from the same catalogs and
sentence builders as the PDFs, the layout from :mod:`.slides`.

The order is the meeting's: where the account stands (since our last review, its wins, adoption by
department, its objectives), where it goes (the next quarter with owners, the year), who carries it
(council and champions), and what to leave the room with (what to agree, the renewal and next dates).
Speaker notes carry the reasons the customer's documents give, never an internal figure.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from ...plan.models import Item, Plan, SinceItem
from ..schedule import key_dates, people, status_words
from ..words import Words
from .model import Chart, Slide, Table
from .people import council_slides


def qbr_slides(plan: Plan, w: Words, per_champion: int, word: Callable[[str], str] = str) -> list[Slide]:
    """Every slide of the account's QBR deck, the title and agenda first; ``per_champion``: the playbook's
    licensed seats for each champion; ``word``: a library's generic word (a tool named by kind) in the deck's
    language."""
    body = [*_since(plan, w), *_wins(plan, w), _adoption(plan, w), *_objectives(plan, w), *_next_quarter(plan, w),
            _year(plan, w), *council_slides(plan, w, per_champion), _agree(plan, w), _renewal(plan, w, word)]
    return [_title(plan, w), Slide("content", w.gettext("Agenda"), bullets=list(dict.fromkeys(s.title for s in body))),
            *body]


def review_title(plan: Plan, w: Words) -> str:
    """'Quarterly business review: 8 Dec 2026', by the plan's cadence: the deck's subtitle and its title."""
    return w.per(w.gettext("Quarterly business review: %(date)s"), w.gettext("Half-yearly business review: %(date)s"),
                 w.gettext("Business review: %(date)s")) % {"date": w.date(plan.account.next_qbr)}


def _title(plan: Plan, w: Words) -> Slide:
    a = plan.account
    review = review_title(plan, w)
    prepared = w.gettext("Prepared by %(name)s on %(date)s") % {"name": a.csm_name, "date": w.date(plan.as_of)}
    return Slide("title", a.name, subtitle=f"{review}\n{prepared}")


def _since(plan: Plan, w: Words) -> list[Slide]:
    s = plan.since
    if s is None:
        return []
    title = w.gettext("Since our last review")
    lead = w.ngettext("At the QBR on %(date)s we planned %(count)s use case to be adopted by this one. "
                      "Adopted: %(done)s of %(count)s.",
                      "At the QBR on %(date)s we planned %(count)s use cases to be adopted by this one. "
                      "Adopted: %(done)s of %(count)s.", len(s.planned)) % {
        "date": w.date(s.previous_qbr), "count": w.number(len(s.planned)), "done": w.number(s.done)}
    slides = []
    names = status_words(w)
    if s.objectives:  # by objective first, where the account has agreed objectives
        rows = [[o.title, names[o.status_then], names[o.status_now]] for o in s.objectives]
        slides.append(Slide("visual", title, table=Table([w.gettext("Your objectives"), w.gettext("At the last review"),
                                                          w.gettext("Now")], rows, [3, 1, 1]), notes=[lead]))
    if s.planned:
        rows = [[p.title, w.date(p.planned_end), _since_status(w, p)] for p in s.planned]
        slides.append(Slide("visual", title, table=Table([w.gettext("Use case"), w.gettext("Planned by"),
                                                          w.gettext("Now")], rows, [3, 1, 2]), notes=[lead]))
    if s.unplanned or not slides:
        said = [lead] + ([w.gettext("Adopted without being on the plan: %(titles)s.") % {
            "titles": w.listing(s.unplanned)}] if s.unplanned else [])
        slides.append(Slide("content", title, bullets=said))
    return slides


def _since_status(w: Words, p: SinceItem) -> str:
    """Where a use case the last plan expected stands, in the roadmap's words."""
    later = w.gettext("now planned by %(date)s") % {"date": w.date(p.new_end)} if p.new_end else ""
    if p.status == "adopted":
        return w.gettext("Adopted")
    if p.status == "in_progress":
        return w.gettext("In pilot") + (": " + later if later else "")
    if p.status == "slipped" and p.new_end is not None:
        weeks = math.ceil((p.new_end - p.planned_end).days / 7)
        return w.ngettext("Slipped %(count)s week: now planned by %(date)s",
                          "Slipped %(count)s weeks: now planned by %(date)s", weeks) % {
            "count": w.number(weeks), "date": w.date(p.new_end)}
    return w.gettext("Dropped from this plan")


def _wins(plan: Plan, w: Words) -> list[Slide]:
    v = plan.value
    if v is None:
        return []
    points = [w.ngettext("%(name)s works in %(count)s use case today.", "%(name)s works in %(count)s use cases today.",
                         v.adopted) % {"name": plan.account.name, "count": w.number(v.adopted)}]
    if v.switched_off:
        points.append(w.gettext("Since our last review it has switched off %(tools)s.") % {
            "tools": w.listing(v.switched_off)})
    points += [f"{w.date(win.date)}: {win.text}" for win in v.wins]
    points += [w.gettext("“%(words)s”") % {"words": win.quote.text} + " " + w.gettext("— %(name)s, %(title)s") % {
        "name": win.quote.name, "title": win.quote.title} for win in v.wins if win.quote]
    notes = [f"{t.persona_title}: {w.listing(t.use_cases)}" for t in v.achieved]
    return [Slide("content", w.gettext("What you have achieved"), bullets=points, notes=notes)]


def _adoption(plan: Plan, w: Words) -> Slide:
    rows = plan.adoption
    chart = Chart([d.department for d in rows],
                  [(w.gettext("Adopted"), [float(d.adopted) for d in rows]),
                   (w.gettext("In pilot"), [float(d.piloting) for d in rows]),
                   (w.gettext("Planned"), [float(d.planned) for d in rows])])
    people = [w.gettext("%(active)s of %(people)s") % {"active": w.number(d.active_users),
                                                       "people": w.number(d.headcount)} for d in rows]
    notes = [w.gettext("Adoption by department: people active today, and use cases adopted, in pilot and planned."),
             *[f"{d.department}: {p}" for d, p in zip(rows, people, strict=True)]]
    return Slide("visual", w.gettext("Where you are today"), chart=chart, notes=notes)


def _objectives(plan: Plan, w: Words) -> list[Slide]:
    if not plan.objectives:
        return []
    names = status_words(w)
    rows = []
    for o in plan.objectives:
        m = o.measure
        today = (w.amount(m.current, m.unit) if m.current is not None else w.gettext("not measured yet")) if m else ""
        # A proposed objective has no numbers yet: the slide says where they come from, as the roadmap does.
        target = w.amount(m.target, m.unit) if m else w.gettext("to agree at this QBR")
        rows.append([o.title, names[o.status], m.name if m else (o.suggested_measure or ""), today, target,
                     w.date(m.by) if m else ""])
    title = w.gettext("Your objectives")
    notes = [f"{o.title}: {w.say(o.status_note)}" for o in plan.objectives if not o.proposed]
    slides = [Slide("visual", title, table=Table([title, w.gettext("Status"), w.gettext("Measure"), w.gettext("Today"),
                                                 w.gettext("Target"), w.gettext("By")], rows, [3, 1, 2, 1, 1, 1]),
                    notes=notes)]
    measured = [o for o in plan.objectives if o.measure is not None and o.measure.progress_pct is not None]
    if measured:
        chart = Chart([o.title for o in measured],
                      [(w.gettext("Progress"), [(o.measure.progress_pct or 0) / 100 for o in measured if o.measure]),
                       (w.gettext("Time gone by"), [o.measure.expected_pct / 100 for o in measured if o.measure])],
                      stacked=False, percent=True)
        slides.append(Slide("visual", w.gettext("Progress towards your objectives"), chart=chart, notes=notes))
    return slides


def _next_quarter(plan: Plan, w: Words) -> list[Slide]:
    if not plan.quarters:
        return []
    q = plan.quarters[0]
    title = w.per(w.gettext("Quarter %(number)s: %(theme)s"), w.gettext("Half-year %(number)s: %(theme)s"),
                  w.gettext("Period %(number)s: %(theme)s")) % {"number": q.number, "theme": w.say(q.theme)}
    items = [i for i in plan.items if i.quarter in (0, q.number)]
    if not items:
        return [Slide("content", title, bullets=w.say_all(q.motions) or [w.gettext("Embed what is live")])]
    rows = [[i.title, i.persona_title, w.listing(people(w, i.owners)),
             w.gettext("%(start)s to %(end)s") % {"start": w.date(i.start), "end": w.date(i.end)}] for i in items]
    table = Table([w.gettext("Use case"), w.gettext("Team"), w.gettext("Owner"), w.gettext("Dates")], rows,
                  [3, 2, 3, 2])
    return [Slide("visual", title, table=table, notes=[_reasons(w, i) for i in items] + w.say_all(q.motions))]


def _reasons(w: Words, item: Item) -> str:
    return f"{item.title}: " + w.sentences(w.say_all(item.reasons))


def _year(plan: Plan, w: Words) -> Slide:
    rows = []
    for q in plan.quarters:
        titles = [i.title for i in plan.items if i.quarter == q.number]
        rows.append([w.number(q.number), w.gettext("%(start)s to %(end)s") % {"start": w.date(q.start),
                                                                                "end": w.date(q.end)},
                     w.say(q.theme), "; ".join(titles) or w.gettext("Embed what is live")])
    header = [w.per(w.gettext("Quarter"), w.gettext("Half-year"), w.gettext("Period")), w.gettext("Dates"),
              w.gettext("Focus"), w.gettext("Use cases")]
    return Slide("visual", w.gettext("The year at a glance"), table=Table(header, rows, [1, 3, 3, 6]),
                 notes=[w.say(n) for q in plan.quarters for n in q.motions if not n.internal][:12])


def _agree(plan: Plan, w: Words) -> Slide:
    return Slide("content", w.gettext("Three things to agree at this QBR"), bullets=w.say_all(plan.qbr_agenda),
                 notes=w.say_all(plan.recovery) if plan.at_risk else [])


def _renewal(plan: Plan, w: Words, word: Callable[[str], str]) -> Slide:
    dates = [d for d in key_dates(plan, w, word) if d["day"] >= plan.account.next_qbr]
    rows = [[w.date(d["day"]), d["what"]] for d in dates]
    return Slide("visual", w.gettext("Renewal and next steps"),
                 table=Table([w.gettext("Date"), w.gettext("What")], rows, [1, 4]))
