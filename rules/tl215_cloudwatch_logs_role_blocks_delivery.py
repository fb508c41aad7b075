"""The trail's CloudWatch Logs role does not let CloudTrail assume it, create log streams or put log events.

## Why it matters
CloudTrail delivers events to the log group by assuming the trail's CloudWatch Logs role and
calling `logs:CreateLogStream` and `logs:PutLogEvents` on the trail's log stream,
`arn:aws:logs:REGION:ACCOUNT:log-group:GROUP:log-stream:ACCOUNT_CloudTrail_REGION*`. A role
whose policies do not allow both (or deny them) makes `CreateTrail` and `UpdateTrail` fail with
`InvalidCloudWatchLogsLogGroupArnException` ("Access denied. Check the permissions for your
role."), and a role changed later stops delivery, and with it every metric filter and alarm on
the log group. A role whose trust policy does not let `cloudtrail.amazonaws.com` call
`sts:AssumeRole` (one written for EC2 or Lambda, say) fails the same way, with
`InvalidCloudWatchLogsRoleArnException` ("Access denied. Check the trust relationships for your
role.").

A multi-Region trail delivers the events of every Region it records to its one log group, in its
home Region, and CloudTrail names the log streams after the account and the *trail's* Region,
`ACCOUNT_CloudTrail_TRAILREGION`, numbered (`…_2`) when the volume needs more than one stream —
not after each source Region. So the one stream pattern above, the User Guide's default policy,
covers every Region such a trail records, and trail-lint asks about that stream only.

trail-lint checks the role's policies (inline, managed, permissions boundary and the SCPs over
its account) when the inputs define the role the trail names (by ARN, or by reference:
`!GetAtt Role.Arn`, `aws_iam_role.x.arn`; a template's ARN in the stack's own account,
`!Sub arn:aws:iam::${AWS::AccountId}:role/NAME`, names the role of that template with that
RoleName and Path), and reports only a certain denial. When the
role's policies cannot settle it — a policy or statement it cannot read (a Resource from
`Fn::ImportValue`, a policy known only after apply), an Allow under a condition it cannot decide
(a source IP, a tag), a Deny that may apply — it is not a finding but one TL002 per statement,
naming TL215, the action and log stream, the first role and trail and how many other trails it
leaves open (the roles of a module's instances share the module's statements), and the statements
it rests on (none where a reader already reports the unknown value in them). A policy attached to a role, user or group the inputs name by a value not known offline
may be this role's, so a denial is not certain then: it is named in that attachment's TL002. The
log stream's account, Region and log group may be known by name only (the stack's account, a log
group of the same template or module): a policy that names them the same way is compared with
them (`!Sub arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${LogGroup}:*`
covers the trail's `!GetAtt LogGroup.Arn`); once the account is given (`--account`), it is also
the account such a policy names by name (`${data.aws_caller_identity.current.account_id}`). A
policy that writes `arn:aws:` covers such a log stream only in the aws partition: while the trail's
home Region is not known, that is said in the TL002 that says so, which names TL215. A
Terraform trail that passes `aws_cloudwatch_log_group.NAME.arn` as such, whose `:*` depends on the
AWS provider version (TL219) and the configuration's version constraints do not settle it, with a role policy naming that same ARN as its Resource: before
provider 3.0 the arn ended in `:*` and the policy covers the log streams, from 3.0 it does not, so
a denial that rests on it is a TL002 naming TL215, not a finding. A role the inputs do not define (named by ARN in describe-trails output or a template
that does not create it) has policies trail-lint cannot see: one TL002 per role naming TL215, at
the first trail that names it, counting the others. The role's trust policy
(`AssumeRolePolicyDocument`, `assume_role_policy`, or the `AssumeRolePolicyDocument` of
`get-account-authorization-details` output) is checked the same way, as a resource policy for
CloudTrail's `sts:AssumeRole`: a certain refusal is a finding, a statement it cannot settle one
TL002. The role policy page says confused deputy prevention does not apply to this role
(`aws:SourceArn` and `aws:SourceAccount` are not supported), so a trust policy condition on
them is not decided offline: a TL002, not a finding. For an organization trail, the page's policy allows the management
account's stream (`ACCOUNT_CloudTrail_REGION*`) and the member accounts' streams, named after the
organization ID (`o-ID_*`): both are checked. The organization ID is not in the inputs, so a role
that allows no `o-…_*` stream at all is a finding, one that allows every stream of the log group
passes, and one that names a particular organization's streams is a TL002 naming TL215.

A resource control policy (RCP) of AWS Organizations limits who may assume the roles of the member
accounts it is attached over (AWS STS is among the services RCPs apply to), AWS service principals
included: an RCP whose Deny matches CloudTrail's `sts:AssumeRole` of the role is one finding per
RCP statement and role, at the statement, naming the RCP and the trails, whatever the trust policy
allows. RCPs never restrict the
management account's roles. An RCP that may match (a condition on `aws:SourceAccount`, which the
role policy page says this request does not use, is not decided), or whose reach of the role's
account the inputs do not settle, is one TL002 per RCP statement, naming TL215.

The role's own `logs:CreateLogStream` and `logs:PutLogEvents` are checked with its policies and
SCPs, and, since Amazon CloudWatch Logs is among the services RCPs apply to (added in January
2026), against the RCPs over the log group's account (its ARN's, else the trail's): an RCP whose
Deny matches the role's write to the trail's log streams is one finding per RCP statement and log
group, naming the RCP and the trails. The write is made with the role's session, not by a service
principal: a Deny for AWS service principals does not reach it, and one on
`aws:PrincipalAccount` is decided with the role's account. The usual organization perimeter (a
Deny unless `aws:PrincipalOrgID` is your organization's) needs the organization ID, which is not
in the inputs: one TL002 per RCP statement, naming TL215.

## Fix
Let CloudTrail assume the role: a trust policy statement `{"Effect": "Allow", "Principal":
{"Service": "cloudtrail.amazonaws.com"}, "Action": "sts:AssumeRole"}`. Give the role the policy
the User Guide shows (replace the Region, account and log group):
`{"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource":
"arn:aws:logs:REGION:ACCOUNT:log-group:GROUP:log-stream:ACCOUNT_CloudTrail_REGION*"}`.
Terraform: that statement in the `aws_iam_role_policy` of the role.
CloudFormation: that statement in the role's `Policies`.
CLI: `aws iam put-role-policy --role-name ROLE --policy-name cloudtrail-logs --policy-document file://policy.json`.
An RCP that blocks CloudTrail: exempt AWS service principals (`aws:PrincipalIsAWSService`) in its
`sts:AssumeRole` Deny, in the RCP's `Content` (`AWS::Organizations::Policy`,
`aws_organizations_policy` with `type = "RESOURCE_CONTROL_POLICY"`, `aws organizations update-policy`).
An RCP that blocks the role's writes to the log group: exempt the role in its `logs:` Deny
(`"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/CloudTrail_CloudWatchLogs_Role"}`), or
scope the Deny to principals outside your organization (`aws:PrincipalOrgID`), in the same `Content`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-log-group-log-stream-naming-for-cloudtrail.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-service.html
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_examples.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping

from trail_lint.delivery import Verdict, evaluate_trust, region_left_open
from trail_lint.delivery_applies import resource_test
from trail_lint.delivery_links import same_ref
from trail_lint.delivery_log_groups import by_provider_version
from trail_lint.delivery_match import as_shown, filled, text
from trail_lint.delivery_pending import missing_targets, target_key
from trail_lint.delivery_problems import reported, undecided, unsaid
from trail_lint.delivery_rcp import rcp_organization, rcp_problems
from trail_lint.delivery_requests import Request, assume_request, log_requests, log_stream, member_log_streams
from trail_lint.iam.evaluator import (
    Because,
    Decision,
    Evaluation,
    ResourceArn,
    ResourceTest,
    evaluate,
    resource_applies,
)
from trail_lint.iam.resolve import Context, Effective, principal_account
from trail_lint.model import (
    At,
    Hole,
    InputKind,
    Inventory,
    Part,
    Policy,
    Principal,
    PrincipalKind,
    Problem,
    Statement,
    Text,
    Trail,
    trust_policy,
)
from trail_lint.monitoring import log_group
from trail_lint.problems import few, trail_problem
from trail_lint.records import record, replace
from trail_lint.rule import Rule, Severity
from trail_lint.scope.arns import account_from_arn, arn_fields
from trail_lint.scope.home import region_unknown_places
from trail_lint.scope.trail_scope import bound_holes

ACTIONS = ("logs:CreateLogStream", "logs:PutLogEvents")
_ANY = ResourceArn(())      # the request resource handed to evaluate when the resource test compares holes


def check(inventory: Inventory) -> Iterator[Problem]:
    context: Context | None = None
    # what the inputs cannot settle, by kind and statement: (role as shown, said, resource, trail) each
    open_: dict[tuple[str, At], list[tuple[str, str, str, Trail]]] = {}
    missing: dict[str | int, list[Trail]] = {}
    index = RoleIndex(inventory)
    loose = [problem for problem in inventory.unknowns if problem.attachment]
    # by role and where its id names it: roles of two root modules may share an address (Origin.ref_scope)
    trusts: dict[tuple[str, str], Verdict | None] = {}
    unknown_at = region_unknown_places(inventory.trails)     # where the home Region is said not known
    rcp_org = rcp_organization(inventory)      # None: no RCP that may deny anything
    rcps: list[tuple[Trail, str, str | None, tuple[Request, ...]]] = []    # the requests RCPs may block
    for trail in inventory.live_trails():
        held = log_stream(trail, log_group(inventory, trail), inventory.given_account)
        if held is None:
            continue
        # the account, Region and partition the run names are those of the trail's deployment, on both sides
        bindings = bound_holes(trail)
        streams = [_Stream.of(filled(held, bindings), bindings)]
        if trail.organization is True:
            organization = trail.holes.get("organization")
            member = member_log_streams(held, organization)
            known = "".join(part for part in organization or () if isinstance(part, str))
            shown = known if organization and len(known) > 2 and all(isinstance(p, str) for p in organization) \
                else "o-<org-id>"
            streams.append(_Stream.of(filled(member, bindings), bindings,
                                      as_shown(filled(held[:len(held) - 1 - held[::-1].index(":log-stream:")], bindings))
                                      + f":log-stream:{shown}_*"))
        roles = trail_roles(inventory, trail, index)
        if rcp_org is not None:
            rcps.extend(_assumed(trail, roles))
            rcps.append(_written(trail, streams, bindings))
        if not roles and trail.cloudwatch_logs_role_arn is not None and \
                not reported(inventory, (trail.origin.of("cloudwatch_logs_role_arn"),)):
            # A role no input defines: its policies are not in the inputs (one TL002 per role).
            missing.setdefault(target_key(trail, trail.cloudwatch_logs_role_arn), []).append(trail)
        for role in roles:
            shown = trail.cloudwatch_logs_role_arn if isinstance(trail.cloudwatch_logs_role_arn, str) else role.id
            key = (role.id, role.origin.ref_scope)
            if key not in trusts:
                trust_of = trust_policy(role)
                trusts[key] = None if trust_of is None else evaluate_trust(trust_of, assume_request(shown))
            trust = trusts[key]
            if trust is not None and trust.decision is Decision.DENIED:
                yield trail_problem(trail, f"CloudWatch Logs role {shown!r} of trail {trail.label!r} does not let "
                                           f"CloudTrail assume it: {trust.reason}",
                                    trail.origin.of("cloudwatch_logs_role_arn"))
                continue
            if trust is not None and trust.decision is Decision.UNKNOWN and not reported(inventory, trust.open):
                at = trust.at or trail.origin.of("cloudwatch_logs_role_arn")
                open_.setdefault(("trust", at), []).append(
                    (shown, f"may not let CloudTrail assume it: {trust.reason}", role.origin.resource, trail))
            context = context or Context(inventory, {})
            effective = context.resolve(role)
            for stream in streams:
                denied = []
                found: list[tuple[tuple[str, Evaluation], tuple[At, ...]]] = []
                for action in ACTIONS:
                    verdict = evaluate(effective.identity, action, stream.request, boundary=effective.boundary,
                                       scps=effective.scps, context=effective.context, resource_test=stream.test)
                    if verdict.decision is Decision.DENIED:
                        by = next((f" ({b.statement} of {b.policy} denies it)"
                                   for b in verdict.because if b.statement), "")
                        denied.append(action + by)
                    elif verdict.decision is not Decision.ALLOWED:
                        found.append(((action, verdict), tuple(b.at for b in verdict.because)))
                if denied and not stream.member and (before := _before_3(trail, effective, stream, bindings)):
                    # the denial holds only from AWS provider 3.0, as the trail's log group ARN does (TL219)
                    at, said = before
                    open_.setdefault(("provider version", at), []).append((shown, said, role.origin.resource, trail))
                    break
                if denied and loose:
                    # a policy attached to a principal not known offline may be this role's: not certain
                    said = f"may not allow {ACTIONS[0]} on {stream.shown}: {loose[0].message}, which may attach " \
                           f"a policy to this role"
                    open_.setdefault(("attachment", loose[0].at), []).append((shown, said, role.origin.resource, trail))
                    break
                if denied:
                    yield trail_problem(trail, f"CloudWatch Logs role {shown!r} of trail {trail.label!r} does not "
                                               f"allow {' or '.join(denied)} on {stream.shown}",
                                        trail.origin.of("cloudwatch_logs_role_arn"))
                    break
                first = unsaid(inventory, found)
                if first is not None:
                    action, verdict = first
                    holes = not stream.known and verdict.decision is not Decision.CONDITIONAL
                    said_region = region_left_open(inventory, trail, holes and _partition_only(effective, action, stream),
                                                   unknown_at)
                    if said_region is not None:
                        yield said_region       # said once, in the TL002 that the home Region is not known
                        break
                    at = verdict.because[0].at if verdict.because else trail.origin.of("cloudwatch_logs_role_arn")
                    why = _open_holes(verdict, effective, action, stream, trail) if holes else _open(verdict)
                    said = f"may not allow {action} on {stream.shown}: {why}"
                    open_.setdefault(("policy", at), []).append((shown, said, role.origin.resource, trail))
                    break
    yield from missing_targets(inventory, missing, "CloudWatch Logs role", "cloudwatch_logs_role_arn")
    # What the inputs cannot settle: one TL002 per statement, however many roles and trails it blocks.
    for (kind, at), blocked in open_.items():
        yield _undecided(kind, at, blocked)
    # Resource control policies over the role's account limit CloudTrail's sts:AssumeRole whatever the trust says.
    yield from rcp_problems(inventory, rcp_org, rcps)


def _assumed(trail: Trail, roles: list[Principal]) -> Iterator[tuple[Trail, str, str | None, tuple[Request, ...]]]:
    """CloudTrail's sts:AssumeRole of the trail's role, in the role's account (its own, else its ARN's,
    else the trail's when the same CloudFormation stack defines both), for the RCPs over that account."""
    named = trail.cloudwatch_logs_role_arn
    for role in roles:
        shown = named if isinstance(named, str) else role.id
        same_stack = role.origin.kind is InputKind.CLOUDFORMATION and role.origin.file == trail.origin.file
        account = role.account or account_from_arn(shown) or \
            (trail.account if same_stack and isinstance(trail.account, str) else None)
        yield trail, f"CloudWatch Logs role {shown!r}", account, (assume_request(shown),)
    if not roles and isinstance(named, str):
        yield trail, f"CloudWatch Logs role {named!r}", account_from_arn(named), (assume_request(named),)


