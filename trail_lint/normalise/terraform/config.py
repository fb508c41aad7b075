"""A plan's ``configuration`` block: provider Regions and references between resources.

Provider configurations are keyed ``aws``, ``aws.alias``, ``module.m:aws`` or ``module.m:aws.alias``.
Older Terraform (seen in a 0.15 plan) wrote resource keys with the module's call name only
(``m:aws``), and some 0.12 plans have no provider_config at all.
https://developer.hashicorp.com/terraform/internals/json-format#configuration-representation
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import field, replace
from typing import Any

from trail_lint.model import UNKNOWN, Deployment, InputKind, Path, terraform_key
from trail_lint.normalise.terraform.common import (
    IAM_ARN_OF,
    IAM_ID_PREFIX,
    Instance,
    config_address,
    join,
    maybe,
    need,
    split_address,
    split_dots,
    strip_key,
)
from trail_lint.records import record
from trail_lint.scope.arns import account_from_arn

_MAX_DEPTH = 64   # module nesting and variable chains; a cycle must not hang the linter


@record(slots=False)
class Configuration:
    resources: Mapping[tuple[str, str], Mapping[str, Any]] = field(default_factory=dict)
    module_calls: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    module_variables: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    providers: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    variables: Mapping[str, Any] = field(default_factory=dict)   # root variable values


def read_configuration(plan: Mapping[str, Any], file: str) -> Configuration:
    """Index the configuration once: (module path, resource address) → resource, and so on."""
    config = plan.get("configuration")
    if config is None:
        return Configuration(variables=_variables(plan, file))
    need(config, dict, file, ("configuration",), "configuration")
    resources: dict[tuple[str, str], Mapping[str, Any]] = {}
    calls: dict[str, Mapping[str, Any]] = {}
    module_variables: dict[str, Mapping[str, Any]] = {}
    pending: list[tuple[str, Any, Path]] = [("", config.get("root_module"), ("configuration", "root_module"))]
    while pending:
        module, body, path = pending.pop()
        body = maybe(body, dict, file, path, "module")
        variables = body.get("variables")
        if isinstance(variables, dict):
            module_variables[module] = variables
        for index, resource in enumerate(maybe(body.get("resources"), list, file, path + ("resources",),
                                              "resources")):
            need(resource, dict, file, path + ("resources", index), "resource")
            address = resource.get("address")
            if isinstance(address, str):
                resources[(module, address)] = resource
        module_calls = maybe(body.get("module_calls"), dict, file, path + ("module_calls",), "module_calls")
        for name, call in module_calls.items():
            call_path = path + ("module_calls", name)
            need(call, dict, file, call_path, "module call")
            child = join(module, f"module.{name}")
            calls[child] = call
            pending.append((child, call.get("module"), call_path + ("module",)))
    providers = maybe(config.get("provider_config"), dict, file, ("configuration", "provider_config"),
                     "provider_config")
    return Configuration(resources, calls, module_variables, providers, _variables(plan, file))


def _variables(plan: Mapping[str, Any], file: str) -> Mapping[str, Any]:
    variables = maybe(plan.get("variables"), dict, file, ("variables",), "variables")
    return {name: entry.get("value") for name, entry in variables.items() if isinstance(entry, dict)}


def config_resource(config: Configuration, instance: Instance) -> Mapping[str, Any]:
    return config.resources.get(config_address(instance.address), {})


def expression(config: Configuration, instance: Instance, attribute: str | Path) -> Mapping[str, Any]:
    """The configuration of ``attribute``: a name, or a path into nested blocks (``("inline_policy",
    0, "policy")``), the Nth block of a type as a plan's configuration lists them."""
    found: Any = config_resource(config, instance).get("expressions")
    for step in (attribute,) if isinstance(attribute, str) else attribute:
        if isinstance(step, int):
            found = found[step] if isinstance(found, list) and 0 <= step < len(found) else None
        else:
            found = found.get(step) if isinstance(found, dict) else None
    return found if isinstance(found, dict) else {}


def provider_region(config: Configuration, instance: Instance) -> str | None:
    """The Region of the provider configuration that manages ``instance``, when it is a constant
    or a variable; None when nothing says (environment, shared config, or an expression)."""
    _key, owner, expressions = provider_configuration(config, instance)
    return _resolve(config, expressions["region"], owner) if "region" in expressions else None


