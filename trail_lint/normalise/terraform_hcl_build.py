"""Module instances and resource instances of a .tf configuration, in the shapes the plan reader
uses (``Instance``/``Node`` with unknown marks, ``Configuration`` references), so trails,
buckets, policies and IAM are read by the same code for plans, states and sources."""
from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from trail_lint.model import UNKNOWN, At, Deployment, Existence, Path, Problem
from trail_lint.normalise.terraform_common import Instance, Node
from trail_lint.normalise.terraform_config import Configuration
from trail_lint.normalise.terraform_hcl_eval import reference_text, references
from trail_lint.normalise.terraform_hcl_modules import (
    _MAX_NESTING, ModuleDir, ModuleInstance, expansions, load_dir, local_source, provider_deployment,
    provider_region,
)
from trail_lint.normalise.terraform_hcl_syntax import Block, Body, TfFile

_META = frozenset({"count", "for_each", "provider", "depends_on", "lifecycle", "provisioner", "connection"})
# arguments Terraform converts from "true"/"false" strings; the readers want real booleans
_BOOLEANS = frozenset({
    "is_multi_region_trail", "is_organization_trail", "include_global_service_events", "enable_logging",
    "enable_log_file_validation", "include_management_events",
})
_MAX_INSTANCES = 10_000
_PROVIDER = "registry.terraform.io/hashicorp/aws"


@dataclass
class Tree:
    """Everything read from one run's .tf files."""

    dirs: dict[str, ModuleDir] = field(default_factory=dict)
    modules: list[ModuleInstance] = field(default_factory=list)
    instances: list[Instance] = field(default_factory=list)
    resources: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    places: dict[str, At] = field(default_factory=dict)      # config address → its block
    problems: list[Problem] = field(default_factory=list)
    truncated: bool = False

    def configuration(self) -> Configuration:
        return Configuration(resources=self.resources)


def build(roots: list[ModuleDir], loaded: dict[str, ModuleDir], tfvars_of: Any, with_instances: bool = True) -> Tree:
    tree = Tree(dirs=loaded)
    for root in roots:
        _walk(tree, ModuleInstance("", "", root, tfvars=tfvars_of(root.path)), (root.path,), with_instances)
    return tree


def _walk(tree: Tree, module: ModuleInstance, chain: tuple[str, ...], with_instances: bool) -> None:
    tree.modules.append(module)
    for tf in module.dir.files:
        for block in tf.body.blocks:
            if block.type in ("resource", "data") and len(block.labels) == 2:
                _resource(tree, module, tf, block, with_instances)
            elif block.type == "module" and len(block.labels) == 1:
                _module(tree, module, tf, block, chain, with_instances)


def _join(module: str, resource: str) -> str:
    return f"{module}.{resource}" if module else resource


def _resource(tree: Tree, module: ModuleInstance, tf: TfFile, block: Block, with_instances: bool) -> None:
    kind, name = block.labels
    local = f"{kind}.{name}" if block.type == "resource" else f"data.{kind}.{name}"
    config_address = _join(module.config_path, local)
    expressions = {key: {"references": references(attribute.expr)}
                   for key, attribute in block.body.attributes.items() if key not in _META}
    expressions.update({inner.type: {} for inner in block.body.blocks if inner.type not in _META})
    expressions.update({inner.labels[0]: {} for inner in block.body.blocks if inner.type == "dynamic" and inner.labels})
    tree.resources[(module.config_path, local)] = {"address": local, "expressions": expressions}
    base_path: Path = (block.type, kind, name)
    tree.places.setdefault(config_address, At(tf.path, base_path))
    if not with_instances or _too_many(tree, tf, module.address):
        return
    for expansion in expansions(module, block, tree.problems, tf.path, _join(module.address, local)):
        values = _body_values(module, block.body, expansion.names)
        if block.type == "resource":
            for computed in ("arn", "id"):
                values.setdefault(computed, UNKNOWN)
            if "region" not in values and kind.startswith("aws_"):
                values["region"] = _region(module, block)
                if values["region"] is UNKNOWN:
                    expressions.setdefault("region", {})   # so the reader knows it is set, just unknown
                elif values["region"] is None:
                    del values["region"]
        elif kind == "aws_iam_policy_document":
            values["json"] = UNKNOWN     # rendered only when the data source is read: rebuilt from blocks
        value, mark = split(values)
        deployment = _deployment(module, block) if kind == "aws_cloudtrail" else None
        tree.instances.append(Instance(
            address=_join(module.address, local + expansion.key), mode="managed" if block.type == "resource"
            else "data", type=kind, node=Node(value, mark, tf.path, base_path), existence=Existence.CREATED,
            provider=_PROVIDER, deployment=deployment))


