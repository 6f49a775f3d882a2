"""What an SVG logo may hold: shapes, text and styles that point only inside the logo itself.

The renderer draws an SVG logo with the account's documents, so nothing in it may run, embed
another document or fetch a file. The logo is read by expat, so names are compared after
their namespace prefix is resolved. The renderer matches elements by local name whatever
their namespace, so a forbidden local name is refused in every namespace. CSS is read after
its comments and escapes are undone, as the renderer would read it.
"""

from __future__ import annotations

import re
from xml.parsers import expat

# A hostile file could repeat one bad element thousands of times; the first few say enough.
MAX_SVG_PROBLEMS = 10
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
NOT_SVG = "the file is not an SVG image, though it is named .svg"
# Elements that run code, embed another document, or (animation) rewrite attributes such as links.
_FORBIDDEN_ELEMENTS = frozenset({
    "script", "handler", "listener", "foreignobject", "iframe", "frame", "frameset", "object", "embed",
    "applet", "link", "base", "meta", "set", "animate", "animatemotion", "animatetransform", "animatecolor",
})
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|(.))", re.DOTALL)
# CSS allows no space before a function's bracket; inside it, a quote may open the URL but no space may follow.
_CSS_URL = re.compile(r"url\(\s*['\"]?")
_CSS_FORBIDDEN = re.compile(r"@import|expression\(|image-set\(|image\(")


class _Stop(Exception):
    """Reading stops here: what follows cannot be read safely (a DOCTYPE's entities)."""


def svg_problems(data: bytes, display: str) -> list[str]:
    """Every reason (up to a few) the SVG logo ``data`` may not be drawn; ``display`` names its file."""
    reader = _Reader(display)
    parser = reader.parser
    try:
        parser.Parse(data, True)
    except _Stop:
        pass
    except expat.ExpatError as exc:
        where, why = f"{display}:{exc.lineno}:{exc.offset + 1}", expat.errors.messages[exc.code]
        if not reader.root:
            return [f"{NOT_SVG} (it is not XML: {why}; {where})"]
        reader.problems.append(f"the SVG is not well-formed XML: {why} ({where})")
    if not reader.root and not reader.problems:
        return [f"{NOT_SVG} ({display})"]
    return reader.problems[:MAX_SVG_PROBLEMS]


def css_problem(css: str) -> str | None:
    """What in a piece of CSS would fetch or run something, if anything: only ``url(#id)`` may stay."""
    if not any(mark in css for mark in "(@\\"):  # no function, at-rule or escape (which could spell either)
        return None
    text = _CSS_ESCAPE.sub(_unescaped, _CSS_COMMENT.sub("", css)).lower()
    found = _CSS_FORBIDDEN.search(text)
    if found:
        return f"'{found.group(0)}'"
    for url in _CSS_URL.finditer(text):
        if not text.startswith("#", url.end()):
            return f"'url({_target(text[url.end():url.end() + 60])})'"
    return None


def _target(text: str) -> str:
    """The URL a ``url(`` opens, as a person would write it: up to its bracket, without its closing quote."""
    return text.partition(")")[0].rstrip().rstrip("'\"").rstrip()[:40]


def _unescaped(match: re.Match[str]) -> str:
    hex_digits, char = match.groups()
    if hex_digits is None:
        return char
    code = int(hex_digits, 16)
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"


class _Reader:
    """Expat handlers that note every forbidden thing, with its line and column in the logo."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.root = ""
        self.problems: list[str] = []
        self.style_depth = 0  # inside a <style> element (and how deep), whose text is CSS
        self.style: list[str] = []  # its text so far: expat may hand it over in pieces
        self.style_at = ""
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._entity
        self.parser.ProcessingInstructionHandler = self._instruction
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text

    def _here(self) -> str:
        return f"{self.display}:{self.parser.CurrentLineNumber}:{self.parser.CurrentColumnNumber + 1}"

    def _add(self, what: str, where: str = "") -> None:
        self.problems.append(f"{what} ({where or self._here()})")

    def _doctype(self, *_: object) -> None:
        self._add("the SVG declares a DOCTYPE; a logo may not carry document types or entities")
        raise _Stop

    def _entity(self, *_: object) -> None:
        self._add("the SVG declares an entity; a logo may not carry document types or entities")
        raise _Stop

    def _instruction(self, target: str, _data: str) -> None:
        self._add(f"the SVG holds the processing instruction '<?{target}'; only the XML declaration may")

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        namespace, local = _split(name)
        if not self.root:
            self.root = local
            if local != "svg" or namespace not in ("", SVG_NAMESPACE):
                self._add(NOT_SVG)
                raise _Stop
        if local.lower() in _FORBIDDEN_ELEMENTS:
            self._add(f"the SVG holds the element <{local}>; a logo may not carry scripts, animation "
                      "or other documents")
        if local == "style" and not self.style_depth:
            self.style, self.style_at = [], self._here()
        if local == "style" or self.style_depth:
            self.style_depth += 1
        for attribute, value in attributes.items():
            self._attribute(local, attribute, value)

    def _attribute(self, element: str, name: str, value: str) -> None:
        namespace, local = _split(name)
        if local.lower().startswith("on"):
            self._add(f"the SVG gives <{element}> the event attribute '{local}'; a logo may not carry scripts")
        elif local == "href" and not value.strip().startswith("#"):
            self._add(f"the SVG's <{element}> links to '{value[:60]}'; a logo may link only inside itself (#id)")
        elif namespace == XML_NAMESPACE and local == "base":
            self._add(f"the SVG's <{element}> sets xml:base; a logo may link only inside itself (#id)")
        else:
            found = css_problem(value)
            if found:
                self._add(f"the SVG's <{element}> {local}=\"...\" holds {found}; a logo's styles may point "
                          "only inside it (url(#id))")

    def _end(self, _name: str) -> None:
        if not self.style_depth:
            return
        self.style_depth -= 1
        found = None if self.style_depth else css_problem("".join(self.style))
        if found:
            self._add(f"the SVG's <style> holds {found}; a logo's styles may point only inside it (url(#id))",
                      self.style_at)

    def _text(self, text: str) -> None:
        if self.style_depth:
            self.style.append(text)


def _split(name: str) -> tuple[str, str]:
    """A namespace-resolved name as (namespace, local name); expat joins them with a space."""
    namespace, _, local = name.rpartition(" ")
    return namespace, local
