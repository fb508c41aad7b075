"""The trail's log bucket has S3 Block Public Access settings turned off.

## Why it matters
TL307 reports a log bucket whose policy or ACL is public today. Block Public Access keeps it
from becoming public tomorrow: with all four settings on, S3 rejects a public ACL or bucket
policy and ignores public ACLs already there. A setting that is off leaves that path open for
the next change. CIS (v1.4 2.1.5, v3.0 and v5.0 2.1.4) asks for it, at the bucket or the account
level.

S3 turns all four settings on for every bucket created since April 2023, so a bucket that a
template or plan creates without a `PublicAccessBlockConfiguration` (or an
`aws_s3_bucket_public_access_block`) is blocked; once one is written, a setting it leaves out
is off. For a bucket that already exists (a state, or a plan that keeps it) and whose
settings the inputs do not show, the settings depend on when it was created: that is
reported as TL002, not guessed. So is a block whose settings are not known offline (an
`aws_s3_bucket_public_access_block` whose bucket is known only after apply, a flag from a
parameter without a value): one TL002 at the block or bucket, naming the flags not known.

trail-lint reads the bucket-level settings (`aws_s3_bucket_public_access_block`,
`PublicAccessBlockConfiguration`) and, from Terraform, the account-level block
(`aws_s3_account_public_access_block`): S3 applies both, so a setting is on when either turns
it on. The account-level block set outside the inputs (console, `aws s3control
put-public-access-block`) is not seen: ignore this rule for such buckets.
A bucket that the inputs do not define is reported as TL002 (see TL310), and one they may not
create (a CloudFormation `Condition`, a Terraform `count` or `for_each` not known offline) as
holding "if created".

## Fix
Terraform: `resource "aws_s3_bucket_public_access_block" "trail_logs" { bucket = aws_s3_bucket.trail_logs.id
block_public_acls = true  ignore_public_acls = true  block_public_policy = true  restrict_public_buckets = true }`.
CloudFormation: `PublicAccessBlockConfiguration` with `BlockPublicAcls`, `IgnorePublicAcls`,
`BlockPublicPolicy` and `RestrictPublicBuckets` all `true` on the `AWS::S3::Bucket`.
CLI: `aws s3api put-public-access-block --bucket BUCKET --public-access-block-configuration
BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`.

## References
- https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
- https://docs.aws.amazon.com/AmazonS3/latest/userguide/create-bucket-overview.html
- https://docs.aws.amazon.com/prescriptive-guidance/latest/aws-startup-security-baseline/acct-08.html
- https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-8
"""
from collections.abc import Iterator

from trail_lint.delivery_links import log_buckets
from trail_lint.delivery_problems import if_created, problem, reported, unknown_setting
from trail_lint.delivery_public_access import public_access
from trail_lint.model import UNKNOWN, Bucket, Existence, Inventory, Problem, PublicAccessBlock
from trail_lint.records import replace
from trail_lint.rule import Rule, Severity

SHOWN = {"block_public_acls": "BlockPublicAcls", "ignore_public_acls": "IgnorePublicAcls",
         "block_public_policy": "BlockPublicPolicy", "restrict_public_buckets": "RestrictPublicBuckets"}


def check(inventory: Inventory) -> Iterator[Problem]:
    for trail, bucket in log_buckets(inventory):
        if not isinstance(bucket, Bucket):
            yield bucket
            continue
        block = bucket.public_access_block
        if not isinstance(block, PublicAccessBlock) and block is not None:
            yield from unknown_setting(inventory, trail, bucket, "public_access_block", "Block Public Access")
            continue
        on = public_access(inventory, bucket)
        if all(value is True for value in on.values()):
            continue
        if block is None and bucket.existence is Existence.EXISTS:
            yield replace(problem(trail, f"Block Public Access of log bucket {bucket.label!r} of trail {trail.label!r} "
                                         f"is not in the inputs (S3 turns it on for buckets created since April 2023)",
                                  bucket.origin.at, bucket.origin.resource, "not-in-inputs:public_access_block"),
                          undecided=True)
        elif block is not None:
            off = [flag for flag in PublicAccessBlock.FLAGS if on[flag] is False]
            if off:
                at = block.origin.of(off[0]) if len(off) == 1 else block.origin.at
                yield problem(trail, if_created(bucket, f"log bucket {bucket.label!r} of trail {trail.label!r} has Block "
                                     f"Public Access {', '.join(SHOWN[flag] for flag in off)} off"), at,
                              block.origin.resource or bucket.origin.resource, "public_access_block")
            elif not reported(inventory, (block.origin.at,)):
                open_ = [SHOWN[flag] for flag in PublicAccessBlock.FLAGS if on[flag] is UNKNOWN]
                yield replace(problem(trail, f"Block Public Access {', '.join(open_)} of log bucket {bucket.label!r} "
                                             f"of trail {trail.label!r} is not known offline", block.origin.at,
                                      block.origin.resource or bucket.origin.resource, f"not-known:{','.join(open_)}"),
                          undecided=True)


RULE = Rule(id="TL312", name="log-bucket-public-access-unblocked", severity=Severity.WARNING, applies_to=Inventory,
            check=check, doc=__doc__, controls=("CIS-1.4:2.1.5", "CIS-3.0:2.1.4", "CIS-5.0:2.1.4",
                      "Config:s3-bucket-level-public-access-prohibited"))
