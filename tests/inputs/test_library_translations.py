"""The shipped library speaks every language the documents are printed in, and its translations keep the facts."""

from __future__ import annotations

import dataclasses
import re

import pytest

from generator.inputs.languages import SOURCE_LANGUAGE, available_languages

LANGUAGES = [language for language in available_languages() if language != SOURCE_LANGUAGE]
# A number as a text writes it: 1,200 in English, 1.200 in German, 1 200 in French.
NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d{3})*(?!\d)")


def numbers(text: str) -> set[str]:
    """The numbers in ``text``, their thousands separators dropped."""
    return {re.sub(r"\D", "", found) for found in NUMBER.findall(text)}


def english_and_translated(uc, language: str) -> list[tuple[str, str, str]]:
    """(field, English, translation) for every text of a use case that has a translation in ``language``."""
    text = uc.translations.get(language)
    if text is None:
        return []
    pairs = [(f, getattr(uc, f), getattr(text, f)) for f in ("title", "summary", "story") if getattr(text, f)]
    for i, (english, given) in enumerate(zip(uc.training, text.training or [], strict=False)):
        pairs += [(f"training[{i}].module", english.module, given.module),
                  (f"training[{i}].audience", english.audience, given.audience)]
    pairs += [(f"success_metrics[{i}]", english.metric, given)
              for i, (english, given) in enumerate(zip(uc.success_metrics, text.success_metrics or [], strict=False))]
    return pairs


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_shipped_library_text_is_translated(shipped, language):
    texts = shipped.map.translation_texts(language)
    missing = [f"{where}: {item}.{field}" for item, field, where, done in texts if not done]
    assert not missing, f"{len(missing)} of {len(texts)} library texts have no {language!r} translation: {missing[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_shipped_playbook_text_is_translated(shipped, language):
    texts = [(segment, path, done) for segment, book in sorted(shipped.playbooks.items())
             for path, done in book.translation_texts(language)]
    missing = [f"{segment}.{path}" for segment, path, done in texts if not done]
    assert not missing, f"{len(missing)} of {len(texts)} playbook texts have no {language!r} translation: {missing[:5]}"


def test_generic_words_count_as_texts_and_names_do_not(shipped):
    texts = {(item, field): done for item, field, _, done in shipped.map.translation_texts("de")}
    assert texts[("eng-runbooks", "words[runbooks]")] is True  # a unit
    assert texts[("people-onboarding", "words[spreadsheets]")] is True  # a tool named by kind
    assert not any(field == "words[BambooHR Onboarding]" for _, field in texts)  # a name stays as it is
    bare = dataclasses.replace(shipped.map, words={}, _languages={})
    assert ("eng-runbooks", "words[runbooks]", False) in [(i, f, d) for i, f, _, d in bare.translation_texts("de")]


def test_units_and_generic_tools_print_in_the_readers_language(shipped):
    japanese = shipped.map.in_language("ja")
    assert [m.unit for m in japanese.use_cases["eng-runbooks"].success_metrics] == ["%", "件"]
    assert japanese.word("spreadsheets") == "スプレッドシート"
    assert japanese.word("Confluence") == "Confluence"
    assert shipped.map.word("spreadsheets") == "spreadsheets"  # the English map keeps its own words


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_number_of_the_english(shipped, language):
    changed = [f"{uc_id}.{field}: {sorted(numbers(english) - numbers(given))} not in {given!r}"
               for uc_id, uc in shipped.map.use_cases.items()
               for field, english, given in english_and_translated(uc, language)
               if not numbers(english) <= numbers(given)]
    assert not changed, changed


@pytest.mark.parametrize(("text", "expected"), [
    ("moved 1,200 pages in six weeks", {"1200"}),
    ("1.200 Seiten in sechs Wochen", {"1200"}),
    ("de 400 personnes a migré 1 200 pages", {"400", "1200"}),
    ("1,200ページを移行し、40%減少", {"1200", "40"}),
    ("within 5 days, top-10, B2B", {"5", "10", "2"}),
])
def test_numbers_are_read_whatever_the_thousands_separator(text, expected):
    assert numbers(text) == expected
