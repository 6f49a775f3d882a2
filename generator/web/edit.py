"""Save a CSM's decision into an account's YAML file, changing only the lines of that decision.

Account files are written by people: comments, flow mappings on one line, the order of
keys and the way long lists are wrapped all carry meaning for them. A round-trip YAML
library re-flows what it re-emits, so instead the file's own nodes locate the text of
the ``adjustments`` list and of each entry in it, and only those lines are replaced.
Whatever the edit, the rest of the file stays byte for byte what it was; the caller
checks the new text with the same strict loader as any account file before writing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

KEY = "adjustments"


@dataclass(frozen=True)
class Decision:
    """One decision as the form gives it: ``kind`` is pin, skip, defer or remove."""

    use_case: str
    kind: str
    reason: str = ""
    quarter: int | None = None
    until: date | None = None

    def entry(self) -> dict[str, Any]:
        """The adjustment as the account file spells it."""
        decided: dict[str, Any] = {"pin": self.quarter} if self.kind == "pin" else \
            {"skip": True} if self.kind == "skip" else {"defer_until": self.until}
        return {"use_case": self.use_case, **decided, "reason": self.reason}


def apply(text: str, decision: Decision) -> str:
    """``text`` with ``decision`` made: an entry for its use case added, replaced or removed.

    ``text`` is a file the strict loader accepted, so it parses; the result is for the caller to check.
    """
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    found = _key(root, KEY)
    if found is None:
        if decision.kind == "remove":
            return text
        return "".join(lines) + f"{KEY}:\n" + _block_item(decision.entry(), "  ")
    key, value = found
    if not isinstance(value, yaml.SequenceNode) or value.flow_style or not value.value:
        return _rewrite_whole(lines, key, value, decision)
    return _edit_block(lines, key, value, decision)


def _key(root: yaml.Node | None, name: str) -> tuple[yaml.Node, yaml.Node] | None:
    if not isinstance(root, yaml.MappingNode):
        return None
    return next(((k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == name), None)


def _last_line(node: yaml.Node) -> int:
    """The last line (0-based) holding the node's own text; block ends point past trailing comments, leaves don't."""
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False):
        end = node.end_mark
        return end.line if end.column > 0 else end.line - 1
    children: list[yaml.Node] = []
    for child in node.value:
        children.extend(child if isinstance(child, tuple) else (child,))
    return max((_last_line(c) for c in children), default=node.start_mark.line)


def _edit_block(lines: list[str], key: yaml.Node, seq: yaml.SequenceNode, decision: Decision) -> str:
    spans = [(item.start_mark.line, _last_line(item)) for item in seq.value]
    first = lines[spans[0][0]]
    indent = first[:len(first) - len(first.lstrip())]
    flow = all(getattr(item, "flow_style", False) for item in seq.value)
    index = next((i for i, item in enumerate(seq.value) if _use_case(item) == decision.use_case), None)
    new = "" if decision.kind == "remove" else \
        (_flow_item(decision.entry(), indent) if flow else _block_item(decision.entry(), indent))
    if index is not None:
        start, end = spans[index]
        if not new and len(seq.value) == 1:  # the list would be empty: say so rather than leave a bare key
            return _rewrite_whole(lines, key, seq, decision)
        return "".join(lines[:start]) + new + "".join(lines[end + 1:])
    if not new:
        return "".join(lines)
    end = spans[-1][1]
    return "".join(lines[:end + 1]) + new + "".join(lines[end + 1:])


def _rewrite_whole(lines: list[str], key: yaml.Node, value: yaml.Node, decision: Decision) -> str:
    """Replace a flow, empty or emptied list with a block list of the same entries and the decision made."""
    data = yaml.safe_load("".join(lines)) or {}
    entries = [e for e in data.get(KEY) or [] if not (isinstance(e, dict) and e.get("use_case") == decision.use_case)]
    if decision.kind != "remove":
        entries.append(decision.entry())
    start = key.start_mark.line
    end = max(start, _last_line(value))
    body = f"{KEY}:\n" + "".join(_block_item(e, "  ") for e in entries) if entries else f"{KEY}: []\n"
    return "".join(lines[:start]) + body + "".join(lines[end + 1:])


def _use_case(item: yaml.Node) -> str | None:
    found = _key(item, "use_case")
    return found[1].value if found is not None and isinstance(found[1], yaml.ScalarNode) else None


def _flow_item(entry: dict[str, Any], indent: str) -> str:
    return f"{indent}- {_dump(entry, flow=True)}"


def _block_item(entry: dict[str, Any], indent: str) -> str:
    first, *rest = _dump(entry, flow=False).splitlines(keepends=True)
    return f"{indent}- {first}" + "".join(f"{indent}  {line}" for line in rest)


def _dump(entry: dict[str, Any], *, flow: bool) -> str:
    # PyYAML quotes whatever needs quoting (a reason with ': ' or '#', a leading '*'); no wrapping, any script.
    return yaml.safe_dump(entry, default_flow_style=flow, sort_keys=False, allow_unicode=True, width=1 << 30)
