"""The ``playbook`` command: a thin face over load, map, plan and render.

Only this package prints or configures logging. User errors exit with status 2 and a
located message; anything else is a bug and keeps its traceback. ``args`` builds the
parser, ``commands`` does each command's work, and this module runs one.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any, TextIO

from ..errors import UserError
from .args import build_parser

# Characters a terminal would act on rather than show: C0 and C1 controls (newline, tab and carriage return stay, the
# progress line needs them) and the bidi overrides that can make a line read differently than it is.
_ACTING = {c for c in range(0x20) if chr(c) not in "\n\t\r"} | {0x7F} | set(range(0x80, 0xA0)) | \
    set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))
_SHOWN = {c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}" for c in _ACTING}


def for_terminal(text: str) -> str:
    """``text`` with every character a terminal would act on written out as an escape (ESC shows as \\x1b)."""
    return text.translate(_SHOWN)


class _Shown:
    """A stream that shows account text instead of letting the terminal act on it."""

    def __init__(self, stream: TextIO):
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(for_terminal(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Shown(out), _Shown(err)
    # SIGTERM stops a run the way Ctrl-C does: temporary files removed, workers stopped, nothing half-written.
    main_thread = threading.current_thread() is threading.main_thread()  # only there can a handler be set
    terminate = signal.signal(signal.SIGTERM, _interrupt) if main_thread else None
    try:
        return _run(args)
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, terminate)
        sys.stdout, sys.stderr = out, err


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _run(args: argparse.Namespace) -> int:
    try:
        return args.func(args)
    except UserError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        count = len(exc.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.", file=sys.stderr)
        return 2
    except OSError as exc:  # the output folder cannot be written: the environment, not a bug
        where = exc.filename or args.__dict__.get("output") or ""
        print(f"{where}: cannot write: {exc.strerror or exc}; nothing half-written was left behind.", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; nothing half-written was left behind.", file=sys.stderr)
        return 130
