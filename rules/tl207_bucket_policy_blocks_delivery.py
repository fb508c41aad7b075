"""The trail's log bucket policy (or its Requester Pays setting) does not let CloudTrail deliver the trail's log files.

## Why it matters
CloudTrail writes log files as the service principal `cloudtrail.amazonaws.com`: it checks the
bucket ACL (`s3:GetBucketAcl` on the bucket) and writes with `s3:PutObject` under
`[<prefix>/]AWSLogs/<account-id>/` (`AWSLogs/<org-id>/<account-id>/` for an organization trail):
log files in `CloudTrail/`, the digest files of log file validation in `CloudTrail-Digest/`, Insights
events in `CloudTrail-Insight/`, so a policy that allows `.../CloudTrail/*` alone lets a trail with
validation or Insights deliver its log files but not the rest (where the inputs do not say whether
the trail has them, the whole `AWSLogs/<account-id>/` is what it needs). Log and digest files sit
one level down, in a folder per Region (`CloudTrail/us-east-2/`): a single-Region trail writes in its
home Region's folder alone, a multi-Region trail in that of every enabled Region, so a policy that
allows only some Regions' folders blocks it where us-east-1 (a default Region, which no account can
disable) or its home Region is left out, and leaves it undecided otherwise. If the
bucket policy allows neither, names another prefix or account, limits `aws:SourceArn` or
`aws:SourceAccount` to other trails, or an explicit Deny matches, `CreateTrail` and
`UpdateTrail` fail with `InsufficientS3BucketPolicyException`, and a trail whose policy is
changed later silently stops delivering: CloudTrail retries for 30 days, and bills for it.
A bucket created next to the trail with no bucket policy at all cannot receive logs either.
A bucket keeps one policy: several written for one log bucket (two `aws_s3_bucket_policy` or
`AWS::S3::BucketPolicy` resources, or one beside a Terraform bucket's inline `policy`) replace each
other as they are applied, so one that blocks delivery beside one that does not is a TL002 naming
them, not a finding; where every one of them blocks it, it is.
A log bucket the inputs may not create (a CloudFormation `Condition`, a Terraform `count` or
`for_each` not known offline) is reported as holding "if created".
A principal is matched by its exact name: a grant to `cloudtrail.amazon.com` (or another near
miss of `cloudtrail.amazonaws.com`) grants CloudTrail nothing, and the finding names the
statement and the name it has (the same holds for the topic and key policies of TL208 and TL209;
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services).
A principal Terraform knows only after apply is still known by its shape where its reference says
it: the ARN of an IAM role or user (`aws_iam_role.x.arn`, `aws_iam_user.x.arn`, their data
sources; in a plan, identifiers whose configuration refers to nothing else) is
`arn:PARTITION:iam::ACCOUNT:role/NAME`, its `unique_id` is `AROA…` (`AIDA…` for a user,
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-prefixes), and the root of the deploying account
(`arn:aws:iam::${data.aws_caller_identity.current.account_id}:root`) is a customer's account: an
AWS principal, never the service principal `cloudtrail.amazonaws.com` nor CloudTrail's own account of
a Region, so a statement that names only such principals lets CloudTrail do nothing (TL208 and TL209
read them alike; https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns).
A principal that may be anything (a variable without a value, a module output) stays undecided.

Whose problem it is decides how often it is said. A bucket with no policy at all blocks every
trail that delivers to it, and one policy fixes it: that is one finding at the bucket, naming
its trails (the first few, then how many more). A policy that exists but leaves out a trail's
prefix, account or ARN is that trail's own finding, one per trail, at the policy or statement.
The fingerprint of the one finding rests on the bucket and its first trail in input order, so
it stays the same when trails are added after it.

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

An organization trail writes under `AWSLogs/<org-id>/` (`o-…`), and the inputs never hold the
organization ID. What is certain is still decided: a policy none of whose statements could cover
any `AWSLogs/o-…/` path (only account ids there, or another prefix) blocks it, and a pattern that
covers every organization (`AWSLogs/*`, `AWSLogs/o-*`) lets it write. In Terraform, the `id` of an
`aws_organizations_organization` resource or data source that uses the trail's own provider
configuration names the trail's organization: the resource is the organization of the account that
configuration signs in to, and the data source reads that account's organization, the one its
organization trails belong to. In `.tf` sources that `id` is known only after apply but is the
same in the policy and the trail; a plan or state that holds it (`o-…`, the data source read during
the plan) gives the trail's organization ID itself. A policy that may or may not cover it (a
literal `o-…` ID when the inputs do not give the trail's, the ID of the organization of another
provider configuration, a statement whose Resource is known only after apply) is undecided: one
TL002 per bucket policy, as below, saying that the organization ID is not in the inputs.
A trail whose organization flag is not known offline (`IsOrganizationTrail: !If [...]` on a
parameter without a default, `is_organization_trail = var.x`) writes under one folder or the other:
each reading is checked, what blocks both is the finding, and what blocks only one is one TL002
saying which ("if it is an organization trail").

trail-lint reports only what is certain from the inputs, and what is certain despite unknown
parts is decided: an unconditional Deny blocks whatever the other statements are, and an Allow
that covers the request lets it through unless a statement that may be a Deny may apply.
Conditions on keys that a request from a service principal never carries
(`aws:PrincipalOrgID`, `aws:SourceVpce`, ...) are decided as AWS decides them. A Deny on
`aws:SecureTransport = false` does not block CloudTrail, which uses TLS.
A Deny on the server-side encryption headers of the write is decided where the CloudTrail and S3
pages settle them (the table in `trail_lint/delivery_bucket_requests.py`): a trail with a KMS key writes its log
files with SSE-KMS (`s3:x-amz-server-side-encryption = aws:kms` and a key ID header naming its
key), so requiring `aws:kms` lets it through, while requiring `AES256` or another key's ARN blocks
it; a trail without a KMS key writes SSE-S3 files, never with `aws:kms` or a key ID, so a Deny that
requires SSE-KMS (`StringNotEquals aws:kms`, a pinned
`s3:x-amz-server-side-encryption-aws-kms-key-id`) blocks it — set the trail's `KMSKeyId` /
`kms_key_id` to the key the policy requires, or let the Deny accept `AES256`. Whether the header
names SSE-S3 (`AES256`) or is left out, no page says, so a `Null` or `AES256` requirement for such
a trail is one TL002; so is a pinned key ID for a trail with that key (the header's form is not
documented), and an encryption Deny on the digest files of a trail with a KMS key that SSE-S3
would meet and SSE-KMS would not, or the other way round (the encryption page says they are
SSE-S3, the key policy page that the key encrypts them).
A value not known offline that the policy and CloudTrail's request both hold is compared as the same
value whatever it is: the log bucket's own name or ARN (`${LogBucket}`, `!GetAtt LogBucket.Arn`, a
Terraform bucket named at apply), the stack's or provider's account (`${AWS::AccountId}`,
`data.aws_caller_identity`), Region and partition, a parameter without a value. So
`arn:${AWS::Partition}:s3:::${LogBucket}/AWSLogs/${AWS::AccountId}/*` lets the trail of the same
stack that writes to `!Ref LogBucket` deliver, in any account, and a policy that leaves out
`AWSLogs/` for that bucket blocks it. Another bucket's name may or may not be the same, and a
parameter may hold wildcards: those stay undecided. A literal `arn:aws:` is the trail's partition
only when its Region is known (`--region`); without it, when nothing else leaves the request open,
the TL002 that says the trail's home Region is not known names TL207 (one unknown, said once).
When the policy cannot be settled — a statement with a part it cannot know (a Resource built
from another resource's value or one another stack gives, an `Fn::If` Effect), a
condition it cannot decide for CloudTrail's request (a source IP, a tag, an `aws:SourceArn`
pattern against a trail whose name is not known), or a policy known only after apply — it is
not a finding but one TL002 per bucket policy and statement, naming TL207, the request it
cannot settle (the write first, then the ACL check), the first trail and how many others share
it, and what of the statements is unknown. Where a reader already reports the unknown value in
that statement (a variable without a value), that TL002 is the only one. Where the trail's
account is all that is missing (a Resource written out as `.../AWSLogs/111122223333/*`, a trail
of a template whose account no input says), that TL002 says so: `--account` (or `account` in
the configuration) settles it.
The `s3:x-amz-acl = bucket-owner-full-control` condition is met: CloudTrail sets that ACL.
Very old policies name CloudTrail's own AWS account in each Region (`arn:aws:iam::086441151436:root`
for us-east-1, ...) instead of the service principal. Such a grant lets CloudTrail deliver only from
the Regions it names: it works for a single-Region trail whose Region it names, and is reported for
any other trail, a multi-Region trail included (Regions added later, such as eu-north-1, have none).
Update it to the service principal all the same, as the user guide advises.

A log bucket configured as Requester Pays cannot receive log files whatever its policy says: "To
deliver log files to an S3 bucket, CloudTrail must have the required permissions, and it cannot
be configured as a Requester Pays bucket" (the S3 bucket policy page). That is one finding at the
setting (Terraform's `aws_s3_bucket_request_payment_configuration` with `payer = "Requester"`, or
`request_payer` on the bucket), naming the bucket's trails; a payer not known offline is a TL002.
CloudFormation templates cannot make a bucket Requester Pays, and AWS CLI bucket output does not
name its bucket, so only Terraform inputs show it.

A bucket created with no policy of its own while the inputs hold a bucket policy whose bucket is
not known offline (`Bucket: !Ref` a parameter without a Default) may be given its policy there:
that is one TL002 naming the policy, not a finding.

A resource control policy (RCP) of AWS Organizations limits CloudTrail too: RCPs set the most
any principal, AWS service principals included, may do with the S3 buckets of the member accounts
they are attached over (the root, an OU on the account's path, the account), whatever the bucket
policy allows. An RCP whose Deny matches CloudTrail's `s3:PutObject` or `s3:GetBucketAcl` (one
that denies every service principal, or binds them with `aws:SourceAccount` to accounts other
than the trail's) stops delivery. One RCP statement fixes it for every trail it blocks at the bucket:
one finding per RCP statement, bucket and request, at the statement, naming the RCP and the trails.
RCPs never restrict the resources of the management account, so a bucket there is not checked
against them. An RCP that may match (a condition CloudTrail's request may or may not satisfy,
such as `aws:SourceOrgID`, which no CloudTrail page says its delivery carries), or one whose reach
of the bucket's account the inputs do not settle (the bucket's account is not in the inputs, the
account may be the management account, or it is not placed under the OU the RCP is attached to),
is one TL002 per RCP statement and request, naming TL207. The usual data perimeter RCPs, which
exempt service principals (`aws:PrincipalIsAWSService`) or bind them to the organization's
accounts by `aws:SourceAccount`, pass. A bucket's account is its provider's (Terraform), or the
stack's when the same template creates bucket and trail (`--account`).

A log bucket that no input defines and whose policy is not in the inputs either (an existing
bucket named in describe-trails output, a bucket of another stack) is the one TL002 the log
bucket rules give for it (see TL310), which names TL207 too.

## Fix
Grant the two statements from the CloudTrail user guide, with `aws:SourceArn` set to the trail ARN.
CloudFormation: an `AWS::S3::BucketPolicy` on the log bucket with statements `AWSCloudTrailAclCheck`
(`s3:GetBucketAcl` on `!Sub "arn:${AWS::Partition}:s3:::${LogBucket}"`) and `AWSCloudTrailWrite`
(`s3:PutObject` on `!Sub "arn:${AWS::Partition}:s3:::${LogBucket}/AWSLogs/${AWS::AccountId}/*"`),
both for `Service: cloudtrail.amazonaws.com`, and `DependsOn` it from the trail. With a
`BucketName` or without, with `--region`/`--account` or without, trail-lint can check that form
(and `!GetAtt LogBucket.Arn` for the bucket of the same stack).
Terraform: an `aws_s3_bucket_policy` built from a `data.aws_iam_policy_document` with the same two
statements, and `depends_on` it from the `aws_cloudtrail`.
CLI: `aws s3api put-bucket-policy --bucket BUCKET --policy file://cloudtrail-bucket-policy.json`.
Requester Pays: `payer = "BucketOwner"` in Terraform, or
`aws s3api put-bucket-request-payment --bucket BUCKET --request-payment-configuration Payer=BucketOwner`.
An RCP that blocks CloudTrail: exempt AWS service principals the way the RCP examples do
(`"BoolIfExists": {"aws:PrincipalIsAWSService": "false"}` on an identity perimeter), or bind them to
your accounts with `aws:SourceAccount` (the trail's account is the one CloudTrail sends), in the
`Content` of the CloudFormation `AWS::Organizations::Policy` or the Terraform `aws_organizations_policy`
(`type = "RESOURCE_CONTROL_POLICY"`), or with
`aws organizations update-policy --policy-id ID --content file://rcp.json`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html#cloudtrail-find-log-files
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/insights-events-understanding.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-troubleshooting.html
- https://docs.aws.amazon.com/AmazonS3/latest/userguide/RequesterPaysBuckets.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
- https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/organizations_organization
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/organizations_organization
- https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeOrganization.html
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_examples.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html
- https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html
"""
from collections.abc import Iterator
from dataclasses import replace

