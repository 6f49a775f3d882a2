"""The fonts the documents print with, and the check that every character of an account has one.

Inter is shipped in the package and sets Latin, Greek and Cyrillic. The other scripts
come from the Noto families that `scripts/system-deps.sh` installs with the system
packages; Pango picks, glyph by glyph, the first family in the stack that has the glyph.
A character that none of them has would print as an empty box, so it is refused before
anything is rendered, with the field it stands in.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTCollection, TTFont

from ..inputs.models import Account

log = logging.getLogger(__name__)

SHIPPED = ("Inter-Regular.otf",)  # every Inter file has the same characters; one cmap stands for all four
SYSTEM_FAMILIES = ("Noto Sans Arabic", "Noto Sans Hebrew", "Noto Sans Devanagari", "Noto Sans Thai",
                   "Noto Sans CJK JP", "Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK KR")
# The emoji font also has digits, '#' and '*' (keycap bases), and Pango prefers it for them whenever it is in the
# stack. Declared under a family of our own with a unicode-range, it is used for pictographs and nothing else.
EMOJI_FONT, EMOJI_FAMILY = "Noto Color Emoji", "Playbook Emoji"
EMOJI_RANGES = ((0x200D, 0x200D), (0x20E3, 0x20E3), (0x231A, 0x231B), (0x23E9, 0x23FA), (0x25FD, 0x25FE),
                (0x2600, 0x27BF), (0x2B05, 0x2B55), (0xFE0F, 0xFE0F), (0x1F000, 0x1FAFF), (0xE0020, 0xE007F))
# Han characters look different in each region: the account's language decides which CJK face comes first.
CJK_FIRST = {"ja": "Noto Sans CJK JP", "zh": "Noto Sans CJK SC", "zh-TW": "Noto Sans CJK TC",
             "zh-HK": "Noto Sans CJK TC", "ko": "Noto Sans CJK KR"}
PACKAGES = "fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji"

# Characters that print no glyph of their own: joiners, direction marks, variation selectors.
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}
_VARIATION_SELECTORS = (range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0))


def font_stack(locale: str = "en") -> str:
    """The family list for CSS and SVG, with the CJK face of the locale's region first."""
    region_first = CJK_FIRST.get(locale) or CJK_FIRST.get(locale.split("-", maxsplit=1)[0], "Noto Sans CJK JP")
    families = ["Inter", *[f for f in SYSTEM_FAMILIES if "CJK" not in f or f == region_first],
                *[f for f in SYSTEM_FAMILIES if "CJK" in f and f != region_first], EMOJI_FAMILY]
    return ", ".join(f'"{f}"' if " " in f else f for f in families)


def east_asian_family(locale: str) -> str:
    """The CJK family the documents set an account's Han and kana in, for a CJK locale; "" for any other."""
    return CJK_FIRST.get(locale) or CJK_FIRST.get(locale.split("-", maxsplit=1)[0], "")


def face_rules() -> str:
    """The @font-face rule that gives the emoji font its family and its range, for the shared stylesheet."""
    ranges = ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in EMOJI_RANGES)
    return f'@font-face {{ font-family: "{EMOJI_FAMILY}"; src: local("{EMOJI_FONT}"); unicode-range: {ranges}; }}\n'


@dataclass(frozen=True)
class Coverage:
    """The characters the documents can print, and the families that were not found on this machine."""

    codepoints: frozenset[int]
    missing_families: tuple[str, ...]

    def unprintable(self, text: str) -> list[str]:
        """Characters of ``text`` that no font has, each once, in order of appearance."""
        seen: dict[str, None] = {}
        for char in text:
            if ord(char) not in self.codepoints and _needs_glyph(char):
                seen.setdefault(char)
        return list(seen)


def _needs_glyph(char: str) -> bool:
    code = ord(char)
    if char.isspace() or unicodedata.category(char) in _INVISIBLE_CATEGORIES:
        return False
    return not any(code in block for block in _VARIATION_SELECTORS)


@lru_cache(maxsize=1)
def emoji_font_file() -> Path | None:
    """The installed emoji font's file, which the URL fetcher may serve besides the packaged assets."""
    found = installed_fonts().get(EMOJI_FONT)
    return found[0].resolve() if found else None


@lru_cache(maxsize=1)
def coverage() -> Coverage:
    """Every character the shipped and installed fonts have; read once per process."""
    codepoints: set[int] = set()
    for name in SHIPPED:
        codepoints |= _cmap(Path(str(files("generator") / "assets" / "fonts" / name)), 0)
    missing = []
    for family in SYSTEM_FAMILIES:
        found = installed_fonts().get(family)
        if found is None:
            missing.append(family)
            continue
        codepoints |= _cmap(*found)
    emoji = emoji_font_file()
    if emoji is None:
        missing.append(EMOJI_FONT)
    else:
        codepoints |= {c for c in _cmap(emoji, 0) if any(a <= c <= b for a, b in EMOJI_RANGES)}
    if missing:
        log.info("fonts not installed (%s): %s", PACKAGES, ", ".join(missing))
    return Coverage(frozenset(codepoints), tuple(missing))


