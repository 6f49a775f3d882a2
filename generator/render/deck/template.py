"""The deck's template: the organisation's .pptx (or the shipped one), its layouts found by name.

A template is read and checked once, by the face that is given it, before any account is
rendered: a file that is not a presentation, or that lacks a layout the deck fills (or a
placeholder such a layout must hold), is a located error naming what is missing. The deck
keeps the template's masters, theme colours and fonts, and drops any slides it came with.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.exc import PackageNotFoundError
from pptx.slide import SlideLayout

from ...errors import Location, Problem, UserError

TITLE, CONTENT, VISUAL = "QBR Title", "QBR Content", "QBR Visual"
TITLES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
BODIES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)
# Each layout the deck fills, and what it must hold, in the words the error gives a template's author.
NEEDS = {TITLE: "a title placeholder and a subtitle or text placeholder (idx 1) for the date",
         CONTENT: "a title placeholder and a text or content placeholder (idx 1) for the bullet points",
         VISUAL: "a title placeholder and a content placeholder (idx 1) marking where a chart or table goes"}
MAX_BYTES = 20_000_000  # far above a real template with its masters' pictures


@dataclass(frozen=True)
class DeckTemplate:
    """A checked template's bytes, and the name it is reported by."""

    data: bytes
    name: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def default_template() -> DeckTemplate:
    """The template shipped in the package (made by scripts/make_deck_template.py)."""
    return DeckTemplate((files("generator") / "assets" / "deck" / "default.pptx").read_bytes(), "default.pptx")


def load_template(path: Path) -> DeckTemplate:
    """Read and check ``path``; raise :class:`UserError` naming every layout it lacks and what that must hold."""
    where = Location(str(path))
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UserError([Problem(where, f"the template is {size:,} bytes; at most {MAX_BYTES:,} are read")])
        data = path.read_bytes()
    except OSError as exc:
        raise UserError([Problem(where, f"cannot read the deck template: {exc.strerror or exc}")]) from None
    template = DeckTemplate(data, str(path))
    problems = template_problems(template)
    if problems:
        raise UserError([Problem(where, p) for p in problems])
    return template


def template_problems(template: DeckTemplate) -> list[str]:
    """What the template lacks, in plain words; empty when the deck can be made from it."""
    try:
        deck = Presentation(io.BytesIO(template.data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        return ["expected a PowerPoint presentation (.pptx) with the deck's layouts"]
    found = {layout.name: layout for master in deck.slide_masters for layout in master.slide_layouts}
    problems = []
    for name, needs in NEEDS.items():
        layout = found.get(name)
        if layout is None:
            problems.append(f"no slide layout named '{name}': the deck needs one holding {needs}"
                            f"{_known(found)}")
        elif placeholder(layout, TITLES) is None or body(layout) is None:
            problems.append(f"the slide layout '{name}' must hold {needs}")
    return problems


def _known(found: dict[str, SlideLayout]) -> str:
    return f" (its layouts: {', '.join(repr(n) for n in found)})" if found else ""


def placeholder(layout: SlideLayout, kinds: tuple[PP_PLACEHOLDER, ...]) -> Any:
    shapes: Any = layout.placeholders
    return next((s for s in shapes if s.placeholder_format.type in kinds), None)


def body(layout: SlideLayout) -> Any:
    shapes: Any = layout.placeholders
    return next((s for s in shapes if s.placeholder_format.idx == 1 and s.placeholder_format.type in BODIES), None)
