"""Seconds per page of our documents, against a fixed plain reference document rendered in the same process.

Run: .venv/bin/python benchmarks/bench_render.py [ACCOUNT.yaml ...] [--locale de-DE] [--runs 3]
With no account, every sample in accounts/. Each account's roadmap and charter are rendered
``--runs`` times warm (after one run that pays for imports, the stylesheet and fonts), and so is
`plain_reference.py`'s 64 plain pages, alternately, so a busy machine slows both alike; the fastest
run of each is kept. The ratio of
our seconds per page to the reference's is the figure to compare across commits: seconds alone move
with the machine. Goal: at most 1.5 on every sample, in every language. CPU seconds of this process
are shown beside the wall-clock ones: the other core's load moves them less. The last column is the
same ratio counted in Python calls (one profiled run each), which no load moves at all.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # benchmarks/ as a namespace package, for plain_reference
AS_OF = date(2026, 12, 1)


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


def timed(run):
    """(wall seconds, CPU seconds of this process, result) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def calls(run) -> int:
    """Python function calls one run makes: a count that does not depend on how busy the machine is.

    WeasyPrint lays out in Python, so its calls follow its work closely (the ratio of calls per page to the
    reference's has come within a few percent of the CPU-time ratio); time in Pango and HarfBuzz is not counted.
    """
    import cProfile
    import pstats

    profile = cProfile.Profile()
    profile.runcall(run)
    return pstats.Stats(profile).total_calls  # type: ignore[attr-defined]


def reference_pdf() -> bytes:
    from weasyprint import CSS, HTML

    from benchmarks import plain_reference
    from generator.render.fetcher import AssetFetcher, assets_base_url
    from generator.render.pdf import _font_config

    fonts = _font_config()
    css = CSS(string=plain_reference.CSS, base_url=assets_base_url(), url_fetcher=AssetFetcher(), font_config=fonts)
    return HTML(string=plain_reference.html(), base_url=assets_base_url(), url_fetcher=AssetFetcher()).write_pdf(
        stylesheets=[css], font_config=fonts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("accounts", nargs="*", type=Path)
    parser.add_argument("--locale", help="render every account in this locale instead of its own (de-DE, ja-JP...)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from generator.inputs.loader import load_account, load_library
    from generator.render.documents import render_account
    from generator.render.formats import Outputs

    library = load_library(ROOT / "usecases", ROOT / "playbooks")
    pdf_only = Outputs(formats=("pdf",))
    paths = args.accounts or sorted((ROOT / "accounts").glob("*.yaml"))
    accounts = [load_account(p, library) for p in paths]
    if args.locale:
        accounts = [a.model_copy(update={"locale": args.locale}) for a in accounts]
    reference_pdf()
    ref_pages = page_count(reference_pdf())
    ref_calls = calls(reference_pdf) / ref_pages
    print(f"{'account':34} {'locale':7} {'pages':>5} {'s/page':>7} {'cpu/page':>8} {'ref cpu/page':>12} {'ratio':>6} "
          f"{'calls ratio':>11}")
    ratios, call_ratios = [], []
    for account in accounts:
        # The PDFs alone: the deck and the Word charter have a benchmark of their own (bench_deck.py).
        render = lambda a=account: render_account(library, a, AS_OF, outputs=pdf_only)  # noqa: E731
        docs = render()  # the first render of an account pays for its fonts
        pages = sum(page_count(docs.files[n]) for n in ("roadmap.pdf", "charter.pdf"))
        ours, ref = [], []
        for _ in range(args.runs):
            ours.append(timed(render)[:2])
            ref.append(timed(reference_pdf)[:2])
        # The fastest run of each: what the other core's work adds only ever makes a run slower.
        wall = min(o[0] for o in ours) / pages
        cpu = min(o[1] for o in ours) / pages
        ref_wall = min(r[0] for r in ref) / ref_pages
        ref_cpu = min(r[1] for r in ref) / ref_pages
        ratio = cpu / ref_cpu
        ratios.append(ratio)
        call_ratios.append(calls(render) / pages / ref_calls)
        print(f"{account.name[:34]:34} {account.locale:7} {pages:5d} {wall:7.3f} {cpu:8.3f} {ref_cpu:12.3f} "
              f"{ratio:6.2f} {call_ratios[-1]:11.2f}", flush=True)
    print(f"ratio (CPU per page against the reference's): median {statistics.median(ratios):.2f}, "
          f"max {max(ratios):.2f}; calls per page against the reference's: median "
          f"{statistics.median(call_ratios):.2f}, max {max(call_ratios):.2f}; {len(ratios)} account(s), "
          f"reference {ref_pages} pages, wall {ref_wall:.3f} s a page")


if __name__ == "__main__":
    main()
