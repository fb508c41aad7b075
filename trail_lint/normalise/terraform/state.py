"""Terraform state → model: `terraform show -json` of a state, and a raw terraform.tfstate (v4).

Everything in a state exists, and every value is known. A raw state lists
``resources[].instances[].attributes`` with the module and instance key kept apart, so the
address is rebuilt here the way Terraform prints it (``module.a["x"].aws_cloudtrail.t[0]``).
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from trail_lint.model import At, Existence, InputKind, Path
from trail_lint.normalise import Contents, MalformedInput, Supplied
from trail_lint.normalise.terraform.common import (
    PLAN_KEYS,
    Instance,
    Node,
    check_format_version,
    maybe,
    module_instances,
    need,
)
from trail_lint.normalise.terraform.config import Configuration
from trail_lint.normalise.terraform.resources import contents_of

if TYPE_CHECKING:
    from trail_lint.load import Document

KIND = InputKind.TERRAFORM_STATE


def detect(data: Any) -> bool:
    return detect_show_json(data) or detect_raw(data)


def detect_show_json(data: Any) -> bool:
    return (isinstance(data, dict) and "format_version" in data and "values" in data
            and not any(key in data for key in PLAN_KEYS))


def detect_raw(data: Any) -> bool:
    return (isinstance(data, dict) and "format_version" not in data and isinstance(data.get("version"), int)
            and "terraform_version" in data and ("resources" in data or "modules" in data))


def normalise(doc: Document, supplied: Supplied | None = None) -> Contents:
    state, file = doc.data, doc.file
    if detect_raw(state):
        instances = raw_instances(state, file)
    else:
        check_format_version(state, file, "state")
        values = maybe(state.get("values"), dict, file, ("values",), "values")
        root = values.get("root_module")
        instances = [] if root is None else module_instances(
            root, file, ("values", "root_module"), Existence.EXISTS, set())
    return contents_of(instances, file=file, kind=KIND, config=Configuration())


def raw_instances(state: Any, file: str) -> list[Instance]:
    if state["version"] != 4:
        # v3 (Terraform ≤ 0.11) flattens attributes into "a.#" keys; read a state written since 0.12
        raise MalformedInput(f"unsupported state version {state['version']} (trail-lint reads version 4)",
                             At(file, ("version",)))
    resources = maybe(state.get("resources"), list, file, ("resources",), "resources")
    found: list[Instance] = []
    seen: set[str] = set()
    for index, resource in enumerate(resources):
        here: Path = ("resources", index)
        need(resource, dict, file, here, "resource")
        mode = resource.get("mode", "managed")
        kind = need(resource.get("type"), str, file, here + ("type",), "type")
        name = need(resource.get("name"), str, file, here + ("name",), "name")
        module = need(resource.get("module", ""), str, file, here + ("module",), "module")
        base = ("data." if mode == "data" else "") + f"{kind}.{name}"
        base = f"{module}.{base}" if module else base
        instances = maybe(resource.get("instances"), list, file, here + ("instances",), "instances")
        for number, instance in enumerate(instances):
            at = here + ("instances", number)
            need(instance, dict, file, at, "instance")
            if instance.get("deposed"):
                continue
            address = base + _key(instance.get("index_key"), file, at + ("index_key",))
            attributes = instance.get("attributes")
            if attributes is None and "attributes_flat" in instance:
                continue    # flatmap attributes of an old schema version: nothing reliable to read
            need(attributes, dict, file, at + ("attributes",), "attributes")
            if address in seen:
                continue
            seen.add(address)
            found.append(Instance(address=address, mode=str(mode), type=kind,
                                  node=Node(attributes, None, file, at + ("attributes",)),
                                  existence=Existence.EXISTS, provider=str(resource.get("provider", ""))))
    return found


def _key(index_key: Any, file: str, path: Path) -> str:
    if index_key is None:
        return ""
    if isinstance(index_key, bool) or not isinstance(index_key, (int, str)):
        raise MalformedInput("index_key must be a number or a string", At(file, path))
    return f"[{index_key}]" if isinstance(index_key, int) else f"[{json.dumps(index_key)}]"
