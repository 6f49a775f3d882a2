"""Batch speed: our per-account time against WeasyPrint's floor, against a naive peer, scaling, re-runs.

Run: .venv/bin/python benchmarks/bench_batch.py floor|naive|scale|unchanged [--accounts N]

- floor: per account, our whole render (plan, HTML, PDF) against WeasyPrint alone
  rendering the same two HTML documents in the same warm process. Ratio goal: <= 1.15.
- naive: a loop calling `python -m weasyprint in.html out.pdf` per document, against our
  batch on the same accounts with two workers. Throughput ratio goal: >= 2.
- scale: `playbook batch -j 1` and `-j 2` on N accounts (default 200); speed-up goal
  >= 1.8; peak memory of the largest worker.
- throughput: `playbook batch -j 2` on N accounts (default 1,000), cold: accounts a second, minutes
  per 1,000 accounts, the parent's peak resident memory and the largest worker's own. Goal: 1,000
  accounts in under 12 minutes, workers under 250 MB.
- unchanged: a second run over N accounts (default 1,000) whose inputs have not changed.
  Goal: under 10 s.
- bigcsv: a CRM export of N rows (default 10,000): time to the first PDF, the parent's
  peak resident memory and the largest worker's own memory over the first 20 accounts,
  then SIGTERM. Goals: first PDF under 5 s, parent under 300 MB at 50,000 rows, workers
  under 250 MB each, no process left.

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


def started_batch(book: Path, out: Path) -> subprocess.Popen[bytes]:
    """``playbook batch -j 2`` of ``book`` into ``out``, started and left running."""
    return subprocess.Popen([sys.executable, "-m", "generator", "batch", str(book), "-o", str(out), "-j", "2",
                             "--as-of", AS_OF, "--usecases", str(ROOT / "usecases"),
                             "--playbooks", str(ROOT / "playbooks")],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class Peaks:
    """The largest resident memory of a batch's parent process and the largest unique memory of its workers, in MB,
    over the samples taken."""

    def __init__(self, pid: int) -> None:
        import psutil

        self.process, self.parent, self.worker = psutil.Process(pid), 0.0, 0.0

    def sample(self) -> None:
        import psutil

        try:
            self.parent = max(self.parent, self.process.memory_info().rss / 1024**2)
            for child in self.process.children():
                self.worker = max(self.worker, child.memory_full_info().uss / 1024**2)
        except psutil.Error:
            pass  # a worker that ended between the listing and the reading


def throughput(n: int) -> None:
    """Cold ``-j 2`` over ``n`` accounts, sampling the parent's resident memory and each worker's own (unique)."""
    work = Path(tempfile.mkdtemp(prefix="throughput-"))
    book = make_book(work / "book", n)
    start = time.perf_counter()
    proc = started_batch(book, work / "out")
    peaks = Peaks(proc.pid)
    while proc.poll() is None:
        peaks.sample()
        time.sleep(0.5)
    seconds = time.perf_counter() - start
    written = len(list((work / "out").glob("*/roadmap.pdf")))
    print(f"{n} accounts ({written} written) in {seconds:.1f} s: {n / seconds:.2f} accounts/s, "
          f"{1000 * seconds / n / 60:.1f} minutes per 1,000 accounts; parent peak {peaks.parent:.0f} MB resident, "
          f"largest worker {peaks.worker:.0f} MB of its own")
    shutil.rmtree(work, ignore_errors=True)


def unchanged(n: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="unchanged-"))
    book = make_book(work / "book", n)
    first = playbook("batch", str(book), "-o", str(work / "out"), "--as-of", AS_OF, "-j", "2")
    second = playbook("batch", str(book), "-o", str(work / "out"), "--as-of", AS_OF, "-j", "2")
    print(f"{n} accounts: first run {first:.1f} s, second unchanged run {second:.2f} s")
    shutil.rmtree(work, ignore_errors=True)


def make_csv(path: Path, n: int) -> Path:
    """A CRM export of ``n`` rows: the samples' rows over and over, each under a name of its own."""
    import csv
    import io

    sample = (ROOT / "accounts" / "accounts.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(sample, newline="")))
    header, body = rows[0], rows[1:]
    name = header.index("name")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        for i in range(n):
            row = list(body[i % len(body)])
            row[name] = f"{row[name]} {i:06d}"
            writer.writerow(row)
    return path


def bigcsv(n: int, pdfs: int = 20, give_up: float = 600.0) -> None:
    """Read an n-row CSV and render its first ``pdfs`` accounts, then stop the batch with SIGTERM.

    Reported: the file's size, the time to the first PDF, the parent's peak resident memory,
    the largest worker's peak unique memory, and how long the stop took.
    """
    import signal

    import psutil

    work = Path(tempfile.mkdtemp(prefix="bigcsv-"))
    book = make_csv(work / "book.csv", n)
    out = work / "out"
    start = time.perf_counter()
    proc = started_batch(book, out)
    peaks = Peaks(proc.pid)
    first = None
    while proc.poll() is None and time.perf_counter() - start < give_up:
        peaks.sample()
        done = len(list(out.glob("*/roadmap.pdf"))) if out.is_dir() else 0
        if done and first is None:
            first = time.perf_counter() - start
        if done >= pdfs:
            break
        time.sleep(0.1)
    stop = time.perf_counter()
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    stopped = time.perf_counter() - stop
    orphans = [p for p in psutil.process_iter(["cmdline"]) if "generator" in " ".join(p.info["cmdline"] or [])
               and str(book) in " ".join(p.info["cmdline"] or [])]
    print(f"{n:,} rows ({book.stat().st_size / 1024**2:.1f} MB): first PDF after "
          f"{first if first is not None else float('nan'):.1f} s; parent peak {peaks.parent:.0f} MB resident; "
          f"largest worker peak {peaks.worker:.0f} MB of its own; stopped {stopped:.1f} s after SIGTERM, "
          f"{len(orphans)} processes left")
    shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["floor", "naive", "scale", "throughput", "unchanged", "bigcsv"])
    parser.add_argument("--accounts", type=int)
    args = parser.parse_args()
    default = {"floor": 3, "naive": 20, "scale": 200, "throughput": 1000, "unchanged": 1000,
               "bigcsv": 10_000}[args.what]
    {"floor": floor, "naive": naive, "scale": scale, "throughput": throughput, "unchanged": unchanged,
     "bigcsv": bigcsv}[args.what](args.accounts or default)


if __name__ == "__main__":
    main()
