"""The trail's KMS key policy does not let CloudTrail encrypt the trail's log files or describe the key.

## Why it matters
A trail with `KMSKeyId` asks KMS for a data key (`kms:GenerateDataKey*`) as the service
principal `cloudtrail.amazonaws.com` for every log file, with the encryption context
`aws:cloudtrail:arn` = the trail ARN. If the key policy grants nothing to CloudTrail, or its
`kms:EncryptionContext:aws:cloudtrail:arn` or `aws:SourceArn` condition names other accounts
or trails, `CreateTrail` and `UpdateTrail` fail with `InsufficientEncryptionPolicyException`,
and a key policy changed later stops log delivery altogether. The key policy page also makes
`kms:DescribeKey` for `cloudtrail.amazonaws.com` one of the three statements a key "must, at
minimum" have to work with CloudTrail ("Enable CloudTrail to describe KMS key properties"): a
policy that gives CloudTrail `kms:GenerateDataKey*` but not `kms:DescribeKey` is reported too.
`kms:DescribeKey` takes no encryption context, so a statement that grants it only under a
`kms:EncryptionContext:…` condition (often written together with `kms:GenerateDataKey*`) does
not grant it: the condition key is absent from that request.
(The third statement, decrypt, is for the people who read the logs, so it is not checked.)
A key that is no symmetric encryption key cannot encrypt log files whatever its policy: that is
TL222.

An organization trail that a CloudTrail delegated administrator creates is owned by the
management account ("The management account remains the owner of any CloudTrail organization
resources the delegated administrator creates"), so CloudTrail's requests name the trail ARN and
account of the management account, not of the account whose template or configuration deploys
it. Where a condition excludes the deploying account's trail but would let the same trail of
another account through, that is one TL002 ("unless the account that deploys the organization
trail is a CloudTrail delegated administrator"), not a finding; a certain finding where the
inputs say the deploying account is the management account (`management-account` in
`.trail-lint.yaml`, describe-organization output, the `master_account_id` of an
`aws_organizations_organization` in a plan or state) or where describe-trails gives the trail's ARN.

trail-lint reports only what is certain from the inputs, and decides what is certain despite
unknown parts (an unconditional Deny blocks; an Allow that covers the request lets it through
unless a statement that may be a Deny may apply). A value not known offline that the policy and CloudTrail's request both hold is compared as the
same value whatever it is, as for TL207: the documented condition `kms:EncryptionContext:aws:cloudtrail:arn`
`StringLike` `arn:aws:cloudtrail:*:${AWS::AccountId}:trail/*` (or with
`data.aws_caller_identity.current.account_id`) holds for a trail of the same stack or provider
configuration, in whatever account it is (its `arn:aws:` is the trail's partition once `--region` or
the provider gives the Region; until then, when nothing else leaves the request open, the TL002 that
says the trail's home Region is not known names TL209).
When the key policy cannot be settled — a
statement with a part it cannot know (a Resource or Principal built from a value known only at
deployment, a policy known only after apply), or a condition it cannot decide for CloudTrail's
request (a Deny on a source IP or a tag, a condition key CloudTrail's request may not carry) —
it is not a finding but one TL002 per key policy and statement, naming TL209, the request
(`kms:GenerateDataKey` first, else `kms:DescribeKey`), the first trail and how many others share
it, and what is unknown. Where a reader already reports the unknown value in that statement (a
variable without a value), that TL002 is the only one, and names TL209.

A key the inputs create without a key policy (an `AWS::KMS::Key` without `KeyPolicy`, an
`aws_kms_key` without `policy` and no `aws_kms_key_policy` for it) gets the default key policy
for keys created programmatically: one statement that gives the owning account (and through
IAM policies its users and roles) every KMS action, and nothing to the `cloudtrail.amazonaws.com`
service principal, so the trail cannot use it. That key blocks every trail that uses it, and one
policy fixes it: one finding at the key, naming its trails. An AWS managed key (`alias/aws/s3`,
or any alias under `alias/aws/`, by name or alias ARN) can never be used: only a customer managed
key's policy can be changed (the AWS KMS guide, "Change a key policy"), and an AWS managed key's
policy grants nothing to `cloudtrail.amazonaws.com`, so the trail is not created ("If
cloudtrail.amazonaws.com is not granted those permissions in the key policy, you cannot create or
update a trail"): one finding at the trail's `KMSKeyId`, naming the trails that use it. A key the
inputs only refer to (an ARN, an alias name, a data source, a variable, describe-trails output),
with no key policy for it in the inputs, has a policy trail-lint cannot see: one TL002 per key
naming TL209, at the first trail that names it, counting the others (none when the key's name is
an unknown value a reader already reports, nor when it is in none of the forms CloudTrail takes a key
in, such as an alias name with a space or a period: TL217 reports that, and there is no key policy to
ask about).

A key keeps one key policy: a Terraform `aws_kms_key` with its `policy` argument and an
`aws_kms_key_policy` for it, or two `aws_kms_key_policy` for one key, each replace the other as they
are applied (the last applied wins), so one that blocks CloudTrail beside one that does not is a
TL002 naming them, not a finding; where every one of them blocks it, it is (the first one's, once).
A CloudFormation key has one `KeyPolicy`.

A resource control policy (RCP) of AWS Organizations limits what any principal, AWS service
principals included, may do with the customer managed keys of the member accounts it is attached
over, whatever the key policy allows: an RCP whose Deny matches CloudTrail's `kms:GenerateDataKey`
or `kms:DescribeKey` is one finding per RCP statement and key, at the statement, naming the RCP
and the trails. RCPs do not
apply to keys of the management account, nor to AWS managed keys (`alias/aws/…`). An RCP that
may match, or whose reach of the key's account the inputs do not settle (a key known by alias or
id only, whose account is not in the inputs; an account that may be the management account), is
one TL002 per RCP statement and request, naming TL209. The key's account is the one its ARN names,
else the trail's when the same CloudFormation stack holds the key's policy.

## Fix
An AWS managed key: use a customer managed key instead, with the statements below.
Allow `kms:GenerateDataKey*` to `cloudtrail.amazonaws.com` with
`StringLike {"kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:ACCOUNT:trail/*"}`
and `StringEquals {"aws:SourceArn": TRAIL_ARN}`, and allow `kms:DescribeKey` to
`cloudtrail.amazonaws.com` (with the same `aws:SourceArn` condition).
CloudFormation: add that statement to the `KeyPolicy` of the `AWS::KMS::Key`.
Terraform: add it to the `policy` of the `aws_kms_key` (or an `aws_kms_key_policy`).
CLI: `aws kms put-key-policy --key-id KEY --policy-name default --policy file://key-policy.json`.
An RCP that blocks CloudTrail: exempt AWS service principals (`aws:PrincipalIsAWSService`) or
bind them with `aws:SourceAccount` to your accounts, in the RCP's `Content` (CloudFormation
`AWS::Organizations::Policy`, Terraform `aws_organizations_policy` with
`type = "RESOURCE_CONTROL_POLICY"`, or `aws organizations update-policy`).

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
- https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
- https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying.html
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kms-key.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_key_policy
- https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html
- https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html
- https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-encryption-context
- https://docs.aws.amazon.com/kms/latest/developerguide/resource-control-policies.html
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html
"""
from collections.abc import Iterator

