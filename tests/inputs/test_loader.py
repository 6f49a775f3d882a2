from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from conftest import SMALL_ACCOUNT, persona, playbook, use_case, write_library, write_yaml
from generator.errors import UserError
from generator.inputs import models
from generator.inputs.loader import load_account, load_library
from generator.inputs.theme import load_theme

BASE = [persona("company", [use_case("company-wiki", stage="foundation")], scope="company")]


def problems(tmp_path, personas, playbooks=None) -> list[str]:
    with pytest.raises(UserError) as info:
        load_library(*write_library(tmp_path, personas, playbooks))
    return [str(p) for p in info.value.problems]


def with_field(**changes):
    uc = use_case("eng-runbooks", requires=["company-wiki"])
    uc.update(changes)
    return [*BASE, persona("engineering", [uc])]


@pytest.mark.parametrize(("personas", "expected"), [
    (with_field(requirez=["company-wiki"]),
     "usecases/engineering.yaml:18:3: eng-runbooks.requirez: unknown field 'requirez' (did you mean 'requires'?)"),
    (with_field(value="high"), "eng-runbooks.value: expected integer, got text 'high'"),
    (with_field(value=9), "eng-runbooks.value: should be less than or equal to 5, got 9"),
    (with_field(stage="expnad"),
     "eng-runbooks.stage: expected 'foundation', 'expand', 'optimize' or 'transform', got 'expnad' "
     "(did you mean 'expand'?)"),
    (with_field(title=42), "eng-runbooks.title: expected string, got a whole number 42"),
    (with_field(id="Eng Runbooks"), "expected an id of lower-case letters, digits and '-'"),
    (with_field(segments=[]), "eng-runbooks.segments: List should have at least 1 item"),
    (with_field(training=[{"module": "x", "audience": "y"}]), "training[0]: missing required field 'minutes'"),
    (with_field(requires=["company-wikki"]),
     "usecases/engineering.yaml:13:5: eng-runbooks.requires[0]: unknown use case 'company-wikki' "
     "(did you mean 'company-wiki'?)"),
    (with_field(requires=["eng-runbooks"]), "eng-runbooks.requires[0]: a use case cannot require itself"),
    (with_field(outcomes=["faster-onbording"]), "eng-runbooks.outcomes[0]: unknown outcome 'faster-onbording' (did "
                                                "you mean 'faster-onboarding'?); outcomes are listed in outcomes.yaml"),
    (with_field(segments=["enterprize"]),
     "eng-runbooks.segments[0]: segment 'enterprize' is not defined by any playbook"),
    ([*BASE, persona("engineering", [use_case("a", ["c"]), use_case("b", ["a"]), use_case("c", ["b"])])],
     "a: the requires edges form a cycle; each use case is needed by the next: "
     "a (usecases/engineering.yaml:8:7) -> b (usecases/engineering.yaml:18:7) -> "
     "c (usecases/engineering.yaml:28:7) -> a (usecases/engineering.yaml:8:7)"),
    ([*BASE, persona("engineering", [use_case("company-wiki")])],
     "usecases/engineering.yaml:8:7: company-wiki: duplicate use case id 'company-wiki' "
     "(also defined at usecases/company.yaml:8:7)"),
])
def test_bad_library_is_reported_with_location(tmp_path, monkeypatch, personas, expected):
    monkeypatch.chdir(tmp_path)
    found = problems(tmp_path, personas)
    assert any(expected in p for p in found), found


@pytest.mark.parametrize(("text", "expected"), [
    ("", "usecases/engineering.yaml:1:1: the file is empty; expected a use-case mapping"),
    ("- a\n- b\n", "usecases/engineering.yaml:1:1: expected a mapping of fields at the top of the file, got a list"),
    ("just words\n", "got text"),
    ("persona: x\n\ttitle: y\n", "a tab character cannot indent YAML"),
])
def test_unusable_files(tmp_path, monkeypatch, text, expected):
    monkeypatch.chdir(tmp_path)
    write_yaml(tmp_path / "usecases" / "engineering.yaml", text)
    found = problems(tmp_path, BASE)
    assert any(expected in p for p in found), found


