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

from ..errors import UserError
from ..terminal import for_person
from .args import build_parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    out, err = sys.stdout, sys.stderr
    # Set before parsing: a usage error quotes what was typed, and a terminal must not obey it either.
    sys.stdout, sys.stderr = for_person(out), for_person(err)
    # SIGTERM stops a run the way Ctrl-C does: temporary files removed, workers stopped, nothing half-written.
    main_thread = threading.current_thread() is threading.main_thread()  # only there can a handler be set
    terminate = signal.signal(signal.SIGTERM, _interrupt) if main_thread else None
    try:
        args = build_parser().parse_args(argv)
        logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                            format="%(levelname)s %(name)s: %(message)s")
        return _run(args)
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, terminate)
        sys.stdout, sys.stderr = out, err


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.func(args))
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
