"""What fits a slide: pages of bullets and of table rows keep every item, in order, each page within its box."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generator.render.deck.fit import FILL, LINE, PARAGRAPH_GAP, bullet_pages, lines, row_height, table_pages
from generator.render.deck.model import Table

texts = st.text(alphabet=st.sampled_from("abc defghij 日本語の文章 ,.-"), max_size=300)


@given(st.lists(texts, max_size=30), st.floats(200, 900), st.floats(100, 500))
def test_bullet_pages_keep_every_point_and_fit_their_box(bullets, width, height):
    pages = bullet_pages(bullets, width, height, 20)
    assert [b for page in pages for b in page] == bullets
    for page in pages:
        used = sum(lines(b, width - 20, 20) * LINE * 20 + PARAGRAPH_GAP * 20 for b in page)
        assert used <= height * FILL or len(page) == 1  # a point longer than a page has a page of its own


@given(st.lists(st.lists(texts, min_size=3, max_size=3), max_size=40), st.floats(300, 900), st.floats(100, 400))
def test_table_pages_keep_every_row_under_a_repeated_header(rows, width, height):
    table = Table(["Use case", "Owner", "Dates"], rows, [3, 2, 1])
    pages = table_pages(table, width, height, 12)
    assert [r for page in pages for r in page.rows] == rows
    widths = [width * 3 / 6, width * 2 / 6, width / 6]
    for page in pages:
        assert page.header == table.header
        used = row_height(page.header, widths, 12) + sum(row_height(r, widths, 12) for r in page.rows)
        assert used <= height * FILL or len(page.rows) == 1


def test_a_wide_script_takes_more_room_than_latin_of_as_many_characters():
    assert lines("日本語" * 20, 200, 12) > lines("abc" * 20, 200, 12)
    assert lines("one\ntwo", 500, 12) == 2