def test_every_problem_is_reported_at_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bad = [use_case("a", ["nope"], value=0), use_case("b", ["a"], stage="later")]
    found = problems(tmp_path, [*BASE, persona("engineering", bad)],
                     [playbook(), playbook("enterprise", horizon_months=99)])
    assert len(found) == 3, found  # value, stage, horizon; 'nope' waits until the file is valid
    assert found == sorted(found)


def test_broken_playbook_does_not_make_its_segment_unknown(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    personas = [*BASE, persona("eng", [use_case("x", segments=["enterprise"])])]
    found = problems(tmp_path, personas, [playbook(), playbook("enterprise", horizon_months=99)])
    assert len(found) == 1
    assert "horizon_months" in found[0]


def test_two_playbooks_for_one_segment(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_yaml(tmp_path / "playbooks" / "scale-2.yaml", playbook())
    assert any("segment 'scale' has two playbooks" in p for p in problems(tmp_path, BASE))


def test_unreachable_use_case_is_a_warning(tmp_path):
    personas = [*BASE, persona("it", [use_case("sso", segments=["enterprise"]),
                                      use_case("scim", ["sso"], segments=["scale"])])]
    library = load_library(*write_library(tmp_path, personas, [playbook(), playbook("enterprise")]))
    assert [w.path for w in library.warnings] == ["scim"]
    assert library.warnings[0].severity == "warning"


def _goal(**measure) -> dict:
    """An objective; with ``measure`` given, measured from 5 to 9 by June 2027 unless it says otherwise."""
    goal: dict = {"id": "g", "title": "G", "outcomes": ["faster-onboarding"]}
    if measure:
        goal["measure"] = {"name": "m", "baseline": 5, "target": 9, "by": "2027-06-01", **measure}
    return goal


ACCOUNT = {
    "name": "Acme", "segment": "scale", "contract_start": "2026-01-01", "licensed_seats": 100,
    "active_seats": 50, "health": {"score": 70}, "next_qbr": "2027-01-15",
    "csm": {"name": "Dana", "title": "CSM", "email": "dana@example.com"},
    "departments": [{"persona": "engineering", "headcount": 20, "head": {"name": "Sam", "title": "VP"}}],
    "adoption": {"company-wiki": "adopted"},
}


@pytest.mark.parametrize(("changes", "expected"), [
    ({"segment": "scal"}, "segment: no playbook for segment 'scal' (did you mean 'scale'?)"),
    ({"adoption": {"company-wikki": "adopted"}}, "adoption.company-wikki: unknown use case 'company-wikki'"),
    ({"adoption": {"company-wiki": "done"}}, "adoption.company-wiki: expected 'adopted' or 'piloting', got 'done'"),
    ({"departments": [{"persona": "enginering", "headcount": 3, "head": {"name": "S", "title": "T"}}]},
     "departments[enginering].persona: unknown persona 'enginering' (did you mean 'engineering'?)"),
    ({"active_seats": 500}, "active_seats (500) is more than licensed_seats (100)"),
    ({"next_qbr": "next week"}, "next_qbr: expected a date as YYYY-MM-DD (like 2027-01-15), got text 'next week'"),
    ({"onboarding_done": ["kickof"]}, "unknown onboarding step 'kickof' for segment 'scale' (did you mean 'kickoff'?)"),
    ({"csm": {"name": "D", "title": "T", "email": "not-an-email"}}, "csm.email"),
    ({"next_qbr": "9999-12-01"}, "next_qbr: should be less than or equal to 2100-12-31, got '9999-12-01'"),
    ({"contract_start": "0202-03-01"}, "contract_start: should be greater than or equal to 2000-01-01"),
    ({"licensed_seats": 10**400}, "licensed_seats: should be less than or equal to 10000000, got 1000000000"),
    ({"health": {"score": 70, "seats_30d_delta": -(10**12)}}, "health.seats_30d_delta: should be greater than or "
                                                               "equal to -10000000"),
    ({"departments": [{"persona": "engineering", "headcount": 20, "head": {"name": "Sam", "title": "VP"}}] * 2},
     "department listed twice: engineering; give each department of one persona its own name"),
    ({"departments": [{"name": "Platform", "persona": "engineering", "headcount": n, "head": {"name": h, "title": "T"}}
                      for n, h in ((20, "S"), (9, "R"))]},
     "department listed twice: Platform"),
    ({"champions": [{"name": "Ana", "department": "enginering"}]},
     "champion Ana: no department 'enginering' (did you mean 'engineering'?)"),
    ({"renewal_date": "soon"}, "renewal_date: expected a date"),
    ({"adjustments": [{"use_case": "eng-runbooks", "pin": 1, "skip": True, "reason": "x"}]},
     "give exactly one of pin (a quarter), skip: true or defer_until (a date); got pin and skip"),
    ({"adjustments": [{"use_case": "eng-runbooks", "reason": "x"}]},
     "give exactly one of pin (a quarter), skip: true or defer_until (a date)"),
    ({"adjustments": [{"use_case": "eng-runbooks", "pin": 1}]}, "missing required field 'reason'"),
    ({"adjustments": [{"use_case": "eng-runbooks", "pin": 0, "reason": "x"}]},
     "pin: should be greater than or equal to 1"),
    ({"adjustments": [{"use_case": "eng-runbook", "pin": 1, "reason": "x"}]},
     "adjustments[0].use_case: unknown use case 'eng-runbook'"),
    ({"adjustments": [{"use_case": "company-wiki", "skip": True, "reason": "x"}]},
     "adjustments[0].use_case: 'company-wiki' is already adopted; there is nothing to decide for it"),
    ({"departments": [], "adjustments": [{"use_case": "eng-x", "skip": True, "reason": "x"}]},
     "adjustments[0].use_case: 'eng-x' is not offered to this account (its segment or departments)"),
    ({"adjustments": [{"use_case": "eng-runbooks", "skip": True, "reason": "x"}] * 2},
     "one decision per use case: eng-runbooks has several in adjustments"),
    ({"objectives": [{"id": "g", "title": "G", "outcomes": ["faster-onbording"]}]},
     "objectives[g].outcomes[0]: unknown outcome 'faster-onbording' (did you mean 'faster-onboarding'?)"),
    ({"objectives": [_goal()] * 2}, "objective id listed twice: g"),
    ({"objectives": [{"id": "g", "title": "G", "outcomes": []}]}, "g.outcomes: List should have at least 1 item"),
    ({"objectives": [_goal(baseline=5, target=5)]}, "target (5) is the baseline: give the value that means success"),
    ({"objectives": [_goal(since="2027-06-01")]}, "since (2027-06-01) is not before by"),
    ({"objectives": [_goal(baseline="lots")]}, "g.measure.baseline: expected number"),
    ({"objectives": [{**_goal(), "departments": ["enginering"]}]},
     "objectives[g].departments[0]: no department 'enginering' (did you mean 'engineering'?)"),
])
def test_bad_account(tmp_path, monkeypatch, changes, expected):
    monkeypatch.chdir(tmp_path)
    library = load_library(*write_library(tmp_path, [*BASE, persona("engineering", [use_case("eng-x")])]))
    path = write_yaml(tmp_path / "acme.yaml", {**ACCOUNT, **changes})
    with pytest.raises(UserError) as info:
        load_account(path, library)
    assert any(expected in str(p) for p in info.value.problems), [str(p) for p in info.value.problems]


def _many(field: str, n: int):
    """``n`` distinct valid entries of an account's list ``field``."""
    return {
        "departments": lambda: [{"name": f"Team {i}", "persona": "engineering", "headcount": 5,
                                 "head": {"name": f"Head {i}", "title": "VP"}} for i in range(n)],
        "champions": lambda: [{"name": f"Ana {i}", "department": "engineering"} for i in range(n)],
        "adoption": lambda: {f"uc-{i}": "adopted" for i in range(n)},
        "onboarding_done": lambda: [f"step-{i}" for i in range(n)],
        "adjustments": lambda: [{"use_case": f"uc-{i}", "skip": True, "reason": "x"} for i in range(n)],
        "notes": lambda: [f"Note {i}." for i in range(n)],
        "tools": lambda: [f"Tool {i}" for i in range(n)],
        "integrations": lambda: [f"Integration {i}" for i in range(n)],
    }[field]()


LIMITS = {"departments": models.MAX_DEPARTMENTS, "champions": models.MAX_CHAMPIONS, "adoption": models.MAX_ADOPTION,
          "onboarding_done": models.MAX_ONBOARDING_DONE, "adjustments": models.MAX_ADJUSTMENTS,
          "notes": models.MAX_NOTES, "tools": models.MAX_TOOLS, "integrations": models.MAX_INTEGRATIONS}


@pytest.mark.parametrize("field", sorted(LIMITS))
def test_every_list_of_an_account_has_a_length_it_may_not_pass(tmp_path, monkeypatch, field):
    monkeypatch.chdir(tmp_path)
    library = load_library(*write_library(tmp_path, [*BASE, persona("engineering", [use_case("eng-x")])]))
    limit = LIMITS[field]
    path = write_yaml(tmp_path / "acme.yaml", {**ACCOUNT, field: _many(field, limit + 1)})
    with pytest.raises(UserError) as info:
        load_account(path, library)
    line = next(n for n, t in enumerate(path.read_text().splitlines(), 1) if t.startswith(f"{field}:"))
    count = f"{limit + 1:,}" if field != "adoption" else "more"  # a mapping does not say how long it was
    [problem] = info.value.problems  # one line, naming the list: never its thousands of entries
    assert str(problem.location).startswith(f"acme.yaml:{line + 1}:")  # where the list starts, under its key
    assert f"{problem.path}: {problem.message}" == f"{field}: at most {limit:,} entries, got {count}"


@pytest.mark.parametrize("field", sorted(LIMITS))
def test_a_list_at_its_length_is_an_account(field):
    data = {**ACCOUNT, field: _many(field, LIMITS[field])}
    if field == "departments":
        data["champions"] = []
    assert len(getattr(models.Account.model_validate(data), field)) == LIMITS[field]


def test_shipped_accounts_load(shipped):
    from conftest import ROOT

    accounts = sorted((ROOT / "accounts").glob("*.yaml"))
    assert len(accounts) >= 4
    segments = {load_account(p, shipped).segment for p in accounts}
    assert segments == {"digital", "scale", "mid-market", "enterprise"}


def test_translations_replace_what_they_give_and_english_stays_for_the_rest(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    eng = persona("eng", [use_case("eng-runbooks", story="Teams moved 300 runbooks.",
                                   translations={"de": {"title": "Runbooks für Störungen"}}),
                          use_case("eng-specs")])
    eng["translations"] = {"de": {"title": "Entwicklung"}}
    umap = load_library(*write_library(tmp_path, [eng])).map
    german = umap.in_language("de")
    assert german.use_cases["eng-runbooks"].title == "Runbooks für Störungen"
    assert german.use_cases["eng-runbooks"].story == "Teams moved 300 runbooks."  # not translated
    assert german.use_cases["eng-specs"] is umap.use_cases["eng-specs"]
    assert german.personas["eng"].title == "Entwicklung"
    assert german.order == umap.order
    assert umap.in_language("de") is german  # made once per language
    assert umap.in_language("sv").use_cases == umap.use_cases


def test_missing_translations_are_listed_with_their_place(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    half = use_case("eng-runbooks", story="Teams moved 300 runbooks.",
                    training=[{"module": "Runbooks", "audience": "engineers", "minutes": 45}],
                    translations={"de": {"title": "Runbooks", "training": [{"module": "Runbooks",
                                                                           "audience": "Entwickler"}]}})
    umap = load_library(*write_library(tmp_path, [persona("eng", [half])])).map
    texts = umap.translation_texts("de")
    missing = {(item, field) for item, field, _, done in texts if not done}
    # no success metrics in English, so none to translate
    assert missing == {("eng", "title"), ("eng-runbooks", "summary"), ("eng-runbooks", "story")}
    assert {where for *_, where, _ in texts} == {umap.locations["eng-runbooks"]}
    assert all(not done for *_, done in umap.translation_texts("fr"))


def test_a_translation_with_an_unknown_field_is_a_located_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    uc, pb = write_library(tmp_path, [persona("eng", [use_case("a", translations={"de": {"titel": "A"}})])])
    with pytest.raises(UserError) as info:
        load_library(uc, pb)
    assert "a.translations.de.titel: unknown field 'titel' (did you mean 'title'?)" in str(info.value)


def test_a_playbook_speaks_the_accounts_language_in_its_council(shipped):
    german = shipped.playbooks["mid-market"].in_language("de")
    assert german.title == "Mittelstand"
    assert german.council.cadence == "monatlich"
    assert german.council.responsibilities[1] == "In jedem Bereich einen Champion benennen."
    assert german.council.meeting_minutes == shipped.playbooks["mid-market"].council.meeting_minutes
    assert shipped.playbooks["mid-market"].in_language("sv") is shipped.playbooks["mid-market"]
    done = dict(shipped.playbooks["mid-market"].translation_texts("de"))
    assert done["council.purpose"]
    assert done["enablement.admin_track"]
    assert not dict(shipped.playbooks["mid-market"].translation_texts("sv"))["council.purpose"]


def test_translated_responsibilities_must_be_all_of_them(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    book = playbook(translations={"de": {"council": {"responsibilities": ["Eins.", "Zwei."]}}})
    uc, pb = write_library(tmp_path, [persona("eng", [use_case("a")])], [book])
    with pytest.raises(UserError) as info:
        load_library(uc, pb)
    assert "translations.de.council.responsibilities has 2 items; expected all 1, in the same order" in str(info.value)


def test_training_metrics_admin_track_and_steps_translate_too(shipped):
    wiki = shipped.map.in_language("fr").use_cases["company-wiki"]
    assert [t.module for t in wiki.training] == ["Construire le wiki de l’entreprise", "Trouver et modifier des pages"]
    assert [t.minutes for t in wiki.training] == [t.minutes for t in shipped.map.use_cases["company-wiki"].training]
    assert wiki.success_metrics[0].metric == "Collaborateurs ayant consulté le wiki au cours des 30 derniers jours"
    assert wiki.success_metrics[0].target == 80
    book = shipped.playbooks["scale"].in_language("ja")
    assert [m.module for m in book.enablement.admin_track] == ["半日でできるワークスペース設定", "権限と連携"]
    first = shipped.playbooks["scale"].onboarding.steps[0]
    assert (f"onboarding.steps[{first.id}]", True) in shipped.playbooks["scale"].translation_texts("ja")
    assert (f"onboarding.step_owners[{first.owner}]", True) in shipped.playbooks["scale"].translation_texts("ja")


def test_step_owners_translate_and_stay_ours(shipped):
    book = shipped.playbooks["mid-market"]
    german = book.in_language("de").onboarding
    assert {s.owner for s in german.steps} >= {"Bereichsleitung", "IT"}
    # The CSM's own steps are still told apart from the customer's once their owner is translated.
    ours = {o.casefold() for o in german.our_owners}
    assert [s.id for s in german.steps if s.owner.casefold() in ours] == \
        [s.id for s in book.onboarding.steps if s.owner in book.onboarding.our_owners]


@pytest.mark.parametrize(("translation", "expected"), [
    ({"admin_track": ["Eins", "Zwei"]}, "translations.de.admin_track has 2 items; expected all 1, in the same order"),
    ({"onboarding_steps": {"kickof": "Auftakt"}}, "translations.de.onboarding_steps: unknown step 'kickof' "
                                                   "(did you mean 'kickoff'?)"),
    ({"step_owners": {"CMS": "CSM"}}, "translations.de.step_owners: no step is owned by 'CMS' (did you mean 'CSM'?)"),
])
def test_playbook_translations_must_fit_the_english(tmp_path, monkeypatch, translation, expected):
    monkeypatch.chdir(tmp_path)
    uc, pb = write_library(tmp_path, [persona("eng", [use_case("a")])], [playbook(translations={"de": translation})])
    with pytest.raises(UserError) as info:
        load_library(uc, pb)
    assert expected in str(info.value)


def test_use_case_translations_must_list_every_session(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    training = [{"module": "A", "audience": "all", "minutes": 30}, {"module": "B", "audience": "all", "minutes": 30}]
    case = use_case("a", training=training, translations={"de": {"training": [{"module": "A", "audience": "alle"}]}})
    uc, pb = write_library(tmp_path, [persona("eng", [case])])
    with pytest.raises(UserError) as info:
        load_library(uc, pb)
    assert "translations.de.training has 1 items; expected all 2, in the same order" in str(info.value)


def _pipe(folder: Path) -> Path:
    os.mkfifo(folder / "acme.yaml")
    return folder / "acme.yaml"


def _folder(folder: Path) -> Path:
    (folder / "acme.yaml").mkdir()
    return folder / "acme.yaml"


@pytest.mark.parametrize(("make", "expected"), [
    (_pipe, "acme.yaml: this is a named pipe; expected a YAML file"),
    (lambda d: Path("/dev/zero"), "/dev/zero: this is a device; expected a YAML file"),
    (_folder, "acme.yaml: this is a folder; expected a YAML file"),
], ids=["named pipe", "device", "folder"])
def test_an_account_that_is_not_a_regular_file_is_refused_at_once(tmp_path, monkeypatch, make, expected):
    monkeypatch.chdir(tmp_path)
    library = load_library(*write_library(tmp_path, [*BASE, persona("engineering", [use_case("eng-x")])]))
    with pytest.raises(UserError) as info:
        load_account(make(tmp_path), library)  # a named pipe would block a plain open() forever
    assert str(info.value) == expected


def _book_with(**changes) -> dict:
    return playbook(**changes)


@pytest.mark.parametrize(("changes", "expected"), [
    ({"community": {"champion_ratio": 0.1, "channel_group": "chatt"}},
     "playbooks/scale.yaml:32:18: community.channel_group: unknown tool group 'chatt' (did you mean 'chat'?)"),
    ({"community": {"champion_ratio": 0.1}},
     "community: give either channel (words) or channel_group (a tool group), not both or neither"),
    ({"community": {"champion_ratio": 0.1, "channel": "Slack", "champions_per_department": {"min": 9, "max": 3}}},
     "community.champions_per_department: min (9) is more than max (3)"),
    ({"onboarding": {"steps": [{"id": "sso", "title": "SSO", "owner": "IT", "due_day": 9, "use_case": "it-ssso"}]}},
     "onboarding.steps[sso].use_case: unknown use case 'it-ssso'"),
    ({"health": {"at_risk_below": 60, "seat_drop_alert_pct": 5, "at_risk_max_new_per_quarter": 1,
                 "reengagement": ["Call {sponser}."]}},
     "health.reengagement: step 1: unknown placeholder '{sponser}' (did you mean 'sponsor'?); expected {sponsor}, "
     "{champion}, {use_case}"),
    ({"health": {"at_risk_below": 60, "seat_drop_alert_pct": 5, "at_risk_max_new_per_quarter": 1,
                 "reengagement": ["Call {sponsor."]}}, "write '{{' and '}}' for a literal brace"),
    ({"retirement": {"quiet_periods": [{"start": "12-32", "end": "01-05"}]}}, "retirement.quiet_periods[0].start"),
    ({"objectives": {"proposed": {"mature": ["fewer-tool"]}}},
     "objectives.proposed.mature[0]: unknown outcome 'fewer-tool' (did you mean 'fewer-tools'?)"),
    ({"objectives": {"at_risk_gap_pct": 30, "behind_gap_pct": 20}},
     "behind_gap_pct (20) must be more than at_risk_gap_pct (30)"),
    ({"qbr_every_months": 1}, "eng-runbooks: effort_weeks 5 does not fit in one 1-month QBR period of the 'scale' "
                              "playbook (28 days at the shortest)"),
])
def test_bad_playbook_rules(tmp_path, monkeypatch, changes, expected):
    monkeypatch.chdir(tmp_path)
    personas = [*BASE, persona("engineering", [use_case("eng-runbooks", ["company-wiki"], effort_weeks=5)])]
    found = problems(tmp_path, personas, [_book_with(**changes)])
    assert any(expected in p for p in found), found


@pytest.mark.parametrize(("tools", "expected"), [
    ({"groups": [{"id": "chat", "title": "Chat", "tools": ["Slack"]}] * 2}, "tool group listed twice: chat"),
    ({"groups": [{"id": "chat", "title": "Chat", "tools": []}]}, "chat.tools: List should have at least 1 item"),
    ({"groups": []}, "groups: List should have at least 1 item"),
])
def test_bad_tool_groups(tmp_path, monkeypatch, tools, expected):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UserError) as info:
        load_library(*write_library(tmp_path, BASE, tools=tools))
    found = [str(p) for p in info.value.problems]
    assert any(expected in p and p.startswith("usecases/tools.yaml") for p in found), found


def test_an_integration_names_a_tool_group(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    found = problems(tmp_path, [*BASE, persona("engineering", [use_case("eng-runbooks", integrations=["GitHub"])])])
    assert any("eng-runbooks.integrations[0]: expected an id" in p for p in found), found
    found = problems(tmp_path, [*BASE, persona("engineering", [use_case("eng-runbooks", integrations=["gihub"])])])
    assert any("eng-runbooks.integrations[0]: unknown tool group 'gihub'; groups are listed in tools.yaml" in p
               for p in found), found


def test_a_library_without_tool_groups_says_what_is_missing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    usecases, playbooks = write_library(tmp_path, BASE)
    (usecases / "tools.yaml").unlink()
    with pytest.raises(UserError) as info:
        load_library(usecases, playbooks)
    assert [str(p) for p in info.value.problems] == [
        "usecases/tools.yaml: the tool groups file is missing; expected groups of alternative tools "
        "(see usecases/README.md)"]


BAD_CHARACTERS = [
    ("\x00", "control character U+0000 (null)"), ("\x0c", "control character U+000C (form feed)"),
    ("\x01", "control character U+0001"), ("\x1b", "control character U+001B (escape)"),
    ("\x7f", "control character U+007F (delete)"), ("\x85", "control character U+0085 (next line)"),
    ("\x9b", "control character U+009B"), ("\ufeff", "byte order mark U+FEFF in the middle of the file"),
]


def _library_file(tmp_path: Path, kind: str) -> Path:
    write_library(tmp_path, BASE)
    if kind == "theme":
        return write_yaml(tmp_path / "theme" / "theme.yaml", "organisation: Acme CS\n")
    if kind == "account":
        return write_yaml(tmp_path / "acme.yaml", SMALL_ACCOUNT)
    return {"usecases": tmp_path / "usecases" / "company.yaml", "tools": tmp_path / "usecases" / "tools.yaml",
            "playbooks": tmp_path / "playbooks" / "scale.yaml"}[kind]


def _load(tmp_path: Path, kind: str) -> None:
    if kind == "theme":
        load_theme(tmp_path / "theme")
    elif kind == "account":
        load_account(tmp_path / "acme.yaml", load_library(tmp_path / "usecases", tmp_path / "playbooks"))
    else:
        load_library(tmp_path / "usecases", tmp_path / "playbooks")


KINDS = ["usecases", "tools", "playbooks", "account", "theme"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("char", "named"), BAD_CHARACTERS)
def test_a_character_no_text_file_holds_is_located_in_every_kind_of_file(tmp_path, monkeypatch, kind, char, named):
    monkeypatch.chdir(tmp_path)
    path = _library_file(tmp_path, kind)
    path.write_text("# ok\n# see" + char + " here\n" + path.read_text(), encoding="utf-8")
    with pytest.raises(UserError) as info:
        _load(tmp_path, kind)
    where = os.path.relpath(path, tmp_path)
    assert [str(p) for p in info.value.problems] == [f"{where}:2:6: {named} is not allowed; remove it"]


@pytest.mark.parametrize("kind", KINDS)
def test_bytes_that_are_not_utf8_are_located_in_every_kind_of_file(tmp_path, monkeypatch, kind):
    monkeypatch.chdir(tmp_path)
    path = _library_file(tmp_path, kind)
    head = "# ok\n# Müller ".encode()
    path.write_bytes(head + b"\xff\n" + path.read_bytes())
    with pytest.raises(UserError) as info:
        _load(tmp_path, kind)
    where = os.path.relpath(path, tmp_path)
    assert [str(p) for p in info.value.problems] == [
        f"{where}:2:10: byte 0xFF (byte {len(head)} of the file) is not UTF-8 text; save the file as UTF-8"]


@pytest.mark.parametrize(("changes", "expected"), [
    ({"name": "\x1b[31mAcme"}, "acme.yaml:1:7: name: the name holds a control character U+001B (escape)"),
    ({"name": " \t "}, "acme.yaml:1:7: name: the name is empty or only spaces"),
    ({"csm": {"name": "Dana\u202e", "title": "CSM"}}, "acme.yaml:2:9: csm.name: the name holds a right-to-left "
                                                      "override U+202E"),
    ({"notes": ["Call\u2028back"]}, "acme.yaml:2:3: notes[0]: the text holds a line separator U+2028"),
    ({"locale": "de-DR"}, "acme.yaml:1:9: locale: 'de-DR' is not a locale Babel knows"),
    ({"locale": "english"}, "acme.yaml:1:9: locale: there are no documents in 'english'; available languages: "
                            "en, de, fr, ja"),
])
def test_unprintable_names_and_locale_typos_in_an_account_are_located(tmp_path, monkeypatch, shipped, changes,
                                                                       expected):
    monkeypatch.chdir(tmp_path)
    rest = {k: v for k, v in SMALL_ACCOUNT.items() if k not in changes}
    path = write_yaml(tmp_path / "acme.yaml", yaml.safe_dump(changes) + yaml.safe_dump(rest, sort_keys=False))
    with pytest.raises(UserError) as info:
        load_account(path, shipped)
    found = [str(p) for p in info.value.problems]
    assert len(found) == 1, found
    assert found[0].startswith(expected), found


def test_an_account_in_a_region_of_an_available_language_loads(tmp_path, shipped):
    path = write_yaml(tmp_path / "acme.yaml", {**SMALL_ACCOUNT, "locale": "de-AT"})
    assert load_account(path, shipped).locale == "de-AT"


@pytest.mark.parametrize(("personas", "playbooks", "expected"), [
    (with_field(title="Runbooks\x00"), None, "eng-runbooks.title: the name holds a control character U+0000 (null)"),
    (with_field(summary="Write \u202eit"), None, "eng-runbooks.summary: the text holds a right-to-left override"),
    (with_field(translations={"zz": {"title": "x"}}), None,
     "eng-runbooks.translations.zz: there are no documents in 'zz'; available languages: en, de, fr, ja"),
    (BASE, [playbook(title="  ")], "playbooks/scale.yaml:2:8: title: the name is empty or only spaces"),
    (BASE, [playbook(description="Who\x1b")], "description: the text holds a control character U+001B (escape)"),
])
def test_unprintable_library_words_are_located(tmp_path, monkeypatch, personas, playbooks, expected):
    monkeypatch.chdir(tmp_path)
    found = problems(tmp_path, personas, playbooks)
    assert any(expected in p for p in found), found
