"""Does a policy statement let anyone on the internet in? policyuniverse's verdict, statement by statement.

Shared by the rules on the trail's resource policies (log bucket, KMS key). policyuniverse counts a
statement as public when it allows a `*` principal (or NotPrincipal) and no condition narrows it to
known accounts, organizations, ARNs, user ids, networks or VPC endpoints.
"""
from __future__ import annotations

from collections.abc import Mapping

from trail_lint.model import UNKNOWN, Statement


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
             statement.not_resources, statement.conditions, statement.principals, statement.not_principals)
    if any(part is UNKNOWN for part in parts):
        return None
    raw: dict[str, object] = {"Effect": statement.effect}
    for key, value in (("Action", statement.actions), ("NotAction", statement.not_actions),
                       ("Resource", statement.resources), ("NotResource", statement.not_resources)):
        if isinstance(value, tuple) and value:
            raw[key] = list(value)
    for key, principals in (("Principal", statement.principals), ("NotPrincipal", statement.not_principals)):
        if isinstance(principals, Mapping):
            raw[key] = {kind: list(ids) for kind, ids in principals.items()}
    conditions: dict[str, dict[str, list[object]]] = {}
    for condition in statement.conditions if isinstance(statement.conditions, tuple) else ():
        conditions.setdefault(condition.operator, {}).setdefault(condition.key, []).extend(condition.values)
    if conditions:
        raw["Condition"] = conditions
    return raw


def public_statement(statement: Statement) -> bool:
    """Whether the statement, every part known, is an Allow that lets anyone in."""
    raw = raw_statement(statement)
    return raw is not None and raw["Effect"] == "Allow" and public(raw)
