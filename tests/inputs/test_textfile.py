"""Input files as text: only printable characters, each bad one named at its line and column."""

from __future__ import annotations

import pytest

from generator.errors import UserError
from generator.inputs.textfile import MAX_CHARACTER_PROBLEMS, character_problems
from generator.inputs.yamlsource import parse_yaml


@pytest.mark.parametrize(("text", "expected"), [
    ("a: x\x0cy\n", "f.yaml:1:5: control character U+000C (form feed) is not allowed; remove it"),
    ("a: 1\r\nb: \x00\n", "f.yaml:2:4: control character U+0000 (null) is not allowed; remove it"),
    ("a: 1\rb: \x01\n", "f.yaml:2:4: control character U+0001 is not allowed; remove it"),
    ("a: \ud800\n", "f.yaml:1:4: lone surrogate U+D800 (half of a character) is not allowed; remove it"),
    ("a: \uffff\n", "f.yaml:1:4: noncharacter U+FFFF is not allowed; remove it"),
    ("a: x\ufeff\n", "f.yaml:1:5: byte order mark U+FEFF in the middle of the file is not allowed; remove it"),
])
def test_text_handed_in_directly_is_checked_too(text, expected):
    with pytest.raises(UserError) as info:
        parse_yaml(text, "f.yaml")
    assert [str(p) for p in info.value.problems] == [expected]


@pytest.mark.parametrize("text", ["\ufeffa: 1\n", "a: \"tab\there\"\n", "a: Müller 東京 🎉\n"])
def test_a_leading_byte_order_mark_tabs_and_any_script_are_fine(text):
    assert parse_yaml(text, "f.yaml").data["a"]


def test_every_bad_character_is_reported_up_to_a_few():
    text = "a: x\x01\nb: \x02\n"
    assert [str(p) for p in character_problems(text, "f")] == [
        "f:1:5: control character U+0001 is not allowed; remove it",
        "f:2:4: control character U+0002 is not allowed; remove it"]
    many = character_problems("a: " + "\x01" * 1000, "f")
    assert len(many) == MAX_CHARACTER_PROBLEMS + 1
    assert str(many[-1]) == f"f:1:{4 + MAX_CHARACTER_PROBLEMS}: more characters like these from here on; " \
                            "is this really a text file?"
