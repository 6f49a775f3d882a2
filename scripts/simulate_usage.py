"""A seeded, deterministic simulator of product usage for sample accounts, consistent with their files.

Run: .venv/bin/python scripts/simulate_usage.py [--out accounts/usage] [ACCOUNT.yaml ...]
Writes the long form of docs/usage.md as Parquet, one folder per account (account_id=<id>/usage.parquet),
from FIRST_DAY to LAST_DAY: the 18 months before REFERENCE_DAY (the trend page's year and the months before it),
and one after it that a plan as of REFERENCE_DAY must ignore. Each account's active people, seats and use-case
metrics follow what its file says as of REFERENCE_DAY, so a plan from the data tells the same story as the
file, except where DIFFERENT says the data knows better: an account whose contract starts in the window
ramps up from its start (onboarding), an older one grows steadily; licensed seats step up at each contract
anniversary in the window (an expansion at renewal) and by the file's 30-day change half a month before
REFERENCE_DAY. With --events FILE it writes the same
account's activity as Segment track events (JSON lines) instead, for the raw form.
"""

from __future__ import annotations

import argparse
import json
import random
import zlib
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from generator.inputs.loader import load_account, load_library
from generator.inputs.models import Account
from generator.usage.library import load_metrics
from generator.usage.metrics import Evidence, MetricsFile

SAMPLES = ["accounts/brightline-studio.yaml", "accounts/kestrel-analytics.yaml"]
FIRST_DAY, REFERENCE_DAY, LAST_DAY = date(2025, 6, 1), date(2026, 12, 1), date(2026, 12, 31)
RENEWAL_GROWTH = 0.85  # the seats before an anniversary, of those after it
# Where the data knows better than the file: the state each use case is really in.
DIFFERENT = {"ACC-10042": {"eng-runbooks": "piloting"}, "ACC-10317": {"product-roadmap": "adopted"}}
Row = tuple[date, str | None, str, float]


def _rng(account: Account, what: str) -> random.Random:
    return random.Random(zlib.crc32(f"{account.id}:{what}".encode()))  # the same numbers on every run and machine


def _ramp(day: date, target: float, start: date, rng: random.Random) -> float:
    """A level that reaches ``target`` on REFERENCE_DAY, 1% more by LAST_DAY, with noise: from 10% of it at a
    contract ``start`` in the window (fast at first, as onboarding goes), else steadily from 80% of it."""
    if day > REFERENCE_DAY:
        share = 1 + 0.01 * (day - REFERENCE_DAY).days / (LAST_DAY - REFERENCE_DAY).days
    elif start >= FIRST_DAY:
        done = max(0, (day - start).days) / (REFERENCE_DAY - start).days
        share = 0.1 + 0.9 * (1 - (1 - done) ** 2)
    else:
        share = 0.8 + 0.2 * (day - FIRST_DAY).days / (REFERENCE_DAY - FIRST_DAY).days
    return target * share * rng.uniform(0.985, 1.015)


def _licensed(account: Account, day: date, change_day: date) -> int:
    """The licensed seats on ``day``: the file's less its 30-day change before ``change_day``, and less the growth
    of every contract anniversary in the window still to come."""
    seats = account.licensed_seats - (account.health.seats_30d_delta if day < change_day else 0)
    for year in range(FIRST_DAY.year, REFERENCE_DAY.year + 1):
        anniversary = account.contract_start.replace(year=year)
        if account.contract_start < anniversary <= REFERENCE_DAY and anniversary > FIRST_DAY and day < anniversary:
            seats = round(seats * RENEWAL_GROWTH)
    return seats


def _days() -> Iterator[date]:
    day = FIRST_DAY
    while day <= LAST_DAY:
        yield day
        day += timedelta(days=1)


