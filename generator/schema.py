"""JSON Schemas for the YAML files, so editors validate and autocomplete them offline."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .files import write_atomic
from .inputs.models import Account, PersonaFile, ToolCatalog
from .inputs.objectives import OutcomeCatalog
from .inputs.playbook import Playbook
from .inputs.theme import Theme
from .plan.models import Plan
from .usage.metrics import MetricsFile

SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "usecases.schema.json": (PersonaFile, "Use-case library file (one persona)"),
    "tools.schema.json": (ToolCatalog, "Tool groups of the use-case library"),
    "outcomes.schema.json": (OutcomeCatalog, "Outcomes the use cases serve (outcomes.yaml)"),
    "metrics.schema.json": (MetricsFile, "Usage metrics and evidence rules of the use-case library (metrics.yaml)"),
    "playbook.schema.json": (Playbook, "Segment playbook"),
    "theme.schema.json": (Theme, "Theme of the CS organisation (theme.yaml)"),
    "account.schema.json": (Account, "Customer account"),
    "plan.schema.json": (Plan, "Account plan (plan.json), the contract the documents render"),
}


def schema_text(model: type[BaseModel], title: str) -> str:
    """The JSON Schema of ``model`` as stable, reviewable text."""
    # Input files are described as they may be written; the plan as it is written.
    schema = model.model_json_schema(mode="serialization" if model is Plan else "validation")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": title}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    """Write every schema into ``directory``; return the paths written."""
    written = []
    for name, (model, title) in SCHEMAS.items():
        path = directory / name
        write_atomic(path, schema_text(model, title).encode("utf-8"))
        written.append(path)
    return written