def _written(trail: Trail, streams: list[_Stream], bindings: Mapping[str, str]) \
        -> tuple[Trail, str, str | None, tuple[Request, ...]]:
    """The role's logs:CreateLogStream and logs:PutLogEvents on the trail's log streams, in the log
    group's account (its ARN's, else the trail's: CreateTrail takes a log group of the trail's own
    account), for the RCPs over that account (CloudWatch Logs is among the services RCPs apply to)."""
    group = trail.cloudwatch_logs_group_arn
    shown = group.removesuffix(":*") if isinstance(group, str) else streams[0].shown.split(":log-stream:")[0]
    account = account_from_arn(group) or (trail.account if isinstance(trail.account, str) else None)
    requests = tuple(request for stream in streams
                     for request in log_requests(stream.held, stream.shown, trail.cloudwatch_logs_role_arn, bindings))
    return trail, f"log group {shown!r}", account, requests


def _undecided(kind: str, at: At, blocked: list[tuple[str, str, str, Trail]]) -> Problem:
    """One TL002 for the roles and trails one statement leaves open, said as for the role and trail
    that name first (as a merge of runs that each hold some of them picks it: merge._counted), counting
    the other trails."""
    def head(entry: tuple[str, str, str, Trail]) -> tuple[str, str]:
        return f"CloudWatch Logs role {entry[0]!r} of trail {entry[3].label!r}", entry[1]
    shown, said, resource, first = min(blocked, key=head)
    trails = list({id(trail): trail for trail in (first, *(entry[3] for entry in blocked))}.values())
    return undecided(trails, f"CloudWatch Logs role {shown!r}", said, at, resource, f"role-{kind}",
                     cause=f"CloudWatch Logs role {kind}")


