"""Read YAML into plain Python values while remembering where each value came from.

The document is built from PyYAML's event stream by a small iterative composer instead
of ``yaml.safe_load``, for four reasons: every value gets a file/line/column, duplicate
keys are errors rather than silently overwritten, no tag outside the YAML core schema is
ever constructed, and hostile input (deep nesting, alias bombs, huge files) is refused
before it costs memory or recursion.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml
from yaml import events as ev
from yaml.nodes import ScalarNode

from ..errors import Location, Problem, UserError
from .textfile import character_problems, not_utf8, read_limited

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
MAX_VALUES = 200_000

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_COLLECTION_TAGS = {_CORE + "map", _CORE + "seq"}

PathKey = tuple[str | int, ...]


_INT_TAG, _FLOAT_TAG = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
# Python will not read an integer of over 4,300 digits; past 1,000 nothing is a number any field could take,
# and below it the field's own check names the field and its bounds.
_MOST_DIGITS = 1000
# LibYAML's parser, where PyYAML was built with it, reads the same events about twenty times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Mark(Protocol):
    """Where an event starts; PyYAML's pure-Python and C parsers give different classes of the same shape."""

    line: int
    column: int


@dataclass
class SourceMap:
    """Where each value of one YAML document stands, addressed by its path of keys and indexes."""

    file: str
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: PathKey, *, key: bool = False) -> Location:
        """The location of the value at ``path`` (or of its key), else of its nearest parent."""
        path = tuple(path)
        if key and path in self.keys:
            return Location(self.file, *self.keys[path])
        while path:
            if path in self.values:
                return Location(self.file, *self.values[path])
            path = path[:-1]
        return Location(self.file, *self.values.get((), (1, 1)))


@dataclass
class Sourced:
    """A loaded document and the map of where its values came from."""

    data: Any
    source: SourceMap


class _Refused(Exception):
    def __init__(self, mark: Mark | None, message: str):
        self.mark = mark
        self.message = message


@dataclass
class _Frame:
    kind: str  # "map" or "seq"
    value: Any
    path: PathKey
    anchor: str | None
    size: int = 1
    key: Any = None
    has_key: bool = False


def _tag(tag: str | None) -> str:
    return str(tag).replace(_CORE, "!!")


def _loc(mark: Mark | None) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


