"""Themes: colours, the sender's name and logos, each checked before anything is rendered."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SMALL_ACCOUNT
from generator.errors import UserError
from generator.inputs.logos import logo_problems
from generator.inputs.models import Account
from generator.inputs.theme import customer_logo_check, load_theme
from generator.render.fetcher import RefusedURL, asset_path

NS = b'xmlns="http://www.w3.org/2000/svg"'
SVG = b"<svg " + NS + b' viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'


def svg(inner: bytes, attributes: bytes = b"") -> bytes:
    return b"<svg " + NS + b" " + attributes + b' viewBox="0 0 10 10">' + inner + b"</svg>"


def chunk(kind: bytes, data: bytes, crc: int | None = None) -> bytes:
    checksum = zlib.crc32(kind + data) if crc is None else crc
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", checksum)


def png(width: int, height: int, idat: bytes | None = None) -> bytes:
    """A whole RGB PNG of black pixels, or with ``idat`` as its image data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress((b"\x00" + b"\x00" * 3 * width) * height) if idat is None else idat
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


GOOD_PNG = png(400, 120)
IEND = chunk(b"IEND", b"")


def test_the_sample_theme_loads(monkeypatch):
    monkeypatch.chdir(ROOT)
    folder = ROOT / "themes" / "example"
    theme = load_theme(folder)
    assert theme.theme.organisation == "Lumenly Customer Success"
    assert theme.logo is not None
    assert logo_problems(theme.logo, folder) == []


@pytest.mark.parametrize("logo", sorted(p.name for p in (ROOT / "themes" / "example" / "customers").iterdir()))
def test_the_sample_customer_logos_pass(logo):
    folder = ROOT / "themes" / "example"
    assert logo_problems(folder / "customers" / logo, folder) == []


@pytest.mark.parametrize(("changes", "files", "expected"), [
    ({"colors": {"ink": "navy"}}, {}, "colors.ink: expected a colour as #rrggbb (like '#2f6ea5'), got 'navy'"),
    ({"colour": {}}, {}, "unknown field 'colour' (did you mean 'colors'?)"),
    ({"logo": "../secret.png"}, {}, "logo: expected a file name in the same folder ending in .svg or .png"),
    ({"logo": "logo.svg"}, {}, "theme.yaml:2:7: logo: no logo file theme/logo.svg"),
    ({"deck_template": "../deck.pptx"}, {}, "deck_template: expected a file name in the same folder ending in .pptx"),
    ({"deck_template": "deck.potx"}, {}, "deck_template: expected a file name in the same folder ending in .pptx"),
    ({"deck_template": "deck.pptx"}, {}, "theme.yaml:2:16: deck_template: expected a regular file 'deck.pptx' in the "
                                         "theme folder"),
    ({"deck_template": "deck.pptx"}, {"deck.pptx": Path("/etc/hostname")}, "expected a regular file 'deck.pptx'"),
])
def test_bad_themes_are_located_errors(tmp_path, monkeypatch, changes, files, expected):
    found = _refusals(tmp_path, monkeypatch, changes, files)
    assert any(expected in p for p in found), found