def provider_configuration(config: Configuration, instance: Instance) -> tuple[str, str, Mapping[str, Any]]:
    """(key, module, expressions) of the provider configuration that manages ``instance``; the
    expressions are empty when no provider block sets anything (the environment decides)."""
    module = config_address(instance.address)[0]
    local = _local_provider_name(instance)
    key = instance.config_key or config_resource(config, instance).get("provider_config_key")
    if not isinstance(key, str) or not key:
        key = f"{module}:{local}" if module else local
    if key not in config.providers and ":" in key:
        # older keys name only the module call; rebuild the full key from the resource's module
        key = f"{module}:{key.rsplit(':', 1)[1]}" if module else key.rsplit(":", 1)[1]
    for _ in range(_MAX_DEPTH):
        owner, _sep, local = key.rpartition(":")
        entry = config.providers.get(key)
        if isinstance(entry, dict):
            address = entry.get("module_address")
            owner = address if isinstance(address, str) and address else owner
            expressions = entry.get("expressions")
            if isinstance(expressions, dict) and expressions:
                return key, owner, expressions
        if not owner:
            return key, owner, {}
        # a module without its own configuration uses the one its caller passes or shares
        parent = parent_module(owner)
        passed = config.module_calls.get(owner, {}).get("providers")
        if isinstance(passed, dict) and isinstance(passed.get(local), str):
            local = passed[local]
        key = f"{parent}:{local}" if parent else local
    return key, "", {}


# Provider arguments that choose the account: configurations that differ in them may be in
# different accounts. https://registry.terraform.io/providers/hashicorp/aws/latest/docs#argument-reference
ACCOUNT_SETTINGS = ("profile", "assume_role", "assume_role_with_web_identity", "allowed_account_ids",
                    "access_key", "secret_key", "token", "shared_credentials_files", "shared_credentials_file",
                    "shared_config_files")


def provider_deployment(config: Configuration, instance: Instance, file: str) -> Deployment:
    """The deployment of a plan's resource: its provider configuration, in the root module the plan
    is of (taken to be the plan file's directory, so the plan and that module's .tf are one)."""
    key, owner, expressions = provider_configuration(config, instance)
    settings: dict[str, Any] = {}
    for name in ACCOUNT_SETTINGS:
        expr = expressions.get(name)
        if isinstance(expr, list):      # assume_role blocks
            settings[name] = [_setting(config, block.get("role_arn"), owner, f"{file}:{key}:{name}")
                              for block in expr if isinstance(block, dict)]
        elif expr is not None:
            settings[name] = _setting(config, expr, owner, f"{file}:{key}:{name}")
    root = os.path.normpath(os.path.dirname(file) or ".")
    return account_deployment(root, key.rpartition(":")[2], settings, where=file, region_key=terraform_key(file, key))


def account_deployment(root: str, provider: str, settings: Mapping[str, Any], where: str,
                       region_key: str) -> Deployment:
    """A provider configuration of a root module, keyed by its account settings as values, so a
    plan and the .tf of one root module give one key. Unknown settings are named by their place,
    so two of them never compare equal; the key holds a digest, never a credential."""
    canonical = json.dumps(settings, sort_keys=True, default=str)
    profile = settings.get("profile")
    described = f"provider {provider}" + (f" (profile {profile})" if isinstance(profile, str) and
                                           not profile.startswith("<") else "")
    return Deployment(
        key=terraform_key(root, hashlib.sha256(canonical.encode()).hexdigest()[:16]),
        label=f"{described} of {where}", names=(root, provider, f"{root}:{provider}", where),
        account=_settings_account(settings), region_label=f"the Region of {described} of {where}",
        region_key=region_key)


def _setting(config: Configuration, expr: Any, owner: str, place: str) -> Any:
    """A setting's value when the plan knows it; else a placeholder naming where it is set."""
    if isinstance(expr, dict) and "constant_value" in expr:
        return expr["constant_value"]
    value = _resolve(config, expr, owner)
    return value if value is not None else f"<not known: {place}>"