def _before_3(trail: Trail, effective: Effective, stream: _Stream, bindings: Mapping[str, str]
              ) -> tuple[At, str] | None:
    """Where the role's denial holds only from AWS provider 3.0: the trail names its log group by the
    arn of an aws_cloudwatch_log_group as such (delivery_log_groups.by_provider_version), and the role's
    policies, with every Resource that is that ARN ending in ``:*`` as it did before 3.0, allow both
    actions. The statement that names it, and what to say of it; None where the denial holds either way."""
    group = by_provider_version(trail)
    if group is None:
        return None
    arn = _joined(filled(group, bindings))
    named: list[Statement] = []

    def before(statement: Statement) -> Statement:
        holes = statement.holes
        if isinstance(statement.resources, tuple) and any(_joined((r,)) == arn for r in statement.resources):
            named.append(statement)
            return replace(statement, resources=tuple(r + ":*" if _joined((r,)) == arn else r
                                                      for r in statement.resources))
        if holes is not None and holes.resources and any(_joined(filled(r, bindings)) == arn for r in holes.resources):
            named.append(statement)
            return replace(statement, holes=replace(holes, resources=tuple(
                (*r, ":*") if _joined(filled(r, bindings)) == arn else r for r in holes.resources)))
        return statement

    def policy(written: Policy) -> Policy:
        if not isinstance(written.statements, tuple):
            return written
        return replace(written, statements=tuple(before(statement) for statement in written.statements))

    identity = tuple(policy(p) for p in effective.identity)
    boundary = policy(effective.boundary) if effective.boundary is not None else None
    if not named:
        return None
    allowing: list[Because] = []
    for action in ACTIONS:
        verdict = evaluate(identity, action, stream.request, boundary=boundary, scps=effective.scps,
                           context=effective.context, resource_test=stream.test)
        if verdict.decision is Decision.DENIED:
            return None
        allowing += [b for b in verdict.because if b.statement and any(b.at == s.origin.at for s in named)]
    where = allowing[0] if allowing else None
    statement = f"{where.statement} of {where.policy}" if where else "a statement of its policies"
    return (where.at if where else named[0].origin.at), (
        f"may not allow {ACTIONS[0]} on {stream.shown}: {statement} names log group "
        f"{as_shown(filled(group, bindings))!r} as the arn of aws_cloudwatch_log_group reads from AWS provider 3.0, "
        f"without ':*': it covers the log streams only before 3.0, when that arn ended in ':*'")


