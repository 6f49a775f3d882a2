"""The council's charter settings in a playbook: cadence, words by stage, and their translations."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from conftest import playbook
from generator.inputs.playbook import Playbook

STAGED = {"purpose_by_maturity": {"mature": "Keep the workspace worth its place."},
          "responsibilities_by_maturity": {"mature": ["Review use.", "Refresh champions."]},
          "decision_rights": ["Which team is next."], "escalation": ["Champion", "Council chair"]}


def _council(**changes) -> dict:
    return {**playbook()["council"], **STAGED, **changes}


@pytest.mark.parametrize("every", [{}, {"months": 1, "weeks": 6}, {"months": 0}, {"weeks": 27}])
def test_a_cadence_is_months_or_weeks_within_bounds(every):
    with pytest.raises(ValidationError):
        Playbook.model_validate(playbook(council=_council(meets_every=every)))


def test_without_charter_settings_the_council_meets_monthly_and_says_its_own_purpose():
    council = Playbook.model_validate(playbook()).council
    assert (council.meets_every.months, council.meets_every.weeks) == (1, None)
    assert council.purpose_by_maturity.mature is None
    assert council.decision_rights == []


@pytest.mark.parametrize(("field", "given", "complaint"), [
    ("escalation", ["Champion"], "translations.de.council.escalation has 1 items; expected all 2"),
    ("decision_rights", [], "translations.de.council.decision_rights has 0 items; expected all 1"),
    ("responsibilities_by_maturity", {"mature": ["Nur eins."]},
     "translations.de.council.responsibilities_by_maturity.mature has 1 items; expected all 2"),
    ("responsibilities_by_maturity", {"at_risk": ["Eins.", "Zwei."]},  # a stage the English lists with the base
     "translations.de.council.responsibilities_by_maturity.at_risk has 2 items; expected all 1"),
])
def test_a_translated_list_has_one_entry_for_each_english_one(field, given, complaint):
    data = playbook(council=_council(), translations={"de": {"council": {field: given}}})
    with pytest.raises(ValidationError, match=complaint):
        Playbook.model_validate(data)


def test_each_stages_words_are_translated_one_by_one():
    data = playbook(council=_council(), translations={"de": {"council": {
        "purpose_by_maturity": {"mature": "Den Workspace wertvoll halten."},
        "escalation": ["Champion", "Council-Vorsitz"]}}})
    book = Playbook.model_validate(data)
    german = book.in_language("de").council
    assert german.purpose_by_maturity.mature == "Den Workspace wertvoll halten."
    assert german.responsibilities_by_maturity.mature == ["Review use.", "Refresh champions."]  # left in English
    assert german.escalation == ["Champion", "Council-Vorsitz"]
    missing = [path for path, done in book.translation_texts("de") if not done]
    assert "council.responsibilities_by_maturity.mature" in missing
    assert "council.purpose_by_maturity.mature" not in missing
    assert "council.purpose_by_maturity.at_risk" not in missing  # the English gives none: nothing to translate


def test_an_onboarding_step_has_one_date_on_the_plan():
    steps = [{"id": "sso", "title": "SSO", "owner": "IT", "due_day": 30, "use_case": "it-sso", "marks": "first_wave"}]
    with pytest.raises(ValidationError, match="give use_case or marks, not both"):
        Playbook.model_validate(playbook(onboarding={"steps": steps}))
