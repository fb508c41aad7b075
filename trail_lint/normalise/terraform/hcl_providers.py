"""Provider configurations as a module instance sees them: which one a resource uses, the block that
configures it (its own module's, or one its callers pass in ``providers``), its Region and the
deployment (account settings) of what it makes.
https://developer.hashicorp.com/terraform/language/modules/develop/providers
"""
from __future__ import annotations

import re
from typing import Any

from trail_lint.model import UNKNOWN, At, Cause, Deployment, Hole, Path, hole_name, terraform_key
from trail_lint.normalise.terraform.config import ACCOUNT_SETTINGS, account_deployment
from trail_lint.normalise.terraform.hcl_ast import Call, Template, Variable
from trail_lint.normalise.terraform.hcl_dir import MAX_NESTING
from trail_lint.normalise.terraform.hcl_eval import evaluate, object_items, reference_text, traversal
from trail_lint.normalise.terraform.hcl_functions import Unresolved, first_unknown, pairs, unknown
from trail_lint.normalise.terraform.hcl_syntax import Attribute, Block, TfFile, provider_path

TYPE_CHECKING = False   # typing costs start-up time; mypy reads this as true
if TYPE_CHECKING:
    from trail_lint.normalise.terraform.hcl_modules import ModuleInstance


# A provider reference in quotes, as Terraform 0.11 wrote it (``provider = "aws.east"``,
# ``providers = { aws = "aws.east" }``): Terraform still takes it, with a warning ("Quoted references
# are deprecated"), as the reference it quotes.
_QUOTED_PROVIDER = re.compile(r"[A-Za-z][\w-]*(\.[A-Za-z][\w-]*)?")


def provider_reference(expr: Any) -> str | None:
    """``aws.east`` or ``"aws.east"`` → "aws.east"; None for anything else."""
    found = reference_text(expr)
    if found is None and isinstance(expr, Template) and len(expr.parts) == 1 and isinstance(expr.parts[0], str) \
            and _QUOTED_PROVIDER.fullmatch(expr.parts[0]):
        return expr.parts[0]
    return found


def provider_key(block: Block) -> str | None:
    """The provider configuration a resource uses: its ``provider`` argument, else the default one."""
    chosen = block.body.attributes.get("provider")
    return provider_reference(chosen.expr) if chosen is not None else block.labels[0].split("_", 1)[0]


def provider_region(module: ModuleInstance, key: str) -> Any:
    """The Region of provider configuration ``key`` ("aws", "aws.east") as seen from ``module``:
    its own provider block, else what the caller passes in ``providers``, else (for the default
    configuration) the caller's. None: nothing says, the environment decides."""
    found = provider_block(module, key)
    if found is None:
        return None
    owner, _, block = found
    region = block.body.attributes.get("region")
    return owner.evaluate(region) if region is not None else None


def region_hole(module: ModuleInstance, key: str) -> Hole:
    """The named hole that stands for the Region of provider configuration ``key`` as seen from
    ``module``, where it is not known offline: the hole of the one variable its ``region`` is
    (``region = var.region``, also through a module input), so that a policy's
    ``"arn:aws:cloudtrail:${var.region}:..."`` names the Region of the configuration's trails; else
    the configuration's own. Callers decide whether the Region is one a hole may stand for
    (hcl_resource_values._region_of_provider)."""
    from trail_lint.normalise.policy_json import text_with_holes

    region = provider_region(module, key)
    held = text_with_holes(region.text) if isinstance(region, Unresolved) and region.text and not region.error \
        else ()
    if len(held) == 1 and isinstance(held[0], Hole) and held[0].name:
        return held[0]
    return Hole(name=hole_name(provider_deployment(module, key).region_key, "region"))


def provider_region_at(module: ModuleInstance, key: str) -> At | None:
    """Where the provider block that configures ``key`` for ``module`` writes its ``region``; None
    when none does."""
    found = provider_block(module, key)
    if found is None:
        return None
    owner, tf, block = found
    if "region" not in block.body.attributes:
        return None
    return At(tf.path, (*_block_path(owner, block), "region"))


def _block_path(owner: ModuleInstance, block: Block) -> Path:
    """The model path of a provider block (its name and alias), where its arguments are placed."""
    alias = block.body.attributes.get("alias")
    return provider_path(block.labels[0], owner.evaluate(alias) if alias is not None else None)


def provider_default_tags(module: ModuleInstance, key: str) -> tuple[Any, Any, At] | None:
    """The ``tags`` of the ``default_tags`` block of provider configuration ``key`` as seen from
    ``module``: (known, rest, where they are written). ``known`` is a map of the tags known offline
    (or a value that is no map, or an unknown one); ``rest`` is None, or the unknown value that may
    add more tags (a ``merge()`` argument not known offline). None: the configuration sets none.
    Every resource of the configuration takes them, its own ``tags`` winning for a key both write
    (``tags_all``). A ``dynamic "default_tags"`` block is read as the block it generates.
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs#default_tags-configuration-block
    https://developer.hashicorp.com/terraform/language/expressions/dynamic-blocks"""
    found = provider_block(module, key)
    if found is None:
        return None
    owner, tf, block = found
    at = At(tf.path, (*_block_path(owner, block), "default_tags", 0, "tags"))
    inner = next(iter(block.body.blocks_of("default_tags")), None)
    if inner is not None:
        tags = inner.body.attributes.get("tags")
        return (*_tags(owner, tags, {}), at) if tags is not None else None
    generator = next((b for b in block.body.blocks_of("dynamic") if b.labels == ("default_tags",)), None)
    if generator is None:
        return None
    generated = _generated(owner, generator, at)
    return (*generated, at) if generated is not None else None


