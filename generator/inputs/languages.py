"""Which languages the documents can be written in, and telling a real locale from a typo.

A language is available when ``generator/locale/`` holds its catalog, or it is English (the
source language). A locale is such a language with, optionally, any region Babel knows it in:
de-AT is written with the German catalog and Austrian dates and numbers.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from babel import Locale, UnknownLocaleError
from babel.core import get_global

SOURCE_LANGUAGE = "en"
# The longest locale we take is 'xx-YY'; a longer code is a typo, shown cut short and never handed to Babel.
MAX_CODE = 5


@cache
def available_languages() -> tuple[str, ...]:
    """English first, then every language with a catalog."""
    root = files("generator") / "locale"
    found = sorted(p.name for p in root.iterdir() if (p / "LC_MESSAGES" / "messages.po").is_file())
    return (SOURCE_LANGUAGE, *[lang for lang in found if lang != SOURCE_LANGUAGE])


def _no_documents(code: str, language: str, regions: str = "") -> str:
    named = _english_name(language) if len(language) <= MAX_CODE else ""
    return f"there are no documents in {named + ' ' if named else ''}'{_cut(code)}'; available languages: " \
           f"{', '.join(available_languages())}{regions}"


def language_problem(code: str) -> str | None:
    """Why ``code`` is not one of the available languages, or None."""
    return None if code in available_languages() else _no_documents(code, code)


def locale_problem(code: str) -> str | None:
    """Why ``code`` is not an available language, alone or with a region Babel knows it in, or None."""
    language, dash, region = code.partition("-")
    if language not in available_languages():
        return _no_documents(code, language, ", alone or with a region (such as de-AT)")
    if dash and (len(code) > MAX_CODE or not _real(language, region)):
        return f"'{_cut(code)}' is not a locale Babel knows (no region '{_cut(region)}' for '{language}'); " \
               f"write '{language}' alone or with a real region, such as {language}-{_likely_region(language)}"
    return None


def _cut(code: str) -> str:
    """A code as a message shows it: a pasted paragraph is not repeated back whole."""
    return code if len(code) <= 3 * MAX_CODE else code[:3 * MAX_CODE] + "..."


def _real(language: str, region: str) -> bool:
    """Whether Babel has data for the language in the region: it maps an unknown 'en-ZZ' to en-US, so compare."""
    try:
        found = Locale.parse(f"{language}_{region}")
    except (ValueError, UnknownLocaleError):
        return False
    return (found.language, found.territory) == (language, region)


def _english_name(language: str) -> str:
    """'Spanish' for es, so that a real but unavailable language is told from a typo; '' for a typo."""
    try:
        return Locale.parse(language).get_display_name("en") or ""
    except (ValueError, UnknownLocaleError):
        return ""


def _likely_region(language: str) -> str:
    """The region a language is most likely written in, for an example: DE for de, JP for ja."""
    likely = str(get_global("likely_subtags").get(language, ""))
    return likely.rsplit("_", 1)[-1] if "_" in likely else language.upper()
