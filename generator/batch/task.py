"""One account's render as a batch hands it out: the task sent to a worker, what comes back, and the limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from ..inputs.loader import Library
from ..inputs.models import Account
from ..inputs.theme import LoadedTheme, load_theme
from ..render.formats import Outputs


@dataclass(frozen=True)
class Limits:
    seconds: float = 300.0
    memory_mb: int = 2048
    recycle_after: int = 200


@dataclass
class Task:
    index: int
    account_json: str
    previous_json: str | None = None  # the plan for the account's last QBR, to compare against
    theme_dir: str | None = None  # the checked theme folder the documents take their look from
    outputs: Outputs | None = None  # the formats to make, the deck's template and notes; None: every format


@dataclass
class Outcome:
    index: int
    ok: bool
    files: dict[str, bytes] = field(default_factory=dict)
    error: str = ""
    seconds: float = 0.0


def render_task(library: Library, account_json: str, as_of: date, previous_json: str | None = None,
                theme_dir: str | None = None, *, outputs: Outputs | None = None) -> dict[str, bytes]:
    """Render one account to the files ``outputs`` asks for, in memory (runs in a worker)."""
    from ..plan.models import Plan
    from ..render.documents import render_account

    previous = Plan.model_validate_json(previous_json) if previous_json else None
    theme = _theme(theme_dir) if theme_dir else None
    return render_account(library, Account.model_validate_json(account_json), as_of, previous, theme,
                          outputs=outputs).files


@lru_cache(maxsize=2)
def _theme(folder: str) -> LoadedTheme:
    """A worker loads the theme once; the parent has checked it already."""
    return load_theme(Path(folder))
