"""Files the installed tool reads: schemas and shipped AWS reference data."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


def schema_path(name: str) -> Path:
    """A JSON Schema from `schemas/`: inside the wheel, or at the top of a source checkout."""
    for base in (_PACKAGE / "schemas", _PACKAGE.parent / "schemas"):
        if (base / name).is_file():
            return base / name
    raise FileNotFoundError(f"schema {name} is not installed")


def data_path(name: str) -> Path:
    return _PACKAGE / "data" / name


@cache
def load_json_resource(path: Path) -> Any:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def shipped_policies() -> dict[str, Any]:
    """The AWS managed policies shipped with trail-lint (data/managed-policies.json), by ARN."""
    policies: dict[str, Any] = load_json_resource(data_path("managed-policies.json"))["policies"]
    return policies

