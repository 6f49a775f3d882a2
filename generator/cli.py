"""The ``playbook`` command: a thin face over load, map, plan and render.

Only this module prints or configures logging. User errors exit with status 2 and a
located message; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from . import __version__
from .errors import UserError
from .inputs.fields import FIRST_DAY, LAST_DAY
from .inputs.loader import Library, load_library

if TYPE_CHECKING:  # the faces import their stages lazily, so that --help stays fast
    from .inputs.theme import LoadedTheme

log = logging.getLogger(__name__)


def _library(args: argparse.Namespace) -> Library:
    library = load_library(Path(args.usecases), Path(args.playbooks))
    for warning in library.warnings:
        print(warning, file=sys.stderr)
    return library


def cmd_validate(args: argparse.Namespace) -> int:
    library = _library(args)
    umap = library.map
    print(f"ok: {len(umap.use_cases)} use cases in {len(umap.personas)} personas, "
          f"{umap.graph.number_of_edges()} requires edges, {len(library.playbooks)} playbooks"
          + (f", {len(library.warnings)} warning(s)" if library.warnings else ""))
    if args.lang:
        texts = umap.translation_texts(args.lang) + [
            (segment, path, library.playbook_files[segment], done)
            for segment, book in sorted(library.playbooks.items()) for path, done in book.translation_texts(args.lang)]
        missing = [(item_id, field, location) for item_id, field, location, done in texts if not done]
        for item_id, field, location in missing:
            print(f"{location}: {item_id}.{field}: no '{args.lang}' translation; documents in it use the English")
        print(f"'{args.lang}': {len(texts) - len(missing)} of {len(texts)} library texts translated, "
              f"{len(missing)} missing")
    return 0


def cmd_map(args: argparse.Namespace) -> int:
    from .render.mapdraw import draw

    text = draw(_library(args).map, args.format)
    _emit(text, args.output)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import write_schemas

    for path in write_schemas(Path(args.output)):
        print(path)
    return 0


def cmd_plan(args: argparse.Namespace) -> int:
    from .history import read_plan_for
    from .inputs.loader import load_account
    from .plan.planner import plan
    from .render.text import plan_text

    library = _library(args)
    account = load_account(Path(args.account), library)
    previous = read_plan_for(Path(args.since), account) if args.since else None
    result = plan(library.map, library.playbooks[account.segment], account, as_of=args.as_of or date.today(),
                  previous=previous)
    _emit(result.model_dump_json(indent=2) + "\n" if args.json else plan_text(result, reasons=not args.brief),
          args.output)
    return 0


def _theme(args: argparse.Namespace) -> LoadedTheme | None:
    from .inputs.theme import load_theme

    return load_theme(Path(args.theme)) if args.theme else None


def cmd_generate(args: argparse.Namespace) -> int:
    from .generate import generate
    from .render.fingerprint import shared_fingerprint

    library = _library(args)
    theme = _theme(args)
    shared = shared_fingerprint(Path(args.usecases), Path(args.playbooks), theme.folder if theme else None)
    for written in generate([Path(a) for a in args.accounts], library, Path(args.output), args.as_of or date.today(),
                            shared=shared, since=Path(args.since) if args.since else None, theme=theme):
        print(written)
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    import time

    from .batch.pool import Limits
    from .batch.progress import Progress
    from .batch.report import counts_line, report, report_table, write_report
    from .batch.run import Runner, collect, local_runner, run_batch
    from .files import output_lock
    from .generate import checks
    from .render.fingerprint import shared_fingerprint

    library = _library(args)
    theme = _theme(args)
    as_of, out_dir = args.as_of or date.today(), Path(args.output)
    account_checks = checks(library, as_of, theme)
    entries = collect(Path(args.source), library, account_checks)
    limits = Limits(seconds=args.time_limit, memory_mb=args.memory_limit, recycle_after=args.recycle_after)
    runner: Runner
    if args.scheduler:
        from .batch.dask import dask_runner

        runner = dask_runner(args.scheduler, library, as_of, limits, connect_timeout=args.scheduler_timeout)
    else:
        runner = local_runner(library, as_of, args.jobs, limits)
    start = time.perf_counter()
    with output_lock(out_dir):
        shared = shared_fingerprint(Path(args.usecases), Path(args.playbooks), theme.folder if theme else None)
        run_batch(entries, out_dir, shared=shared, as_of=as_of, force=args.force, runner=runner,
                  on_update=Progress(len(entries)), library=library, theme=theme, checks=account_checks)
    data = report(entries, as_of=as_of, seconds=time.perf_counter() - start, jobs=args.jobs)
    print(report_table(entries))
    print(counts_line(data, write_report(out_dir, data)))
    return 1 if data["counts"]["failed"] else 0


def cmd_export_csv(args: argparse.Namespace) -> int:
    from .generate import load_accounts
    from .inputs.csv_accounts import export_csv

    library = _library(args)
    accounts = load_accounts([Path(a) for a in args.accounts], library)
    _emit(export_csv([a for _, a in accounts], library.map), args.output)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .batch.pool import Limits
    from .web.book import Settings
    from .web.serve import serve

    theme = _theme(args)
    settings = Settings(Path(args.accounts), Path(args.usecases), Path(args.playbooks), Path(args.output), theme,
                        args.as_of, int(args.upload_limit * 1_000_000), args.jobs,
                        Limits(seconds=args.time_limit, memory_mb=args.memory_limit))
    return serve(settings, args.host, args.port)


def _emit(text: str, output: str | None) -> None:
    """Write to a file atomically, or to stdout when no file is named."""
    if output is None or output == "-":
        sys.stdout.write(text)
        return
    from .files import write_atomic

    write_atomic(Path(output), text.encode("utf-8"))
    print(output, file=sys.stderr)


def parse_language(text: str) -> str:
    """Argument type for --lang: a two-letter language code."""
    if len(text) != 2 or not text.isascii() or not text.isalpha():
        raise argparse.ArgumentTypeError(f"expected a two-letter language code such as de, fr or ja, got {text!r}")
    return text.lower()


def parse_date(text: str) -> date:
    """Argument type for --as-of: an ISO date inside the window account dates may use."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise argparse.ArgumentTypeError(f"expected a date from {FIRST_DAY} to {LAST_DAY}, got {text!r}")
    return day


