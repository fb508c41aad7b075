"""Terraform S3 bucket settings → Bucket: access logging, versioning, Object Lock, Block Public Access,
Requester Pays, lifecycle, Object Ownership.

Provider v4+ sets each with its own resource (``aws_s3_bucket_logging``, ``aws_s3_bucket_versioning``,
``aws_s3_bucket_object_lock_configuration``, ``aws_s3_bucket_public_access_block``,
``aws_s3_bucket_request_payment_configuration``, ``aws_s3_bucket_lifecycle_configuration``,
``aws_s3_bucket_ownership_controls``) naming the
bucket in ``bucket``; older configurations use blocks and arguments on ``aws_s3_bucket`` (``logging``,
``versioning``, ``object_lock_configuration``, ``request_payer``, ``lifecycle_rule``), which v4+ still reports as computed attributes.
https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_versioning
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from trail_lint.model import UNKNOWN, Bucket, PublicAccessBlock, Unknown
from trail_lint.normalise.terraform.common import MADE, Instance, Node, flag, items, text
from trail_lint.normalise.terraform.config import Reading, config_resource
from trail_lint.normalise.terraform.policies import origin_of

SETTINGS = ("aws_s3_bucket_logging", "aws_s3_bucket_versioning", "aws_s3_bucket_object_lock_configuration",
            "aws_s3_bucket_public_access_block", "aws_s3_bucket_request_payment_configuration",
            "aws_s3_bucket_lifecycle_configuration", "aws_s3_bucket_ownership_controls")
_PAB_KEYS = {name: name for name in PublicAccessBlock.FLAGS}
_OFF_IF_NEW = object()      # a setting a new bucket has off, and an existing one keeps as it is


def inline_settings(scope: Reading, instance: Instance, found: Bucket) -> Bucket:
    """The settings written as blocks on aws_s3_bucket."""
    node = instance.node
    versioning = _first(scope, instance, node.get("versioning"))
    lock = flag(node, "object_lock_enabled", False)
    if lock is UNKNOWN and instance.existence in MADE and config_resource(scope.config, instance) \
            and not scope.configures(instance, "object_lock_enabled"):
        lock = False    # computed; a bucket created without it has none
    lock_blocks = _first(scope, instance, node.get("object_lock_configuration"))
    if lock is False and isinstance(lock_blocks, Node):
        lock = _equals(text(lock_blocks, "object_lock_enabled"), "Enabled")
    return replace(
        found,
        access_logging=_present(scope, instance, node.get("logging"), "logging"),
        lifecycle=_present(scope, instance, node.get("lifecycle_rule"), "lifecycle_rule"),
        versioning=flag(versioning, "enabled", False) if isinstance(versioning, Node) else versioning,
        mfa_delete=flag(versioning, "mfa_delete", False) if isinstance(versioning, Node) else versioning,
        object_lock=lock if lock_blocks is not UNKNOWN else UNKNOWN,
        requester_pays=_requester_pays(scope, instance, text(node, "request_payer"), "request_payer"),
    )


def with_settings(scope: Reading, buckets: list[Bucket], settings: Sequence[Instance]) -> list[Bucket]:
    """Each settings resource applied to the bucket it names (by name or by reference). One whose
    bucket cannot be told makes the settings of every bucket it may belong to unknown (not those of
    a bucket whose name it holds with text around it: Reading.named_not)."""
    for instance in settings:
        name = text(instance.node, "bucket")
        linked = {i.address for i in scope.link(instance, "bucket", "aws_s3_bucket")}
        targets = [i for i, b in enumerate(buckets) if names_bucket(name, linked, b)]
        changes = _changes(scope, instance)
        if not targets and not isinstance(name, str) and not linked:
            other = scope.named_not(instance, "bucket", "aws_s3_bucket")
            for index, found in enumerate(buckets):
                if found.origin.resource in other:
                    continue
                unknown: dict[str, Any] = {key: UNKNOWN for key in changes if getattr(found, key) in (False, None)}
                buckets[index] = replace(found, **unknown)
            continue
        origin = origin_of(scope, instance, instance.node)
        for index in targets:
            kept = tuple((key, found) for key, found in buckets[index].settings if key not in changes)
            applied: dict[str, Any] = {key: (False if buckets[index].existence in MADE else UNKNOWN)
                       if value is _OFF_IF_NEW else value for key, value in changes.items()}
            buckets[index] = replace(buckets[index], **applied, settings=kept + tuple((key, origin) for key in changes))
    return buckets


def names_bucket(name: str | None | Unknown, linked: set[str], bucket: Bucket) -> bool:
    """Whether a resource whose ``bucket`` is ``name``, its configuration referring to the buckets
    ``linked``, is on ``bucket``: by the names where both are known (a reference inside other text,
    ``"${aws_s3_bucket.logs.id}-replica"``, names another bucket), else by the reference."""
    if isinstance(name, str) and isinstance(bucket.name, str):
        return bucket.name == name
    return bucket.origin.resource in linked


def _changes(scope: Reading, instance: Instance) -> dict[str, Any]:
    node = instance.node
    if instance.type == "aws_s3_bucket_logging":
        return {"access_logging": True}
    if instance.type == "aws_s3_bucket_lifecycle_configuration":
        return {"lifecycle": True}
    if instance.type == "aws_s3_bucket_versioning":
        config = _first(scope, instance, node.get("versioning_configuration"))
        if not isinstance(config, Node):
            return {"versioning": config, "mfa_delete": config}
        mfa = text(config, "mfa_delete")
        if mfa is UNKNOWN and instance.existence in MADE and \
                not _sets(scope, instance, "versioning_configuration", "mfa_delete"):
            # computed; a new configuration that does not set it changes nothing: a new bucket's is off
            return {"versioning": _equals(text(config, "status"), "Enabled"), "mfa_delete": _OFF_IF_NEW}
        return {"versioning": _equals(text(config, "status"), "Enabled"), "mfa_delete": _equals(mfa, "Enabled")}
    if instance.type == "aws_s3_bucket_object_lock_configuration":
        return {"object_lock": True}   # it is rejected on a bucket without Object Lock
    if instance.type == "aws_s3_bucket_ownership_controls":
        rule = _first(scope, instance, node.get("rule"))
        return {"object_ownership": text(rule, "object_ownership") if isinstance(rule, Node) else UNKNOWN}
    if instance.type == "aws_s3_bucket_request_payment_configuration":
        return {"requester_pays": _requester_pays(scope, instance, text(node, "payer"), "payer")}
    return {"public_access_block": _block(scope, instance, None)}


def _sets(scope: Reading, instance: Instance, block: str, attribute: str) -> bool:
    """Whether the configuration sets ``attribute`` in its ``block`` block (plans: their configuration
    section); True where it cannot tell (no configuration, a dynamic block)."""
    config = config_resource(scope.config, instance)
    expressions = config.get("expressions") if config else None
    blocks = expressions.get(block) if isinstance(expressions, dict) else None
    return not isinstance(blocks, list) or any(not isinstance(b, dict) or attribute in b for b in blocks)


def account_block(scope: Reading, instance: Instance) -> PublicAccessBlock:
    """aws_s3_account_public_access_block: the same four settings for every bucket of the account."""
    account = text(instance.node, "account_id")
    return _block(scope, instance, account if isinstance(account, str) else scope.account_of(instance))


def _block(scope: Reading, instance: Instance, account: str | None) -> PublicAccessBlock:
    node = instance.node
    flags: dict[str, Any] = {key: flag(node, key, False) for key in PublicAccessBlock.FLAGS}
    return PublicAccessBlock(**flags, origin=origin_of(scope, instance, node, _PAB_KEYS), account=account)


def _first(scope: Reading, instance: Instance, node: Node) -> Node | bool | Unknown:
    """The one block of a single-block list; False when absent; UNKNOWN when computed but configured."""
    blocks = items(node)
    if blocks is UNKNOWN:
        return UNKNOWN if scope.configures(instance, str(node.path[-1]) if node.path else "") else False
    return blocks[0] if blocks else False  # type: ignore[index]


def _present(scope: Reading, instance: Instance, node: Node, attribute: str) -> bool | Unknown:
    blocks = items(node)
    if blocks is UNKNOWN:
        return UNKNOWN if scope.configures(instance, attribute) else False
    return bool(blocks)


def _requester_pays(scope: Reading, instance: Instance, payer: str | None | Unknown, attribute: str) -> bool | Unknown:
    """Whether the payer is the requester ("Requester"; else "BucketOwner"). The provider v4+ computes
    ``request_payer`` on aws_s3_bucket: unknown there only when the configuration sets it."""
    if payer is UNKNOWN and not scope.configures(instance, attribute):
        return False
    return _equals(payer, "Requester")


def _equals(value: str | None | Unknown, wanted: str) -> bool | Unknown:
    return UNKNOWN if value is UNKNOWN else value == wanted