def _settings_account(settings: Mapping[str, Any]) -> str | None:
    """The account a provider configuration names itself: one allowed account, or its role's ARN."""
    allowed = settings.get("allowed_account_ids")
    if isinstance(allowed, list) and len(allowed) == 1 and isinstance(allowed[0], str) and allowed[0].isdigit():
        return allowed[0]
    roles = settings.get("assume_role")
    arns = {account_from_arn(arn) for arn in (roles if isinstance(roles, list) else [])} - {None}
    return arns.pop() if len(arns) == 1 else None


def _local_provider_name(instance: Instance) -> str:
    # "registry.terraform.io/hashicorp/aws" (0.13+) or "aws" (0.12); state: provider["..."].alias
    name = instance.provider.rsplit("/", 1)[-1].replace('"]', "").replace("]", "")
    return name or "aws"


def provider_default_tags(config: Configuration, instance: Instance) -> tuple[Any, Path] | None:
    """The ``default_tags`` of the provider configuration that manages ``instance``, as a plan's
    configuration writes them, and their path in the plan: a map when constant or a variable's
    value, else UNKNOWN; None when the configuration sets none.
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs#default_tags-configuration-block"""
    key, owner, expressions = provider_configuration(config, instance)
    blocks = expressions.get("default_tags")
    if not isinstance(blocks, list) or not blocks or not isinstance(blocks[0], dict) or "tags" not in blocks[0]:
        return None
    value = _resolve(config, blocks[0]["tags"], owner, dict)
    path = ("configuration", "provider_config", key, "expressions", "default_tags", 0, "tags")
    return (value if isinstance(value, dict) else UNKNOWN), path


def _resolve(config: Configuration, expr: Any, module: str, kind: type = str) -> Any:
    """The value of a provider argument's expression when it is a constant or a variable's value of
    ``kind`` (a string: not empty); None otherwise."""
    def taken(value: Any) -> Any:
        return value if isinstance(value, kind) and (value or kind is not str) else None
    for _ in range(_MAX_DEPTH):
        if not isinstance(expr, dict):
            return None
        if "constant_value" in expr:
            return taken(expr["constant_value"])
        references = expr.get("references")
        references = {ref for ref in references if isinstance(ref, str)} if isinstance(references, list) else set()
        if len(references) != 1 or not next(iter(references)).startswith("var."):
            return None     # an expression over several values, locals or data: not knowable offline
        variables = list(references)
        name = variables[0][4:]
        if not module:
            return taken(config.variables.get(name))
        call_expressions = config.module_calls.get(module, {}).get("expressions")
        if isinstance(call_expressions, dict) and name in call_expressions:
            expr = call_expressions[name]
            module = parent_module(module)
            continue
        default = (config.module_variables.get(module, {}).get(name) or {})
        return taken(default.get("default") if isinstance(default, dict) else None)
    return None


# --- Linking resources through configuration references ---------------------------------------

@record(slots=False)
class Instances:
    by_address: Mapping[str, Instance]
    by_base: Mapping[str, tuple[Instance, ...]]   # address without the final instance key


def index_instances(instances: Iterable[Instance]) -> Instances:
    by_address: dict[str, Instance] = {}
    by_base: dict[str, list[Instance]] = {}
    for instance in instances:
        by_address[instance.address] = instance
        by_base.setdefault(strip_key_tail(instance.address), []).append(instance)
    return Instances(by_address, {base: tuple(found) for base, found in by_base.items()})


def strip_key_tail(address: str) -> str:
    if "[" not in address and not address.startswith("module."):
        return address
    module, resource = split_address(address)
    parts = split_dots(resource)
    parts[-1] = strip_key(parts[-1])
    return join(module, ".".join(parts))


def parent_module(module: str) -> str:
    """``module.a.module.b`` → ``module.a``; a root child → ""."""
    return module.rpartition(".module.")[0] if ".module." in module else ""


def referenced(config: Configuration, instances: Instances, instance: Instance, attribute: str | Path,
               types: tuple[str, ...]) -> tuple[Instance, ...]:
    """Instances of ``types`` that the configuration of ``attribute`` refers to, in the same module."""
    return next(referenced_all(config, instances, instance, attribute, types), ())