class _Composer:
    """Builds values from events; one instance per document."""

    def __init__(self, loader: yaml.SafeLoader | yaml.CSafeLoader, source: SourceMap):
        self.loader = loader
        self.source = source
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.total = 0
        self.root: Any = None
        self.documents = 0

    def run(self) -> Any:
        while self.loader.check_event():
            event = self.loader.get_event()
            assert event is not None  # check_event said there is one
            self.handle(event)
        return self.root

    def handle(self, event: ev.Event) -> None:
        if isinstance(event, ev.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise _Refused(event.start_mark, "only one YAML document per file is allowed (remove the second '---')")
        elif isinstance(event, ev.ScalarEvent):
            self.scalar(event)
        elif isinstance(event, (ev.MappingStartEvent, ev.SequenceStartEvent)):
            self.start(event)
        elif isinstance(event, (ev.MappingEndEvent, ev.SequenceEndEvent)):
            frame = self.stack.pop()
            self.remember(frame.anchor, frame.value, frame.size)
            self.attach(frame.value, frame.size, None, is_container=True)
        elif isinstance(event, ev.AliasEvent):
            if event.anchor not in self.anchors:
                raise _Refused(event.start_mark, f"unknown alias '*{event.anchor}'")
            value, size = self.anchors[event.anchor]
            self.attach(value, size, event.start_mark)

    def count(self, size: int, mark: Mark | None) -> None:
        self.total += size
        if self.total > MAX_VALUES:
            raise _Refused(mark, f"the file holds more than {MAX_VALUES:,} values once aliases are expanded; "
                                 "write the values out instead of repeating aliases")

    def child_path(self, mark: Mark | None) -> PathKey:
        if not self.stack:
            return ()
        top = self.stack[-1]
        if top.kind == "seq":
            return (*top.path, len(top.value))
        if not top.has_key:
            raise _Refused(mark, "a key must be plain text, not a list or mapping")
        return (*top.path, top.key)

    def start(self, event: ev.CollectionStartEvent) -> None:
        if event.tag not in (None, "!") and event.tag not in _COLLECTION_TAGS:
            raise _Refused(event.start_mark,
                           f"the tag '{_tag(event.tag)}' is not allowed; use plain lists and mappings")
        if len(self.stack) >= MAX_DEPTH:
            raise _Refused(event.start_mark, f"nesting deeper than {MAX_DEPTH} levels is not allowed")
        path = self.child_path(event.start_mark)
        self.source.values[path] = _loc(event.start_mark)
        self.count(1, event.start_mark)
        kind = "map" if isinstance(event, ev.MappingStartEvent) else "seq"
        self.stack.append(_Frame(kind, {} if kind == "map" else [], path, event.anchor))

    def scalar(self, event: ev.ScalarEvent) -> None:
        top = self.stack[-1] if self.stack else None
        if top is not None and top.kind == "map" and not top.has_key:
            self.key(top, event)
            return
        value = self.construct(event)
        self.remember(event.anchor, value, 1)
        self.attach(value, 1, event.start_mark)

    def key(self, frame: _Frame, event: ev.ScalarEvent) -> None:
        # Keys stay text: 'on', 'no' or '2024' as a key must not turn into a bool or an int.
        key = event.value
        path = (*frame.path, key)
        if key in frame.value:
            first = self.source.keys[path]
            raise _Refused(event.start_mark, f"duplicate key '{key}' (first defined at line {first[0]})")
        self.source.keys[path] = _loc(event.start_mark)
        frame.key, frame.has_key = key, True

    def construct(self, event: ev.ScalarEvent) -> Any:
        tag = event.tag
        if tag in (None, "!"):
            tag = self.loader.resolve(ScalarNode, event.value, event.implicit)
        if tag not in _SCALAR_TAGS:
            raise _Refused(event.start_mark, f"the tag '{_tag(event.tag)}' is not allowed; write plain text, numbers, "
                                             "true/false, dates, lists and mappings")
        if tag in (_INT_TAG, _FLOAT_TAG) and len(event.value) > _MOST_DIGITS:  # only numbers are counted
            digits = sum(ch.isdigit() for ch in event.value)
            if digits > _MOST_DIGITS:
                raise _Refused(event.start_mark, f"a number of {digits:,} digits; no field takes a number that long")
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)  # type: ignore[arg-type]
        try:
            return self.loader.construct_object(node)
        except (yaml.YAMLError, ValueError) as exc:
            kind = tag.rsplit(":", 1)[-1]
            raise _Refused(event.start_mark, f"cannot read '{event.value}' as {kind}: {exc}") from None

    def remember(self, anchor: str | None, value: Any, size: int) -> None:
        if anchor is not None:
            self.anchors[anchor] = (value, size)

    def attach(self, value: Any, size: int, mark: Mark | None, *, is_container: bool = False) -> None:
        if not is_container:
            self.count(size, mark)
        if not self.stack:
            self.root = value
            if mark is not None:
                self.source.values[()] = _loc(mark)
            return
        top = self.stack[-1]
        top.size += size
        if top.kind == "seq":
            if mark is not None:
                self.source.values[(*top.path, len(top.value))] = _loc(mark)
            top.value.append(value)
        else:
            if mark is not None:
                self.source.values[(*top.path, top.key)] = _loc(mark)
            top.value[top.key] = value
            top.key, top.has_key = None, False


def _syntax_problem(display: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    message = exc.problem or "invalid YAML"
    if "'\\t'" in message or "\\t" in message:
        message = "a tab character cannot indent YAML; indent with spaces"
    elif exc.context:
        message = f"{message} ({exc.context})"
    line, col = _loc(mark)
    return Problem(Location(display, line, col), f"YAML syntax error: {message}")


def parse_yaml(text: str, display: str) -> Sourced:
    """Parse one YAML document from ``text``; ``display`` names the file in messages."""
    problems = character_problems(text, display)
    if problems:  # PyYAML's reader would refuse them too, but with no line and column
        raise UserError(problems)
    if _LOADER is not yaml.SafeLoader:
        try:
            return _parse(text, display, _LOADER)
        except yaml.YAMLError:  # a syntax error in LibYAML's own words: PyYAML's parser says it in ours, below
            pass
    try:
        return _parse(text, display, yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise UserError([_syntax_problem(display, exc)]) from None
    except yaml.YAMLError as exc:
        raise UserError([Problem(Location(display), f"YAML error: {exc}")]) from None


def _parse(text: str, display: str, kind: type[yaml.SafeLoader] | type[yaml.CSafeLoader]) -> Sourced:
    """The document, with our own refusals located; a syntax error is left to the caller to word."""
    source = SourceMap(display)
    loader = kind(text)
    try:
        root = _Composer(loader, source).run()
    except _Refused as exc:
        line, col = _loc(exc.mark)
        raise UserError([Problem(Location(display, line, col), exc.message)]) from None
    finally:
        loader.dispose()
    return Sourced(root, source)


def load_yaml(path: Path, display: str | None = None) -> Sourced:
    """Read and parse a YAML file, refusing files too large to be a real library file."""
    display = display or str(path)
    raw = read_limited(path, MAX_FILE_BYTES, display, "YAML file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError([not_utf8(raw, exc, display)]) from None
    return parse_yaml(text, display)
