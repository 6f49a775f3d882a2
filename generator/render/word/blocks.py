"""The charter's HTML read back as blocks (headings, paragraphs, list items, tables, signatures).

The Word charter says exactly what the PDF says because it is made from the same HTML: the
template words the charter once, and this reader keeps its structure and text, leaving out
what only the printed page needs (running heads, page numbers, the cover band, progress bars).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

SKIPPED = frozenset({"running", "doctitle", "page-a", "page-b", "page-c", "prepared", "band", "logos", "progress"})
TEXT_TAGS = frozenset({"h1", "h2", "h3", "h4", "p", "li", "dt", "dd"})
TEXT_DIVS = frozenset({"kicker", "subtitle", "foot", "who", "line", "date"})
VOID = frozenset({"br", "img", "meta", "link", "hr", "input"})
_SPACE = re.compile(r"[ \t\r\n]+")
BREAK = "\x0b"  # a <br>, kept apart from the source's own line breaks, which are spaces


@dataclass
class Block:
    kind: str  # h1, h2, h3, h4, p, ul, ol, dt, dd, kicker, subtitle, foot, table, signature
    text: str = ""
    classes: tuple[str, ...] = ()
    rows: list[list[str]] = field(default_factory=list)  # a table's, the header row first
    header: bool = False  # whether its first row is a header
    cells: list[str] = field(default_factory=list)  # a signature's: who, then the captions of its lines


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.stack: list[tuple[str, tuple[str, ...]]] = []
        self.skip = 0  # depth inside something left out
        self.buffer: list[str] | None = None
        self.depth = 0  # of the element whose text the buffer holds
        self.lists: list[str] = []
        self.table: Block | None = None
        self.signature: Block | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = tuple((dict(attrs).get("class") or "").split())
        if tag in VOID:
            if tag == "br" and self.buffer is not None:
                self.buffer.append(BREAK)
            return
        self.stack.append((tag, classes))
        if self.skip or SKIPPED & set(classes) or tag in ("head", "style", "title"):
            self.skip += 1
            return
        if tag in ("ul", "ol"):
            self.lists.append(tag)
        elif tag == "table":
            self.table = Block("table")
        elif tag == "tr" and self.table is not None:
            self.table.rows.append([])
        elif tag == "th" and self.table is not None and len(self.table.rows) == 1:
            self.table.header = True
        if tag == "div" and "signature" in classes:
            self.signature = Block("signature")
        if tag in TEXT_TAGS or tag in ("th", "td") or (tag == "div" and TEXT_DIVS & set(classes)):
            self.buffer, self.depth = [], len(self.stack)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack:
            return
        depth = len(self.stack)
        _, classes = self.stack.pop()
        if self.skip:
            self.skip -= 1
            return
        if self.buffer is not None and depth != self.depth:  # the end of a span or strong inside the text
            return
        text = _clean("".join(self.buffer)) if self.buffer is not None else ""
        if tag in ("th", "td") and self.table is not None:
            self.table.rows[-1].append(text)
            self.buffer = None
        elif tag == "table" and self.table is not None:
            self.blocks.append(self.table)
            self.table = None
        elif tag in ("ul", "ol"):
            self.lists.pop()
        elif self.signature is not None and tag == "div" and "signature" in classes:
            self.blocks.append(self.signature)
            self.signature = None
        elif self.buffer is not None and self.table is None:
            kind = (self.lists[-1] if self.lists else "ul") if tag == "li" else \
                tag if tag != "div" else next(c for c in classes if c in TEXT_DIVS)
            if self.signature is not None:
                self.signature.cells.append(text)
            elif text:
                self.blocks.append(Block(kind, text, classes))
            self.buffer = None

    def handle_data(self, data: str) -> None:
        if self.buffer is not None and not self.skip:
            self.buffer.append(data)


def _clean(text: str) -> str:
    """Runs of white space as one space, each <br> a line break, no space at the ends of a line."""
    return "\n".join(_SPACE.sub(" ", line).strip() for line in text.split(BREAK)).strip("\n")


def blocks(html: str) -> list[Block]:
    """The document's blocks, in reading order."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.blocks
