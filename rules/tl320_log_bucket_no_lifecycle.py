"""The trail's log bucket has no S3 Lifecycle configuration: its log files are kept forever.

## Why it matters
A trail keeps its log files in the S3 bucket indefinitely by default. CloudTrail's security
best practices ask for object lifecycle management on the bucket where the log files are
stored, to define a retention policy that meets the business and audit needs: for example,
move log files older than a year to S3 Glacier, or delete them once they are no longer
required. Without one, storage grows with every delivery, and no retention period is applied
at all.

trail-lint decides it when the bucket is among the inputs (an `aws_s3_bucket` with a
`lifecycle_rule` block or an `aws_s3_bucket_lifecycle_configuration`; an `AWS::S3::Bucket`
with `LifecycleConfiguration`), as it decides TL310: a bucket the trail names but the inputs
do not define is one TL002 for this rule and the other log bucket rules, and an
`aws_s3_bucket_lifecycle_configuration` whose bucket cannot be told before apply makes the
answer unknown (TL002 at the bucket). Which rules the configuration holds is not judged.

A log bucket the inputs may not create (a CloudFormation `Condition`, a Terraform `count` or
`for_each` not known offline) is reported as holding "if created".

## Fix
Terraform: `resource "aws_s3_bucket_lifecycle_configuration" "trail_logs" { bucket =
aws_s3_bucket.trail_logs.id  rule { id = "archive"  status = "Enabled"  filter {}
transition { days = 365  storage_class = "GLACIER" } } }`.
CloudFormation: `LifecycleConfiguration: {Rules: [{Id: archive, Status: Enabled, Transitions:
[{StorageClass: GLACIER, TransitionInDays: 365}]}]}` on the `AWS::S3::Bucket`.
CLI: `aws s3api put-bucket-lifecycle-configuration --bucket BUCKET --lifecycle-configuration file://lifecycle.json`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html
- https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html
"""
from collections.abc import Iterator

from trail_lint.delivery_links import log_buckets
from trail_lint.delivery_problems import bucket_problem, unknown_setting
from trail_lint.model import UNKNOWN, Bucket, Inventory, Problem
from trail_lint.rule import Rule, Severity


def check(inventory: Inventory) -> Iterator[Problem]:
    for trail, bucket in log_buckets(inventory):
        if not isinstance(bucket, Bucket):
            yield bucket
        elif bucket.lifecycle is False:
            yield bucket_problem(trail, bucket, f"log bucket {bucket.label!r} of trail {trail.label!r} has no lifecycle "
                                 "configuration", "lifecycle")
        elif bucket.lifecycle is UNKNOWN:
            yield from unknown_setting(inventory, trail, bucket, "lifecycle", "lifecycle configuration")


RULE = Rule(id="TL320", name="log-bucket-no-lifecycle", severity=Severity.INFO, applies_to=Inventory,
            check=check, doc=__doc__, controls=("Config:s3-lifecycle-policy-check",))