def _refusals(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changes: dict,
              files: dict[str, bytes | Path]) -> list[str]:
    """The problems of a theme folder holding ``files`` (bytes, or a link to a path)."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "theme"
    folder.mkdir()
    (folder / "theme.yaml").write_text(yaml.safe_dump({"organisation": "Acme CS", **changes}, sort_keys=False))
    for name, data in files.items():
        if isinstance(data, Path):
            (folder / name).symlink_to(data)
        else:
            (folder / name).write_bytes(data)
    with pytest.raises(UserError) as info:
        load_theme(folder)
    found = [str(p) for p in info.value.problems]
    assert all(p.startswith("theme/theme.yaml") for p in found), found
    return found


XLINK = b'xmlns:q="http://www.w3.org/1999/xlink"'
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
          b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>' + svg(b"<text>&c;</text>"))

HOSTILE = {
    # Scripts and other documents, whatever prefix names their namespace.
    "script": (svg(b"<script>alert(1)</script>"), "the element <script>"),
    "prefixed script": (svg(b"<s:script>alert(1)</s:script>", b'xmlns:s="http://www.w3.org/2000/svg"'),
                        "the element <script>; a logo may not carry scripts"),
    "script in another namespace": (svg(b'<h:script xmlns:h="http://www.w3.org/1999/xhtml"/>'), "<script>"),
    "foreignObject": (svg(b"<foreignObject><p>hi</p></foreignObject>"), "the element <foreignObject>"),
    "iframe": (svg(b'<iframe xmlns="http://www.w3.org/1999/xhtml" src="http://x"/>'), "the element <iframe>"),
    "animation rewriting a link": (svg(b'<a href="#a"><set attributeName="href" to="http://x"/></a>'),
                                   "the element <set>"),
    "event attribute": (svg(b'<rect onload="alert(1)"/>'), "the event attribute 'onload'"),
    "event attribute, capitals": (svg(b'<rect onClick="alert(1)"/>'), "the event attribute 'onClick'"),
    # Links out, under any prefix.
    "image of a file": (svg(b'<image href="file:///etc/passwd"/>'), "<image> links to 'file:///etc/passwd'"),
    "xlink with its own prefix": (svg(b'<image q:href="http://x/a.png"/>', XLINK), "links to 'http://x/a.png'"),
    "use of another file": (svg(b'<use href="other.svg#shape"/>'), "<use> links to 'other.svg#shape'"),
    "xml:base": (svg(b'<image xml:base="http://x/" href="#a"/>'), "sets xml:base"),
    # CSS that fetches or runs.
    "style imports": (svg(b"<style>@import url(http://x/a.css);</style>"), "<style> holds '@import'"),
    "style imports a string": (svg(b'<style>@import "a.css";</style>'), "<style> holds '@import'"),
    "style fetches": (svg(b"<style><![CDATA[rect{fill:url(file:///etc/passwd)}]]></style>"),
                      "<style> holds 'url(file:///etc/passwd)'"),
    "style escapes its url": (svg(b"<style>rect{fill:u\\72l(http://x)}</style>"), "holds 'url(http://x)'"),
    "style hides url in a comment": (svg(b"<style>rect{fill:ur/**/l(http://x)}</style>"), "'url(http://x)'"),
    "style runs": (svg(b"<style>rect{width:expression(alert(1))}</style>"), "holds 'expression('"),
    "style attribute fetches": (svg(b'<rect style="fill:url(http://x)"/>'), 'style="..." holds \'url(http://x)\''),
    "presentation attribute fetches": (svg(b'<rect fill="url(file:///x.svg#g)"/>'),
                                       "fill=\"...\" holds 'url(file:///x.svg#g)'"),
    "character reference spells url": (svg(b'<rect fill="&#x75;rl(http://x)"/>'), "holds 'url(http://x)'"),
    # Declarations and instructions.
    "entity": (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]>' + SVG, "declares a DOCTYPE"),
    "billion laughs": (LAUGHS, "declares a DOCTYPE"),
    "external entity": (b'<!DOCTYPE svg SYSTEM "file:///etc/passwd">' + SVG, "declares a DOCTYPE"),
    "stylesheet instruction": (b'<?xml version="1.0"?><?xml-stylesheet href="http://x/a.css"?>' + SVG,
                               "the processing instruction '<?xml-stylesheet'"),
    # Not an SVG at all, or not whole.
    "html": (b"<html>hello</html>", "the file is not an SVG image"),
    "not xml": (b"<svg this is not xml", "the file is not an SVG image, though it is named .svg (it is not XML"),
    "cut short": (SVG[:-8], "the SVG is not well-formed XML"),
    "undefined entity": (svg(b"<text>&x;</text>"), "the SVG is not well-formed XML: undefined entity"),
    "too large": (SVG + b" " * (1024 * 1024), "bytes; at most 1,048,576"),
}
HOSTILE_PNG = {
    "not a png": (b"GIF89a not a png", "the file is not a PNG image"),
    "signature then html": (b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>",
                            "the file is not a PNG image, though it is named .png (byte 8 starts no PNG chunk)"),
    "header then html": (GOOD_PNG[:33] + b"<html><script>alert(1)</script></html>", "byte 33 starts no PNG chunk"),
    "html after the end": (GOOD_PNG + b"<html>hi</html>", "bytes after its end (IEND)"),
    "cut short": (GOOD_PNG[:60], "the PNG is cut short"),
    "no end": (GOOD_PNG[: -len(IEND)], "the PNG is cut short: it ends before its last chunk, IEND"),
    "bad checksum": (GOOD_PNG[:29] + b"\x00\x00\x00\x00" + GOOD_PNG[33:], "IHDR chunk at byte 8 fails its checksum"),
    "header not first": (b"\x89PNG\r\n\x1a\n" + chunk(b"tEXt", b"a\x00b") + GOOD_PNG[8:],
                         "it does not start with its header, IHDR"),
    "no image data": (GOOD_PNG[:33] + IEND, "the PNG holds no image data"),
    "pixels not compressed": (png(400, 120, idat=b"<html>not zlib</html>"), "the PNG's pixel data are damaged"),
    "too few pixels": (png(400, 120, idat=zlib.compress(b"\x00" * 10)), "its header needs 144,120 bytes of them, "
                       "they hold fewer"),
    "too many pixels": (png(400, 120, idat=zlib.compress(b"\x00" * 200_000)), "they hold more"),
    "pixels cut short": (png(400, 120, idat=zlib.compress(b"\x00" * 144_120)[:-6]), "they hold fewer"),
    "palette without a palette": (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 20, 20, 8, 3, 0, 0, 0))
                                  + GOOD_PNG[33:], "palette colours but no palette"),
    "impossible header": (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 20, 20, 3, 2, 0, 0, 0))
                          + GOOD_PNG[33:], "not one the PNG standard allows (colour type 2, bit depth 3)"),
    "too small": (png(8, 8), "the logo is 8x8 pixels; each side must be 16 to 4000"),
    "too large": (png(9000, 40, idat=b""), "the logo is 9000x40 pixels"),
}
CASES = [pytest.param("logo.svg", data, expected, id=f"svg: {name}") for name, (data, expected) in HOSTILE.items()]
CASES += [pytest.param("logo.png", data, expected, id=f"png: {name}") for name, (data, expected) in HOSTILE_PNG.items()]


@pytest.mark.parametrize(("logo", "data", "expected"), CASES)
def test_a_hostile_logo_is_refused_naming_its_file(tmp_path, monkeypatch, logo, data, expected):
    found = _refusals(tmp_path, monkeypatch, {"logo": logo}, {logo: data})
    assert any(expected in p for p in found), found
    assert all(p.startswith("theme/theme.yaml:2:7: logo: ") and f"theme/{logo}" in p for p in found), found


def test_every_problem_of_an_svg_is_told_with_its_place(tmp_path, monkeypatch):
    data = b"<svg " + NS + b">\n<script/>\n<rect onload='x'\n fill='url(http://x)'/>\n</svg>"
    found = _refusals(tmp_path, monkeypatch, {"logo": "logo.svg"}, {"logo.svg": data})
    assert sorted(p.rsplit("(", 1)[1] for p in found) == ["theme/logo.svg:2:1)", "theme/logo.svg:3:1)",
                                                          "theme/logo.svg:3:1)"]


@pytest.mark.parametrize(("logo", "data"), [
    ("logo.png", GOOD_PNG),
    ("logo.svg", SVG),
    ("logo.svg", b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- made by hand -->\n' + SVG),
    ("logo.svg", svg(b'<defs><linearGradient id="g"/><path id="p" d="M0 0"/></defs><style>rect{fill:url(#g)}'
                     b'</style><rect fill="url(#g)" style="stroke: url( \'#g\' )"/><use href="#p"/>'
                     b'<use q:href="#p"/><a href="#p"><text>image (1)</text></a>', XLINK)),
])
def test_a_good_logo_passes(tmp_path, logo, data):
    (tmp_path / logo).write_bytes(data)
    assert logo_problems(tmp_path / logo, tmp_path) == []


def test_a_linked_logo_is_refused(tmp_path, monkeypatch):
    (tmp_path / "real.svg").write_bytes(SVG)
    found = _refusals(tmp_path, monkeypatch, {"logo": "logo.svg"}, {"logo.svg": tmp_path / "real.svg"})
    assert any("theme/logo.svg is a link; a logo must be a regular file" in p for p in found), found


def _customer_problems(folder: Path, logo: str) -> list[str]:
    found: list[str] = []
    check = customer_logo_check(load_theme(folder))
    check(Account.model_validate({**SMALL_ACCOUNT, "logo": logo}), lambda loc, path, message: found.append(message))
    return found


def _theme(tmp_path: Path) -> Path:
    folder = tmp_path / "theme"
    folder.mkdir()
    (folder / "theme.yaml").write_text("organisation: Acme CS\n")
    return folder


def test_a_linked_customers_folder_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "acme.svg").write_bytes(SVG)
    folder = _theme(tmp_path)
    (folder / "customers").symlink_to(tmp_path / "elsewhere")
    assert _customer_problems(folder, "acme.svg") == [
        "theme/customers is a link; a logo must be a regular file in the theme folder itself, not a link to one"]


def test_a_customer_logo_linked_outside_the_theme_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "secret.png").write_bytes(GOOD_PNG)
    folder = _theme(tmp_path)
    (folder / "customers").mkdir()
    (folder / "customers" / "acme.png").symlink_to(tmp_path / "secret.png")
    assert [p.split(";")[0] for p in _customer_problems(folder, "acme.png")] == ["theme/customers/acme.png is a link"]


def test_a_bad_customer_logo_names_its_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = _theme(tmp_path)
    (folder / "customers").mkdir()
    (folder / "customers" / "acme.svg").write_bytes(svg(b"<s:script/>", b'xmlns:s="http://www.w3.org/2000/svg"'))
    assert _customer_problems(folder, "acme.svg") == [
        "the SVG holds the element <script>; a logo may not carry scripts, animation or other documents "
        "(theme/customers/acme.svg:1:98)"]


def test_a_logo_outside_its_theme_folder_is_refused(tmp_path):
    (tmp_path / "logo.svg").write_bytes(SVG)
    (tmp_path / "theme").mkdir()
    assert "is outside the theme folder" in logo_problems(tmp_path / "logo.svg", tmp_path / "theme")[0]


def test_the_fetcher_serves_the_theme_logos_and_nothing_else_there(tmp_path):
    (tmp_path / "logo.svg").write_bytes(SVG)
    (tmp_path / "theme.yaml").write_text("organisation: x\n")
    assert asset_path((tmp_path / "logo.svg").as_uri(), tmp_path) == (tmp_path / "logo.svg").resolve()
    with pytest.raises(RefusedURL):
        asset_path((tmp_path / "theme.yaml").as_uri(), tmp_path)
    with pytest.raises(RefusedURL):
        asset_path((tmp_path / "logo.svg").as_uri())  # without the theme, its folder is closed
