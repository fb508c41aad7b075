"""Module instances and resource instances of a .tf configuration, in the shapes the plan reader
uses (``Instance``/``Node`` with unknown marks, ``Configuration`` references), so trails,
buckets, policies and IAM are read by the same code for plans, states and sources."""
from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from trail_lint.model import (
    ACCOUNT_CHARS,
    FIELD_OPERATORS,
    UNKNOWN,
    UNREAD_SOURCE,
    At,
    Branch,
    Cause,
    Deployment,
    Existence,
    Hole,
    Path,
    Problem,
    RefusedArgument,
    Tag,
    Text,
    Unknown,
    hole_name,
    selector_value_key,
)
from trail_lint.normalise.terraform.buckets import SETTINGS as BUCKET_SETTINGS
from trail_lint.normalise.terraform.common import Instance, Node, strip_key
from trail_lint.normalise.terraform.config import Configuration
from trail_lint.normalise.terraform.delegation import TYPES as DELEGATION_TYPES
from trail_lint.normalise.terraform.hcl_ast import (
    Attribute,
    Call,
    GetAttr,
    Index,
    Literal,
    Parens,
    Template,
    Variable,
    children,
)
from trail_lint.normalise.terraform.hcl_calls import refused_arguments
from trail_lint.normalise.terraform.hcl_dir import MAX_NESTING, ModuleDir, load_dir
from trail_lint.normalise.terraform.hcl_eval import longer_than, reference_text, references, traversal, whole_parts
from trail_lint.normalise.terraform.hcl_expansion import (
    Expansion,
    cause_of,
    expansions,
    matters,
    matters_type,
    values_matter,
)
from trail_lint.normalise.terraform.hcl_functions import (
    SomeBlocks,
    Unresolved,
    file_reader,
    joined_blocks,
    pairs,
    parts_of,
    some_blocks,
    unknown,
)
from trail_lint.normalise.terraform.hcl_modules import ModuleInstance, local_source, unread_module
from trail_lint.normalise.terraform.hcl_providers import (
    provider_default_tags,
    provider_deployment,
    provider_key,
    provider_region,
    provider_region_at,
    region_hole,
)
from trail_lint.normalise.terraform.hcl_salvage import Declared
from trail_lint.normalise.terraform.hcl_switches import StandIn
from trail_lint.normalise.terraform.hcl_syntax import Block, Body, TfFile, is_object_argument
from trail_lint.normalise.terraform.hcl_text import as_bool, as_text
from trail_lint.normalise.terraform.hcl_variables import (
    Assignments,
    Values,
    region_variable,
    root_values,
)
from trail_lint.normalise.terraform.hcl_versions import aws_from
from trail_lint.records import record

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
    """Everything read from one root module's .tf files and the modules it calls. Root modules of one
    run are read each on its own: two of them that call one module give the same addresses, and each
    one's references reach only its own resources."""

    dirs: dict[str, ModuleDir] = field(default_factory=dict)     # every directory read in the run
    root: str = ""                                               # the root module's directory
    modules: list[ModuleInstance] = field(default_factory=list)
    instances: list[Instance] = field(default_factory=list)
    resources: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    places: dict[str, At] = field(default_factory=dict)      # config address → its block
    problems: list[Problem] = field(default_factory=list)
    # (address, argument) → why unknown: the causes of the first unknown part of the argument
    causes: dict[tuple[str, str], tuple[Cause, ...]] = field(default_factory=dict)
    variables: Values | None = None                                      # the root module's values
    imported: set[str] = field(default_factory=set)    # config addresses an import block adopts
    before: int = 0               # resource and module instances of the run's root modules read before this one
    truncated: bool = False
    readable: tuple[str, ...] = ()       # the directories being linted, beside the modules read
    # what module calls pass, or leave out, that their modules refuse (hcl_calls), each once (a call in a module with
    # count is read per instance)
    refused: dict[RefusedArgument, None] = field(default_factory=dict)
    read_files: set[str] = field(default_factory=set)   # the real paths of the files file() read

    def configuration(self) -> Configuration:
        return Configuration(resources=self.resources)


@record
class Root:
    """A root module of the run: a directory, or the module a terragrunt unit deploys (``unit``: the
    unit's directory, which tells two units of one module apart, ``Origin.root``) with the unit's
    inputs, which Terraform gets as environment variables, below every variable file."""

    dir: ModuleDir
    unit: str = ""
    inputs: Mapping[str, Any] = field(default_factory=dict)
    # variable files and values a unit gives Terraform (terragrunt.Unit.assignments), as --var-file/--var
    # give them: after the module's own variable files, before the run's
    assignments: tuple[tuple[str, str], ...] = ()


def build(roots: Sequence[ModuleDir | Root], loaded: dict[str, ModuleDir], assignments: Assignments = (),
          with_instances: bool = True, region: str | None = None, readable: Sequence[str] = ()) -> list[Tree]:
    """One Tree per root module. ``region``: the run's Region (--region), the value of a root module's
    Region variable without one. ``readable``: the directories being linted (``file()`` reads there)."""
    trees: list[Tree] = []
    for given in roots:
        root = given if isinstance(given, Root) else Root(given)
        directory = root.dir
        last = trees[-1] if trees else None
        tree = Tree(dirs=loaded, root=root.unit or directory.path, truncated=last is not None and last.truncated,
                    before=last.before + len(last.instances) + len(last.modules) if last is not None else 0,
                    readable=tuple(readable))
        trees.append(tree)
        tree.imported.update(_import_targets(directory))
        values = tree.variables = root_values(directory.path, (*root.assignments, *assignments))
        for name, value in root.inputs.items():
            if name not in values.values and name not in values.raw:
                values.values[name] = value
        unset = region_variable(values, [b for _, b in directory.blocks("provider")],
                                [b for _, b in directory.blocks("variable")], directory.locals) if region else None
        if unset is not None:
            values.values[unset] = region
        module = ModuleInstance("", "", directory, assigned=values, files=_reader(tree, directory.path),
                                root_dir=directory.path, load=functools.partial(_load, tree), unit=root.unit)
        _walk(tree, module, (directory.path,), with_instances)
    return trees


def _import_targets(root: ModuleDir) -> Iterator[str]:
    """The resources import blocks adopt (root modules only, as Terraform allows), without instance keys.
    https://developer.hashicorp.com/terraform/language/import"""
    for _, block in root.blocks("import"):
        target = block.body.attributes.get("to")
        base, steps = traversal(target.expr) if target is not None else (None, [])
        if isinstance(base, Variable) and base.name:
            yield ".".join([base.name, *(step for step in steps if isinstance(step, str))])


# What an existing resource keeps of what the configuration does not set, when an import block
# adopts it: the AWS provider reads these back from the resource as it is (a bucket's policy, ACL
# and settings, a key's or topic's policy), so the inputs do not say what they are. A policy stays
# absent from the model (an existing resource's policy the inputs do not hold, which its own policy
# resource may still replace); the other settings are unknown.
_KEPT = {"aws_s3_bucket": ("policy", "acl", "logging", "versioning", "object_lock_configuration"),
         "aws_kms_key": ("policy",), "aws_sns_topic": ("policy",)}


def _reader(tree: Tree, root_dir: str) -> Any:
    """``file()``: relative to the root module, as in Terraform, and only inside the modules being read
    or the directories being linted (a repository's policies/ folder beside its terraform/ folder)."""
    return file_reader(root_dir, lambda: (*tree.dirs, *tree.readable), tree.read_files)


