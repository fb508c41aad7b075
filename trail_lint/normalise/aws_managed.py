"""The AWS managed policies shipped with trail-lint: a dated snapshot in data/managed-policies.json.

Policies referenced by ARN that are not in the inputs are looked up here; the snapshot names its
source and retrieval date (see the file's header fields), and each entry its version.

Some entries are shipped reduced (their ``reduced`` field, ``numbers``): how, and why what a reduced
document decides is what the whole one does, is in trail_lint/iam/managed_reduction.py.
"""
from __future__ import annotations

from functools import cache

from trail_lint.model import SHIPPED_FILE, InputKind, Origin, Policy
from trail_lint.normalise.policy_json import parse_policy
from trail_lint.resources import shipped_policies as _shipped


@cache
def shipped_policy(arn: str) -> Policy | None:
    """An AWS managed policy from the snapshot shipped with trail-lint, or None if it is not there."""
    entry = _shipped().get(arn)
    if entry is None:
        return None
    origin = Origin(SHIPPED_FILE, ("policies", arn, "document"), kind=InputKind.AWS_MANAGED, resource=arn)
    policy = parse_policy(entry["document"], name=entry["name"], origin=origin)
    numbers = entry.get("numbers")
    return Policy(name=entry["name"], statements=policy.statements, arn=arn, origin=origin,
                  numbers=tuple(numbers) if numbers is not None else None)


@cache
def _arns_by_name() -> dict[str, str]:
    return {entry["name"]: arn for arn, entry in _shipped().items()}


def shipped_arn(name: str) -> str | None:
    """The ARN of the AWS managed policy of that name in the snapshot (some sit under a path,
    ``service-role/``, ``aws-service-role/``, ``job-function/``), or None if it is not there."""
    return _arns_by_name().get(name)

