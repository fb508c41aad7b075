"""Shared IAM vocabulary: action and ARN wildcard matching, and whether a statement applies.

Action names are case-insensitive; ARNs are matched case-sensitively, like ``ArnLike``:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from trail_lint.model import UNKNOWN, Statement, Unknown

# The request resource of actions that support no resource-level permission.
ANY_RESOURCE = "*"
# Stand-ins for an ARN part that cannot be known offline (a trail's account or Region).
# Private-use characters never appear in real policies.
_PROBES = ("\ue000", "\ue001\ue002\ue003-\ue004")


@dataclass(frozen=True, slots=True)
class ResourceArn:
    """A request resource ARN whose parts may be UNKNOWN (e.g. a trail in an unknown account)."""

    parts: tuple[str | Unknown, ...]   # arn, partition, service, region, account, resource

    @property
    def known(self) -> str | None:
        if any(part is UNKNOWN for part in self.parts):
            return None
        return ":".join(str(part) for part in self.parts)


@lru_cache(maxsize=4096)
def _action_regex(pattern: str) -> re.Pattern[str]:
    body = "".join(".*" if char == "*" else "." if char == "?" else re.escape(char) for char in pattern)
    return re.compile(body, re.IGNORECASE | re.DOTALL)


def action_matches(pattern: str, action: str) -> bool:
    """``cloudtrail:*Logging`` matches ``CloudTrail:stoplogging``: both halves are case-insensitive."""
    return _action_regex(pattern).fullmatch(action) is not None


@lru_cache(maxsize=4096)
def _arn_regex(pattern: str) -> re.Pattern[str]:
    # Wildcards stay inside their colon-delimited segment, except that a `*` that ends a
    # segment may run across colons (IAM Resource element docs, "Wildcards in resource ARNs").
    # The sixth part (the resource id) may itself hold colons, so there `*`/`?` match anything.
    out: list[str] = []
    colons = 0
    for index, char in enumerate(pattern):
        in_resource = colons >= 5
        if char == "*":
            ends_segment = index + 1 == len(pattern) or pattern[index + 1] == ":"
            out.append(".*" if in_resource or ends_segment else "[^:]*")
        elif char == "?":
            out.append("." if in_resource else "[^:]")
        else:
            if char == ":":
                colons += 1
            out.append(re.escape(char))
    return re.compile("".join(out), re.DOTALL)


def arn_matches(pattern: str, arn: str) -> bool:
    """Whether a Resource pattern matches a request ARN (case-sensitive, ``*`` and ``?``)."""
    return _arn_regex(pattern).fullmatch(arn) is not None


def resource_matches(pattern: str, resource: str | ResourceArn) -> bool | Unknown:
    """Like arn_matches, but UNKNOWN when the answer depends on an unknown part of the resource."""
    if isinstance(resource, str):
        return arn_matches(pattern, resource)
    known = resource.known
    if known is not None:
        return arn_matches(pattern, known)
    if all(arn_matches(pattern, _fill(resource, probe)) for probe in _PROBES):
        return True            # matches whatever the unknown parts are
    segments = pattern.split(":", 5)
    for index, part in enumerate(resource.parts):
        if part is UNKNOWN and index < len(segments):
            candidate = segments[index].replace("*", "").replace("?", "x")
            if arn_matches(pattern, _fill(resource, candidate)):
                return UNKNOWN
    if any(arn_matches(pattern, _fill(resource, probe)) for probe in _PROBES):
        return UNKNOWN
    return False


def _fill(resource: ResourceArn, value: str) -> str:
    return ":".join(value if part is UNKNOWN else str(part) for part in resource.parts)


def _any(patterns: tuple[str | Unknown, ...] | Unknown, test) -> bool | Unknown:  # type: ignore[no-untyped-def]
    """Whether any pattern matches; UNKNOWN when only an unknown pattern could."""
    if patterns is UNKNOWN:
        return UNKNOWN
    unknown = False
    for pattern in patterns:  # type: ignore[union-attr]
        if not isinstance(pattern, str):
            unknown = True
            continue
        result = test(pattern)
        if result is True:
            return True
        if result is UNKNOWN:
            unknown = True
    return UNKNOWN if unknown else False


def _negate(value: bool | Unknown) -> bool | Unknown:
    return value if value is UNKNOWN else not value


def _and(*values: bool | Unknown) -> bool | Unknown:
    if any(value is False for value in values):
        return False
    return UNKNOWN if any(value is UNKNOWN for value in values) else True


def action_applies(statement: Statement, action: str) -> bool | Unknown:
    """Whether the statement's Action/NotAction covers the action."""
    if statement.not_actions is not None:
        return _negate(_any(statement.not_actions, lambda p: action_matches(p, action)))
    return _any(statement.actions, lambda p: action_matches(p, action))


def resource_applies(statement: Statement, resource: str | ResourceArn) -> bool | Unknown:
    """Whether the statement's Resource/NotResource covers the request resource."""
    if statement.not_resources is not None:
        return _negate(_any(statement.not_resources, lambda p: resource_matches(p, resource)))
    return _any(statement.resources, lambda p: resource_matches(p, resource))


def statement_applies(statement: Statement, action: str, resource: str | ResourceArn) -> bool | Unknown:
    """Whether the statement's action and resource parts cover the request (Effect/Condition aside)."""
    return _and(action_applies(statement, action), resource_applies(statement, resource))
