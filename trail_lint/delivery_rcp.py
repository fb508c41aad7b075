"""Resource control policies (RCPs) over a trail's log bucket, KMS keys, CloudWatch Logs role and log group.

An RCP sets the most that any principal may do with the resources of the member accounts it reaches,
for the services that support RCPs. AWS service principals are among those principals: only
service-linked roles are left out (with the management account's resources and AWS managed keys),
which is why the RCP examples exempt ``aws:PrincipalIsAWSService`` where a service must keep access.
So CloudTrail's own requests as ``cloudtrail.amazonaws.com`` (s3:PutObject, s3:GetBucketAcl,
kms:GenerateDataKey, sts:AssumeRole of its CloudWatch Logs role) are subject to the RCPs over the
resource's account, and so are the writes its CloudWatch Logs role makes to the log group.

The services RCPs apply to (the page's "List of AWS services that support RCPs", checked
2026-12-02): Amazon S3, AWS STS, AWS KMS, Amazon SQS, AWS Secrets Manager, Amazon ECR, Amazon
OpenSearch Serverless, Amazon Cognito and Amazon CloudWatch Logs (the last two added in January
2026). Amazon SNS is not among them: a topic policy (TL208) is not checked against RCPs.
https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html#rcp-supported-services

An RCP is placed through the OU tree as an SCP is (iam.scp_levels), may hold only Deny statements
(besides RCPFullAWSAccess, which lets everything through) and names ``"Principal": "*"``. So a
request is blocked by an RCP Deny that matches it, read by the same evaluation as the bucket and key
policies (delivery.evaluate), with RCPFullAWSAccess beside it.
https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
https://docs.aws.amazon.com/kms/latest/developerguide/resource-control-policies.html
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from trail_lint.delivery import Verdict, evaluate
from trail_lint.delivery_links import log_bucket
from trail_lint.delivery_problems import reported, shared_problem, undecided
from trail_lint.delivery_requests import Request
from trail_lint.iam.evaluator import Decision, document_rejected, without_principal
from trail_lint.iam.scp_levels import Organization, levels, organization, rcp_refused
from trail_lint.model import (
    RCP_FULL_AWS_ACCESS,
    At,
    Deployment,
    InputKind,
    Inventory,
    Origin,
    Policy,
    Problem,
    Trail,
    Tri,
    any_of,
)
from trail_lint.records import record
from trail_lint.scope.arns import account_from_arn


@record
class Blocked:
    """An RCP that blocks (``certain``) or may block one of CloudTrail's requests."""

    policy: Policy
    request: Request
    verdict: Verdict            # DENIED: a Deny matches; UNKNOWN: one may
    certain: bool               # the Deny matches and the RCP reaches the resource's account
    reaches: Tri                # whether the RCP reaches the resource's account


def rcp_organization(inventory: Inventory) -> Organization | None:
    """The RCPs placed in the OU tree; None when the inputs hold no RCP that may deny anything."""
    if not inventory.rcps:
        return None
    org = organization(inventory, resource_control=True)
    return org if org.scps else None


def reaching(org: Organization, account: str | None) -> tuple[tuple[Policy, Tri], ...]:
    """The RCPs that may deny something over ``account`` (None: not known), each with whether it
    reaches the account's resources: a policy attached at several levels of the path once."""
    reach: dict[int, tuple[Policy, Tri]] = {}
    for level in levels(org, account):
        for policy in level.policies:
            # not RCPFullAWSAccess, nor the allow-all scp_levels puts at each level, nor an RCP AWS
            # Organizations refuses, which is attached nowhere (the engine reports it, TL001)
            if _denies(policy) and not _refused(policy):
                held = reach.get(id(policy))
                reach[id(policy)] = (policy, level.applies if held is None else any_of((held[1], level.applies)))
    return tuple(reach.values())


def blocking(reach: Iterable[tuple[Policy, Tri]], requests: Sequence[Request]) -> Iterator[Blocked]:
    """For each RCP (with whether it reaches the resource's account) that blocks or may block a
    request, the first request it settles: a certain block before one it may make."""
    for policy, reaches in reach:
        found: Blocked | None = None
        for request in requests:
            verdict = evaluate(_with_full_access(policy), request)
            if verdict.decision is Decision.ALLOWED:
                continue
            certain = verdict.decision is Decision.DENIED and reaches is True
            if found is None or certain and not found.certain:
                found = Blocked(policy, request, verdict, certain, reaches)
            if certain:
                break
        if found is not None:
            yield found


