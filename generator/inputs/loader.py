"""Load the library, the playbooks and accounts from disk into checked models.

Every file is read and checked before anything stops, so one run reports all problems.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from ..errors import Location, Problem, Problems, UserError, did_you_mean
from ..months import shortest_period_days
from .models import Account, PersonaFile, ToolCatalog
from .objectives import OutcomeCatalog
from .playbook import Playbook, security_offer
from .usecase_map import PersonaDoc, UseCaseMap, build_map, unknown_outcome
from .validation import validate
from .yamlsource import Sourced, load_yaml, parse_yaml

M = TypeVar("M", bound=BaseModel)

TOOLS_FILE = "tools"  # usecases/tools.yaml holds the tool groups; every other file there is a persona
OUTCOMES_FILE = "outcomes"  # usecases/outcomes.yaml, the outcomes use cases serve and objectives need
METRICS_FILE = "metrics"  # except usecases/metrics.yaml, usage metrics and evidence rules (generator.usage reads it)


@dataclass(frozen=True, eq=False)
class Library:
    """Everything enablement maintains: the use-case map and the segment playbooks."""

    map: UseCaseMap
    playbooks: dict[str, Playbook]
    warnings: tuple[Problem, ...] = field(default=())
    playbook_files: dict[str, Location] = field(default_factory=dict)  # segment -> where its playbook says so


def display_path(path: Path) -> str:
    """Show a path relative to the working folder when it is inside it, as editors expect."""
    try:
        return os.path.relpath(path) if not os.path.relpath(path).startswith("..") else str(path)
    except ValueError:
        return str(path)


def _yaml_files(directory: Path, what: str, problems: Problems) -> list[Path]:
    if not directory.is_dir():
        problems.add(Location(display_path(directory)), f"the {what} folder does not exist")
        return []
    files = sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    if not files:
        problems.add(Location(display_path(directory)), f"no {what} files (*.yaml) in this folder")
    return files


def load_file(path: Path, model: type[M], problems: Problems) -> tuple[M | None, Sourced | None]:
    """Load one YAML file as ``model``, adding its problems to ``problems``.

    The parsed document is returned even when validation fails, so that callers can
    still use what it declares (a playbook's segment, say) to avoid follow-on noise.
    """
    display = display_path(path)
    try:
        doc = load_yaml(path, display)
    except UserError as exc:
        problems.extend(exc.problems)
        return None, None
    return _validated(doc, display, model, problems)


def _validated(doc: Sourced, display: str, model: type[M], problems: Problems) -> tuple[M | None, Sourced | None]:
    if doc.data is None:
        problems.add(Location(display, 1, 1), f"the file is empty; expected a {_kind(model)} mapping")
        return None, None
    if not isinstance(doc.data, dict):
        problems.add(doc.source.locate(()), "expected a mapping of fields at the top of the file, "
                     f"got {_TOP_WORDS.get(type(doc.data), 'a single value')}")
        return None, None
    result, found = validate(model, doc)
    problems.extend(found)
    return result, doc


_TOP_WORDS: dict[type, str] = {list: "a list", str: "text"}


def _kind(model: type[BaseModel]) -> str:
    kinds: dict[type[BaseModel], str] = {PersonaFile: "use-case", Playbook: "playbook", Account: "account",
                                         ToolCatalog: "tool groups"}
    return kinds.get(model, model.__name__)


def load_library(usecases_dir: Path, playbooks_dir: Path) -> Library:
    """Load and check the whole library; raise :class:`UserError` listing every problem."""
    problems = Problems()
    playbooks: dict[str, Playbook] = {}
    playbook_files: dict[str, Location] = {}
    playbook_sources: dict[str, Sourced] = {}
    declared: set[str] = set()  # segments of playbooks that failed to load: not unknown, just broken
    for path in _yaml_files(playbooks_dir, "playbook", problems):
        book, doc = load_file(path, Playbook, problems)
        if book is None:
            if doc is not None and isinstance(doc.data.get("segment"), str):
                declared.add(doc.data["segment"])
            elif doc is None:  # unreadable: its file name is the best guess at the segment it declares
                declared.add(path.stem)
            continue
        if book.segment in playbooks:
            assert doc is not None  # a validated playbook always comes with its document
            problems.add(doc.source.locate(("segment",)), f"segment '{book.segment}' has two playbooks", "segment")
            continue
        playbooks[book.segment] = book
        assert doc is not None
        playbook_files[book.segment] = doc.source.locate(("segment",))
        playbook_sources[book.segment] = doc
    docs = []
    tools_seen = False
    catalog: ToolCatalog | None = None
    outcomes: OutcomeCatalog | None = None
    for path in _yaml_files(usecases_dir, "use-case", problems):
        if path.stem == TOOLS_FILE:
            tools_seen = True
            found, _ = load_file(path, ToolCatalog, problems)
            catalog = found
            continue
        if path.stem == OUTCOMES_FILE:
            outcomes, _ = load_file(path, OutcomeCatalog, problems)
            continue
        if path.stem == METRICS_FILE:
            continue
        persona, doc = load_file(path, PersonaFile, problems)
        if persona is not None and doc is not None:
            docs.append(PersonaDoc(persona, doc.source))
    if not tools_seen and usecases_dir.is_dir():
        problems.add(Location(display_path(usecases_dir / f"{TOOLS_FILE}.yaml")),
                     "the tool groups file is missing; expected groups of alternative tools (see usecases/README.md)")
    umap = build_map(docs, set(playbooks) | declared, problems, catalog, outcomes)
    if umap is not None:
        _check_playbooks(umap, playbooks, playbook_sources, problems)
    problems.raise_if_errors()
    assert umap is not None
    return Library(umap, playbooks, tuple(sorted(problems.warnings)), playbook_files)


def _check_playbooks(umap: UseCaseMap, playbooks: dict[str, Playbook], sources: dict[str, Sourced],
                     problems: Problems) -> None:
    """What a playbook names from the library exists, and every use case fits in one of its quarters."""
    for segment, book in sorted(playbooks.items()):
        source = sources[segment].source
        group = book.community.channel_group
        if group is not None and group not in umap.tool_groups:
            problems.add(source.locate(("community", "channel_group")), f"unknown tool group '{group}'"
                         f"{did_you_mean(group, umap.tool_groups)}", "community.channel_group")
        for i, step in enumerate(book.onboarding.steps):
            if step.use_case is not None and step.use_case not in umap.use_cases:
                problems.add(source.locate(("onboarding", "steps", i, "use_case")), f"unknown use case "
                             f"'{step.use_case}'{did_you_mean(step.use_case, umap.use_cases)}",
                             f"onboarding.steps[{step.id}].use_case")
        for stage, ids in book.objectives.proposed:
            for i, outcome in enumerate(ids):
                if outcome not in umap.outcomes:
                    problems.add(source.locate(("objectives", "proposed", stage, i)), unknown_outcome(umap, outcome),
                                 f"objectives.proposed.{stage}[{i}]")
        for i, uc_id in enumerate(book.security.use_cases):
            if uc_id not in umap.use_cases:
                problems.add(source.locate(("security", "use_cases", i)), f"unknown use case '{uc_id}'"
                             f"{did_you_mean(uc_id, umap.use_cases)}", f"security.use_cases[{i}]")
        shortest = shortest_period_days(book.qbr_every_months)
        for uc_id in umap.order:
            uc = umap.use_cases[uc_id]
            if segment in uc.segments and uc.effort_weeks * 7 > shortest:
                problems.add(umap.locations[uc_id], f"effort_weeks {uc.effort_weeks} does not fit in one "
                             f"{book.qbr_every_months}-month QBR period of the '{segment}' playbook ({shortest} days "
                             f"at the shortest); split the use case or shorten it", uc_id)


def _check_adjustments(account: Account, umap: UseCaseMap, security: frozenset[str],
                       add: Callable[[tuple, str, str], None]) -> None:
    """Each of the CSM's decisions is about a use case the account is offered and has not started."""
    for i, adj in enumerate(account.adjustments):
        if adj.use_case not in umap.use_cases:
            add(("adjustments", i, "use_case"), f"adjustments[{i}].use_case",
                f"unknown use case '{adj.use_case}'{did_you_mean(adj.use_case, umap.use_cases)}")
        elif adj.use_case in account.adoption:
            add(("adjustments", i, "use_case"), f"adjustments[{i}].use_case",
                f"'{adj.use_case}' is already {account.adoption[adj.use_case]}; there is nothing to decide for it")
        elif not _offered(umap, account, adj.use_case, security):
            add(("adjustments", i, "use_case"), f"adjustments[{i}].use_case",
                f"'{adj.use_case}' is not offered to this account (its segment or departments), so no plan of it "
                "could keep the decision")


def _check_objectives(account: Account, umap: UseCaseMap, add: Callable[[tuple, str, str], None]) -> None:
    """Each objective needs outcomes the library defines: the use cases serving them are what serves it."""
    keys = {d.key for d in account.departments} | {d.persona for d in account.departments}
    for i, objective in enumerate(account.objectives):
        for j, name in enumerate(objective.departments):
            if name not in keys:
                add(("objectives", i, "departments", j), f"objectives[{objective.id}].departments[{j}]",
                    f"no department '{name}'{did_you_mean(name, sorted(keys))}")
        for j, outcome in enumerate(objective.outcomes):
            if outcome not in umap.outcomes:
                add(("objectives", i, "outcomes", j), f"objectives[{objective.id}].outcomes[{j}]",
                    unknown_outcome(umap, outcome))


def _offered(umap: UseCaseMap, account: Account, uc_id: str, security: frozenset[str]) -> bool:
    """Whether the account's segment (or, regulated, its playbook's ``security``) and departments bring it this
    use case."""
    persona = umap.personas[umap.persona_of[uc_id]]
    return (account.segment in umap.use_cases[uc_id].segments or uc_id in security) and (
        persona.scope == "company" or any(d.persona == persona.persona for d in account.departments))


Place = Callable[[tuple, str], tuple[Location, str]]
# A check that later stages add to the account's own: it reports (value path, shown path, message).
AccountCheck = Callable[[Account, Callable[[tuple, str, str], None]], None]


def yaml_place(doc: Sourced) -> Place:
    """Locate a value of an account YAML file; keys of the adoption mapping point at the key."""
    return lambda loc, path: (doc.source.locate(loc, key=loc[0] == "adoption"), path)


def read_account(path: Path, library: Library, problems: Problems,
                 checks: Sequence[AccountCheck] = ()) -> Account | None:
    """Load one account file and check it against the library; None when ``problems`` got errors for it."""
    before = len(problems.errors)
    account, doc = load_file(path, Account, problems)
    if account is not None and doc is not None:
        check_account(account, library, problems, yaml_place(doc), checks)
    return account if len(problems.errors) == before else None


def read_account_text(text: str, display: str, library: Library, problems: Problems,
                      checks: Sequence[AccountCheck] = ()) -> Account | None:
    """An account from YAML text not yet written (an edit to check before saving), as :func:`read_account` would."""
    before = len(problems.errors)
    try:
        account, doc = _validated(parse_yaml(text, display), display, Account, problems)
    except UserError as exc:
        problems.extend(exc.problems)
        return None
    if account is not None and doc is not None:
        check_account(account, library, problems, yaml_place(doc), checks)
    return account if len(problems.errors) == before else None


def load_account(path: Path, library: Library) -> Account:
    """Load one account file and check it against the library."""
    problems = Problems()
    account = read_account(path, library, problems)
    problems.raise_if_errors()
    assert account is not None
    return account


def check_account(account: Account, library: Library, problems: Problems, place: Place,
                  checks: Sequence[AccountCheck] = ()) -> None:
    """Cross-check an account against the library (segment, personas, use cases, steps), then run ``checks``."""
    umap = library.map

    def add(loc: tuple, path: str, message: str) -> None:
        location, shown = place(loc, path)
        problems.add(location, message, shown)

    if account.segment not in library.playbooks:
        add(("segment",), "segment", f"no playbook for segment '{account.segment}'"
            f"{did_you_mean(account.segment, library.playbooks)}")
    for i, dept in enumerate(account.departments):
        if dept.persona not in umap.personas:
            add(("departments", i, "persona"), f"departments[{dept.persona}].persona",
                f"unknown persona '{dept.persona}'{did_you_mean(dept.persona, umap.personas)}")
    for uc_id in account.adoption:
        if uc_id not in umap.use_cases:
            add(("adoption", uc_id), f"adoption.{uc_id}",
                f"unknown use case '{uc_id}'{did_you_mean(uc_id, umap.use_cases)}")
    _check_adjustments(account, umap, security_offer(library.playbooks.get(account.segment), account.regulated), add)
    _check_objectives(account, umap, add)
    for key in ("measured", "trend"):  # the plan would show typed values as measured evidence
        if getattr(account, key):
            add((key,), key, "is written from usage data (--usage), not typed: remove it from the file")
    book = library.playbooks.get(account.segment)
    if book is not None:
        steps = {s.id for s in book.onboarding.steps}
        for i, step in enumerate(account.onboarding_done):
            if step not in steps:
                add(("onboarding_done", i), f"onboarding_done[{i}]", f"unknown onboarding step '{step}' for "
                    f"segment '{account.segment}'{did_you_mean(step, steps)}")
    for check in checks:
        check(account, add)
