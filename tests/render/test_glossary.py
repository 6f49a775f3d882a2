"""One term per idea in each language, and none of our internal words: every catalog msgstr and every shipped
translation of the library and playbooks checked against generator/locale/<lang>/glossary.yaml."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from conftest import ROOT
from generator.inputs.languages import SOURCE_LANGUAGE, available_languages
from generator.inputs.playbook import Playbook
from generator.inputs.translations import MATURITIES

LANGUAGES = [language for language in available_languages() if language != SOURCE_LANGUAGE]
LOCALE = ROOT / "generator" / "locale"
Pair = tuple[str, str, str]  # where, English, translation


def glossary(language: str) -> dict:
    return yaml.safe_load((LOCALE / language / "glossary.yaml").read_text(encoding="utf-8"))


def catalog_pairs(language: str) -> Iterator[Pair]:
    with (LOCALE / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        po = read_po(handle, locale=language)
    for message in po:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strs = [message.string] if isinstance(message.string, str) else list(message.string or ())
        # A plural's forms each say what either English form says (Japanese has one form for both).
        yield from ((f"messages.po: {ids[0][:60]!r}", english, given) for english in ids for given in strs)


def playbook_pairs(book: Playbook, language: str) -> Iterator[Pair]:
    text = book.translations.get(language)
    if text is None:
        return
    where = f"playbooks/{book.segment}.yaml"
    if text.title:
        yield where, book.title, text.title
    council = text.council
    if council is not None:
        for field in ("cadence", "chair_role", "sponsor_role", "admin_lead_role", "purpose"):
            if getattr(council, field):
                yield where, getattr(book.council, field), getattr(council, field)
        for field in ("responsibilities", "decision_rights", "escalation"):
            yield from ((where, e, g) for e, g in zip(getattr(book.council, field), getattr(council, field) or [],
                                                      strict=False))
        for m in MATURITIES:
            given = getattr(council.purpose_by_maturity, m) if council.purpose_by_maturity else None
            if given:
                yield where, getattr(book.council.purpose_by_maturity, m) or book.council.purpose, given
            listed = getattr(council.responsibilities_by_maturity, m) if council.responsibilities_by_maturity else None
            english = getattr(book.council.responsibilities_by_maturity, m) or book.council.responsibilities
            yield from ((where, e, g) for e, g in zip(english, listed or [], strict=False))
    titles = {s.id: s.title for s in book.onboarding.steps}
    yield from ((where, titles[i], g) for i, g in (text.onboarding_steps or {}).items())
    yield from ((where, e, g) for e, g in (text.step_owners or {}).items())
    yield from ((where, m.module, g) for m, g in zip(book.enablement.admin_track, text.admin_track or [],
                                                     strict=False))
    if text.community_channel and book.community.channel:
        yield where, book.community.channel, text.community_channel


def library_pairs(library, language: str) -> Iterator[Pair]:
    umap = library.map
    for uc_id, uc in umap.use_cases.items():
        text = uc.translations.get(language)
        if text is None:
            continue
        where = str(umap.locations[uc_id])
        yield from ((where, getattr(uc, f), getattr(text, f)) for f in ("title", "summary", "story")
                    if getattr(text, f))
        for english, given in zip(uc.training, text.training or [], strict=False):
            yield from ((where, english.module, given.module), (where, english.audience, given.audience))
        yield from ((where, m.metric, g) for m, g in zip(uc.success_metrics, text.success_metrics or [], strict=False))
    for persona in umap.personas.values():
        if language in persona.translations:
            yield persona.persona, persona.title, persona.translations[language].title
    for group in umap.tool_groups.values():
        text = group.translations.get(language)
        yield from (("usecases/tools.yaml", getattr(group, f), getattr(text, f)) for f in ("title", "yours")
                    if text is not None and getattr(text, f) and getattr(group, f))
    yield from (("usecases/tools.yaml", w, given[language]) for w, given in umap.words.items() if language in given)
    for outcome in umap.outcomes.values():
        text = outcome.translations.get(language)
        yield from (("usecases/outcomes.yaml", getattr(outcome, f), getattr(text, f)) for f in ("title", "measure")
                    if text is not None and getattr(text, f) and getattr(outcome, f))
    for book in library.playbooks.values():
        yield from playbook_pairs(book, language)


def every_pair(library, language: str) -> list[Pair]:
    return [*catalog_pairs(language), *library_pairs(library, language)]


# A placeholder is filled in with a name ('%(department)s' with 'Sales'), so it names no term itself.
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}")


def term_breaks(pairs: list[Pair], terms: list[dict]) -> list[str]:
    """Where the English names a glossary term and the translation does not use the language's word for it."""
    out = []
    for term in terms:
        said = re.compile(r"\b" + re.escape(term["english"]), re.IGNORECASE)
        out += [f"{where}: {english!r} -> {given!r} lacks {term['use']!r}" for where, english, given in pairs
                if said.search(PLACEHOLDER.sub("", english)) and term["use"].casefold() not in given.casefold()]
    return out


def forbidden_words(pairs: list[Pair], forbidden: list[dict]) -> list[str]:
    """Where a translation says a forbidden word: at a word's start, or anywhere (inside compounds) for an entry
    with ``anywhere``."""
    out = []
    for f in forbidden:
        found = re.compile(("" if f.get("anywhere") else r"(?<!\w)") + re.escape(f["word"]), re.IGNORECASE)
        out += [f"{where}: {given!r} says {f['word']!r} ({f['why']})" for where, _, given in pairs
                if found.search(given)]
    return out


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_shipped_language_has_a_glossary(language):
    found = glossary(language)
    assert found["terms"]
    assert found["forbidden"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_uses_the_glossarys_terms(shipped, language):
    broken = term_breaks(every_pair(shipped, language), glossary(language)["terms"])
    assert not broken, f"{len(broken)} texts: " + "\n".join(broken[:20])


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_text_uses_a_forbidden_word(shipped, language):
    found = forbidden_words(every_pair(shipped, language), glossary(language)["forbidden"])
    assert not found, "\n".join(found[:20])


def test_the_checks_find_what_they_look_for():
    pairs = [("x", "Waits for room in a later quarter, says the council.", "Wartet auf Kapazität, sagt der Rat.")]
    assert term_breaks(pairs, [{"english": "council", "use": "Council"}]) == [
        "x: 'Waits for room in a later quarter, says the council.' -> 'Wartet auf Kapazität, sagt der Rat.' "
        "lacks 'Council'"]
    assert term_breaks(pairs, [{"english": "counc", "use": "Rat"}]) == []
    assert len(forbidden_words(pairs, [{"word": "kapazität", "why": "internal"}])) == 1
    compound = [("x", "Legal", "Rechtsabteilung")]
    assert forbidden_words(compound, [{"word": "Abteilung", "why": "a Bereich"}]) == []
    assert len(forbidden_words(compound, [{"word": "Abteilung", "why": "a Bereich", "anywhere": True}])) == 1
    assert term_breaks([("x", "For %(department)s", "Für %(department)s")], [{"english": "department",
                                                                             "use": "Bereich"}]) == []
    assert term_breaks([("x", "No recouncil here.", "Nichts.")], [{"english": "council", "use": "Council"}]) == []


def test_glossary_files_sit_beside_every_catalog():
    assert {p.parent.name for p in Path(LOCALE).glob("*/glossary.yaml")} == set(LANGUAGES)