def _joined(value: Text) -> Text:
    """The value with its adjacent literal parts as one: two readers may split the same text apart."""
    parts: list[Part] = []
    for part in value:
        if isinstance(part, str) and parts and isinstance(parts[-1], str):
            parts[-1] += part
        elif part != "":
            parts.append(part)
    return tuple(parts)


def _resting_on(verdict: Evaluation) -> str:
    """The statements (or whole policies) a decision rests on, as a message names them."""
    return few([f"{b.statement} of {b.policy}" if b.statement else f"policy {b.policy}"
                for b in verdict.because]) or "its policies"


def _open(verdict: Evaluation) -> str:
    """What leaves the role's decision open: the statements (or policies) it rests on."""
    named = _resting_on(verdict)
    if verdict.decision is Decision.CONDITIONAL:
        return f"{named} allows it only under conditions not known offline"
    return f"{named} is not known offline"


@record
class _Stream:
    """A log stream CloudTrail writes a trail's events to, as the role's policies are asked about it."""

    held: Text
    request: str | ResourceArn      # the resource handed to evaluate
    test: ResourceTest
    shown: str
    known: bool                     # written out in full, without holes
    member: bool = False            # an organization trail's member accounts' streams, o-ORGID_*

    @staticmethod
    def of(held: Text, bindings: Mapping[str, str], member_shown: str = "") -> _Stream:
        known = text(held)
        # an account, Region or log group known by name only: compared as holes
        test: ResourceTest = resource_applies if known is not None and not bindings else resource_test(held, bindings)
        return _Stream(held, _ANY if known is None else known, test,
                       member_shown or (known if known is not None else as_shown(held)), known is not None,
                       bool(member_shown))