def referenced_all(config: Configuration, instances: Instances, instance: Instance, attribute: str | Path,
                   types: tuple[str, ...]) -> Iterator[tuple[Instance, ...]]:
    """The instances of each resource of ``types`` that ``attribute`` refers to, in order of reference.
    Written with the instance's own ``each.key`` or ``count.index`` (``aws_s3_bucket.logs[each.key].id``
    in a resource with the same keys, the usual way), a reference to a resource with several instances
    is to the one with the instance's own key, where it has one."""
    expr = expression(config, instance, attribute)
    own = _own_key(instance, expr)
    # .tf: aws_x.y[each.value.name], as this instance settles it
    settled = instance.keys.get(attribute, {}) if isinstance(attribute, str) else {}
    for found in _referenced_in(config, instances, instance, expr, types):
        module, resource = split_address(found[0].address)
        key = (settled.get(strip_key_tail(resource)) if module == instance.module else None) or own
        same = tuple(item for item in found if key and _key_of(item.address) == key)
        yield same if len(found) > 1 and same else found


def _own_key(instance: Instance, expr: Any) -> str:
    """The instance's key when the expression refers to ``each.key`` or ``count.index``; "" otherwise."""
    refs = expr.get("references") if isinstance(expr, dict) else None
    keyed = isinstance(refs, list) and any(ref in ("each.key", "count.index") for ref in refs)
    return _key_of(instance.address) if keyed else ""


def _key_of(address: str) -> str:
    """The instance key of an address as written (``["a"]``, ``[0]``): "" for a single instance."""
    last = split_dots(address)[-1] if address else ""
    return last[last.index("["):] if last.endswith("]") and "[" in last else ""


def each_value_candidates(config: Configuration, instances: Instances, instance: Instance, attribute: str,
                          types: tuple[str, ...]) -> list[tuple[Instance, ...]]:
    """The instances of each resource of ``types`` that the ``for_each`` expression of a resource
    refers to, when ``attribute`` is written ``each.value`` (or a part of it): one of them is the
    instance's, but which one the references of the whole map or set do not say."""
    refs = expression(config, instance, attribute).get("references")
    if not isinstance(refs, list) or not any(isinstance(ref, str) and split_dots(ref)[:2] == ["each", "value"]
                                             for ref in refs):
        return []
    for_each = config_resource(config, instance).get("for_each_expression")
    return list(_referenced_in(config, instances, instance, for_each, types)) if isinstance(for_each, dict) else []


def each_value_instance(config: Configuration, instances: Instances, instance: Instance, attribute: str,
                        types: tuple[str, ...]) -> Instance | None:
    """The instance ``attribute`` names as ``each.value`` (or ``each.value.id``) where the resource's
    ``for_each`` is a resource of ``types`` whole (``for_each = aws_organizations_policy.scp``): each
    key of the for_each is a key of that resource, and its value that instance, so the instance of
    the same key is the one (https://developer.hashicorp.com/terraform/language/meta-arguments/for_each
    #chaining-for_each-between-resources)."""
    refs = expression(config, instance, attribute).get("references")
    if not isinstance(refs, list) or not refs or not all(
            isinstance(ref, str) and split_dots(ref)[:2] == ["each", "value"] and len(split_dots(ref)) <= 3
            for ref in refs):
        return None
    for_each = config_resource(config, instance).get("for_each_expression")
    over = for_each.get("references") if isinstance(for_each, dict) else None
    key = _key_of(instance.address)
    if not isinstance(over, list) or len(over) != 1 or not isinstance(over[0], str) or not key:
        return None
    parts = split_dots(over[0])
    if len(parts) != 2 or parts[0] not in types or "[" in parts[1]:
        return None
    return instances.by_address.get(join(instance.module, f"{over[0]}{key}"))


def _referenced_in(config: Configuration, instances: Instances, instance: Instance, expr: Any,
                   types: tuple[str, ...]) -> Iterator[tuple[Instance, ...]]:
    seen: set[str] = set()
    keyed: set[str] = set()     # resources referred to by one literal key: their bare reference follows it
    for module, ref in _followed(config, instance.module, expr, 0):
        # a reference through a module output names the child's resource; one that starts with
        # "/" (through a child module's variable, as the .tf reader writes it) is from the root module
        parts = split_dots(ref.removeprefix("/"))
        within = "" if ref.startswith("/") else module
        while len(parts) > 2 and parts[0] == "module":
            within, parts = join(within, f"module.{parts[1]}"), parts[2:]
        data = parts[0] == "data"
        parts = parts[1:] if data else parts
        if len(parts) < 2 or strip_key(parts[0]) not in types:
            continue
        resource = ("data." if data else "") + f"{parts[0]}.{parts[1]}"
        address = join(within, resource)
        base = join(within, strip_key(resource))
        if address in instances.by_address and "[" in parts[1]:
            found: tuple[Instance, ...] = (instances.by_address[address],)
            keyed.add(base)
        elif base in keyed:
            continue
        else:
            found = instances.by_base.get(base, ())
        if found and found[0].address not in seen:
            seen.update(item.address for item in found)
            yield found


