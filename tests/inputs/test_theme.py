"""Themes: colours, the sender's name and logos, each checked before anything is rendered."""

from __future__ import annotations

import struct
import zlib

import pytest
import yaml

from conftest import ROOT
from generator.errors import UserError
from generator.inputs.theme import load_theme, logo_problem
from generator.render.fetcher import RefusedURL, asset_path

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def test_the_sample_theme_loads(monkeypatch):
    monkeypatch.chdir(ROOT)
    theme = load_theme(ROOT / "themes" / "example")
    assert theme.theme.organisation == "Lumenly Customer Success"
    assert theme.logo is not None
    assert logo_problem(theme.logo) is None


@pytest.mark.parametrize(("changes", "files", "expected"), [
    ({"colors": {"ink": "navy"}}, {}, "colors.ink: expected a colour as #rrggbb (like '#2f6ea5'), got 'navy'"),
    ({"colour": {}}, {}, "unknown field 'colour' (did you mean 'colors'?)"),
    ({"logo": "../secret.png"}, {}, "logo: expected a file name in the same folder ending in .svg or .png"),
    ({"logo": "logo.svg"}, {}, "theme.yaml:2:7: logo: no logo file"),
    ({"logo": "logo.png"}, {"logo.png": b"GIF89a not a png"}, "logo: the file is not a PNG image"),
    ({"logo": "logo.png"}, {"logo.png": png(8, 8)}, "the logo is 8x8 pixels; each side must be 16 to 4000"),
    ({"logo": "logo.png"}, {"logo.png": png(9000, 40)}, "the logo is 9000x40 pixels"),
    ({"logo": "logo.svg"}, {"logo.svg": b"<html>hello</html>"}, "the file is not an SVG image"),
    ({"logo": "logo.svg"}, {"logo.svg": SVG.replace(b"<rect", b"<script>alert(1)</script><rect")},
     "a logo may not carry scripts, entities or links to other files"),
    ({"logo": "logo.svg"}, {"logo.svg": SVG.replace(b"<rect", b'<image href="file:///etc/passwd"/><rect')},
     "a logo may not carry scripts"),
    ({"logo": "logo.svg"}, {"logo.svg": b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]>' + SVG},
     "a logo may not carry scripts"),
    ({"logo": "logo.svg"}, {"logo.svg": SVG + b" " * (1024 * 1024)}, "bytes; at most 1,048,576"),
])
def test_bad_themes_are_located_errors(tmp_path, monkeypatch, changes, files, expected):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "theme"
    folder.mkdir()
    (folder / "theme.yaml").write_text(yaml.safe_dump({"organisation": "Acme CS", **changes}, sort_keys=False))
    for name, data in files.items():
        (folder / name).write_bytes(data)
    with pytest.raises(UserError) as info:
        load_theme(folder)
    found = [str(p) for p in info.value.problems]
    assert any(expected in p for p in found), found
    assert all(p.startswith("theme/theme.yaml") for p in found)


def test_a_good_png_logo_passes(tmp_path):
    (tmp_path / "logo.png").write_bytes(png(400, 120))
    assert logo_problem(tmp_path / "logo.png") is None


def test_a_linked_logo_is_refused(tmp_path):
    (tmp_path / "real.svg").write_bytes(SVG)
    (tmp_path / "logo.svg").symlink_to(tmp_path / "real.svg")
    assert "not a link" in (logo_problem(tmp_path / "logo.svg") or "")


def test_the_fetcher_serves_the_theme_logos_and_nothing_else_there(tmp_path):
    (tmp_path / "logo.svg").write_bytes(SVG)
    (tmp_path / "theme.yaml").write_text("organisation: x\n")
    assert asset_path((tmp_path / "logo.svg").as_uri(), tmp_path) == (tmp_path / "logo.svg").resolve()
    with pytest.raises(RefusedURL):
        asset_path((tmp_path / "theme.yaml").as_uri(), tmp_path)
    with pytest.raises(RefusedURL):
        asset_path((tmp_path / "logo.svg").as_uri())  # without the theme, its folder is closed
