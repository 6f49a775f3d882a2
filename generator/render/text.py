"""A plan as plain text for the terminal: the CSM's brief before the QBR, internal notes included.

The brief is ours, not the customer's: it is in English whatever the account's locale,
and it shows what the customer's documents leave out (health, thresholds, capacity,
enablement's ratings), each internal sentence marked as such.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from ..plan.models import ChampionShare, Checkpoint, Note, Plan, SessionSeats
from .evidence import measured_lines, trend_lines
from .words import Words

BRIEF = Words("en-GB")  # day month year, as the brief has always read
# The brief names the plan's periods by its cadence, as the documents do.
_BRIEFS = {months: Words("en-GB", months) for months in (3, 6)}


def _words(plan: Plan) -> Words:
    return _BRIEFS.get(plan.period_months) or Words("en-GB", plan.period_months)


def _say(note: Note, plan: Plan) -> str:
    return ("(internal) " if note.internal else "") + _words(plan).say(note)


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, 96, initial_indent=indent, subsequent_indent=indent + "  ")


def _since(plan: Plan) -> list[str]:
    s = plan.since
    assert s is not None
    out = ["", f"Since the plan for the QBR of {s.previous_qbr:%d %b %Y} (made {s.previous_as_of:%d %b %Y}): "
               f"{s.done} of {len(s.planned)} planned use cases adopted; active seats {s.active_then:,} -> "
               f"{s.active_now:,}, licensed {s.licensed_then:,} -> {s.licensed_now:,}, health {s.health_then} -> "
               f"{s.health_now}"]
    for p in s.planned:
        then = f" (now by {p.new_end:%d %b %Y})" if p.new_end else ""
        out.append(f"  {p.status.replace('_', ' '):<11} {p.title}, planned by {p.planned_end:%d %b %Y}{then}")
    if s.unplanned:
        out += _wrap("Adopted without being planned: " + ", ".join(s.unplanned), "  ")
    out += [f"  metric {m.title}: {m.metric} {m.then:g} -> {m.now:g} (target {m.target:g})" for m in s.metrics]
    for o in s.objectives:  # the objectives first in the roadmap; here after the use cases, as the brief reads
        moved = f", {o.current_then:g} -> {o.current_now:g}{' ' + o.unit if o.unit else ''}" \
            if o.current_then is not None and o.current_now is not None else ""
        then, now = o.status_then.replace("_", " "), o.status_now.replace("_", " ")
        out.append(f"  objective {o.title}: {then} -> {now}{moved}")
    return out


def _objectives(plan: Plan) -> list[str]:
    proposed = any(o.proposed for o in plan.objectives)
    out = ["", "Objectives proposed (the account has agreed none; agree them at the QBR):" if proposed
           else "Objectives the account agreed:"]
    for o in plan.objectives:
        line = f"  {o.status.replace('_', ' '):<9} {o.title}"
        if o.measure is not None:
            m, unit = o.measure, f" {o.measure.unit}" if o.measure.unit else ""
            now = f", {m.current:g}{unit} now" if m.current is not None else ", not measured yet"
            line += f" ({m.name}: {m.baseline:g}{unit} -> {m.target:g}{unit} by {m.by:%d %b %Y}{now})"
        line += f"; {len(o.items)} on the plan, {len(o.adopted)} adopted, {len(o.backlog)} in the backlog"
        out += _wrap(line, "")
        out += _wrap(f"- {_say(o.status_note, plan)}", "      ")
        if o.out_of_reach is not None:
            out += _wrap(f"- {_say(o.out_of_reach, plan)}", "      ")
    return out


def _value(plan: Plan) -> list[str]:
    v = plan.value
    assert v is not None
    out = ["", f"Achieved so far: {v.adopted} use case{'s' if v.adopted != 1 else ''} adopted, "
               f"{v.teams_live} department{'s' if v.teams_live != 1 else ''} with one of them"
               + (f"; switched off since the last review: {', '.join(v.switched_off)}" if v.switched_off else "")]
    out += [line for t in v.achieved for line in _wrap(
        f"{', '.join(t.departments) or t.persona_title}: {', '.join(t.use_cases)}", "  ")]
    out += [f"  metric {m.title}: {m.metric} {m.actual:g} of {m.target:g}{' ' + m.unit if m.unit else ''}"
            + (" (reached)" if m.reached else "") for m in v.metrics]
    out += [line for win in v.wins for line in _wrap(
        f"win {win.date}: {win.text}" + (f' "{win.quote.text}" ({win.quote.name})' if win.quote else ""), "  ")]
    return out


def _commercial(plan: Plan) -> list[str]:
    c = plan.commercial
    assert c is not None
    trend = f" ({c.utilisation_then_pct}% at the last review)" if c.utilisation_then_pct is not None else ""
    line = f"(internal) Commercial: {c.utilisation_pct}% of seats in use{trend}, {c.seats_unused:,} unused"
    if c.seat_signal is not None:
        line += f"; {c.seats_30d_delta:+,} seats in 30 days, past the playbook's alert ({c.seat_signal})"
    if c.renewal is not None:
        state = {"in_window": "on this QBR's agenda", "later": "not yet on the agenda",
                 "before_qbr": "before this QBR", "none": ""}[c.renewal_state]
        days = c.days_to_renewal or 0
        when = f"{days} days after the QBR" if days >= 0 else f"{-days} days before the QBR"
        line += f"; renewal {c.renewal:%d %b %Y} ({when}, {state})"
    if c.missed:
        booked: dict[str, Checkpoint] = {p.kind: p for p in plan.renewal_checkpoints if p.missed is not None}
        line += "; due before this QBR: " + ", ".join(_missed(m, booked.get(m)) for m in c.missed)
    if c.utilisation_risk:
        line += "; idle seats are a renewal risk"
    out = _wrap(line, "")
    if c.outgrowing:
        out += _wrap("  Expansion signals (nearly every person active): " + ", ".join(
            f"{o.department} {o.active_users}/{o.headcount}" for o in c.outgrowing), "")
    return out


def _missed(kind: str, booked: Checkpoint | None) -> str:
    """A checkpoint due before the QBR: when it was due and the day it is booked instead, or that none fits."""
    what = kind.replace("_", " ")
    if booked is None or booked.missed is None:
        return f"{what} (no day left before the renewal)"
    return f"{what} (due {booked.missed:%d %b}, booked {booked.day:%d %b})"


def _items(plan: Plan, quarter: int, reasons: bool) -> list[str]:
    out = []
    for item in (i for i in plan.items if i.quarter == quarter):
        verb = "finish" if item.kind == "finish" else "start "
        owners = ", ".join(o.name or o.title for o in item.owners)
        out.append(f"  {verb} {item.start:%d %b} -> {item.end:%d %b}  {item.title} [{item.persona_title}; {owners}]")
        if item.condition is not None:
            out += _wrap(f"- {_say(item.condition, plan)}", "      ")
        if reasons:
            out += [line for r in item.reasons for line in _wrap(f"- {_say(r, plan)}", "      ")]
    return out


def _seats(seats: list[SessionSeats]) -> str:
    return ", ".join(f"{s.department} {s.champions}" + (f" ({s.session} of {s.sessions})" if s.sessions > 1 else "")
                     for s in seats)


def _sessions(plan: Plan) -> list[str]:
    """Every train-the-trainer and restart session, with who is in it: a session of several departments is shared."""
    e = plan.enablement
    out = [f"Train-the-trainer ({len(e.train_the_trainer)}):"] if e.train_the_trainer else []
    out += [f"  {s.date:%d %b %Y}  {s.trainers:>3} trainers: {_seats(s.departments)}; wave from {s.wave_start:%d %b %Y}"
            for s in e.train_the_trainer]
    if e.champion_restarts:
        out.append(f"Champions' restart sessions ({len(e.champion_restarts)}, the account is at risk):")
        out += [f"  {s.date:%d %b %Y}  {s.champions:>3} champions: {_seats(s.departments)}"
                for s in e.champion_restarts]
    return out


def _later(share: ChampionShare) -> str:
    """How many of a department's champions can be named now, when the others come as it goes live."""
    if share.now is None or share.now >= share.champions:
        return ""
    return f" ({share.now} now" + (f", the rest from {share.recruit_from:%Y-%m-%d}" if share.recruit_from else "") + ")"


