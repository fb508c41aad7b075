"""The trail's log bucket policy does not let CloudTrail deliver the trail's log files.

## Why it matters
CloudTrail writes log files as the service principal `cloudtrail.amazonaws.com`: it checks the
bucket ACL (`s3:GetBucketAcl` on the bucket) and writes with `s3:PutObject` under
`[<prefix>/]AWSLogs/<account-id>/` (`AWSLogs/<org-id>/` for an organization trail). If the
bucket policy allows neither, names another prefix or account, limits `aws:SourceArn` or
`aws:SourceAccount` to other trails, or an explicit Deny matches, `CreateTrail` and
`UpdateTrail` fail with `InsufficientS3BucketPolicyException`, and a trail whose policy is
changed later silently stops delivering: CloudTrail retries for 30 days, and bills for it.
A bucket created next to the trail with no bucket policy at all cannot receive logs either.

Whose problem it is decides how often it is said. A bucket with no policy at all blocks every
trail that delivers to it, and one policy fixes it: that is one finding at the bucket, naming
its trails (the first few, then how many more). A policy that exists but leaves out a trail's
prefix, account or ARN is that trail's own finding, one per trail, at the policy or statement.
The fingerprint of the one finding rests on the bucket and its first trail in input order, so
it stays the same when trails are added after it.

An organization trail writes under `AWSLogs/<org-id>/` (`o-…`), and the inputs never hold the
organization ID. What is certain is still decided: a policy none of whose statements could cover
any `AWSLogs/o-…/` path (only account ids there, or another prefix) blocks it, and a pattern that
covers every organization (`AWSLogs/*`, `AWSLogs/o-*`) lets it write. A policy that may or may not
cover it (a literal `o-…` ID, the ID a Terraform `data.aws_organizations_organization` returns, a
statement whose Resource is known only after apply) is undecided: one TL002 per bucket policy,
naming its organization trails, the statements that leave it open and what of them is unknown. The data source
reads the organization of the account its provider signs in to, which the inputs do not tie to
the trail's own account, so it is not taken to name the trail's organization.

trail-lint reports only what is certain from the inputs. A statement, value or condition it
cannot know (a `!Sub` with `${AWS::AccountId}`, a Terraform value known after apply) gives no
finding (for an organization trail's write, the TL002 above). Conditions on keys that a request from a service principal never carries
(`aws:PrincipalOrgID`, `aws:SourceVpce`, ...) are decided as AWS decides them. A Deny on
`aws:SecureTransport = false` does not block CloudTrail, which uses TLS; a Deny whose
conditions depend on other request facts (source IP, a tag) may block, and is not reported.
The `s3:x-amz-acl = bucket-owner-full-control` condition is met: CloudTrail sets that ACL.
Very old policies name CloudTrail's own AWS account in each Region (`arn:aws:iam::086441151436:root`
for us-east-1, ...) instead of the service principal. Such a grant lets CloudTrail deliver only from
the Regions it names: it works for a single-Region trail whose Region it names, and is reported for
any other trail, a multi-Region trail included (Regions added later, such as eu-north-1, have none).
Update it to the service principal all the same, as the user guide advises.

## Fix
Grant the two statements from the CloudTrail user guide, with `aws:SourceArn` set to the trail ARN.
CloudFormation: an `AWS::S3::BucketPolicy` on the log bucket with statements `AWSCloudTrailAclCheck`
(`s3:GetBucketAcl` on `!GetAtt LogBucket.Arn`) and `AWSCloudTrailWrite` (`s3:PutObject` on
`!Sub "${LogBucket.Arn}/AWSLogs/${AWS::AccountId}/*"`), both for `Service: cloudtrail.amazonaws.com`,
and `DependsOn` it from the trail.
Terraform: an `aws_s3_bucket_policy` built from a `data.aws_iam_policy_document` with the same two
statements, and `depends_on` it from the `aws_cloudtrail`.
CLI: `aws s3api put-bucket-policy --bucket BUCKET --policy file://cloudtrail-bucket-policy.json`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-troubleshooting.html
"""
from collections.abc import Iterator
from dataclasses import replace

