"""MkDocs hooks: the reference pages written from the code itself, so they cannot drift from it.

``reference/cli.md`` is written from the ``playbook`` command's argparse parser (generator/cli/args.py) and
``reference/formats.md`` from the JSON Schemas in ``schemas/``, at every build; nothing of them is committed.
It also publishes ``schemas/*.schema.json`` with the site, where the pages' links to them lead.
mkdocs.yml names this file under ``hooks:``; tests/docs/ loads it to check the pages it writes.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the parser documented is this checkout's, whatever else is installed
    sys.path.insert(0, str(ROOT))

CLI_PAGE = "reference/cli.md"
FORMATS_PAGE = "reference/formats.md"
USAGE_WIDTH = 88
# The YAML files people write, in the order a newcomer meets them, then the one file the tool writes.
SCHEMAS = (
    ("usecases", "A persona file", "usecases/*.yaml"),
    ("tools", "Tool groups", "usecases/tools.yaml"),
    ("outcomes", "Outcomes", "usecases/outcomes.yaml"),
    ("metrics", "Usage metrics and evidence rules", "usecases/metrics.yaml"),
    ("playbook", "A segment playbook", "playbooks/*.yaml"),
    ("account", "An account", "accounts/*.yaml"),
    ("theme", "A theme", "themes/*/theme.yaml"),
    ("plan", "The plan the tool writes", "output/<account>/plan.json"),
)


# --- the command line ---------------------------------------------------------------------------------------


def _subcommands(parser: argparse.ArgumentParser) -> Iterator[tuple[str, str, argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, sub in action.choices.items():
                yield name, helps.get(name, ""), sub


def _usage(parser: argparse.ArgumentParser) -> str:
    formatter = argparse.HelpFormatter(parser.prog, width=USAGE_WIDTH)
    formatter.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups)
    return formatter.format_help().strip()


def _cell(text: str) -> str:
    """Text for a table cell: one line, its pipes escaped outside code spans (inside them they are kept)."""
    parts = " ".join(text.split()).split("`")
    return "`".join(part if odd else part.replace("|", "\\|") for odd, part in
                    ((i % 2 == 1, p) for i, p in enumerate(parts)))


def _argument(action: argparse.Action) -> str:
    if not action.option_strings:
        return f"`{action.metavar or action.dest}`"
    takes = action.nargs != 0
    value = f" {action.metavar or action.dest.upper()}" if takes else ""
    if action.choices and takes:
        value = " {" + ",".join(str(c) for c in action.choices) + "}"
    return ", ".join(f"`{flag}{value}`" for flag in action.option_strings)


# What a positional argument the parser gives no help for takes, by its nargs.
POSITIONAL = {None: "required", "+": "one or more, required", "*": "any number", "?": "optional"}


def _help(action: argparse.Action) -> str:
    text = action.help or ""
    if not action.option_strings and not text:
        return POSITIONAL.get(str(action.nargs) if action.nargs is not None else None, "")
    shown = action.default not in (None, False, argparse.SUPPRESS) and "default" not in text
    if shown and action.option_strings:
        default = ",".join(action.default) if isinstance(action.default, tuple) else action.default
        text = f"{text} (default: {default})" if text else f"default: {default}"
    return _cell(text)


def cli_markdown(parser: argparse.ArgumentParser) -> str:
    """The reference page of a parser and its subcommands: usage, then each argument with its help."""
    lines = ["# Command line", "",
             f"`{parser.prog}`: {parser.description} This page is written from the command's own parser at every "
             "build of the documentation, so it says what this version accepts; "
             f"`{parser.prog} COMMAND --help` prints the same in a terminal"
             + "".join(f", and `{parser.prog} {a.option_strings[-1]}` its version" for a in parser._actions
                       if isinstance(a, argparse._VersionAction)) + ".", ""]
    for name, summary, sub in _subcommands(parser):
        lines += [f"## {name}", "", f"{summary[:1].upper()}{summary[1:]}.", "", "```text", _usage(sub), "```", "",
                  "| argument | what it does |", "| --- | --- |"]
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            lines.append(f"| {_argument(action)} | {_help(action)} |")
        lines.append("")
    return "\n".join(lines)


# --- the YAML formats ---------------------------------------------------------------------------------------


def _anchor(schema: str, definition: str) -> str:
    return f"{schema}-{definition.lower()}"


def _type(prop: dict[str, Any], schema: str) -> str:
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{_anchor(schema, name)})"
    if "anyOf" in prop:
        kinds = [_type(p, schema) for p in prop["anyOf"] if p.get("type") != "null"]
        return " or ".join(kinds)
    if "enum" in prop:
        return " or ".join(f"`{v}`" for v in prop["enum"])
    if "const" in prop:
        return f"`{prop['const']}`"
    kind = prop.get("type", "any")
    if kind == "array":
        return f"list of {_type(prop.get('items', {}), schema)}"
    if kind == "object" and isinstance(prop.get("additionalProperties"), dict):
        return f"mapping to {_type(prop['additionalProperties'], schema)}"
    return str(kind)


def _limits(prop: dict[str, Any]) -> list[str]:
    words = {"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "more than",
             "exclusiveMaximum": "less than", "minLength": "at least {} characters",
             "maxLength": "at most {} characters", "minItems": "at least {} items",
             "maxItems": "at most {} items", "pattern": "matches `{}`"}
    found = []
    for branch in [prop, *prop.get("anyOf", [])]:
        if branch.get("minLength") == 1 or branch.get("minItems") == 1:
            found.append("not empty")
        for key, word in words.items():
            if key in branch and not (key in ("minLength", "minItems") and branch[key] == 1):
                found.append(word.format(branch[key]) if "{}" in word else f"{word} {branch[key]}")
    return found


def _row(name: str, prop: dict[str, Any], required: bool, schema: str) -> str:
    need = "yes" if required else ("no" if "default" not in prop else f"no (default `{json.dumps(prop['default'])}`)")
    text = " ".join([prop.get("description", ""), *(f"{limit[:1].upper()}{limit[1:]}." for limit in _limits(prop))])
    return f"| `{name}` | {_cell(_type(prop, schema))} | {_cell(need)} | {_cell(text)} |"


def _object(title: str, anchor: str, schema: dict[str, Any], kind: str) -> list[str]:
    lines = [f"### {title} {{ #{anchor} }}", ""]
    if schema.get("description"):
        lines += [_cell(schema["description"]), ""]
    properties = schema.get("properties", {})
    if not properties:
        return [*lines, f"Of type {_type(schema, kind)}.", ""]
    lines += ["| field | type | required | meaning |", "| --- | --- | --- | --- |"]
    required = set(schema.get("required", []))
    lines += [_row(name, prop, name in required, kind) for name, prop in properties.items()]
    return [*lines, ""]


def schema_markdown(name: str, heading: str, where: str, schema: dict[str, Any]) -> list[str]:
    """One file kind's section: its top-level fields, then every object type it refers to, each a table."""
    lines = [f"## {heading}: `{where}` {{ #{name} }}", "",
             f"Schema: `schemas/{name}.schema.json`, \"{schema.get('title', name)}\".", ""]
    lines += _object("Top level", f"{name}-top", schema, name)[2:]
    for title, definition in sorted(schema.get("$defs", {}).items()):
        lines += _object(title, _anchor(name, title), definition, name)
    return lines


