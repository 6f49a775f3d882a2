"""Japanese is written without Western spaces: in the catalog's words and in the documents printed from them."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from babel.messages.pofile import read_po

from conftest import ROOT
from generator.inputs.loader import load_account
from generator.plan.planner import plan
from generator.plan.walk import offered
from generator.render.documents import charter_html, roadmap_html

WIDE = "[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]"
# A space beside a Japanese character, whatever stands on its other side (a placeholder, a number, a name).
SPACED = re.compile(rf"{WIDE} +\S|\S +{WIDE}")
# In a printed document, names keep their own spaces: a space between two Japanese characters, or after a
# Japanese full stop or comma, is the document's.
SPACED_PRINTED = re.compile(rf"{WIDE} +{WIDE}|[\u3001\u3002] +\S")


def strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in strings(v)]
    return []


def test_no_japanese_msgstr_has_a_western_space():
    with (ROOT / "generator" / "locale" / "ja" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        po = read_po(handle, locale="ja")
    spaced = [s for m in po if m.id for s in ([m.string] if isinstance(m.string, str) else list(m.string or ()))
              if SPACED.search(s)]
    assert not spaced, spaced[:10]


@pytest.mark.parametrize("name", ["sakura-logistics", "orbital-systems", "pinecone-bakery"])
def test_a_japanese_document_puts_no_space_between_its_words(shipped, name):
    account = load_account(ROOT / "accounts" / f"{name}.yaml", shipped).model_copy(update={"locale": "ja-JP"})
    book = shipped.playbooks[account.segment]
    result = plan(shipped.map, book, account, as_of=date(2026, 12, 1))
    pages = [roadmap_html(result, shipped.map, dict(account.adoption), offered(shipped.map, account)),
             charter_html(result, book)]
    own = sorted(strings(account.model_dump()), key=len, reverse=True)  # the account's words keep their spaces
    found = []
    for page in pages:
        body = re.sub(r"<svg\b.*?</svg>|<style\b.*?</style>|<head\b.*?</head>", "", page, flags=re.S)
        for text in html.unescape(re.sub(r"<br>", "", body)).replace("\u2060", "").split("<"):
            said = text.split(">", 1)[-1]
            for words in own:
                said = said.replace(words, "\u25a0")
            found += [said[max(m.start() - 8, 0):m.end() + 8] for m in SPACED_PRINTED.finditer(said)]
    assert not found, found[:10]
    assert not [page for page in pages if "\u00b7" in re.sub(r"<svg\b.*?</svg>", "", page, flags=re.S)], \
        "a Western middle dot with its spaces between two facts (the language's separator is w.sep)"
