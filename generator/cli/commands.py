"""What each ``playbook`` command does, once its arguments are parsed: load, plan or render, then print."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..inputs.loader import Library, load_library
from ..terminal import plain, shown_on

if TYPE_CHECKING:  # the faces import their stages lazily, so that --help stays fast
    from ..batch.run import Entry, Measure
    from ..inputs.models import Account
    from ..inputs.theme import LoadedTheme
    from ..render.formats import Outputs
    from ..usage.read import Engine


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
    from ..usage.library import load_metrics, metrics_path

    if metrics_path(Path(args.usecases)).is_file():  # the usage metrics are optional until --usage is given
        metrics = load_metrics(Path(args.usecases), umap)
        print(f"ok: {len(metrics.metrics)} usage metrics, {len(metrics.evidence)} evidence rules")
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
    from ..render.mapdraw import draw

    _emit(draw(_library(args).map, args.format), args.output, data=True)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from ..schema import write_schemas

    for path in write_schemas(Path(args.output)):
        print(path)
    return 0


def cmd_plan(args: argparse.Namespace) -> int:
    from ..errors import Location, Problem, UserError
    from ..history import read_plan_for
    from ..inputs.loader import display_path, load_account
    from ..plan.budget import PLAN_SECONDS, OverBudget, within
    from ..plan.planner import plan
    from ..render.english import english_texts
    from ..render.text import plan_text

    library = _library(args)
    account = load_account(Path(args.account), library)
    if args.usage:
        account = _measured(args, library, account)
    previous = read_plan_for(Path(args.since), account) if args.since else None
    try:
        with within(PLAN_SECONDS):
            result = plan(library.map, library.playbooks[account.segment], account,
                          as_of=args.as_of or date.today(), previous=previous)
    except OverBudget as exc:
        raise UserError([Problem(Location(display_path(Path(args.account))), str(exc))]) from None
    if args.json:
        _emit(result.model_dump_json(indent=2) + "\n", args.output, data=True)
    else:
        _emit(plan_text(result, reasons=not args.brief, english=english_texts(library, account)), args.output,
              data=False)
    return 0


def _measured(args: argparse.Namespace, library: Library, account: Account) -> Account:
    """The account with the values its usage data measures (``plan --usage``)."""
    from ..errors import Location, Problem, UserError
    from ..inputs.loader import display_path
    from ..usage.book import read_book_usage

    source = display_path(Path(args.account))
    if account.id is None:
        raise UserError([Problem(Location(source), "the account has no id, and usage data is joined on it: add "
                                                   "'id:' with the account's id in the usage files", "id")])
    book = read_book_usage(Path(args.usage), Path(args.usecases), library.map, [(source, account.id)],
                           args.as_of or date.today(), engine=_engine(args))
    _usage_report(book.report())
    return book.derive(account)


def _usage_report(lines: list[str]) -> None:
    for line in lines:  # account ids come from the data: the CLI's stderr shows them, not obeys them, on a terminal
        print(line, file=sys.stderr)


def _theme(args: argparse.Namespace) -> LoadedTheme | None:
    from ..inputs.theme import load_theme

    return load_theme(Path(args.theme)) if args.theme else None


def _outputs(args: argparse.Namespace, theme: LoadedTheme | None) -> Outputs:
    """The files to make: ``--formats``, and the deck's template (``--deck-template``, else the theme's), checked
    before any account is read."""
    from ..render.deck.template import load_template
    from ..render.formats import Outputs

    given = Path(args.deck_template) if args.deck_template else theme.deck_template if theme is not None else None
    template = load_template(given) if given is not None and "pptx" in args.formats else None
    return Outputs(tuple(args.formats), template, args.notes)


def cmd_generate(args: argparse.Namespace) -> int:
    from ..generate import generate
    from ..render.fingerprint import shared_fingerprint

    library = _library(args)
    theme = _theme(args)
    outputs = _outputs(args, theme)
    shared = shared_fingerprint(Path(args.usecases), Path(args.playbooks), theme.folder if theme else None, outputs)
    as_of = args.as_of or date.today()
    usage = (lambda ids: _read_usage(args, library, ids, as_of)) if args.usage else None
    for written in generate([Path(a) for a in args.accounts], library, Path(args.output), as_of,
                            shared=shared, since=Path(args.since) if args.since else None, theme=theme,
                            strict_language=args.strict_language, usage=usage, outputs=outputs):
        print(written)
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    import time

    from ..batch.pool import Limits
    from ..batch.progress import Progress
    from ..batch.report import counts_line, report, report_table, write_report
    from ..batch.run import Runner, collect, local_runner, run_batch
    from ..files import output_lock
    from ..generate import checks
    from ..render.fingerprint import shared_fingerprint

    library = _library(args)
    theme = _theme(args)
    outputs = _outputs(args, theme)
    as_of, out_dir = args.as_of or date.today(), Path(args.output)
    account_checks = checks(library, as_of, theme, strict_language=args.strict_language)
    entries = collect(Path(args.source), library, account_checks)
    measure = _book_usage(args, library, entries, as_of) if args.usage else None
    limits = Limits(seconds=args.time_limit, memory_mb=args.memory_limit, recycle_after=args.recycle_after)
    runner: Runner
    if args.scheduler:
        from ..batch.dask import dask_runner

        runner = dask_runner(args.scheduler, library, as_of, limits, connect_timeout=args.scheduler_timeout)
    else:
        runner = local_runner(library, as_of, args.jobs, limits)
    start = time.perf_counter()
    with output_lock(out_dir):
        shared = shared_fingerprint(Path(args.usecases), Path(args.playbooks), theme.folder if theme else None,
                                    outputs)
        # The progress line writes its own carriage returns, so it gets the stream itself and escapes account text.
        run_batch(entries, out_dir, shared=shared, as_of=as_of, force=args.force, runner=runner,
                  on_update=Progress(len(entries), plain(sys.stderr)), library=library, theme=theme,
                  checks=account_checks, measure=measure, outputs=outputs)
    data = report(entries, as_of=as_of, seconds=time.perf_counter() - start, jobs=args.jobs)
    print(report_table(entries, shown_on(sys.stdout)))
    print(counts_line(data, write_report(out_dir, data)))
    return 1 if data["counts"]["failed"] else 0


def _book_usage(args: argparse.Namespace, library: Library, entries: list[Entry], as_of: date) -> Measure:
    """Read the book's usage once, for every account, and say what was not used (``batch --usage``)."""
    from ..batch.run import entry_id

    return _read_usage(args, library, [(e.source, entry_id(e)) for e in entries if e.status != "failed"], as_of)


