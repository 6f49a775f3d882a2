"""How much text fits a shape, so that no slide's text runs out of its placeholder or table.

There is no layout engine behind a .pptx: PowerPoint and LibreOffice lay the text out when the
file is opened. The deck therefore measures text the cautious way, each character at the width
of a wide Latin glyph (a full em for CJK and other wide characters), and moves what does not
fit to a following slide of the same title rather than shrinking it.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence

from .model import Table

LINE = 1.4  # line height, in ems: a fallback face such as Noto Sans sets lines 1.36 em apart
# A generous average advance of a Latin glyph, in ems: a reader without Inter sees a wider face (DejaVu Sans).
LATIN_EM = 0.62
FILL = 0.9  # of a box's height a page fills, for the lines a reader's font wraps differently
CELL_X, CELL_Y = 7.2, 3.6  # a table cell's default margins, points each side
PARAGRAPH_GAP = 0.5  # ems between bullet points


def em_width(text: str) -> float:
    """The text's width in ems."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else LATIN_EM for c in text)


def lines(text: str, width_pt: float, size_pt: float) -> int:
    """Lines ``text`` takes at ``size_pt`` in a box ``width_pt`` wide, each of its own lines wrapped by words."""
    per_line = max(width_pt / size_pt, 1.0)
    total = 0
    for part in text.split("\n") or [""]:
        words = part.split(" ")
        count, used = 1, 0.0
        for word in words:
            need = em_width(word) + (LATIN_EM if used else 0.0)
            if used and used + need > per_line:
                count, used = count + 1, em_width(word)
                continue
            used += need
        total += count + max(0, math.ceil(used / per_line) - 1)  # a word longer than the line breaks inside
    return total


def bullet_pages(bullets: Sequence[str], width_pt: float, height_pt: float, size_pt: float) -> list[list[str]]:
    """The bullet points in pages that each fit the box (a point longer than a page gets one of its own)."""
    pages: list[list[str]] = [[]]
    used = 0.0
    for point in bullets:
        need = lines(point, width_pt - size_pt, size_pt) * LINE * size_pt + PARAGRAPH_GAP * size_pt
        if pages[-1] and used + need > height_pt * FILL:
            pages.append([])
            used = 0.0
        pages[-1].append(point)
        used += need
    return pages


def column_widths(table: Table, width_pt: float) -> list[float]:
    shares = table.widths or [1] * len(table.header)
    return [width_pt * s / sum(shares) for s in shares]


def row_height(cells: Sequence[str], widths: Sequence[float], size_pt: float) -> float:
    """A row's height in points: its tallest cell's lines and the cell's margins."""
    most = max((lines(c, w - 2 * CELL_X, size_pt) for c, w in zip(cells, widths, strict=True)), default=1)
    return most * LINE * size_pt + 2 * CELL_Y


def table_pages(table: Table, width_pt: float, height_pt: float, size_pt: float) -> list[Table]:
    """The table in pages that each fit the box, the header repeated on each."""
    widths = column_widths(table, width_pt)
    head = row_height(table.header, widths, size_pt)
    pages: list[Table] = [Table(table.header, [], table.widths)]
    used = head
    for row in table.rows:
        need = row_height(row, widths, size_pt)
        if pages[-1].rows and used + need > height_pt * FILL:
            pages.append(Table(table.header, [], table.widths))
            used = head
        pages[-1].rows.append(row)
        used += need
    return pages
