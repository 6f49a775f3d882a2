"""The formats a render makes, as the command line names them, and what of them the fingerprint sees."""

from __future__ import annotations

import pytest

from generator.errors import UserError
from generator.render.deck.template import DeckTemplate
from generator.render.formats import FORMATS, Outputs, parse_formats


@pytest.mark.parametrize(("text", "expected"), [
    ("pdf", ("pdf",)), ("docx,pdf", ("pdf", "docx")), (" PPTX , pdf ", ("pdf", "pptx")),
    ("pdf,pptx,docx,pdf", FORMATS),
])
def test_formats_are_read_in_one_order(text, expected):
    assert parse_formats(text) == expected


@pytest.mark.parametrize(("text", "said"), [
    ("xls", "unknown format 'xls'"), ("pdf,odt,key", "unknown format 'odt', 'key'"), ("", "no format given"),
    (",", "no format given"),
])
def test_an_unknown_or_empty_list_is_refused_with_the_choices(text, said):
    with pytest.raises(UserError) as caught:
        parse_formats(text)
    assert said in str(caught.value)
    assert "pdf, pptx, docx" in str(caught.value)


def test_the_files_follow_the_formats_and_plan_json_is_always_made():
    assert Outputs().names == ("roadmap.pdf", "charter.pdf", "qbr.pptx", "charter.docx", "plan.json")
    assert Outputs(("docx",)).names == ("charter.docx", "plan.json")


def test_the_key_changes_with_what_changes_a_byte():
    base = Outputs()
    theirs = DeckTemplate(b"their template", "t.pptx")
    keys = {base.key, Outputs(("pdf",)).key, Outputs(deck_template=theirs).key, Outputs(notes=True).key,
            Outputs(deck_template=DeckTemplate(b"another", "t.pptx")).key}
    assert len(keys) == 5
    # Without a deck, its template and notes change nothing.
    assert Outputs(("pdf",), theirs, notes=True).key == Outputs(("pdf",)).key
