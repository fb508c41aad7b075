"""Which SCPs stand over an account, level by level, as AWS Organizations applies them.

A request from an account is allowed only if every level of the path from the root to the
account (the root, each OU, the account itself) has an SCP that allows it, and no SCP on the path
denies it. Organizations attaches the AWS managed ``FullAWSAccess`` at every level, so a level
whose inputs attach only Deny guardrails still allows everything else. SCPs never restrict the
management account, nor service-linked roles.
https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html

What the inputs leave open is not guessed: a level whose place on the path is unknown (an OU
the account's parents do not reach, an attachment the inputs do not hold, an account that may be
the management account) makes a decision it would change conditional, and is reported (TL002).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from trail_lint.iam.evaluator import ScpLevel
from trail_lint.model import (
    FULL_AWS_ACCESS,
    UNKNOWN,
    Inventory,
    OrgNode,
    OrgNodeKind,
    Policy,
    Problem,
    ServiceControlPolicy,
    Tri,
    Unknown,
    all_of,
)
from trail_lint.scope import account_from_arn, is_account_id


@dataclass(frozen=True, slots=True)
class Organization:
    """The organization as the inputs describe it, indexed for path look-ups."""

    nodes: dict[str, OrgNode] = field(default_factory=dict)
    management: frozenset[str] = frozenset()
    scps: tuple[ServiceControlPolicy, ...] = ()


def organization(inventory: Inventory) -> Organization:
    nodes = {node.id: node for node in inventory.organization if node.kind is not OrgNodeKind.MANAGEMENT}
    management = {node.id for node in inventory.organization if node.kind is OrgNodeKind.MANAGEMENT}
    # An SCP's ARN names the management account: arn:aws:organizations::111122223333:policy/o-…/…
    management |= {account for scp in inventory.scps
                   if (account := account_from_arn(scp.policy.arn or "")) and account != "aws"}
    return Organization(nodes, frozenset(management), inventory.scps)


def unattached(org: Organization) -> Iterable[tuple[str, Problem]]:
    """TL002 problems: SCPs whose attachment, or whose attachment's target, the inputs do not hold."""
    for scp in org.scps:
        if is_full_access(scp.policy):
            continue
        origin = scp.policy.origin
        if not scp.targets:
            yield f"scp:{origin.file}:{origin.path}", Problem(
                f"SCP {scp.policy.name} is attached to nothing in the inputs: which accounts it restricts is "
                "unknown, so what it would deny is shown as conditional", origin.at,
                resource=origin.resource or scp.policy.name)
        elif any(not isinstance(target, str) for target in scp.targets):
            yield f"scp-target:{origin.file}:{origin.path}", Problem(
                f"an attachment of SCP {scp.policy.name} has a target only known at deployment: what it "
                "would deny there is shown as conditional", origin.at, resource=origin.resource or scp.policy.name)


def levels(org: Organization, account: str | None) -> tuple[ScpLevel, ...]:
    """The SCP levels over principals of ``account`` (None: the account is not known)."""
    if not org.scps or account in org.management:
        return ()
    member = _member(org, account)
    path, path_known = _path(org, account)
    attached: dict[str | Unknown, list[Policy]] = {}
    full_access: dict[str | Unknown, bool] = {}   # target -> FullAWSAccess attached (True) or detached (False)
    loose: list[ScpLevel] = []
    for scp in org.scps:
        if is_full_access(scp.policy):
            full_access.update({target: True for target in scp.targets})
            full_access.update({target: False for target in scp.detached_from})
            continue
        if not scp.targets:      # attached somewhere the inputs do not show, or nowhere
            loose.append(_level([scp.policy], None, UNKNOWN))
        for target in scp.targets:
            attached.setdefault(target, []).append(scp.policy)
    for target, present in full_access.items():
        if present is False:
            attached.setdefault(target, [])
    found = []
    for target, policies in attached.items():
        on_path = all_of((member, _on_path(org, target, account, path, path_known)))
        if on_path is not False:
            found.append(_level(policies, full_access.get(target), on_path))
    return tuple(found + loose)


def is_full_access(policy: Policy) -> bool:
    return policy.name == FULL_AWS_ACCESS.name and policy.arn == FULL_AWS_ACCESS.arn


def _level(policies: list[Policy], full_access: bool | None, applies: Tri) -> ScpLevel:
    """One level: its SCPs, plus FullAWSAccess unless the inputs detach it or replace it by an allow list."""
    allow_list = any(isinstance(p.statements, tuple) and any(s.effect == "Allow" for s in p.statements)
                     for p in policies)
    if full_access is True or (full_access is None and not allow_list):
        policies = [*policies, FULL_AWS_ACCESS]
    return ScpLevel(tuple(policies), applies)


def _member(org: Organization, account: str | None) -> Tri:
    """Whether SCPs restrict the account: a member account, not the management account."""
    if account is None:
        return UNKNOWN
    node = org.nodes.get(account)
    if node is not None and node.kind is OrgNodeKind.ACCOUNT:
        return True
    # The inputs name the management account and it is another one. (An account of another
    # organization altogether is not told apart: the inputs are taken to describe one.)
    return True if org.management else UNKNOWN


def _path(org: Organization, account: str | None) -> tuple[set[str], bool]:
    """The ids above the account up to its root, and whether the root was reached."""
    path: set[str] = set()
    current = org.nodes.get(account) if account is not None else None
    while current is not None:
        path.add(current.id)
        parent = current.parent
        if parent is None:
            return path, True
        if not isinstance(parent, str) or parent in path:
            return path, False
        path.add(parent)
        if parent.startswith("r-") or (parent in org.nodes and org.nodes[parent].kind is OrgNodeKind.ROOT):
            return path, True
        current = org.nodes.get(parent)     # None: an OU the inputs do not describe, so its parents are unknown
    return path, False


def _on_path(org: Organization, target: str | Unknown, account: str | None, path: set[str], path_known: bool) -> Tri:
    if not isinstance(target, str):
        return UNKNOWN
    node = org.nodes.get(target)
    if target == account or target in path:
        return True
    if target.startswith("r-") or (node is not None and node.kind is OrgNodeKind.ROOT):
        return True              # the root is over every account of the organization
    if is_account_id(target) or (node is not None and node.kind is OrgNodeKind.ACCOUNT):
        return UNKNOWN if account is None else False
    return False if path_known else UNKNOWN