def _story(plan: Plan) -> list[str]:
    """The customer's objectives, what the account has achieved, what changed since the last QBR, the evidence."""
    out = _objectives(plan) if plan.objectives else []
    if plan.value is not None:
        out += _value(plan)
    if plan.since is not None:
        out += _since(plan)
    return out + measured_lines(plan) + trend_lines(plan)


def _english(plan: Plan, english: Sequence[str]) -> list[str]:
    language = plan.account.locale.split("-")[0]
    if not english:
        return []
    return ["", f"(internal) In English in the customer's documents, for want of a '{language}' translation "
                f"({len(english)}; generate --strict-language refuses them):"] + [f"  - {e}" for e in english]


def plan_text(plan: Plan, *, reasons: bool = True, english: Sequence[str] = ()) -> str:
    """The plan as readable text, quarter by quarter; ``english``: the library texts its documents would print in
    English (:func:`~generator.render.english.english_texts`), listed at the end."""
    a = plan.account
    out = [f"{a.name} ({a.segment_title}), plan as of {plan.as_of:%d %b %Y} to {plan.horizon_end:%d %b %Y}",
           f"Seats: {a.active_seats:,} active of {a.licensed_seats:,} licensed; health {a.health_score}"
           f" ({a.seats_30d_delta:+,} seats in 30 days); next QBR {a.next_qbr:%d %b %Y}"]
    if a.qbr_given != a.next_qbr:
        out[-1] += f" (the account says {a.qbr_given:%d %b %Y})"
    out += [line for n in plan.warnings for line in _wrap(f"CHECK: {_say(n, plan)}", "")]
    if plan.commercial is not None:
        out += _commercial(plan)
    if plan.at_risk:
        out.append("AT RISK: re-engagement first")
        out += [line for step in plan.reengagement for line in _wrap(f"- {step}", "  ")]
        out.append("  Recovered when:")
        out += [line for n in plan.recovery for line in _wrap(f"- {_say(n, plan)}", "    ")]
    out += _story(plan)
    out.append("")
    out.append("To agree at this QBR:")
    out += [line for n, point in enumerate(plan.qbr_agenda, 1) for line in _wrap(f"{n}. {_say(point, plan)}", "  ")]
    if plan.lead_in is not None:
        out += ["", f"Before the QBR: {plan.lead_in.start:%d %b %Y} to {plan.lead_in.end:%d %b %Y}"]
        out += [line for n in plan.lead_in.notes for line in _wrap(f"- {_say(n, plan)}", "  ")]
        out += _items(plan, 0, reasons)
    period = {3: "Quarter", 6: "Half-year"}.get(plan.period_months, "Period")  # the playbook's cadence
    for q in plan.quarters:
        out += ["", f"{period} {q.number}: {q.start:%d %b %Y} to {q.end:%d %b %Y} (QBR {q.qbr:%d %b %Y}) - "
                      f"{_words(plan).say(q.theme)}; {q.started} new of {q.capacity} allowed"]
        out += [line for n in q.motions for line in _wrap(f"* {_say(n, plan)}", "  ")]
        out += _items(plan, q.number, reasons)
    if plan.backlog:
        out += ["", f"Backlog ({len(plan.backlog)}): " + ", ".join(b.title for b in plan.backlog[:8])
                + (", ..." if len(plan.backlog) > 8 else "")]
    c = plan.council
    chair = f"{c.chair.name} ({c.chair.title})" if c.chair.name else f"the {c.chair.title}, to be named"
    out += ["", f"Council ({c.cadence}, chaired by {chair}): "
            + "; ".join(f"{m.name or '(to be named)'}, {'; '.join(_words(plan).say_all(m.roles))}" for m in c.members)]
    if c.term_start is not None and c.term_end is not None:
        out.append(f"Charter for a {c.maturity.replace('_', ' ')} account, {c.term_start:%Y-%m-%d} to "
                   f"{'the renewal on ' if c.term_to_renewal else ''}{c.term_end:%Y-%m-%d}; "
                   f"{len(c.meetings)} council meetings"
                   + (f", the first on {c.meetings[0]:%Y-%m-%d}" if c.meetings else ""))
    out.append(f"Champions: at least {c.champions_target:,} in {c.champions_channel}: "
               + ", ".join([f"{s.department} {s.champions}" + _later(s) for s in c.champions_split]
                           + ([f"across the company {c.champions_company_wide}"] if c.champions_company_wide else [])))
    out += _sessions(plan)
    if plan.report_card is not None:
        rc = plan.report_card
        out.append(f"Onboarding day {rc.day}: {rc.done_pct}% done, target {rc.target_pct}% by day {rc.by_day}"
                   f" ({'on track' if rc.on_track else f'{rc.steps_needed} more steps needed'})")
        late = [s for s in rc.steps if s.ours and (s.overdue or (s.rebooked and s.due < plan.as_of))]
        if late:  # the customer's documents do not call these overdue: they are ours to catch up
            out.append("  (internal) Overdue and ours: " + "; ".join(
                f"{s.title} (due {s.due:%Y-%m-%d}" + (f", shown as {s.planned:%Y-%m-%d}" if s.rebooked and s.planned
                                                      else "") + ")" for s in late))
    if plan.risks:
        out += ["", "Risks:"] + [line for r in plan.risks
                                 for line in _wrap(f"[{r.severity}] " + " ".join(_say(n, plan) for n in r.notes), "  ")]
    out += _english(plan, english)
    return "\n".join(out) + "\n"
