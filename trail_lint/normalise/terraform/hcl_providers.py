"""Provider configurations as a module instance sees them: which one a resource uses, the block that
configures it (its own module's, or one its callers pass in ``providers``), its Region and the
deployment (account settings) of what it makes.
https://developer.hashicorp.com/terraform/language/modules/develop/providers
"""
from __future__ import annotations

from typing import Any

from trail_lint.model import At, Deployment
from trail_lint.normalise.terraform.config import ACCOUNT_SETTINGS, account_deployment
from trail_lint.normalise.terraform.hcl_dir import MAX_NESTING
from trail_lint.normalise.terraform.hcl_eval import object_items, reference_text
from trail_lint.normalise.terraform.hcl_functions import first_unknown
from trail_lint.normalise.terraform.hcl_syntax import Attribute, Block, TfFile, provider_path

TYPE_CHECKING = False   # typing costs start-up time; mypy reads this as true
if TYPE_CHECKING:
    from trail_lint.normalise.terraform.hcl_modules import ModuleInstance


def provider_key(block: Block) -> str | None:
    """The provider configuration a resource uses: its ``provider`` argument, else the default one."""
    chosen = block.body.attributes.get("provider")
    return reference_text(chosen.expr) if chosen is not None else block.labels[0].split("_", 1)[0]


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


def provider_region_at(module: ModuleInstance, key: str) -> At | None:
    """Where the provider block that configures ``key`` for ``module`` writes its ``region``; None
    when none does."""
    found = provider_block(module, key)
    if found is None:
        return None
    owner, tf, block = found
    if "region" not in block.body.attributes:
        return None
    alias = block.body.attributes.get("alias")
    return At(tf.path, (*provider_path(block.labels[0], owner.evaluate(alias) if alias is not None else None),
                        "region"))


def provider_default_tags(module: ModuleInstance, key: str) -> tuple[Any, At] | None:
    """The ``tags`` of the ``default_tags`` block of provider configuration ``key`` as seen from
    ``module`` (a map, or an unknown value), and where they are written; None: the configuration
    sets none. Every resource of the configuration takes them, its own ``tags`` winning for a key
    both write (``tags_all``).
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs#default_tags-configuration-block"""
    found = provider_block(module, key)
    if found is None:
        return None
    owner, tf, block = found
    inner = next(iter(block.body.blocks_of("default_tags")), None)
    tags = inner.body.attributes.get("tags") if inner is not None else None
    if tags is None:
        return None
    alias = block.body.attributes.get("alias")
    path = provider_path(block.labels[0], owner.evaluate(alias) if alias is not None else None)
    return owner.evaluate(tags), At(tf.path, (*path, "default_tags", 0, "tags"))


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
    return account_deployment(root.dir.path, key, settings, where=f"root module {root.dir.path}",
                              region_key=f"terraform:{root.dir.path}:{key}:{block_id}")


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
        key, value = reference_text(key_expr), reference_text(value_expr)
        if key and value:
            mapping[key] = value
    return mapping