def _cmap(path: Path, index: int) -> set[int]:
    if path.suffix.lower() in (".ttc", ".otc"):
        with TTCollection(str(path), lazy=True) as collection:
            return set(collection.fonts[index].getBestCmap() or {})
    with TTFont(str(path), lazy=True) as font:
        return set(font.getBestCmap() or {})


class _Fontconfig:
    """The few fontconfig calls that say which file a family name resolves to (the ones Pango will use)."""

    def __init__(self) -> None:
        name = ctypes.util.find_library("fontconfig") or "libfontconfig.so.1"
        lib = ctypes.CDLL(name)
        lib.FcPatternCreate.restype = ctypes.c_void_p
        lib.FcPatternDestroy.argtypes = [ctypes.c_void_p]
        lib.FcPatternAddString.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]
        lib.FcConfigSubstitute.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]
        lib.FcDefaultSubstitute.argtypes = [ctypes.c_void_p]
        lib.FcFontMatch.restype = ctypes.c_void_p
        lib.FcFontMatch.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)]
        lib.FcPatternGetString.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                           ctypes.POINTER(ctypes.c_char_p)]
        lib.FcPatternGetInteger.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                            ctypes.POINTER(ctypes.c_int)]
        self.lib = lib

    def match(self, family: str) -> tuple[list[str], Path, int] | None:
        lib = self.lib
        pattern = lib.FcPatternCreate()
        lib.FcPatternAddString(pattern, b"family", family.encode())
        lib.FcConfigSubstitute(None, pattern, 0)  # FcMatchPattern
        lib.FcDefaultSubstitute(pattern)
        result = ctypes.c_int()
        found = lib.FcFontMatch(None, pattern, ctypes.byref(result))
        lib.FcPatternDestroy(pattern)
        if not found:
            return None
        try:
            text, index = ctypes.c_char_p(), ctypes.c_int()
            names = list(self._strings(found, b"family"))
            if lib.FcPatternGetString(found, b"file", 0, ctypes.byref(text)) != 0 or text.value is None:
                return None
            lib.FcPatternGetInteger(found, b"index", 0, ctypes.byref(index))
            return names, Path(text.value.decode()), index.value
        finally:
            lib.FcPatternDestroy(found)

    def _strings(self, pattern: Any, key: bytes) -> Iterator[str]:
        text, n = ctypes.c_char_p(), 0
        while self.lib.FcPatternGetString(pattern, key, n, ctypes.byref(text)) == 0 and text.value is not None:
            yield text.value.decode("utf-8", "replace")
            n += 1


@lru_cache(maxsize=1)
def installed_fonts() -> dict[str, tuple[Path, int]]:
    """File and face index of each family the documents use that this machine has, resolved once per process.

    A family fontconfig would only substitute with another is left out.
    """
    try:
        fontconfig = _Fontconfig()
    except OSError:  # no fontconfig library: nothing but the shipped fonts can be relied on
        return {}
    found = {}
    for family in (*SYSTEM_FAMILIES, EMOJI_FONT):
        match = fontconfig.match(family)
        if match is not None and family in match[0]:
            found[family] = (match[1], match[2])
    return found


FieldPath = tuple[str | int, ...]
Report = Callable[[FieldPath, str, str], None]


def check_printable(account: Account, report: Report) -> None:
    """Report every text field of the account that holds a character no font can print."""
    cover = coverage()
    for loc, shown, text in _texts(account.model_dump(mode="json")):
        bad = cover.unprintable(text)
        if bad:
            report(loc, shown, _message(bad, cover))


def _message(chars: list[str], cover: Coverage) -> str:
    named = ", ".join(f"'{c}' (U+{ord(c):04X} {unicodedata.name(c, 'unnamed character')})" for c in chars[:5])
    more = f" and {len(chars) - 5} more" if len(chars) > 5 else ""
    hint = (f"; install the fonts for it ({PACKAGES})" if cover.missing_families
            else "; write the text without it")
    return f"no font the documents use can print {named}{more}{hint}"


def _texts(data: Any, loc: FieldPath = (), shown: str = "") -> Iterable[tuple[FieldPath, str, str]]:
    """Every string in the dumped account with its path, named as the YAML names it."""
    if isinstance(data, str):
        yield loc, shown, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _texts(value, (*loc, key), f"{shown}.{key}" if shown else str(key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            label = value.get("persona") if isinstance(value, dict) else None
            yield from _texts(value, (*loc, i), f"{shown}[{label if label else i}]")
