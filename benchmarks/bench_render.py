"""Time to generate both PDFs for one account, split into plan, HTML and WeasyPrint.

Run: .venv/bin/python benchmarks/bench_render.py [--account accounts/northwind-logistics.yaml] [--runs 5]
The first run pays for importing WeasyPrint, parsing the CSS and loading fonts; the
warm figures are the median of the runs after it.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def page_count(data: bytes) -> int:
    """Pages in a PDF we wrote, counting page objects, inside compressed object streams too."""
    import re
    import zlib

    count = len(re.findall(rb"/Type\s*/Page\b(?!s)", data))
    if count:
        return count
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S)
    # decompressobj: a regex-cut stream may end early, which plain decompress() refuses.
    text = b"".join(zlib.decompressobj().decompress(s) for s in streams if s[:1] == b"x")
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--account", default=str(ROOT / "accounts" / "northwind-logistics.yaml"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    t0 = time.perf_counter()
    from generator.inputs.loader import load_account, load_library
    from generator.render.documents import render_account

    library = load_library(ROOT / "usecases", ROOT / "playbooks")
    account = load_account(Path(args.account), library)
    startup = time.perf_counter() - t0
    rows = []
    for _ in range(args.runs + 1):
        start = time.perf_counter()
        docs = render_account(library, account, date(2026, 11, 21))
        rows.append((time.perf_counter() - start, docs.timings))
    first, warm = rows[0], rows[1:]
    med = lambda f: statistics.median(f(r) for r in warm)  # noqa: E731
    pages = sum(page_count(docs.files[n]) for n in ("roadmap.pdf", "charter.pdf"))
    print(f"account: {account.name}; library load {startup * 1000:.0f} ms")
    print(f"first run: {first[0]:.2f} s (plan {first[1].plan * 1000:.1f} ms, html {first[1].html * 1000:.0f} ms, "
          f"weasyprint {first[1].pdf:.2f} s)")
    print(f"warm, median of {len(warm)}: {med(lambda r: r[0]):.2f} s = plan {med(lambda r: r[1].plan) * 1000:.1f} ms"
          f" + html {med(lambda r: r[1].html) * 1000:.0f} ms + weasyprint {med(lambda r: r[1].pdf):.2f} s"
          f" ({pages} pages in all)")


if __name__ == "__main__":
    main()
