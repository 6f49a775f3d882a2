"""Fault injection: a book where every tenth account is broken in its own way still renders every good one.

Each fault is one a careless or hostile user brought; the bad account must fail alone, in
the batch and on the web app's book page, and be reported with the file and line it is in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from conftest import ROOT
from generator.batch.pool import Outcome, Task
from generator.batch.run import OUTPUTS, collect, run_batch
from generator.generate import checks
from generator.web.app import create_app
from generator.web.book import Settings

AS_OF = date(2026, 11, 22)
GOOD = (ROOT / "accounts" / "pinecone-bakery.yaml").read_text()
PINNED = (ROOT / "accounts" / "brightline-studio.yaml").read_text()


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# (what is wrong, the account's bytes, words the reason must hold)
FAULTS: list[tuple[str, bytes, str]] = [
    ("a pinned account with an adoption typo",
     _replace(PINNED, "adoption:\n", "adoption:\n  company-docz: adopted\n").encode(), "company-docz"),
    ("a pinned account with an unknown persona",
     _replace(PINNED, "persona: design", "persona: desing").encode(), "desing"),
    ("a NUL byte", _replace(GOOD, "head office", "head\x00office").encode(), "U+0000"),
    ("a form feed", _replace(GOOD, "segment: digital", "segment: digital\x0c").encode(), "U+000C"),
    ("bytes that are not UTF-8", _replace(GOOD, "Bakery", "Bak\udcffery").encode("utf-8", "surrogateescape"),
     "UTF-8"),
    ("a 5,000-digit seat count", _replace(GOOD, "licensed_seats: 24", "licensed_seats: " + "9" * 5000).encode(),
     "5,000 digits"),
    ("a name of spaces", _replace(GOOD, "name: Pinecone Bakery Co.", "name: '   '").encode(), "name"),
    ("an escape character in the name", _replace(GOOD, "name: Pinecone Bakery Co.", 'name: "Pine\\econe"').encode(),
     "name"),
    ("a locale typo", _replace(GOOD, "locale: en-US", "locale: de-DR").encode(), "de-DR"),
    ("a duplicate key", _replace(GOOD, "segment: digital", "segment: digital\nsegment: scale").encode(), "segment"),
    ("a defer in an unknown use case",
     _replace(PINNED, "use_case: mkt-brand-hub", "use_case: no-such-use-case").encode(), "no-such-use-case"),
    ("far too many departments",
     _replace(GOOD, "departments:\n", "departments:\n" + "".join(
         f"  - {{persona: operations, name: Ops {i}, headcount: 1, head: {{name: H {i}, title: Head}}}}\n"
         for i in range(3000))).encode(),
     "departments"),
]


class Renders:
    """Renders nothing: which accounts reach the renderer is what this file checks."""

    def __init__(self) -> None:
        self.rendered: list[int] = []

    def __call__(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        for task in tasks:
            self.rendered.append(task.index)
            yield Outcome(task.index, True, dict.fromkeys(OUTPUTS, b"-"), seconds=0.0)


def _book(folder: Path) -> dict[str, tuple[str, str] | None]:
    """Write the book; return each file's name and, for a bad one, its fault and the words its reason holds."""
    folder.mkdir(parents=True)
    made: dict[str, tuple[str, str] | None] = {}
    for i in range(10 * len(FAULTS)):
        name = f"a{i:03d}.yaml"
        if i % 10 == 0:
            what, data, words = FAULTS[i // 10]
            (folder / name).write_bytes(data)
            made[name] = (what, words)
        else:
            (folder / name).write_text(_replace(GOOD, "name: Pinecone Bakery Co.", f"name: Pinecone Bakery {i}"))
            made[name] = None
    return made


def test_every_good_account_is_rendered_and_every_bad_one_reported_where_it_is(tmp_path, shipped):
    made = _book(tmp_path / "book")
    runner = Renders()
    entries = run_batch(collect(tmp_path / "book", shipped, checks(shipped, AS_OF)), tmp_path / "out",
                        library=shipped, shared="library-v1", as_of=AS_OF, force=False, runner=runner)
    by_file = {Path(e.source.split(":")[0]).name: e for e in entries}
    assert set(by_file) == set(made)
    for name, fault in made.items():
        entry = by_file[name]
        if fault is None:
            assert entry.status == "generated", (name, entry.reason)
            continue
        what, words = fault
        assert entry.status == "failed", what
        assert words in entry.reason, (what, entry.reason)
        # Located: the file and, for a problem inside it, the line it is on.
        assert entry.source.endswith(name)
        assert re.match(r"line \d+(:\d+)?: ", entry.reason), (what, entry.reason)
    assert len(runner.rendered) == 9 * len(FAULTS)


@pytest.fixture
def book_client(tmp_path):
    made = _book(tmp_path / "book")
    settings = Settings(accounts=tmp_path / "book", usecases=ROOT / "usecases", playbooks=ROOT / "playbooks",
                        output=tmp_path / "out", as_of=AS_OF, upload_limit=200_000, jobs=1)
    with TestClient(create_app(settings, hosts={"testserver"}), raise_server_exceptions=False) as client:
        yield client, made


def test_the_book_page_lists_every_account_and_every_good_page_opens(book_client):
    client, made = book_client
    page = client.get("/")
    assert page.status_code == 200
    for i in range(10 * len(FAULTS)):
        if i % 10:
            assert f"Pinecone Bakery {i}<" in page.text
    keys = set(re.findall(r'href="/accounts/([^"/]+)"', page.text))
    assert len(keys) == len(made)
    for key in keys:
        assert client.get(f"/accounts/{key}").status_code < 500, key
