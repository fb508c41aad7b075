"""Who can do what to which trail: the access matrix, evaluated offline from the inventory.

Trail actions are evaluated against each live trail's ARN (multi-Region trails: the home
Region); actions without resource-level permissions against ``"*"``. Policies that cannot be
known make decisions UNKNOWN, never denied.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from trail_lint import iam
from trail_lint.actions import requires_wildcard_resource
from trail_lint.iam import ANY_RESOURCE, Because, Decision, Evaluation, ResourceArn
from trail_lint.model import (
    UNKNOWN, At, Inventory, Policy, PolicyRef, Principal, PrincipalKind, Problem, Statement, Trail, Unknown,
)

TRAIL_ACTIONS = tuple(f"cloudtrail:{name}" for name in (
    "StartLogging", "StopLogging", "UpdateTrail", "DeleteTrail", "PutEventSelectors", "PutInsightSelectors",
    "GetTrail", "GetTrailStatus", "GetEventSelectors"))
GLOBAL_ACTIONS = ("cloudtrail:DescribeTrails", "cloudtrail:ListTrails", "cloudtrail:LookupEvents")
TAMPER_ACTIONS = ("cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail",
                  "cloudtrail:PutEventSelectors")
# The access matrix columns ("verbs", also used by access intents): a verb is granted when any
# of its actions is.
VERBS: dict[str, tuple[str, ...]] = {
    "view": ("cloudtrail:GetTrail", "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors"),
    "start": ("cloudtrail:StartLogging",),
    "stop": ("cloudtrail:StopLogging",),
    "update": ("cloudtrail:UpdateTrail",),
    "selectors": ("cloudtrail:PutEventSelectors", "cloudtrail:PutInsightSelectors"),
    "delete": ("cloudtrail:DeleteTrail",),
}
ACCOUNT_WIDE = "*"   # the "trail" of grants for actions that support no resource-level permission
_RANK = {Decision.DENIED: 0, Decision.UNKNOWN: 1, Decision.CONDITIONAL: 2, Decision.ALLOWED: 3}


@dataclass(frozen=True, slots=True)
class Grant:
    principal: str
    trail: str                 # trail key (ARN, else label), or "*" for account-wide actions
    action: str
    decision: Decision
    because: tuple[Because, ...] = ()


@dataclass(frozen=True, slots=True)
class AccessReport:
    trails: tuple[Trail, ...]
    principals: tuple[Principal, ...]
    grants: tuple[Grant, ...]            # every non-denied decision, and denials by an explicit Deny
    unknown: tuple[Problem, ...] = ()    # policies whose permissions cannot be known
    trail_keys: tuple[str, ...] = ()     # trail_key of each trail, in order

    def decision(self, principal: str, trail: str, action: str) -> Decision:
        for grant in self.grants:
            if grant.principal == principal and grant.trail == trail and grant.action.lower() == action.lower():
                return grant.decision
        return Decision.DENIED


def trail_key(trail: Trail, account: str | None = None) -> str:
    """How grants name a trail: its ARN when it can be known, else its label."""
    resource = trail_resource(trail, account)
    return resource if isinstance(resource, str) else trail.label


def trail_resource(trail: Trail, account: str | None = None) -> str | ResourceArn:
    """The request resource for trail actions: the ARN in the trail's home Region."""
    if isinstance(trail.arn, str) and trail.arn.count(":") >= 5:
        return trail.arn
    region: str | Unknown = trail.region if isinstance(trail.region, str) else UNKNOWN
    owner = trail.account if trail.account is not None else account
    partition: str | Unknown = _partition(region)
    name = f"trail/{trail.name}" if isinstance(trail.name, str) else UNKNOWN
    parts = ("arn", partition, "cloudtrail", region, owner if isinstance(owner, str) else UNKNOWN, name)
    resource = ResourceArn(parts)
    return resource.known or resource


def _partition(region: str | Unknown) -> str | Unknown:
    if not isinstance(region, str):
        return UNKNOWN
    if region.startswith("cn-"):
        return "aws-cn"
    return "aws-us-gov" if region.startswith("us-gov-") else "aws"


def trail_account(trail: Trail, account: str | None) -> str | None:
    if isinstance(trail.arn, str) and trail.arn.count(":") >= 5:
        return trail.arn.split(":")[4] or None
    return trail.account if isinstance(trail.account, str) else account


@dataclass(frozen=True, slots=True)
class Effective:
    """A principal's policies, resolved: identity (own + groups'), boundary, SCP levels."""

    identity: tuple[Policy, ...]
    boundary: Policy | None
    scps: tuple[tuple[Policy, ...], ...]


def resolve(inventory: Inventory, principal: Principal, problems: dict[str, Problem]) -> Effective:
    by_ref = {p.arn: p for p in inventory.policies if p.arn} | {p.name: p for p in inventory.policies}
    groups = {g.id: g for g in inventory.principals if g.kind is PrincipalKind.GROUP}
    groups |= {g.name: g for g in groups.values() if isinstance(g.name, str) and g.name not in groups}
    identity: list[Policy] = []
    members: list[Principal] = [principal]
    for group_id in principal.groups:
        group = groups.get(group_id)
        if group is None:
            at = principal.origin.of("groups")
            problems.setdefault(f"group:{group_id}", Problem(
                f"group {group_id} of {principal.id} is not in the inputs: its permissions are unknown", at,
                resource=principal.id))
            identity.append(Policy(name=f"group {group_id}", statements=UNKNOWN, origin=principal.origin))
        else:
            members.append(group)
    for member in members:
        identity.extend(member.inline_policies)
        identity.extend(_managed(ref, by_ref, problems) for ref in member.managed_policies)
    boundary = principal.boundary
    if isinstance(boundary, PolicyRef):
        boundary = _managed(boundary, by_ref, problems)
    return Effective(tuple(identity), boundary, _scp_levels(inventory, principal))