def _walk(tree: Tree, module: ModuleInstance, chain: tuple[str, ...], with_instances: bool) -> None:
    tree.modules.append(module)
    for tf in module.dir.files:
        for block in tf.body.blocks:
            if module.dir.is_repeated(tf, block):
                continue
            if block.type in ("resource", "data") and len(block.labels) == 2:
                _resource(tree, module, tf, block, with_instances)
            elif block.type == "module" and len(block.labels) == 1:
                _module(tree, module, tf, block, chain, with_instances)
    for item in module.dir.declared:
        _placeholder(tree, module, item, with_instances)


def _placeholder(tree: Tree, module: ModuleInstance, item: Declared, with_instances: bool) -> None:
    """A resource of a file that does not parse: every value unknown, linked by its references."""
    local = f"{item.type}.{item.name}" if item.kind == "resource" else f"data.{item.type}.{item.name}"
    tree.resources[(module.config_path, local)] = {
        "address": local, "expressions": {key: {"references": refs} for key, refs in item.references.items()}}
    base_path: Path = (item.kind, item.type, item.name)
    tree.places.setdefault(_join(module.config_path, local), At(item.file, base_path))
    if not with_instances:
        return
    address = _join(module.address, local)
    cause = Cause(f"{os.path.basename(item.file)} cannot be parsed", At(item.file, ()),
                  module.described)
    tree.causes[(address, "*")] = (cause,)
    if matters_type(item.type):
        tree.problems.append(Problem(f"{local} is not known", At(item.file, base_path), resource=address,
                                     cause=cause))
    # its provider configuration, as for a block that parses: `provider = aws.east` names it
    chosen = item.references.get("provider") or [item.type.split("_", 1)[0]]
    deployment = provider_deployment(module, chosen[0]) \
        if item.kind == "resource" and item.type in _DEPLOYED else None
    tree.instances.append(Instance(
        address=address, mode="managed" if item.kind == "resource" else "data", type=item.type,
        node=Node(None, True, item.file, base_path), existence=Existence.CREATED, provider=_PROVIDER,
        deployment=deployment))


def _nested_expressions(module: ModuleInstance, blocks: Sequence[Block]) -> dict[str, Any]:
    """The expressions of nested blocks as a plan's configuration holds them: per block type, a list
    with each block's own (its attributes' references, its nested blocks'), in order, so that an
    attribute of the Nth block (a role's ``inline_policy``) links to what it refers to. A type also
    written as a dynamic block maps to {}: which of its blocks comes from where is not known."""
    dynamic = {inner.labels[0] for inner in blocks if inner.type == "dynamic" and inner.labels}
    nested: dict[str, Any] = {name: {} for name in dynamic}
    for inner in blocks:
        if inner.type in _META or inner.type == "dynamic" or inner.type in dynamic:
            continue
        own = {key: {"references": _references(module, attribute.expr)}
               for key, attribute in inner.body.attributes.items()}
        own.update(_nested_expressions(module, inner.body.blocks))
        nested.setdefault(inner.type, []).append(own)
    return nested


def _references(module: ModuleInstance, expr: Any, naming: bool = False) -> list[str]:
    """The references of an expression, each ``local.NAME`` followed by what that local refers to
    and each ``module.NAME[KEY].OUTPUT`` of a local module by what that output refers to (as
    ``module.NAME[KEY].aws_x.y``), and each ``var.NAME`` of a child module by what its module block
    gives (as ``/module.a.aws_x.y``, from the root): a trail often names its log group, bucket or
    key through a local, a module output or a variable, and that is still the link. ``naming``: an
    argument that names a resource by its name (a bucket's), linked only by the parts that may be
    its whole value (``whole_parts``): ``"${aws_s3_bucket.logs.id}-replica"`` names another bucket."""
    found: dict[str, None] = {}

    def named(node: Any) -> list[Any]:
        return whole_parts(node) if naming else [node]

    def visit(directory: ModuleDir, node: Any, prefix: str, depth: int) -> None:
        for ref in (ref for part in named(node) for ref in references(part)):
            if prefix + ref in found:
                continue
            found[prefix + ref] = None
            parts = ref.split(".")
            if parts[0] == "local" and len(parts) > 1 and parts[1] in directory.locals:
                visit(directory, directory.locals[parts[1]], prefix, depth)
            elif parts[0] == "var" and len(parts) > 1 and not prefix and directory is module.dir:
                caller = _argument(module, parts[1])
                if caller is not None and module.parent is not None:   # as the calling module wrote it
                    visit(module.parent.dir, caller, f"/{module.parent.address}." if module.parent.address else "/",
                          depth + 1)
        if depth >= _MAX_OUTPUT_HOPS or module.load is None:
            return
        for name, key, output in (output for part in named(node) for output in _module_outputs(part)):
            child = _local_module(directory, name, module.load)
            if child is None:
                continue
            value = next((block.body.attributes["value"].expr for _, block in child.blocks("output")
                          if block.labels == (output,) and "value" in block.body.attributes), None)
            if value is not None:
                visit(child, value, f"{prefix}module.{name}{key}.", depth + 1)

    visit(module.dir, expr, "", 0)
    return list(found)


def _longer_than(module: ModuleInstance, expr: Any) -> list[str]:
    """The references whose value a naming argument holds with text around it (hcl_eval.longer_than),
    here or in the locals it takes: the names it certainly is not, where they are not also a part
    that may be its whole value (the caller's check)."""
    found: dict[str, None] = {}
    pending, seen = [expr], 0
    while pending and seen < _MAX_OUTPUT_HOPS:
        node, seen = pending.pop(), seen + 1
        found.update((ref, None) for piece in longer_than(node) for ref in references(piece))
        for part in whole_parts(node):
            name = reference_text(part)
            if name and name.startswith("local.") and name.count(".") == 1 and name[6:] in module.dir.locals:
                pending.append(module.dir.locals[name[6:]])
    return list(found)


_MAX_OUTPUT_HOPS = 8   # module outputs followed into modules at most this deep


def _argument(module: ModuleInstance, name: str) -> Any:
    """The expression the module block calling ``module`` gives for its variable ``name``."""
    attribute = module.call.body.attributes.get(name) if module.call is not None else None
    return attribute.expr if attribute is not None else None


# A trail and its bucket (or topic) often take their name from one local or variable, with no
# reference between them: `s3_bucket_name = local.bucket_name` and `bucket = local.bucket_name`
# are the same value, whatever it is, so they are linked as if the trail named the bucket. So are
# the bucket's policy and its settings resources written with the same `bucket = local.bucket_name`.
_BUCKET_NAMED = (("bucket", "aws_s3_bucket", "bucket"),)
_SAME_VALUE = {"aws_cloudtrail": (("s3_bucket_name", "aws_s3_bucket", "bucket"),
                                  ("sns_topic_name", "aws_sns_topic", "name")),
               "aws_s3_bucket_policy": _BUCKET_NAMED, **{kind: _BUCKET_NAMED for kind in BUCKET_SETTINGS}}


