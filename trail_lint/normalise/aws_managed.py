"""The AWS managed policies shipped with trail-lint: a dated snapshot in data/managed-policies.json.

Policies referenced by ARN that are not in the inputs are looked up here; the snapshot names its
source and retrieval date (see the file's header fields).
"""
from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from trail_lint.model import SHIPPED_FILE, InputKind, Origin, Policy
from trail_lint.normalise.policy_json import parse_policy


@cache
def _shipped() -> dict[str, Any]:
    text = resources.files("trail_lint.data").joinpath("managed-policies.json").read_text("utf-8")
    policies: dict[str, Any] = json.loads(text)["policies"]
    return policies


@cache
def shipped_policy(arn: str) -> Policy | None:
    """An AWS managed policy from the snapshot shipped with trail-lint, or None if it is not there."""
    entry = _shipped().get(arn)
    if entry is None:
        return None
    origin = Origin(SHIPPED_FILE, ("policies", arn, "document"), kind=InputKind.AWS_MANAGED, resource=arn)
    policy = parse_policy(entry["document"], name=entry["name"], origin=origin)
    return Policy(name=entry["name"], statements=policy.statements, arn=arn, origin=origin)
