"""Chart labels broken into lines of a measured width, so that no label runs into a bar, a box or the edge.

Widths come from the shipped fonts' own advances (``textwidth``). A line breaks between words, in Japanese
and Chinese between phrases (BudouX); a word wider than a whole line is hyphenated at its syllables where
the language has a dictionary (the same Pyphen dictionaries WeasyPrint hyphenates the pages with), and cut
between letters only where it has none. A text that needs more lines than the label has ends in '…'.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import pyphen

from .phrases import LIST_MARK, NO_START, WIDE, kept, phrases
from .textwidth import text_width

ELLIPSIS = "…"
KANA = re.compile("[\u3040-\u30ff]")
Measure = Callable[[str], float]


def fit(text: str, room: float, size: float, language: str, *, bold: bool = False, lines: int = 2) -> list[str]:
    """``text`` in at most ``lines`` lines, each at most ``room`` units wide at ``size``."""
    def wide(s: str) -> float:
        return text_width(s, size, bold=bold)

    cjk = kept(language) and WIDE.search(text) is not None
    # A list mark (an ideographic comma, a middle dot, a slash) ends an item: a line may break after one.
    tokens = [p for phrase in phrases(text, language) for p in LIST_MARK.split(phrase) if p] if cjk else text.split()
    sep = "" if cjk else " "
    out: list[tuple[str, str]] = []  # each line, and what joins it to the next in the text: a space, or nothing
    line = ""
    for token in tokens:
        joined = f"{line}{sep}{token}" if line else token
        if wide(joined.strip()) <= room:
            line = joined
            continue
        if line:
            out.append((line.strip(), sep))
        pieces = _broken(token.strip(), room, wide, language)
        out += [(p, "") for p in pieces[:-1]]
        line = pieces[-1]
    if line.strip():
        out.append((line.strip(), sep))
    if len(out) <= lines:
        return [shown for shown, _ in out]
    # The last line says the rest of the text, cut: a word broken over lines is whole again in it.
    rest = "".join((shown.removesuffix("-") if not glue and not cjk else shown) + glue
                   for shown, glue in out[lines - 1:])
    return [*(shown for shown, _ in out[:lines - 1]), shortened(rest.strip(), room, size, language, bold=bold)]


def shortened(text: str, room: float, size: float, language: str, *, bold: bool = False) -> str:
    """``text`` on one line of at most ``room`` units, ending in '…' where it is cut (at a word if it can)."""
    if text_width(text, size, bold=bold) <= room:
        return text
    words = [] if kept(language) else text.split()
    while len(words) > 1:
        words.pop()
        candidate = " ".join(words).rstrip(",;:·") + ELLIPSIS
        if text_width(candidate, size, bold=bold) <= room:
            return candidate
    cut = len(text)
    while cut > 1 and text_width(text[:cut].rstrip() + ELLIPSIS, size, bold=bold) > room:
        cut -= 1
    return text[:cut].rstrip() + ELLIPSIS


def _broken(word: str, room: float, wide: Measure, language: str) -> list[str]:
    """A word (or phrase) in pieces of at most ``room``: whole if it fits, else at its syllables, else its letters."""
    pieces: list[str] = []
    dictionary = _dictionary(language)
    while wide(word) > room and len(word) > 1:
        cut = next((a for a, _ in dictionary.iterate(word) if wide(a + "-") <= room), None) if dictionary else None
        if cut is not None:
            pieces.append(cut + "-")
        else:
            cut = _letters(word, room, wide)
            pieces.append(cut)
        word = word[len(cut):]
    return [*pieces, word]


def _letters(word: str, room: float, wide: Measure) -> str:
    """The longest start of ``word`` that fits, never leaving the rest to start with a closing mark. Where
    the rest then fits on one line, the cut moves towards the middle, to where kanji meet kana if there is
    such a seam, so no line holds a lone letter ('新入社員/オンボーディング', not '新入社員オンボーディ/ング')."""
    cut = len(word) - 1
    while cut > 1 and wide(word[:cut]) > room:
        cut -= 1
    while cut > 1 and word[cut] in NO_START:
        cut -= 1
    if wide(word[cut:]) > room:
        return word[:cut]
    middle, least = len(word) / 2, 2
    fits = [c for c in range(least, cut + 1) if len(word) - c >= least and word[c] not in NO_START
            and wide(word[c:]) <= room]
    seams = [c for c in fits if _script(word[c - 1]) != _script(word[c])]
    return word[:min(seams or [c for c in fits if c >= middle] or [cut], key=lambda c: abs(c - middle))]


def _script(letter: str) -> str:
    return "kanji" if WIDE.match(letter) and not KANA.match(letter) else "kana" if KANA.match(letter) else "other"


@cache
def _dictionary(language: str) -> pyphen.Pyphen | None:
    """The language's hyphenation dictionary (Pyphen finds a region's or the base language's); none for
    languages written without spaces."""
    name = None if kept(language) or not language else pyphen.language_fallback(language)
    return pyphen.Pyphen(lang=name) if name else None
