"""Words: sentences from catalogs, and dates, numbers, percentages and lists in the reader's locale."""

from __future__ import annotations

import re
from datetime import date

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from conftest import ROOT
from generator.plan.models import Note
from generator.render.sentences import SENTENCES
from generator.render.words import Words, available_languages

LOCALE_DIR = ROOT / "generator" / "locale"


@pytest.mark.parametrize(("locale", "day", "number", "share", "listing"), [
    ("en-US", "Jan 15, 2027", "1,200", "43%", "A, B, and C"),
    ("en-GB", "15 Jan 2027", "1,200", "43%", "A, B and C"),
    ("de-DE", "15.01.2027", "1.200", "43\u00a0%", "A, B und C"),
    ("fr-FR", "15 janv. 2027", "1\u202f200", "43\u00a0%", "A, B et C"),
    ("ja-JP", "2027/01/15", "1,200", "43%", "A、B、C"),
])
def test_values_take_the_locales_form(locale, day, number, share, listing):
    w = Words(locale)
    assert w.date(date(2027, 1, 15)) == day
    assert w.date("2027-01-15") == day  # dates come back from plan.json as ISO text
    assert w.number(1200) == number
    assert w.percent(43, 100) == share
    assert w.listing(["A", "B", "C"]) == listing


@pytest.mark.parametrize(("locale", "one", "two"), [
    ("en-US", "Unlocks 1 more use case: A.", "Unlocks 2 more use cases: A and B."),
    ("de-DE", "Ermöglicht 1 weiteren Anwendungsfall: A.", "Ermöglicht 2 weitere Anwendungsfälle: A und B."),
])
def test_plurals_follow_the_count(locale, one, two):
    w = Words(locale)
    assert w.say(Note(code="unlocks", values={"titles": ["A"]})) == one
    assert w.say(Note(code="unlocks", values={"titles": ["A", "B"]})) == two


def test_a_language_without_a_catalog_reads_english_words_in_its_own_formats():
    w = Words("sv-SE")
    assert w.say(Note(code="needs_nothing")) == "Needs nothing else first."
    assert w.date(date(2027, 1, 15)) == "15 jan. 2027"
    assert w.listing(["A", "B", "C"]) == "A, B and C"  # the list belongs to the English sentence, not 'A, B och C'
    assert Words("ko-KR").listing(["A", "B"]) == "A and B"
    assert Words("xx-YY").say(Note(code="needs_nothing")) == "Needs nothing else first."


def test_internal_notes_reach_only_the_csm():
    notes = [Note(code="needs_nothing"), Note(code="value_rating", values={"value": 4}, internal=True)]
    assert Words("en").say_all(notes) == ["Needs nothing else first."]
    assert Words("en").say_all(notes, internal=True)[1] == "Enablement rates its value 4 of 5."


def _used_messages() -> set[str | tuple[str, ...]]:
    method_map = [("**.py", "python"), ("templates/**.j2", "jinja2")]
    found = extract_from_dir(str(ROOT / "generator"), method_map, keywords={"_": None, "gettext": None,
                                                                            "ngettext": (1, 2)})
    return {message if isinstance(message, str) else tuple(message) for _, _, message, _, _ in found}


@pytest.mark.parametrize("language", [lang for lang in available_languages() if lang != "en"])
def test_every_catalog_translates_every_message_with_the_same_placeholders(language):
    with (LOCALE_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=language)
    translated = {m.id if isinstance(m.id, str) else tuple(m.id): m for m in catalog if m.id and m.string}
    missing = _used_messages() - set(translated)
    assert not missing, f"run make messages and translate: {sorted(map(str, missing))[:5]}"
    problems = [(message.id, errors) for message, errors in catalog.check() if errors]
    assert not problems, problems[:5]
    assert not [m.id for m in catalog if m.fuzzy and m.id]


def test_every_code_the_planner_writes_has_a_sentence():
    pattern = re.compile(r'_note\("([a-z_]+)"|code="([a-z_]+)"')
    codes = {code for path in (ROOT / "generator" / "plan").glob("*.py")
             for pair in pattern.findall(path.read_text()) for code in pair if code and code != "pending"}
    assert len(codes) > 30
    assert codes <= set(SENTENCES), codes - set(SENTENCES)


def test_no_word_hides_inside_an_f_string():
    # Babel's extractor cannot see a gettext call inside an f-string field: its message would never be translated.
    hidden = [f"{path.relative_to(ROOT)}:{n}" for path in (ROOT / "generator").rglob("*.py")
              for n, line in enumerate(path.read_text().splitlines(), 1)
              if re.search(r"""\bf["'].*gettext\(""", line)]
    assert not hidden


@pytest.mark.parametrize(("locale", "items", "said"), [
    ("en-US", ["People and hiring", "Product"], "People and hiring as well as Product"),
    ("en-US", ["Sales", "Support and success", "Product"], "Sales, Support and success as well as Product"),
    ("en-US", ["Brand", "Product"], "Brand and Product"),  # no item says 'and': the plain list
    ("en-US", ["Brandon", "Andrea"], "Brandon and Andrea"),  # 'and' inside a word is not the conjunction
    ("de-DE", ["Personal und Recruiting", "Engineering"], "Personal und Recruiting sowie Engineering"),
    ("de-DE", ["People and hiring", "Product"], "People and hiring und Product"),  # the reader's 'und' is clear
    ("fr-FR", ["Ventes et marketing", "Produit", "Support"], "Ventes et marketing, Produit ainsi que Support"),
    ("ja-JP", ["営業とマーケティング", "製品"], "営業とマーケティング、製品"),
    ("en-US", ["People and hiring"], "People and hiring"),
])
def test_a_list_whose_items_say_and_keeps_its_items_apart(locale, items, said):
    assert Words(locale).listing(items) == said
