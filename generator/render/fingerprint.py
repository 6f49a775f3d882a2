"""What an account's documents depend on, as one hash: a folder whose stamp matches needs no new render.

Everything that can change a byte of the documents is in it: the account, the as-of
date, the library and playbook files, every file of the package (code, templates,
catalogs, fonts), the versions of the libraries that lay out and write the PDF, and the
installed font files the documents print with. Whoever writes a folder's documents,
generate or batch, writes them with their stamp as one unit (``files.write_unit``: the old
stamp goes first, the new one last), so a stamp never vouches for other inputs' files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files
from pathlib import Path

from .. import __version__
from ..inputs.models import Account
from .fonts import installed_fonts
from .formats import Outputs

STAMP = ".inputs.sha256"
# Libraries whose upgrade can change the documents' bytes.
RENDERERS = ("weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "jinja2", "markupsafe", "pydantic", "babel",
             "networkx", "python-pptx", "python-docx", "xlsxwriter", "lxml")


# Rooms of the package that no document depends on: a new page in the web app re-renders nothing.
FACES = frozenset({"web"})


def _digest(paths: Iterable[Path], root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _versions() -> str:
    found = []
    for name in RENDERERS:
        try:
            found.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} absent")
    return ";".join(found)


def _font_files() -> str:
    """The installed fonts' files as fontconfig finds them today, by path, size and modification time."""
    paths = {path for path, _ in installed_fonts().values()}
    return ";".join(f"{p}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in sorted(paths) if p.exists())


def shared_fingerprint(usecases: Path, playbooks: Path, theme: Path | None = None,
                       outputs: Outputs | None = None) -> str:
    """What every account's documents depend on besides the account: library, playbooks, theme, package,
    libraries, fonts, and the formats made (with the deck's template and notes)."""
    package = Path(str(files("generator")))
    look = _digest([p for p in theme.rglob("*") if p.is_file()], theme) if theme is not None else "no theme"
    parts = [__version__, _digest(usecases.glob("*.y*ml"), usecases), _digest(playbooks.glob("*.y*ml"), playbooks),
             look,
             _digest([p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                      and p.relative_to(package).parts[0] not in FACES], package),
             _versions(), _font_files(), (outputs or Outputs()).key]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def fingerprint(shared: str, account: Account, as_of: date, previous: bytes = b"") -> str:
    """The account's inputs (with the last QBR's plan it is compared against) as one hash; departments and
    adoption are sorted, as the planner ignores their order."""
    canonical = account.model_copy(update={"departments": sorted(account.departments, key=lambda d: (d.persona, d.key)),
                                           "adoption": dict(sorted(account.adoption.items()))})
    text = f"{shared}\n{as_of.isoformat()}\n{canonical.model_dump_json()}\n{hashlib.sha256(previous).hexdigest()}"
    return hashlib.sha256(text.encode()).hexdigest()
