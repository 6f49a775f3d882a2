"""The deck's template: the shipped one is complete, and a template that lacks what the deck fills says what."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from pptx import Presentation

from generator.errors import UserError
from generator.render.deck.template import CONTENT, TITLE, VISUAL, default_template, load_template, template_problems


def test_the_shipped_template_has_every_layout_the_deck_fills():
    assert template_problems(default_template()) == []


def _renamed(layout: str) -> Callable[[object], None]:
    def change(deck) -> None:
        deck.slide_layouts.get_by_name(layout).name = "Something else"
    return change


def _without_body(layout: str) -> Callable[[object], None]:
    def change(deck) -> None:
        found = deck.slide_layouts.get_by_name(layout)
        body = next(s for s in found.placeholders if s.placeholder_format.idx == 1)
        body.element.getparent().remove(body.element)
    return change


def _save(tmp_path: Path, change: Callable[[object], None]) -> Path:
    deck = Presentation(io.BytesIO(default_template().data))
    change(deck)
    path = tmp_path / "ours.pptx"
    deck.save(str(path))
    return path


@pytest.mark.parametrize(("change", "said"), [
    (_renamed(TITLE), f"no slide layout named '{TITLE}': the deck needs one holding a title placeholder and a "
                      "subtitle"),
    (_renamed(CONTENT), f"no slide layout named '{CONTENT}'"),
    (_renamed(VISUAL), f"no slide layout named '{VISUAL}': the deck needs one holding a title placeholder and a "
                       "content placeholder (idx 1) marking where a chart or table goes (its layouts: "),
    (_without_body(CONTENT), f"the slide layout '{CONTENT}' must hold a title placeholder and a text or content "
                             "placeholder (idx 1)"),
    (_without_body(VISUAL), f"the slide layout '{VISUAL}' must hold"),
])
def test_a_template_missing_a_layout_or_placeholder_names_it(tmp_path, change, said):
    path = _save(tmp_path, change)
    with pytest.raises(UserError) as caught:
        load_template(path)
    (problem,) = caught.value.problems
    assert problem.location.file == str(path)
    assert said in problem.message


def _zip_without_presentation(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not a deck")


@pytest.mark.parametrize(("write", "said"), [
    (lambda p: p.write_bytes(b"PK\x03\x04 truncated"), "expected a PowerPoint presentation"),
    (lambda p: p.write_text("plain text"), "expected a PowerPoint presentation"),
    (_zip_without_presentation, "expected a PowerPoint presentation"),
    (lambda p: p.mkdir(), "cannot read the deck template"),
    (lambda p: None, "cannot read the deck template"),
])
def test_a_file_that_is_no_presentation_is_a_located_error(tmp_path, write, said):
    path = tmp_path / "template.pptx"
    write(path)
    with pytest.raises(UserError) as caught:
        load_template(path)
    assert said in str(caught.value)
    assert str(path) in str(caught.value)


def test_the_templates_own_slides_are_dropped_and_its_theme_kept(tmp_path, shipped):
    from datetime import date

    from conftest import ROOT
    from generator.inputs.loader import load_account
    from generator.plan.planner import plan
    from generator.render.deck.build import deck_pptx

    def with_example_slide(deck) -> None:
        deck.slides.add_slide(deck.slide_layouts.get_by_name(CONTENT)).shapes.title.text = "Delete me"

    template = load_template(_save(tmp_path, with_example_slide))
    account = load_account(ROOT / "accounts" / "pinecone-bakery.yaml", shipped)
    result = plan(shipped.map, shipped.playbooks[account.segment], account, as_of=date(2026, 11, 21))
    deck = Presentation(io.BytesIO(deck_pptx(result, 10, template)))
    assert "Delete me" not in [s.shapes.title.text_frame.text for s in deck.slides]
    assert deck.slide_width == Presentation(io.BytesIO(template.data)).slide_width
