"""Characters that are not printable text: what each is called, for messages a person can act on.

A control character prints as an empty box in a PDF and can garble a terminal; a bidi override
or isolate reorders the text around it on screen; a line separator breaks a line where no editor
shows a break. None of them is ever typed on purpose into a name.
"""

from __future__ import annotations

import re
import unicodedata

# What a person would call the control characters that actually turn up in pasted text.
_CONTROL_NAMES = {
    0x00: "null", 0x07: "bell", 0x08: "backspace", 0x09: "tab", 0x0A: "line break", 0x0B: "vertical tab",
    0x0C: "form feed", 0x0D: "carriage return", 0x1B: "escape", 0x7F: "delete", 0x85: "next line",
}
# Embeddings, overrides and isolates: each reorders what follows it (the 'Trojan Source' characters).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SEPARATORS = frozenset("\u2028\u2029")
BOM = "\ufeff"
# Controls, lone surrogates, private-use characters (each font draws whatever icon it keeps there) and code
# points Unicode has not assigned (no font draws them, or one draws a box).
_REFUSED = ("Cc", "Cs", "Co", "Cn")

# What no YAML file may hold anywhere: C0 controls but tab, LF and CR; DEL and the C1 controls; lone
# surrogates; and the two noncharacters PyYAML's reader refuses. A superset of what that reader refuses,
# so that it never raises its own unlocated error.
FILE_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def describe(ch: str) -> str:
    """'control character U+000C (form feed)', 'right-to-left override U+202E', 'lone surrogate U+D800'."""
    code = f"U+{ord(ch):04X}"
    category = unicodedata.category(ch)
    if category == "Cc":
        name = _CONTROL_NAMES.get(ord(ch))
        return f"control character {code}" + (f" ({name})" if name else "")
    if category == "Cs":
        return f"lone surrogate {code} (half of a character)"
    if ch == BOM:
        return f"byte order mark {code}"
    if category == "Co":
        return f"private-use character {code}"
    if category == "Cn" and (ord(ch) & 0xFFFE == 0xFFFE or 0xFDD0 <= ord(ch) <= 0xFDEF):
        return f"noncharacter {code}"
    if category == "Cn":
        return f"unassigned code point {code}"
    return f"{unicodedata.name(ch, 'noncharacter').lower()} {code}"


def unprintable_in_text(text: str, *, tab: bool = False, newline: bool = False) -> tuple[int, str] | None:
    """The first character of ``text`` that is not printable text, with its index; tab and newline as allowed."""
    for i, ch in enumerate(text):
        if (ch == "\t" and tab) or (ch == "\n" and newline):
            continue
        if unicodedata.category(ch) in _REFUSED or ch in BIDI_CONTROLS or ch in _SEPARATORS or ch == BOM:
            return i, ch
    return None


def why_refused(ch: str) -> str:
    """Why the character cannot stay, in a few plain words."""
    if ch in BIDI_CONTROLS:
        return "it reorders the text around it on screen and in print"
    if ch in _SEPARATORS:
        return "it breaks the line where no editor shows a break"
    if unicodedata.category(ch) == "Co":
        return "each font draws its own icon there, so nobody can tell what the reader will see"
    if unicodedata.category(ch) == "Cn" and not describe(ch).startswith("noncharacter"):
        return f"Unicode {unicodedata.unidata_version} assigns it no character, so no font can draw it"
    return "it cannot be printed"
