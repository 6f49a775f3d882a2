"""Pages earn their place: no page of a sample's documents is under a quarter full, except a section's last,
and that one, when the section runs on to it, holds more than a table's last row.

Read from WeasyPrint's laid-out pages, so what is checked is what the reader turns: a table's last row pushed
onto a page of its own, or a heading and two lines left before the next chapter, fails here in any language.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from generator.inputs.loader import load_account
from generator.plan.planner import plan
from generator.plan.walk import offered
from generator.render.documents import charter_html, roadmap_html
from generator.render.pdf import layout

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = [*sorted((ROOT / "accounts").glob("*.yaml")), ROOT / "tests" / "data" / "world-scripts.yaml"]
# Each sample in its own language, and three of every size in the other three.
CASES = [(p, None) for p in SAMPLES] + [(ROOT / "accounts" / f"{n}.yaml", lang) for n in
                                        ("northwind-logistics", "pinecone-bakery", "orbital-systems")
                                        for lang in ("de-DE", "fr-FR", "ja-JP")]
LEAST = 0.25  # of the page's text box
# A section's last page may be short, but not a table's last row or the last entry alone, run on from the page before.
RUN_ON_LEAST = 0.10
FORCED = {"page", "left", "right", "recto", "verso"}

pytestmark = pytest.mark.slow


def _boxes(box) -> Iterator:
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _content(page):
    """The page's laid-out document, without its running header and footer (the margin boxes)."""
    from weasyprint.formatting_structure.boxes import MarginBox

    return [b for b in page._page_box.children if not isinstance(b, MarginBox)]


def fill(page) -> float:
    """How far down its text box the page's last line, image or chart reaches, from 0 to 1."""
    from weasyprint.formatting_structure.boxes import LineBox, ReplacedBox, TableRowBox

    box = page._page_box
    top, height = box.content_box_y(), box.height
    bottoms = [b.position_y + b.margin_height() for root in _content(page) for b in _boxes(root)
               if isinstance(b, LineBox | ReplacedBox | TableRowBox)]
    return (max(bottoms, default=top) - top) / height


def _elements(page) -> set[int]:
    return {id(b.element) for root in _content(page) for b in _boxes(root) if getattr(b, "element", None) is not None}


def _edge(page, last: bool) -> Iterator:
    """The boxes down the page's first (or last) branch: where a section starts or ends."""
    nodes = _content(page)
    while nodes:
        box = nodes[-1 if last else 0]
        yield box
        nodes = list(getattr(box, "children", ()))


def section_ends(pages) -> set[int]:
    """The pages after which a page break is forced: a section's last, which may be short."""
    ends, seen = {len(pages) - 1}, set()
    for n, page in enumerate(pages[:-1]):
        seen |= _elements(page)
        after = pages[n + 1]
        starts = any(b.style["break_before"] in FORCED and id(b.element) not in seen for b in _edge(after, False))
        ended = any(b.style["break_after"] in FORCED and id(b.element) not in _elements(after)
                    for b in _edge(page, True))
        if starts or ended:
            ends.add(n)
    return ends


def short_pages(html: str) -> list[str]:
    pages = layout(html).pages
    ends = section_ends(pages)
    least = [RUN_ON_LEAST if n in ends else LEAST for n in range(len(pages))]
    # A section's first page is the page after a section's end: what is on it is all the section has so far.
    starts = {0} | {n + 1 for n in ends}
    return [f"page {n + 1}: {fill(p):.0%} full" for n, p in enumerate(pages)
            if fill(p) < least[n] and not (n in ends and n in starts)]


def _documents(shipped, path: Path, locale: str | None) -> dict[str, str]:
    account = load_account(path, shipped)
    if locale:
        account = account.model_copy(update={"locale": locale})
    book = shipped.playbooks[account.segment]
    result = plan(shipped.map, book, account, as_of=date(2026, 12, 1))
    return {"roadmap": roadmap_html(result, shipped.map, dict(account.adoption), offered(shipped.map, account)),
            "charter": charter_html(result, book)}


@pytest.mark.parametrize(("path", "locale"), CASES, ids=lambda v: v.stem if isinstance(v, Path) else str(v))
def test_no_page_is_under_a_quarter_full_but_a_sections_last(shipped, path, locale):
    for name, html in _documents(shipped, path, locale).items():
        found = short_pages(html)
        assert not found, f"{name}: {found}"


@pytest.mark.parametrize(("forced", "expected"), [("", ["page 1: 2% full"]), ("break-before: page;", [])])
def test_a_few_lines_before_a_block_that_moved_on_are_found_unless_a_section_ends(forced, expected):
    # 250 mm does not fit under a line of the 261 mm text box, and a row is not split: it moves to page 2.
    html = (f"<html><body><p>one line</p><table style='{forced}'><tr style='height: 250mm; break-inside: avoid'>"
            "<td>a row as tall as a page</td></tr></table></body></html>")
    assert short_pages(html) == expected