def rcp_problems(inventory: Inventory, org: Organization | None,
                 checks: Iterable[tuple[Trail, str, str | None, Sequence[Request]]]) -> Iterator[Problem]:
    """Each trail's requests to one resource (``shown``: "log bucket 'x'", in ``account``) against the RCPs
    over it. One RCP statement fixes every trail it blocks at one resource: one finding per RCP statement,
    resource and request, naming the RCP and the trails (the first few, then how many more); one TL002
    per RCP statement, resource and request that may block, naming its trails."""
    if org is None:
        return
    found: dict[tuple[bool, At, str, str], tuple[Blocked, str | None, list[Trail]]] = {}
    over: dict[str | None, tuple[tuple[Policy, Tri], ...]] = {}      # the RCPs over each account, once
    for trail, shown, account, requests in checks:
        if account not in over:
            over[account] = reaching(org, account)
        for blocked in blocking(over[account], requests):
            if blocked.certain or not reported(inventory, blocked.verdict.open):
                key = (blocked.certain, blocked.verdict.at or blocked.policy.origin.at, shown, blocked.request.action)
                found.setdefault(key, (blocked, account, []))[2].append(trail)
    for (certain, at, shown, action), (blocked, account, trails) in found.items():
        policy = blocked.policy
        subject, resource = f"RCP {policy.name!r} over {shown}", policy.origin.resource or policy.name
        if certain:
            yield shared_problem(trails, subject, f"blocks CloudTrail's {action}: {blocked.verdict.reason}", at,
                                 resource, f"rcp:{action}")
        else:
            yield undecided(trails, subject, f"may block CloudTrail's {action} on {blocked.request.shown}: "
                                             f"{why_open(org, blocked, account)}", at, resource, f"rcp:{action}")


def _refused(policy: Policy) -> bool:
    """An RCP that cannot be created: outside the IAM grammar (document_rejected), refused by AWS
    Organizations (rcp_refused), or with a statement naming no principal, which matches no
    request (delivery_applies.principal_applies) whether or not it is refused."""
    return document_rejected(policy) or rcp_refused(policy) is not None or without_principal(policy) is not None


def _denies(policy: Policy) -> bool:
    return not isinstance(policy.statements, tuple) or any(s.effect != "Allow" for s in policy.statements)


def _with_full_access(policy: Policy) -> Policy:
    """The RCP's Deny statements (and those whose Effect is not known) beside RCPFullAWSAccess, which
    every level has: what the RCP lets through is what RCPFullAWSAccess does, less what it denies. An
    Allow in any other RCP is refused by Organizations, so it is not read."""
    full = RCP_FULL_AWS_ACCESS.statements
    if not isinstance(policy.statements, tuple) or not isinstance(full, tuple):
        return policy
    return replace(policy, statements=(*(s for s in policy.statements if s.effect != "Allow"), *full))


def why_open(org: Organization, blocked: Blocked, account: str | None) -> str:
    """What leaves a block that is not certain open, for a TL002: the RCP's statements, else whether
    it reaches the resource's account."""
    if blocked.verdict.decision is not Decision.DENIED:
        return blocked.verdict.reason
    return f"{blocked.verdict.reason} if it reaches {_unplaced(org, blocked.policy, account)}"


def _unplaced(org: Organization, policy: Policy, account: str | None) -> str:
    """Why the inputs do not settle whether an RCP reaches an account."""
    placed = next((r for r in org.scps if r.policy is policy), None)
    if placed is not None and (not placed.targets or not all(isinstance(t, str) for t in placed.targets)):
        return "the resource, and where the RCP is attached is not in the inputs"
    if account is None:
        return "the resource, whose account is not in the inputs"
    if not org.management and account not in org.nodes:
        return f"account {account}, which may be the organization's management account, whose resources RCPs " \
               "do not restrict (set `management-account`)"
    return f"account {account}, whose place in the organization is not in the inputs"


def bucket_account(inventory: Inventory, trail: Trail) -> str | None:
    """The account of the trail's log bucket, when the inputs say it: the bucket's own, else the
    trail's when the same CloudFormation stack or Terraform provider configuration creates both (its
    account given by --account or the configured `accounts`)."""
    created = log_bucket(inventory, trail)
    if created is None:
        return None
    if created.account:
        return created.account
    return trail.account if deployed_with(trail, created.origin, created.deployment) \
        and isinstance(trail.account, str) else None


def deployed_with(trail: Trail, origin: Origin, deployment: Deployment | None) -> bool:
    """Whether the trail's own CloudFormation stack or Terraform provider configuration creates the
    resource (at ``origin``, by ``deployment``): then it is in the trail's account."""
    if origin.kind is InputKind.CLOUDFORMATION and origin.file == trail.origin.file:
        return True
    return deployment is not None and trail.deployment is not None and deployment.key == trail.deployment.key


def key_account(names: Sequence[object], same_stack: str | None) -> str | None:
    """The account of a KMS key: the one the first of its ``names`` that is an ARN names, else
    ``same_stack``, the account of the trail whose CloudFormation stack or Terraform provider
    configuration holds the key's policy (deployed_with)."""
    for name in names:
        account = account_from_arn(name) if isinstance(name, str) and name.startswith("arn:") else None
        if account:
            return account
    return same_stack
