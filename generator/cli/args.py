"""The ``playbook`` command's arguments: the parser, and the types that turn a bad option into a usage error."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from .. import __version__
from ..inputs.fields import FIRST_DAY, LAST_DAY
from . import commands as cmd

# The ways a Dask client reaches a scheduler that a batch can use: plain TCP, or TLS set up in Dask's own config.
SCHEDULER_SCHEMES = ("tcp", "tls")
THEME_HELP = "a theme folder: theme.yaml, the sender's logo, customers/ logos"
AS_OF_HELP = "plan as of this date (default: today)"
STRICT_LANGUAGE_HELP = ("refuse an account whose documents would print library texts in English for want of a "
                        "translation into its language (playbook validate --lang lists them)")
USAGE_HELP = ("product usage data (docs/usage.md): a .csv, .parquet or Segment .jsonl file, or a folder of them; "
              "the values it measures replace the typed ones")
USAGE_ENGINES = ("duckdb", "arrow", "dask")  # generator.usage.read.ENGINES, without importing the reader here
USAGE_ENGINE_HELP = ("what reads --usage's CSV and Parquet files: duckdb (default: in this process, all files in one "
                     "query), arrow (batch by batch, least memory) or dask (Dask DataFrame: on the cluster "
                     "--scheduler names, where the command has it, else on threads here)")


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


def parse_scheduler(text: str) -> str:
    """Argument type for --scheduler: tcp://HOST:PORT or tls://HOST:PORT, checked before any connection is tried."""
    expected = f"expected tcp://HOST:PORT or tls://HOST:PORT with a port from 1 to 65,535, got {text!r}"
    try:
        parts = urlsplit(text)
        port = parts.port  # raises for a port that is not a number from 0 to 65535
    except ValueError:
        raise argparse.ArgumentTypeError(expected) from None
    extra = parts.path or parts.query or parts.fragment or parts.username or parts.password
    if parts.scheme not in SCHEDULER_SCHEMES or not parts.hostname or not port or extra or not text.isascii():
        raise argparse.ArgumentTypeError(expected)
    return text


def parse_formats(text: str) -> tuple[str, ...]:
    """Argument type for --formats: some of pdf, pptx and docx, comma-separated."""
    from ..errors import UserError
    from ..render.formats import parse_formats as formats

    try:
        return formats(text)
    except UserError as exc:
        raise argparse.ArgumentTypeError(exc.problems[0].message) from None


def _outputs(p: argparse.ArgumentParser) -> None:
    """The options that choose the files: formats, the deck's template, speaker notes."""
    from ..render.formats import FORMATS

    p.add_argument("--formats", type=parse_formats, default=FORMATS, metavar="LIST",
                   help="the files to make, comma-separated: pdf (roadmap and charter), pptx (the QBR deck), "
                        "docx (the charter in Word); default: all")
    p.add_argument("--deck-template", metavar="FILE.pptx",
                   help="the organisation's PowerPoint template with the layouts 'QBR Title', 'QBR Content' and "
                        "'QBR Visual' (default: the theme's deck_template, else the shipped one)")
    p.add_argument("--notes", action="store_true", help="give the deck speaker notes: the reasons and talking points")


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
    for add in (_library_parsers, _plan_parser, _generate_parser, _batch_parser, _serve_parser, _export_parser):
        add(sub, common)
    return parser


def _library_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("validate", parents=[common], help="check the library and playbooks, listing every problem")
    p.add_argument("--lang", type=parse_language, metavar="XX",
                   help="also list the use cases and personas with no translation into this language (de, fr, ja)")
    p.set_defaults(func=cmd.cmd_validate)

    p = sub.add_parser("map", parents=[common], help="draw the use-case map")
    p.add_argument("--format", choices=["svg", "dot", "mermaid"], default="svg")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(func=cmd.cmd_map)

    p = sub.add_parser("schema", parents=[common], help="write JSON Schemas for the YAML files")
    p.add_argument("-o", "--output", metavar="DIR", default="schemas")
    p.set_defaults(func=cmd.cmd_schema)


def _plan_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("plan", parents=[common], help="plan an account's year and print it")
    p.add_argument("account", metavar="ACCOUNT.yaml")
    p.add_argument("--as-of", type=parse_date, metavar="YYYY-MM-DD", help=AS_OF_HELP)
    p.add_argument("--json", action="store_true", help="print the whole plan as JSON (the plan.json contract)")
    p.add_argument("--brief", action="store_true", help="leave out the reasons")
    p.add_argument("--since", metavar="PLAN.json", help="the plan made for the last QBR, to say what changed since")
    _usage(p)
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(func=cmd.cmd_plan)


