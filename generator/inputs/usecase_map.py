"""The use-case map: a directed graph of use cases and the checks that span files.

An edge ``a -> b`` means *b requires a*, so a topological order is an order in which
use cases can be adopted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import networkx as nx

from ..errors import Location, Problems, did_you_mean
from .models import STAGES, PersonaFile, ToolCatalog, ToolGroup, UseCase
from .objectives import Outcome, OutcomeCatalog
from .yamlsource import SourceMap


@dataclass(frozen=True)
class PersonaDoc:
    """A persona file as loaded, with the map of where its values stand."""

    persona: PersonaFile
    source: SourceMap


@dataclass(frozen=True, eq=False)
class UseCaseMap:
    """The library as a graph, with the persona of every use case."""

    graph: nx.DiGraph
    use_cases: dict[str, UseCase]
    personas: dict[str, PersonaFile]
    persona_of: dict[str, str]
    locations: dict[str, Location]
    tool_groups: dict[str, ToolGroup] = field(default_factory=dict)
    suites: frozenset[str] = frozenset()  # folded names of the tools everybody works in
    ecosystems: tuple[frozenset[str], ...] = ()  # folded names of each vendor family's tools, in the file's order
    outcomes: dict[str, Outcome] = field(default_factory=dict)  # what use cases serve, in the file's order
    words: dict[str, dict[str, str]] = field(default_factory=dict)  # generic words and units, by language
    language: str | None = None  # the language of the words below, once translated
    _languages: dict[str, UseCaseMap] = field(default_factory=dict, repr=False)

    def in_language(self, language: str) -> UseCaseMap:
        """The same map with titles, summaries and stories in ``language`` where the library has them."""
        if language not in self._languages:
            use_cases = {u: _translated(uc, language, self.words) for u, uc in self.use_cases.items()}
            personas = {p: pf.model_copy(update={"title": pf.translations[language].title})
                        if language in pf.translations else pf for p, pf in self.personas.items()}
            groups = {g: _group_in(group, language) for g, group in self.tool_groups.items()}
            outcomes = {o: outcome.in_language(language) for o, outcome in self.outcomes.items()}
            other = UseCaseMap(self.graph, use_cases, personas, self.persona_of, self.locations, groups,
                               self.suites, self.ecosystems, outcomes, self.words, language)
            # The graph is shared, so what is derived from it is too.
            for name in ("order", "depth", "ancestors", "personas_needed"):
                if name in self.__dict__:
                    other.__dict__[name] = self.__dict__[name]
            self._languages[language] = other
        return self._languages[language]

    def translation_texts(self, language: str) -> list[tuple[str, str, Location, bool]]:
        """(id, field, location, translated) for every text of the library, for ``language``."""
        out = []
        for persona_id, persona in sorted(self.personas.items()):
            first = next(u for u in self.order if self.persona_of[u] == persona_id)
            out.append((persona_id, "title", self.locations[first], language in persona.translations))
        for uc_id in self.order:
            uc = self.use_cases[uc_id]
            text = uc.translations.get(language)
            fields = ["title", "summary"] + [f for f in ("story", "training", "success_metrics") if getattr(uc, f)]
            out += [(uc_id, f, self.locations[uc_id], text is not None and getattr(text, f) is not None)
                    for f in fields]
            # A 'replaces' entry or unit in lower case is a word, not a name: the reader gets it in their language.
            said = [*uc.replaces, *(m.unit for m in uc.success_metrics if m.unit)]
            out += [(uc_id, f"words[{word}]", self.locations[uc_id], language in self.words.get(word, {}))
                    for word in dict.fromkeys(said) if word[:1].islower()]
        return out

    def word(self, text: str) -> str:
        """A generic word of the library (a tool named by kind, a unit) in the map's language; a name as it is."""
        return self.words.get(text, {}).get(self.language or "", text)

    def requires(self, use_case_id: str) -> list[str]:
        """Direct prerequisites, sorted."""
        return sorted(self.graph.predecessors(use_case_id))

    def unlocks(self, use_case_id: str) -> list[str]:
        """Use cases that directly require this one, sorted."""
        return sorted(self.graph.successors(use_case_id))

    @cached_property
    def order(self) -> list[str]:
        """A deterministic topological order: ties break by stage, then id."""
        rank = {s: i for i, s in enumerate(STAGES)}
        return list(nx.lexicographical_topological_sort(
            self.graph, key=lambda n: (rank[self.use_cases[n].stage], n)))

    @cached_property
    def depth(self) -> dict[str, int]:
        """Length of the longest chain of prerequisites below each use case."""
        depth: dict[str, int] = {}
        for node in self.order:
            depth[node] = max((depth[p] + 1 for p in self.graph.predecessors(node)), default=0)
        return depth

    @cached_property
    def ancestors(self) -> dict[str, frozenset[str]]:
        """Every use case each one needs, directly or not."""
        result: dict[str, frozenset[str]] = {}
        for node in self.order:
            acc: set[str] = set()
            for p in self.graph.predecessors(node):
                acc.add(p)
                acc |= result[p]
            result[node] = frozenset(acc)
        return result


    @cached_property
    def personas_needed(self) -> dict[str, frozenset[str]]:
        """The personas of each use case and of everything it needs: the departments it waits for."""
        result: dict[str, frozenset[str]] = {}
        for node in self.order:
            acc = {self.persona_of[node]}
            for p in self.graph.predecessors(node):
                acc |= result[p]
            result[node] = frozenset(acc)
        return result


