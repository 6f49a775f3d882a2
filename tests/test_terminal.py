"""Text for a terminal: what it would act on is shown, everything else is left as it is."""

from __future__ import annotations

import io

import pytest

from generator.terminal import as_is, for_person, for_terminal, is_terminal, plain, shown_on


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("char", "shown"), [
    ("\r", "\\x0d"),      # carriage return: back to the start of the line, over what was there
    ("\b", "\\x08"),      # backspace
    ("\x0b", "\\x0b"),    # vertical tab
    ("\x0c", "\\x0c"),    # form feed
    ("\x1b", "\\x1b"),    # escape: colours, titles, cursor moves
    ("\x07", "\\x07"),    # bell
    ("\x7f", "\\x7f"),    # delete
    ("\x85", "\\x85"),    # next line, a C1 control
    ("\x9b", "\\x9b"),    # control sequence introducer, a C1 control
    ("\u2028", "\\u2028"),  # line separator
    ("\u202e", "\\u202e"),  # right-to-left override
    ("\u2067", "\\u2067"),  # right-to-left isolate
    ("\u200f", "\\u200f"),  # right-to-left mark
    ("\u061c", "\\u061c"),  # Arabic letter mark
])
def test_characters_a_terminal_acts_on_are_written_out(char, shown):
    assert for_terminal(f"a{char}b") == f"a{shown}b"


@pytest.mark.parametrize("text", ["line\nnext", "col\tcol", "株式会社さくら", "Zoë Ålander", "\\x1b", "שלום"])
def test_what_a_terminal_shows_is_left_as_it_is(text):
    assert for_terminal(text) == text


def test_escaping_twice_changes_nothing_more():
    once = for_terminal("a\r\x1b[2K\u202eb")
    assert for_terminal(once) == once


def test_a_pipe_is_given_the_stream_itself():
    stream = io.StringIO()
    assert for_person(stream) is stream
    assert shown_on(stream) is as_is


def test_a_terminal_is_given_escaping_and_its_stream_stays_reachable():
    stream = Terminal()
    shown = for_person(stream)
    print("Evil\rCorp", file=shown)
    shown.writelines(["\x1b[31m", "\n"])
    assert stream.getvalue() == "Evil\\x0dCorp\n\\x1b[31m\n"
    assert plain(shown) is stream
    assert shown_on(stream) is for_terminal


def test_a_closed_stream_is_no_terminal():
    stream = io.StringIO()
    stream.close()  # isatty() now raises
    assert not is_terminal(stream)
    assert not is_terminal(object())
