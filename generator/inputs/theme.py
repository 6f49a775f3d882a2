"""The CS organisation's look: a theme folder with theme.yaml, its logo, and its customers' logos.

A theme is a folder because its images must be files the renderer may load: the URL
fetcher serves exactly that folder besides the package's assets. Every logo is checked
when its theme or account is loaded (by :mod:`.logos`: where it is, its type by its bytes,
that it is whole, and for SVG that nothing in it runs or fetches), before anything is
rendered, so a bad one is a located error, not a broken page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from ..errors import Problems
from .fields import Color, DeckFile, LogoFile, Name, StrictModel
from .loader import AccountCheck, load_file
from .logos import logo_problems
from .models import Account

THEME_FILE = "theme.yaml"
CUSTOMER_LOGOS = "customers"


class Colors(StrictModel):
    ink: Color = Field("#1f2a44", description="Headings, the cover and quarter headers.")
    accent: Color = Field("#2f6ea5", description="Links, numbers, bars and the cover band.")
    soft: Color = Field("#eef3f9", description="Card and agenda backgrounds.")


class Theme(StrictModel):
    """theme.yaml: who sends the documents and how they look."""

    organisation: Name = Field(description="The CS organisation's name, printed on each cover.")
    logo: LogoFile | None = Field(None, description="Its logo: an .svg or .png file in this folder.")
    colors: Colors = Field(default_factory=Colors, description="Colours, as #rrggbb.")
    deck_template: DeckFile | None = Field(None, description="The organisation's PowerPoint template for the QBR "
                                           "deck: a .pptx file in this folder with the layouts 'QBR Title', "
                                           "'QBR Content' and 'QBR Visual'.")


@dataclass(frozen=True)
class LoadedTheme:
    """A checked theme and the folder its files come from."""

    theme: Theme
    folder: Path

    @property
    def logo(self) -> Path | None:
        return self.folder / self.theme.logo if self.theme.logo else None

    @property
    def deck_template(self) -> Path | None:
        return self.folder / self.theme.deck_template if self.theme.deck_template else None

    def customer_logo(self, name: str | None) -> Path | None:
        return self.folder / CUSTOMER_LOGOS / name if name else None


def load_theme(folder: Path) -> LoadedTheme:
    """Load and check a theme folder; raise :class:`UserError` listing every problem."""
    problems = Problems()
    theme, doc = load_file(folder / THEME_FILE, Theme, problems)
    if theme is not None and theme.logo and doc is not None:
        for problem in logo_problems(folder / theme.logo, folder):
            problems.add(doc.source.locate(("logo",)), problem, "logo")
    if theme is not None and theme.deck_template and doc is not None:
        path = folder / theme.deck_template
        if path.is_symlink() or not path.is_file():  # a link could name a file outside the theme
            problems.add(doc.source.locate(("deck_template",)), f"expected a regular file '{theme.deck_template}' "
                         "in the theme folder", "deck_template")
    problems.raise_if_errors()
    assert theme is not None
    return LoadedTheme(theme, folder.resolve())


def customer_logo_check(theme: LoadedTheme | None) -> AccountCheck:
    """A check that an account's logo is a good file in the theme's customers/ folder."""
    def check(account: Account, report: Callable[[tuple, str, str], None]) -> None:
        if account.logo is None or theme is None:  # without a theme, documents take the default look: no logos
            return
        path = theme.customer_logo(account.logo)
        assert path is not None
        for problem in logo_problems(path, theme.folder):
            report(("logo",), "logo", problem)
    return check
