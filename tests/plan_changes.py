"""Small Terraform plans written in tests: resource changes of existing or deleted resources."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def change(address: str, values: dict[str, Any], actions: tuple[str, ...] = ("no-op",)) -> dict[str, Any]:
    """One resource change: values before and after for a no-op, before only for a delete."""
    kind, name = address.rsplit(".", 1)
    after = None if actions == ("delete",) else values
    return {"address": address, "mode": "managed", "type": kind, "name": name,
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": list(actions), "before": values, "after": after, "after_unknown": {}}}


def write_plan(path: Path, changes: list[dict[str, Any]]) -> None:
    path.write_text(json.dumps({"format_version": "1.2", "planned_values": {"root_module": {}},
                                "resource_changes": changes}))
