"""Does a policy statement let anyone on the internet in? policyuniverse's verdict, statement by statement.

Shared by the rules on the trail's resource policies (log bucket TL307, KMS key TL318). policyuniverse
counts a statement as public when it allows a `*` principal (or NotPrincipal) and no condition narrows
it to known accounts, organizations, ARNs, user ids, networks or VPC endpoints. A statement with parts
not known offline is judged on its widest reading (public_statement).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from trail_lint.iam.conditions import fully_known
from trail_lint.model import UNKNOWN, Condition, Principals, Statement, Tri, Unknown

# The parts of a statement that can keep it from being public; Action and Resource cannot (a
# bucket or key policy's Resource is its own bucket or key, and policyuniverse does not judge actions).
_NARROWING = {"effect": "Effect", "principals": "Principal", "not_principals": "NotPrincipal",
              "conditions": "Condition"}


def public_statement(statement: Statement) -> Tri:
    """Whether the statement lets anyone access the resource: True or False whatever its unknown
    parts are, else UNKNOWN (public in its widest reading, and a narrowing part is unknown)."""
    principals = _named(statement.principals)
    if principals == {}:
        return False          # only principals named by identifiers with unknown parts: never anyone
    widest = replace(
        statement,
        effect="Allow" if statement.effect is UNKNOWN else statement.effect,
        actions=("*",) if statement.actions is UNKNOWN else statement.actions,
        not_actions=None if statement.not_actions is UNKNOWN else statement.not_actions,
        resources=("*",) if statement.resources is UNKNOWN or statement.not_resources is UNKNOWN
        else statement.resources,
        not_resources=None if statement.not_resources is UNKNOWN else statement.not_resources,
        conditions=() if fully_known(statement.conditions) is UNKNOWN else statement.conditions,
        principals={"AWS": ("*",)} if UNKNOWN in (principals, _unknown(statement.not_principals))
        else principals,
        not_principals=None if _unknown(statement.not_principals) is UNKNOWN else statement.not_principals)
    raw = raw_statement(widest)
    if raw is None or raw["Effect"] != "Allow" or not public(raw):
        return False
    if confined(statement.conditions):
        return False
    return UNKNOWN if unknown_parts(statement) else True


# Condition keys that name who calls or on whose behalf (policyuniverse's narrowing keys, less the
# network ones, whose IpAddress operator takes ranges)
_CALLER_KEYS = frozenset({"aws:sourcearn", "aws:principalarn", "aws:sourceowner", "aws:sourceaccount",
                          "aws:principalaccount", "aws:principalorgid", "kms:calleraccount", "aws:userid",
                          "aws:sourcevpc", "aws:sourcevpce"})
# Operators that compare exactly: no wildcard, and a request without the key does not match.
_EXACT = re.compile(r"^(ForAnyValue:)?StringEquals(IgnoreCase)?$", re.IGNORECASE)


def confined(conditions: tuple[Condition, ...] | Unknown) -> bool:
    """Whether a condition confines the callers to named ones, whatever its other conditions and its
    unknown values are: ``StringEquals aws:PrincipalOrgID = o-...`` or ``kms:CallerAccount = <the
    stack's account>`` admits one organization or account, never anyone. Conditions are ANDed, so
    one such condition is enough; policyuniverse judges each condition on its own and counts a
    statement public when any of them would be (a ``StringLike aws:PrincipalArn`` pattern beside an
    ``aws:PrincipalOrgID``), which is not how IAM evaluates them. StringEquals has no wildcards; a
    ...IfExists or ForAllValues operator also admits a request without the key, so it does not
    count. Condition operators and what S3 counts as public:
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
    https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status"""
    return isinstance(conditions, tuple) and any(
        _EXACT.match(condition.operator.strip()) and condition.key.strip().lower() in _CALLER_KEYS
        and condition.values
        and all(isinstance(value, Unknown) or (isinstance(value, str) and value and "*" not in value
                                               and "${" not in value)
                for value in condition.values)
        for condition in conditions)


def unknown_parts(statement: Statement) -> list[str]:
    found = [shown for field, shown in _NARROWING.items()
             if _KNOWN.get(field, _same)(getattr(statement, field)) is UNKNOWN]
    return [*found, _PRESENCE] if statement.maybe else found


# A statement that may not be there (Statement.maybe), as unknown_parts names it
_PRESENCE = "presence (a dynamic block over a for_each not known offline makes it, maybe not at all)"


def _named(principals: Principals | Unknown | None) -> Principals | Unknown | None:
    """Principal without its kinds whose identifiers are not known: those name accounts, roles or
    services, never anyone (model.Principals)."""
    if not isinstance(principals, Mapping):
        return principals
    return {kind: ids for kind, ids in principals.items() if isinstance(ids, tuple)}


def _unknown(principals: Principals | Unknown | None) -> Principals | Unknown | None:
    """NotPrincipal, UNKNOWN when an identifier is not known: who it leaves out is not known."""
    if isinstance(principals, Mapping) and not all(isinstance(ids, tuple) for ids in principals.values()):
        return UNKNOWN
    return principals


def public(raw: dict[str, object]) -> bool:
    """policyuniverse's verdict; a statement it cannot read is not judged."""
    from policyuniverse.statement import (
        Statement as Reader,  # heavy: imported only when a rule asks
    )

    try:
        return bool(Reader(raw).is_internet_accessible())
    except Exception:  # noqa: BLE001 - a shape policyuniverse does not know is not a finding
        return False


def raw_statement(statement: Statement) -> dict[str, object] | None:
    """The statement as a policy document spells it, for policyuniverse; None if any part is unknown."""
    parts = (statement.effect, statement.actions, statement.not_actions, statement.resources,
             statement.not_resources, fully_known(statement.conditions), statement.principals,
             statement.not_principals)
    if any(part is UNKNOWN for part in parts) or any(
            _unknown(principals) is UNKNOWN for principals in (statement.principals, statement.not_principals)):
        return None
    raw: dict[str, object] = {"Effect": statement.effect}
    for key, value in (("Action", statement.actions), ("NotAction", statement.not_actions),
                       ("Resource", statement.resources), ("NotResource", statement.not_resources)):
        if isinstance(value, tuple) and value:
            raw[key] = list(value)
    for key, principals in (("Principal", statement.principals), ("NotPrincipal", statement.not_principals)):
        if isinstance(principals, Mapping):
            raw[key] = {kind: list(ids) for kind, ids in principals.items() if isinstance(ids, tuple)}
    conditions: dict[str, dict[str, list[object]]] = {}
    for condition in statement.conditions if isinstance(statement.conditions, tuple) else ():
        conditions.setdefault(condition.operator, {}).setdefault(condition.key, []).extend(condition.values)
    if conditions:
        raw["Condition"] = conditions
    return raw


def _same(part: object) -> object:
    return part


# How much of a narrowing part must be known for it to count as known (see public_statement)
_KNOWN: dict[str, Callable[[Any], object]] = {"not_principals": _unknown, "conditions": fully_known}
