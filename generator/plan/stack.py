"""The account's tool stack as the walk sees it: which tool of a group it uses or is proposed, and what
a use case may switch off or set up."""

from __future__ import annotations

from functools import cached_property

from ..inputs.models import Account, UseCase
from ..inputs.playbook import Playbook
from ..inputs.usecase_map import UseCaseMap


class Stack:
    """Tool decisions of a :class:`~generator.plan.walk.Walk`, which provides these attributes."""

    umap: UseCaseMap
    book: Playbook
    account: Account
    applicable: set[str]
    _picks: dict[str, str]

    def pick(self, group_id: str) -> str:
        """The account's own tool of a group (integrated first, then in use), or the group's first, proposed."""
        if group_id not in self._picks:
            self._picks[group_id] = self._pick(group_id)
        return self._picks[group_id]

    def _pick(self, group_id: str) -> str:
        tools = self.umap.tool_groups[group_id].tools
        for have in (self.account.integrations, self.account.tools):
            used = {t.casefold() for t in have}
            found = next((t for t in tools if t.casefold() in used), None)
            if found is not None:
                return next(h for h in have if h.casefold() == found.casefold())  # as the account spells it
        # None of the group's: propose the one of the vendor family the account lives in (Entra ID, not Okta,
        # to a Microsoft shop), else the group's first.
        return next((t for t in tools if t.casefold() in self.ecosystem), tools[0])

    @cached_property
    def ecosystem(self) -> frozenset[str]:
        """The vendor family most of the account's tools and integrations come from (none on a tie)."""
        have = {t.casefold() for t in [*self.account.tools, *self.account.integrations]}
        counts = sorted(((len(have & family), i) for i, family in enumerate(self.umap.ecosystems)), reverse=True)
        tie = len(counts) > 1 and counts[1][0] == counts[0][0]
        return frozenset() if not counts or counts[0][0] == 0 or tie else self.umap.ecosystems[counts[0][1]]

    @cached_property
    def kept_tools(self) -> frozenset[str]:
        """Tools the account's use cases integrate with: never proposed for retirement."""
        groups = {g for u in self.applicable for g in self.umap.use_cases[u].integrations}
        return frozenset(self.pick(g).casefold() for g in groups)

    @cached_property
    def _retirable(self) -> dict[str, str]:
        """The account's tools that a use case may retire, by their folded name, as the account spells them."""
        return {t.casefold(): t for t in self.account.tools if t.casefold() not in self.kept_tools}

    @cached_property
    def _integrated(self) -> frozenset[str]:
        return frozenset(i.casefold() for i in self.account.integrations)

    @cached_property
    def company_tools(self) -> frozenset[str]:
        """Tools the whole company works in: the suites, and any tool a company-wide use case replaces (a wiki)."""
        replaced = {r.casefold() for u, uc in self.umap.use_cases.items()
                    if self.umap.personas[self.umap.persona_of[u]].scope == "company" for r in uc.replaces}
        return self.umap.suites | frozenset(replaced)

    def retires(self, uc: UseCase) -> list[str]:
        """Tools the account uses today that this use case can retire, as the account spells them. One
        department's use case never switches off what the whole company works in, and a company-wide one
        switches off a suite only where the playbook allows it."""
        used = self._retirable
        company = self.umap.personas[self.umap.persona_of[uc.id]].scope == "company"
        allowed = [r for r in uc.replaces if r.casefold() in used and (
            (company and (self.book.retirement.retire_suites or r.casefold() not in self.umap.suites))
            or (not company and r.casefold() not in self.company_tools))]
        return sorted({used[r.casefold()] for r in allowed})

    def new_integrations(self, uc: UseCase) -> list[str]:
        """The tools this use case integrates with that the account has not integrated yet, one per group."""
        picks = [self.pick(g) for g in uc.integrations]
        return sorted({t for t in picks if t.casefold() not in self._integrated})
