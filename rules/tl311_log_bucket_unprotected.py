"""The trail's log bucket keeps no earlier versions, or lets them be deleted without MFA or Object Lock.

## Why it matters
Log file validation shows that a log file was changed or deleted; it cannot bring it back.
With versioning on, an overwritten or deleted log file stays as an earlier version. Versioning
alone still lets anyone allowed `s3:DeleteObjectVersion` erase those versions; MFA delete
(CIS v1.4 2.1.3, v3.0 and v5.0 2.1.2) asks for the root user's MFA code to do so, and S3 Object
Lock keeps each version for a retention period nobody can shorten in compliance mode.
A log bucket with Object Lock passes (Object Lock requires versioning).

CloudFormation cannot turn on MFA delete (only the root user can, through the API), so a
template passes with Object Lock only. A bucket that the inputs do not define is reported as
TL002 (see TL310), and so is one whose versioning, MFA delete or Object Lock setting is not known
offline when it decides the answer (an `aws_s3_bucket_versioning` whose bucket is known only
after apply): one TL002 at the bucket, naming the first setting not known. A bucket with neither
MFA delete nor Object Lock is reported whatever its versioning is (a `Status: !Ref Param`).

A log bucket the inputs may not create (a CloudFormation `Condition`, a Terraform `count` or
`for_each` not known offline) is reported as holding "if created".

## Fix
Terraform: `resource "aws_s3_bucket_versioning" "trail_logs" { bucket = aws_s3_bucket.trail_logs.id
versioning_configuration { status = "Enabled" } }`, and `object_lock_enabled = true` on the
bucket with an `aws_s3_bucket_object_lock_configuration` (default retention), or
`mfa_delete = "Enabled"` in `versioning_configuration` (applied with the root user's MFA).
CloudFormation: `VersioningConfiguration: {Status: Enabled}` and `ObjectLockEnabled: true`
with an `ObjectLockConfiguration` on the `AWS::S3::Bucket`.
CLI: `aws s3api put-bucket-versioning --bucket BUCKET --versioning-configuration
Status=Enabled,MFADelete=Enabled --mfa "ROOT-MFA-SERIAL CODE"`, or
`aws s3api put-object-lock-configuration --bucket BUCKET --object-lock-configuration ...`.

## References
- https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html
- https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html
- https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html
"""
from collections.abc import Iterator

from trail_lint.delivery_links import log_buckets
from trail_lint.delivery_problems import bucket_problem, unknown_setting
from trail_lint.model import UNKNOWN, Bucket, Inventory, Problem, all_of, any_of
from trail_lint.rule import Rule, Severity


def check(inventory: Inventory) -> Iterator[Problem]:
    for trail, bucket in log_buckets(inventory):
        if not isinstance(bucket, Bucket):
            yield bucket
        elif bucket.object_lock is True:
            continue
        elif bucket.versioning is False:
            yield bucket_problem(trail, bucket, f"log bucket {bucket.label!r} of trail {trail.label!r} is not versioned",
                                 "versioning")
        elif bucket.versioning is True and bucket.mfa_delete is False and bucket.object_lock is False:
            yield bucket_problem(trail, bucket, f"log bucket {bucket.label!r} of trail {trail.label!r} is versioned "
                                 "without MFA delete or Object Lock", "mfa_delete")
        elif bucket.mfa_delete is False and bucket.object_lock is False:
            # unprotected whether it is versioned or not: certain, though its versioning is not known
            yield bucket_problem(trail, bucket, f"log bucket {bucket.label!r} of trail {trail.label!r} has neither MFA "
                                 "delete nor Object Lock (and its versioning is not known offline)", "versioning")
        elif any_of((bucket.object_lock, all_of((bucket.versioning, bucket.mfa_delete)))) is UNKNOWN:
            # the first setting not known that could decide it
            name = next(n for n in ("versioning", "mfa_delete", "object_lock") if getattr(bucket, n) is UNKNOWN)
            yield from unknown_setting(inventory, trail, bucket, name, _SHOWN[name])


_SHOWN = {"versioning": "versioning", "mfa_delete": "MFA delete", "object_lock": "Object Lock"}


RULE = Rule(id="TL311", name="log-bucket-unprotected", severity=Severity.WARNING, applies_to=Inventory,
            check=check, doc=__doc__, controls=("CIS-1.4:2.1.3", "CIS-3.0:2.1.2", "CIS-5.0:2.1.2",
                      "Config:s3-bucket-versioning-enabled"))