def _generate_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("generate", parents=[common], help="write the roadmap and charter PDFs and plan.json")
    p.add_argument("accounts", nargs="+", metavar="ACCOUNT.yaml")
    p.add_argument("-o", "--output", metavar="DIR", default="output", help="output folder (default: ./output)")
    p.add_argument("--as-of", type=parse_date, metavar="YYYY-MM-DD", help=AS_OF_HELP)
    p.add_argument("--since", metavar="PLAN.json", help="the plan made for the last QBR (default: the latest one kept "
                                                        "in the account's history/ folder, if any)")
    p.add_argument("--theme", metavar="DIR", help=THEME_HELP)
    p.add_argument("--strict-language", action="store_true", help=STRICT_LANGUAGE_HELP)
    _usage(p)
    _outputs(p)
    p.set_defaults(func=cmd.cmd_generate)


def _batch_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("batch", parents=[common], help="generate the documents for a whole book of accounts")
    p.add_argument("source", metavar="SOURCE", help="a folder of account YAML files, or a CSV export from a CRM")
    p.add_argument("-o", "--output", metavar="DIR", default="output", help="output folder (default: ./output)")
    p.add_argument("-j", "--jobs", type=bounded(int, 1, 256), default=os.cpu_count() or 1, metavar="N",
                   help="worker processes (default: one per core)")
    p.add_argument("--as-of", type=parse_date, metavar="YYYY-MM-DD", help=AS_OF_HELP)
    p.add_argument("--force", action="store_true", help="render every account, even those whose inputs are unchanged")
    _usage(p)
    p.add_argument("--theme", metavar="DIR", help=THEME_HELP)
    p.add_argument("--strict-language", action="store_true", help=STRICT_LANGUAGE_HELP)
    p.add_argument("--time-limit", type=bounded(float, 1, 86_400), default=300, metavar="SECONDS",
                   help="per account, 1 to 86400 (default: 300)")
    p.add_argument("--memory-limit", type=bounded(int, 64, 1_048_576), default=2048, metavar="MB",
                   help="memory of its own each worker may use (its unique set size, measured five times a "
                        "second), 64 to 1048576 (default: 2048)")
    p.add_argument("--recycle-after", type=bounded(int, 1, 1_000_000), default=200, metavar="N",
                   help="start a fresh worker after N accounts (default: 200)")
    p.add_argument("--scheduler", type=parse_scheduler, metavar="tcp://HOST:PORT",
                   help="run on an existing Dask distributed cluster (tls://HOST:PORT with Dask's TLS config)")
    p.add_argument("--scheduler-timeout", type=bounded(float, 0.1, 3600), default=15, metavar="SECONDS",
                   help="how long to wait for the Dask scheduler to answer (default: 15)")
    _outputs(p)
    p.set_defaults(func=cmd.cmd_batch)


def _usage(p: argparse.ArgumentParser, usage_help: str = USAGE_HELP) -> None:
    """--usage and the engine that reads it, on every command that plans from usage data."""
    p.add_argument("--usage", metavar="PATH", help=usage_help)
    p.add_argument("--usage-engine", choices=USAGE_ENGINES, default="duckdb", help=USAGE_ENGINE_HELP)


def _serve_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("serve", parents=[common], help="work in the browser: the book, plans, decisions, documents")
    p.add_argument("accounts", nargs="?", default="accounts", metavar="ACCOUNTS",
                   help="folder of account YAML files (default: ./accounts)")
    p.add_argument("-o", "--output", metavar="DIR", default="output", help="output folder (default: ./output)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=bounded(int, 0, 65_535), default=8000,
                   help="port (default: 8000; 0 picks a free one)")
    p.add_argument("--as-of", type=parse_date, metavar="YYYY-MM-DD", help=AS_OF_HELP)
    p.add_argument("--theme", metavar="DIR", help=THEME_HELP)
    p.add_argument("-j", "--jobs", type=bounded(int, 1, 256), default=os.cpu_count() or 1, metavar="N",
                   help="worker processes for rendering (default: one per core)")
    _usage(p, USAGE_HELP + "; a CSM may upload another in the page")
    p.add_argument("--upload-limit", type=bounded(float, 0.01, 256), default=5, metavar="MB",
                   help="largest CSV export or usage file that may be uploaded (default: 5)")
    p.add_argument("--time-limit", type=bounded(float, 1, 86_400), default=300, metavar="SECONDS",
                   help="per account, 1 to 86400 (default: 300)")
    p.add_argument("--memory-limit", type=bounded(int, 64, 1_048_576), default=2048, metavar="MB",
                   help="memory of its own each render worker may use (default: 2048)")
    p.set_defaults(func=cmd.cmd_serve)


def _export_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("export-csv", parents=[common],
                       help="write the CSV template (every column the importer reads), "
                            "with rows for any accounts given")
    p.add_argument("accounts", nargs="*", metavar="ACCOUNT.yaml")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(func=cmd.cmd_export_csv)