from trail_lint.delegation import management_accounts
from trail_lint.delivery import Verdict, evaluate, region_left_open
from trail_lint.delivery_bucket_requests import bucket_requests
from trail_lint.delivery_links import (
    bucket_name,
    bucket_policies,
    log_bucket,
    log_buckets,
    maybe_untargeted,
    untargeted,
)
from trail_lint.delivery_pending import OpenChecks
from trail_lint.delivery_problems import (
    bucket_policy_not_known,
    if_created,
    kept_decides,
    kept_one,
    problem,
    reported,
    shared_problem,
    unknown_setting,
    unsaid,
    written,
)
from trail_lint.delivery_rcp import bucket_account, rcp_organization, rcp_problems
from trail_lint.delivery_requests import Request
from trail_lint.iam.evaluator import Decision
from trail_lint.model import At, Bucket, Existence, Inventory, Policy, Problem, Trail
from trail_lint.rule import Rule, Severity
from trail_lint.scope.home import region_unknown_places


def check(inventory: Inventory) -> Iterator[Problem]:
    management = management_accounts(inventory)     # an organization trail they deploy is their own
    unguarded: dict[int, tuple[Bucket, list[Trail]]] = {}
    maybe: dict[int, tuple[Bucket, list[Trail]]] = {}      # no policy of its own, but an untargeted one
    paying: dict[int, tuple[Bucket, list[Trail]]] = {}     # Requester Pays log buckets
    open_ = OpenChecks()        # one TL002 per statement and request, said as for the first trail it blocks
    unknown: dict[tuple[At, str], tuple[Policy, list[Trail]]] = {}     # a policy known only after apply
    absent = False          # a trail whose bucket and bucket policy are not in the inputs
    rcp_org = rcp_organization(inventory)      # None: no RCP that may deny anything
    rcps: list[tuple[Trail, str, str | None, tuple[Request, ...]]] = []    # the requests RCPs may block
    unknown_at = region_unknown_places(inventory.trails)     # where the home Region is said not known
    for trail in inventory.live_trails():
        bucket = bucket_name(inventory, trail)
        shown = bucket or trail.s3_bucket_ref or "<bucket>"
        if rcp_org is not None:
            rcps.append((trail, f"log bucket {shown!r}", bucket_account(inventory, trail),    # the write first
                         tuple(sorted(bucket_requests(trail, bucket, management), key=lambda r: r.action != "s3:PutObject"))))
        policies = [p.policy for p in bucket_policies(inventory, trail)]
        created = log_bucket(inventory, trail)
        if created is not None and created.requester_pays is True:
            paying.setdefault(id(created), (created, []))[1].append(trail)
        elif created is not None and created.requester_pays is not False:
            yield from unknown_setting(inventory, trail, created, "requester_pays", "the Requester Pays setting")
        if created is not None and created.policy is not None:
            policies.append(created.policy)      # Terraform's inline `policy` argument
        policies = written(policies)
        if not policies:
            if created is not None and created.existence in (Existence.CREATED, Existence.CONDITIONAL):
                # a bucket policy whose bucket is not known may be this bucket's: then not a finding
                (maybe if untargeted(inventory, "s3") else unguarded).setdefault(
                    id(created), (created, []))[1].append(trail)
            absent = absent or created is None
            continue
        # A policy that does not let this trail write (its prefix, account, ARN) is the trail's own finding.
        # A request no policy settles is said once per policy statement and reason (TL002), naming its trails.
        found: list[tuple[tuple[Verdict, Request, Policy, Trail], tuple[At, ...]]] = []
        blocked = False
        denials: list[tuple[Verdict, Request, Policy]] = []
        for policy in policies:
            if not isinstance(policy.statements, tuple):
                if not reported(inventory, (policy.origin.at,)):
                    unknown.setdefault((policy.origin.at, shown), (policy, []))[1].append(trail)
                continue
            for verdict, request, reading in _verdicts(policy, trail, bucket, management):
                if verdict.decision is Decision.DENIED:
                    denials.append((verdict, request, policy))
                    break
                if verdict.decision is Decision.UNKNOWN:
                    found.append(((verdict, request, policy, reading), verdict.open))
        if denials and not kept_decides([policy for _, _, policy in denials], policies):
            verdict, request, policy = denials[0]
            yield problem(trail, if_created(created, f"bucket policy of {shown!r} blocks delivery for trail "
                                             f"{trail.label!r}: {verdict.reason}"), verdict.at or policy.origin.at,
                          policy.origin.resource, request.action)
            blocked = True
        elif denials:
            # A bucket keeps one policy: each of several written for it replaces the others when applied
            # (PutBucketPolicy), so one that blocks delivery beside one that does not may not be the one kept.
            verdict, request, policy = denials[0]
            open_.add(trail, f"bucket policy of {shown!r}", f"{_open_request(trail, request)}: "
                      f"{kept_one('bucket', policies, policy, verdict.reason)}", verdict.at or policy.origin.at,
                      policy.origin.resource, request.action)
            blocked = True
        # The write first: it is what the trail exists for, and an organization trail's names its organization.
        first = None if blocked else unsaid(inventory, sorted(found, key=lambda f: f[0][1].action != "s3:PutObject"))
        if first is not None:
            verdict, request, policy, reading = first
            said = region_left_open(inventory, trail, verdict.partition, unknown_at)
            if said is not None:
                yield said
                continue
            open_.add(trail, f"bucket policy of {shown!r}", f"{_open_request(reading, request)}"
                      f"{_reading(trail, reading)}: {verdict.reason}",
                      verdict.at or policy.origin.at, policy.origin.resource, request.action)
    # A log bucket no input defines, whose policy is not in them either: said once with the log bucket
    # rules (log_buckets), which the engine turns into one TL002 naming every rule it blocks.
    for trail, missing in log_buckets(inventory) if absent else ():
        if isinstance(missing, Problem) and not bucket_policies(inventory, trail):
            yield missing
    for created, trails in unguarded.values():
        yield _no_policy(inventory, created, trails)
    if maybe:
        yield from maybe_untargeted(inventory, [
            (bucket_name(inventory, trails[0]) or trails[0].s3_bucket_ref or "<bucket>", trails)
            for _, trails in maybe.values()], "log bucket", "s3")
    for created, trails in paying.values():
        at, resource = created.setting("requester_pays")
        shown = bucket_name(inventory, trails[0]) or trails[0].s3_bucket_ref or "<bucket>"
        yield shared_problem(trails, if_created(created, f"log bucket {shown!r}"), "is a Requester Pays bucket, "
                             "which CloudTrail cannot deliver to", at, resource, "requester-pays")
    yield from open_.problems()
    for (_, shown), (policy, trails) in unknown.items():
        yield bucket_policy_not_known(trails, shown, policy)
    # Resource control policies over the bucket's account limit CloudTrail whatever the bucket policy says.
    yield from rcp_problems(inventory, rcp_org, rcps)