def _plain(number: float) -> str:
    return f"{int(number):,}" if float(number).is_integer() else f"{number:g}"


def bounded(kind: type[int] | type[float], low: float, high: float) -> Callable[[str], float]:
    """Argument type for a number from ``low`` to ``high``: 'inf', 'nan' and absurd values are usage errors."""
    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a {'whole ' if kind is int else ''}number, got {text!r}") \
                from None
        if not low <= value <= high:  # also false for nan
            raise argparse.ArgumentTypeError(f"expected a number from {_plain(low)} to {_plain(high)}, got {text!r}")
        return value
    return parse


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--usecases", default="usecases", metavar="DIR",
                        help="use-case library folder (default: ./usecases)")
    common.add_argument("--playbooks", default="playbooks", metavar="DIR",
                        help="segment playbooks folder (default: ./playbooks)")
    common.add_argument("-v", "--verbose", action="store_true", help="log what each stage does")

    parser = argparse.ArgumentParser(prog="playbook", description="Use-case maturation roadmaps and council charters.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", parents=[common], help="check the library and playbooks, listing every problem")
    p.add_argument("--lang", type=parse_language, metavar="XX",
                   help="also list the use cases and personas with no translation into this language (de, fr, ja)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("map", parents=[common], help="draw the use-case map")
    p.add_argument("--format", choices=["svg", "dot", "mermaid"], default="svg")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(func=cmd_map)

    p = sub.add_parser("schema", parents=[common], help="write JSON Schemas for the YAML files")
    p.add_argument("-o", "--output", metavar="DIR", default="schemas")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("plan", parents=[common], help="plan an account's year and print it")
    p.add_argument("account", metavar="ACCOUNT.yaml")
    p.add_argument("--as-of", type=parse_date, metavar="YYYY-MM-DD", help="plan as of this date (default: today)")
    p.add_argument("--json", action="store_true", help="print the whole plan as JSON (the plan.json contract)")
    p.add_argument("--brief", action="store_true", help="leave out the reasons")
    p.add_argument("--since", metavar="PLAN.json", help="the plan made for the last QBR, to say what changed since")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(func=cmd_plan)

    p = sub.add_parser("generate", parents=[common], help="write the roadmap and charter PDFs and plan.json")
    p.add_argument("accounts", nargs="+", metavar="ACCOUNT.yaml")
    p.add_argument("-o", "--output", metavar="DIR", default="output", help="output folder (default: ./output)")
    p.add_argument("--as-of", type=parse_date, metavar="YYYY-MM-DD", help="plan as of this date (default: today)")
    p.add_argument("--since", metavar="PLAN.json", help="the plan made for the last QBR (default: the latest one kept "
                                                        "in the account's history/ folder, if any)")
    p.add_argument("--theme", metavar="DIR", help="a theme folder: theme.yaml, the sender's logo, customers/ logos")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("batch", parents=[common], help="generate the documents for a whole book of accounts")
    p.add_argument("source", metavar="SOURCE", help="a folder of account YAML files, or a CSV export from a CRM")
    p.add_argument("-o", "--output", metavar="DIR", default="output", help="output folder (default: ./output)")
    p.add_argument("-j", "--jobs", type=bounded(int, 1, 256), default=os.cpu_count() or 1, metavar="N",
                   help="worker processes (default: one per core)")
    p.add_argument("--as-of", type=parse_date, metavar="YYYY-MM-DD", help="plan as of this date (default: today)")
    p.add_argument("--force", action="store_true", help="render every account, even those whose inputs are unchanged")
    p.add_argument("--theme", metavar="DIR", help="a theme folder: theme.yaml, the sender's logo, customers/ logos")
    p.add_argument("--time-limit", type=bounded(float, 1, 86_400), default=300, metavar="SECONDS",
                   help="per account, 1 to 86400 (default: 300)")
    p.add_argument("--memory-limit", type=bounded(int, 64, 1_048_576), default=2048, metavar="MB",
                   help="memory of its own each worker may use (its unique set size, measured five times a "
                        "second), 64 to 1048576 (default: 2048)")
    p.add_argument("--recycle-after", type=bounded(int, 1, 1_000_000), default=200, metavar="N",
                   help="start a fresh worker after N accounts (default: 200)")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="run on an existing Dask distributed cluster")
    p.add_argument("--scheduler-timeout", type=bounded(float, 0.1, 3600), default=15, metavar="SECONDS",
                   help="how long to wait for the Dask scheduler to answer (default: 15)")
    p.set_defaults(func=cmd_batch)

    _serve_parser(sub, common)

    p = sub.add_parser("export-csv", parents=[common],
                       help="write the CSV template (every column the importer reads), "
                            "with rows for any accounts given")
    p.add_argument("accounts", nargs="*", metavar="ACCOUNT.yaml")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(func=cmd_export_csv)
    return parser