def _partition_only(effective: Effective, action: str, log_streams: _Stream) -> bool:
    """Whether the role allows the action on a log stream with holes once its partition is aws: only
    the partition leaves it open (a policy that writes ``arn:aws:`` while the stack's Region is not known)."""
    stream = log_streams.held
    partition = stream[1] if len(stream) > 1 and isinstance(stream[1], Hole) else None
    if partition is None:
        return False
    there = tuple("aws" if part == partition else part for part in stream)
    return evaluate(effective.identity, action, _ANY, boundary=effective.boundary, scps=effective.scps,
                    context=effective.context, resource_test=resource_test(there)).decision is Decision.ALLOWED


def _open_holes(verdict: Evaluation, effective: Effective, action: str, log_streams: _Stream, trail: Trail) -> str:
    """What leaves the role's decision on a log stream with holes open: the partition only (a
    policy that writes ``arn:aws:`` while the stack's Region is not known), else its statements,
    and --account and --region only while the stream holds the trail's account, Region or partition."""
    stream = log_streams.held
    if _partition_only(effective, action, log_streams):
        return "it does only if the trail is in the aws partition, and the trail's Region is not known " \
               "(pass --region)"
    named = _resting_on(verdict)
    if log_streams.member:
        return f"whether {named} covers it is not known offline (the organization ID is not in the inputs)"
    own = {part.name for what in ("account", "region", "partition") for part in trail.holes.get(what, ())
           if isinstance(part, Hole) and part.name}
    holes = [part for part in stream if isinstance(part, Hole)]
    if any(part.name in own for part in holes):
        return f"whether {named} covers it is not known offline (the log stream's account, Region or log group " \
               f"are known only at deployment: pass --account and --region)"
    # --account and --region are given (or do not matter): what is left is not theirs to settle
    others = few(sorted({as_shown((part,)) for part in holes}))
    return f"whether {named} covers it is not known offline (the log stream's ARN holds {others}, known only " \
           f"at deployment)"


