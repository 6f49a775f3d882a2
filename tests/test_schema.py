"""The committed schemas match the models, and they accept every shipped file."""

from __future__ import annotations

import datetime as dt
import json
import os

import jsonschema
import pytest
import yaml

from conftest import ROOT
from generator.schema import SCHEMAS, schema_text

FOLDERS = {"usecases.schema.json": "usecases", "tools.schema.json": "usecases", "metrics.schema.json": "usecases",
           "outcomes.schema.json": "usecases",
           "playbook.schema.json": "playbooks",
           "account.schema.json": "accounts", "theme.schema.json": "themes/example"}


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_is_in_step_with_the_models(name):
    model, title = SCHEMAS[name]
    assert (ROOT / "schemas" / name).read_text() == schema_text(model, title), \
        "the models changed: run `make schemas` and commit the result"


def _as_json(value):
    """YAML dates become strings, as an editor's YAML extension sees them."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


@pytest.mark.parametrize(("name", "folder"), sorted(FOLDERS.items()))
def test_shipped_files_validate_against_their_schema(name, folder):
    schema = json.loads((ROOT / "schemas" / name).read_text())
    validator = jsonschema.Draft202012Validator(schema)
    own = {"tools.schema.json": "tools.yaml", "metrics.schema.json": "metrics.yaml",  # among the persona files
           "outcomes.schema.json": "outcomes.yaml"}
    files = sorted(p for p in (ROOT / folder).glob("*.yaml")
                   if p.name == own.get(name) or (name not in own and p.name not in own.values()))
    assert files
    for path in files:
        first = path.read_text().splitlines()[0]
        schema_path = os.path.relpath(ROOT / "schemas" / name, path.parent)
        assert first == f"# yaml-language-server: $schema={schema_path}", path
        errors = [e.message for e in validator.iter_errors(_as_json(yaml.safe_load(path.read_text())))]
        assert not errors, (path, errors)


def test_schema_rejects_unknown_keys():
    schema = json.loads((ROOT / "schemas" / "account.schema.json").read_text())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"name": "x", "nmae": "y"}, schema)
