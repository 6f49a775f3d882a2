"""Rendered documents: golden HTML, reproducible PDFs, and account text that stays data."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import pytest

from conftest import ROOT
from generator.inputs.loader import load_account
from generator.inputs.theme import load_theme
from generator.plan.planner import plan
from generator.plan.walk import offered
from generator.render import fetcher as fetcher_module
from generator.render import fonts
from generator.render.documents import _look, charter_html, paper, render_account, roadmap_html

AS_OF = date(2026, 11, 21)
GOLDEN = ROOT / "tests" / "golden"


def documents_html(shipped, account, look=None):
    result = plan(shipped.map, shipped.playbooks[account.segment], account, as_of=AS_OF)
    return (roadmap_html(result, shipped.map, dict(account.adoption), offered(shipped.map, account), look),
            charter_html(result, shipped.playbooks[account.segment], look))


@pytest.mark.parametrize(("name", "theme"), [
    ("northwind-logistics", None), ("harbor-finch-insurance", None), ("brueckner-maschinenbau", None),
    ("atelier-lumiere", None), ("sakura-logistics", None), ("northwind-logistics", "example")])
def test_html_matches_golden_files(shipped, name, theme, update_golden):
    account = load_account(ROOT / "accounts" / f"{name}.yaml", shipped)
    look = _look(load_theme(ROOT / "themes" / theme), account.logo) if theme else None
    for kind, rendered in zip(("roadmap", "charter"), documents_html(shipped, account, look), strict=True):
        html = rendered.replace(ROOT.resolve().as_uri(), "file://ROOT")  # logos are named by their absolute path
        golden = GOLDEN / f"{name}{'.' + theme if theme else ''}.{kind}.html"
        if update_golden:
            golden.write_text(html)
        assert golden.exists(), f"run pytest --update-golden to create {golden.name}"
        assert html == golden.read_text(), f"{golden.name} changed: review, then run pytest --update-golden"


@pytest.mark.parametrize("name", ["brueckner-maschinenbau", "sakura-logistics", "pinecone-bakery", "orbital-systems"])
def test_our_segment_and_versions_are_in_the_metadata_not_on_a_page(shipped, name):
    account = load_account(ROOT / "accounts" / f"{name}.yaml", shipped)
    segment = shipped.playbooks[account.segment].in_language(account.locale.split("-")[0]).title
    for rendered in documents_html(shipped, account):
        head, body = rendered.split("<body>", 1)
        assert segment in head  # the PDF's keywords keep it for whoever files the document
        page_text = re.sub(r"<[^>]+>", " ", body)
        for internal in (f"· {segment}", f"&middot; {segment}", "schema ", "usecase-playbook"):
            assert internal not in body, (name, internal)
            assert internal not in page_text, (name, internal)


@pytest.mark.slow
def test_pdfs_are_byte_identical_between_runs(shipped):
    account = load_account(ROOT / "accounts" / "pinecone-bakery.yaml", shipped)
    first = render_account(shipped, account, AS_OF).files
    second = render_account(shipped, account, AS_OF).files
    assert first.keys() == {"roadmap.pdf", "charter.pdf", "qbr.pptx", "charter.docx", "plan.json"}
    for name in first:
        assert first[name] == second[name], name
    assert first["roadmap.pdf"].startswith(b"%PDF-")


@pytest.mark.parametrize(("locale", "size"), [("en-US", "letter"), ("en-CA", "letter"), ("en-GB", "A4"),
                                           ("de-DE", "A4"), ("fr", "A4")])
def test_paper_follows_locale(locale, size):
    assert paper(locale) == size


HOSTILE = [
    "<script>alert('x')</script>",
    '<link rel="attachment" href="file:///etc/hostname">',
    '<img src="http://127.0.0.1:9/track.png">',
    '<img src="file:///dev/zero">',
    "</style><style>@import url(file:///etc/passwd);</style>",
    "{{ 7*7 }} {% raw %}",
]


@pytest.fixture
def hostile_account(shipped):
    base = load_account(ROOT / "accounts" / "northwind-logistics.yaml", shipped)
    evil = " ".join(HOSTILE)
    dept = base.departments[0]
    return base.model_copy(update={
        "name": f"Evil {evil}", "tools": [evil, "Confluence"],
        "csm": base.csm.model_copy(update={"name": evil, "title": evil}),
        "departments": [dept.model_copy(update={"head": dept.head.model_copy(update={"name": evil})}),
                        *base.departments[1:]]})


def test_account_text_is_escaped_in_html(shipped, hostile_account):
    for html in documents_html(shipped, hostile_account):
        assert "&lt;script&gt;" in html
        assert "<script" not in html
        assert not re.search(r"<link[^>]*attachment", html)
        assert "&lt;link rel=&#34;attachment&#34;" in html
        assert "<img" not in html
        assert "&lt;img src=" in html
        assert "<style>@import" not in html
        assert "&lt;/style&gt;&lt;style&gt;@import" in html
        assert "{{ 7*7 }} {% raw %}" in html  # data is never evaluated as a template


@pytest.mark.slow
def test_account_text_never_makes_the_renderer_fetch(shipped, hostile_account, monkeypatch):
    from generator.render import pdf

    fetched = []
    real = fetcher_module.AssetFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return real(self, url, headers)

    monkeypatch.setattr(fetcher_module.AssetFetcher, "fetch", spy)
    pdf.stylesheet.cache_clear()  # fonts are fetched once per process: start from nothing to see every fetch
    pdf._font_config.cache_clear()
    docs = render_account(shipped, hostile_account, AS_OF)
    assert fetched
    emoji = fonts.emoji_font_file()
    allowed = [fetcher_module.ASSETS.as_uri(), *([emoji.as_uri()] if emoji else [])]
    # chart:N: a chart this render drew, served from memory (the fetcher serves no other name).
    assert all(url.startswith(tuple(allowed)) or re.fullmatch(r"chart:\d+", url) for url in fetched), fetched
    assert any(url.startswith("chart:") for url in fetched)
    for name in ("roadmap.pdf", "charter.pdf"):
        assert b"/EmbeddedFile" not in docs.files[name]
    for name in ("qbr.pptx", "charter.docx"):  # no link out of an Office file either: account text stays text
        with zipfile.ZipFile(io.BytesIO(docs.files[name])) as package:
            for entry in package.namelist():
                data = package.read(entry)
                assert b'TargetMode="External"' not in data, (name, entry)
                assert b"<script>" not in data, (name, entry)


def test_a_year_with_nothing_new_says_so_in_a_row_of_its_own(shipped):
    """A mature account's timeline: the words sit in their own row, above the Today label and on white."""
    from generator.render.charts import gantt
    from generator.render.words import Words

    account = load_account(ROOT / "accounts" / "meridian-health.yaml", shipped)
    result = plan(shipped.map, shipped.playbooks[account.segment], account, as_of=date(2026, 11, 22))
    assert not result.items
    svg = gantt(result, Words("en-US"))
    nothing = re.search(r'<text x="[\d.]+" y="([\d.]+)" font-size="10"[^>]*>Nothing new starts this year\.</text>', svg)
    today = re.search(r'y="([\d.]+)" font-size="7.5"[^>]*fill="#c53030">Today</text>', svg)
    assert nothing
    assert today
    assert float(today.group(1)) - float(nothing.group(1)) >= 20
    assert '<rect x="122" y="36"' in svg  # the white ground under the words


def test_prepare_compiles_the_templates_and_parses_the_stylesheet_once():
    from generator.render import pdf
    from generator.render.documents import DOCUMENTS, environment, prepare

    environment.cache_clear()
    pdf.stylesheet.cache_clear()
    prepare()
    env = environment()
    assert env.cache is not None
    assert {key[1] for key in env.cache} >= set(DOCUMENTS)
    assert pdf.stylesheet.cache_info().currsize == 1
    prepare()
    assert pdf.stylesheet.cache_info().hits >= 1