from trail_lint.delegation import management_accounts
from trail_lint.delivery import Verdict, evaluate, region_left_open
from trail_lint.delivery_links import key_policies, names_no_key
from trail_lint.delivery_pending import Pending, Target, pending_problems, policies_to_check
from trail_lint.delivery_problems import kept_decides, kept_one, problem, shared_problem, unsaid, written
from trail_lint.delivery_rcp import deployed_with, key_account, rcp_organization, rcp_problems
from trail_lint.delivery_requests import Request, aws_managed_key, key_requests
from trail_lint.iam.evaluator import Decision
from trail_lint.model import At, Inventory, Problem, ResourcePolicy, Trail
from trail_lint.rule import Rule, Severity
from trail_lint.scope.home import region_unknown_places

KEY = Target(kind="KMS key", field="kms_key_id", ref="kms_key_ref", service="kms", policy="key policy",
             needs="encrypt log files")


def check(inventory: Inventory) -> Iterator[Problem]:
    management = management_accounts(inventory)     # an organization trail they deploy is their own
    pending = Pending(KEY)      # keys not in the inputs, created without a policy, and open checks
    rcp_org = rcp_organization(inventory)      # None: no RCP that may deny anything
    rcps: list[tuple[Trail, str, str | None, tuple[Request, ...]]] = []    # the requests RCPs may block
    managed: dict[str, list[Trail]] = {}      # AWS managed keys, by the name the trails give
    unknown_at = region_unknown_places(inventory.trails)     # where the home Region is said not known
    for trail in inventory.live_trails():
        if aws_managed_key(trail.kms_key_id):
            managed.setdefault(str(trail.kms_key_id), []).append(trail)
            continue
        found = key_policies(inventory, trail)
        if not found and names_no_key(trail):
            continue        # no key has such an ID: TL217 says so, and there is no key policy to ask about
        if rcp_org is not None and trail.kms_key_id is not None:
            rcps.append(_rcp_check(trail, found, management))
        checked = policies_to_check(inventory, pending, trail, found)
        # A key keeps one policy: its verdict where every policy written for it agrees, else one TL002 (kept_one).
        once = written(checked)
        policies = [attached.policy for attached in once]
        outcomes = [(attached, *_outcome(trail, attached, management)) for attached in once]
        denials = [(attached, denied) for attached, denied, _ in outcomes if denied is not None]
        if denials:
            attached, (verdict, request, what) = denials[0]
            shown = _shown(trail, attached)
            at = verdict.at or attached.policy.origin.at
            if not kept_decides([denied.policy for denied, _ in denials], policies):
                # a key CloudTrail cannot encrypt with: one finding, the first request it fails
                yield problem(trail, f"key policy of {shown!r} does not let CloudTrail {what} trail "
                                     f"{trail.label!r}: {verdict.reason}", at, attached.origin.resource, request.action)
            else:
                pending.open.add(trail, f"key policy of {shown!r}", f"may not let CloudTrail call {request.action} "
                                 f"on {request.shown}: {kept_one('key', policies, attached.policy, verdict.reason)}",
                                 at, attached.origin.resource, request.action)
            continue
        for attached, _, open_here in outcomes:
            first = unsaid(inventory, open_here)
            if first is not None:
                # a check the inputs cannot settle: one TL002 per key policy statement and reason
                verdict, request = first
                said = region_left_open(inventory, trail, verdict.partition, unknown_at)
                if said is not None:
                    yield said
                    continue
                pending.open.add(trail, f"key policy of {_shown(trail, attached)!r}", f"may not let CloudTrail call "
                                 f"{request.action} on {request.shown}: {verdict.reason}",
                                 verdict.at or attached.policy.origin.at, attached.origin.resource, request.action)
    # Each key not in the inputs, created without a policy (one finding for its trails) or open: said once.
    yield from pending_problems(inventory, pending)
    # Only a customer managed key's policy can be changed: an AWS managed key's never names CloudTrail.
    for key, trails in managed.items():
        yield shared_problem(trails, f"KMS key {key!r}", "is an AWS managed key, whose key policy cannot be changed "
                             "to let CloudTrail encrypt log files", trails[0].origin.of("kms_key_id"),
                             trails[0].origin.resource, "aws-managed-key")
    # Resource control policies over the key's account limit CloudTrail whatever the key policy says.
    yield from rcp_problems(inventory, rcp_org, rcps)


