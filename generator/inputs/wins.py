"""The account's own wins, as the CSM curates them: what the customer achieved, told as its own story.

Library stories are other teams' ("teams like yours"); these are the account's, so the roadmap
prints them before the plan, with the customer's quote where the CSM has one.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .fields import Day, Name, StrictModel, Text

MAX_WINS = 50  # a page and a half of the roadmap: more is a case study, not a QBR


class Quote(StrictModel):
    """What a person at the customer said about the win, printed in their name."""

    text: Text = Field(description="The words, as they said them.")
    name: Name = Field(description="Who said it.")
    title: Name = Field(description="Their title, as the documents print it.")


class Win(StrictModel):
    """One thing the account achieved with the workspace."""

    text: Text = Field(description="The win in one sentence the customer may read ('Support answers 30% of "
                                   "tickets from the knowledge base').")
    date: Day = Field(description="When it happened or was measured.")
    quote: Quote | None = Field(None, description="Optional: what a person at the customer said about it.")


Wins = Annotated[list[Win], Field(max_length=MAX_WINS)]
