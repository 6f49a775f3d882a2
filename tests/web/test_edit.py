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
     "name: X\nadjustments:  # flow\n  - {use_case: a, skip: true, reason: R}\n"
     "  - {use_case: b, skip: true, reason: S}\n"),
    ("name: X\nadjustments:\n  - {use_case: a, skip: true, reason: R}\n", Decision("a", "remove"),
     "name: X\nadjustments: []\n"),
    ("name: X", Decision("a", "skip", "理由: 会議で決定"),
     "name: X\nadjustments:\n  - use_case: a\n    skip: true\n    reason: '理由: 会議で決定'\n"),
    ("name: X\n", Decision("a", "remove"), "name: X\n"),
    ("name: X\nadjustments: []  # none yet\nnotes: []\n", Decision("a", "skip", "Why."),
     "name: X\nadjustments:  # none yet\n  - use_case: a\n    skip: true\n    reason: Why.\nnotes: []\n"),
    ("name: X\nadjustments:  # none yet\nnotes: []\n", Decision("a", "skip", "Why."),
     "name: X\nadjustments:  # none yet\n  - use_case: a\n    skip: true\n    reason: Why.\nnotes: []\n"),
    ("adjustments: [  # open\n  # nothing\n]  # shut\n", Decision("a", "skip", "W"),
     "adjustments:  # shut\n  - use_case: a\n    skip: true\n    reason: W\n  # open\n  # nothing\n"),
    ("adjustments: [{use_case: a, skip: true, reason: R}]  # flow\n", Decision("a", "remove"),
     "adjustments: []  # flow\n"),
    ("adjustments: [\n  # first\n  {use_case: a, skip: true, reason: R},  # the a\n  {use_case: b, skip: true,\n"
     "   reason: S}  # the b\n]\n", Decision("a", "pin", "P", quarter=2),
     "adjustments:\n  # first\n  - {use_case: a, pin: 2, reason: P}\n  # the a\n"
     "  - {use_case: b, skip: true,\n   reason: S}\n  # the b\n"),
    ("adjustments:  # ours\n  - {use_case: a, skip: true, reason: R}\n  # after a\n", Decision("a", "remove"),
     "adjustments: []  # ours\n  # after a\n"),
    ("adjustments:\r\n  - {use_case: a, skip: true, reason: R}\r\n", Decision("b", "skip", "S"),
     "adjustments:\r\n  - {use_case: a, skip: true, reason: R}\r\n  - {use_case: b, skip: true, reason: S}\r\n"),
    ("name: X\r\nadjustments: []  # c\r\n", Decision("a", "skip", "W"),
     "name: X\r\nadjustments:  # c\r\n  - use_case: a\r\n    skip: true\r\n    reason: W\r\n"),
    ("name: X\r\n", Decision("a", "skip", "W"), "name: X\r\nadjustments:\r\n  - use_case: a\r\n    skip: true\r\n"
     "    reason: W\r\n"),
    ("adjustments:\n  - {use_case: a, skip: true, reason: R}", Decision("b", "skip", "S"),
     "adjustments:\n  - {use_case: a, skip: true, reason: R}\n  - {use_case: b, skip: true, reason: S}\n"),
    ("name: X\nadjustments: []", Decision("a", "skip", "W"),
     "name: X\nadjustments:\n  - use_case: a\n    skip: true\n    reason: W\n"),
], ids=["replace-flow", "remove-flow", "add-flow", "add-block", "remove-block-keeps-comment", "empty-list",
        "bare-key", "flow-list", "remove-last", "no-key-no-newline", "remove-absent", "empty-list-comment",
        "bare-key-comment", "empty-flow-comment-lines", "flow-list-emptied", "flow-lines-comments",
        "block-emptied-keeps-comments", "crlf-block", "crlf-empty-list", "crlf-no-key", "block-no-newline",
        "empty-list-no-newline"])
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


# Every shape an ``adjustments`` list is written in, each with comments around and inside it.
SHAPES = {
    "absent": "name: X\n# about them\nnotes: [hello]\n",
    "bare": "name: X\nadjustments:  # agreed with the sponsor\nnotes: [hello]\n",
    "empty": "name: X\nadjustments: []  # agreed with the sponsor\nnotes: [hello]\n",
    "empty-lines": "name: X\nadjustments: [  # opened\n  # none yet\n]  # agreed\nnotes: [hello]\n",
    "flow": "name: X\nadjustments: [{use_case: company-wiki, skip: true, reason: R}]  # agreed\nnotes: [hello]\n",
    "flow-lines": ("name: X\nadjustments: [  # opened\n  # the skips\n"
                   "  {use_case: company-wiki, skip: true, reason: R},  # wiki\n  # the pins\n"
                   "  {use_case: eng-runbooks, pin: 2,\n    reason: P}\n  # last\n]  # agreed\n"
                   "notes: [hello]\n"),
    "block": ("name: X\nadjustments:  # agreed\n  # the skips\n  - use_case: company-wiki\n    skip: true\n"
              "    reason: R\n  # the pins\n  - {use_case: eng-runbooks, pin: 2, reason: P}\n# after\n"
              "notes: [hello]\n"),
    "indentless": ("name: X\nadjustments:\n# the skips\n- use_case: company-wiki\n  skip: true\n  reason: R\n"
                   "notes: [hello]  # end"),
}


# A '#' in a reason would read as a comment to the count below; comments are what is checked here.
plain = st.builds(Decision, use_case=st.sampled_from(["company-wiki", "eng-runbooks", "design-system-docs"]),
                  kind=st.sampled_from(["pin", "skip", "defer", "remove"]),
                  reason=reasons.filter(lambda r: "#" not in r),
                  quarter=st.integers(1, 4), until=st.dates(date(2026, 1, 1), date(2028, 12, 31)))


def _comments(text: str) -> list[str]:
    return sorted(line.split("#", 1)[1].strip() for line in text.splitlines() if "#" in line)


def _make(text: str, made: list[Decision]) -> str:
    for decision in made:
        text = apply(text, decision)
    return text


@settings(max_examples=100, deadline=None)
@given(shape=st.sampled_from(sorted(SHAPES)), made=st.lists(plain, max_size=4))
def test_any_decisions_keep_every_comment_and_line_ending_of_every_shape(shape, made):
    """Property: in every shape, decisions keep every comment, the rest of the data, and the file's line endings."""
    original = SHAPES[shape]
    text = _make(original, made)
    expected = {a["use_case"]: a for a in _adjustments(original)}
    for decision in made:
        expected.pop(decision.use_case, None)
        if decision.kind != "remove":
            expected[decision.use_case] = decision.entry()
    assert _data_without_adjustments(text) == _data_without_adjustments(original)
    assert {a["use_case"]: a for a in _adjustments(text)} == expected
    assert _comments(text) == _comments(original)
    crlf = _make(original.replace("\n", "\r\n"), made)
    assert crlf == text.replace("\n", "\r\n")
    unended = _make(original.rstrip("\n"), made)
    assert yaml.safe_load(unended) == yaml.safe_load(text)
