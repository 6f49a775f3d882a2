"""The editable outputs' cost: one account's QBR deck warm, and a batch with every format against PDFs alone.

Run: .venv/bin/python benchmarks/bench_deck.py deck [--account accounts/orbital-systems.yaml] [--runs 10]
     .venv/bin/python benchmarks/bench_deck.py batch [--accounts 30]

- deck: the deck for one planned account (slides, charts with their workbooks, the zip made
  steady), after a first run that pays for imports and the template. Goal: under 0.5 s warm.
  The Word charter from the same plan is timed beside it.
- batch: `playbook batch -j 2 --formats pdf` against `--formats pdf,pptx,docx` over the same N
  accounts (copies of the samples, as bench_batch.py makes them), each into a fresh folder.
  Goal: every format no more than 20% slower than PDFs alone.
- render: the same comparison in one warm process, less exposed to a busy machine: each sample
  account rendered with PDFs alone and with every format, alternately, for --runs rounds.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from bench_batch import AS_OF, ROOT, make_book, playbook  # type: ignore[import-not-found]  # run from its folder


def deck(account_path: str, runs: int) -> None:
    from generator.inputs.loader import load_account, load_library
    from generator.inputs.theme import Colors
    from generator.plan.planner import plan
    from generator.render.deck.build import deck_pptx
    from generator.render.documents import charter_html, paper
    from generator.render.word.charter import charter_docx

    library = load_library(ROOT / "usecases", ROOT / "playbooks")
    account = load_account(Path(account_path), library)
    book = library.playbooks[account.segment]
    result = plan(library.map, book, account, as_of=date.fromisoformat(AS_OF))
    per_champion = round(1 / book.community.champion_ratio)
    html = charter_html(result, book)
    decks, charters = [], []
    for _ in range(runs + 1):
        start = time.perf_counter()
        data = deck_pptx(result, per_champion, notes=True)
        decks.append(time.perf_counter() - start)
        start = time.perf_counter()
        charter_docx(html, result, Colors(), "Council charter", paper(account.locale))
        charters.append(time.perf_counter() - start)
    print(f"account: {account.name}; deck {len(data):,} bytes")
    print(f"deck: first {decks[0] * 1000:.0f} ms, warm median of {runs} {statistics.median(decks[1:]) * 1000:.0f} ms, "
          f"max {max(decks[1:]) * 1000:.0f} ms")
    print(f"word charter: first {charters[0] * 1000:.0f} ms, "
          f"warm median {statistics.median(charters[1:]) * 1000:.0f} ms")


def batch(n: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="deck-batch-"))
    book = make_book(work / "book", n)
    times: dict[str, list[float]] = {"pdf": [], "pdf,pptx,docx": []}
    for round_ in range(2):  # alternately, so that a busy spell of the machine weighs on both
        for formats, took in times.items():
            out = work / f"out-{round_}-{formats.replace(',', '-')}"
            took.append(playbook("batch", str(book), "-o", str(out), "--as-of", AS_OF, "-j", "2", "--formats", formats))
            print(f"--formats {formats}: {n} accounts in {took[-1]:.1f} s", flush=True)
    pdf, every = sum(times["pdf"]), sum(times["pdf,pptx,docx"])
    print(f"every format against PDFs alone: {every / pdf - 1:+.1%}")
    shutil.rmtree(work, ignore_errors=True)


def render(runs: int) -> None:
    from generator.inputs.loader import load_account, load_library
    from generator.render.documents import render_account
    from generator.render.formats import Outputs

    library = load_library(ROOT / "usecases", ROOT / "playbooks")
    accounts = [load_account(p, library) for p in sorted((ROOT / "accounts").glob("*.yaml"))]
    day = date.fromisoformat(AS_OF)
    render_account(library, accounts[0], day)  # imports, stylesheets and fonts, once
    totals = {"pdf": 0.0, "all": 0.0}
    for _ in range(runs):
        for account in accounts:
            for name, outputs in (("pdf", Outputs(("pdf",))), ("all", Outputs())):
                start = time.perf_counter()
                render_account(library, account, day, outputs=outputs)
                totals[name] += time.perf_counter() - start
    n = runs * len(accounts)
    print(f"{len(accounts)} accounts x {runs}: PDFs alone {totals['pdf'] / n:.2f} s an account, every format "
          f"{totals['all'] / n:.2f} s: {totals['all'] / totals['pdf'] - 1:+.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["deck", "batch", "render"])
    parser.add_argument("--account", default=str(ROOT / "accounts" / "orbital-systems.yaml"))
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--accounts", type=int, default=30)
    args = parser.parse_args()
    if args.what == "deck":
        deck(args.account, args.runs)
    elif args.what == "render":
        render(max(1, args.runs // 5))
    else:
        batch(args.accounts)


if __name__ == "__main__":
    main()
