"""The trail's log bucket lets anyone on the internet read or write it.

## Why it matters
CloudTrail logs record who did what across the account: resource names, IP addresses,
request parameters. A log bucket whose policy allows a `*` principal without a condition that
narrows it to known accounts, organizations, networks or VPC endpoints, or whose canned ACL is
`public-read`, `public-read-write` or `authenticated-read` (any AWS account), publishes that
record, and a writable bucket lets anyone plant or overwrite log files. The policy analysis is
policyuniverse's internet-accessibility check, statement by statement.

A statement with parts not known before deployment is judged on what is certain: its Action and
Resource cannot keep it from being public (a bucket policy's Resource is its own bucket), so a
`*` principal without conditions is reported whatever they are, and a statement that would not
be public even with a `*` principal and no conditions is not. When an unknown Effect, Principal,
NotPrincipal or Condition decides it (a `*` principal whose Condition is an `Fn::ImportValue`),
or the whole policy is known only after apply, it is not a finding but one TL002 per statement
(per policy), naming TL307, the first trail and how many others share the bucket, and the
unknown parts; none where a reader already reports the unknown value in that statement. A
`StringEquals` (or `StringEqualsIgnoreCase`, `ForAnyValue:StringEquals`) condition on a key naming
the caller (`aws:SourceVpce`, `aws:PrincipalOrgID`, `aws:SourceAccount`, ...) confines it whatever
its unknown value: it admits only the values named, and a request without the key does not match.
It does so whatever the statement's other conditions are, as IAM requires every condition to hold:
`aws:PrincipalOrgID` equal to the organization beside a `StringLike aws:PrincipalArn` pattern
for any account's role is not public.
S3 Block Public Access decides what is left of them: with `IgnorePublicAcls` on, S3 ignores a
public ACL, and with `RestrictPublicBuckets` on, a public bucket policy lets in only AWS services
and the bucket owner's account; either neutralises what it covers, and then there is no finding.
The settings are read as TL312 reads them: the bucket's and the account-level block in the
inputs, and S3's default (all four on) for a bucket the inputs create without any. Where the
setting that would neutralise it is not known (a bucket that exists already, or that no input
defines, with no block in the inputs; a flag known only after apply), a public ACL or statement is
one TL002 naming TL307 and that setting, not a finding.
A bucket keeps one policy (see TL207): where some of the policies written for the log bucket have
a statement that lets anyone in and others have none, which one the bucket keeps decides it, and
the inputs do not say: one TL002 naming them, at the first such statement, not a finding. Where
every one of them has one, each such statement is reported.
A log bucket that no input defines, with no policy in the inputs, is the one TL002 the log bucket rules
give for it (see TL310), which names TL307 too.

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
- https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-public-read-prohibited.html
- https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl
"""
from collections.abc import Iterator

from trail_lint.delivery_links import bucket_name, bucket_policies, log_bucket, log_buckets
from trail_lint.delivery_problems import (
    bucket_policy_not_known,
    kept_decides,
    kept_one,
    problem,
    reported,
    undecided,
    unknown_setting,
    written,
)
from trail_lint.delivery_public_access import public_access
from trail_lint.iam.public import public_statement, unknown_parts
from trail_lint.model import UNKNOWN, At, Bucket, Inventory, Policy, Problem, PublicAccessBlock, Trail, statement_name
from trail_lint.problems import few
from trail_lint.records import replace
from trail_lint.rule import Rule, Severity

PUBLIC_ACLS = ("public-read", "public-read-write", "authenticated-read")
NOT_KNOWN = "whether it is on is not known offline"
# one TL002 per statement, at it: its subject, what it says, where, its resource, and the trails it blocks
Open = dict[tuple[str, tuple[str | int, ...]], tuple[str, str, At, str, list[Trail]]]


