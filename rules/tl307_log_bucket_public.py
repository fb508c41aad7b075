"""The trail's log bucket lets anyone on the internet read or write it.

## Why it matters
CloudTrail logs record who did what across the account: resource names, IP addresses,
request parameters. A log bucket whose policy allows a `*` principal without a condition that
narrows it to known accounts, organizations, networks or VPC endpoints, or whose canned ACL is
`public-read`, `public-read-write` or `authenticated-read` (any AWS account), publishes that
record, and a writable bucket lets anyone plant or overwrite log files. The policy analysis is
policyuniverse's internet-accessibility check, statement by statement; a statement with a value
that is not known before deployment is not judged.

## Fix
Remove the public statement or narrow it with a condition (`aws:SourceArn`, `aws:SourceAccount`,
`aws:PrincipalOrgID`), set the bucket's ACL to private, and turn on S3 Block Public Access.
CloudFormation: drop `AccessControl` (or set `Private`) and set
`PublicAccessBlockConfiguration` with all four flags `true` on the `AWS::S3::Bucket`.
Terraform: drop the public `acl` (`aws_s3_bucket_acl`) and add an `aws_s3_bucket_public_access_block`.
CLI: `aws s3api put-public-access-block --bucket BUCKET --public-access-block-configuration
BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html
- https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
- https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl
"""
from collections.abc import Iterator

from trail_lint.delivery import bucket_name, bucket_policies, log_bucket, problem
from trail_lint.iam.evaluator import statement_label
from trail_lint.iam.public import public_statement
from trail_lint.model import Inventory, Problem
from trail_lint.rule import Rule, Severity

PUBLIC_ACLS = ("public-read", "public-read-write", "authenticated-read")


def check(inventory: Inventory) -> Iterator[Problem]:
    seen: set[object] = set()
    for trail in inventory.live_trails():
        shown = bucket_name(inventory, trail) or trail.s3_bucket_ref or "<bucket>"
        bucket = log_bucket(inventory, trail)
        if bucket is not None and bucket.acl in PUBLIC_ACLS and id(bucket) not in seen:
            seen.add(id(bucket))
            yield problem(trail, f"log bucket {shown!r} has the canned ACL {bucket.acl!r}",
                          bucket.origin.of("acl"), bucket.origin.resource)
        policies = [p.policy for p in bucket_policies(inventory, trail)]
        policies += [bucket.policy] if bucket is not None and bucket.policy is not None else []
        for policy in policies:
            if not isinstance(policy.statements, tuple):
                continue
            for index, statement in enumerate(policy.statements):
                key = (policy.origin.file, policy.origin.path, index)
                if key in seen or not public_statement(statement):
                    continue
                seen.add(key)
                at = statement.origin.at if statement.origin.file else policy.origin.at
                yield problem(trail, f"statement {statement_label(statement, index)!r} of the bucket policy of log "
                                     f"bucket {shown!r} lets anyone access it", at, policy.origin.resource)


RULE = Rule(id="TL307", name="log-bucket-public", severity=Severity.ERROR, applies_to=Inventory,
            check=check, doc=__doc__,
            controls=("CloudTrail.6", "CIS-1.4:3.3"))
