"""Terraform modules read from .tf files: one directory per module, local child modules followed,
and the evaluation context (variables, locals, ``count``/``each``) of each module instance.

Only ``./`` and ``../`` sources are followed; registry, Git and archive sources cannot be read
offline. https://developer.hashicorp.com/terraform/language/modules/sources#local-paths
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from trail_lint.model import UNKNOWN, At, Deployment, Problem
from trail_lint.normalise.terraform_config import ACCOUNT_SETTINGS, account_deployment
from trail_lint.normalise.terraform_hcl_eval import (
    Resolver,
    evaluate,
    reference_text,
    trees,
)
from trail_lint.normalise.terraform_hcl_functions import bounded
from trail_lint.normalise.terraform_hcl_syntax import (
    Attribute,
    Block,
    TfFile,
    parse_tf,
    read_tf,
)

_MAX_NESTING = 32


@dataclass
class ModuleDir:
    path: str
    files: list[TfFile]

    def blocks(self, kind: str) -> Iterator[tuple[TfFile, Block]]:
        for tf in self.files:
            for block in tf.body.blocks_of(kind):
                yield tf, block


@dataclass
class Expansion:
    """One instance of a resource or module: its address key and its ``count``/``each`` values."""

    key: str                       # "", "[0]", '["a"]', or "" with unknown=True
    names: dict[str, Any]          # "count.index" / "each.key" / "each.value"
    unknown: bool = False


@dataclass
class ModuleInstance:
    address: str                   # "" (root), "module.a", 'module.a["x"].module.b'
    config_path: str               # the address without instance keys
    dir: ModuleDir
    parent: ModuleInstance | None = None
    call: Block | None = None
    call_names: dict[str, Any] = field(default_factory=dict)
    tfvars: dict[str, Any] = field(default_factory=dict)
    _values: dict[str, Any] = field(default_factory=dict)
    _busy: set[str] = field(default_factory=set)

    def resolver(self, names: dict[str, Any] | None = None) -> Resolver:
        """Evaluation of ``var.``, ``local.``, ``count.``, ``each.`` and bucket names here."""
        names = names or {}

        def resolve(root: str, steps: list[Any]) -> tuple[Any, int]:
            first = steps[0] if steps else None
            if root == "var" and isinstance(first, str):
                return self.variable(first), 1
            if root == "local" and isinstance(first, str):
                return self.local(first), 1
            if root in ("count", "each") and isinstance(first, str):
                return names.get(f"{root}.{first}", UNKNOWN), 1
            if root == "aws_s3_bucket" and len(steps) >= 2 and steps[1] in ("id", "bucket"):
                return self.bucket_name(str(first)), 2
            return UNKNOWN, 0
        return resolve

    def _cached(self, key: str, compute: Any) -> Any:
        if key in self._values:
            return self._values[key]
        if key in self._busy:
            return UNKNOWN          # a cycle: Terraform rejects it, trail-lint reads it as unknown
        self._busy.add(key)
        try:
            value = bounded(compute())
        finally:
            self._busy.discard(key)
        self._values[key] = value
        return value

    def variable(self, name: str) -> Any:
        return self._cached(f"var.{name}", lambda: self._variable(name))

    def _variable(self, name: str) -> Any:
        declared = next((block for _, block in self.dir.blocks("variable") if block.labels == (name,)), None)
        if declared is None:
            return UNKNOWN
        if self.call is not None and self.parent is not None and name in self.call.body.attributes:
            return evaluate(self.call.body.attributes[name].expr, self.parent.resolver(self.call_names))
        if self.parent is None and name in self.tfvars:
            return self.tfvars[name]
        default = declared.body.attributes.get("default")
        # a variable without a default is set on the command line or by the environment
        return evaluate(default.expr, _nothing) if default is not None else UNKNOWN

    def local(self, name: str) -> Any:
        return self._cached(f"local.{name}", lambda: self._local(name))

    def _local(self, name: str) -> Any:
        for _, block in self.dir.blocks("locals"):
            if name in block.body.attributes:
                return evaluate(block.body.attributes[name].expr, self.resolver())
        return UNKNOWN

    def bucket_name(self, name: str) -> Any:
        """``aws_s3_bucket.NAME.id``/``.bucket`` is the bucket's ``bucket`` argument, when set literally."""
        for _, block in self.dir.blocks("resource"):
            if block.labels == ("aws_s3_bucket", name):
                attributes = block.body.attributes
                if "count" in attributes or "for_each" in attributes or "bucket" not in attributes:
                    return UNKNOWN
                return self._cached(f"bucket.{name}", lambda: evaluate(attributes["bucket"].expr, self.resolver()))
        return UNKNOWN

    def evaluate(self, attribute: Attribute, names: dict[str, Any] | None = None,
                 scope: dict[str, Any] | None = None) -> Any:
        return evaluate(attribute.expr, self.resolver(names), scope)


def _nothing(_root: str, _steps: list[Any]) -> tuple[Any, int]:
    return UNKNOWN, 0


def expansions(module: ModuleInstance, block: Block, problems: list[Problem], file: str, address: str) -> list[Expansion]:
    """The instances ``count`` or ``for_each`` make of a block; one with an unknown key when unknown."""
    attributes = block.body.attributes
    if "count" in attributes:
        count = module.evaluate(attributes["count"])
        if isinstance(count, str) and count.isdigit():
            count = int(count)
        if isinstance(count, int) and not isinstance(count, bool) and 0 <= count <= 10_000:
            return [Expansion(f"[{index}]", {"count.index": index}) for index in range(count)]
        what = "count"
    elif "for_each" in attributes:
        items = module.evaluate(attributes["for_each"])
        if isinstance(items, dict):
            # Terraform orders instances by key
            return [Expansion(f"[{json.dumps(key)}]", {"each.key": key, "each.value": items[key]})
                    for key in sorted(items)]
        if isinstance(items, list) and all(isinstance(item, str) for item in items):
            return [Expansion(f"[{json.dumps(key)}]", {"each.key": key, "each.value": key})
                    for key in sorted(set(items))]
        what = "for_each"
    else:
        return [Expansion("", {})]
    path = (block.type, *block.labels, what)
    problems.append(Problem(f"{what} of {address} is not known before apply: its instances cannot be listed",
                            At(file, path), resource=address))
    return [Expansion("", {}, unknown=True)]


