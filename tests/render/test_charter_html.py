"""The charter as the customer reads it: words for the account's stage, one date per step, roles that read right."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from conftest import ROOT
from generator.inputs.loader import load_account
from generator.inputs.playbook import Playbook
from generator.plan.models import Plan
from generator.plan.planner import plan
from generator.plan.walk import offered
from generator.render.documents import charter_html, roadmap_html
from generator.render.text import plan_text
from generator.render.words import Words

AS_OF = date(2026, 11, 21)
LANGUAGES = ["en-US", "de-DE", "fr-FR", "ja-JP"]


def _charter(shipped, name: str, **changes) -> tuple[str, Plan, Playbook]:
    account = load_account(ROOT / "accounts" / f"{name}.yaml", shipped).model_copy(update=changes)
    book = shipped.playbooks[account.segment]
    result = plan(shipped.map, book, account, as_of=AS_OF)
    # The text as a reader sees it: the joiners that keep Japanese phrases whole (render/phrases.py) are invisible.
    return html.unescape(charter_html(result, book)).replace("\u2060", ""), result, book


@pytest.mark.parametrize("locale", LANGUAGES)
@pytest.mark.parametrize(("name", "changes"), [
    ("meridian-health", {}),  # everything offered is adopted
    ("orbital-systems", {"contract_start": date(2021, 11, 1)}),  # a mature account in its fifth year
])
def test_a_mature_accounts_charter_has_no_rollout_wording(shipped, name, changes, locale):
    text, result, book = _charter(shipped, name, locale=locale, **changes)
    assert result.council.maturity == "mature"
    words, w = book.in_language(locale[:2]).council, Words(locale)
    assert words.purpose_by_maturity.mature is not None
    assert words.purpose_by_maturity.mature in text
    assert words.purpose not in text  # the expanding account's purpose: "keeps the rollout moving"
    assert result.council.responsibilities == words.responsibilities_by_maturity.mature
    assert words.responsibilities[0] not in text  # "Approve the order of department waves ..."
    assert w.gettext("Workspace admins are trained separately, on a dedicated track, before the first department "
                     "wave.") not in text
    if locale == "en-US":
        assert "rollout" not in text.casefold()
        assert "first department wave" not in text.casefold()
        if not result.enablement.train_the_trainer:  # no department opens a wave this year: none is spoken of
            assert "wave" not in text.casefold()


@pytest.mark.parametrize("locale", LANGUAGES)
def test_the_charter_lists_decision_rights_escalation_term_and_every_meeting(shipped, locale):
    text, result, _ = _charter(shipped, "northwind-logistics", locale=locale)
    w, council = Words(locale), result.council
    assert council.term_start is not None
    assert council.term_end is not None
    for said in [*council.decision_rights, *council.escalation, w.date(council.term_start), w.date(council.term_end)]:
        assert said in text
    assert w.sep.join(w.date(d) for d in council.meetings) in text


def _rows(text: str) -> dict[str, tuple[str, str]]:
    """Each report-card row's step title -> (the date printed, the status)."""
    rows = re.findall(r"<tr><td>([^<]*)</td><td>[^<]*</td><td>(.*?)</td>\s*<td>(.*?)</td></tr>", text, re.S)
    return {title: (printed, re.sub(r"<[^>]+>", "", status)) for title, printed, status in rows}


@pytest.mark.parametrize("locale", LANGUAGES)
def test_the_report_card_prints_one_date_per_step_the_roadmaps(shipped, locale):
    text, result, _ = _charter(shipped, "northwind-logistics", locale=locale)
    w, card = Words(locale), result.report_card
    assert card is not None
    rows = _rows(text)
    planned = [s for s in card.steps if s.planned is not None and s.planned != s.due]
    assert {s.id for s in planned} >= {"sso-configured", "first-department-wave", "council-first-meeting"}
    for step in card.steps:
        printed, status = rows[step.title]
        assert printed == w.date(step.planned or step.due), step.id  # one date, never two side by side
        if step.planned is not None and step.planned >= AS_OF:
            assert status != w.gettext("Overdue"), step.id
    wave = next(s for s in card.steps if s.id == "first-department-wave")
    assert wave.planned == min(i.start for i in result.items  # department work; the admin track opens no wave
                               if shipped.map.personas[i.persona].scope != "company" and not i.admin_track)
    path = re.search(r"<ol>(.*?)</ol>", text.split(w.gettext("Onboarding report card"))[1], re.S)
    said = re.findall(r"<li>(.*?)</li>", path.group(1)) if path else []
    for step in card.steps:  # the path to the target names the same date
        for line in (s for s in said if s.startswith((f"{step.title} (", f"{step.title}（"))):
            assert w.date(step.planned or step.due) in line, (step.id, line)
    assert len(said) == len(card.next_steps)


