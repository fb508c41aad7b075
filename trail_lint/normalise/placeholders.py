"""A trail's ARNs that hold a placeholder for their Region or account (a sample's
``arn:aws:kms:REGION:ACCOUNT_ID:key/KEY_ID``), read alike by every reader that reads them as written."""
from __future__ import annotations

from typing import Any

from trail_lint.model import ACCOUNT_CHARS, UNKNOWN, Cause, Hole, Problem, Trail
from trail_lint.records import replace

# The trail's properties that may be ARNs (a key, topic, log group or role named by ARN)
_ARNS = ("kms_key_id", "sns_topic", "cloudwatch_logs_group_arn", "cloudwatch_logs_role_arn")


def without_placeholders(found: Trail, problems: list[Problem], named: str) -> Trail:
    """The trail with each ARN that holds a placeholder for its Region or account (also as a
    CloudFormation parameter's Default, or a Terraform literal) not known, though set (held as written
    with the placeholder as a hole): a TL002 says what to fill in, rather than findings about a Region
    or account that is not one. ``named``: the trail as the reader's messages name it."""
    from trail_lint.scope.arns import placeholder_cause, placeholders

    cleared: dict[str, Any] = {}
    held = dict(found.holes)
    for field_name in _ARNS:
        written = getattr(found, field_name)
        tokens = placeholders(written)
        if not tokens or not isinstance(written, str):
            continue
        cleared[field_name] = UNKNOWN
        parts: list[Any] = []
        for index, value in enumerate(written.split(":", 5)):
            parts += [":"] if index else []
            parts.append(value if index not in tokens else Hole(chars=ACCOUNT_CHARS) if index == 4 else Hole())
        held[field_name] = tuple(part for part in parts if part != "")
        key = found.origin.keys.get(field_name, field_name)
        problems.append(Problem(f"{key} of {named}", found.origin.of(field_name), resource=found.origin.resource,
                                subject=f"unknown:{key}", cause=Cause(placeholder_cause(tokens))))
    return replace(found, **cleared, holes=held) if cleared else found
