"""The reference pages the documentation hook writes, and the links of the pages that are not on the site.

scripts/docs_hooks.py writes the command-line page from the parser and the YAML-formats page from schemas/
at every build, so they cannot be out of date; these tests check that they leave nothing out.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
from types import ModuleType, SimpleNamespace

import pytest
import yaml

from conftest import ROOT
from generator.cli.args import build_parser


def _hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_hooks", ROOT / "scripts" / "docs_hooks.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HOOKS = _hooks()
PAGES = HOOKS.pages()


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    found = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(found[0].choices)


def _section(page: str, heading: str) -> str:
    return page.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("command", sorted(_commands()))
def test_the_cli_page_has_every_command_with_every_option(command):
    section = _section(PAGES[HOOKS.CLI_PAGE], command)
    for action in _commands()[command]._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        for flag in action.option_strings:
            if flag not in ("-h", "--help"):
                assert f"`{flag}" in section, f"{command}: {flag} is not on the page"
        if action.help and action.help != argparse.SUPPRESS:
            assert " ".join(action.help.split()).replace("|", "\\|") in section


def test_the_formats_page_has_every_schema_and_every_top_level_field():
    page = PAGES[HOOKS.FORMATS_PAGE]
    shipped = {p.name.removesuffix(".schema.json") for p in (ROOT / "schemas").glob("*.schema.json")}
    assert {name for name, _, _ in HOOKS.SCHEMAS} == shipped
    for name in shipped:
        schema = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text("utf-8"))
        section = page.split(f"{{ #{name} }}", 1)[1].split("\n## ", 1)[0]
        for field in schema.get("properties", {}):
            assert f"| `{field}` |" in section, f"{name}: {field} is not on the page"


def test_the_formats_page_links_only_to_its_own_sections():
    page = PAGES[HOOKS.FORMATS_PAGE]
    anchors = set(re.findall(r"\{ #([a-z0-9-]+) \}", page))
    links = set(re.findall(r"\]\(#([^)]+)\)", page))
    assert links
    assert links <= anchors, links - anchors


@pytest.mark.parametrize(("text", "cell"), [
    ("a | b", "a \\| b"),                       # a pipe would end the cell
    ("matches `(svg|png)`", "matches `(svg|png)`"),  # inside code it is kept as it is
    ("two\n  lines", "two lines"),
])
def test_a_table_cell_is_one_line_with_its_pipes_escaped_outside_code(text, cell):
    assert HOOKS._cell(text) == cell


@pytest.mark.parametrize(("src", "written", "published"), [
    ("usage.md", "](../schemas/metrics.schema.json)", "](schemas/metrics.schema.json)"),
    ("guides/csm.md", "](../../schemas/plan.schema.json)", "](../schemas/plan.schema.json)"),
    ("usage.md", "](plan-json.md)", "](plan-json.md)"),
])
def test_links_to_the_repository_s_schemas_lead_to_the_site_s_copies(src, written, published):
    page = SimpleNamespace(file=SimpleNamespace(src_uri=src))
    assert HOOKS.on_page_markdown(f"see [it]{written}", page, None, None) == f"see [it]{published}"


def test_the_readme_s_links_and_pictures_are_there():
    """The README is read on the forge, not on the site, so the strict build does not check its links."""
    readme = (ROOT / "README.md").read_text("utf-8")
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", readme)
    local = [t for t in targets if not re.match(r"[a-z]+://", t)]
    assert any(t.startswith("docs/images/") for t in local)
    missing = [t for t in local if not (ROOT / t).exists()]
    assert not missing


def test_the_pictures_stay_small():
    sizes = {p.name: p.stat().st_size for p in (ROOT / "docs" / "images").glob("*.png")}
    assert sum(sizes.values()) < 400_000, sizes


def test_every_page_in_docs_is_in_the_nav():
    nav = (ROOT / "mkdocs.yml").read_text("utf-8")
    pages = {str(p.relative_to(ROOT / "docs")) for p in (ROOT / "docs").rglob("*.md")}
    assert pages
    assert {p for p in pages if f": {p}\n" not in nav} == set()
    assert f": {HOOKS.CLI_PAGE}\n" in nav
    assert f": {HOOKS.FORMATS_PAGE}\n" in nav


def test_the_site_builds_without_the_network():
    """No plugin that downloads (Material's social cards, its privacy plugin's fetched assets) and no web fonts."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    assert config["plugins"] == ["search"]
    assert config["theme"]["font"] is False
    assert config["strict"] is True