def _serve_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("serve", parents=[common], help="work in the browser: the book, plans, decisions, documents")
    p.add_argument("accounts", nargs="?", default="accounts", metavar="ACCOUNTS",
                   help="folder of account YAML files (default: ./accounts)")
    p.add_argument("-o", "--output", metavar="DIR", default="output", help="output folder (default: ./output)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=bounded(int, 0, 65_535), default=8000,
                   help="port (default: 8000; 0 picks a free one)")
    p.add_argument("--as-of", type=parse_date, metavar="YYYY-MM-DD", help="plan as of this date (default: today)")
    p.add_argument("--theme", metavar="DIR", help="a theme folder: theme.yaml, the sender's logo, customers/ logos")
    p.add_argument("-j", "--jobs", type=bounded(int, 1, 256), default=os.cpu_count() or 1, metavar="N",
                   help="worker processes for rendering (default: one per core)")
    p.add_argument("--upload-limit", type=bounded(float, 0.01, 256), default=5, metavar="MB",
                   help="largest CSV export that may be uploaded (default: 5)")
    p.add_argument("--time-limit", type=bounded(float, 1, 86_400), default=300, metavar="SECONDS",
                   help="per account, 1 to 86400 (default: 300)")
    p.add_argument("--memory-limit", type=bounded(int, 64, 1_048_576), default=2048, metavar="MB",
                   help="memory of its own each render worker may use (default: 2048)")
    p.set_defaults(func=cmd_serve)


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


if __name__ == "__main__":
    sys.exit(main())
