"""Saving a decision changes the lines of that decision and nothing else of a hand-written account file."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from generator.web.edit import Decision, apply

SAMPLES = sorted((ROOT / "accounts").glob("*.yaml"))


def _data_without_adjustments(text: str) -> dict:
    data = yaml.safe_load(text)
    data.pop("adjustments", None)
    return data


def _adjustments(text: str) -> list[dict]:
    return yaml.safe_load(text).get("adjustments") or []


FLOW = ("# the CSM's decisions\nname: X\nadjustments:\n"
        "  - {use_case: a, pin: 2, reason: \"Asked for it.\"}  # from the call\n"
        "  - {use_case: b, skip: true, reason: Mid-rebrand.}\n"
        "# what we told them\nnotes: [hello]\n")
BLOCK = ("name: X\nadjustments:\n  # first the pins\n  - use_case: a\n    pin: 2\n    reason: |\n      Asked for it.\n"
         "  - use_case: b   # keep\n    skip: true\n    reason: Mid-rebrand.\n\n# what we told them\nnotes: [hello]\n")


@pytest.mark.parametrize(("text", "decision", "expected"), [
    (FLOW, Decision("a", "pin", "Moved.", quarter=3),
     FLOW.replace('{use_case: a, pin: 2, reason: "Asked for it."}  # from the call',
                  "{use_case: a, pin: 3, reason: Moved.}")),
    (FLOW, Decision("b", "remove"), FLOW.replace("  - {use_case: b, skip: true, reason: Mid-rebrand.}\n", "")),
    (FLOW, Decision("c", "defer", "New hires first: #2.", until=date(2027, 3, 1)),
     FLOW.replace("Mid-rebrand.}\n", "Mid-rebrand.}\n  - {use_case: c, defer_until: 2027-03-01, "
                                     "reason: 'New hires first: #2.'}\n")),
    (BLOCK, Decision("c", "skip", "Not now."),
     BLOCK.replace("    reason: Mid-rebrand.\n", "    reason: Mid-rebrand.\n  - use_case: c\n    skip: true\n"
                                                  "    reason: Not now.\n")),
    (BLOCK, Decision("a", "remove"),
     BLOCK.replace("  - use_case: a\n    pin: 2\n    reason: |\n      Asked for it.\n", "")),
    ("name: X\nadjustments: []\nnotes: []\n", Decision("a", "skip", "Why."),
     "name: X\nadjustments:\n  - use_case: a\n    skip: true\n    reason: Why.\nnotes: []\n"),
    ("name: X\nadjustments:\nnotes: []\n", Decision("a", "pin", "Why.", quarter=1),
     "name: X\nadjustments:\n  - use_case: a\n    pin: 1\n    reason: Why.\nnotes: []\n"),
    ("name: X\nadjustments: [{use_case: a, skip: true, reason: R}]  # flow\n", Decision("b", "skip", "S"),
     "name: X\nadjustments:\n  - use_case: a\n    skip: true\n    reason: R\n  - use_case: b\n    skip: true\n"
     "    reason: S\n"),
    ("name: X\nadjustments:\n  - {use_case: a, skip: true, reason: R}\n", Decision("a", "remove"),
     "name: X\nadjustments: []\n"),
    ("name: X", Decision("a", "skip", "理由: 会議で決定"),
     "name: X\nadjustments:\n  - use_case: a\n    skip: true\n    reason: '理由: 会議で決定'\n"),
    ("name: X\n", Decision("a", "remove"), "name: X\n"),
], ids=["replace-flow", "remove-flow", "add-flow", "add-block", "remove-block-keeps-comment", "empty-list",
        "bare-key", "flow-list", "remove-last", "no-key-no-newline", "remove-absent"])
def test_only_the_decision_changes(text, decision, expected):
    assert apply(text, decision) == expected


reasons = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60).filter(str.strip)
decisions = st.builds(
    Decision, use_case=st.sampled_from(["company-wiki", "eng-runbooks", "design-system-docs", "mkt-brand-hub"]),
    kind=st.sampled_from(["pin", "skip", "defer", "remove"]), reason=reasons,
    quarter=st.integers(1, 4), until=st.dates(date(2026, 1, 1), date(2028, 12, 31)))


@settings(max_examples=150, deadline=None)
@given(sample=st.sampled_from(SAMPLES), made=st.lists(decisions, max_size=4))
def test_any_decisions_keep_the_rest_of_every_sample(sample, made):
    """Property: after any decisions, the file says the same except for them, and every comment line is kept."""
    original = sample.read_text("utf-8")
    text = original
    expected = {a["use_case"]: a for a in _adjustments(original)}
    for decision in made:
        text = apply(text, decision)
        expected.pop(decision.use_case, None)
        if decision.kind != "remove":
            expected[decision.use_case] = decision.entry()
    assert _data_without_adjustments(text) == _data_without_adjustments(original)
    assert {a["use_case"]: a for a in _adjustments(text)} == expected
    kept = [line for line in original.splitlines() if "adjustments" not in line and "use_case" not in line]
    assert all(line in text.splitlines() for line in kept)