def _reading(trail: Trail, reading: Trail) -> str:
    """Which reading of a trail whose organization flag is not known offline a TL002 is about."""
    if reading.organization is trail.organization:
        return ""
    return " if it is an organization trail" if reading.organization is True else " if it is not an organization trail"


def _verdicts(policy: Policy, trail: Trail, bucket: str | None,
              management: frozenset[str]) -> Iterator[tuple[Verdict, Request, Trail]]:
    """The policy's verdict on each of CloudTrail's requests for the trail, with the trail as read for
    it. A trail whose organization flag is not known offline writes under AWSLogs/<account-id>/ or
    under AWSLogs/<org-id>/<account-id>/: each reading is checked as such, what blocks both blocks it
    (said as for the trail of the account alone), and what blocks only one leaves it open."""
    if isinstance(trail.organization, bool):
        for request in bucket_requests(trail, bucket, management):
            yield evaluate(policy, request), request, trail
        return
    readings = [replace(trail, organization=flag) for flag in (False, True)]
    checked = [[(evaluate(policy, request), request, reading)
                for request in bucket_requests(reading, bucket, management)] for reading in readings]
    denied = [next((c for c in one if c[0].decision is Decision.DENIED), None) for one in checked]
    if denied[0] is not None and denied[1] is not None:
        yield denied[0]
        return
    for blocks, one in zip(denied, checked):
        if blocks is None:
            yield from (c for c in one if c[0].decision is Decision.UNKNOWN)
            continue
        verdict, request, reading = blocks
        at = verdict.at or policy.origin.at
        yield Verdict(Decision.UNKNOWN, verdict.reason, at, (at,)), request, reading


def _open_request(trail: Trail, request: Request) -> str:
    """What the policy may not let CloudTrail do: an organization trail's write under AWSLogs/<org-id>/
    names the organization ID, which the inputs never hold."""
    if request.action == "s3:PutObject" and trail.organization is True:
        return ("may not let CloudTrail write the organization's log files (AWSLogs/<org-id>/, the organization "
                "ID is not in the inputs)")
    return f"may not let CloudTrail call {request.action} on {request.shown}"


def _no_policy(inventory: Inventory, created: Bucket, trails: list[Trail]) -> Problem:
    """A bucket without any policy blocks every trail that delivers to it: one finding, at the bucket."""
    first = trails[0]
    shown = bucket_name(inventory, first) or first.s3_bucket_ref or "<bucket>"
    return shared_problem(trails, if_created(created, f"log bucket {shown!r}"), "has no bucket policy, so CloudTrail "
                          "cannot deliver to it",
                          created.origin.at, created.origin.resource, "no-bucket-policy")


RULE = Rule(id="TL207", name="bucket-policy-blocks-delivery", severity=Severity.ERROR, applies_to=Inventory,
            check=check, doc=__doc__)
