"""Words for a reader: the plan's notes as sentences, and dates, numbers and lists, in one locale.

Sentences come from gettext catalogs (``generator/locale/<lang>/LC_MESSAGES/messages.po``,
English being the source); dates, numbers, percentages and lists from Babel's CLDR data.
A document uses one date style throughout: the locale's medium date.
"""

from __future__ import annotations

import datetime as dt
import gettext as gettext_module
import io
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib.resources import files

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

from ..plan.models import Note
from .sentences import SENTENCES

DOMAIN = "messages"
UNSPACED = frozenset({"ja", "zh", "th"})  # languages whose sentences follow each other without a space


@lru_cache(maxsize=16)
def translations(language: str) -> gettext_module.NullTranslations:
    """The catalog for a language, compiled from its .po file in memory; English words where there is none."""
    po = files("generator") / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.is_file():
        return gettext_module.NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext_module.GNUTranslations(compiled)


def available_languages() -> list[str]:
    """Languages with a catalog, English (the source language) first."""
    root = files("generator") / "locale"
    found = sorted(p.name for p in root.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file())
    return ["en", *[lang for lang in found if lang != "en"]]


class Words:
    """Everything a document says, in the account's locale (``en-US``, ``de-DE``, ``ja``)."""

    def __init__(self, locale: str, period_months: int = 3):
        try:
            self.locale = Locale.parse(locale.replace("-", "_"))
        except (ValueError, UnknownLocaleError):
            self.locale = Locale.parse("en_US")
        self.language = self.locale.language
        catalog = translations(self.language)
        # 'A, B and C' is part of the sentence: without a catalog the sentences are English, and so are their lists.
        self.sentence_locale = self.locale if isinstance(catalog, gettext_module.GNUTranslations) else \
            Locale.parse("en_US" if self.locale.territory == "US" else "en_GB")
        self.gettext: Callable[[str], str] = catalog.gettext
        self.ngettext: Callable[[str, str, int], str] = catalog.ngettext
        # A plan's periods are named by its cadence: a half-yearly plan has no quarters.
        self.period = {3: "quarter", 6: "half"}.get(period_months, "period")

    # --- values ---------------------------------------------------------------------

    def date(self, day: dt.date | str) -> str:
        """A date in the document's one style: the locale's medium date (Jan 15, 2027; 15.01.2027; 2027/01/15)."""
        return format_date(dt.date.fromisoformat(day) if isinstance(day, str) else day, "medium", locale=self.locale)

    def month(self, day: dt.date, *, with_year: bool = False) -> str:
        """A month for the timeline's ticks; the first tick and every January show the year."""
        return format_skeleton("yMMM" if with_year or day.month == 1 else "MMM", day, locale=self.locale)

    def number(self, value: float) -> str:
        """A number with the locale's grouping; whole numbers without decimals."""
        return format_decimal(value, "#,##0" if float(value).is_integer() else "#,##0.0", locale=self.locale)

    def percent(self, part: float, whole: float = 1.0) -> str:
        """``part`` of ``whole`` as a whole percentage in the locale's form (43%, 43 %)."""
        return format_percent(part / whole if whole else 0, locale=self.locale)

    def amount(self, value: float, unit: str | None) -> str:
        """A measured value with its unit: a share in the locale's percent form (43 %), else the number and unit."""
        if unit == "%":
            return self.percent(value, 100)
        # Japanese writes a counter right after its number (20件), as it writes no space between words.
        return self.number(value) + ((self.sentence_gap if self.language in UNSPACED else " ") + unit if unit else "")

    def listing(self, words: Sequence[str]) -> str:
        """'a', 'a and b', 'a, b and c', in the locale's way; when an item has the conjunction in it ('People
        and hiring'), the last is joined by the language's 'as well as', so the reader can tell the items apart."""
        items = list(words)
        if not items:
            return ""
        middle, conjunction = _joints(self.sentence_locale)
        said = re.compile(rf"(?<!\w){re.escape(conjunction.strip())}(?!\w)", re.I)
        if len(items) < 2 or not conjunction.strip().isalpha() or not any(said.search(i) for i in items):
            return format_list(items, locale=self.sentence_locale)
        return self.gettext("%(items)s as well as %(last)s") % {"items": middle.join(items[:-1]), "last": items[-1]}

    @property
    def sentence_gap(self) -> str:
        """What goes between two sentences: a space, or nothing in a language written without spaces (ja)."""
        return "" if self.language in UNSPACED else " "

    @property
    def sep(self) -> str:
        """What stands between two facts on one line ('Engineering · Jan 5 to Mar 30'): a Japanese line takes
        no Western spaces, so the language says it (a full-width solidus)."""
        return self.gettext(" · ")

    def series(self, parts: Sequence[str]) -> str:
        """Short notes one after another ('3 adopted, 2 planned'), with the language's comma (3件、2件)."""
        return ("\u3001" if self.language in UNSPACED - {"th"} else ", ").join(parts)

    def sentences(self, parts: Sequence[str]) -> str:
        """Sentences one after another, the empty ones left out."""
        return self.sentence_gap.join(p for p in parts if p)

    def per(self, quarter: str, half: str, period: str) -> str:
        """Of three wordings, the one that names the plan's period: a quarter, a half-year, or a period of
        another length. Each is its own sentence, so that every language words it in full."""
        return {"quarter": quarter, "half": half}.get(self.period, period)

    # --- notes ----------------------------------------------------------------------

    def say(self, note: Note) -> str:
        """The note as a sentence."""
        return SENTENCES[note.code](self, note.values)

    def say_all(self, notes: Sequence[Note], *, internal: bool = False) -> list[str]:
        """Sentences for the notes meant for this reader: the customer's, or the CSM's (``internal``) too."""
        return [self.say(n) for n in notes if internal or not n.internal]


@lru_cache(maxsize=16)
def _joints(locale: Locale) -> tuple[str, str]:
    """What the locale's lists put between two middle items (', ') and before the last ('and', 'und', 'et')."""
    three, two = format_list(["\x01", "\x02", "\x03"], locale=locale), format_list(["\x01", "\x02"], locale=locale)
    return three[three.index("\x01") + 1:three.index("\x02")], two[two.index("\x01") + 1:two.index("\x02")]