def formats_markdown(schemas: Path) -> str:
    """The YAML formats page: a section per kind of file, from its committed JSON Schema."""
    lines = ["# YAML formats", "",
             "Every field of every file the tool reads, written from the JSON Schemas in `schemas/` at every build "
             "(`playbook schema` writes them from the models, and a test keeps them in step). An editor with a YAML "
             "language server reads the same schemas from the first line of each file and completes and checks as "
             "you type.", ""]
    for name, heading, where in SCHEMAS:
        schema = json.loads((schemas / f"{name}.schema.json").read_text("utf-8"))
        lines += schema_markdown(name, heading, where, schema)
    return "\n".join(lines)


# --- MkDocs ------------------------------------------------------------------------------------------------


def pages() -> dict[str, str]:
    """The generated pages by their path under docs/."""
    from generator.cli.args import build_parser

    return {CLI_PAGE: cli_markdown(build_parser()), FORMATS_PAGE: formats_markdown(ROOT / "schemas")}


def on_files(files: Any, config: Any) -> Any:
    """MkDocs event: add the generated pages, and the schemas they describe, to the site's files."""
    from mkdocs.structure.files import File

    for path, text in pages().items():
        files.append(File.generated(config, path, content=text))
    for schema in sorted((ROOT / "schemas").glob("*.schema.json")):
        files.append(File.generated(config, f"schemas/{schema.name}", abs_src_path=str(schema)))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """MkDocs event: a link to ``../schemas/`` from a page in docs/ is to the copy published with the site.

    The pages link to the schemas as the repository holds them (so the links work when a page is read
    on its own); the site has them one folder further in.
    """
    depth = page.file.src_uri.count("/")
    return markdown.replace("](" + "../" * (depth + 1) + "schemas/", "](" + "../" * depth + "schemas/")
