"""Planning one account at every list's limit: the largest account the loader accepts.

Run: .venv/bin/python benchmarks/bench_limits.py [--runs 3] [--profile]
Builds a synthetic library of 2,100 use cases (``bench_plan.library``) and one account with
every list of ``generator/inputs/models.py`` at its maximum length, then prints the time of
``plan()`` (best and median of ``--runs``), the peak memory it allocated (tracemalloc, a run of
its own) and the process's peak resident size. ``--profile`` prints the top of a cProfile.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import resource
import statistics
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from benchmarks.bench_plan import INTEGRATIONS, SEGMENTS, TOOLS, library
from conftest import playbook as playbook_dict
from generator.inputs import models
from generator.inputs.models import Account
from generator.inputs.playbook import Playbook
from generator.plan.planner import plan

AS_OF = date(2026, 11, 21)
USE_CASES = models.MAX_ADOPTION + models.MAX_ADJUSTMENTS + 100  # room for both, and some left to plan freely


def _decision(uc_id: str, i: int) -> dict:
    kind = i % 3
    decided: dict[int, dict[str, object]] = {
        0: {"pin": 1 + i % 4}, 1: {"skip": True}, 2: {"defer_until": (AS_OF + timedelta(days=i)).isoformat()}}
    return {"use_case": uc_id, **decided[kind], "reason": "Agreed with the sponsor at the last call."}


def account_at_limits(umap) -> Account:
    personas = sorted(p for p, f in umap.personas.items() if f.scope == "department")
    depts = [{"name": f"Department {i}", "persona": personas[i % len(personas)], "headcount": 900,
              "active_users": 100 + i, "head": {"name": f"Head {i}", "title": "VP"}}
             for i in range(models.MAX_DEPARTMENTS)]
    order = list(umap.order)  # prerequisites first: the adopted ones make the rest candidates
    adopted, decided = order[:models.MAX_ADOPTION], order[models.MAX_ADOPTION:][:models.MAX_ADJUSTMENTS]
    return Account.model_validate({
        "name": "At every limit", "segment": SEGMENTS[-1], "contract_start": (AS_OF - timedelta(days=400)).isoformat(),
        "licensed_seats": 200_000, "active_seats": 50_000, "health": {"score": 80, "seats_30d_delta": 100},
        "next_qbr": (AS_OF + timedelta(days=20)).isoformat(), "csm": {"name": "CSM", "title": "CSM"},
        "executive_sponsor": {"name": "Sponsor", "title": "CEO"}, "admin_lead": {"name": "Admin", "title": "Admin"},
        "departments": depts,
        "champions": [{"name": f"Champion {i}", "department": f"Department {i % models.MAX_DEPARTMENTS}"}
                      for i in range(models.MAX_CHAMPIONS)],
        "adoption": {u: "adopted" if i % 10 else "piloting" for i, u in enumerate(adopted)},
        "onboarding_done": [f"step-{i}" for i in range(models.MAX_ONBOARDING_DONE)],
        "adjustments": [_decision(u, i) for i, u in enumerate(decided)],
        "notes": [f"Note {i}: " + "word " * 390 for i in range(models.MAX_NOTES)],
        "tools": (TOOLS + [f"Other tool {i}" for i in range(models.MAX_TOOLS)])[:models.MAX_TOOLS],
        "integrations": (INTEGRATIONS + [f"Other integration {i}" for i in range(models.MAX_INTEGRATIONS)])
        [:models.MAX_INTEGRATIONS]})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    umap = library(USE_CASES, random.Random(20261121))
    book = Playbook.model_validate(playbook_dict(SEGMENTS[-1], max_new_use_cases_per_quarter=4))
    account = account_at_limits(umap)
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(plan, umap, book, account, as_of=AS_OF)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(20)
        return
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        result = plan(umap, book, account, as_of=AS_OF)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    plan(umap, book, account, as_of=AS_OF)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(f"library {USE_CASES} use cases; account at every limit: {len(account.departments)} departments, "
          f"{len(account.champions)} champions, {len(account.adoption)} adoption, {len(account.adjustments)} "
          f"decisions, {len(account.notes)} notes, {len(account.tools)} tools, {len(account.integrations)} "
          f"integrations; plan has {len(result.items)} items, {len(result.backlog)} in the backlog")
    print(f"plan(): best {min(times):.2f} s, median {statistics.median(times):.2f} s of {args.runs}; "
          f"peak allocated {peak / 2**20:.0f} MB; process peak resident {rss:.0f} MB")


if __name__ == "__main__":
    main()
