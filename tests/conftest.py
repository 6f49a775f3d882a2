"""Shared helpers: the shipped library, and small libraries written into tmp_path."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, settings

from generator.inputs.loader import Library, load_account, load_library
from generator.inputs.models import Account
from generator.usage.metrics import MetricsFile
from generator.usage.read import ENGINES, Engine
from usage_files import shipped_metrics

ROOT = Path(__file__).resolve().parent.parent

# A property holds or it does not: how long an example takes on a busy machine is no part of it.
settings.register_profile("ours", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ours")


def use_case(id: str, requires=(), stage="expand", segments=("scale",), **extra) -> dict:
    """A minimal valid use case."""
    return {"id": id, "title": id.replace("-", " ").title(), "summary": f"Summary of {id}.",
            "stage": stage, "requires": list(requires), "effort_weeks": 2, "value": 3,
            "segments": list(segments), **extra}


def persona(name: str, use_cases: list[dict], scope: str = "department") -> dict:
    return {"persona": name, "title": name.title(), "scope": scope, "description": f"The {name} team.",
            "owner_roles": [f"Head of {name.title()}"], "use_cases": use_cases}


def playbook(segment: str = "scale", **overrides) -> dict:
    """A minimal valid playbook."""
    book = {
        "segment": segment, "title": segment.title(), "description": f"The {segment} segment.",
        "max_new_use_cases_per_quarter": 2,
        "onboarding": {"steps": [{"id": "kickoff", "title": "Kick-off", "owner": "CSM", "due_day": 5},
                                 {"id": "wiki-home", "title": "Wiki home", "owner": "Admin", "due_day": 30}]},
        "council": {"cadence": "monthly", "chair_role": "COO", "sponsor_role": "CEO", "admin_lead_role": "Admin",
                    "purpose": "Steer adoption.", "responsibilities": ["Pick the next wave."]},
        "enablement": {"admin_track": [{"module": "Setup", "minutes": 60}], "train_the_trainer_minutes": 60,
                       "group_session_size": 100, "mandatory_training": False},
        "community": {"champion_ratio": 0.1, "channel": "Slack"},
        "health": {"at_risk_below": 60, "seat_drop_alert_pct": 5, "at_risk_max_new_per_quarter": 1,
                   "reengagement": ["Call the sponsor."]},
    }
    book.update(overrides)
    return book


def write_yaml(path: Path, data) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False))
    return path


def write_library(root: Path, personas: list[dict], playbooks: list[dict] | None = None,
                  tools: dict | None = None) -> tuple[Path, Path]:
    """Write a library into ``root`` (the shipped tool groups unless ``tools`` is given); return its two folders."""
    given = tools if tools is not None else yaml.safe_load((ROOT / "usecases" / "tools.yaml").read_text())
    write_yaml(root / "usecases" / "tools.yaml", given)
    write_yaml(root / "usecases" / "outcomes.yaml", yaml.safe_load((ROOT / "usecases" / "outcomes.yaml").read_text()))
    for p in personas:
        write_yaml(root / "usecases" / f"{p['persona']}.yaml", p)
    for b in playbooks if playbooks is not None else [playbook()]:
        write_yaml(root / "playbooks" / f"{b['segment']}.yaml", b)
    return root / "usecases", root / "playbooks"


SMALL_ACCOUNT = yaml.safe_load((ROOT / "accounts" / "pinecone-bakery.yaml").read_text())
LIBRARY_ARGS = ["--usecases", str(ROOT / "usecases"), "--playbooks", str(ROOT / "playbooks")]


def write_book(folder: Path, names: list[str], **changes) -> Path:
    """A folder of small valid accounts, one file per name, in the order given."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, name in enumerate(names):
        (folder / f"a{i:02d}.yaml").write_text(yaml.safe_dump({**SMALL_ACCOUNT, "name": name, **changes}))
    return folder


@pytest.fixture(scope="session")
def shipped() -> Library:
    return load_library(ROOT / "usecases", ROOT / "playbooks")


@pytest.fixture(scope="session")
def metrics(shipped: Library) -> MetricsFile:
    """The shipped library's usage metrics (usecases/metrics.yaml), for the usage tests."""
    return shipped_metrics(shipped)


@pytest.fixture(scope="session")
def brightline(shipped: Library) -> Account:
    """The Brightline sample, which the shipped usage data is simulated for."""
    return load_account(ROOT / "accounts" / "brightline-studio.yaml", shipped)


@pytest.fixture(scope="session")
def dask_scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Dask cluster of threads of this process, for the usage tests' Dask engine (its dashboard on a free port:
    two test workers each start one; its scratch space in the test's folder, not the machine's)."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=":0",
                                  silence_logs=50, local_directory=str(tmp_path_factory.mktemp("dask"))) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> Engine:
    """Each engine that reads the long form, for a usage test that must find the same on all of them (Dask on its
    threads here: tests/usage/test_engines.py runs it on a cluster)."""
    return Engine(request.param)


@pytest.fixture(autouse=True)
def no_warnings_logged(caplog):
    """Fail a test when anything logs a warning: warnings are for users, not for noise."""
    yield
    loud = [r for r in caplog.get_records("call") if r.levelno >= logging.WARNING]
    assert not loud, [r.getMessage() for r in loud]


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the golden files in tests/golden from the current output; review the diff")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")
