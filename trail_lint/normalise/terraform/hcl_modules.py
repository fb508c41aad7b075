"""The evaluation context of one Terraform module instance: what ``var.``, ``local.``, ``count.``,
``each.``, ``path.``, ``terraform.`` and ``module.`` references give there, local child modules
followed (their outputs read in the child instance), cycles and repeated work cut by one cache.

Only ``./`` and ``../`` sources are followed; registry, Git and archive sources cannot be read
offline. https://developer.hashicorp.com/terraform/language/modules/sources#local-paths
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from trail_lint.model import UNKNOWN, At, Cause, Hole, hole_name, terraform_key
from trail_lint.normalise.terraform.hcl_dir import MAX_NESTING, ModuleDir
from trail_lint.normalise.terraform.hcl_eval import Resolver, after_apply, apply_steps, evaluate
from trail_lint.normalise.terraform.hcl_expansion import expansions
from trail_lint.normalise.terraform.hcl_functions import Files, Unresolved, bounded
from trail_lint.normalise.terraform.hcl_resource_values import (
    NAMED_HERE,
    bucket_value,
    data_source,
    data_value,
    named_value,
    organization_id,
    resource,
)
from trail_lint.normalise.terraform.hcl_syntax import Attribute, Block
from trail_lint.normalise.terraform.hcl_variables import Values, convert, from_text, provider_region_variable

# Data sources whose attributes the configuration settles (see hcl_resource_values.data_value), by attribute
# https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/caller_identity
_READ_HERE = {"aws_caller_identity": ("account_id",), "aws_region": ("name", "region", "id"),
              "aws_partition": ("partition", "id", "dns_suffix"), "template_file": ("rendered",),
              "aws_s3_bucket": ("id", "bucket", "arn"), "aws_iam_policy": ("arn",),
              "aws_organizations_organization": ("id",), "aws_iam_role": ("arn",), "aws_iam_user": ("arn",)}
# Roots of references that are not resources: https://developer.hashicorp.com/terraform/language/expressions/references
# Resources some of whose attributes are known by what they are (held) before apply
_HELD_ROOTS = frozenset({"aws_s3_bucket", "aws_organizations_organization", *NAMED_HERE})
_OTHER_ROOTS = frozenset({"var", "local", "module", "data", "ephemeral", "count", "each", "path", "terraform", "self",
                          "action", "list"})


@dataclass
class ModuleInstance:
    address: str                   # "" (root), "module.a", 'module.a["x"].module.b'
    config_path: str               # the address without instance keys
    dir: ModuleDir
    parent: ModuleInstance | None = None
    call: Block | None = None
    call_names: dict[str, Any] = field(default_factory=dict)
    call_file: str = ""            # the file of ``call``, in the parent's directory
    assigned: Values = field(default_factory=Values)     # root module: tfvars, --var-file, --var
    files: Files | None = None
    root_dir: str = "."
    load: Callable[[str], ModuleDir] | None = None      # a local module's directory, read once per run
    depth: int = 0
    unit: str = ""          # the directory of the terragrunt unit that deploys this root module (terragrunt.py)
    _values: dict[str, Any] = field(default_factory=dict)
    _busy: set[str] = field(default_factory=set)
    _children: dict[str, ModuleInstance] = field(default_factory=dict)
    # a root module's .terraform/modules/modules.json, read when a call first asks (installed_source)
    _installed: dict[str, tuple[str, str]] | None = None

    @property
    def described(self) -> str:
        """How messages name this module instance: its address, or the root module's directory."""
        if self.address:
            return self.address
        if self.unit:
            return f"terragrunt unit {self.unit}"
        return "the root module" if self.dir.path == "." else f"the root module {self.dir.path}"

    def resolver(self, names: dict[str, Any] | None = None) -> Resolver:
        """Evaluation of ``var.``, ``local.``, ``count.``, ``each.``, ``path.`` and bucket names here."""
        names = names or {}

        def resolve(root: str, steps: list[Any]) -> tuple[Any, int]:
            first = steps[0] if steps else None
            if root == "var" and isinstance(first, str):
                return self.variable(first), 1
            if root == "local" and isinstance(first, str):
                return self.local(first), 1
            if root in ("count", "each") and isinstance(first, str):
                return names.get(f"{root}.{first}", UNKNOWN), 1
            if root == "path" and first in ("module", "root", "cwd"):
                # relative to the root module, as Terraform gives them
                here = self.dir.path if first == "module" else self.root_dir
                return os.path.relpath(here, self.root_dir).replace(os.sep, "/") if first != "cwd" else ".", 1
            if root == "terraform" and first == "workspace":
                return self.workspace, 1
            if root == "module" and isinstance(first, str):
                return self.module_output(first, steps[1:])
            if root == "data" and len(steps) >= 2 and isinstance(first, str) and isinstance(steps[1], str) \
                    and (first, steps[1]) not in self.dir.data_sources and not self.dir.errors:
                # no such data source: Terraform rejects the reference ("Reference to undeclared resource")
                return Unresolved(Cause(f"data.{first}.{steps[1]} is not declared", scope=self.described),
                                  error=True), 2
            if root == "data" and len(steps) >= 3 and steps[0] in _READ_HERE and isinstance(steps[1], str):
                # data.KIND.NAME.ATTRIBUTE or data.KIND.NAME[KEY].ATTRIBUTE
                keyed = len(steps) >= 4 and isinstance(steps[2], (int, str)) and isinstance(steps[3], str) \
                    and steps[2] not in _READ_HERE[steps[0]]
                key, attribute = (steps[2], steps[3]) if keyed else (None, steps[2])
                if attribute in _READ_HERE[steps[0]]:
                    used = 4 if keyed else 3
                    return self.held(data_value(self, steps[0], steps[1], key, str(attribute)), root, steps[:used]), used
            if root == "data" and len(steps) >= 2 and steps[0] in _READ_HERE and isinstance(steps[1], str):
                # the data source as a whole (a splat over it, data.template_file.t.*.rendered)
                whole = data_source(self, steps[0], steps[1], _READ_HERE[steps[0]])
                if whole is not None:
                    return whole, 2
            if root in _HELD_ROOTS and isinstance(first, str) and (root, first) not in self.dir.resources:
                # no such resource: Terraform rejects the reference, whatever attribute it reads
                return self.undeclared(root, first), 0
            if root == "aws_s3_bucket" and len(steps) >= 2 and steps[1] in ("id", "bucket", "arn"):
                return self.held(bucket_value(self, str(first), None, steps[1]), root, steps[:2]), 2
            if root == "aws_s3_bucket" and len(steps) >= 3 and steps[2] in ("id", "bucket", "arn") and \
                    isinstance(steps[1], (int, str)):
                return self.held(bucket_value(self, str(first), steps[1], steps[2]), root, steps[:3]), 3
            if root == "aws_organizations_organization" and isinstance(first, str) and len(steps) >= 2 \
                    and steps[1] == "id":
                return self.held(organization_id(self, first), root, steps[:2]), 2
            if root in NAMED_HERE and isinstance(first, str):
                keyed = len(steps) >= 3 and isinstance(steps[1], (int, str)) and isinstance(steps[2], str)
                key, attribute = (steps[1], steps[2]) if keyed else (None, steps[1] if len(steps) >= 2 else None)
                if attribute in NAMED_HERE[root]:
                    used = 3 if keyed else 2
                    return self.held(named_value(self, root, first, key, str(attribute)), root, steps[:used]), used
            if root not in _OTHER_ROOTS and isinstance(first, str):
                whole = resource(self, root, first)
                if isinstance(whole, (list, dict)) and len(steps) >= 2:
                    one = apply_steps(whole, steps[1:2])
                    if isinstance(one, Unresolved) and one.error:
                        # no such instance: Terraform rejects it only where it evaluates the reference,
                        # and the resource that refers to it may have no instance (`count = 0`) either
                        return Unresolved(after_apply(root, steps[:3])), 2
                    return one, 2
                if whole is not None:
                    return whole, 1
            return self.undeclared(root, first), 0
        return resolve

    def undeclared(self, root: str, first: Any) -> Any:
        """A reference to a resource this module does not declare, or a bare name that is no reference:
        Terraform rejects it ("Reference to undeclared resource", "Invalid reference"). UNKNOWN for
        any other reference, and where a file of the module does not parse (its blocks are not all known).
        https://developer.hashicorp.com/terraform/language/expressions/references"""
        if root in _OTHER_ROOTS or self.dir.errors:
            return UNKNOWN
        if not isinstance(first, str):
            return Unresolved(Cause(f"{root} is not a valid reference", scope=self.described), error=True)
        if (root, first) not in self.dir.resources:
            return Unresolved(Cause(f"{root}.{first} is not declared", scope=self.described), error=True)
        return UNKNOWN

    def held(self, value: Any, root: str, steps: list[Any]) -> Any:
        """A value known only after apply that the configuration knows by what it is (Text, from
        data_value or bucket_value): unknown, with the text of its named holes (Unresolved.text)."""
        if not isinstance(value, tuple):
            return value
        from trail_lint.normalise.policy_json import hole_text

        return Unresolved(after_apply(root, steps), text="".join(
            part if isinstance(part, str) else hole_text(part) for part in value))

    @property
    def deployment_key(self) -> str:
        """The ``terraform_key`` of this module instance, the deployment part of its holes' names:
        its root module or Terragrunt unit, then its address."""
        return terraform_key(self.unit or self.root_dir, self.address)

    def hole(self, what: str) -> Hole:
        """A value of this module instance known only after apply, by its address (one segment of an ARN)."""
        return Hole(name=hole_name(self.deployment_key, what))

    def cached(self, key: str, compute: Any) -> Any:
        if key in self._values:
            return self._values[key]
        if key in self._busy:
            # a cycle: Terraform rejects it, trail-lint reads it as unknown
            return Unresolved(Cause(f"{key} refers to itself", scope=self.described), error=True)
        self._busy.add(key)
        try:
            value = bounded(compute())
        finally:
            self._busy.discard(key)
        self._values[key] = value
        return value

    def variable(self, name: str) -> Any:
        return self.cached(f"var.{name}", lambda: self._variable(name))

    def _variable(self, name: str) -> Any:
        found = next(((tf, block) for tf, block in self.dir.blocks("variable") if block.labels == (name,)), None)
        if found is None:
            # passed by the call: Terraform says "Unsupported argument" at the call's argument, so the
            # cause is written there, in the caller's file (hcl_calls reports the argument, TL223)
            at = At(self.call_file, ("module", self.call.labels[0], name)) \
                if self.call is not None and self.call_file and name in self.call.body.attributes else None
            return Unresolved(Cause(f"var.{name} is not declared", at=at, scope=self.described), error=True)
        tf, declared = found
        type_attribute = declared.body.attributes.get("type")
        type_expr = type_attribute.expr if type_attribute is not None else None
        value: Any = None
        if self.call is not None and self.parent is not None:
            if name in self.call.body.attributes:
                value = convert(evaluate(self.call.body.attributes[name].expr, self.parent.resolver(self.call_names),
                                         files=self.parent.files), type_expr)
        elif name in self.assigned.values:
            value = convert(self.assigned.values[name], type_expr)
        elif name in self.assigned.raw:
            value = convert(from_text(self.assigned.raw[name], type_expr), type_expr)
        if value is not None or (self._assigned(name) and not _not_nullable(declared)):
            return value
        # `nullable = false`: a null given is the default
        # https://developer.hashicorp.com/terraform/language/values/variables#disallowing-null-input-values
        default = declared.body.attributes.get("default")
        if default is not None:
            return convert(evaluate(default.expr, _nothing), type_expr)
        # a variable without a default is set on the command line or by the environment
        where = "its module block" if self.call is not None else \
            "the unit's inputs, a tfvars file or --var" if self.unit else "a tfvars file or --var"
        # One variable of one module instance holds one text wherever it is used, which may be anything
        # (as a CloudFormation parameter without a value): a named hole, so that `s3_bucket_name =
        # var.bucket` and `"arn:aws:s3:::${var.bucket}/"` are known to name the same bucket.
        from trail_lint.normalise.policy_json import hole_text

        # A variable that is the Region of one of the module's AWS provider configurations is a Region
        # wherever it is used (the provider puts it in its endpoints' host names): one segment of an
        # ARN, never text with ':' or '/'.
        # https://registry.terraform.io/providers/hashicorp/aws/latest/docs#region
        region = any(provider_region_variable(block, self.dir.locals) == name for _, block in self.dir.blocks("provider"))
        same = Hole(anything=not region, name=hole_name(self.deployment_key, f"var.{name}"))
        return Unresolved(Cause(f"var.{name} has no value: no default, and none given in {where}",
                                At(tf.path, ("variable", name)), self.described), reported=True,
                          text=hole_text(same))

    def _assigned(self, name: str) -> bool:
        if self.call is not None and self.parent is not None:
            return name in self.call.body.attributes
        return name in self.assigned.values or name in self.assigned.raw

    def local(self, name: str) -> Any:
        return self.cached(f"local.{name}", lambda: self._local(name))

    def _local(self, name: str) -> Any:
        expr = self.dir.locals.get(name)
        if expr is not None:
            return evaluate(expr, self.resolver(), files=self.files)
        return Unresolved(Cause(f"local.{name} is not declared", scope=self.described), error=True)

    def instance(self, mode: str, kind: str, name: str, key: int | str | None) -> \
            tuple[dict[str, Attribute], dict[str, Any]] | None:
        """The arguments of ``mode "kind" "name"`` and the ``count``/``each`` names of its instance
        ``key``; None when the block is not here or that instance is not known."""
        found = next((block for _, block in self.dir.blocks(mode) if block.labels == (kind, name)), None)
        if found is None:
            return None
        attributes = found.body.attributes
        expanded = "count" in attributes or "for_each" in attributes
        if expanded != (key is not None):
            return None
        if isinstance(key, int) and "count" in attributes:
            return attributes, {"count.index": key}
        if isinstance(key, str) and "for_each" in attributes:
            items = self.evaluate(attributes["for_each"])
            if isinstance(items, list):
                items = {item: item for item in items if isinstance(item, str)}
            if not isinstance(items, dict) or key not in items:
                return None
            return attributes, {"each.key": key, "each.value": items[key]}
        return None if expanded else (attributes, {})

    def module_output(self, name: str, steps: list[Any]) -> tuple[Any, int]:
        """``module.NAME[KEY].OUTPUT``: the output of a local module, evaluated in that module
        instance; (value, steps used). Registry and Git modules are not read: unknown."""
        call = next((block for _, block in self.dir.blocks("module") if block.labels == (name,)), None)
        if call is None and not self.dir.errors:
            # Terraform rejects it ("Reference to undeclared module"); where a file does not parse, the
            # call may be in it
            return Unresolved(Cause(f"module.{name} is not declared", scope=self.described), error=True), 1
        source = local_source(self, call) if call is not None else None
        if call is not None and source is None:
            # said once by the call's TL002, which also names the checks this value blocks
            return Unresolved(unread_module(self), reported=True), 1
        if call is not None and source is not None and not os.path.isdir(source):
            return Unresolved(self.absent(source), reported=True), 1
        if call is None or source is None or self.load is None or self.depth >= MAX_NESTING:
            return Unresolved(Cause(f"module.{name} is not a local module: its outputs are not read")), 1
        expanded = "count" in call.body.attributes or "for_each" in call.body.attributes
        key = steps[0] if expanded and steps else None
        if expanded and not isinstance(key, (int, str)):
            return Unresolved(Cause(f"module.{name} has count or for_each: all its instances together are not "
                                    "read")), 1
        found = expansions(self, call, [], "", f"module.{name}")
        if found and found[0].unknown:
            return found[0].names["count.index"], 1     # why the instances are not known
        instance = next((e for e in found if e.key == ("" if key is None else f"[{json.dumps(key)}]")), None)
        output = steps[1 if expanded else 0] if len(steps) > (1 if expanded else 0) else None
        if instance is None or not isinstance(output, str):
            return Unresolved(Cause(f"module.{name} has no such instance or output"), error=True), 1
        child = self._children.get(name + instance.key)
        if child is None:
            child = self._children[name + instance.key] = ModuleInstance(
                f"module.{name}{instance.key}", f"module.{name}", self.load(source), self, call, instance.names,
                files=self.files, root_dir=self.root_dir, load=self.load, depth=self.depth + 1, unit=self.unit)
        used = 2 + expanded
        return child.output(output), used

    @property
    def workspace(self) -> Any:
        """``terraform.workspace``: the same in every module of a root module's configuration."""
        root = self
        while root.parent is not None:
            root = root.parent
        if root.assigned.workspace is not None:
            return root.assigned.workspace
        return Unresolved(Cause("terraform.workspace is chosen when Terraform runs: pass --workspace NAME",
                                scope=root.described), reported=True)

    @property
    def unread(self) -> Cause:
        key = "module calls not read"
        cause = self._values.get(key)
        if cause is None:
            at = None
            if key not in self._busy:       # counts that read such a module's outputs
                self._busy.add(key)
                try:
                    at = next((At(tf.path, ("module", block.labels[0])) for tf, block in self.dir.blocks("module")
                               if len(block.labels) == 1 and local_source(self, block) is None
                               and expansions(self, block, [], tf.path, f"module.{block.labels[0]}")), None)
                finally:
                    self._busy.discard(key)
            cause = Cause("modules from a registry or Git are not read offline", at, self.described)
            if at is not None:
                self._values[key] = cause
        return cause

    def absent(self, source: str) -> Cause:
        """Why what the calls of a local module make, and their outputs, are unknown when its directory
        does not exist (a module directory read apart from the modules beside it), which Terraform itself
        rejects ("Unreadable module directory"): one cause per directory, placed at its first call."""
        at = next((At(tf.path, ("module", block.labels[0])) for tf, block in self.dir.blocks("module")
                   if len(block.labels) == 1 and local_source(self, block) == source), None)
        return Cause(f"module directory {source} does not exist", at, self.described)

    def output(self, name: str) -> Any:
        return self.cached(f"output.{name}", lambda: self._output(name))

    def _output(self, name: str) -> Any:
        for _, block in self.dir.blocks("output"):
            if block.labels == (name,) and "value" in block.body.attributes:
                return self.evaluate(block.body.attributes["value"])
        return Unresolved(Cause(f"output {name!r} is not declared in {self.dir.path}"), error=True)

    def evaluate(self, attribute: Attribute, names: dict[str, Any] | None = None,
                 scope: dict[str, Any] | None = None) -> Any:
        return evaluate(attribute.expr, self.resolver(names), scope, files=self.files)


