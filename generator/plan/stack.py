"""The account's tool stack as the walk sees it: which tool of a group it uses or is proposed, and what
a use case may switch off or set up."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cached_property

from ..inputs.models import Account, Department, UseCase
from ..inputs.playbook import Playbook
from ..inputs.usecase_map import UseCaseMap
from .dates import Slot


class Stack:
    """Tool decisions of a :class:`~generator.plan.walk.Walk`, which provides these attributes."""

    umap: UseCaseMap
    book: Playbook
    account: Account
    applicable: set[str]
    as_of: date
    scheduled: dict[str, Slot]
    retire_by: Callable[[Slot], date]
    _picks: dict[str, str]

    def pick(self, group_id: str) -> str:
        """The account's own tool of a group (integrated first, then in use), else its vendor family's, proposed;
        else no product at all but the group's words for the account's own ('your help desk tool')."""
        if group_id not in self._picks:
            group = self.umap.tool_groups[group_id]
            self._picks[group_id] = self._own(group_id) or group.yours or group.title
        return self._picks[group_id]

    @cached_property
    def lacking(self) -> frozenset[str]:
        """Groups the account has no tool of and its vendor family gives none of: the plan names no product."""
        return frozenset(g for g in self.umap.tool_groups if self._own(g) is None)

    def waits_for(self, uc: UseCase) -> list[str]:
        """The titles of the groups this use case needs a tool of (``needs_own``) that the account lacks."""
        return [self.umap.tool_groups[g].title for g in uc.integrations
                if g in self.lacking and self.umap.tool_groups[g].needs_own]

    def _own(self, group_id: str) -> str | None:
        tools = self.umap.tool_groups[group_id].tools
        for have in (self.account.integrations, self.account.tools_in_use):
            used = {t.casefold() for t in have}
            found = next((t for t in tools if t.casefold() in used), None)
            if found is not None:
                return next(h for h in have if h.casefold() == found.casefold())  # as the account spells it
        # None of the group's: where the suite the account lives in has one, that (Entra ID, not Okta, to a
        # Microsoft shop). A business system it does not run (a CRM, a help desk) is not ours to pick: naming
        # Dynamics 365 or PagerDuty to an account using none is a guess.
        if not self.umap.tool_groups[group_id].in_suite:
            return None
        return next((t for t in tools if t.casefold() in self.ecosystem), None)

    @cached_property
    def ecosystem(self) -> frozenset[str]:
        """The vendor family most of the account's tools and integrations come from (none on a tie)."""
        have = {t.casefold() for t in [*self.account.tools_in_use, *self.account.integrations]}
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
        return {t.casefold(): t for t in self.account.tools_in_use if t.casefold() not in self.kept_tools}

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
        department's use case never switches off what the whole company works in, nor a tool its departments
        do not list where departments list who works in it; a company-wide one switches off a suite only where
        the playbook allows it."""
        used = self._retirable
        persona = self.umap.personas[self.umap.persona_of[uc.id]]
        company = persona.scope == "company"
        allowed = []
        for r in uc.replaces:
            folded = r.casefold()
            if folded not in used:
                continue
            listed = self.tool_departments.get(folded)
            if folded in self.umap.suites:
                ok = company and self.book.retirement.retire_suites
            elif listed:
                ok = company or any(d.persona == persona.persona for d in listed)
            else:
                ok = company or folded not in self.company_tools
            if ok:
                allowed.append(used[folded])
        return sorted(set(allowed))

    @cached_property
    def tool_departments(self) -> dict[str, list[Department]]:
        """The departments that say they work in each tool, by its folded name."""
        out: dict[str, list[Department]] = {}
        for dept in self.account.departments:
            for tool in {t.casefold() for t in dept.tools}:
                out.setdefault(tool, []).append(dept)
        return out

    def switches_off(self, uc_id: str, tool: str) -> bool:
        """Whether this use case is the one to switch the tool off: any that retires it, unless departments list
        the tool, when only the one whose switch-off comes last of their replacements."""
        folded = tool.casefold()
        if folded in self.tool_departments and folded not in self.umap.suites:
            return self._last_replacement.get(folded) == uc_id
        return self._last_job.get(folded) == uc_id

    @cached_property
    def _last_job(self) -> dict[str, str]:
        """For each tool the account uses: the use case whose switch-off comes last of all those offered that do
        a job in it (list it in ``replaces``), once every one of them is adopted or planned. A tool one of whose
        jobs waits in the backlog stays: somebody still works in it."""
        out: dict[str, str] = {}
        for folded in self._retirable:
            jobs = self.jobs_in(folded)
            if jobs and not self.jobs_left(folded):
                out[folded] = max(jobs, key=lambda u: (self._switch_day(u), u))
        return out

    def jobs_in(self, folded: str) -> list[str]:
        """The use cases offered to the account that do a job the tool does today."""
        return self._jobs.get(folded, [])

    @cached_property
    def _jobs(self) -> dict[str, list[str]]:
        # Grouped once by tool: every item's reasons and every switch-off ask for a tool's jobs.
        out: dict[str, list[str]] = {}
        for u in sorted(self.applicable):
            for folded in dict.fromkeys(r.casefold() for r in self.umap.use_cases[u].replaces):
                out.setdefault(folded, []).append(u)
        return out

    def jobs_left(self, folded: str) -> list[str]:
        """Of those, the ones neither adopted nor planned: the tool is kept for them."""
        return [u for u in self.jobs_in(folded) if u not in self._settled]

    @cached_property
    def _settled(self) -> frozenset[str]:
        """Use cases adopted or placed on the plan. Read once the walk has placed every use case."""
        return frozenset(self.scheduled) | frozenset(u for u, s in self.account.adoption.items() if s == "adopted")

    @cached_property
    def _last_replacement(self) -> dict[str, str]:
        """For each tool departments list: the use case whose switch-off is the last of each listing department's
        first replacement (adopted or planned); a tool some listing department has none for is absent."""
        out: dict[str, str] = {}
        for tool, depts in sorted(self.tool_departments.items()):
            replacing = self._replacements[tool]
            firsts = [min(((self._switch_day(u), u) for u in replacing if self._covers(u, d)), default=None)
                      for d in depts]
            if firsts and None not in firsts:
                out[tool] = max(f for f in firsts if f is not None)[1]
        return out

    @cached_property
    def still_needed_by(self) -> dict[str, list[Department]]:
        """For each tool departments list that no use case may switch off: the listing departments with no
        replacement adopted or planned, which keep it."""
        return {tool: [d for d in depts if not any(self._covers(u, d) for u in self._replacements[tool])]
                for tool, depts in sorted(self.tool_departments.items())
                if tool not in self._last_replacement and tool not in self.umap.suites}

    @cached_property
    def _replacements(self) -> dict[str, list[str]]:
        """The use cases adopted or placed that may retire each tool departments list. Read once the walk has
        placed every use case: what is scheduled decides."""
        done = [u for u in sorted(self.applicable) if u in self._settled]
        retiring = {u: {t.casefold() for t in self.retires(self.umap.use_cases[u])} for u in done}
        return {tool: [u for u in done if tool in retiring[u]] for tool in self.tool_departments}

    def _covers(self, uc_id: str, dept: Department) -> bool:
        persona = self.umap.personas[self.umap.persona_of[uc_id]]
        return persona.scope == "company" or persona.persona == dept.persona

    def _switch_day(self, uc_id: str) -> date:
        """When a tool this use case replaces would be switched off: after its QBR, or this QBR's if adopted."""
        slot = self.scheduled.get(uc_id) or Slot(0, self.as_of, self.as_of, "finish")
        return self.retire_by(slot)

    def new_integrations(self, uc: UseCase) -> list[str]:
        """The tools this use case integrates with that the account has not integrated yet, one per group (the
        group's 'your ...' words where the plan names no product)."""
        picks = [self.pick(g) for g in uc.integrations]
        return sorted({t for t in picks if t.casefold() not in self._integrated})

    def unnamed(self, uc: UseCase) -> list[str]:
        """Of :meth:`new_integrations`, the ones that name no product: the account is to say which it uses."""
        return sorted({self.pick(g) for g in uc.integrations if g in self.lacking})
