"""Line breaks at phrase boundaries in languages written without spaces (Japanese, Chinese).

Pango may break a Japanese line between any two characters, which splits words in headings, table
cells and labels ("ユースケー/ス", "四半/期"). BudouX finds the phrases; in HTML the characters of each
phrase of such an element are joined by WORD JOINER (U+2060, written ``&#8288;``), and SVG labels are broken between
phrases (``labels``). WeasyPrint has no ``word-break: keep-all``, and ``white-space: nowrap`` spans are no answer:
a table cell of them is never broken at all. A joiner is invisible, is left out of the PDF's text
(a search for a word still finds it), and counts in a cell's narrowest width, so a table grows a
column rather than break a word. Kinsoku holds because BudouX keeps closing punctuation with the
phrase before it. Each text is split once per process, however often it is drawn.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import cache, lru_cache
from html.parser import HTMLParser
from typing import Any

import budoux

PARSERS = {"ja": budoux.load_default_japanese_parser, "zh": budoux.load_default_simplified_chinese_parser}
# A phrase longer than this may still break inside, so that no table grows too wide for its page.
LONGEST_KEPT = 12
JOINER = "&#8288;"
# Kinsoku: what a line never starts with (closing marks, the long vowel mark, small kana), in a cut phrase too.
NO_START = frozenset("\u3001\u3002\uff0c\uff0e\uff09\u300d\u300f\u3011\u30fc\u30fb\uff1a\uff01\uff1f"
                     "\u3041\u3043\u3045\u3047\u3049\u3063\u3083\u3085\u3087"
                     "\u30a1\u30a3\u30a5\u30a7\u30a9\u30c3\u30e3\u30e5\u30e7")
# The ideographic comma, the full-width comma, slash and colon, and the middle dot each end a list item.
LIST_MARK = re.compile("(?<=[\u3001\uff0c\uff0f\u30fb\uff1a])")
# Where a customer reads a name or a heading whole: headings, table cells, the cards' labels.
KEPT_TAGS = frozenset({"h1", "h2", "h3", "h4", "th", "td", "dt"})
KEPT_CLASSES = frozenset({"lbl"})
VOID = frozenset({"br", "img", "hr", "wbr", "meta", "link", "input", "col", "source"})
WIDE = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def kept(language: str) -> bool:
    """Whether documents in ``language`` break lines between phrases rather than anywhere."""
    return language in PARSERS


@cache
def _parser(language: str) -> Any:
    return PARSERS[language]()


@lru_cache(maxsize=16_384)
def phrases(text: str, language: str) -> tuple[str, ...]:
    """``text`` cut into the phrases a reader sees as words; the text itself in a language without a parser or
    without wide characters."""
    if not kept(language) or not WIDE.search(text):
        return (text,)
    return tuple(_parser(language).parse(text))


def _shorter(phrase: str) -> list[str]:
    """A phrase too long to keep whole, cut after its list marks (LIST_MARK), whose parts may be kept."""
    return [p for p in LIST_MARK.split(phrase) if p] if len(phrase) > LONGEST_KEPT else [phrase]


def kept_pieces(text: str, language: str) -> list[tuple[str, bool]]:
    """``text`` in pieces, each with whether it is kept on one line: its phrases of at most LONGEST_KEPT
    characters, a longer one cut at its list marks first; spaces, which break already, are never kept."""
    out: list[tuple[str, bool]] = []
    for chunk in re.split(r"(\s+)", text):
        if not chunk or chunk.isspace():
            out.append((chunk, False))
            continue
        out += [(p, len(p) <= LONGEST_KEPT) for phrase in phrases(chunk, language) for p in _shorter(phrase)]
    return [(p, keep) for p, keep in out if p]


def joined(phrase: str) -> str:
    """A phrase with a joiner wherever a line could break inside it: next to a wide character, and never
    before a combining mark or a format character (a variation selector, a joiner of an emoji)."""
    out = phrase[:1]
    for before, c in itertools.pairwise(phrase):
        glued = unicodedata.category(c) in ("Mn", "Me", "Cf") or unicodedata.category(before) == "Cf"
        out += ("" if glued or not (WIDE.match(before) or WIDE.match(c)) else JOINER) + c
    return out


def keep_phrases(html: str, language: str) -> str:
    """The document with every phrase of its headings, table cells and labels kept on one line."""
    if not kept(language):
        return html
    keeper = _Keeper(language)
    keeper.feed(html)
    keeper.close()
    return "".join(keeper.out)


class _Keeper(HTMLParser):
    """Copies HTML as it is, wrapping the phrases of the text inside kept elements."""

    def __init__(self, language: str):
        super().__init__(convert_charrefs=False)  # text comes raw, entities apart: nothing is re-escaped
        self.language = language
        self.out: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # each open element, and whether text in it is kept

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")
        if tag in VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        inside = bool(self.stack and self.stack[-1][1])
        # An SVG's text is drawn by the chart, not laid out: a span there would be no SVG.
        self.stack.append((tag, tag != "svg" and not self._in_svg() and (
            inside or tag in KEPT_TAGS or bool(classes & KEPT_CLASSES))))

    def _in_svg(self) -> bool:
        return any(tag == "svg" for tag, _ in self.stack)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")
        if any(t == tag for t, _ in self.stack):  # an element closed implicitly closes with its parent
            while self.stack.pop()[0] != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1][1]) or not WIDE.search(data):
            self.out.append(data)
            return
        self.out.append("".join(joined(p) if keep else p for p, keep in kept_pieces(data, self.language)))

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")
