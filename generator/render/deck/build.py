"""An account's QBR deck as .pptx bytes: its slides drawn on the template, with the same bytes for the same plan."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime, time

from pptx import Presentation
from pptx.presentation import Presentation as Deck

from ...plan.models import Plan
from ..fonts import east_asian_family
from ..officezip import prop, steady
from ..words import Words
from .content import qbr_slides, review_title
from .draw import Drawer
from .template import DeckTemplate, default_template


def deck_pptx(plan: Plan, per_champion: int, template: DeckTemplate | None = None, *, notes: bool = False,
              word: Callable[[str], str] = str) -> bytes:
    """The deck for ``plan`` on ``template`` (the shipped one when None); ``notes``: speaker notes with the
    reasons and talking points. ``per_champion``: the playbook's licensed seats for each champion; ``word``: a
    library's generic word in the deck's language."""
    deck = Presentation(io.BytesIO((template or default_template()).data))
    _drop_slides(deck)
    w = Words(plan.account.locale, plan.period_months)
    drawer = Drawer(deck, east_asian_family(plan.account.locale), notes)
    for spec in qbr_slides(plan, w, per_champion, word):
        drawer.draw(spec)
    day = datetime.combine(plan.as_of, time())
    props = deck.core_properties
    props.title = prop(f"{plan.account.name}{w.sep}{review_title(plan, w)}")
    props.subject, props.author = prop(plan.account.name), prop(plan.account.csm_name)
    props.last_modified_by = prop(plan.account.csm_name)
    props.created, props.modified, props.revision = day, day, 1
    props.language, props.keywords, props.comments = plan.account.locale, "", ""
    buffer = io.BytesIO()
    deck.save(buffer)
    return steady(buffer.getvalue(), plan.as_of)


def _drop_slides(deck: Deck) -> None:
    """The template's own slides (examples, instructions) are not the account's."""
    ids = deck.slides._sldIdLst  # python-pptx has no public way to delete a slide
    for entry in list(ids):
        deck.part.drop_rel(entry.rId)
        ids.remove(entry)
