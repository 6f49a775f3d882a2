"""From one account's usage summary to the values the plan uses: seats, departments' active users, the seat
trend and each use case's adoption, every one with its evidence; and the seats month by month (``series``).

Typed values beat nothing, measured values beat typed ones: a value is measured when the data has its
metric for the account at all (up to the as-of date); a metric the data never names leaves the typed value.
"""

from __future__ import annotations

from datetime import date, timedelta

from ..inputs.measured import Measured
from ..inputs.models import Account
from ..inputs.usecase_map import UseCaseMap
from .health import health_from
from .measure import Reader, Rule, adoption_state, measure_adoption, measured_entry
from .metrics import MetricsFile
from .series import seat_trend
from .summary import AccountUsage


def derive(account: Account, usage: AccountUsage, metrics: MetricsFile, umap: UseCaseMap, as_of: date) -> Account:
    """The account with every value its usage measures replaced, and ``measured`` saying which and from what."""
    reader = Reader(usage, as_of, metrics.seats.stale_days)
    account, measured = _with_seats(account, reader, metrics)
    score, signals = health_from(reader, metrics.health, account.licensed_seats, account.health.score)
    if score is not None:
        account = account.model_copy(update={"health": account.health.model_copy(update={"score": score})})
    account, adopted = _with_adoption(account, reader, metrics, umap)
    reached = _success_metrics(account, reader, umap)
    return account.model_copy(update={"measured": measured + signals + adopted + reached,
                                      "trend": seat_trend(account, usage, metrics.seats, as_of)})


def _with_seats(account: Account, reader: Reader, metrics: MetricsFile) -> tuple[Account, list[Measured]]:
    seats, measured = metrics.seats, []
    update: dict[str, object] = {}
    licensed = account.licensed_seats
    if seats.licensed is not None and (now := reader.latest(seats.licensed)) is not None:
        licensed = max(1, round(now))
        update["licensed_seats"] = licensed
        measured.append(measured_entry("licensed_seats", licensed, account.licensed_seats,
                                       metric=seats.licensed, basis="latest", amount=now))
        then = reader.latest(seats.licensed, day=reader.as_of - timedelta(days=seats.trend_days))
        if then is not None:
            change = licensed - max(1, round(then))
            update["health"] = account.health.model_copy(update={"seats_30d_delta": change})
            measured.append(measured_entry("health.seats_30d_delta", change, account.health.seats_30d_delta,
                                           metric=seats.licensed, basis="change", amount=change,
                                           window_days=seats.trend_days))
    active = reader.latest(seats.active)
    if active is not None:
        update["active_seats"] = min(round(active), licensed)
        measured.append(measured_entry("active_seats", update["active_seats"], account.active_seats,
                                       metric=seats.active, basis="latest", amount=active))
    elif account.active_seats > licensed:  # fewer licensed seats measured than the file's active ones
        update["active_seats"] = licensed
    departments = []
    for dept in account.departments:
        users = reader.latest(seats.active, [dept.key]) if dept.key in reader.usage.departments(seats.active) \
            else None
        if users is None:
            departments.append(dept)
            continue
        departments.append(dept.model_copy(update={"active_users": min(round(users), dept.headcount)}))
        measured.append(measured_entry(f"departments[{dept.key}].active_users", departments[-1].active_users,
                                       dept.active_users, metric=seats.active, basis="latest", amount=users,
                                       base=dept.headcount))
    update["departments"] = departments
    return account.model_copy(update=update), measured


def _with_adoption(account: Account, reader: Reader, metrics: MetricsFile,
                   umap: UseCaseMap) -> tuple[Account, list[Measured]]:
    adoption, measured = dict(account.adoption), []
    for rule in metrics.evidence:
        if rule.metric not in reader.usage.seen or not _offered(umap, account, rule.use_case):
            continue
        amount, shared, window = _read(reader, rule, account, umap, rule.use_case)
        state = adoption_state(rule, amount)
        typed = adoption.pop(rule.use_case, None)
        if state is not None:
            adoption[rule.use_case] = state
        measured.append(measured_entry(f"adoption.{rule.use_case}", state, typed, metric=rule.metric,
                                       basis=rule.compare, amount=amount, window_days=window, base=shared))
        decision = next((a for a in account.adjustments if a.use_case == rule.use_case), None)
        if state is not None and decision is not None:  # a started use case takes no decision (as the loader says)
            measured.append(measured_entry(f"adjustments.{rule.use_case}", "dropped", decision.kind,
                                           metric=rule.metric, basis=rule.compare, amount=amount,
                                           window_days=window, base=shared))
    adjustments = [a for a in account.adjustments if a.use_case not in adoption]
    return account.model_copy(update={"adoption": adoption, "adjustments": adjustments}), measured


def _read(reader: Reader, rule: Rule, account: Account, umap: UseCaseMap,
          uc_id: str) -> tuple[float, int | None, int]:
    """A rule's amount for one use case: of its persona's departments (the whole account for a company-wide one),
    the people a share is of, and the days it covers (0: the latest value)."""
    persona = umap.personas[umap.persona_of[uc_id]]
    own = [d for d in account.departments if d.persona == persona.persona]
    departments = [d.key for d in own] if persona.scope == "department" else None
    base = sum(d.headcount for d in own) if departments else account.licensed_seats
    amount, shared = measure_adoption(reader, rule, departments, base)
    return amount, shared, 0 if rule.compare == "share_pct" else rule.window_days


def _success_metrics(account: Account, reader: Reader, umap: UseCaseMap) -> list[Measured]:
    """Today's value of every success metric the data measures, for the use cases the account is offered."""
    out = []
    for uc_id in umap.order:
        if not _offered(umap, account, uc_id):
            continue
        for i, success in enumerate(umap.use_cases[uc_id].success_metrics):
            by = success.measured_by
            if by is None or by.metric not in reader.usage.seen:
                continue
            amount, shared, window = _read(reader, by, account, umap, uc_id)
            out.append(measured_entry(f"success_metrics.{uc_id}[{i}]", f"{amount:g}", None, metric=by.metric,
                                      basis=by.compare, amount=amount, window_days=window, base=shared))
    return out


def _offered(umap: UseCaseMap, account: Account, uc_id: str) -> bool:
    """Whether the account's segment and departments bring it this use case (the loader's own rule)."""
    if uc_id not in umap.use_cases:
        return False
    persona = umap.personas[umap.persona_of[uc_id]]
    return account.segment in umap.use_cases[uc_id].segments and (
        persona.scope == "company" or any(d.persona == persona.persona for d in account.departments))
