"""Which files an account's render makes: the PDFs, the QBR deck, the Word charter, and how the deck is made.

``plan.json`` is always made: the next QBR compares against it. The options travel with each
render (to a batch's workers and a Dask cluster too) and are part of the documents'
fingerprint, so a change of formats, of the deck's template or of its notes renders again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import Location, Problem, UserError

if TYPE_CHECKING:  # the command line reads the formats before it needs python-pptx
    from .deck.template import DeckTemplate

FORMATS = ("pdf", "pptx", "docx")
FILES = {"pdf": ("roadmap.pdf", "charter.pdf"), "pptx": ("qbr.pptx",), "docx": ("charter.docx",)}
PLAN = "plan.json"


@dataclass(frozen=True)
class Outputs:
    """The formats to make (each of :data:`FORMATS`), the deck's template (None: the shipped one), and whether
    the deck carries speaker notes."""

    formats: tuple[str, ...] = FORMATS
    deck_template: DeckTemplate | None = None
    notes: bool = False

    def wants(self, fmt: str) -> bool:
        return fmt in self.formats

    @property
    def names(self) -> tuple[str, ...]:
        """The files an account's folder holds, plan.json last."""
        return (*[name for fmt in FORMATS if fmt in self.formats for name in FILES[fmt]], PLAN)

    @property
    def left_out(self) -> tuple[str, ...]:
        """The files of the formats not made, which an earlier render of the folder may have left."""
        return tuple(name for fmt in FORMATS if fmt not in self.formats for name in FILES[fmt])

    @property
    def key(self) -> str:
        """What of these options changes a byte of the files, for the fingerprint."""
        template = self.deck_template.digest if self.deck_template is not None and self.wants("pptx") else "shipped"
        notes = self.notes and self.wants("pptx")
        parts = f"formats={','.join(sorted(self.formats))};template={template};notes={notes}"
        return hashlib.sha256(parts.encode()).hexdigest()


def parse_formats(text: str, where: str = "--formats") -> tuple[str, ...]:
    """'pdf,pptx' as ('pdf', 'pptx'), in the order of :data:`FORMATS`; an unknown or empty list is an error."""
    given = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [g for g in given if g not in FORMATS]
    if unknown or not given:
        said = f"unknown format {', '.join(repr(u) for u in unknown)}" if unknown else "no format given"
        raise UserError([Problem(Location(where), f"{said}: expected a comma-separated list of {', '.join(FORMATS)}")])
    return tuple(f for f in FORMATS if f in given)

