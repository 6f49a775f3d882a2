"""How long the web app's pages take: the book, the largest account, the library, and a CSV upload.

Run: .venv/bin/python benchmarks/bench_web.py [--rows 1000] [--repeat 5]
Serves the shipped library and a copy of the sample accounts in-process (Starlette's
test client, so no network is timed) and prints the median of ``--repeat`` requests per
page, first (cold) request apart; then uploads a CRM CSV of ``--rows`` rows made from the
samples and times the upload and the book page that lists them.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import shutil
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from starlette.testclient import TestClient

from generator.web.app import create_app
from generator.web.book import Settings

ROOT = Path(__file__).resolve().parent.parent


PAGES = [("book (11 accounts)", "/"), ("account: Orbital Systems", "/accounts/orbital-systems.yaml"),
         ("account: Brightline Studio", "/accounts/brightline-studio.yaml"), ("library", "/library")]


def timed(client: TestClient, method: str, path: str, **kwargs: object) -> float:
    start = time.perf_counter()
    answer = client.request(method, path, **kwargs)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - start
    assert answer.status_code in (200, 303), (path, answer.status_code, answer.text[:300])
    return elapsed


def big_csv(rows: int) -> bytes:
    """The samples' rows repeated under new names, as a CRM would export a book of ``rows`` accounts."""
    header, *samples = list(csv.reader(io.StringIO((ROOT / "accounts" / "accounts.csv").read_text("utf-8"))))
    name = header.index("name")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for i in range(rows):
        row = list(samples[i % len(samples)])
        row[name] = f"{row[name]} {i:05d}"
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        accounts = Path(tmp) / "accounts"
        shutil.copytree(ROOT / "accounts", accounts, ignore=shutil.ignore_patterns("history", "*.csv"))
        settings = Settings(accounts, ROOT / "usecases", ROOT / "playbooks", Path(tmp) / "out",
                            as_of=date(2026, 11, 22), upload_limit=256_000_000)
        with TestClient(create_app(settings, hosts={"testserver"})) as client:
            for label, path in PAGES:
                cold = timed(client, "GET", path)
                warm = [timed(client, "GET", path) for _ in range(args.repeat)]
                print(f"{label:<28} first {cold * 1000:7.1f} ms, then median {statistics.median(warm) * 1000:7.1f} ms")
            token = re.search(r'name="csrf" value="([^"]+)"', client.get("/").text)
            assert token is not None
            data = big_csv(args.rows)
            upload = timed(client, "POST", "/book/upload", data={"csrf": token.group(1)},
                           files={"csv": ("book.csv", data, "text/csv")}, follow_redirects=False)
            first = timed(client, "GET", "/")
            again = timed(client, "GET", "/")
            print(f"upload of {args.rows:,} rows ({len(data) / 1e6:.1f} MB): {upload * 1000:.0f} ms; "
                  f"its book page first {first:.2f} s (every row checked), then {again:.2f} s")


if __name__ == "__main__":
    main()