def check(inventory: Inventory) -> Iterator[Problem]:
    seen: set[object] = set()
    open_: Open = {}
    unknown: dict[tuple[At, str], tuple[Policy, list[Trail]]] = {}
    absent = False          # a trail whose bucket and bucket policy are not in the inputs
    for trail in inventory.live_trails():
        shown = bucket_name(inventory, trail) or trail.s3_bucket_ref or "<bucket>"
        bucket = log_bucket(inventory, trail)
        blocked = public_access(inventory, bucket)
        if bucket is not None and bucket.acl in PUBLIC_ACLS and id(bucket) not in seen:
            seen.add(id(bucket))
            public = f"log bucket {shown!r} has the canned ACL {bucket.acl!r}"
            if blocked["ignore_public_acls"] is False:
                yield problem(trail, public, bucket.origin.of("acl"), bucket.origin.resource, "acl")
            elif blocked["ignore_public_acls"] is UNKNOWN:
                at, resource = _open_at(bucket, "ignore_public_acls", bucket.origin.of("acl"), bucket.origin.resource)
                yield replace(problem(trail, f"{public}, which S3 ignores if Block Public Access IgnorePublicAcls is "
                                             f"on: {NOT_KNOWN}", at, resource, "acl"), undecided=True)
        elif bucket is not None and bucket.acl is UNKNOWN and id(bucket) not in seen:
            seen.add(id(bucket))
            if blocked["ignore_public_acls"] is not True:
                yield from unknown_setting(inventory, trail, bucket, "acl", "the canned ACL")
        policies = [p.policy for p in bucket_policies(inventory, trail)]
        policies += [bucket.policy] if bucket is not None and bucket.policy is not None else []
        absent = absent or (bucket is None and not policies)
        policies = written(policies)
        kept = blocked["restrict_public_buckets"] is not True and _kept_decides(trail, shown, policies, open_)
        for policy in policies:
            if not isinstance(policy.statements, tuple):
                if not reported(inventory, (policy.origin.at,)):
                    unknown.setdefault((policy.origin.at, shown), (policy, []))[1].append(trail)
                continue
            if blocked["restrict_public_buckets"] is True or kept:
                continue        # S3 lets only AWS services and the owner's account in, whatever the policy says
            for index, statement in enumerate(policy.statements):
                key = (policy.origin.file, policy.origin.path, index)
                verdict = public_statement(statement)
                if verdict is False or key in seen:
                    continue
                name = statement_name(statement.sid, index)
                at = statement.origin.at if statement.origin.file else policy.origin.at
                subject = f"bucket policy of log bucket {shown!r}"
                if verdict is True and blocked["restrict_public_buckets"] is False:
                    seen.add(key)
                    yield problem(trail, f"{name} of the bucket policy of log bucket {shown!r} lets "
                                         f"anyone access it", at, policy.origin.resource, "public-statement")
                elif verdict is True:
                    said = f"lets anyone access it by {name} unless Block Public Access " \
                           f"RestrictPublicBuckets is on: {NOT_KNOWN}"
                    place, resource = _open_at(bucket, "restrict_public_buckets", at, policy.origin.resource)
                    open_.setdefault((at.file, at.path), (subject, said, place, resource, []))[4].append(trail)
                elif not reported(inventory, (at,)):
                    parts = unknown_parts(statement)
                    said = f"may let anyone access it: {name} would, were it not for its " \
                           f"{few(parts)}, which {'is' if len(parts) == 1 else 'are'} not known"
                    open_.setdefault((at.file, at.path), (subject, said, at, policy.origin.resource, []))[4].append(trail)
    # A log bucket no input defines, whose policy is not in them either: said once with the log bucket
    # rules (log_buckets), which the engine turns into one TL002 naming every rule it blocks.
    for trail, missing in log_buckets(inventory) if absent else ():
        if isinstance(missing, Problem) and not bucket_policies(inventory, trail):
            yield missing
    for subject, said, at, resource, trails in open_.values():
        yield undecided(trails, subject, said, at, resource, "public-statement")
    for (_, shown), (policy, trails) in unknown.items():
        yield bucket_policy_not_known(trails, shown, policy)


def _kept_decides(trail: Trail, shown: str, policies: list[Policy], open_: Open) -> bool:
    """Whether which of the policies written for the bucket it keeps decides whether it is public: some
    have a statement that lets anyone in, others not. Then one TL002, at the first such statement,
    naming the policies (kept_one), joins ``open_``."""
    public = [(policy, index, statement) for policy in policies if isinstance(policy.statements, tuple)
              for index, statement in enumerate(policy.statements) if public_statement(statement) is True]
    if not kept_decides([policy for policy, _, _ in public], policies):
        return False
    policy, index, statement = public[0]
    at = statement.origin.at if statement.origin.file else policy.origin.at
    reason = f"{statement_name(statement.sid, index)} lets anyone access it"
    said = f"may let anyone access it: {kept_one('bucket', policies, policy, reason)}"
    open_.setdefault((at.file, at.path), (f"bucket policy of log bucket {shown!r}", said, at, policy.origin.resource,
                                          []))[4].append(trail)
    return True


def _open_at(bucket: Bucket | None, flag: str, at: At, resource: str) -> tuple[At, str]:
    """Where a check that a Block Public Access flag leaves open is said: at the flag where the bucket's
    own settings write it and it is not known (a reader's TL002 for that value then names TL307),
    else at the ACL or statement."""
    block = bucket.public_access_block if bucket is not None else None
    if isinstance(block, PublicAccessBlock) and getattr(block, flag) is UNKNOWN:
        return block.origin.of(flag), block.origin.resource or resource
    return at, resource


RULE = Rule(id="TL307", name="log-bucket-public", severity=Severity.ERROR, applies_to=Inventory,
            check=check, doc=__doc__,
            controls=("CloudTrail.6", "CIS-1.4:3.3",
                      "Config:cloudtrail-s3-bucket-public-access-prohibited", "Config:s3-bucket-public-read-prohibited",
                      "Config:s3-bucket-public-write-prohibited"))
