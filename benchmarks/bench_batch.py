"""Batch speed: our per-account time against WeasyPrint's floor, against a naive peer, scaling, re-runs.

Run: .venv/bin/python benchmarks/bench_batch.py floor|naive|scale|unchanged [--accounts N]

- floor: per account, our whole render (plan, HTML, PDF) against WeasyPrint alone
  rendering the same two HTML documents in the same warm process. Ratio goal: <= 1.15.
- naive: a loop calling `python -m weasyprint in.html out.pdf` per document, against our
  batch on the same accounts with two workers. Throughput ratio goal: >= 2.
- scale: `playbook batch -j 1` and `-j 2` on N accounts (default 200); speed-up goal
  >= 1.8; peak memory of the largest worker.
- unchanged: a second run over N accounts (default 1,000) whose inputs have not changed.
  Goal: under 10 s.

Accounts are copies of the five samples under new names, so the mix of document sizes
is the samples' mix.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-21"


def make_book(folder: Path, n: int) -> Path:
    samples = [yaml.safe_load(p.read_text()) for p in sorted((ROOT / "accounts").glob("*.yaml"))]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        data = dict(samples[i % len(samples)])
        data["name"] = f"{data['name']} {i:04d}"
        (folder / f"account-{i:04d}.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    return folder


def playbook(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", *args, "--usecases", str(ROOT / "usecases"),
                    "--playbooks", str(ROOT / "playbooks")], check=False, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def floor(n: int) -> None:
    from weasyprint import HTML

    from generator.inputs.loader import load_account, load_library
    from generator.plan.planner import plan
    from generator.plan.walk import offered
    from generator.render.documents import charter_html, render_account, roadmap_html
    from generator.render.fetcher import AssetFetcher, assets_base_url
    from generator.render.pdf import _font_config, stylesheet

    library = load_library(ROOT / "usecases", ROOT / "playbooks")
    as_of = date.fromisoformat(AS_OF)
    rows = []
    for path in sorted((ROOT / "accounts").glob("*.yaml")):
        account = load_account(path, library)
        result = plan(library.map, library.playbooks[account.segment], account, as_of=as_of)
        docs = [roadmap_html(result, library.map, dict(account.adoption), offered(library.map, account)),
                charter_html(result, library.playbooks[account.segment])]
        render_account(library, account, as_of)  # warm both paths
        ours, alone = [], []
        for _ in range(n):
            start = time.perf_counter()
            render_account(library, account, as_of)
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            for html in docs:
                HTML(string=html, base_url=assets_base_url(), url_fetcher=AssetFetcher()).write_pdf(
                    stylesheets=[stylesheet("document.css")], font_config=_font_config())
            alone.append(time.perf_counter() - start)
        rows.append((account.name, statistics.median(ours), statistics.median(alone)))
    for name, ours_s, alone_s in rows:
        print(f"{name:<26} ours {ours_s:.2f} s, WeasyPrint alone {alone_s:.2f} s, ratio {ours_s / alone_s:.3f}")
    total_ours, total_alone = sum(r[1] for r in rows), sum(r[2] for r in rows)
    print(f"all {len(rows)} samples: ours {total_ours:.2f} s, floor {total_alone:.2f} s, "
          f"ratio {total_ours / total_alone:.3f}")


def naive(n: int) -> None:
    from generator.inputs.loader import load_account, load_library
    from generator.plan.planner import plan
    from generator.plan.walk import offered
    from generator.render.documents import charter_html, roadmap_html

    library = load_library(ROOT / "usecases", ROOT / "playbooks")
    work = Path(tempfile.mkdtemp(prefix="naive-"))
    assets = work / "assets"
    shutil.copytree(ROOT / "generator" / "assets", assets)
    shutil.copy(ROOT / "generator" / "templates" / "document.css", assets / "document.css")
    book = make_book(work / "book", n)
    pages = []
    for path in sorted(book.glob("*.yaml")):
        account = load_account(path, library)
        result = plan(library.map, library.playbooks[account.segment], account, as_of=date.fromisoformat(AS_OF))
        for kind, html in (("roadmap", roadmap_html(result, library.map, dict(account.adoption),
                                                     offered(library.map, account))),
                           ("charter", charter_html(result, library.playbooks[account.segment]))):
            target = work / f"{path.stem}.{kind}.html"
            target.write_text(html)
            pages.append(target)
    start = time.perf_counter()
    for page in pages:
        subprocess.run([sys.executable, "-m", "weasyprint", "-q", "-u", assets.as_uri() + "/", "-s",
                        str(assets / "document.css"), str(page), str(page.with_suffix(".pdf"))], check=True)
    peer = time.perf_counter() - start
    ours = playbook("batch", str(book), "-o", str(work / "out"), "--as-of", AS_OF, "-j", "2")
    print(f"{n} accounts ({len(pages)} documents): naive loop {peer:.1f} s ({n / peer:.2f} accounts/s), "
          f"our batch -j 2 {ours:.1f} s ({n / ours:.2f} accounts/s): {peer / ours:.2f}x")
    shutil.rmtree(work, ignore_errors=True)


def scale(n: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="scale-"))
    book = make_book(work / "book", n)
    times = {}
    for jobs in (1, 2):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        times[jobs] = playbook("batch", str(book), "-o", str(work / f"out-{jobs}"), "--as-of", AS_OF, "-j", str(jobs))
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(f"-j {jobs}: {n} accounts in {times[jobs]:.1f} s, {n / times[jobs]:.2f} accounts/s, "
              f"peak RSS of the largest process {max(peak, before) / 1024:.0f} MB")
    print(f"speed-up -j 2 over -j 1: {times[1] / times[2]:.2f}x")
    shutil.rmtree(work, ignore_errors=True)


def unchanged(n: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="unchanged-"))
    book = make_book(work / "book", n)
    first = playbook("batch", str(book), "-o", str(work / "out"), "--as-of", AS_OF, "-j", "2")
    second = playbook("batch", str(book), "-o", str(work / "out"), "--as-of", AS_OF, "-j", "2")
    print(f"{n} accounts: first run {first:.1f} s, second unchanged run {second:.2f} s")
    shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["floor", "naive", "scale", "unchanged"])
    parser.add_argument("--accounts", type=int)
    args = parser.parse_args()
    default = {"floor": 3, "naive": 20, "scale": 200, "unchanged": 1000}[args.what]
    {"floor": floor, "naive": naive, "scale": scale, "unchanged": unchanged}[args.what](args.accounts or default)


if __name__ == "__main__":
    main()
