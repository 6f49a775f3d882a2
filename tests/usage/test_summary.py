"""An account's rows in the book's summary are its own: each account's slice of the sorted table."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.usage.summary import _ranges


def _check(ids: list[str], table: pa.Table) -> None:
    ranges = _ranges(table)
    assert sorted(ranges) == sorted(set(ids))
    for account_id, (start, length) in ranges.items():
        assert set(ids[start:start + length]) == {account_id}
    assert sum(length for _, length in ranges.values()) == len(ids)


@pytest.mark.parametrize("form", ["text", "dictionary", "chunks"])
def test_every_account_gets_its_own_rows_among_ten_thousand(form):
    """Arrow's group_by returned some of these 10,000 accounts out of order (37 got another's rows)."""
    ids = sorted(f"ACC-{i % 10_000:05d}" for i in range(521_417))
    column = {"text": pa.array(ids), "dictionary": pa.array(ids).dictionary_encode(),
              "chunks": pa.chunked_array([ids[:1_000], ids[1_000:]])}[form]
    _check(ids, pa.table({"account_id": column}))


@given(st.lists(st.text(min_size=1, max_size=4), max_size=200))
def test_any_sorted_ids(ids):
    ids = sorted(ids)
    _check(ids, pa.table({"account_id": pa.array(ids, pa.string())}))


def test_rows_of_an_account_apart_are_refused():
    with pytest.raises(ValueError, match="not together"):
        _ranges(pa.table({"account_id": ["a", "b", "a"]}))
