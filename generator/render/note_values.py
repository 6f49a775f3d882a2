"""Reading a note's values, and the small phrases several sentences share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..plan.models import NoteValue

if TYPE_CHECKING:  # words.py imports the sentences, which import this module
    from .words import Words

Values = dict[str, NoteValue]


def _text(values: Values, key: str) -> str:
    return str(values[key])


def _int(values: Values, key: str) -> int:
    value = values[key]
    assert isinstance(value, (int, float))
    return int(value)


def _list(values: Values, key: str) -> list[str]:
    value = values[key]
    assert isinstance(value, list)
    return [str(v) for v in value]


def _records(values: Values, key: str) -> list[dict[str, str]]:
    value = values[key]
    assert isinstance(value, list)
    return [v for v in value if isinstance(v, dict)]


def _person(w: Words, p: dict[str, str]) -> str:
    return w.gettext("%(name)s (%(title)s)") % {"name": p["name"], "title": p["title"]}


def _who(w: Words, v: Values) -> str:
    name = _text(v, "who_name")
    return _person(w, {"name": name, "title": _text(v, "who_title")}) if name else _text(v, "who_title")


def _more(w: Words, names: list[str], more: int) -> list[str]:
    if more:
        names.append(w.ngettext("%(count)s more", "%(count)s more", more) % {"count": w.number(more)})
    return names