from trail_lint.delivery import (
    Verdict,
    bucket_name,
    bucket_policies,
    bucket_requests,
    evaluate,
    log_bucket,
    problem,
    shared_problem,
)
from trail_lint.iam.evaluator import Decision
from trail_lint.model import At, Bucket, Existence, Inventory, Policy, Problem, Trail
from trail_lint.rule import Rule, Severity


def check(inventory: Inventory) -> Iterator[Problem]:
    unguarded: dict[int, tuple[Bucket, list[Trail]]] = {}
    undecided: dict[tuple[str, str, At], tuple[Verdict, Policy, list[Trail]]] = {}
    for trail in inventory.live_trails():
        bucket = bucket_name(inventory, trail)
        shown = bucket or trail.s3_bucket_ref or "<bucket>"
        policies = [p.policy for p in bucket_policies(inventory, trail)]
        created = log_bucket(inventory, trail)
        if created is not None and created.policy is not None:
            policies.append(created.policy)      # Terraform's inline `policy` argument
        if not policies:
            if created is not None and created.existence in (Existence.CREATED, Existence.CONDITIONAL):
                unguarded.setdefault(id(created), (created, []))[1].append(trail)
            continue
        # A policy that does not let this trail write (its prefix, account, ARN) is the trail's own finding.
        # An organization trail's write under AWSLogs/<org-id>/ that no policy decides is said once (TL002).
        open_: tuple[Verdict, Policy] | None = None
        blocked = False
        for policy in policies:
            for request in bucket_requests(trail, bucket):
                verdict = evaluate(policy, request)
                if verdict.decision is Decision.DENIED:
                    yield problem(trail, f"bucket policy of {shown!r} blocks delivery for trail {trail.label!r}: "
                                         f"{verdict.reason}", verdict.at or policy.origin.at,
                                  policy.origin.resource)
                    blocked = True
                    break
                if verdict.decision is Decision.UNKNOWN and request.action == "s3:PutObject" \
                        and trail.organization is True and open_ is None:
                    open_ = verdict, policy
        if open_ is not None and not blocked:
            verdict, policy = open_
            at = verdict.at or policy.origin.at
            undecided.setdefault((shown, verdict.reason, at), (verdict, policy, []))[2].append(trail)
    for created, trails in unguarded.values():
        yield _no_policy(inventory, created, trails)
    for (shown, _, at), (verdict, policy, trails) in undecided.items():
        yield _organization_open(shown, verdict, at, policy, trails)


def _no_policy(inventory: Inventory, created: Bucket, trails: list[Trail]) -> Problem:
    """A bucket without any policy blocks every trail that delivers to it: one finding, at the bucket."""
    first = trails[0]
    shown = bucket_name(inventory, first) or first.s3_bucket_ref or "<bucket>"
    return shared_problem(trails, f"log bucket {shown!r}", "has no bucket policy, so CloudTrail cannot deliver to it",
                          created.origin.at, created.origin.resource)


def _organization_open(shown: str, verdict: Verdict, at: At, policy: Policy, trails: list[Trail]) -> Problem:
    """An organization trail's bucket policy that may or may not let CloudTrail write under
    AWSLogs/<org-id>/: undecided (TL002), once per bucket policy and reason, naming its trails."""
    found = shared_problem(trails, f"bucket policy of {shown!r}",
                           f"may not let CloudTrail write the organization's log files (AWSLogs/<org-id>/, "
                           f"the organization ID is not in the inputs): {verdict.reason}", at, policy.origin.resource)
    return replace(found, undecided=True)


RULE = Rule(id="TL207", name="bucket-policy-blocks-delivery", severity=Severity.ERROR, applies_to=Inventory,
            check=check, doc=__doc__)