def _nothing(root: str, _steps: list[Any]) -> tuple[Any, int]:
    return Unresolved(Cause(f"a variable default refers to {root}"), error=True), 0


def unread_module(module: ModuleInstance) -> Cause:
    """Why what the registry and Git modules called from ``module`` make, and their outputs, are
    unknown: one cause, placed at the first such call that makes something (count = 0 makes nothing)."""
    return module.unread


def local_source(module: ModuleInstance, call: Block) -> str | None:
    """The directory a module call reads: a local path, or where ``terraform init`` installed a
    registry or Git module (installed_source); None where the inputs hold no copy of it."""
    source = call.body.attributes.get("source")
    value = module.evaluate(source) if source is not None else None
    if isinstance(value, str) and (value.startswith(("./", "../"))):
        return os.path.normpath(os.path.join(module.dir.path, value))
    return installed_source(module, call, value) if isinstance(value, str) and call.labels else None


def installed_source(module: ModuleInstance, call: Block, written: str) -> str | None:
    """Where ``terraform init`` installed the registry or Git module a call names: the directory its
    root module's ``.terraform/modules/modules.json`` records for the call (by its key, the module
    names from the root joined by dots), when the source recorded is the one written (else init is
    due again, and Terraform refuses to plan). The copy is the module's own text at the version
    installed, read as a local module is.
    https://developer.hashicorp.com/terraform/cli/commands/init#child-module-installation"""
    root = module
    while root.parent is not None:
        root = root.parent
    names = [part for part in module.config_path.split(".") if part != "module"] if module.config_path else []
    if root._installed is None:
        root._installed = installed_modules(root.dir.path)
    recorded = root._installed.get(".".join([*names, call.labels[0]]))
    if recorded is None or _bare_source(recorded[0]) != _bare_source(written):
        return None
    directory = os.path.normpath(os.path.join(root.dir.path, recorded[1]))
    return directory if os.path.isdir(directory) else None


