"""A trail's CloudWatch Logs log group ARN as its input writes it, and whether it ends in ``:*``, which
CloudTrail requires (TL219) and a role policy naming the same ARN relies on (TL215)."""
from __future__ import annotations

from trail_lint.delivery_match import ANYTHING, matches
from trail_lint.model import Text, Trail


def log_group_held(trail: Trail) -> Text | None:
    """The trail's log group ARN as its input writes it: the text, or the parts its reader holds
    (Trail.holes) where it is known by what it is only; None where it is neither."""
    group = trail.cloudwatch_logs_group_arn
    return (group,) if isinstance(group, str) and group else trail.holes.get("cloudwatch_logs_group_arn")


def lacks_log_group_wildcard(value: Text) -> bool:
    """Whether a log group ARN, known whole or in part, certainly does not end in ``:*``: its known
    text names a log group (and no log stream), and no text its holes may hold ends it in ``:*`` (a
    hole within one segment, such as a name of the template or configuration or a random value,
    holds no ``:``)."""
    known = "".join(part for part in value if isinstance(part, str))
    if not known.startswith("arn:") or ":logs:" not in known or ":log-group:" not in known \
            or ":log-stream:" in known:
        return False
    return matches((ANYTHING, ":*"), value, lambda _, whole: whole.endswith(":*"), wildcards=False) is False


def by_provider_version(trail: Trail) -> Text | None:
    """The trail's log group ARN without ``:*`` where it is built from the ``arn`` of an
    aws_cloudwatch_log_group, which ended in ``:*`` before AWS provider 3.0 and does not from 3.0
    (known whole, in the reader's Trail.holes, or made of parts known by what they are): whether
    CloudTrail takes it (TL219), and whether a role policy naming the same ARN covers its log
    streams (TL215), depend on that version, where the configuration's version constraints do not
    settle it (Trail.log_group_arn_versioned). None for any other trail. (TL219 names the sources.)"""
    held = log_group_held(trail)
    if not trail.log_group_arn_versioned or not held or not lacks_log_group_wildcard(held):
        return None
    return held
