"""Fuzzing: generated account files and CSV rows, valid and not, through the commands and the web app's book.

Whatever comes in, the answer is exit status 0 or 2 (with the file named), a book page that
opens, never a traceback and never a 500.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import re
from collections.abc import Iterable, Iterator
from datetime import date

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from conftest import LIBRARY_ARGS, ROOT
from generator.batch.pool import Outcome, Task
from generator.batch.run import OUTPUTS, collect, run_batch
from generator.cli import main
from generator.errors import UserError
from generator.generate import checks
from generator.inputs.csv_accounts import export_csv
from generator.inputs.loader import load_account, load_library
from generator.web.app import create_app
from generator.web.book import Settings

AS_OF = date(2026, 11, 22)
SAMPLES = sorted((ROOT / "accounts").glob("*.yaml"))
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])

# Values a careless or hostile file could hold in any field.
odd_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.integers(10**20, 10**40),
                    st.floats(allow_nan=True), odd_text, st.dates().map(str),
                    st.sampled_from(["", " ", "adopted", "piloting", "2027-02-30", "99999-01-01", "-1", "1e9",
                                     "de-DR", "zz-ZZ", "²", "٣", "\x1b[31m", "\u202e", "'+1", "=cmd"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(odd_text, inner, max_size=3)), max_leaves=8)


def _paths(data: object, prefix: tuple = ()) -> list[tuple]:
    """Every place in a parsed account a value sits, so a mutation can reach each field."""
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _paths(value, (*prefix, i))
    return found


def _set(data: object, path: tuple, value: object) -> None:
    for step in path[:-1]:
        data = data[step]  # type: ignore[index]
    if value is _DROP and isinstance(data, dict):
        del data[path[-1]]
    elif value is not _DROP:
        data[path[-1]] = value  # type: ignore[index]


_DROP = object()


@st.composite
def account_files(draw: st.DrawFn) -> bytes:
    """A sample account with a few fields changed, dropped or added, then perhaps its text mangled."""
    data = yaml.safe_load(draw(st.sampled_from(SAMPLES)).read_text())
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(data)))
        _set(data, path, draw(st.one_of(values, st.just(_DROP))))
    if draw(st.booleans()):
        data[draw(odd_text)] = draw(values)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if draw(st.integers(0, 3)) == 0:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.text(max_size=5)) + text[at:]
    raw = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 7)) == 0:
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.binary(min_size=1, max_size=3)) + raw[at:]
    return raw


def _run(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main([*argv, *LIBRARY_ARGS])
    return status, err.getvalue()


@FUZZ
@given(raw=account_files())
def test_plan_answers_every_account_file_with_a_plan_or_located_problems(tmp_path, raw):
    path = tmp_path / "account.yaml"
    path.write_bytes(raw)
    status, err = _run("plan", str(path), "--as-of", AS_OF.isoformat(), "--json")
    assert status in (0, 2), err
    if status == 2:
        assert "account.yaml" in err, err
        assert "nothing was written" in err, err
        assert "Traceback" not in err


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzzbook")
    (folder / "pinecone.yaml").write_bytes((ROOT / "accounts" / "pinecone-bakery.yaml").read_bytes())
    app = create_app(Settings(accounts=folder, usecases=ROOT / "usecases", playbooks=ROOT / "playbooks",
                              output=folder.parent / "fuzzout", as_of=AS_OF, upload_limit=200_000, jobs=1),
                     hosts={"testserver"})
    with TestClient(app, raise_server_exceptions=False) as client:
        yield folder, client, itertools.count()


@FUZZ
@given(raw=account_files())
def test_the_book_page_opens_whatever_an_account_file_holds(book, raw):
    folder, client, count = book
    path = folder / f"fuzzed-{next(count)}.yaml"
    path.write_bytes(raw)
    try:
        page = client.get("/")
        assert page.status_code == 200
        assert "Pinecone Bakery Co." in page.text  # the good account next to it is still listed
        for key in set(re.findall(r'href="/accounts/([^"/]+)"', page.text)):
            assert client.get(f"/accounts/{key}").status_code < 500, key
    finally:
        path.unlink()


def _export() -> tuple[list[str], list[dict[str, str]]]:
    library = load_library(ROOT / "usecases", ROOT / "playbooks")
    accounts = [load_account(p, library) for p in SAMPLES[:3]]
    rows = list(csv.DictReader(io.StringIO(export_csv(accounts, library.map))))
    return list(rows[0]), rows


HEADER, ROWS = _export()


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    rows = [dict(r) for r in ROWS]
    for _ in range(draw(st.integers(1, 4))):
        row = draw(st.sampled_from(rows))
        row[draw(st.sampled_from(HEADER))] = draw(st.one_of(odd_text, scalars.map(str)))
    out = io.StringIO()
    writer = csv.DictWriter(out, HEADER, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


def _fake_runner(tasks: Iterable[Task]) -> Iterator[Outcome]:
    """Renders nothing: reading and checking the rows is what is fuzzed here."""
    for task in tasks:
        yield Outcome(task.index, True, dict.fromkeys(OUTPUTS, b"-"), seconds=0.0)


@FUZZ
@given(data=csv_files())
def test_every_csv_row_is_an_account_or_a_located_problem(tmp_path, shipped, data):
    path = tmp_path / "crm.csv"
    path.write_bytes(data)
    try:
        entries = collect(path, shipped)
    except UserError as exc:  # the file as a whole (its header, its encoding) is refused, with where
        refused = exc.problems
    else:
        refused = ()
    assert all("crm.csv" in str(p) for p in refused)
    if refused:
        return
    entries = run_batch(entries, tmp_path / "out", library=shipped, shared="fuzz", as_of=AS_OF, force=True,
                        runner=_fake_runner, checks=checks(shipped, AS_OF))
    for entry in entries:
        assert entry.status in ("generated", "failed")
        if entry.status == "failed":
            assert re.search(r"crm\.csv:row \d+", entry.source), entry


@FUZZ
@given(data=csv_files())
def test_an_uploaded_csv_is_a_book_or_a_page_of_problems(book, data):
    _, client, _ = book
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/").text)
    assert token
    answer = client.post("/book/upload", data={"csrf": token.group(1)},
                         files={"csv": ("crm.csv", data, "text/csv")}, follow_redirects=True)
    assert answer.status_code in (200, 422), answer.text[:300]
    for key in sorted(set(re.findall(r'href="/accounts/([^"/]+)"', answer.text)))[:3]:
        assert client.get(f"/accounts/{key}").status_code < 500, key