def _generated(owner: ModuleInstance, generator: Block, at: At) -> tuple[Any, Any] | None:
    """(known, rest) of the tags of the one block ``dynamic "default_tags"`` generates; an unknown
    known where the blocks it generates are not known, or Terraform rejects them (the provider takes
    one ``default_tags`` block); None where it generates none."""
    attributes = generator.body.attributes
    if "for_each" not in attributes:
        return _rejected(owner, at, 'dynamic "default_tags" has no for_each'), None
    items = owner.evaluate(attributes["for_each"])
    found = pairs(items)
    if found is None:
        return (items if unknown(items) else
                _rejected(owner, at, 'the for_each of dynamic "default_tags" is not a collection')), None
    contents = generator.body.blocks_of("content")
    if not found:
        return None
    if len(found) > 1:
        return _rejected(owner, at, f'dynamic "default_tags" makes {len(found)} default_tags blocks, and the AWS '
                                    "provider takes one"), None
    if len(contents) != 1:
        return _rejected(owner, at, 'dynamic "default_tags" has no single content block'), None
    iterator = reference_text(attributes["iterator"].expr) if "iterator" in attributes else "default_tags"
    tags = contents[0].body.attributes.get("tags")
    if tags is None or not iterator:
        return None
    element_key, element = found[0]
    return _tags(owner, tags, {iterator: {"key": element_key, "value": element}})


def _tags(owner: ModuleInstance, attribute: Attribute, scope: dict[str, Any]) -> tuple[Any, Any]:
    """(known, rest) of a ``tags`` argument: a ``merge()`` (also through a local value) some of
    whose maps are not known offline is read as the tags of those that are, each value left unknown
    that a later map may replace, and an unknown map, which may add any number."""
    whole = owner.evaluate(attribute, None, scope)
    if not unknown(whole):
        return whole, None
    expr = attribute.expr
    for _ in range(MAX_NESTING):
        base, steps = traversal(expr)
        named = owner.dir.locals.get(steps[0]) if isinstance(base, Variable) and base.name == "local" \
            and len(steps) == 1 and isinstance(steps[0], str) and not scope else None
        if named is None:
            break
        expr = named
    if not isinstance(expr, Call) or expr.name != "merge" or expr.expand:
        return whole, None
    known: dict[str, Any] = {}
    unknowns = []
    for argument in expr.arguments:
        value = evaluate(argument, owner.resolver(), scope, files=owner.files)
        if unknown(value):
            if getattr(value, "error", False):
                return value, None      # Terraform rejects it: nothing is read
            unknowns.append(value)
            known = dict.fromkeys(known, UNKNOWN)    # its keys may replace any value known so far
        elif isinstance(value, dict):
            known.update(value)
        elif value is not None:
            return whole, None
    # the unknown map that says most about why (a variable without a value before one known after apply)
    return known, first_unknown(unknowns)


def _rejected(owner: ModuleInstance, at: At, what: str) -> Unresolved:
    return Unresolved(Cause(f"{what}, which Terraform rejects", at, owner.described), error=True)


def provider_block(module: ModuleInstance, key: str) -> tuple[ModuleInstance, TfFile, Block] | None:
    """The provider block that configures ``key`` for ``module``, the module it is written in and its file."""
    current: ModuleInstance | None = module
    for _ in range(MAX_NESTING + 1):
        if current is None:
            return None
        for tf, block in current.dir.blocks("provider"):
            alias = block.body.attributes.get("alias")
            alias_value = current.evaluate(alias) if alias else None
            own = block.labels[0] + (f".{alias_value}" if isinstance(alias_value, str) else "") if block.labels else ""
            if own == key:
                return current, tf, block
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
        owner, _, block = found
        for name in ACCOUNT_SETTINGS:
            attribute = block.body.attributes.get(name)
            if attribute is not None:
                settings[name] = _setting(owner, attribute)
            for inner in block.body.blocks_of(name):
                arn = inner.body.attributes.get("role_arn")
                settings.setdefault(name, []).append(_setting(owner, arn) if arn is not None else "")
    block_id = f"{found[0].address}:{found[2].position.line}" if found is not None else "environment"
    # two terragrunt units of one module are two deployments (two environments, often two accounts)
    name = root.unit or root.dir.path
    where = f"terragrunt unit {root.unit}" if root.unit else f"root module {root.dir.path}"
    return account_deployment(name, key, settings, where=where, region_key=terraform_key(name, key, block_id))


def _setting(owner: ModuleInstance, attribute: Attribute) -> Any:
    """A setting's value; an unknown one is named by its place, so two unknowns never compare equal."""
    value = owner.evaluate(attribute)
    if first_unknown(value) is not None:
        return f"<not known: {owner.dir.path}:{attribute.position.line}:{attribute.position.column}>"
    return value


def _passed_providers(module: ModuleInstance) -> dict[str, str]:
    if module.call is None or "providers" not in module.call.body.attributes:
        return {}
    mapping: dict[str, str] = {}
    for key_expr, value_expr in object_items(module.call.body.attributes["providers"].expr):
        key, value = reference_text(key_expr), provider_reference(value_expr)
        if key and value:
            mapping[key] = value
    return mapping