def _managed(ref: PolicyRef, by_ref: dict[str, Policy], problems: dict[str, Problem]) -> Policy:
    from trail_lint.normalise.aws_iam import shipped_policy

    if isinstance(ref.arn, str):
        found = by_ref.get(ref.arn) or shipped_policy(ref.arn)
        if found is not None:
            return found
    name = ref.arn if isinstance(ref.arn, str) else "<unknown policy>"
    problems.setdefault(f"policy:{name}", Problem(
        f"managed policy {name} is not in the inputs or the shipped AWS managed policies: "
        "its permissions are unknown", ref.origin.at, resource=name))
    return Policy(name=name, statements=UNKNOWN, arn=ref.arn if isinstance(ref.arn, str) else None,
                  origin=ref.origin)


def _scp_levels(inventory: Inventory, principal: Principal) -> tuple[tuple[Policy, ...], ...]:
    # SCPs do not apply to service-linked roles:
    # https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
    if principal.kind is PrincipalKind.ROLE and ":role/aws-service-role/" in principal.id:
        return ()
    account = principal.account or inventory.account
    levels: dict[str, list[Policy]] = {}
    for scp in inventory.scps:
        for target in scp.targets or ("",):
            # An SCP attached to another account clearly does not apply; OUs and roots may.
            if account and target.isdigit() and len(target) == 12 and target != account:
                continue
            levels.setdefault(target, []).append(scp.policy)
    return tuple(tuple(level) for level in levels.values())


class _Evaluator:
    """Evaluates requests for one principal's effective policies, with statements pre-filtered per action."""

    def __init__(self) -> None:
        self._candidates: dict[tuple[int, str], tuple[tuple[int, Statement, bool | Unknown], ...]] = {}
        self._keep: dict[int, Policy] = {}
        self._results: dict[tuple[object, ...], Evaluation] = {}

    def candidates(self, policy: Policy, action: str) -> tuple[tuple[int, Statement, bool | Unknown], ...]:
        key = (id(policy), action)
        found = self._candidates.get(key)
        if found is None:
            self._keep[id(policy)] = policy
            found = tuple((index, statement, applies) for index, statement in enumerate(policy.statements)
                          if (applies := iam.action_applies(statement, action)) is not False) \
                if isinstance(policy.statements, tuple) else ()
            self._candidates[key] = found
        return found

    def evaluate(self, effective: Effective, action: str, resource: str | ResourceArn) -> Evaluation:
        key = (tuple(id(p) for p in effective.identity), id(effective.boundary),
               tuple(tuple(id(p) for p in level) for level in effective.scps), action, resource)
        found = self._results.get(key)
        if found is None:
            for policy in (*effective.identity, effective.boundary, *(p for lv in effective.scps for p in lv)):
                if policy is not None:
                    self._keep[id(policy)] = policy
            found = iam.evaluate(effective.identity, action, resource, boundary=effective.boundary,
                                 scps=effective.scps, candidates=self.candidates)
            self._results[key] = found
        return found


def analyse(inventory: Inventory) -> AccessReport:
    """Every principal × live trail × trail action, plus the account-wide actions."""
    problems: dict[str, Problem] = {}
    evaluator = _Evaluator()
    trails = inventory.live_trails()
    keys = tuple(trail_key(trail, inventory.account) for trail in trails)
    grants: list[Grant] = []
    for principal in inventory.principals:
        if principal.kind is PrincipalKind.GROUP:
            continue          # groups act only through their users
        effective = resolve(inventory, principal, problems)
        if not any(_may_mention_cloudtrail(policy) for policy in effective.identity):
            continue
        for action in GLOBAL_ACTIONS:
            grants.extend(_grant(principal.id, ACCOUNT_WIDE, action,
                                 evaluator.evaluate(effective, action, ANY_RESOURCE)))
        for trail, key in zip(trails, keys):
            owner = trail_account(trail, inventory.account)
            if principal.account and owner and owner != principal.account:
                continue      # trails have no resource policies: no cross-account access
            resource = trail_resource(trail, inventory.account)
            for action in TRAIL_ACTIONS:
                target = ANY_RESOURCE if requires_wildcard_resource(action) else resource
                grants.extend(_grant(principal.id, key, action,
                                     evaluator.evaluate(effective, action, target)))
    return AccessReport(trails, inventory.principals, tuple(grants), tuple(problems.values()), keys)


def _grant(principal: str, trail: str, action: str, evaluation: Evaluation) -> Iterable[Grant]:
    if evaluation.decision is not Decision.DENIED or evaluation.because:
        yield Grant(principal, trail, action, evaluation.decision, evaluation.because)


def _may_mention_cloudtrail(policy: Policy) -> bool:
    if not isinstance(policy.statements, tuple):
        return True
    return any(iam.mentions_service(s, "cloudtrail") is not False for s in policy.statements)


def verb_decision(decisions: Sequence[Decision]) -> Decision:
    """A verb is granted when any of its actions is: the best decision wins."""
    return max(decisions, key=_RANK.__getitem__, default=Decision.DENIED)


def render_access(report: AccessReport, fmt: str, *, verbose: bool = False, include_denied: bool = False,
                  locate: Callable[[At], tuple[str, int, int]] | None = None) -> str:
    """The access report as text, json, csv or markdown."""
    from trail_lint.access_render import render

    return render(report, fmt, verbose=verbose, include_denied=include_denied, locate=locate)