def _group_in(group: ToolGroup, language: str) -> ToolGroup:
    text = group.translations.get(language)
    if text is None:
        return group
    return group.model_copy(update={k: getattr(text, k) for k in ("title", "yours") if getattr(text, k)})


def _translated(uc: UseCase, language: str, words: dict[str, dict[str, str]]) -> UseCase:
    text = uc.translations.get(language)
    # A unit is printed beside its number ("20 runbooks"), so it is the reader's word as the metric is.
    metrics = [m.model_copy(update={"unit": words[m.unit].get(language, m.unit)}) if m.unit in words else m
               for m in uc.success_metrics]
    if text is None:
        return uc.model_copy(update={"success_metrics": metrics}) if metrics != uc.success_metrics else uc
    update: dict[str, object] = {k: getattr(text, k) for k in ("title", "summary", "story") if getattr(text, k)}
    if text.training:
        update["training"] = [t.model_copy(update=given.model_dump())
                              for t, given in zip(uc.training, text.training, strict=True)]
    update["success_metrics"] = metrics if not text.success_metrics else [
        m.model_copy(update={"metric": name}) for m, name in zip(metrics, text.success_metrics, strict=True)]
    return uc.model_copy(update=update)


def build_map(docs: list[PersonaDoc], segments: set[str], problems: Problems,
              catalog: ToolCatalog | None = None, outcomes: OutcomeCatalog | None = None) -> UseCaseMap | None:
    """Build the map from loaded persona files and the tool catalog (its groups, suites and vendor families),
    adding every cross-file problem to ``problems``; without a catalog, tool group names go unchecked."""
    tool_groups = {g.id: g for g in catalog.groups} if catalog is not None else {}
    served = {o.id: o for o in outcomes.outcomes} if outcomes is not None else {}
    graph: nx.DiGraph = nx.DiGraph()
    use_cases: dict[str, UseCase] = {}
    personas: dict[str, PersonaFile] = {}
    persona_of: dict[str, str] = {}
    locations: dict[str, Location] = {}
    where: dict[tuple[str, str], tuple[PersonaDoc, int]] = {}

    for doc in docs:
        p = doc.persona
        if p.persona in personas:
            problems.add(doc.source.locate(("persona",)), f"persona '{p.persona}' is defined twice "
                         f"(also in {_persona_file(docs, p.persona)})", "persona")
            continue
        personas[p.persona] = p
        for i, uc in enumerate(p.use_cases):
            loc = doc.source.locate(("use_cases", i, "id"))
            if uc.id in use_cases:
                problems.add(loc, f"duplicate use case id '{uc.id}' (also defined at {locations[uc.id]})", uc.id)
                continue
            use_cases[uc.id] = uc
            persona_of[uc.id] = p.persona
            locations[uc.id] = loc
            where[("uc", uc.id)] = (doc, i)
            graph.add_node(uc.id)

    for (_, uc_id), (doc, i) in where.items():
        uc = use_cases[uc_id]
        for j, req in enumerate(uc.requires):
            loc = doc.source.locate(("use_cases", i, "requires", j))
            path = f"{uc_id}.requires[{j}]"
            if req == uc_id:
                problems.add(loc, "a use case cannot require itself", path)
            elif req not in use_cases:
                problems.add(loc, f"unknown use case '{req}'{did_you_mean(req, use_cases)}", path)
            else:
                graph.add_edge(req, uc_id)
        _check_names(doc, i, uc, segments=segments, tool_groups=tool_groups if catalog is not None else None,
                     problems=problems)
        for j, outcome in enumerate(uc.outcomes):
            if outcome not in served:
                problems.add(doc.source.locate(("use_cases", i, "outcomes", j)), _unknown(served, outcome),
                             f"{uc_id}.outcomes[{j}]")

    _check_cycles(graph, locations, problems)
    if problems.errors:
        return None
    suites = catalog.suites if catalog is not None else []
    families = catalog.ecosystems if catalog is not None else []
    umap = UseCaseMap(graph, use_cases, personas, persona_of, locations, tool_groups,
                      frozenset(s.casefold() for s in suites), tuple(frozenset(t.casefold() for t in e.tools)
                                                                     for e in families), served,
                      dict(catalog.words) if catalog is not None else {})
    _warn_unreachable(umap, problems)
    return umap


