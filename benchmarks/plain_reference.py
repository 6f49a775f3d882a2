"""A fixed plain document to measure our pages against: headings, paragraphs and small tables in Inter.

It is built from a seeded generator, so it is the same document on every run and every commit: the
cost of one of its pages is what WeasyPrint charges for plain text in this environment, and our
documents' cost per page is reported as a multiple of it (a ratio that a slower machine or a busier
hour leaves about the same, unlike seconds).
"""

from __future__ import annotations

import random
from html import escape

PAGES = 64
SEED = 20261202
WORDS = (
    "adoption", "plan", "team", "workspace", "runbook", "wiki", "page", "council", "champion", "quarter",
    "review", "meeting", "department", "training", "session", "rollout", "metric", "target", "owner",
    "sponsor", "renewal", "objective", "value", "engineering", "product", "marketing", "support",
    "operations", "people", "finance", "design", "sales", "security",
)

# About as much text a page as our documents hold (1,500 characters): a heading, two paragraphs, a table.
CSS = """
@font-face { font-family: Inter; src: url(fonts/Inter-Regular.otf); font-weight: 400; }
@font-face { font-family: Inter; src: url(fonts/Inter-SemiBold.otf); font-weight: 600; }
@font-face { font-family: Inter; src: url(fonts/Inter-Bold.otf); font-weight: 700; }
@page { size: A4; margin: 22mm 18mm 20mm 18mm; }
html { font-family: Inter; font-size: 9.5pt; line-height: 1.45; color: #1f2a44; }
h2 { font-size: 13pt; font-weight: 700; margin: 0 0 2.5mm; break-before: page; }
p { margin: 0 0 2.5mm; }
table { width: 100%; border-collapse: collapse; margin: 1.5mm 0 4mm; font-size: 8.5pt; }
th { text-align: left; font-weight: 600; border-bottom: 0.4mm solid #1f2a44; padding: 1.2mm 2mm; }
td { border-bottom: 0.2mm solid #dfe3ea; padding: 1.4mm 2mm; }
"""


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(3, 6)))


def _table(rng: random.Random) -> str:
    head = "".join(f"<th>{escape(rng.choice(WORDS).title())}</th>" for _ in range(4))
    rows = "".join("<tr>" + "".join(f"<td>{escape(_sentence(rng, rng.randint(1, 4)))}</td>" for _ in range(4))
                   + "</tr>" for _ in range(5))
    return f"<table><tr>{head}</tr>{rows}</table>"


def html(pages: int = PAGES) -> str:
    """The reference document: ``pages`` pages of one heading, two paragraphs and a table each."""
    rng = random.Random(SEED)
    body = []
    for n in range(1, pages + 1):
        body.append(f"<h2>{n}. {escape(_sentence(rng, 4))}</h2>")
        body += [f"<p>{escape(_paragraph(rng))}</p>" for _ in range(2)]
        body.append(_table(rng))
    return f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"></head><body>{"".join(body)}</body></html>'
