"""The deck's slides on the people who carry the plan: the council's members and the champions community."""

from __future__ import annotations

from ...plan.models import Plan
from ..schedule import people
from ..words import Words
from .model import Slide, Table


def council_slides(plan: Plan, w: Words, per_champion: int) -> list[Slide]:
    """The council's members with their roles, then the champions by department (at least one for every
    ``per_champion`` licensed seats, the playbook's rule)."""
    c = plan.council
    title = w.gettext("Council and champions")
    chair = people(w, [c.chair])[0] if c.chair.name else w.gettext("%(role)s (to be named)") % {"role": c.chair.title}
    said = w.gettext("The council is chaired by %(chair)s and meets %(cadence)s for %(minutes)s minutes. Every "
                     "department head has a seat and leads their department's adoption.") % {
        "chair": chair, "cadence": c.cadence, "minutes": w.number(c.meeting_minutes)}
    rows = [[m.name or w.gettext("To be named"), m.title, w.say(m.department), w.sep.join(w.say_all(m.roles))]
            for m in c.members]
    members = Slide("visual", title, table=Table([w.gettext("Name"), w.gettext("Title"), w.gettext("Department"),
                                                  w.gettext("Role on the council")], rows, [2, 2, 2, 3]),
                    notes=[said])
    community = w.ngettext(
        "%(count)s champion in %(channel)s: at least one for every %(people)s licensed seats, shared across "
        "departments by headcount.",
        "%(count)s champions in %(channel)s: at least one for every %(people)s licensed seats, shared across "
        "departments by headcount.", c.champions_target) % {
        "count": w.number(c.champions_target), "channel": c.champions_channel,
        "people": w.number(per_champion)}
    split = [[s.department, w.number(s.headcount), w.number(s.champions), w.listing(s.named)]
             for s in c.champions_split]
    if c.champions_company_wide:
        split.append([w.gettext("Across the company"), "", w.number(c.champions_company_wide), ""])
    champions = Slide("visual", title, table=Table([w.gettext("Department"), w.gettext("Headcount"),
                                                    w.gettext("Champions"), w.gettext("Named so far")], split,
                                                   [2, 1, 1, 4]),
                      notes=[community, w.gettext("Champions answer questions on the ground, run their team's "
                                                  "sessions and bring feedback to the council.")])
    return [members, champions] if split else [members]
