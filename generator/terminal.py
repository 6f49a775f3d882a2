"""Text for a person at a terminal: characters the terminal would act on are written out, not obeyed.

Only text for a person is escaped, and only on a terminal: a pipe or a file gets every byte as it is, so
that JSON, CSV and drawings stay data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TextIO, cast

# Characters a terminal would act on rather than show. C0 controls but newline and tab: carriage return,
# backspace, vertical tab and form feed move the cursor and let account text overwrite what was written (the
# progress line writes its own carriage return, past this). DEL and the C1 controls: U+0085 is a newline to
# some terminals and U+009B starts a command. The Unicode line and paragraph separators, and the bidi controls
# that can make a line read differently than it is.
_ACTING = ({c for c in range(0x20) if chr(c) not in "\n\t"} | {0x7F} | set(range(0x80, 0xA0))
           | {0x061C, 0x200E, 0x200F, 0x2028, 0x2029} | set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)))
_SHOWN = {c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}" for c in _ACTING}


def for_terminal(text: str) -> str:
    """``text`` with every character a terminal would act on written out as an escape (ESC shows as \\x1b)."""
    return text.translate(_SHOWN)


def as_is(text: str) -> str:
    """``text`` unchanged: what a pipe or a file is sent."""
    return text


def is_terminal(stream: object) -> bool:
    """Whether a person is reading ``stream`` at a terminal; a closed or odd stream is not one."""
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False


class _Shown:
    """A stream that shows account text instead of letting the terminal act on it."""

    def __init__(self, stream: TextIO):
        self.plain = stream

    def write(self, text: str) -> int:
        return self.plain.write(for_terminal(text))

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.plain, name)


def for_person(stream: TextIO) -> TextIO:
    """``stream`` escaping what a terminal would act on when it is a terminal, else ``stream`` itself."""
    return cast(TextIO, _Shown(stream)) if is_terminal(stream) else stream


def plain(stream: TextIO) -> TextIO:
    """The stream under :func:`for_person`'s escaping, for data and for the progress line's own controls."""
    return stream.plain if isinstance(stream, _Shown) else stream


def shown_on(stream: TextIO) -> Callable[[str], str]:
    """How account text is written to ``stream``: escaped on a terminal, as it is elsewhere."""
    return for_terminal if is_terminal(stream) else as_is