def seat_rows(account: Account, metrics: MetricsFile) -> Iterator[Row]:
    rng, seats = _rng(account, "seats"), metrics.seats
    change_day = REFERENCE_DAY - timedelta(days=seats.trend_days // 2)  # the file's 30-day change, made mid-window
    for day in _days():
        if day < account.contract_start:
            continue
        licensed = _licensed(account, day, change_day)
        if seats.licensed:
            yield day, None, seats.licensed, float(licensed)
        start = account.contract_start
        yield day, None, seats.active, float(min(licensed, round(_ramp(day, account.active_seats, start, rng))))
        for dept in account.departments:
            users = min(dept.headcount, round(_ramp(day, dept.active_users, start, rng)))
            yield day, dept.key, seats.active, float(users)


def _level(rule: Evidence, state: str | None, rng: random.Random) -> float:
    """The amount a rule should measure for a use case in ``state`` at REFERENCE_DAY."""
    if state == "adopted":
        return rule.adopted * rng.uniform(1.15, 1.5) if rule.compare != "active_days" else 20
    if state == "piloting":
        return rule.piloting + (rule.adopted - rule.piloting) * rng.uniform(0.35, 0.65)
    return rule.piloting * rng.uniform(0.1, 0.4)


def use_case_rows(account: Account, metrics: MetricsFile, personas: dict[str, str],
                  company_wide: set[str]) -> Iterator[Row]:
    states = {**account.adoption, **DIFFERENT.get(account.id or "", {})}
    for rule in metrics.evidence:
        persona = personas[rule.use_case]
        own = [d for d in account.departments if d.persona == persona]
        if persona not in company_wide and not own:
            continue
        rng = _rng(account, rule.use_case)
        state = states.get(rule.use_case)
        level = _level(rule, state, rng)
        # An adopted use case grew with the account; a pilot started four months before the reference day.
        start = account.contract_start if state != "piloting" else REFERENCE_DAY - timedelta(days=120)
        if rule.compare == "share_pct":
            for dept in own or [None]:
                base = dept.headcount if dept else account.licensed_seats
                for day in _days():
                    if day < account.contract_start:
                        continue
                    users = min(base, round(_ramp(day, level * base / 100, start, rng)))
                    yield day, dept.key if dept else None, rule.metric, float(users)
            continue
        per_workday = level / (rule.window_days * 5 / 7) if rule.compare == "total" else 1.0
        for day in _days():
            if day.weekday() >= 5 or day < account.contract_start:  # no work on Saturdays and Sundays
                continue
            if rule.compare == "active_days" and rng.random() > level / 20:
                continue
            count = max(0, round(rng.gauss(_ramp(day, per_workday, start, rng), per_workday ** 0.5)))
            count = max(count, 1) if rule.compare == "active_days" else count
            if count:
                yield day, own[0].key if own else None, rule.metric, float(count)


def write_long_form(account: Account, metrics: MetricsFile, personas: dict[str, str], company_wide: set[str],
                    out: Path) -> Path:
    rows = sorted([*seat_rows(account, metrics), *use_case_rows(account, metrics, personas, company_wide)],
                  key=lambda r: (r[0], r[1] or "", r[2]))
    table = pa.table({"day": pa.array([r[0] for r in rows], pa.date32()),
                      "department": pa.array([r[1] for r in rows], pa.string()),
                      "metric": pa.array([r[2] for r in rows], pa.string()),
                      "value": pa.array([r[3] for r in rows], pa.float64())})
    folder = out / f"account_id={account.id}"
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, folder / "usage.parquet", compression="zstd")
    return folder / "usage.parquet"


def write_events(account: Account, metrics: MetricsFile, days: int, path: Path) -> int:
    """The account's last ``days`` days to REFERENCE_DAY as Segment track events: each active person signs in
    and reads pages, the use cases' people edit their template's pages."""
    rng = _rng(account, "events")
    people = [(d.key, f"{d.key[:3].lower()}-{i}") for d in account.departments for i in range(d.active_users)]
    writers = {r.metric: r for r in metrics.evidence}
    written = 0
    with path.open("w", encoding="utf-8") as out:
        for back in range(days, 0, -1):
            day = REFERENCE_DAY - timedelta(days=back - 1)
            for department, user in people:
                if rng.random() > 0.6:  # not everyone works every day
                    continue
                for metric in ("wiki_readers", "runbook_editors", "prd_editors"):
                    if metric not in writers or rng.random() > 0.3:
                        continue
                    spec = metrics.metric(metric)
                    event = {"type": "track", "event": spec.events[0], "userId": user,
                             "timestamp": f"{day.isoformat()}T{rng.randint(7, 18):02d}:{rng.randint(0, 59):02d}:00Z",
                             "properties": {**spec.where, "department": department},
                             "context": {"groupId": account.id}}
                    out.write(json.dumps(event) + "\n")
                    written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("accounts", nargs="*", default=SAMPLES)
    parser.add_argument("--out", default="accounts/usage", type=Path)
    parser.add_argument("--events", type=Path, help="write Segment events (JSON lines) to this file instead")
    parser.add_argument("--days", type=int, default=45, help="days of events (default: 45)")
    args = parser.parse_args()
    library = load_library(Path("usecases"), Path("playbooks"))
    metrics = load_metrics(Path("usecases"), library.map)
    personas = dict(library.map.persona_of)
    company_wide = {p for p, f in library.map.personas.items() if f.scope == "company"}
    for name in args.accounts:
        account = load_account(Path(name), library)
        if args.events:
            print(args.events, write_events(account, metrics, args.days, args.events), "events")
        else:
            print(write_long_form(account, metrics, personas, company_wide, args.out))


if __name__ == "__main__":
    main()
