"""The trail's KMS key and its log bucket are in different Regions.

## Why it matters
CloudTrail encrypts log files with a key that must be in the same Region as the S3 bucket
that receives them. Otherwise CreateTrail and UpdateTrail fail with
`KmsKeyNotFoundException`, whose documentation names this case.

trail-lint compares the Region in the key's ARN (key or alias ARN) with the bucket's
Region when the inputs hold the bucket. A bare key ID or `alias/NAME` does not say its
Region, so it is not checked.

## Fix
Terraform: create the `aws_kms_key` with the same provider (Region) as the `aws_s3_bucket`,
and pass its ARN as `kms_key_id`.
CloudFormation: create the `AWS::KMS::Key` in the bucket's Region and pass its ARN as `KMSKeyId`.
CLI: `aws cloudtrail update-trail --name NAME --kms-key-id arn:aws:kms:BUCKET_REGION:ACCOUNT:key/KEY_ID`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateTrail.html
"""
from collections.abc import Iterator

from trail_lint.model import Inventory, Problem
from trail_lint.problems import trail_problem
from trail_lint.rule import Rule, Severity
from trail_lint.scope import region_from_arn


def check(inventory: Inventory) -> Iterator[Problem]:
    bucket_regions = {b.name: b.region for b in inventory.buckets
                      if isinstance(b.name, str) and isinstance(b.region, str)}
    for trail in inventory.live_trails():
        region = region_from_arn(trail.kms_key_id, "kms")
        bucket_region = bucket_regions.get(trail.s3_bucket) if isinstance(trail.s3_bucket, str) else None
        if region and bucket_region and region != bucket_region:
            yield trail_problem(trail, f"the KMS key of trail {trail.label!r} is in {region} but its log bucket "
                                       f"{trail.s3_bucket!r} is in {bucket_region}", trail.origin.of("kms_key_id"))


RULE = Rule(id="TL204", name="kms-key-region-mismatch", severity=Severity.ERROR, applies_to=Inventory,
            check=check, doc=__doc__)