def _same_value(module: ModuleInstance, attribute: Attribute, kind: str, target_attribute: str) -> list[str]:
    """The resources of ``kind`` here whose ``target_attribute`` is the same bare local or variable, or
    the same text built from references (``"${aws_s3_bucket.logs.id}-replica"`` in a bucket and in
    its policy), which takes one value wherever it is written in the module, but where it reads an
    instance's own ``each`` or ``count`` or calls a function whose result changes from call to call."""
    written = _bare(attribute.expr)
    if written is None or not written.startswith(("local.", "var.")):
        if not _one_value(attribute.expr):
            return []
        return [f"{kind}.{other.labels[1]}" for _, other in module.dir.blocks("resource")
                if len(other.labels) == 2 and other.labels[0] == kind and target_attribute in other.body.attributes
                and other.body.attributes[target_attribute].expr == attribute.expr]
    return [f"{kind}.{other.labels[1]}" for _, other in module.dir.blocks("resource")
            if len(other.labels) == 2 and other.labels[0] == kind and target_attribute in other.body.attributes
            and _bare(other.body.attributes[target_attribute].expr) == written]


# functions whose result differs from one call to the next
_CHANGING = frozenset({"uuid", "timestamp", "bcrypt", "plantimestamp"})


def _one_value(expr: Any) -> bool:
    """Whether ``expr`` is text built from references that has one value wherever the module writes it."""
    if not isinstance(expr, Template) or len(expr.parts) < 2:
        return False
    refs = references(expr)
    pending, calls = [expr], False
    while pending and not calls:
        node = pending.pop()
        calls = isinstance(node, Call) and node.name in _CHANGING
        pending.extend(children(node))
    return bool(refs) and not calls and not any(ref.split(".")[0] in ("each", "count", "self") for ref in refs)


def _bare(expr: Any) -> str | None:
    """``local.x``, ``(local.x)`` or ``"${local.x}"`` as "local.x"; None for anything else."""
    while isinstance(expr, Parens) or (isinstance(expr, Template) and len(expr.parts) == 1
                                        and not isinstance(expr.parts[0], str)):
        expr = expr.inner if isinstance(expr, Parens) else expr.parts[0]
    return reference_text(expr) if isinstance(expr, GetAttr) else None


def _module_outputs(expr: Any) -> Iterator[tuple[str, str, str]]:
    """(module name, instance key as in addresses, output) of each ``module.NAME[KEY].OUTPUT``
    in an expression whose key, if any, is written as a literal."""
    pending = [expr]
    while pending:
        node = pending.pop()
        if isinstance(node, (GetAttr, Index)):
            root, steps = traversal(node)
            if isinstance(root, Variable) and root.name == "module" and len(steps) >= 2 \
                    and isinstance(steps[0], str):
                key, rest = "", steps[1:]
                if not isinstance(rest[0], str):
                    literal = rest[0].value if isinstance(rest[0], Literal) else \
                        rest[0].parts[0] if isinstance(rest[0], Template) and len(rest[0].parts) == 1 else None
                    key = f"[{json.dumps(literal)}]" if isinstance(literal, (int, str)) else ""
                    rest = rest[1:] if key else []
                if rest and isinstance(rest[0], str):
                    yield steps[0], key, rest[0]
        pending.extend(children(node))


def _local_module(directory: ModuleDir, name: str, load: Callable[[str], ModuleDir]) -> ModuleDir | None:
    """The directory of the local module ``name`` that ``directory`` calls (its source a literal path)."""
    call = next((block for _, block in directory.blocks("module") if block.labels == (name,)), None)
    source = call.body.attributes.get("source") if call is not None else None
    parts = source.expr.parts if source is not None and isinstance(source.expr, Template) else ()
    if len(parts) != 1 or not isinstance(parts[0], str) or not parts[0].startswith(("./", "../")):
        return None
    return load(os.path.normpath(os.path.join(directory.path, parts[0])))


def _join(module: str, resource: str) -> str:
    return f"{module}.{resource}" if module else resource


def _resource(tree: Tree, module: ModuleInstance, tf: TfFile, block: Block, with_instances: bool) -> None:
    kind, name = block.labels
    local = f"{kind}.{name}" if block.type == "resource" else f"data.{kind}.{name}"
    config_address = _join(module.config_path, local)
    # an argument naming a bucket: text around a bucket's name is another bucket's (a topic's ARN,
    # which a trail's sns_topic_name may be, holds the topic's name with text around it)
    naming = {attribute for attribute, target_kind, _target in _SAME_VALUE.get(kind, ()) if target_kind == "aws_s3_bucket"}
    expressions = {key: {"references": _references(module, attribute.expr, key in naming)}
                   for key, attribute in block.body.attributes.items() if key not in _META}
    for key in naming & expressions.keys():
        others = [ref for ref in _longer_than(module, block.body.attributes[key].expr)
                  if ref not in expressions[key]["references"]]
        if others:
            expressions[key]["longer_than"] = others
    for attribute, target_kind, target_attribute in _SAME_VALUE.get(kind, ()) if block.type == "resource" else ():
        if attribute in expressions:
            expressions[attribute]["references"] = [
                *_same_value(module, block.body.attributes[attribute], target_kind, target_attribute),
                *expressions[attribute]["references"]]
    expressions.update(_nested_expressions(module, block.body.blocks))
    tree.resources[(module.config_path, local)] = {"address": local, "expressions": expressions}
    if "for_each" in block.body.attributes:     # as a plan's configuration holds it
        tree.resources[(module.config_path, local)]["for_each_expression"] = {
            "references": _references(module, block.body.attributes["for_each"].expr)}
    base_path: Path = (block.type, kind, name)
    tree.places.setdefault(config_address, At(tf.path, base_path))
    if not with_instances or _too_many(tree, tf, module.address):
        return
    trail = kind == "aws_cloudtrail" and block.type == "resource"
    for expansion in expansions(module, block, tree.problems, tf.path, _join(module.address, local)):
        values = unwritten = _body_values(module, block.body, expansion.names, kind=kind)
        region_at = None
        if block.type == "resource":
            for computed in ("arn", "id"):
                values.setdefault(computed, UNKNOWN)
            if "region" not in values and kind.startswith("aws_"):
                values["region"] = _region(module, block)
                region_at = _region_at(module, block) if trail else None
                if unknown(values["region"]):
                    expressions.setdefault("region", {})   # so the reader knows it is set, just unknown
                elif values["region"] is None:
                    del values["region"]
        elif kind == "aws_iam_policy_document":
            values["json"] = UNKNOWN     # rendered only when the data source is read: rebuilt from blocks
            values = hole_texts(values)
        if block.type == "resource":
            values = held_text(values, kind)
        address = _join(module.address, local + expansion.key)
        adopted = block.type == "resource" and kind in _KEPT and config_address in tree.imported
        if adopted:
            _kept(tree, module, tf, block, address, values, expressions)
        causes: dict[Path, Unresolved] = {}
        if unwritten is not values:
            split(unwritten, causes)    # a principal written with a hole still says its cause (hole_texts)
        value, mark = split(values, causes)
        _explain(tree, module, tf, block, address, causes)
        # the account (and Region) of trails and principals; the organization's is the management account
        deployment = _deployment(module, block) if kind in _DEPLOYED else None
        if trail:
            values = _log_group_wildcard(module, block, values)
        tree.instances.append(Instance(
            address=address, mode="managed" if block.type == "resource" else "data", type=kind,
            node=Node(value, mark, tf.path, base_path), existence=_existence(adopted, expansion),
            provider=_PROVIDER, deployment=deployment,
            holes={**trail_holes(values, deployment, None if "region" in block.body.attributes else
                                 _region_hole(module, block)),
                   **_log_group_arn_read(module, block, values)} if trail else metric_holes(values, kind),
            branches=_branches(module, block, expansion.names, values) if trail else {},
            open_links=_open_links(module, block, expansion.names, values) if trail else frozenset(),
            log_group_arn_versioned=trail and _log_group_arn_versioned(module, block),
            keys=_instance_keys(module, block, expansion.names) if block.type == "resource" else {},
            default_tags=_default_tags(tree, module, block, At(tf.path, base_path + ("tags",)), address)
            if trail else None, region_at=region_at))


