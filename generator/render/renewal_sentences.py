"""Sentences about the renewal: the path to it as a thing to agree, and idle seats before it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .note_values import Values, _int, _text

if TYPE_CHECKING:  # words.py imports the sentences, which import this module
    from .words import Words


def _agree_renewal_path(w: Words, v: Values) -> str:
    renewal = w.date(_text(v, "renewal"))
    if "value_review" in v and "renewal_conversation" in v:
        return w.gettext("Agree the path to the renewal on %(renewal)s: a value review with your sponsor by "
                         "%(review)s, then the renewal conversation by %(talk)s.") % {
            "renewal": renewal, "review": w.date(_text(v, "value_review")),
            "talk": w.date(_text(v, "renewal_conversation"))}
    if "renewal_conversation" in v:
        return w.gettext("Agree the path to the renewal on %(renewal)s: the renewal conversation by %(talk)s.") % {
            "renewal": renewal, "talk": w.date(_text(v, "renewal_conversation"))}
    return w.gettext("Agree the path to the renewal on %(renewal)s and who takes part.") % {"renewal": renewal}


RENEWAL: dict[str, Callable[[Words, Values], str]] = {
    "renewal_assumed": lambda w, v: w.gettext(
        "The account gives no renewal date: this plan assumes %(renewal)s, every %(months)s months from the "
        "contract's start on %(start)s. Add renewal_date to the account to confirm it.") % {
        "renewal": w.date(_text(v, "renewal")), "months": w.number(_int(v, "months")),
        "start": w.date(_text(v, "start"))},
    "agree_renewal_path": _agree_renewal_path,
    "renewal_prep_late": lambda w, v: (w.gettext(
        "The value review for the renewal on %(renewal)s was due by %(due)s; it is now on %(booked)s, which leaves "
        "less time to act on what it finds.") if _text(v, "kind") == "value_review" else w.gettext(
        "The renewal conversation for the renewal on %(renewal)s was due by %(due)s; it is now on %(booked)s.")) % {
        "renewal": w.date(_text(v, "renewal")), "due": w.date(_text(v, "due")), "booked": w.date(_text(v, "booked"))},
    "idle_seats_before_renewal": lambda w, v: w.ngettext(
        "%(idle)s licensed seat is not in use (%(share)s active), with the renewal on %(renewal)s.",
        "%(idle)s licensed seats are not in use (%(share)s active), with the renewal on %(renewal)s.",
        _int(v, "idle")) % {
        "idle": w.number(_int(v, "idle")), "share": w.percent(_int(v, "share"), 100),
        "renewal": w.date(_text(v, "renewal"))},
}