def provider_region(module: ModuleInstance, key: str) -> Any:
    """The Region of provider configuration ``key`` ("aws", "aws.east") as seen from ``module``:
    its own provider block, else what the caller passes in ``providers``, else (for the default
    configuration) the caller's. None: nothing says, the environment decides."""
    found = provider_block(module, key)
    if found is None:
        return None
    owner, block = found
    region = block.body.attributes.get("region")
    return owner.evaluate(region) if region is not None else None


def provider_block(module: ModuleInstance, key: str) -> tuple[ModuleInstance, Block] | None:
    """The provider block that configures ``key`` for ``module``, and the module it is written in."""
    current: ModuleInstance | None = module
    for _ in range(_MAX_NESTING + 1):
        if current is None:
            return None
        for _, block in current.dir.blocks("provider"):
            alias = block.body.attributes.get("alias")
            alias_value = current.evaluate(alias) if alias else None
            own = block.labels[0] + (f".{alias_value}" if isinstance(alias_value, str) else "") if block.labels else ""
            if own == key:
                return current, block
        passed = _passed_providers(current)
        if key in passed:
            key = passed[key]
        elif "." in key:
            return None      # an alias the caller does not pass: Terraform refuses the configuration
        current = current.parent
    return None


def provider_deployment(module: ModuleInstance, key: str) -> Deployment:
    """The deployment of a resource that uses provider configuration ``key`` in ``module``: its
    root module and the provider's account settings (a root module is its own account scope)."""
    root = module
    while root.parent is not None:
        root = root.parent
    found = provider_block(module, key)
    settings: dict[str, Any] = {}
    if found is not None:
        owner, block = found
        for name in ACCOUNT_SETTINGS:
            attribute = block.body.attributes.get(name)
            if attribute is not None:
                settings[name] = _setting(owner, attribute)
            for inner in block.body.blocks_of(name):
                arn = inner.body.attributes.get("role_arn")
                settings.setdefault(name, []).append(_setting(owner, arn) if arn is not None else "")
    block_id = f"{found[0].address}:{found[1].position.line}" if found is not None else "environment"
    return account_deployment(root.dir.path, key, settings, where=f"root module {root.dir.path}",
                              region_key=f"terraform:{root.dir.path}:{key}:{block_id}")


def _setting(owner: ModuleInstance, attribute: Attribute) -> Any:
    """A setting's value; an unknown one is named by its place, so two unknowns never compare equal."""
    value = owner.evaluate(attribute)
    if value is UNKNOWN:
        return f"<not known: {owner.dir.path}:{attribute.position.line}:{attribute.position.column}>"
    return value


def _passed_providers(module: ModuleInstance) -> dict[str, str]:
    if module.call is None or "providers" not in module.call.body.attributes:
        return {}
    mapping: dict[str, str] = {}
    expression = module.call.body.attributes["providers"].expr
    objects = [node for node in expression.iter_subtrees_topdown() if node.data == "object"][:1]
    for element in trees(objects[0]) if objects else []:
        key_node, value_node = trees(element)[0], trees(element)[-1]
        key = reference_text(trees(key_node)[0]) if trees(key_node) else None
        value = reference_text(value_node)
        if key and value:
            mapping[key] = value
    return mapping


def load_dir(directory: str, files: Sequence[str] | None = None) -> ModuleDir:
    names = files if files is not None else [in_dir(directory, name) for name in _tf_names(directory)]
    return ModuleDir(directory, [read_tf(name) for name in sorted(names)])


def in_dir(directory: str, name: str) -> str:
    return name if directory == "." else os.path.join(directory, name)


def _tf_names(directory: str) -> list[str]:
    try:
        return sorted(name for name in os.listdir(directory)
                      if name.endswith(".tf") and os.path.isfile(os.path.join(directory, name)))
    except OSError:
        return []


def tfvars(directory: str) -> dict[str, Any]:
    """terraform.tfvars then *.auto.tfvars, in name order; later files win, as in Terraform.
    https://developer.hashicorp.com/terraform/language/values/variables#variable-definition-precedence"""
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return {}
    ordered = [n for n in names if n in ("terraform.tfvars", "terraform.tfvars.json")] + \
        [n for n in names if n.endswith((".auto.tfvars", ".auto.tfvars.json"))]
    values: dict[str, Any] = {}
    for name in ordered:
        path = in_dir(directory, name)
        try:
            with open(path, encoding="utf-8-sig") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError):
            continue
        if name.endswith(".json"):
            try:
                loaded = json.loads(text)
            except ValueError:
                continue
            values.update(loaded if isinstance(loaded, dict) else {})
            continue
        parsed = parse_tf(path, text)
        values.update({key: evaluate(attribute.expr, _nothing) for key, attribute in parsed.body.attributes.items()})
    return values


def local_source(module: ModuleInstance, call: Block) -> str | None:
    source = call.body.attributes.get("source")
    value = module.evaluate(source) if source is not None else None
    if isinstance(value, str) and (value.startswith("./") or value.startswith("../")):
        return os.path.normpath(os.path.join(module.dir.path, value))
    return None

