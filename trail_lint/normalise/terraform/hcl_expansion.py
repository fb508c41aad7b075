"""The instances ``count`` and ``for_each`` make of a resource, data source or module block, which
blocks matter to some rule (a TL002 when their instances are not known), and why a value is unknown.
https://developer.hashicorp.com/terraform/language/meta-arguments/count
https://developer.hashicorp.com/terraform/language/meta-arguments/for_each
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from trail_lint.model import At, Cause, Problem
from trail_lint.normalise.terraform.common import UNREAD_TRAIL
from trail_lint.normalise.terraform.hcl_ast import Template
from trail_lint.normalise.terraform.hcl_functions import Unresolved, first_unknown
from trail_lint.normalise.terraform.hcl_syntax import Block

TYPE_CHECKING = False   # typing costs start-up time; mypy reads this as true
if TYPE_CHECKING:
    from trail_lint.normalise.terraform.hcl_modules import ModuleInstance


@dataclass
class Expansion:
    """One instance of a resource or module: its address key and its ``count``/``each`` values."""

    key: str                       # "", "[0]", '["a"]', or "" with unknown=True
    names: dict[str, Any]          # "count.index" / "each.key" / "each.value"
    unknown: bool = False


def expansions(module: ModuleInstance, block: Block, problems: list[Problem], file: str, address: str,
               relevant: bool | None = None) -> list[Expansion]:
    """The instances ``count`` or ``for_each`` make of a block; one with an unknown key when unknown
    (a TL002 when the block matters to a rule: ``relevant``, or else by its resource type)."""
    attributes = block.body.attributes
    if "count" in attributes:
        count = module.evaluate(attributes["count"])
        if isinstance(count, str) and count.isdigit():
            count = int(count)
        if isinstance(count, bool) and isinstance(attributes["count"].expr, Template):
            # Terraform 0.11 had no bool type: `count = "${var.enabled}"` with `default = true` is
            # the string "1" (0.12 and later reject a bool count)
            # https://github.com/hashicorp/terraform/blob/v0.11.14/website/docs/configuration/variables.html.md#booleans
            count = int(count)
        if isinstance(count, float) and count.is_integer():
            count = int(count)
        if isinstance(count, int) and not isinstance(count, bool) and 0 <= count <= 10_000:
            return [Expansion(f"[{index}]", {"count.index": index}) for index in range(count)]
        what, value = "count", count
    elif "for_each" in attributes:
        items = module.evaluate(attributes["for_each"])
        if isinstance(items, dict):
            # Terraform orders instances by key
            return [Expansion(f"[{json.dumps(key)}]", {"each.key": key, "each.value": items[key]})
                    for key in sorted(items)]
        if isinstance(items, list) and all(isinstance(item, str) for item in items):
            return [Expansion(f"[{json.dumps(key)}]", {"each.key": key, "each.value": key})
                    for key in sorted(set(items))]
        what, value = "for_each", items
    else:
        return [Expansion("", {})]
    if values_matter(block) if relevant is None else relevant:
        path = (block.type, *block.labels, what)
        problems.append(Problem(f"{what} of {address} is not known before apply: its instances cannot be listed",
                                At(file, path), resource=address, cause=cause_of(value, module)))
    # the one instance read stands for all of them: its count.index and each.* are unknown for the same reason
    cause = cause_of(value, module) or Cause(f"the {what} of {address} is not known", scope=module.address)
    why = Unresolved(cause)
    return [Expansion("", {"count.index": why, "each.key": why, "each.value": why}, unknown=True)]


# Resources some rule reads: trails, their buckets, keys, topics and log groups, and IAM. Of S3, the
# bucket and the settings the log bucket rules read: a bucket's notification, lifecycle or CORS
# settles nothing, and a value unknown there is not worth a TL002.
_MATTERS = ("aws_cloudtrail", "aws_kms_", "aws_sns_topic", "aws_cloudwatch_log_", "aws_iam_",
            "aws_organizations_policy", UNREAD_TRAIL)
# CloudTrail resources that are not trails and that no rule reads: CloudTrail Lake event data stores
# and channels. (Its delegated administrator is read, TL226; Organizations' registrations for any
# service are not counted here: their unknowns matter only where the service is CloudTrail's, and
# there TL226 says so itself.)
_NOT_READ = frozenset({"aws_cloudtrail_event_data_store", "aws_cloudtrail_channel"})
_S3_READ = frozenset({"aws_s3_bucket", "aws_s3_bucket_policy", "aws_s3_bucket_acl", "aws_s3_bucket_logging",
                      "aws_s3_bucket_versioning", "aws_s3_bucket_object_lock_configuration",
                      "aws_s3_bucket_public_access_block", "aws_s3_account_public_access_block",
                      "aws_s3_bucket_request_payment_configuration", "aws_s3_bucket_lifecycle_configuration",
                      "aws_s3_bucket_ownership_controls"})


def matters(block: Block) -> bool:
    """Whether a resource or data source is of a type some rule reads."""
    return block.type in ("resource", "data") and bool(block.labels) and matters_type(block.labels[0])


def values_matter(block: Block) -> bool:
    """Whether a value of a resource or data source is read by some rule: not of a trail kept only to
    be said unread (UNREAD_TRAIL), whose values and instances no rule reads."""
    return matters(block) and block.labels[0] != UNREAD_TRAIL


def matters_type(kind: str) -> bool:
    return kind in _S3_READ or kind.startswith(_MATTERS) and kind not in _NOT_READ


def cause_of(value: Any, module: ModuleInstance) -> Cause | None:
    """Why a value is unknown, placed in the module that reads it when the cause has no place of its own."""
    cause = getattr(first_unknown(value), "cause", None)
    if cause is None:
        return None
    return cause if cause.scope else replace(cause, scope=module.described)
