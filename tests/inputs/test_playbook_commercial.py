"""The playbook's renewal rules: checkpoints on the calendar, one date for the value review."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from conftest import playbook
from generator.inputs.playbook import Playbook


def test_without_commercial_settings_the_value_review_starts_the_renewals_preparation():
    book = Playbook.model_validate(playbook())
    review = next(c for c in book.commercial.checkpoints if c.kind == "value_review")
    assert review.days_before == book.renewal.prep_days


@pytest.mark.parametrize(("commercial", "complaint"), [
    ({"checkpoints": [{"days_before": 90, "kind": "value_review"}]}, "the value_review is 90 days before"),
    ({"checkpoints": [{"days_before": 0, "kind": "value_review"}]}, "greater than or equal to 1"),
    ({"checkpoints": [{"days_before": 30, "kind": "kickoff"}]}, "value_review"),
    ({"window_days": -1}, "greater than or equal to 0"),
    ({"utilisation_risk_below_pct": 101}, "less than or equal to 100"),
])
def test_a_bad_commercial_section_is_refused(commercial, complaint):
    with pytest.raises(ValidationError) as err:
        Playbook.model_validate(playbook(renewal={"term_months": 12, "prep_days": 120}, commercial=commercial))
    assert complaint in str(err.value)