def _followed(config: Configuration, module: str, expr: Any, depth: int) -> Iterator[tuple[str, str]]:
    """(module the reference is written in, reference) of an expression as a plan records it, each
    ``var.NAME`` of a child module followed to its module call's argument and each
    ``module.NAME.OUTPUT`` to the output's expression, which the plan's configuration holds."""
    refs = expr.get("references") if isinstance(expr, dict) else None
    for ref in refs if isinstance(refs, list) else ():
        if not isinstance(ref, str):
            continue
        yield module, ref
        parts = split_dots(ref)
        if depth >= _MAX_DEPTH or len(parts) < 2:
            continue
        if parts[0] == "var" and module:
            call = config.module_calls.get(_config_path(module), {})
            arguments = call.get("expressions")
            yield from _followed(config, parent_module(module), arguments.get(parts[1]) if isinstance(arguments, dict)
                                 else None, depth + 1)
        elif parts[0] == "module" and len(parts) > 2:
            child = join(module, f"module.{parts[1]}")
            body = config.module_calls.get(_config_path(child), {}).get("module")
            outputs = body.get("outputs") if isinstance(body, dict) else None
            output = outputs.get(parts[2]) if isinstance(outputs, dict) else None
            yield from _followed(config, child, output.get("expression") if isinstance(output, dict) else None,
                                 depth + 1)


# first words of references that are not a managed resource
_NOT_MANAGED = frozenset({"var", "local", "module", "data", "each", "count", "path", "self", "terraform"})


def _config_path(module: str) -> str:
    return ".".join(strip_key(part) for part in split_dots(module))