class RoleIndex:
    """The roles of the inputs, in input order, by ARN and by account and name: each trail looks
    its role up instead of scanning every role (a snapshot of 1,000 accounts has 50,000 roles and
    tens of thousands of trails naming one)."""

    def __init__(self, inventory: Inventory) -> None:
        self.roles = [p for p in inventory.principals if p.kind is PrincipalKind.ROLE]
        self.by_id: dict[str, list[int]] = {}
        self.by_name: dict[tuple[str | None, object], list[int]] = {}
        for position, role in enumerate(self.roles):
            self.by_id.setdefault(role.id, []).append(position)
            self.by_name.setdefault((principal_account(role, inventory), role.name), []).append(position)

    def named(self, arn: str, account: str, name: str) -> list[Principal]:
        """The roles whose ARN is ``arn`` or whose name is ``name`` in ``account``, in input order."""
        found = sorted({*self.by_id.get(arn, ()), *self.by_name.get((account, name), ())})
        return [self.roles[position] for position in found]


def trail_roles(inventory: Inventory, trail: Trail, index: RoleIndex | None = None) -> list[Principal]:
    """The roles of the inputs that the trail names: by ARN, by name in the ARN's account, or by
    reference (CloudFormation `!GetAtt Role.Arn`, Terraform `aws_iam_role.x.arn`)."""
    index = index or RoleIndex(inventory)
    role_arn = trail.cloudwatch_logs_role_arn
    if isinstance(role_arn, str):
        fields = arn_fields(role_arn)
        if not fields or not fields[5].startswith("role/"):
            return []
        return index.named(role_arn, fields[4], fields[5].rsplit("/", 1)[-1])
    return [p for p in index.roles if same_ref(trail.cloudwatch_logs_role_ref, trail.origin, p.origin.resource, p.origin)]


RULE = Rule(id="TL215", name="cloudwatch-logs-role-blocks-delivery", severity=Severity.ERROR,
            applies_to=Inventory, check=check, doc=__doc__)