def _read_usage(args: argparse.Namespace, library: Library, ids: list[tuple[str, str | None]],
                as_of: date) -> Measure:
    """Read the usage of these accounts (source, id) once, say what was not used, and return what measures one."""
    from ..usage.book import read_book_usage

    book = read_book_usage(Path(args.usage), Path(args.usecases), library.map, ids, as_of, engine=_engine(args))
    _usage_report(book.report())
    return book.derive


def _engine(args: argparse.Namespace) -> Engine:
    """The engine --usage-engine names; Dask's on the batch's cluster (--scheduler) when there is one."""
    from ..usage.read import Engine

    return Engine(args.usage_engine, getattr(args, "scheduler", None))


def cmd_export_csv(args: argparse.Namespace) -> int:
    from ..generate import load_accounts
    from ..inputs.csv_accounts import export_csv

    library = _library(args)
    accounts = load_accounts([Path(a) for a in args.accounts], library)
    _emit(export_csv([a for _, a in accounts], library.map), args.output, data=True)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from ..batch.pool import Limits
    from ..render.deck.template import load_template
    from ..render.formats import Outputs
    from ..web.book import Settings
    from ..web.serve import serve

    theme = _theme(args)
    template = load_template(theme.deck_template) if theme is not None and theme.deck_template else None
    settings = Settings(Path(args.accounts), Path(args.usecases), Path(args.playbooks), Path(args.output), theme,
                        args.as_of, int(args.upload_limit * 1_000_000), args.jobs,
                        Limits(seconds=args.time_limit, memory_mb=args.memory_limit),
                        Path(args.usage) if args.usage else None, Outputs(deck_template=template),
                        args.usage_engine)
    return serve(settings, args.host, args.port)


def _emit(text: str, output: str | None, *, data: bool) -> None:
    """Write to a file atomically, or to stdout when no file is named.

    Data (JSON, CSV, a drawing) reaches stdout as the UTF-8 bytes a file would hold, terminal or not, so that
    piping it equals writing it with -o; text for a person is shown, not obeyed, on a terminal.
    """
    if output is None or output == "-":
        if data:
            _stdout(text)
        else:
            sys.stdout.write(text)
        return
    from ..files import write_atomic

    write_atomic(Path(output), text.encode("utf-8"))
    print(output, file=sys.stderr)


def _stdout(data: str) -> None:
    stream = plain(sys.stdout)
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a stream of text only, such as io.StringIO
        stream.write(data)
        return
    stream.flush()  # what was printed before goes first
    buffer.write(data.encode("utf-8"))
    buffer.flush()

