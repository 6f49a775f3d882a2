"""The CS organisation's look: a theme folder with theme.yaml, its logo, and its customers' logos.

A theme is a folder because its images must be files the renderer may load: the URL
fetcher serves exactly that folder besides the package's assets. Every logo is checked
here (type by its bytes, size, dimensions, and for SVG no scripts, entities or links out)
before anything is rendered, so a bad one is a located error, not a broken page.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from ..errors import Problems
from .fields import Color, LogoFile, Name, StrictModel
from .loader import AccountCheck, display_path, load_file
from .models import Account

THEME_FILE = "theme.yaml"
CUSTOMER_LOGOS = "customers"
MAX_LOGO_BYTES = 1024 * 1024
LOGO_PIXELS = (16, 4000)  # smallest and largest side a PNG logo may have
# What an SVG logo may not hold: it is drawn by the renderer, so nothing in it may run or fetch.
_SVG_FORBIDDEN = re.compile(
    rb"<!DOCTYPE|<!ENTITY|<script|<foreignObject|\bon[a-z]+\s*=|(?:xlink:)?href\s*=\s*[\"'](?!#)", re.IGNORECASE)


class Colors(StrictModel):
    ink: Color = Field("#1f2a44", description="Headings, the cover and quarter headers.")
    accent: Color = Field("#2f6ea5", description="Links, numbers, bars and the cover band.")
    soft: Color = Field("#eef3f9", description="Card and agenda backgrounds.")


class Theme(StrictModel):
    """theme.yaml: who sends the documents and how they look."""

    organisation: Name = Field(description="The CS organisation's name, printed on each cover.")
    logo: LogoFile | None = Field(None, description="Its logo: an .svg or .png file in this folder.")
    colors: Colors = Field(default_factory=Colors, description="Colours, as #rrggbb.")


@dataclass(frozen=True)
class LoadedTheme:
    """A checked theme and the folder its files come from."""

    theme: Theme
    folder: Path

    @property
    def logo(self) -> Path | None:
        return self.folder / self.theme.logo if self.theme.logo else None

    def customer_logo(self, name: str | None) -> Path | None:
        return self.folder / CUSTOMER_LOGOS / name if name else None


def load_theme(folder: Path) -> LoadedTheme:
    """Load and check a theme folder; raise :class:`UserError` listing every problem."""
    problems = Problems()
    theme, doc = load_file(folder / THEME_FILE, Theme, problems)
    if theme is not None and theme.logo and doc is not None:
        problem = logo_problem(folder / theme.logo)
        if problem:
            problems.add(doc.source.locate(("logo",)), problem, "logo")
    problems.raise_if_errors()
    assert theme is not None
    return LoadedTheme(theme, folder.resolve())


def logo_problem(path: Path) -> str | None:
    """What is wrong with a logo file, if anything."""
    try:
        if path.is_symlink() or not path.is_file():
            return f"no logo file {display_path(path)} (a regular file, not a link)"
        size = path.stat().st_size
        if size > MAX_LOGO_BYTES:
            return f"the logo is {size:,} bytes; at most {MAX_LOGO_BYTES:,}"
        data = path.read_bytes()
    except OSError as exc:
        return f"cannot read the logo {display_path(path)}: {exc.strerror or exc}"
    if path.suffix == ".png":
        return _png_problem(data)
    return _svg_problem(data)


def _png_problem(data: bytes) -> str | None:
    if not data.startswith(b"\x89PNG\r\n\x1a\n") or data[12:16] != b"IHDR":
        return "the file is not a PNG image, though it is named .png"
    width, height = struct.unpack(">II", data[16:24])
    low, high = LOGO_PIXELS
    if not (low <= width <= high and low <= height <= high):
        return f"the logo is {width}x{height} pixels; each side must be {low} to {high}"
    return None


def _svg_problem(data: bytes) -> str | None:
    head = data[:1024].lstrip()
    if not (head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in data[:4096])):
        return "the file is not an SVG image, though it is named .svg"
    found = _SVG_FORBIDDEN.search(data)
    if found:
        return (f"the SVG holds {found.group(0)[:20].decode(errors='replace')!r}; a logo may not carry scripts, "
                "entities or links to other files")
    return None


def customer_logo_check(theme: LoadedTheme | None) -> AccountCheck:
    """A check that an account's logo is a good file in the theme's customers/ folder."""
    def check(account: Account, report: Callable[[tuple, str, str], None]) -> None:
        if account.logo is None or theme is None:  # without a theme, documents take the default look: no logos
            return
        path = theme.customer_logo(account.logo)
        assert path is not None
        problem = logo_problem(path)
        if problem:
            report(("logo",), "logo", problem)
    return check
