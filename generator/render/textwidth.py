"""How wide a label prints, from the shipped Inter's own advance widths, so a chart can place labels apart.

Characters Inter lacks are set by the Noto families: a wide (CJK) character takes a full em, any other 0.6 em,
a little more than Noto Sans gives them, so a label is never measured narrower than it prints.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib.resources import as_file, files

from fontTools.ttLib import TTFont


@lru_cache(maxsize=2)
def _advances(bold: bool) -> tuple[dict[int, float], float]:
    """Each character's advance in em, and the em the font's units are of."""
    name = "Inter-SemiBold.otf" if bold else "Inter-Regular.otf"
    with as_file(files("generator") / "assets" / "fonts" / name) as path:
        font = TTFont(path, lazy=True)
        units = float(font["head"].unitsPerEm)
        metrics, cmap = font["hmtx"].metrics, font.getBestCmap()
        advances = {code: metrics[glyph][0] / units for code, glyph in cmap.items()}
        font.close()
    return advances, units


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The printed width of ``text`` at ``size`` px (the SVG's user units)."""
    advances, _ = _advances(bold)
    em = 0.0
    for char in text:
        if (advance := advances.get(ord(char))) is not None:
            em += advance
        else:
            em += 1.0 if unicodedata.east_asian_width(char) in "WF" else 0.6
    return em * size


@lru_cache(maxsize=1)
def line_metrics() -> tuple[float, float]:
    """Inter's ascent and descent in em (hhea, as Pango reads them), for placing a line's baseline."""
    with as_file(files("generator") / "assets" / "fonts" / "Inter-Regular.otf") as path:
        font = TTFont(path, lazy=True)
        units = float(font["head"].unitsPerEm)
        ascent, descent = font["hhea"].ascent / units, -font["hhea"].descent / units
        font.close()
    return ascent, descent
