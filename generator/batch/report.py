"""What a batch tells afterwards: the report written beside the documents, and the table printed for a person."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from .. import __version__
from ..files import write_atomic
from ..terminal import as_is
from .run import Entry

STATUSES = ("generated", "unchanged", "failed")
REPORT_NAME = "batch-report.json"


def report(entries: list[Entry], *, as_of: date, seconds: float, jobs: int) -> dict[str, Any]:
    """The batch report written to output/batch-report.json."""
    counts = {s: sum(e.status == s for e in entries) for s in STATUSES}
    rows = [{k: v for k, v in asdict(e).items() if k not in ("account", "row", "fingerprint", "qbr")} for e in entries]
    for row in rows:
        row["seconds"] = round(row["seconds"], 3)
    return {"generator_version": __version__, "as_of": as_of.isoformat(), "jobs": jobs,
            "seconds": round(seconds, 2), "counts": counts, "accounts": rows}


def write_report(out_dir: Path, data: dict[str, Any]) -> Path:
    """Write the report atomically into the output folder; return its path."""
    path = out_dir / REPORT_NAME
    write_atomic(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return path


def _columns(text: str) -> int:
    """Terminal columns a text takes: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def report_table(entries: list[Entry], shown: Callable[[str], str] = as_is) -> str:
    """A plain table for the terminal: one line per account, failures first with their reason.

    ``shown`` writes out account text as the reader will see it (escaped on a terminal), so that the columns are
    measured on what is shown.
    """
    width = max([_columns(shown(e.name or e.source)) for e in entries] + [7])
    lines = [f"{'account':<{width}}  {'status':<9}  {'time':>6}  reason", "-" * (width + 30)]
    order = {"failed": 0, "generated": 1, "unchanged": 2}
    for e in sorted(entries, key=lambda e: (order.get(e.status, 3), e.source)):
        t = f"{e.seconds:.1f}s" if e.seconds else ""
        name = shown(e.name or e.source)
        lines.append(f"{name}{' ' * (width - _columns(name))}  {e.status:<9}  {t:>6}  "
                     f"{shown(e.source + ': ' + e.reason) if e.reason else ''}".rstrip())
    return "\n".join(lines)


def counts_line(data: dict[str, Any], path: Path) -> str:
    """The closing line: how many accounts ended how, in how long, and where the report is."""
    counts = data["counts"]
    return (f"{counts['generated']} generated, {counts['unchanged']} unchanged, {counts['failed']} failed "
            f"in {data['seconds']:.1f} s; report: {path}")