@record(slots=False)
class Reading:
    """One plan or state being read: everything a resource reader needs besides the resource itself."""

    file: str
    kind: InputKind                 # TERRAFORM_PLAN or TERRAFORM_STATE
    config: Configuration
    instances: Instances
    account: str | None = None      # from a known data.aws_caller_identity
    documents: Mapping[str, Any] = field(default_factory=dict)   # data.aws_iam_policy_document → Policy
    organizations: tuple[Instance, ...] = ()    # aws_organizations_organization resources and data sources
    # what provider_deployment gave, by what it reads of a resource (one per provider configuration)
    deployments: dict[tuple[str, str, str], Deployment] = field(default_factory=dict)
    root: str = ""                  # .tf sources: the root module's directory (Origin.root)

    def configures(self, instance: Instance, attribute: str) -> bool:
        """Whether the configuration sets ``attribute`` (plans only; a state has no configuration)."""
        expressions = config_resource(self.config, instance).get("expressions")
        return isinstance(expressions, dict) and attribute in expressions

    def deployment(self, instance: Instance) -> Deployment:
        """The deployment of the provider configuration that manages ``instance``."""
        key = instance.config_key or config_resource(self.config, instance).get("provider_config_key")
        # a key that is not a string is read as none (see provider_configuration)
        reads = (key if isinstance(key, str) else "", config_address(instance.address)[0], instance.provider)
        found = self.deployments.get(reads)
        if found is None:
            found = self.deployments[reads] = provider_deployment(self.config, instance, self.file)
        return found

    def account_key(self, instance: Instance) -> str:
        """What tells the account of ``instance`` apart from others' where its ID is not known: its
        deployment's key, the provider configuration's account settings. A state holds no provider
        configuration, so every configuration of it reads alike: there the provider address (an
        alias may sign in elsewhere) is part of it."""
        key = (instance.deployment or self.deployment(instance)).key
        return f"{key}|{instance.provider}" if self.kind is InputKind.TERRAFORM_STATE else key

    def account_deployment(self, instance: Instance) -> Deployment:
        """The deployment of ``instance`` under its account_key."""
        found = instance.deployment or self.deployment(instance)
        key = self.account_key(instance)
        return found if key == found.key else replace(found, key=key)

    def account_of(self, instance: Instance) -> str | None:
        """The account of a resource whose own ARN does not say it: the known data.aws_caller_identity's,
        else the one its provider configuration names (allowed_account_ids, an assume_role ARN)."""
        return self.account or (instance.deployment or self.deployment(instance)).account

    def link(self, instance: Instance, attribute: str | Path, *types: str) -> tuple[Instance, ...]:
        return referenced(self.config, self.instances, instance, attribute, types)

    def named_not(self, instance: Instance, attribute: str, *types: str) -> frozenset[str]:
        """The addresses of resources of ``types`` whose name ``attribute`` certainly is not: .tf sources
        that write it as such a name with text around it (``"${aws_s3_bucket.logs.id}-replica"``)."""
        written = expression(self.config, instance, attribute).get("longer_than")
        if not isinstance(written, list):
            return frozenset()
        return frozenset(item.address for found in _referenced_in(
            self.config, self.instances, instance, {"references": written}, types) for item in found)

    def names_other(self, instance: Instance, attribute: str, *types: str) -> str | None:
        """The resource ``attribute`` names when that is certainly none of ``types``: its one reference
        is the ``arn`` or ``id`` of one managed resource of another AWS service (an
        ``aws_sns_topic_policy`` whose ``arn`` is an SQS queue's); None when it may be one of them (a
        variable, a local, a data source, a module output, another attribute, the same service)."""
        refs = expression(self.config, instance, attribute).get("references")
        parts = [split_dots(ref) for ref in refs if isinstance(ref, str)] if isinstance(refs, list) else []
        named = {strip_key(".".join(found[:2])) for found in parts}
        services = {kind.split("_")[1] for kind in types}
        if len(named) != 1 or not all(len(found) > 2 and found[2] in ("arn", "id") for found in parts):
            return None
        kind = named.copy().pop().split(".", 1)[0]
        if kind in _NOT_MANAGED or not kind.startswith("aws_") or kind.split("_")[1] in services:
            return None
        return join(instance.module, named.pop())

    def iam_shape(self, instance: Instance, attribute: Path) -> str | None:
        """What a value of ``attribute`` known only after apply is, holes written in (UNKNOWN_TEXT),
        when every reference of its configuration is the ``arn`` of an IAM role (or of a user) of the
        same module, a resource or a data source (``[aws_iam_role.ops.arn]``: ``arn:?:iam::?:role/?``),
        or the ``unique_id`` of such a resource (``AROA?``); None when it may be anything else (a
        variable, a module output, another attribute)."""
        from trail_lint.normalise.policy_json import UNKNOWN_TEXT

        refs = expression(self.config, instance, attribute).get("references")
        if not isinstance(refs, list) or not refs or not all(isinstance(ref, str) for ref in refs):
            return None
        parts = [split_dots(ref) for ref in refs]
        if not all(parts):
            return None
        data = {found[0] == "data" for found in parts}
        parts = [found[1:] if found[0] == "data" else found for found in parts]
        kinds = {found[0] for found in parts}
        # Terraform lists the resource itself after each of its attributes (aws_iam_role.ops)
        read = {found[2] for found in parts if len(found) == 3}
        if len(kinds) != 1 or len(read) != 1 or not all(len(found) in (2, 3) for found in parts):
            return None
        kind, what = kinds.pop(), read.pop()
        if what == "arn" and kind in IAM_ARN_OF:
            return f"arn:{UNKNOWN_TEXT}:iam::{UNKNOWN_TEXT}:{IAM_ARN_OF[kind]}{UNKNOWN_TEXT}"
        if what == "unique_id" and kind in IAM_ID_PREFIX and data == {False}:
            return f"{IAM_ID_PREFIX[kind]}{UNKNOWN_TEXT}"
        return None

    def link_all(self, instance: Instance, attribute: str, *types: str) -> list[tuple[Instance, ...]]:
        return list(referenced_all(self.config, self.instances, instance, attribute, types))

    def link_each_value(self, instance: Instance, attribute: str, *types: str) -> list[tuple[Instance, ...]]:
        return each_value_candidates(self.config, self.instances, instance, attribute, types)

    def link_each_instance(self, instance: Instance, attribute: str, *types: str) -> Instance | None:
        return each_value_instance(self.config, self.instances, instance, attribute, types)
