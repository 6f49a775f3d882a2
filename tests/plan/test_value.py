"""What the account has achieved: told from its own adoption, the last plan and the CSM's wins."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from hypothesis import given

from conftest import ROOT
from generator.errors import UserError
from generator.inputs.loader import load_account
from generator.plan.models import Retirement
from generator.plan.planner import plan
from generator.plan.walk import offered
from generator.render.documents import roadmap_html
from plan.test_planner import AS_OF, PROPERTY, cases


def _sample(shipped, name: str, **update):
    account = load_account(ROOT / "accounts" / f"{name}.yaml", shipped).model_copy(update=update)
    return account, plan(shipped.map, shipped.playbooks[account.segment], account, as_of=AS_OF)


def _roadmap(shipped, account, result) -> str:
    return roadmap_html(result, shipped.map, dict(account.adoption), offered(shipped.map, account), None)


@PROPERTY
@given(cases())
def test_every_adopted_use_case_is_told_once_under_its_team(case):
    umap, book, account = case
    value = plan(umap, book, account, as_of=AS_OF).value
    here = offered(umap, account)  # counted as the adoption chart counts them
    adopted = [u for u, s in account.adoption.items() if s == "adopted" and u in here]
    if not adopted and not account.wins:
        assert value is None  # nothing yet to tell: no section
        return
    assert value is not None
    assert value.adopted == len(adopted)
    told = [t for team in value.achieved for t in team.use_cases]
    assert sorted(told) == sorted(umap.use_cases[u].title for u in adopted)
    for team in value.achieved:
        company = umap.personas[team.persona].scope == "company"
        assert (team.headcount is None) == company
        assert all(umap.persona_of[u] == team.persona for u in adopted if umap.use_cases[u].title in team.use_cases)
    assert value.teams_live == sum(len(t.departments) for t in value.achieved)
    assert value.departments_active == sum(d.active_users > 0 for d in account.departments)


def test_a_brand_new_account_has_nothing_to_tell(shipped):
    account, result = _sample(shipped, "lumen-robotics")
    assert result.value is None
    assert 'id="value"' not in _roadmap(shipped, account, result)


def test_a_mature_account_opens_with_its_results_and_its_own_wins(shipped):
    account, result = _sample(shipped, "fenwick-publishing")
    value = result.value
    assert value is not None
    here = offered(shipped.map, account)  # two of its 36 adopted are not offered to mid-market: not counted
    assert value.adopted == sum(s == "adopted" and u in here for u, s in account.adoption.items()) == 34
    assert value.achieved[0].persona == "company"  # what everybody shares comes first
    assert [w.date for w in value.wins] == sorted(w.date for w in value.wins)
    html = _roadmap(shipped, account, result)
    assert html.index('id="value"') < html.index('id="summary"')  # before the plan
    assert "What you have achieved" in html
    assert "“Our runbooks live next to the code reviews now" in html
    assert "— Tom Ellery, CTO" in html


@pytest.mark.parametrize(("locale", "quote", "by"), [
    ("de-DE", "„Our runbooks", "— Tom Ellery, CTO"),
    ("fr-FR", "«\u00a0Our runbooks", "— Tom Ellery, CTO"),
    ("ja-JP", "「Our runbooks", "— CTO Tom Ellery様"),
])
def test_a_quote_is_marked_as_the_readers_language_marks_it(shipped, locale, quote, by):
    account, result = _sample(shipped, "fenwick-publishing", locale=locale)
    html = _roadmap(shipped, account, result)
    assert quote in html
    assert by in html


@pytest.mark.parametrize(("still_listed", "switched_off"), [([], ["Confluence"]), (["Confluence"], []),
                                                            (["confluence"], [])])
def test_a_tool_the_last_plan_retired_and_the_account_dropped_is_counted_as_switched_off(shipped, still_listed,
                                                                                        switched_off):
    account, result = _sample(shipped, "fenwick-publishing")
    previous = result.model_copy(update={"retirements": [
        Retirement(tool="Confluence", use_case="eng-runbooks", title="Runbooks", by=date(2026, 10, 1))]})
    now = account.model_copy(update={"tools": ["Jira", *still_listed]})
    again = plan(shipped.map, shipped.playbooks[now.segment], now, as_of=AS_OF, previous=previous)
    assert again.value is not None
    assert again.value.switched_off == switched_off


@pytest.mark.parametrize(("win", "expected"), [
    ({"text": "Faster onboarding."}, "wins[0]: missing required field 'date'"),
    ({"text": "Faster onboarding.", "date": "2026-13-01"}, "wins[0].date: expected a date as YYYY-MM-DD"),
    ({"text": "Faster.", "date": "2026-01-05", "quote": {"text": "Great."}}, "wins[0].quote: missing required "
                                                                               "field 'name'"),
    ({"text": "Faster.", "date": "2026-01-05", "by": "Sam"},
     "wins[0].by: unknown field 'by'; expected one of: date, quote, text"),
])
def test_a_bad_win_is_refused_at_its_line(shipped, tmp_path, win, expected):
    data = yaml.safe_load((ROOT / "accounts" / "pinecone-bakery.yaml").read_text())
    path = tmp_path / "acme.yaml"
    path.write_text(yaml.safe_dump({**data, "wins": [win]}, sort_keys=False))
    with pytest.raises(UserError) as err:
        load_account(path, shipped)
    assert expected in str(err.value), str(err.value)


def test_what_the_last_plan_had_waiting_and_is_adopted_now_is_new_since_that_review(shipped):
    account, first = _sample(shipped, "brightline-studio")
    assert first.items
    done = first.items[0].use_case
    later = account.model_copy(update={"adoption": {**account.adoption, done: "adopted"}})
    second = plan(shipped.map, shipped.playbooks[later.segment], later, as_of=AS_OF, previous=first)
    assert second.value is not None
    assert second.value.last_review == first.account.next_qbr.isoformat()
    new = [t for a in second.value.achieved for t in a.new]
    assert new == [shipped.map.use_cases[done].title]
    html = _roadmap(shipped, later, second)
    assert "New since the review on" in html