def _outcome(trail: Trail, attached: ResourcePolicy, management: frozenset[str]
             ) -> tuple[tuple[Verdict, Request, str] | None, list[tuple[tuple[Verdict, Request], tuple[At, ...]]]]:
    """What one key policy does to CloudTrail's requests for the trail: the first it denies (with what
    CloudTrail cannot do), else those it leaves open, each with the statements that leave it so."""
    open_here: list[tuple[tuple[Verdict, Request], tuple[At, ...]]] = []
    for request, what in zip(key_requests(trail, _target(attached), management),
                             ("encrypt the logs of", "describe the key of")):
        verdict = evaluate(attached.policy, request)
        if verdict.decision is Decision.DENIED:
            return (verdict, request, what), []
        if verdict.decision is Decision.UNKNOWN:
            open_here.append(((verdict, request), verdict.open))
    return None, open_here


def _target(attached: ResourcePolicy) -> str:
    return attached.target if isinstance(attached.target, str) else ""


def _shown(trail: Trail, attached: ResourcePolicy) -> str:
    return trail.kms_key_id if isinstance(trail.kms_key_id, str) else _target(attached)


def _rcp_check(trail: Trail, found: list[ResourcePolicy],
               management: frozenset[str]) -> tuple[Trail, str, str | None, tuple[Request, ...]]:
    """The trail's requests to its key, for the RCPs over the key's account (from its ARN, else the
    trail's when its own stack or provider configuration holds the key's policy)."""
    target = next((p.target for p in found if isinstance(p.target, str)), "")
    shown = trail.kms_key_id if isinstance(trail.kms_key_id, str) else target or "<key>"
    same_stack = any(deployed_with(trail, p.origin, p.deployment) for p in found)
    account = key_account((target, trail.kms_key_id), trail.account if same_stack and isinstance(trail.account, str)
                          else None)
    return trail, f"KMS key {shown!r}", account, key_requests(trail, target, management)


RULE = Rule(id="TL209", name="kms-policy-blocks-cloudtrail", severity=Severity.ERROR, applies_to=Inventory,
            check=check, doc=__doc__)
