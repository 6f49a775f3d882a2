"""German and French break long words at their syllables in running text and cells; names and English do not."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.render.pdf import html_to_pdf

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
HYPHEN = "\u2010"  # what WeasyPrint sets at a hyphenated line's end
WORDS = {"de": "Vertragsverlängerungsverhandlungen Bereichsleitungsbesprechungen",
         "fr": "anticonstitutionnellement internationalisation", "en": "internationalization counterrevolutionaries"}


def _text(tmp_path: Path, lang: str, cell: str) -> str:
    words = " ".join([WORDS[lang[:2]]] * 3)
    html = (f"<html lang='{lang}'><body><p>cover</p>"
            "<table style='break-before: page; table-layout: fixed; width: 60mm'>"
            f"<tr><td class='{cell}' style='width: 28mm'>{words}</td><td>x</td></tr></table></body></html>")
    path = tmp_path / "doc.pdf"
    path.write_bytes(html_to_pdf(html))
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout


@pytest.mark.parametrize(("lang", "cell", "hyphenated"), [
    ("de-DE", "", True), ("fr-FR", "", True), ("en-US", "", False), ("de-DE", "who", False)])
def test_long_words_break_at_syllables_in_german_and_french(tmp_path, lang, cell, hyphenated):
    assert (HYPHEN in _text(tmp_path, lang, cell)) is hyphenated
