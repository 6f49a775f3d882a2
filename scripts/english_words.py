"""English words in a customer's documents that are not in their language: each sample rendered in a language,
its PDFs read back as text, and every Latin word left over once names are set aside.

    PYTHONPATH=$PWD .venv/bin/python scripts/english_words.py --lang de --lang ja [accounts/*.yaml]

Names are not typed here: they come from the account (its people, departments, tools), the tool catalog, the
library's 'replaces' entries written as names. A word counts as English when none of the language's own texts
(catalog msgstrs, the library's translations) use it and, in German and French, the English texts do: a loan word
or acronym the translations chose ("Workspace", "QBR") passes.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from babel.messages.pofile import read_po

from generator.inputs.loader import load_account, load_library
from generator.inputs.models import Account
from generator.render.documents import render_account

HYPHENATED = re.compile(r"([^\W\d_])\u2010\n([^\W\d_])")
WORD = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'\u2019-]*[A-Za-zÀ-ÿ]")  # a word may hold an apostrophe (l'équipe)
LOCALES = {"de": "de-DE", "fr": "fr-FR", "ja": "ja-JP", "en": "en-US"}
ROOT = Path(__file__).resolve().parent.parent


def strings(value: object) -> Iterator[str]:
    """Every string inside a model dump (dicts, lists, scalars)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from strings(v)


def words(texts: Iterable[str]) -> set[str]:
    """The folded Latin words of ``texts``, a hyphenated one also as pdftotext joins it across a line break."""
    found = {w.casefold() for text in texts for w in WORD.findall(text)}
    return found | {w.replace("-", "") for w in found}


def catalog(language: str) -> tuple[set[str], set[str]]:
    """(English words, words of ``language``) of the message catalog."""
    with (ROOT / "generator" / "locale" / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        po = read_po(handle, locale=language)
    ids, strs = [], []
    for message in po:
        if not message.id:
            continue
        ids += [message.id] if isinstance(message.id, str) else list(message.id)
        strs += [message.string] if isinstance(message.string, str) else list(message.string)
    return words(ids), words(strs)


def library_words(library, language: str) -> tuple[set[str], set[str], set[str]]:
    """(English words, words of ``language``, names) of the library and playbooks."""
    english, own, names = [], [], []
    for uc in library.map.use_cases.values():
        dumped = uc.model_dump(exclude={"translations"})
        english += strings(dumped)
        own += strings(uc.translations[language].model_dump()) if language in uc.translations else []
        names += [r for r in uc.replaces if r[:1].isupper()]
    for persona in library.map.personas.values():
        english.append(persona.title)
        own += [persona.translations[language].title] if language in persona.translations else []
    for group in library.map.tool_groups.values():
        names += group.tools
        english += [group.title, group.yours or ""]
        own += strings(group.translations[language].model_dump()) if language in group.translations else []
    for outcome in library.map.outcomes.values():
        english += strings(outcome.model_dump(exclude={"translations"}))
        own += strings(outcome.translations[language].model_dump()) if language in outcome.translations else []
    for book in library.playbooks.values():
        english += strings(book.model_dump(exclude={"translations"}))
        own += strings(book.translations[language].model_dump()) if language in book.translations else []
    for words_of in library.map.words.values():
        english += [*words_of]
        own += [words_of[language]] if language in words_of else []
    return words(english), words(own), words(names)


def leftovers(text: str, language: str, english: set[str], own: set[str], names: set[str]) -> list[str]:
    """The words of ``text`` that read as English in a ``language`` document."""
    found = []
    for word in WORD.findall(text):
        folded = word.casefold()
        if folded in names or len(folded) < 3:
            continue
        # Japanese text has no Latin words of its own but the acronyms and loan words its translations keep.
        if folded not in own and (language == "ja" or folded in english):
            found.append(word)
    return found


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF, as pdftotext reads it."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        text = subprocess.run(["pdftotext", handle.name, "-"], check=True, capture_output=True, text=True).stdout
    # A word hyphenated at a line's end (WeasyPrint sets U+2010 there) is one word to its reader: 'Deploy-/ment'.
    return HYPHENATED.sub(r"\1\2", text)


def check(paths: list[Path], languages: list[str], as_of: date, usecases: Path = ROOT / "usecases") -> int:
    """Print each document's English words; return how many there are."""
    library = load_library(usecases, ROOT / "playbooks")
    found = 0
    for language in languages:
        english, own = catalog(language)
        lib_english, lib_own, lib_names = library_words(library, language)
        english, own = english | lib_english, own | lib_own
        for path in paths:
            account: Account = load_account(path, library).model_copy(update={"locale": LOCALES[language]})
            names = lib_names | words(strings(account.model_dump(exclude={"locale"})))
            documents = render_account(library, account, as_of)
            for name in ("roadmap.pdf", "charter.pdf"):
                left = leftovers(pdf_text(documents.files[name]), language, english, own, names)
                if left:
                    found += len(left)
                    counts = {w: left.count(w) for w in sorted(set(left))}
                    print(f"{path.name} {language} {name}: " + ", ".join(f"{w} ({n})" for w, n in counts.items()))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("accounts", nargs="*", type=Path)
    parser.add_argument("--lang", action="append", choices=sorted(set(LOCALES) - {"en"}))
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 12, 1))
    parser.add_argument("--usecases", type=Path, default=ROOT / "usecases")
    args = parser.parse_args(argv)
    paths = args.accounts or sorted((ROOT / "accounts").glob("*.yaml"))
    return 1 if check(paths, args.lang or ["de", "fr", "ja"], args.as_of, args.usecases) else 0


if __name__ == "__main__":
    sys.exit(main())
