"""Save a CSM's decision into an account's YAML file, changing only the lines of that decision.

Account files are written by people: comments, flow mappings on one line, the order of
keys and the way long lists are wrapped all carry meaning for them. A round-trip YAML
library re-flows what it re-emits, so instead the file's own nodes locate the text of
the ``adjustments`` list and of each entry in it, and only that text is replaced.
Whatever the edit, the rest of the file stays what it was: every comment outside the
decided entry (on the key's line, between entries, inside a flow list), and the file's
line endings, which new lines take too. An entry's own comments go with the entry.
The caller checks the new text with the same strict loader as any account file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

KEY = "adjustments"
# What PyYAML counts as a line break, so our lines are the ones its marks count.
BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
COMMENT = re.compile(r"#[^\r\n\x85\u2028\u2029]*")


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
    nl = _newline(text)
    found = _key(yaml.compose(text, Loader=yaml.SafeLoader), KEY)
    if found is None:
        if decision.kind == "remove":
            return text
        return _ended(text, nl) + f"{KEY}:{nl}" + _block_item(decision.entry(), "  ", nl)
    key, value = found
    if isinstance(value, yaml.SequenceNode) and not value.flow_style and value.value:
        return _edit_block(text, key, value, decision, nl)
    return _edit_flow(text, key, value, decision, nl)


def _newline(text: str) -> str:
    """The file's own line ending (its first one), which every new line takes."""
    first = BREAK.search(text)
    return first.group() if first else "\n"


def _ended(text: str, nl: str) -> str:
    return text if not text or BREAK.fullmatch(text[-1]) else text + nl


def _key(root: yaml.Node | None, name: str) -> tuple[yaml.Node, yaml.Node] | None:
    if not isinstance(root, yaml.MappingNode):
        return None
    return next(((k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == name), None)


def _line_start(text: str, index: int) -> int:
    return max((m.end() for m in BREAK.finditer(text, 0, index)), default=0)


def _after_line(text: str, index: int) -> int:
    """Where the line holding ``index`` ends, past its line break."""
    found = BREAK.search(text, index)
    return found.end() if found else len(text)


def _stop(text: str, node: yaml.Node) -> int:
    """Past the line break of the last line holding the node's own text (block ends point past comments)."""
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False):
        end = node.end_mark
        return end.index if end.column == 0 and end.index > 0 else _after_line(text, end.index)
    children: list[yaml.Node] = []
    for child in node.value:
        children.extend(child if isinstance(child, tuple) else (child,))
    return max((_stop(text, c) for c in children), default=_after_line(text, node.start_mark.index))


def _find(items: list[yaml.Node], use_case: str) -> int | None:
    return next((i for i, item in enumerate(items) if _use_case(item) == use_case), None)


def _edit_block(text: str, key: yaml.Node, seq: yaml.SequenceNode, decision: Decision, nl: str) -> str:
    items = seq.value
    index = _find(items, decision.use_case)
    if index is None and decision.kind == "remove":
        return text
    first = _line_start(text, items[0].start_mark.index)
    indent = text[first:items[0].start_mark.index].split("-", maxsplit=1)[0]
    flow = all(getattr(item, "flow_style", False) for item in items)
    new = "" if decision.kind == "remove" else _item(decision.entry(), indent, flow, nl)
    if index is None:
        end = _stop(text, items[-1])
        return _ended(text[:end], nl) + new + text[end:]
    start, end = _line_start(text, items[index].start_mark.index), _stop(text, items[index])
    if not new and len(items) == 1:  # the list would be empty: say so rather than leave a bare key
        return _say_empty(text[:start] + text[end:], key)
    return text[:start] + new + text[end:]


def _say_empty(text: str, key: yaml.Node) -> str:
    colon = text.index(":", key.end_mark.index) + 1
    return text[:colon] + " []" + text[colon:]


def _edit_flow(text: str, key: yaml.Node, value: yaml.Node, decision: Decision, nl: str) -> str:
    """Make the decision in a flow list, an empty one or an empty key: the list becomes a block list whose
    untouched entries keep their own text, and every comment of the list is kept as a line of its own."""
    items = value.value if isinstance(value, yaml.SequenceNode) else []
    index = _find(items, decision.use_case)
    if index is None and decision.kind == "remove":
        return text
    key_start = _line_start(text, key.start_mark.index)
    indent = text[key_start:key.start_mark.index] + "  "
    flow = bool(items)  # the entries were written in flow style; a new one is too
    new = "" if decision.kind == "remove" else _item(decision.entry(), indent, flow, nl)
    head, tail = value.start_mark.index, value.end_mark.index
    body, kept = [], 0
    inside = head + 1 if isinstance(value, yaml.SequenceNode) else tail  # past the '['
    for i, item in enumerate(items):
        body += _comment_lines(text[inside:item.start_mark.index], indent, nl)
        if i == index:
            body.append(new)
        else:
            body.append(f"{indent}- {text[item.start_mark.index:item.end_mark.index]}{nl}")
            kept += 1
        inside = item.end_mark.index
    if index is None:
        body.append(new)
    body += _comment_lines(text[inside:max(inside, tail - 1)], indent, nl)  # before the ']'
    end = _after_line(text, tail)
    # The rest of the list's last line (its own comment, if any) closes the key's line, with a line break.
    rest = text[tail:end] if end > tail and BREAK.fullmatch(text[end - 1]) else text[tail:end] + nl
    opened = text[:head].rstrip(" \t") + ("" if kept or new else " []")
    return opened + rest + "".join(body) + text[end:]


def _comment_lines(gap: str, indent: str, nl: str) -> list[str]:
    """The comments between a flow list's entries (nothing else is there but commas and spaces)."""
    return [f"{indent}{m.group().rstrip()}{nl}" for m in COMMENT.finditer(gap)]


def _use_case(item: yaml.Node) -> str | None:
    found = _key(item, "use_case")
    return found[1].value if found is not None and isinstance(found[1], yaml.ScalarNode) else None


def _item(entry: dict[str, Any], indent: str, flow: bool, nl: str) -> str:
    return f"{indent}- {_dump(entry, flow=True).rstrip()}{nl}" if flow else _block_item(entry, indent, nl)


def _block_item(entry: dict[str, Any], indent: str, nl: str) -> str:
    first, *rest = _dump(entry, flow=False).rstrip("\n").split("\n")
    return f"{indent}- {first}{nl}" + "".join(f"{indent}  {line}{nl}" for line in rest)


def _dump(entry: dict[str, Any], *, flow: bool) -> str:
    # PyYAML quotes whatever needs quoting (a reason with ': ' or '#', a leading '*'); no wrapping, any script.
    return yaml.safe_dump(entry, default_flow_style=flow, sort_keys=False, allow_unicode=True, width=1 << 30)
