"""One account's trouble stays its own: a stage that fails for it marks that account, and the rest go on.

A user error is the account's own located problems. Anything else is a bug of ours: it is
logged with its traceback for us, and the page says only which stage failed, so one
broken account never turns the book, or any other account's page, into an error page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from ..errors import Location, Problem, UserError

log = logging.getLogger(__name__)
T = TypeVar("T")


def attempt(stage: str, source: str, work: Callable[..., T], *args: Any) -> tuple[T | None, list[Problem]]:
    """``work(*args)`` and no problems; or None and the problems that stopped it."""
    try:
        return work(*args), []
    except UserError as exc:
        return None, list(exc.problems) or [Problem(Location(source), f"could not be read in {stage}")]
    except Exception:
        log.exception("%s: internal error in %s", source, stage)
        return None, [Problem(Location(source), f"could not be read: internal error in {stage}")]