def installed_modules(root_dir: str) -> dict[str, tuple[str, str]]:
    """{module key: (source, directory)} of a root module's ``.terraform/modules/modules.json``; {} without one."""
    from trail_lint.load import LoadError, load_file

    manifest = os.path.join(root_dir, ".terraform", "modules", "modules.json")
    try:
        if not os.path.isfile(manifest):
            return {}
        data = load_file(manifest, fmt="json").data
    except (OSError, LoadError):
        return {}
    modules = data.get("Modules") if isinstance(data, dict) else None
    return {entry["Key"]: (entry["Source"], entry["Dir"]) for entry in modules if isinstance(entry, dict)
            and all(isinstance(entry.get(k), str) for k in ("Key", "Source", "Dir")) and entry["Key"]} \
        if isinstance(modules, list) else {}


def _bare_source(source: str) -> str:
    """A module source as init records it and as it may be written, alike: ``registry.terraform.io/``
    left out of a registry address, ``git::``, ``https://`` and ``.git`` out of a Git one."""
    bare = source.removeprefix("registry.terraform.io/").removeprefix("git::").removeprefix("https://")
    address, query = (bare.split("?", 1) + [""])[:2]
    address = address.replace(".git//", "//").removesuffix(".git")
    return f"{address}?{query}" if query else address


def _not_nullable(declared: Block) -> bool:
    """Whether the variable says ``nullable = false``."""
    nullable = declared.body.attributes.get("nullable")
    return nullable is not None and evaluate(nullable.expr, _nothing) is False
