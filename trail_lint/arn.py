"""ARNs and partitions: the fields of an ARN (``arn:partition:service:region:account:resource``), for any
input that carries one, and the partition a Region belongs to. The one place that knows them."""
from __future__ import annotations

from typing import Any


def _fields(arn: Any) -> list[str]:
    if isinstance(arn, str) and arn.startswith("arn:"):
        fields = arn.split(":", 5)
        if len(fields) == 6:
            return fields
    return []


def account_from_arn(arn: Any) -> str | None:
    fields = _fields(arn)
    return fields[4] or None if fields else None


def region_from_arn(arn: Any) -> str | None:
    fields = _fields(arn)
    return fields[3] or None if fields else None


def partition_of(region: str) -> str:
    """The partition of a Region: aws-cn for cn-*, aws-us-gov for us-gov-*, else aws.

    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
    """
    if region.startswith("cn-"):
        return "aws-cn"
    return "aws-us-gov" if region.startswith("us-gov-") else "aws"


def log_group_from_arn(arn: Any) -> str | None:
    """``arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]`` → NAME (a trail's log group ARN ends in ``:*``)."""
    fields = _fields(arn)
    if not fields or fields[2] != "logs" or not fields[5].startswith("log-group:"):
        return None
    name = fields[5][len("log-group:"):]
    return name.removesuffix(":*") or None
