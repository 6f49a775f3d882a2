"""Every sample's deck and Word charter opened by a real office suite: LibreOffice converts each to PDF, and
every word of a converted slide lies inside a shape of that slide.

LibreOffice runs headless with a profile of its own in a temporary folder, never the home one.
The tests skip where it is not installed (``scripts/system-deps.sh --test`` installs it).
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pptx import Presentation

from conftest import ROOT
from generator.inputs.loader import load_account
from generator.render.documents import render_account
from generator.render.formats import Outputs

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                                 reason="LibreOffice (libreoffice-impress, -writer) or poppler not installed")]

AS_OF = date(2026, 11, 21)
SAMPLES = sorted(p.stem for p in (ROOT / "accounts").glob("*.yaml"))
EMU_PER_PT = 12_700
SLACK = 2.0  # points: anti-aliasing and a glyph's side bearing
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')

Box = tuple[float, float, float, float]


def convert(files: list[Path], out: Path, profile: Path) -> None:
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(out), *map(str, files)],
                   check=True, capture_output=True, timeout=600)


def words_by_page(pdf: Path) -> list[tuple[float, float, list[tuple[Box, str]]]]:
    text = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return [(float(w), float(h), [((float(a), float(b), float(c), float(d)), html.unescape(t))
                                  for a, b, c, d, t in _WORD.findall(body)])
            for w, h, body in _PAGE.findall(text)]


@pytest.fixture(scope="module")
def converted(shipped, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("office")
    made = []
    for name in SAMPLES:
        account = load_account(ROOT / "accounts" / f"{name}.yaml", shipped)
        files = render_account(shipped, account, AS_OF, outputs=Outputs(("pptx", "docx"), notes=True)).files
        for kind in ("qbr.pptx", "charter.docx"):
            path = folder / f"{name}.{kind}"
            path.write_bytes(files[kind])
            made.append(path)
    convert(made, folder / "pdf", folder / "profile")
    return folder


def _shape_boxes(slide, content_bottom: float) -> list[Box]:
    """Each shape's box in points; a table grows downward with its rows, as far as the layout's content area."""
    boxes = []
    for shape in slide.shapes:
        left, top = shape.left / EMU_PER_PT, shape.top / EMU_PER_PT
        right, bottom = left + shape.width / EMU_PER_PT, top + shape.height / EMU_PER_PT
        boxes.append((left, top, right, max(bottom, content_bottom) if shape.has_table else bottom))
    return boxes


def _inside(word: Box, box: Box) -> bool:
    return (word[0] >= box[0] - SLACK and word[1] >= box[1] - SLACK
            and word[2] <= box[2] + SLACK and word[3] <= box[3] + SLACK)


@pytest.mark.parametrize("name", SAMPLES)
def test_every_deck_converts_and_its_text_stays_inside_the_shapes(converted, name):
    deck = Presentation(io.BytesIO((converted / f"{name}.qbr.pptx").read_bytes()))
    pages = words_by_page(converted / "pdf" / f"{name}.qbr.pdf")
    assert len(pages) == len(deck.slides)
    width, height = int(deck.slide_width or 0) / EMU_PER_PT, int(deck.slide_height or 0) / EMU_PER_PT
    outside = []
    for number, (slide, (page_width, page_height, words)) in enumerate(zip(deck.slides, pages, strict=True), 1):
        assert (round(page_width), round(page_height)) == (round(width), round(height))
        body = next(s for s in slide.slide_layout.placeholders if s.placeholder_format.idx == 1)
        boxes = _shape_boxes(slide, (body.top + body.height) / EMU_PER_PT)
        assert words, f"slide {number} shows no text"
        outside += [(number, text) for box, text in words if not any(_inside(box, b) for b in boxes)]
    assert not outside, outside


@pytest.mark.parametrize("name", SAMPLES)
def test_every_word_charter_converts_with_its_text_inside_the_margins(shipped, converted, name):
    pages = words_by_page(converted / "pdf" / f"{name}.charter.pdf")
    assert len(pages) >= 2  # the cover, then the charter
    account = load_account(ROOT / "accounts" / f"{name}.yaml", shipped)
    first = " ".join(text for _, text in pages[0][2])
    assert account.name.split()[0] in first
    for width, height, words in pages:
        for (x0, y0, x1, y1), text in words:
            assert min(x0, y0) >= 0, text
            assert x1 <= width - 40, text  # nothing past the right margin (2.2 cm)
            assert y1 <= height, text

