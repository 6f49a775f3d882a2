"""Planning time per account on a synthetic library of 1,000 use cases and 5,000 accounts.

Run: .venv/bin/python benchmarks/bench_plan.py [--use-cases 1000] [--accounts 5000]
Prints the library build time, then per-account planning time (mean, median, p95, max).
The synthetic data is seeded, so runs are comparable across machines and commits.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date, timedelta

from generator.errors import Problems
from generator.inputs.models import STAGES, Account, PersonaFile, ToolCatalog, ToolGroup
from generator.inputs.playbook import Playbook
from generator.inputs.usecase_map import PersonaDoc, build_map
from generator.inputs.yamlsource import SourceMap
from generator.plan.planner import plan

SEGMENTS = ["digital", "scale", "mid-market", "enterprise"]
TOOLS = [f"Tool {i}" for i in range(40)]
GROUPS = [ToolGroup(id=f"group-{g}", title=f"Group {g}", tools=[f"Integration {g}-{k}" for k in range(3)])
          for g in range(30)]
INTEGRATIONS = [t for g in GROUPS for t in g.tools]


def library(n: int, rng: random.Random):
    personas = [f"persona-{i}" for i in range(max(2, n // 50))]
    files: dict[str, list[dict]] = {p: [] for p in personas}
    for i in range(n):
        window = list(range(max(0, i - 60), i))
        requires = rng.sample(window, k=min(len(window), rng.choice([0, 1, 1, 2, 2, 3])))
        files[personas[0] if i < 5 else rng.choice(personas)].append({
            "id": f"uc-{i}", "title": f"Use case {i}", "summary": "A synthetic use case.",
            "stage": "foundation" if i < 5 else rng.choice(STAGES[1:]), "requires": [f"uc-{r}" for r in requires],
            "replaces": rng.sample(TOOLS, 2), "integrations": [g.id for g in rng.sample(GROUPS, 2)],
            "effort_weeks": rng.randint(1, 8), "value": rng.randint(1, 5), "segments": SEGMENTS,
            "training": [{"module": "Training", "audience": "everyone", "minutes": 30}],
            "success_metrics": [{"metric": "Teams using it", "target": 80, "unit": "%"}]})
    docs = [PersonaDoc(PersonaFile.model_validate({
        "persona": p, "title": p, "scope": "company" if p == personas[0] else "department", "description": "d",
        "owner_roles": ["Head"], "use_cases": ucs}), SourceMap(p)) for p, ucs in files.items() if ucs]
    problems = Problems()
    umap = build_map(docs, set(SEGMENTS), problems, ToolCatalog(groups=GROUPS))
    assert umap is not None, problems.errors
    return umap


def account(umap, rng: random.Random, as_of: date) -> Account:
    seats = rng.randint(10, 20000)
    personas = sorted(p for p, f in umap.personas.items() if f.scope == "department")
    adopted = rng.sample(umap.order[: len(umap.order) // 3], k=rng.randint(0, 40))
    return Account.model_validate({
        "name": "Synthetic", "segment": rng.choice(SEGMENTS),
        "contract_start": as_of - timedelta(days=rng.randint(0, 900)),
        "licensed_seats": seats, "active_seats": rng.randint(0, seats),
        "health": {"score": rng.randint(20, 100), "seats_30d_delta": rng.randint(-seats // 10, seats // 10)},
        "next_qbr": as_of + timedelta(days=rng.randint(1, 90)), "csm": {"name": "CSM", "title": "CSM"},
        "departments": [{"name": f"{p} {k}", "persona": p, "headcount": rng.randint(5, 900),
                         "head": {"name": f"H{k}", "title": "VP"}}
                        for p in rng.sample(personas, k=min(len(personas), rng.randint(1, 8)))
                        for k in range(rng.choice([1, 1, 1, 2]))],
        "adoption": {u: rng.choice(["adopted", "adopted", "piloting"]) for u in adopted},
        "tools": rng.sample(TOOLS, 5), "integrations": rng.sample(INTEGRATIONS, 3)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--use-cases", type=int, default=1000)
    parser.add_argument("--accounts", type=int, default=5000)
    args = parser.parse_args()
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from conftest import playbook as playbook_dict

    rng = random.Random(20261121)
    as_of = date(2026, 11, 21)
    t0 = time.perf_counter()
    umap = library(args.use_cases, rng)
    _ = umap.order, umap.depth, umap.ancestors
    built = time.perf_counter() - t0
    books = {s: Playbook.model_validate(playbook_dict(s, max_new_use_cases_per_quarter=4,
                                                      qbr_every_months=3 if s != "digital" else 6))
             for s in SEGMENTS}
    accounts = [account(umap, rng, as_of) for _ in range(args.accounts)]
    times = []
    for acc in accounts:
        t = time.perf_counter()
        plan(umap, books[acc.segment], acc, as_of=as_of)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    print(f"library: {args.use_cases} use cases, {umap.graph.number_of_edges()} edges, "
          f"built and checked in {built * 1000:.0f} ms")
    print(f"planned {len(accounts)} accounts in {sum(times) / 1000:.1f} s: mean {statistics.mean(times):.2f} ms, "
          f"median {times[len(times) // 2]:.2f} ms, p95 {times[int(len(times) * 0.95)]:.2f} ms, max {times[-1]:.2f} ms")


if __name__ == "__main__":
    main()
