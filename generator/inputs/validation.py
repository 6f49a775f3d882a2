"""Validate loaded YAML against the models and say what is wrong in plain, located words."""

from __future__ import annotations

import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..errors import Problem, did_you_mean
from .fields import Color, DeckFile, LogoFile, MonthDay, Slug
from .yamlsource import PathKey, Sourced

M = TypeVar("M", bound=BaseModel)

_SLUG_PATTERN = typing.get_args(Slug)[2].pattern
# What each pattern means, in words: a regular expression is no message for a person.
_PATTERN_WORDS = {
    typing.get_args(LogoFile)[2].pattern: "expected a file name in the same folder ending in .svg or .png "
                                          "(like 'logo.svg')",
    typing.get_args(DeckFile)[2].pattern: "expected a file name in the same folder ending in .pptx (like 'qbr.pptx')",
    typing.get_args(Color)[2].pattern: "expected a colour as #rrggbb (like '#2f6ea5')",
    typing.get_args(MonthDay)[2].pattern: "expected a day of the year as MM-DD (like '12-15')",
}
_TYPE_WORDS = {
    dict: "a mapping", list: "a list", str: "text", int: "a whole number", float: "a number",
    bool: "true/false", type(None): "nothing",
}


def validate(model: type[M], doc: Sourced) -> tuple[M | None, list[Problem]]:
    """Validate ``doc`` as ``model``; on failure return every problem, located and in plain words."""
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, [_problem(model, doc, err) for err in exc.errors(include_url=False)]


def plain_errors(model: type[BaseModel], exc: ValidationError) -> list[tuple[PathKey, str]]:
    """Each error as (location path, message in plain words), for inputs that are not YAML."""
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        if loc and loc[-1] == "[key]":
            loc = loc[:-1]
        out.append((loc, _message(model, loc, err)))
    return out


def _problem(model: type[BaseModel], doc: Sourced, err: ErrorDetails) -> Problem:
    loc: PathKey = tuple(err["loc"])
    kind = err["type"]
    at_key = kind == "extra_forbidden" or (bool(loc) and loc[-1] == "[key]")
    if loc and loc[-1] == "[key]":
        loc = loc[:-1]
    location = doc.source.locate(loc, key=at_key)
    shown = loc[:-1] if kind == "missing" else loc  # the field is absent: name where it belongs
    return Problem(location, _message(model, loc, err), _display_path(doc.data, shown))


def _message(model: type[BaseModel], loc: PathKey, err: ErrorDetails) -> str:
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    if kind == "missing":
        return f"missing required field '{loc[-1]}'"
    if kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1])
        hint = did_you_mean(str(loc[-1]), known) or (f"; expected one of: {', '.join(sorted(known))}" if known else "")
        return f"unknown field '{loc[-1]}'{hint}"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == _SLUG_PATTERN:
        return f"expected an id of lower-case letters, digits and '-' (like 'eng-runbooks'), got {_show(value)}"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in _PATTERN_WORDS:
        return f"{_PATTERN_WORDS[str(ctx['pattern'])]}, got {_show(value)}"
    if kind.startswith("date"):
        return f"expected a date as YYYY-MM-DD (like 2027-01-15), got {_describe(value)}"
    if kind == "too_long":  # never the input itself: it is the thousands of entries that are the problem
        return f"at most {ctx['max_length']:,} entries, got {_count(ctx.get('actual_length'))}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        choices = [c.strip(" '") for c in expected.replace(" or ", ",").split(",")]
        return f"expected {expected}, got {_show(value)}{did_you_mean(str(value), choices)}"
    if kind.startswith("bool"):
        return f"expected true or false, got {_describe(value)}"
    if kind.endswith(("_type", "_parsing")):
        wanted = err["msg"].replace("Input should be a valid ", "").replace("Input should be ", "")
        return f"expected {wanted}, got {_describe(value)}"
    return f"{err['msg'].replace('Input should be', 'should be').replace('Value should', 'should')}, got {_show(value)}"


def _count(length: object) -> str:
    return f"{length:,}" if isinstance(length, int) else "more"


def _show(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _describe(value: Any) -> str:
    if isinstance(value, (dict, list)) or value is None:
        return _TYPE_WORDS[type(value)]
    return f"{_TYPE_WORDS.get(type(value), type(value).__name__)} {_show(value)}"


def _display_path(data: Any, loc: PathKey) -> str:
    """Name a value as a person would: 'eng-runbooks.requires[1]' rather than 'use_cases[3].requires[1]'."""
    parts: list[str] = []
    node = data
    for step in loc:
        child = None
        if isinstance(step, int) and isinstance(node, list) and 0 <= step < len(node):
            child = node[step]
            if isinstance(child, dict) and isinstance(child.get("id"), str):
                parts = [child["id"]]
            elif isinstance(child, dict) and isinstance(child.get("persona"), str):
                parts[-1:] = [f"{parts[-1] if parts else ''}[{child['persona']}]"]
            else:
                parts[-1:] = [f"{parts[-1] if parts else ''}[{step}]"]
        else:
            child = node.get(step) if isinstance(node, dict) else None
            parts.append(str(step))
        node = child
    return ".".join(parts)


def _fields_at(model: type[BaseModel], loc: PathKey) -> list[str]:
    """Field names of the model found at ``loc``, to suggest the intended key."""
    current: Any = model
    for step in loc:
        if typing.get_origin(current) is dict and isinstance(step, str):  # a key of a mapping such as translations
            current = typing.get_args(current)[1]
            continue
        inner = _model_in(current)
        if inner is None:
            return []
        if isinstance(step, str) and step in inner.model_fields:
            current = inner.model_fields[step].annotation
        elif isinstance(step, int):
            current = inner
        else:
            return []
    inner = _model_in(current)
    return list(inner.model_fields) if inner else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class inside an annotation such as ``list[UseCase] | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is None and not isinstance(annotation, types.UnionType):
        return None
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