def _check_names(doc: PersonaDoc, i: int, uc: UseCase, *, segments: set[str],
                 tool_groups: dict[str, ToolGroup] | None, problems: Problems) -> None:
    """A use case's segments are playbooks, and its integrations tool groups (unless those failed to load)."""
    for j, group in enumerate(uc.integrations):
        if tool_groups is not None and group not in tool_groups:
            problems.add(doc.source.locate(("use_cases", i, "integrations", j)), f"unknown tool group "
                         f"'{group}'{did_you_mean(group, tool_groups)}; groups are listed in tools.yaml",
                         f"{uc.id}.integrations[{j}]")
    for j, seg in enumerate(uc.segments):
        if seg not in segments:
            problems.add(doc.source.locate(("use_cases", i, "segments", j)),
                         f"segment '{seg}' is not defined by any playbook{did_you_mean(seg, segments)}",
                         f"{uc.id}.segments[{j}]")


def unknown_outcome(umap: UseCaseMap, outcome: str) -> str:
    return _unknown(umap.outcomes, outcome)


def _unknown(outcomes: dict[str, Outcome], outcome: str) -> str:
    if not outcomes:
        return f"unknown outcome '{outcome}': usecases/outcomes.yaml defines none (it is missing or has errors)"
    return f"unknown outcome '{outcome}'{did_you_mean(outcome, outcomes)}; outcomes are listed in outcomes.yaml"


def _persona_file(docs: list[PersonaDoc], persona: str) -> str:
    return next(d.source.file for d in docs if d.persona.persona == persona)


def _check_cycles(graph: nx.DiGraph, locations: dict[str, Location], problems: Problems) -> None:
    for component in sorted(nx.strongly_connected_components(graph), key=min):
        if len(component) < 2:
            continue
        start = min(component)
        edges = nx.find_cycle(graph.subgraph(component), source=start)
        chain = [edges[0][0]] + [v for _, v in edges]
        shown = " -> ".join(f"{n} ({locations[n]})" for n in chain)
        problems.add(locations[start], f"the requires edges form a cycle; each use case is needed by the next: {shown}",
                     start)


def _warn_unreachable(umap: UseCaseMap, problems: Problems) -> None:
    """Warn about use cases that no segment can ever reach: a prerequisite is never offered with them."""
    for uc_id in umap.order:
        uc = umap.use_cases[uc_id]
        ok = [s for s in uc.segments if all(s in umap.use_cases[a].segments for a in umap.ancestors[uc_id])]
        if not ok:
            problems.add(umap.locations[uc_id], "no account can ever reach this use case: in each of its segments "
                         "some prerequisite is not offered", uc_id, severity="warning")