def _existence(adopted: bool, expansion: Expansion) -> Existence:
    """An imported resource exists; one whose count or for_each is not known offline (zero instances
    or more) may not be created, which the rules about it say ("if created"; the quota and duplicate
    rules count such a trail as they count a CloudFormation trail under a Condition: one that may be
    there, never a certain one); any other is created."""
    if adopted:
        return Existence.EXISTS
    return Existence.CONDITIONAL if expansion.unknown else Existence.CREATED


def _instance_keys(module: ModuleInstance, block: Block, names: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Instance.keys: the resources of the module that an argument indexes with an expression the
    instance's own ``each`` or ``count`` settles (``aws_ssoadmin_permission_set.pset[each.value.pset_name]``),
    by argument, with the key as an instance address writes it."""
    from trail_lint.normalise.terraform.hcl_eval import evaluate

    if not names:
        return {}
    found: dict[str, dict[str, str]] = {}
    for argument, attribute in block.body.attributes.items():
        pending = [attribute.expr]
        while pending:
            node = pending.pop()
            pending.extend(children(node))
            if not isinstance(node, Index) or isinstance(node.key, Literal):
                continue
            source = node.source
            if not (isinstance(source, GetAttr) and isinstance(source.source, Variable)
                    and (source.source.name, source.name) in module.dir.resources):
                continue
            key = evaluate(node.key, module.resolver(names), files=module.files)
            if isinstance(key, str):
                found.setdefault(argument, {})[f"{source.source.name}.{source.name}"] = f"[{json.dumps(key)}]"
            elif isinstance(key, int) and not isinstance(key, bool):
                found.setdefault(argument, {})[f"{source.source.name}.{source.name}"] = f"[{key}]"
    return found


def _log_group_arn_read(module: ModuleInstance, block: Block, values: dict[str, Any]) -> dict[str, Text]:
    """The trail's log group ARN, known, as Trail.holes holds it (one part) where it is an
    aws_cloudwatch_log_group's ``arn`` as such whose ``:*`` the AWS provider version decides
    (_log_group_arn_versioned)."""
    value = values.get("cloud_watch_logs_group_arn")
    if not isinstance(value, str) or value.endswith(":*") or not _log_group_arn_versioned(module, block):
        return {}
    return {"cloudwatch_logs_group_arn": (value,)}


def _log_group_arn_as_such(module: ModuleInstance, block: Block) -> bool:
    """Whether the trail's log group ARN may be an aws_cloudwatch_log_group's ``arn`` as such (not
    text built around it, ``"${aws_cloudwatch_log_group.x.arn}:*"``), which the reader writes as the
    AWS provider 3.0 and later give it: without ``:*``."""
    written = block.body.attributes.get("cloud_watch_logs_group_arn")
    if written is None:
        return False
    for ref in _references(module, written.expr, naming=True):
        parts = [strip_key(part) for part in ref.lstrip("/").split(".")]
        if any(parts[i:i + 3:2] == ["aws_cloudwatch_log_group", "arn"] for i in range(len(parts) - 2)):
            return True
    return False


def _log_group_arn_versioned(module: ModuleInstance, block: Block) -> bool:
    """Whether the trail's log group ARN is an aws_cloudwatch_log_group's ``arn`` as such, and the
    configuration allows AWS provider versions both before 3.0 (whose ``arn`` ends in ``:*``) and
    from it (whose does not): Trail.log_group_arn_versioned.
    https://github.com/hashicorp/terraform-provider-aws/pull/14214"""
    return _log_group_arn_as_such(module, block) and aws_from(module, _ARN_WITHOUT_WILDCARD) is None


_ARN_WITHOUT_WILDCARD = (3, 0, 0)   # the AWS provider version from which aws_cloudwatch_log_group.arn has no :*


def _log_group_wildcard(module: ModuleInstance, block: Block, values: dict[str, Any]) -> dict[str, Any]:
    """The trail's values with ``:*`` at the end of its log group ARN where that is an
    aws_cloudwatch_log_group's ``arn`` as such and the configuration allows only AWS provider
    versions before 3.0, whose ``arn`` keeps the ``:*`` the API returns."""
    value = values.get("cloud_watch_logs_group_arn")
    if not (isinstance(value, str) or (isinstance(value, Unresolved) and value.text)) \
            or not _log_group_arn_as_such(module, block) or aws_from(module, _ARN_WITHOUT_WILDCARD) is not False:
        return values
    suffixed = value + ":*" if isinstance(value, str) else \
        Unresolved(value.cause, value.reported, value.error, f"{value.text}:*", value.parts)
    return {**values, "cloud_watch_logs_group_arn": suffixed}


def _branches(module: ModuleInstance, block: Block, names: dict[str, Any], values: dict[str, Any]
              ) -> dict[str, tuple[Branch, ...]]:
    """A trail's values that tests not known before apply choose (hcl_switches)."""
    from trail_lint.normalise.terraform.hcl_eval import evaluate
    from trail_lint.normalise.terraform.hcl_switches import trail_branches

    resolver = module.resolver(names)
    return trail_branches(block.body.attributes, values,
                          lambda expr: evaluate(expr, resolver, files=module.files))


def _open_links(module: ModuleInstance, block: Block, names: dict[str, Any], values: dict[str, Any]) -> frozenset[str]:
    """A trail's arguments that a missing input may make name another resource (hcl_switches); not one
    written as the bare local or variable a resource of the module takes its name from: whatever its
    value, it is that resource's (_SAME_VALUE)."""
    from trail_lint.normalise.terraform.hcl_switches import open_links

    attributes = block.body.attributes
    found = open_links(attributes, values, _evaluation(module, names), _stand_in(module, names))
    return found - {argument for argument, kind, name in _SAME_VALUE["aws_cloudtrail"]
                    if argument in found and _same_value(module, attributes[argument], kind, name)}


def _evaluation(module: ModuleInstance, names: dict[str, Any]) -> Callable[[Any], Any]:
    from trail_lint.normalise.terraform.hcl_eval import evaluate

    resolver = module.resolver(names)
    return lambda expr: evaluate(expr, resolver, files=module.files)


def _literal_only(expr: Any) -> Any:
    """An expression of another module read without its inputs: ``null`` is null, anything else unknown."""
    return None if isinstance(expr, Literal) and expr.value is None else UNKNOWN


def _stand_in(module: ModuleInstance, names: dict[str, Any]) -> Callable[[Any], StandIn | None]:
    """What a reference of ``module`` stands for (hcl_switches.StandIn): ``local.NAME`` its expression
    here; ``var.NAME`` of a called module what the module block gives, read in the caller;
    ``module.NAME.OUTPUT`` of a local module the output's expression, read without that module's
    inputs (``null`` is null, the rest unknown), its references not followed further. None for
    anything else, and where steps after it index (``local.x[0]``)."""
    def stands_for(expr: Any) -> StandIn | None:
        root, steps = traversal(expr)
        if not isinstance(root, Variable) or not steps or not all(isinstance(step, str) for step in steps):
            return None
        first, rest = str(steps[0]), tuple(str(step) for step in steps[1:])
        if root.name == "local" and first in module.dir.locals:
            return StandIn(module.dir.locals[first], _evaluation(module, names), rest, _stand_in(module, names))
        call, parent = module.call, module.parent
        if root.name == "var" and call is not None and parent is not None and first in call.body.attributes:
            return StandIn(call.body.attributes[first].expr, _evaluation(parent, module.call_names), rest,
                           _stand_in(parent, module.call_names))
        if root.name != "module" or not rest or module.load is None:
            return None
        child = _local_module(module.dir, first, module.load)
        value = next((block.body.attributes["value"].expr for _, block in child.blocks("output")
                      if block.labels == (rest[0],) and "value" in block.body.attributes), None) if child else None
        return StandIn(value, _literal_only, rest[1:], lambda _: None) if value is not None else None
    return stands_for


def _kept(tree: Tree, module: ModuleInstance, tf: TfFile, block: Block, address: str, values: dict[str, Any],
          expressions: dict[str, Any]) -> None:
    """An imported bucket, key or topic: what it already has and the configuration does not set is
    unknown, with that cause (one TL002), never taken as absent."""
    kept = [attribute for attribute in _KEPT[block.labels[0]] if attribute not in values]
    if not kept:
        return
    cause = Cause(f"{address} is adopted by an import block: what it already has is not in the inputs",
                  scope=module.described)
    for attribute in kept:
        if attribute != "policy":
            values[attribute] = Unresolved(cause, reported=True)
            expressions.setdefault(attribute, {})     # set, to a value the inputs do not hold
    tree.problems.append(Problem(f"{', '.join(kept)} of {address} is not known",
                                 At(tf.path, (block.type, *block.labels)), resource=address, cause=cause))


_DEPLOYED = ("aws_cloudtrail", "aws_organizations_organization", "aws_iam_user", "aws_iam_role", "aws_iam_group",
             "aws_s3_bucket", "aws_s3_account_public_access_block", "aws_kms_key", "aws_kms_key_policy",
             *DELEGATION_TYPES)


def _too_many(tree: Tree, tf: TfFile, address: str) -> bool:
    """Stop expanding past 10,000 instances: nested counts multiply, and must not hang the linter."""
    if tree.truncated or tree.before + len(tree.instances) + len(tree.modules) <= _MAX_INSTANCES:
        return tree.truncated
    tree.truncated = True     # said once in the run: the root modules after this one are not read either
    tree.problems.append(Problem("more than 10000 resource and module instances: the rest are not read",
                                 At(tf.path, ()), resource=address))
    return True


def _region(module: ModuleInstance, block: Block) -> Any:
    key = provider_key(block)
    return provider_region(module, key) if key else UNKNOWN


def _region_hole(module: ModuleInstance, block: Block) -> Hole | None:
    key = provider_key(block)
    return region_hole(module, key) if key else None


def _region_at(module: ModuleInstance, block: Block) -> At | None:
    key = provider_key(block)
    return provider_region_at(module, key) if key else None


def _deployment(module: ModuleInstance, block: Block) -> Deployment | None:
    key = provider_key(block)
    return provider_deployment(module, key) if key else None


def _default_tags(tree: Tree, module: ModuleInstance, block: Block, tags: At,
                  address: str) -> tuple[Tag, ...] | Unknown | None:
    """The default_tags of the resource's provider configuration, each placed where the provider block
    writes them, and a tag standing for any number more where some are not known offline (a map
    merged in that is not known); UNKNOWN when none is known. The reader's TL002 is at the resource's
    ``tags`` when the cause is the inputs' (a variable without a value), once per cause."""
    key = provider_key(block)
    found = provider_default_tags(module, key) if key else None
    if found is None:
        return None
    written, rest, at = found
    if written is None and rest is None:
        return None     # `tags = null`: no default tags
    if isinstance(written, dict) and rest is None:
        # keys known, values known or not: the tags are counted, a value not known is not measured
        return tuple(Tag(str(name), _tag_text(value), at) for name, value in written.items())
    unknown_part = rest if isinstance(written, dict) else written
    if not unknown(unknown_part):
        cause: Cause | None = Cause(f"default_tags of provider {key} is not a map of tags, which Terraform "
                                    "rejects", at, module.described)
    elif getattr(unknown_part, "reported", False) or getattr(unknown_part, "error", False):
        cause = cause_of(unknown_part, module)
    else:
        cause = None    # known only after apply: the rule says it on its own
    if cause is not None:
        tree.problems.append(Problem(f"default_tags of provider {key} of {address} is not known", tags,
                                     resource=address, cause=cause))
    if not isinstance(written, dict):
        return UNKNOWN
    return (*(Tag(str(name), _tag_text(value), at) for name, value in written.items()),
            Tag(UNKNOWN, UNKNOWN, at, any_number=True))


def _tag_text(value: Any) -> str | None | Unknown:
    """A tag value as the provider's map(string) takes it: a number or bool written as its text."""
    if isinstance(value, (str, bool, int, float)):
        return as_text(value)
    return None if value is None else UNKNOWN


def _as_block(written: dict[str, Any], kind: str) -> dict[str, Any]:
    """A 0.11 map that stands for a block of resource type ``kind``: "true"/"false" of its boolean
    arguments as the provider reads them, a number in a list of strings as its text, the maps in it
    likewise, and a map in it that is no map argument as one nested block."""
    return {key: (as_bool(value) if key in _BOOLEANS and isinstance(value, str) and as_bool(value) is not None else
                  [_as_block(item, kind) if isinstance(item, dict) else
                   as_text(item) if isinstance(item, (bool, int, float)) else item for item in value]
                  if isinstance(value, list) else
                  [_as_block(value, kind)] if isinstance(value, dict) and not is_object_argument(key, kind) else value)
            for key, value in written.items()}


def _body_values(module: ModuleInstance, body: Body, names: dict[str, Any],
                 scope: dict[str, Any] | None = None, kind: str = "") -> dict[str, Any]:
    """The values of a resource's (or data source's) body of type ``kind``: its arguments, and its
    nested blocks as lists of their bodies' values."""
    values: dict[str, Any] = {}
    for key, attribute in body.attributes.items():
        if key in _META:
            continue
        value = module.evaluate(attribute, names, scope)
        if key in _BOOLEANS and isinstance(value, str) and as_bool(value) is not None:
            value = as_bool(value)
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and key not in _BOOLEANS:
            value = str(value)      # Terraform converts numbers for string arguments
        elif isinstance(value, list):
            if value and all(isinstance(item, list) for item in value):
                # Terraform 0.11 flattened a list inside a list literal: `event_selector = ["${var.list}"]`
                # (a block list written as an argument, which 0.12 and later reject) is that list
                value = [element for item in value for element in item]
            # lists of primitives are lists of strings in the AWS provider: `values = [false]` is ["false"];
            # a list of maps is 0.11's block list written as an argument
            value = [as_text(item) if isinstance(item, (bool, int, float)) else
                     _as_block(item, kind) if isinstance(item, dict) else item for item in value]
        elif isinstance(value, dict) and not is_object_argument(key, kind):
            # Terraform 0.11 took a map written as an argument for one block: `condition = { ... }`
            value = [_as_block(value, kind)]
        values[key] = value
    dynamics: dict[str, int] = {}       # the number of each dynamic block among those of its type
    for inner in body.blocks:
        if inner.type in _META:
            continue
        if inner.type == "dynamic":
            if inner.labels:
                label = inner.labels[0]
                number = dynamics[label] = dynamics.get(label, -1) + 1
                generated = _dynamic(module, inner, names, scope or {}, kind, number)
                existing = values.setdefault(label, [])
                if unknown(generated) and unknown(existing):
                    values[label] = joined_blocks(existing, generated)   # each says why
                elif unknown(generated):
                    # the blocks written beside it are still among the ones it makes (field selectors)
                    values[label] = some_blocks(generated, existing) if label in _SOME_KNOWN else generated
                elif unknown(existing):
                    values[label] = some_blocks(existing, generated) if label in _SOME_KNOWN else existing
                else:
                    existing.extend(generated)
            continue
        existing = values.setdefault(inner.type, [])
        if isinstance(existing, list):
            existing.append(_body_values(module, inner.body, names, scope, kind))
        elif inner.type in _SOME_KNOWN:
            values[inner.type] = some_blocks(existing, [_body_values(module, inner.body, names, scope, kind)])
    return values


# Nested blocks whose known ones a reader uses where the whole list is not known (a static block beside a
# dynamic one over a for_each not known offline): a trail's event selectors of each kind, an advanced
# event selector's field selectors, and a policy document's statements.
_SOME_KNOWN = frozenset({"event_selector", "advanced_event_selector", "field_selector", "statement"})


# Blocks a dynamic block over a for_each not known offline makes that are read as their content says,
# each maybe there (model.Statement.maybe): a policy document's statements.
_MAYBE = ("aws_iam_policy_document", "statement")


def _dynamic(module: ModuleInstance, block: Block, names: dict[str, Any], scope: dict[str, Any], kind: str,
             number: int = 0) -> Any:
    """The blocks a ``dynamic`` block generates, when its ``for_each`` is known; a policy document's
    statements over one not known offline: their content as written, maybe there (SomeBlocks.maybe).
    https://developer.hashicorp.com/terraform/language/expressions/dynamic-blocks"""
    attributes = block.body.attributes
    iterator = reference_text(attributes["iterator"].expr) if "iterator" in attributes else block.labels[0]
    contents = block.body.blocks_of("content")
    items = module.evaluate(attributes["for_each"], names, scope) if "for_each" in attributes else UNKNOWN
    found = pairs(items)
    if found is None:
        if isinstance(items, Unresolved) and not items.error and len(contents) == 1 and iterator \
                and (kind, block.labels[0]) == _MAYBE:
            # each copy's key and value are the for_each's, not known: what is written beside them is
            content = _body_values(module, contents[0].body, names,
                                   {**scope, iterator: {"key": items, "value": items}}, kind)
            return SomeBlocks(items, [], [(number, content, items, _collection(module, attributes["for_each"].expr))])
        if unknown(items):
            return items
        # Terraform rejects a dynamic block over null or a non-collection
        return Unresolved(Cause(f'the for_each of dynamic "{block.labels[0]}" is not a collection, which '
                                "Terraform rejects"), error=True)
    if len(contents) != 1 or not iterator:
        return UNKNOWN
    return [_body_values(module, contents[0].body, names, {**scope, iterator: {"key": key, "value": value}}, kind)
            for key, value in found]


def _collection(module: ModuleInstance, expr: Any) -> str | None:
    """What a dynamic block's ``for_each`` is over, the same for two dynamic blocks of one module
    instance that write the same expression, which Terraform evaluates to one collection: they make
    as many blocks each, so their statements are there together or not at all (Statement.made_over).
    None where the expression may differ between them: a function whose result differs from one call
    to the next, or the document's own ``count``, ``each`` or ``self``."""
    pending = [expr]
    while pending:
        node = pending.pop()
        if isinstance(node, Call) and node.name in _CHANGING or \
                isinstance(node, Variable) and node.name in ("each", "count", "self"):
            return None
        pending.extend(children(node))
    return f"{module.address}:{expr!r}"


def _explain(tree: Tree, module: ModuleInstance, tf: TfFile, block: Block, address: str,
             causes: dict[Path, Unresolved]) -> None:
    """Keep why each argument is unknown; a cause that is trail-lint's gap or a missing input (a
    variable without a value, an unsupported function) is a TL002 on resources that matter to a rule."""
    reported: set[tuple[Cause, Path]] = set()
    for path, whole in causes.items():
        if not path:
            continue
        found = [(part, cause) for part in parts_of(whole) if (cause := cause_of(part, module)) is not None]
        if found:
            tree.causes.setdefault((address, str(path[0])), tuple(dict.fromkeys(cause for _, cause in found)))
        # once per cause and argument: each argument's place is where a rule's check stops (the
        # engine folds it into the cause's TL002, naming the rules); a policy document's checks stop
        # at a statement, so there it is once per cause and statement
        place = path[:2 + (path[1:2] == ("dynamic",))] if block.labels[0] == "aws_iam_policy_document" \
            and path[0] == "statement" and len(path) > 1 else path[:1]
        for value, cause in found:
            if (value.reported or value.error) and (cause, place) not in reported and values_matter(block) and \
                    _written(block, str(path[0])) and not (len(path) > 1 and _whole_only(block, str(path[0]))):
                reported.add((cause, place))
                what = _unknown_part(path, whole, block.labels[0])
                at = At(tf.path, (block.type, *block.labels, *(place if len(place) > 1 else path)))
                tree.problems.append(Problem(f"{what} of {address} is not known", at, resource=address, cause=cause))


def _unknown_part(path: Path, whole: Unresolved, kind: str) -> str:
    """What a TL002 says is not known: the argument (and the path in it), or of a policy argument
    read around its holes (held_text), the parts of the document that hold them."""
    if len(path) == 3 and path[1] == "dynamic" and isinstance(path[2], int):
        return f'the for_each of dynamic "{path[0]}" block {path[2] + 1}'    # what it makes, maybe none
    what = ".".join(str(step) for step in path)
    if path[0] in policy_arguments(kind) and len(path) == 1 and whole.parts and _document(whole.text):
        from trail_lint.normalise.policy_json import parts_named

        named = parts_named(whole.text or "", whole.parts)
        listed = ", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else named[0]
        return f"{listed} in {what}"
    return what


_NOT_CHECKED = frozenset({"tags", "tags_all", "description"})
# Resources of which a rule reads only which bucket they belong to (TL320: whether the log bucket
# has a lifecycle configuration, not what its rules keep): a value unknown elsewhere settles nothing.
_BUCKET_ONLY = frozenset({"aws_s3_bucket_lifecycle_configuration"})


# Arguments of which a rule reads only the whole, never a value inside: a trail's tags (TL224 counts
# the map), a bucket's `logging` and `lifecycle_rule` blocks (TL310, TL320: whether they are set). A
# value unknown inside one settles nothing, while the whole not known (a dynamic block) still does.
_WHOLE_ONLY = {"aws_cloudtrail": frozenset({"tags"}), "aws_s3_bucket": frozenset({"logging", "lifecycle_rule"})}


def _whole_only(block: Block, argument: str) -> bool:
    """Whether a rule reads only the whole ``argument`` of the block, never a value inside it."""
    return argument in _WHOLE_ONLY.get(block.labels[0], ())


def _written(block: Block, argument: str) -> bool:
    """An argument the block sets (not the provider's Region) that some rule reads (tags only of trails)."""
    if argument in _NOT_CHECKED and not (block.labels[0] == "aws_cloudtrail" and argument == "tags"):
        return False        # a trail's tags are counted (TL224): the map, not a value in it (_explain)
    if block.labels[0] in _BUCKET_ONLY and argument != "bucket":
        return False
    body = block.body
    return argument in body.attributes or any(inner.type == argument or (inner.type == "dynamic" and
                                                                          inner.labels[:1] == (argument,))
                                              for inner in body.blocks)


def hole_texts(document: dict[str, Any]) -> dict[str, Any]:
    """An ``aws_iam_policy_document``'s values with some of those known only after apply written as
    their text with holes (Unresolved.text), as jsonencode writes them: each principal identifier
    that is a string template, so that the policy reader keeps the principal's kind
    (policy_json.principals_with_holes), even where a hole has a cause to report (the caller keeps
    the cause); and each resource and condition value whose holes have a
    name (a bucket, the account), which the policy reader keeps for the delivery checks
    (terraform.policies)."""
    from trail_lint.normalise.policy_json import named_holes

    statements = document.get("statement")
    if isinstance(statements, SomeBlocks):
        # statement blocks written beside a dynamic one: those it knows, alike
        known = hole_texts({"statement": statements.known})["statement"]
        maybe = None if statements.maybe is None else [
            (number, hole_texts({"statement": [block]})["statement"][0], why, over)
            for number, block, why, over in statements.maybe]
        return {**document, "statement": SomeBlocks(statements, known, maybe)}
    if not isinstance(statements, list):
        return document

    def written(values: Any, named: bool = False) -> Any:
        if isinstance(values, SomeBlocks):     # concat of a known list and one not known: its known items
            return SomeBlocks(values, written(values.known, named))
        if not isinstance(values, list) or not any(isinstance(v, Unresolved) and v.text is not None and (
                not named or named_holes(v.text)) for v in values):
            return values
        return [v.text if isinstance(v, Unresolved) and v.text is not None and (not named or named_holes(v.text))
                else v for v in values]

    def block_with(block: Any, key: str, named: bool) -> Any:
        return {**block, key: written(block.get(key), named)} if isinstance(block, dict) else block

    def statement(item: Any) -> Any:
        if not isinstance(item, dict):
            return item
        return {**item,
                **{key: [block_with(block, "identifiers", False) for block in item[key]]
                   for key in ("principals", "not_principals") if isinstance(item.get(key), list)},
                **{key: written(item[key], True) for key in ("resources", "not_resources") if key in item},
                **({"condition": [block_with(block, "values", True) for block in item["condition"]]}
                   if isinstance(item.get("condition"), list) else {})}
    return {**document, "statement": [statement(item) for item in statements]}


# the arguments of a resource that hold a policy document as a JSON string (aws_s3_bucket_policy,
# aws_sns_topic_policy, aws_kms_key, aws_iam_policy, aws_iam_role's assume_role_policy, ...)
_POLICY_ARGUMENTS = ("policy", "assume_role_policy")
# an organization policy's (an SCP's, an RCP's) document is its `content`
_CONTENT = ("content",)


def policy_arguments(kind: str) -> tuple[str, ...]:
    """The arguments of a resource of type ``kind`` that hold a policy document as a JSON string."""
    return _POLICY_ARGUMENTS + _CONTENT if kind == "aws_organizations_policy" else _POLICY_ARGUMENTS


def held_text(values: dict[str, Any], kind: str) -> dict[str, Any]:
    """A resource's values with each policy argument that ``jsonencode`` made unknown for a cause to
    report (a variable without a value in one string) written as its text with a hole there, as a
    value known only after apply is: the statements without a hole are still read, while the caller
    keeps the cause (split of the values as evaluated)."""
    found = {key: values[key].text for key in policy_arguments(kind)
             if isinstance(values.get(key), Unresolved) and _document(values[key].text)}
    return {**values, **found} if found else values


def _document(text: str | None) -> bool:
    """Whether ``text`` is a JSON object with a Statement: a policy document."""
    if text is None or not text.startswith("{"):
        return False
    try:
        document = json.loads(text)
    except ValueError:
        return False
    return isinstance(document, dict) and "Statement" in document


# aws_cloudtrail argument -> Trail field, for the values known only after apply that have a name
_TRAIL_HOLES = {"s3_bucket_name": "s3_bucket", "sns_topic_name": "sns_topic", "kms_key_id": "kms_key_id",
                "name": "name", "cloud_watch_logs_group_arn": "cloudwatch_logs_group_arn",
                "cloud_watch_logs_role_arn": "cloudwatch_logs_role_arn"}


def trail_holes(values: dict[str, Any], deployment: Deployment | None, region: Hole | None) -> dict[str, Text]:
    """The trail's values known only after apply that the configuration knows by what they are
    (Trail.holes): its bucket, topic, key, name, log group or role ARN when they have a named hole, and the account,
    Region (``region``: its provider configuration's, hcl_providers.region_hole; None where the trail sets its
    own) and partition of its provider configuration."""
    from trail_lint.normalise.policy_json import hole_text, named_holes, text_with_holes

    found = {field: text_with_holes(value.text) for argument, field in _TRAIL_HOLES.items()
             if isinstance(value := values.get(argument), Unresolved) and value.text and named_holes(value.text)}
    found.update(_selector_holes(values))
    if deployment is not None and deployment.account is None:
        found["account"] = (Hole(name=hole_name(deployment.key, "account"), chars=ACCOUNT_CHARS),)
    if deployment is not None:
        # the organization of the configuration's account (aws_organizations_organization.X.id)
        found["organization"] = ("o-", Hole(name=hole_name(deployment.key, "organization")))
    if deployment is not None and deployment.region_key and region is not None:
        found["region"] = (region,)
    if deployment is not None and deployment.region_key:
        # A trail's own `region` (provider v6) is a Region of its provider configuration's partition:
        # the configuration's credentials sign in to one partition, so a `data.aws_partition` of that
        # configuration names the trail's partition, which its own Region then gives (scope.bound_holes).
        # https://hashicorp.github.io/terraform-provider-aws/enhanced-region-support
        found["partition"] = (Hole(name=hole_name(deployment.region_key, "partition")),)
    # as the policies write them (names made safe for JSON)
    return {field: text_with_holes("".join(p if isinstance(p, str) else hole_text(p) for p in text))
            for field, text in found.items()}


def metric_holes(values: dict[str, Any], kind: str) -> dict[str, Text]:
    """The namespaces and names not known offline, with named holes, of the metrics a metric filter
    publishes or an alarm watches (its single metric), by ``metrics.N.namespace`` and ``metrics.N.name``
    (terraform/alarms.py reads them into Metric.held)."""
    from trail_lint.normalise.policy_json import named_holes, text_with_holes

    if kind == "aws_cloudwatch_log_metric_filter":
        blocks = values.get("metric_transformation")
        metrics = [(block.get("namespace"), block.get("name")) if isinstance(block, dict) else (None, None)
                   for block in blocks] if isinstance(blocks, list) else []
    elif kind == "aws_cloudwatch_metric_alarm":
        metrics = [(values.get("namespace"), values.get("metric_name"))]
    else:
        return {}
    return {f"metrics.{index}.{part}": text_with_holes(value.text)
            for index, pair in enumerate(metrics) for part, value in zip(("namespace", "name"), pair)
            if isinstance(value, Unresolved) and value.text and named_holes(value.text)}


def _selector_holes(values: dict[str, Any]) -> dict[str, Text]:
    """The trail's selector values known only after apply that have named holes (a bucket's ARN,
    ``"${aws_s3_bucket.logs.arn}/"``), by their place in the model's selectors (selector_value_key),
    which leaves out null items as the reader does."""
    from trail_lint.normalise.policy_json import named_holes, text_with_holes

    def listed(value: Any) -> list[Any]:
        return [item for item in value if item is not None] if isinstance(value, list) else []

    def held(value: Any) -> Text | None:
        return text_with_holes(value.text) if isinstance(value, Unresolved) and value.text and \
            named_holes(value.text) else None

    found: dict[str, Text] = {}
    for i, block in enumerate(listed(values.get("event_selector"))):
        for j, resource in enumerate(listed(block.get("data_resource") if isinstance(block, dict) else None)):
            for k, value in enumerate(listed(resource.get("values") if isinstance(resource, dict) else None)):
                if (text := held(value)) is not None:
                    found[selector_value_key("event_selectors", i, "data_resources", j, "values", k)] = text
    for i, block in enumerate(listed(values.get("advanced_event_selector"))):
        for j, selector in enumerate(listed(block.get("field_selector") if isinstance(block, dict) else None)):
            for operator in FIELD_OPERATORS:
                for k, value in enumerate(listed(selector.get(operator) if isinstance(selector, dict) else None)):
                    if (text := held(value)) is not None:
                        found[selector_value_key("advanced_selectors", i, "fields", j, operator, k)] = text
    return found


class Among(list[Any]):
    """The blocks known to be among those of a list not known offline (SomeBlocks), as split gives
    them: their values, and (``marks``) the ``after_unknown``-style marks of each (common.known_blocks);
    ``maybe``: SomeBlocks.maybe as (number, value, marks, collection) (common.maybe_blocks)."""

    def __init__(self, values: list[Any], marks: list[Any], maybe: list[tuple[int, Any, Any, str | None]] | None = None
                 ) -> None:
        super().__init__(values)
        self.marks = marks
        self.maybe = maybe


def split(value: Any, causes: dict[Path, Unresolved] | None = None, path: Path = ()) -> tuple[Any, Any]:
    """A value with unknown parts → (value with None there, ``after_unknown``-style marks); ``causes``
    collects the unknowns that say why, by path."""
    if unknown(value):
        if causes is not None and isinstance(value, SomeBlocks) and value.maybe is not None:
            # what dynamic blocks make: each one's for_each not known, at that block
            for number, _, why, _ in value.maybe:
                causes.setdefault(path + ("dynamic", number), why)
        elif causes is not None and isinstance(value, Unresolved):
            causes.setdefault(path, value)
        if isinstance(value, SomeBlocks):
            # the value holds the blocks known to be among them, with their own marks (Among); its
            # mark says the list is not known. Blocks maybe there keep their dynamic block's number;
            # what is not known in them is said where they are read (a statement not known offline)
            halves = [split(item, causes, path + (index,)) for index, item in enumerate(value.known)]
            maybe = None if value.maybe is None else [(number, *split(item), over) for number, item, _, over in value.maybe]
            return Among([plain for plain, _ in halves], [mark for _, mark in halves], maybe), True
        return None, True
    if isinstance(value, dict):
        plain, marks = {}, {}
        for key, item in value.items():
            plain[key], mark = split(item, causes, path + (key,))
            if mark:
                marks[key] = mark
        return plain, marks or None
    if isinstance(value, list):
        halves = [split(item, causes, path + (index,)) for index, item in enumerate(value)]
        marks_list = [mark for _, mark in halves]
        return [plain for plain, _ in halves], marks_list if any(marks_list) else None
    return value, None


def _module(tree: Tree, parent: ModuleInstance, tf: TfFile, block: Block, chain: tuple[str, ...],
            with_instances: bool) -> None:
    source = local_source(parent, block)
    if source is None and with_instances:
        _not_read(tree, parent, tf, block)
    if source is not None and not os.path.isdir(source):
        if with_instances:
            _not_read(tree, parent, tf, block, parent.absent(source))
        return
    if source is None or source in chain or len(chain) > MAX_NESTING or _too_many(tree, tf, parent.address):
        return
    directory = _load(tree, source)
    name = block.labels[0]
    config_path = _join(parent.config_path, f"module.{name}")
    if with_instances:
        written = parent.evaluate(block.body.attributes["source"])
        tree.refused.update(dict.fromkeys(refused_arguments(tf, block, config_path, str(written), directory)))
    found = expansions(parent, block, tree.problems, tf.path, _join(parent.address, f"module.{name}"),
                       relevant=_holds_what_matters(tree, directory)) if with_instances else [None]
    for expansion in found:
        key = expansion.key if expansion else ""
        child = ModuleInstance(_join(parent.address, f"module.{name}{key}"), config_path, directory, parent, block,
                               expansion.names if expansion else {}, call_file=tf.path, files=parent.files,
                               root_dir=parent.root_dir, load=parent.load, depth=parent.depth + 1, unit=parent.unit)
        _walk(tree, child, chain + (source,), with_instances)


def _not_read(tree: Tree, parent: ModuleInstance, tf: TfFile, block: Block, cause: Cause | None = None) -> None:
    """A module from a registry or Git (``cause`` None), or a local one whose directory does not exist: what
    it creates is not checked, and TL002 says so once per cause."""
    config_address = _join(parent.config_path, f"module.{block.labels[0]}")
    if not expansions(parent, block, [], tf.path, config_address):
        return      # count = 0: it creates nothing
    given = block.body.attributes.get("source")
    source = parent.evaluate(given) if given is not None else None
    shown = f" ({source})" if isinstance(source, str) else ""
    cause = cause or unread_module(parent)
    tree.problems.append(Problem(f"{config_address}{shown} is not known", At(tf.path, ("module", block.labels[0])),
                                 resource=config_address, subject=UNREAD_SOURCE, cause=cause))


def _holds_what_matters(tree: Tree, directory: ModuleDir) -> bool:
    """Whether a module, or a local module it calls, declares a resource some rule reads."""
    pending, seen = [directory], {directory.path}
    while pending:
        current = pending.pop()
        if any(matters(block) for tf in current.files for block in tf.body.blocks):
            return True
        for source in child_dirs(current):
            if source not in seen:
                seen.add(source)
                pending.append(_load(tree, source))
    return False


def _load(tree: Tree, source: str) -> ModuleDir:
    """A module directory, read once per run."""
    directory = tree.dirs.get(source)
    if directory is None:
        directory = tree.dirs[source] = load_dir(source)
    return directory


def child_dirs(directory: ModuleDir) -> Iterator[str]:
    """Local module sources called from a directory (literal sources only)."""
    root = ModuleInstance("", "", directory)
    for _, block in directory.blocks("module"):
        source = local_source(root, block)
        if source is not None:
            yield source


def dir_of(path: str) -> str:
    return os.path.normpath(os.path.dirname(path) or ".")
