"""The trail's log bucket has no S3 server access logging.

## Why it matters
CloudTrail records who changed the trail, but reads of the log files themselves (an intruder
downloading them to learn the account, or deleting them) are S3 object operations that a
trail records only with data events. Server access logging on the log bucket keeps a record
of every request made to it, in another bucket, at no charge beyond storage. Security Hub
(CloudTrail.7) and CIS (v1.4 3.6, v3.0 and v5.0 3.4) ask for it.

trail-lint decides it when the bucket is among the inputs (an `aws_s3_bucket`, an
`AWS::S3::Bucket`); a bucket the trail names but the inputs do not define is reported once as
TL002 for this rule, TL311, TL312 and TL320 (and TL207, TL307 when its policy is not in the inputs
either), not guessed: once per bucket (bucket names are global in a partition), at the first
trail in input order that names it, saying how many other trails deliver there. A bucket whose
name is not known is each trail's own TL002. Logging set by an `aws_s3_bucket_logging` whose
bucket cannot be told before apply makes the answer unknown: one TL002 at the bucket, not a
finding (as for TL311's versioning, MFA delete and Object Lock, TL312's Block Public Access and
TL307's canned ACL).

A log bucket the inputs may not create (a CloudFormation `Condition`, a Terraform `count` or
`for_each` not known offline) is reported as holding "if created".

## Fix
Send the access logs to a separate bucket (not the log bucket itself).
Terraform: `resource "aws_s3_bucket_logging" "trail_logs" { bucket = aws_s3_bucket.trail_logs.id
target_bucket = aws_s3_bucket.access_logs.id  target_prefix = "cloudtrail/" }`.
CloudFormation: `LoggingConfiguration: {DestinationBucketName: !Ref AccessLogsBucket, LogFilePrefix: cloudtrail/}`
on the `AWS::S3::Bucket`.
CLI: `aws s3api put-bucket-logging --bucket BUCKET --bucket-logging-status
'{"LoggingEnabled":{"TargetBucket":"ACCESS-LOGS-BUCKET","TargetPrefix":"cloudtrail/"}}'`.

## References
- https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html
- https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-7
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html
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
        elif bucket.access_logging is False:
            yield bucket_problem(trail, bucket, f"log bucket {bucket.label!r} of trail {trail.label!r} has no server "
                                 "access logging", "access_logging")
        elif bucket.access_logging is UNKNOWN:
            yield from unknown_setting(inventory, trail, bucket, "access_logging", "server access logging")


RULE = Rule(id="TL310", name="log-bucket-access-logging-disabled", severity=Severity.WARNING, applies_to=Inventory,
            check=check, doc=__doc__,
            controls=("CloudTrail.7", "CIS-1.4:3.6", "CIS-3.0:3.4", "CIS-5.0:3.4",
                      "Config:cloudtrail-s3-bucket-access-logging", "Config:s3-bucket-logging-enabled"))
