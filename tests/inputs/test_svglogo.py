"""SVG logos: CSS read as the renderer reads it, and a hostile file's problems kept to a few."""

from __future__ import annotations

import pytest

from generator.inputs.svglogo import MAX_SVG_PROBLEMS, css_problem, svg_problems

NS = b'xmlns="http://www.w3.org/2000/svg"'


@pytest.mark.parametrize(("css", "expected"), [
    ("fill: url(http://x/a.svg#g)", "'url(http://x/a.svg#g)'"),
    ("fill: URL('file:///etc/passwd')", "'url(file:///etc/passwd)'"),
    ("fill: url(  \"//x/a\"  )", "'url(//x/a)'"),
    ("fill: \\75 rl(http://x)", "'url(http://x)'"),
    ("fill: \\000075rl(http://x)", "'url(http://x)'"),
    ("fill: u\\rl(http://x)", "'url(http://x)'"),
    ("fill: url(' #g')", "'url( #g)'"),
    ("fill: url(#a); stroke: url(http://x)", "'url(http://x)'"),
    ("fill: url(#a) url(#b) url(#c) url(#d) url(#e) url(#f) url(#g) url(#h) url(i)", "'url(i)'"),
    ("@import 'a.css';", "'@import'"),
    ("@\\69mport 'a.css';", "'@import'"),
    ("@im/* hidden */port 'a.css';", "'@import'"),
    ("width: expression(alert(1))", "'expression('"),
    ("background: image-set('a.png' 1x)", "'image-set('"),
    ("background: image('a.png')", "'image('"),
])
def test_css_that_fetches_or_runs_is_named(css, expected):
    assert css_problem(css) == expected


@pytest.mark.parametrize("css", [
    "", "fill: #2f6ea5; stroke: none", "fill: url(#g)", "fill:url( '#g' )", 'mask: url("#m") ',
    "font-family: Inter, sans-serif", "image-rendering: auto", "Layer image (1)",
])
def test_css_that_stays_inside_the_logo_passes(css):
    assert css_problem(css) is None


def test_a_hostile_file_is_told_in_a_few_problems_not_thousands():
    data = b"<svg " + NS + b">" + b"<script/>" * 5000 + b"</svg>"
    found = svg_problems(data, "logo.svg")
    assert len(found) == MAX_SVG_PROBLEMS
    assert found[-1].endswith(f"(logo.svg:1:{41 + 9 * (MAX_SVG_PROBLEMS - 1)})")


def test_style_text_handed_over_in_pieces_is_read_whole():
    # Expat hands text over around each character reference, so the url would otherwise be read in three pieces.
    data = b"<svg " + NS + b"><style>rect{fill:u&#114;l(http://x)}</style></svg>"
    assert "holds 'url(http://x)'" in svg_problems(data, "logo.svg")[0]


@pytest.mark.parametrize("css", ["fill: url\\28 http://x)", "fill: url\\(http://x)", "\\40 import 'a.css'"])
def test_css_spelling_its_brackets_or_at_signs_in_escapes_is_read(css):
    assert css_problem(css) is not None