@pytest.mark.parametrize("locale", LANGUAGES)
def test_the_chair_reads_as_a_role_in_every_language_not_the_playbooks_role_text(shipped, locale):
    text, _result, book = _charter(shipped, "atelier-lumiere", locale=locale)
    w, words = Words(locale), book.in_language(locale[:2]).council
    assert words.sponsor_role not in text  # 'Founder or CEO' says who should sit, never what they do
    expected = f"{w.gettext('Chair')}{w.sep}{w.gettext('Executive sponsor')}"  # labels, not a sentence to inflect
    assert f"<td>{expected}</td></tr>" in text


def test_japanese_sentences_follow_each_other_without_a_space(shipped):
    text, _, _ = _charter(shipped, "sakura-logistics")
    term = re.search(r"<h2>期間と会議</h2>\s*<p>(.*?)</p>", text, re.S)
    assert term is not None
    assert "。 " not in term.group(1)


def test_the_brief_tells_the_csm_the_charters_stage_term_and_first_meeting(shipped):
    _, result, _ = _charter(shipped, "meridian-health")
    brief = plan_text(result)
    first = result.council.meetings[0]
    # The renewal on 1 March 2027 is under the playbook's six months away: the term runs to the one after.
    assert f"Charter for a mature account, 2026-12-10 to the renewal on 2028-03-01; 12 council meetings, " \
           f"the first on {first:%Y-%m-%d}" in brief


@pytest.mark.parametrize("name", ["northwind-logistics", "bayview-dental"])
def test_the_charter_never_prints_a_step_of_ours_dated_before_the_qbr(shipped, name):
    text, result, _ = _charter(shipped, name)
    w, card, qbr = Words("en-US"), result.report_card, result.account.next_qbr
    assert card is not None
    rows = _rows(text)
    late = [s for s in card.steps if s.rebooked]  # ours, due before the QBR, and not dated by the plan
    assert all(s.ours and not s.done and s.due < qbr for s in late)
    assert late  # the samples have some: the check is not empty
    for step in late:
        assert rows[step.title] == (w.date(qbr), w.gettext("Planned")), step.id


QUARTER_WORDS = {"en-US": ("Quarter", "quarter"), "de-DE": ("Quartal",), "fr-FR": ("trimestre", "Trimestre"),
                 "ja-JP": ("四半期",)}


@pytest.mark.parametrize("locale", LANGUAGES)
def test_a_plan_in_half_years_never_calls_them_quarters(shipped, locale):
    account = load_account(ROOT / "accounts" / "pinecone-bakery.yaml", shipped).model_copy(update={"locale": locale})
    book = shipped.playbooks[account.segment]
    assert book.qbr_every_months == 6  # the digital playbook reviews twice a year
    result = plan(shipped.map, book, account, as_of=AS_OF)
    adoption: dict[str, str] = dict(account.adoption)
    roadmap = html.unescape(roadmap_html(result, shipped.map, adoption, offered(shipped.map, account), None))
    text = re.sub(r"<[^>]+>", " ", roadmap)
    for uc in shipped.map.in_language(locale.split("-")[0]).use_cases.values():  # the library's words are theirs
        for said in (uc.story, uc.title, uc.summary, *(m.metric for m in uc.success_metrics)):
            text = text.replace(said or "", "")
    for word in QUARTER_WORDS[locale]:  # a word of its own: 'Quartalsberichte' is a title's, not a period
        assert not re.search(rf"\b{word}\b", text), word
    w = Words(locale, 6)
    assert w.gettext("Half-year %(number)s: %(theme)s") % {"number": 1, "theme": w.say(result.quarters[0].theme)} \
        in roadmap
    brief = plan_text(result)  # the CSM's brief, in English, follows the cadence too
    assert "Half-year 1:" in brief
    assert "Agree on the first half-year" in brief


@pytest.mark.parametrize(("months", "word"), [(3, "Quarter"), (6, "Half-year"), (1, "Period"), (4, "Period")])
def test_the_roadmaps_period_word_follows_the_cadence(months, word):
    w = Words("en-US", months)
    assert w.per(w.gettext("Quarter"), w.gettext("Half-year"), w.gettext("Period")) == word


@pytest.mark.parametrize("locale", LANGUAGES)
def test_a_term_that_runs_past_a_near_renewal_names_that_renewal_too(shipped, locale):
    text, result, _ = _charter(shipped, "fenwick-publishing", locale=locale)
    renewal, end = result.account.renewal, result.council.term_end
    assert renewal is not None
    assert end is not None
    assert renewal < end  # weeks after the QBR: too close to carry the council's term
    w = Words(locale)
    assert w.date(renewal) in text  # the sponsor reads the renewal the roadmap names, not only the one after
    assert w.date(end) in text
