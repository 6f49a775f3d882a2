"""usecases/metrics.yaml: its model's rules and its check against the use-case library."""

from __future__ import annotations

import shutil

import pytest
import yaml
from pydantic import ValidationError

from generator.errors import UserError
from generator.usage.library import load_metrics
from generator.usage.metrics import MetricsFile
from usage_files import ROOT

BASE: dict = {"version": 1, "seats": {"active": "active_users"},
        "metrics": [{"id": "active_users", "title": "Active", "measure": "distinct_users"},
                    {"id": "pages_created", "title": "Pages", "measure": "count", "events": ["Page Created"]},
                    {"id": "seats", "title": "Seats", "measure": "gauge"}]}


def _rule(**kw) -> dict:
    return {"use_case": "eng-runbooks", "metric": "active_users", "compare": "share_pct", "piloting": 5,
            "adopted": 25, **kw}


@pytest.mark.parametrize(("change", "says"), [
    ({"evidence": [_rule(piloting=25)]}, "piloting (25) must be below adopted (25)"),
    ({"evidence": [_rule(adopted=120)]}, "a share is at most 100%"),
    ({"evidence": [_rule(metric="nope")]}, "evidence[eng-runbooks].metric: metric 'nope' is not defined"),
    ({"evidence": [_rule(compare="total")]}, "'active_users' is a distinct_users metric; this needs a count one"),
    ({"evidence": [_rule(), _rule()]}, "one evidence rule per use case: eng-runbooks has several"),
    ({"seats": {"active": "pages_created"}}, "seats.active: 'pages_created' is a count metric"),
    ({"seats": {"active": "active_users", "licensed": "active_users"}}, "seats.licensed: 'active_users' is a "
                                                                        "distinct_users metric; this needs a gauge"),
    ({"metrics": [*BASE["metrics"], BASE["metrics"][0]]}, "metric listed twice: active_users"),
    ({"metrics": [{"id": "s", "title": "S", "measure": "gauge", "events": ["X"]}]}, "a gauge is reported as is"),
])
def test_a_metrics_file_that_contradicts_itself_is_refused(change, says):
    with pytest.raises(ValidationError, match=says.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        MetricsFile.model_validate({**BASE, **change})


def test_an_unknown_use_case_is_an_error_at_its_line(shipped, tmp_path):
    folder = tmp_path / "usecases"
    shutil.copytree(ROOT / "usecases", folder)
    data = yaml.safe_load((folder / "metrics.yaml").read_text())
    data["evidence"][0]["use_case"] = "company-wikii"
    (folder / "metrics.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(UserError) as caught:
        load_metrics(folder, shipped.map)
    [problem] = caught.value.problems
    assert "unknown use case 'company-wikii' (did you mean 'company-wiki'?)" in str(problem)
    assert problem.location.line > 1


def test_a_missing_metrics_file_is_said(shipped, tmp_path):
    with pytest.raises(UserError, match="the usage metrics file is missing"):
        load_metrics(tmp_path, shipped.map)


def test_the_library_still_loads_with_the_metrics_file_beside_the_personas(shipped):
    assert "metrics" not in shipped.map.personas
    assert len(load_metrics(ROOT / "usecases", shipped.map).evidence) >= 10


def test_validate_checks_the_metrics_file_too(tmp_path, capsys):
    from generator.cli import main

    folder = tmp_path / "usecases"
    shutil.copytree(ROOT / "usecases", folder)
    assert main(["validate", "--usecases", str(folder), "--playbooks", str(ROOT / "playbooks")]) == 0
    assert "ok: 18 usage metrics, 14 evidence rules" in capsys.readouterr().out
    text = (folder / "metrics.yaml").read_text().replace("use_case: it-sso", "use_case: it-ssso")
    (folder / "metrics.yaml").write_text(text)
    assert main(["validate", "--usecases", str(folder), "--playbooks", str(ROOT / "playbooks")]) == 2
    assert "unknown use case 'it-ssso' (did you mean 'it-sso'?)" in capsys.readouterr().err
