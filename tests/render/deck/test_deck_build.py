"""The QBR deck as a PowerPoint client reads it: its slides, placeholders, native charts, tables, notes and bytes."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from conftest import ROOT
from generator.inputs.loader import load_account
from generator.plan.planner import plan
from generator.render.deck.build import deck_pptx
from generator.render.deck.template import CONTENT, TITLE, VISUAL
from generator.render.words import Words, translations

AS_OF = date(2026, 11, 21)
SAMPLES = sorted(p.stem for p in (ROOT / "accounts").glob("*.yaml"))
LANGUAGES = {"en": "en-GB", "de": "de-DE", "fr": "fr-FR", "ja": "ja-JP"}


def _plan(shipped, name: str, locale: str | None = None):
    account = load_account(ROOT / "accounts" / f"{name}.yaml", shipped)
    if locale is not None:
        account = account.model_copy(update={"locale": locale})
    return plan(shipped.map, shipped.playbooks[account.segment], account, as_of=AS_OF)


def _deck(shipped, name: str, locale: str | None = None, *, notes: bool = False):
    result = _plan(shipped, name, locale)
    data = deck_pptx(result, round(1 / shipped.playbooks[result.account.segment].community.champion_ratio),
                     notes=notes)
    return result, data, Presentation(io.BytesIO(data))


def _titles(deck) -> list[str]:
    return [s.shapes.title.text_frame.text for s in deck.slides]


def _fixed_words(deck) -> set[str]:
    """The words the deck itself says, not the account's: slide titles (all but the account's name), table
    headers and chart series."""
    found = set(_titles(deck)[1:])
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_table:
                found.update(c.text for c in shape.table.rows[0].cells)
            if shape.has_chart:
                found.update(s.name for s in shape.chart.plots[0].series)
    return {f.split(" (")[0] for f in found if f}


@pytest.mark.parametrize("name", SAMPLES)
def test_every_sample_has_every_slide_in_every_language(shipped, name):
    for language, locale in LANGUAGES.items():
        result, _, deck = _deck(shipped, name, locale)
        w = Words(locale, result.period_months)
        titles = {t.split(" (")[0] for t in _titles(deck)}
        expected = {w.gettext("Agenda"), w.gettext("Where you are today"), w.gettext("The year at a glance"),
                    w.gettext("Council and champions"), w.gettext("Three things to agree at this QBR"),
                    w.gettext("Renewal and next steps")}
        if result.objectives:
            expected.add(w.gettext("Your objectives"))
        if result.since:
            expected.add(w.gettext("Since our last review"))
        if result.value:
            expected.add(w.gettext("What you have achieved"))
        assert expected <= titles, (name, language, expected - titles)
        assert _titles(deck)[0] == result.account.name
        agenda = deck.slides[1].placeholders[1].text_frame.text.split("\n")
        assert agenda[0] in titles, (name, language)
        assert len(agenda) >= 6, (name, language)


@pytest.mark.parametrize("language", ["de", "fr", "ja"])
@pytest.mark.parametrize("name", ["brightline-studio", "meridian-health", "sakura-logistics", "kestrel-analytics"])
def test_no_english_word_of_ours_on_a_deck_in_another_language(shipped, name, language):
    english = _fixed_words(_deck(shipped, name, "en-GB")[2])
    other = _fixed_words(_deck(shipped, name, LANGUAGES[language])[2])
    translated = translations(language)._catalog  # type: ignore[attr-defined]
    same_in_both = {w for w in english if translated.get(w) == w}  # translated as itself: 'Agenda' is German too
    leaked = (english & other) - same_in_both
    assert not leaked, leaked


def test_text_is_in_placeholders_tables_in_tables_and_charts_are_native_with_their_data(shipped):
    result, data, deck = _deck(shipped, "brightline-studio")
    layouts = {s.slide_layout.name for s in deck.slides}
    assert layouts == {TITLE, CONTENT, VISUAL}
    for slide in deck.slides:
        for shape in slide.shapes:
            assert shape.is_placeholder or shape.shape_type in (MSO_SHAPE_TYPE.TABLE, MSO_SHAPE_TYPE.CHART), \
                shape.name  # no loose text box, no picture
    charts = [s.chart for slide in deck.slides for s in slide.shapes if s.has_chart]
    adoption = charts[0]
    assert list(adoption.plots[0].categories) == [d.department for d in result.adoption]
    planned = next(s for s in adoption.plots[0].series if s.name == "Planned")
    assert list(planned.values) == [float(d.planned) for d in result.adoption]
    with zipfile.ZipFile(io.BytesIO(data)) as package:  # the chart's workbook travels with it, to edit in Excel
        assert any(n.startswith("ppt/embeddings/") and n.endswith(".xlsx") for n in package.namelist())
    year = next(s for s in deck.slides if s.shapes.title.text_frame.text == "The year at a glance")
    table = next(s.table for s in year.shapes if s.has_table)
    assert len(table.rows) == len(result.quarters) + 1


def test_speaker_notes_carry_the_reasons_only_when_asked_for(shipped):
    result, _, plain = _deck(shipped, "northwind-logistics")
    _, _, noted = _deck(shipped, "northwind-logistics", notes=True)
    assert not any(s.has_notes_slide for s in plain.slides)
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in noted.slides if s.has_notes_slide)
    w = Words(result.account.locale, result.period_months)
    first = next(i for i in result.items if i.quarter in (0, 1))
    assert w.say_all(first.reasons)[0] in notes
    internal = [w.say(n) for i in result.items for n in i.reasons if n.internal]
    assert internal
    assert not any(said in notes for said in internal)
    assert str(result.account.health_score) not in notes.split()


def test_the_same_plan_gives_the_same_bytes_dated_on_the_plan_day(shipped):
    _, first, deck = _deck(shipped, "meridian-health", notes=True)
    _, second, _ = _deck(shipped, "meridian-health", notes=True)
    assert first == second
    assert deck.core_properties.created == datetime(2026, 11, 21) == deck.core_properties.modified
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {i.date_time for i in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert package.namelist()[0] == "[Content_Types].xml"


def test_cjk_text_takes_the_pdfs_cjk_family(shipped):
    _, data, _ = _deck(shipped, "sakura-logistics")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        slide = package.read("ppt/slides/slide2.xml").decode()
    assert 'typeface="Noto Sans CJK JP"' in slide