def _too_many(tree: Tree, tf: TfFile, address: str) -> bool:
    """Stop expanding past 10,000 instances: nested counts multiply, and must not hang the linter."""
    if len(tree.instances) + len(tree.modules) <= _MAX_INSTANCES:
        return False
    if not tree.truncated:
        tree.truncated = True
        tree.problems.append(Problem("more than 10000 resource and module instances: the rest are not read",
                                     At(tf.path, ()), resource=address))
    return True


def _region(module: ModuleInstance, block: Block) -> Any:
    key = _provider_key(block)
    return provider_region(module, key) if key else UNKNOWN


def _deployment(module: ModuleInstance, block: Block) -> Deployment | None:
    key = _provider_key(block)
    return provider_deployment(module, key) if key else None


def _provider_key(block: Block) -> str | None:
    """The provider configuration a resource uses: its ``provider`` argument, else the default one."""
    chosen = block.body.attributes.get("provider")
    return reference_text(chosen.expr) if chosen is not None else block.labels[0].split("_", 1)[0]


def _body_values(module: ModuleInstance, body: Body, names: dict[str, Any],
                 scope: dict[str, Any] | None = None) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, attribute in body.attributes.items():
        if key in _META:
            continue
        value = module.evaluate(attribute, names, scope)
        if key in _BOOLEANS and value in ("true", "false"):
            value = value == "true"
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and key not in _BOOLEANS:
            value = str(value)      # Terraform converts numbers for string arguments
        values[key] = value
    for inner in body.blocks:
        if inner.type in _META:
            continue
        if inner.type == "dynamic":
            if inner.labels:
                generated = _dynamic(module, inner, names, scope or {})
                existing = values.setdefault(inner.labels[0], [])
                if generated is UNKNOWN or existing is UNKNOWN:
                    values[inner.labels[0]] = UNKNOWN
                else:
                    existing.extend(generated)
            continue
        existing = values.setdefault(inner.type, [])
        if isinstance(existing, list):
            existing.append(_body_values(module, inner.body, names, scope))
    return values


def _dynamic(module: ModuleInstance, block: Block, names: dict[str, Any], scope: dict[str, Any]) -> Any:
    """The blocks a ``dynamic`` block generates, when its ``for_each`` is known.
    https://developer.hashicorp.com/terraform/language/expressions/dynamic-blocks"""
    attributes = block.body.attributes
    iterator = reference_text(attributes["iterator"].expr) if "iterator" in attributes else block.labels[0]
    contents = block.body.blocks_of("content")
    items = module.evaluate(attributes["for_each"], names, scope) if "for_each" in attributes else UNKNOWN
    if isinstance(items, dict):
        pairs = list(items.items())
    elif isinstance(items, list):
        pairs = list(enumerate(items))
    else:
        return UNKNOWN
    if len(contents) != 1 or not iterator:
        return UNKNOWN
    return [_body_values(module, contents[0].body, names, {**scope, iterator: {"key": key, "value": value}})
            for key, value in pairs]


def split(value: Any) -> tuple[Any, Any]:
    """A value with UNKNOWN parts → (value with None there, ``after_unknown``-style marks)."""
    if value is UNKNOWN:
        return None, True
    if isinstance(value, dict):
        plain, marks = {}, {}
        for key, item in value.items():
            plain[key], mark = split(item)
            if mark:
                marks[key] = mark
        return plain, marks or None
    if isinstance(value, list):
        pairs = [split(item) for item in value]
        marks_list = [mark for _, mark in pairs]
        return [plain for plain, _ in pairs], marks_list if any(marks_list) else None
    return value, None


def _module(tree: Tree, parent: ModuleInstance, tf: TfFile, block: Block, chain: tuple[str, ...],
            with_instances: bool) -> None:
    source = local_source(parent, block)
    if source is None or source in chain or len(chain) > _MAX_NESTING or _too_many(tree, tf, parent.address):
        return
    directory = tree.dirs.get(source)
    if directory is None:
        directory = tree.dirs[source] = load_dir(source)
    name = block.labels[0]
    config_path = _join(parent.config_path, f"module.{name}")
    found = expansions(parent, block, tree.problems, tf.path, _join(parent.address, f"module.{name}")) \
        if with_instances else [None]
    for expansion in found:
        key = expansion.key if expansion else ""
        child = ModuleInstance(_join(parent.address, f"module.{name}{key}"), config_path, directory, parent, block,
                               expansion.names if expansion else {})
        _walk(tree, child, chain + (source,), with_instances)


def child_dirs(directory: ModuleDir) -> Iterator[str]:
    """Local module sources called from a directory (literal sources only)."""
    root = ModuleInstance("", "", directory)
    for _, block in directory.blocks("module"):
        source = local_source(root, block)
        if source is not None:
            yield source


def dir_of(path: str) -> str:
    return os.path.normpath(os.path.dirname(path) or ".")
