"""The charter's HTML read back as blocks: structure and text kept, what only a printed page needs left out."""

from __future__ import annotations

from generator.render.word.blocks import blocks

PAGE = """<html><head><title>T</title><style>h1 {}</style></head><body>
<span class="running">Acme</span><span class="page-a">Page</span>
<section class="cover"><div class="band"></div><div class="inner"><div class="kicker">Council charter</div>
<h1>Acme &amp; Co</h1><dl><dt>Chair</dt><dd>Sam <strong>Ito</strong></dd></dl></div></section>
<section><h1>Purpose</h1><p class="lead">Steer   the
 adoption.</p><ul><li>One</li><li>Two <span class="muted">(soon)</span></li></ul><ol><li>First</li></ol>
<div class="progress"><div class="done"></div></div>
<table><thead><tr><th>Name</th><th>Title</th></tr></thead><tbody><tr><td>Sam<br>Ito</td><td>COO</td></tr></tbody></table>
<div class="signatures"><div class="signature"><div class="who"><strong>Sam</strong><br>COO</div>
<div class="line"><span class="cap">Signature</span></div>
<div class="date"><span class="cap">Date</span></div></div></div>
</section></body></html>"""


def test_blocks_keep_the_structure_and_the_words():
    found = [(b.kind, b.text) for b in blocks(PAGE) if b.kind not in ("table", "signature")]
    assert found == [("kicker", "Council charter"), ("h1", "Acme & Co"), ("dt", "Chair"), ("dd", "Sam Ito"),
                     ("h1", "Purpose"), ("p", "Steer the adoption."), ("ul", "One"), ("ul", "Two (soon)"),
                     ("ol", "First")]
    (table,) = [b for b in blocks(PAGE) if b.kind == "table"]
    assert table.header
    assert table.rows == [["Name", "Title"], ["Sam\nIto", "COO"]]
    (signature,) = [b for b in blocks(PAGE) if b.kind == "signature"]
    assert signature.cells == ["Sam\nCOO", "Signature", "Date"]


def test_running_heads_styles_and_decorations_are_left_out():
    text = " ".join(b.text for b in blocks(PAGE))
    assert "Page" not in text
    assert "h1 {}" not in text
    assert "T" not in text.split()
