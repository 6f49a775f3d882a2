"""Generate the documents for accounts: plan, HTML, PDF, and write them where they belong.

Everything about an account is produced in memory first and each file is written
atomically, so an interrupted run never leaves a truncated PDF behind.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .errors import Location, Problem, UserError
from .files import clash_message, folder_clashes, inside, slugify, write_atomic
from .loader import Library
from .models import Account
from .planner import offered, plan
from .render.html import charter_html, roadmap_html
from .render.pdf import html_to_pdf

log = logging.getLogger(__name__)


@dataclass
class Timings:
    """Seconds spent in each stage, to know where the time goes."""

    plan: float = 0.0
    html: float = 0.0
    pdf: float = 0.0


@dataclass
class Documents:
    slug: str
    files: dict[str, bytes]
    timings: Timings = field(default_factory=Timings)


def render_account(library: Library, account: Account, as_of: date) -> Documents:
    """Plan one account and render its roadmap, charter and plan.json in memory."""
    t = Timings()
    start = time.perf_counter()
    result = plan(library.map, library.playbooks[account.segment], account, as_of=as_of)
    t.plan = time.perf_counter() - start
    start = time.perf_counter()
    roadmap = roadmap_html(result, library.map, dict(account.adoption), offered(library.map, account))
    charter = charter_html(result)
    t.html = time.perf_counter() - start
    start = time.perf_counter()
    files = {"roadmap.pdf": html_to_pdf(roadmap), "charter.pdf": html_to_pdf(charter),
             "plan.json": (result.model_dump_json(indent=2) + "\n").encode("utf-8")}
    t.pdf = time.perf_counter() - start
    return Documents(slugify(account.name), files, t)


def check_slugs(accounts: list[tuple[Path, Account]]) -> None:
    """Two accounts must never write to the same folder."""
    claims = [(slugify(account.name), str(path)) for path, account in accounts]
    clashes = folder_clashes(claims)
    if clashes:
        raise UserError([Problem(Location(claims[i][1]), f"account '{accounts[i][1].name}' "
                                 f"{clash_message(claims[i][0], first)}") for i, first in clashes.items()])


def write_files(out_dir: Path, slug: str, data: dict[str, bytes]) -> list[Path]:
    """Write one account's files under ``out_dir/<slug>/``, each atomically and never outside ``out_dir``."""
    written = []
    for name, content in data.items():
        target = inside(out_dir, slug, name)
        write_atomic(target, content)
        written.append(target)
    return written


def write_documents(out_dir: Path, docs: Documents) -> list[Path]:
    """Write a rendered account's files."""
    return write_files(out_dir, docs.slug, docs.files)
