"""The trail's KMS key and its log bucket are in different Regions.

## Why it matters
CloudTrail encrypts log files with a key that must be in the same Region as the S3 bucket
that receives them. Otherwise CreateTrail and UpdateTrail fail with
`KmsKeyNotFoundException`, whose documentation names this case.

trail-lint compares the Region in the key's ARN (key or alias ARN) with the bucket's
Region when the inputs hold the bucket: the Region its provider configuration or listing
names, or, for a bucket of the trail's own CloudFormation template (`S3BucketName: !Ref
Bucket`), the stack's Region, which is the trail's (`--region`). A bare key ID or
`alias/NAME` does not say its Region, so it is not checked. A key ARN beside a log bucket no input
holds leaves the check open for a trail to be created (a plan, a template, `.tf` sources): the TL002
that says the bucket is not in the inputs names this rule. A trail AWS lists exists, so CreateTrail
took its key and bucket as one Region's. When the bucket's Region is the
trail's home Region and nothing says it, the check is open: the TL002 that says the home Region
is not known names this rule.

A key ARN a condition settled only at deployment chooses (a CloudFormation `Fn::If`, a Terraform
conditional) is compared in each case, and one in another Region is reported with the condition
under which it is taken.

## Fix
Terraform: create the `aws_kms_key` with the same provider (Region) as the `aws_s3_bucket`,
and pass its ARN as `kms_key_id`.
CloudFormation: create the `AWS::KMS::Key` in the bucket's Region and pass its ARN as `KMSKeyId`.
CLI: `aws cloudtrail update-trail --name NAME --kms-key-id arn:aws:kms:BUCKET_REGION:ACCOUNT:key/KEY_ID`.

## References
- https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateTrail.html
"""
from collections.abc import Iterator

from trail_lint.delivery_links import log_bucket, log_buckets
from trail_lint.model import DEFINITIONS, At, Bucket, InputKind, Inventory, Problem, Trail
from trail_lint.problems import each_branch, home_region_unknown, trail_problem
from trail_lint.rule import Rule, Severity
from trail_lint.scope.arns import region_from_arn
from trail_lint.scope.home import region_unknown_places


def check(inventory: Inventory) -> Iterator[Problem]:
    unknown_at = region_unknown_places(inventory.trails)     # once: a plan may hold thousands of trails
    for trail in inventory.live_trails():
        # each key ARN a condition settled only at deployment may choose is compared where it may be taken
        yield from each_branch(lambda one: _check(inventory, one, unknown_at), trail, "kms_key_id")
    yield from _bucket_not_given(inventory)


def _bucket_not_given(inventory: Inventory) -> Iterator[Problem]:
    """A key whose ARN says its Region, for a log bucket no input holds: which Region the bucket is in
    is not known, so the check is open, and named in the one TL002 the log bucket rules give for that
    bucket (delivery_links.log_buckets, said at the first trail naming it)."""
    by_bucket: dict[str, list[Trail]] | None = None      # the live trails naming each bucket, when first asked
    for first, missing in log_buckets(inventory):
        if isinstance(missing, Bucket):
            continue
        if not isinstance(first.s3_bucket, str):
            naming = [first]
        else:
            # grouped once: a pass over every trail for each bucket missing is accounts x trails
            if by_bucket is None:
                by_bucket = {}
                for trail in inventory.live_trails():
                    if isinstance(trail.s3_bucket, str):
                        by_bucket.setdefault(trail.s3_bucket, []).append(trail)
            naming = [t for t in by_bucket.get(first.s3_bucket, ()) if log_bucket(inventory, t) is None]
        # a trail AWS lists exists: CreateTrail accepted its key and bucket as one Region's
        if any(t.origin.kind in DEFINITIONS and region_from_arn(t.kms_key_id, "kms") for t in naming):
            yield missing


def _check(inventory: Inventory, trail: Trail, unknown_at: dict[At, At]) -> Iterator[Problem]:
    region = region_from_arn(trail.kms_key_id, "kms")
    bucket = log_bucket(inventory, trail) if region else None
    if bucket is None:
        return
    bucket_region = _region(trail, bucket)
    if bucket_region is None and (said := home_region_unknown(trail, unknown_at)) is not None:
        # the bucket's Region is the trail's, or not said either: named in the TL002 that says the
        # home Region is not known (one for the trails sharing a stack's or provider's Region)
        yield said
    elif bucket_region and region != bucket_region:
        yield trail_problem(trail, f"the KMS key of trail {trail.label!r} is in {region} but its log bucket "
                                   f"{bucket.label!r} is in {bucket_region}", trail.origin.of("kms_key_id"))


def _region(trail: Trail, bucket: Bucket) -> str | None:
    """The bucket's Region: its own, else the stack's when the trail's template creates it (one
    stack, one Region: the trail's home)."""
    if isinstance(bucket.region, str):
        return bucket.region
    same_stack = bucket.origin.kind is InputKind.CLOUDFORMATION and trail.origin.kind is InputKind.CLOUDFORMATION \
        and bucket.origin.file == trail.origin.file
    return trail.region if same_stack and isinstance(trail.region, str) else None


RULE = Rule(id="TL204", name="kms-key-region-mismatch", severity=Severity.ERROR, applies_to=Inventory,
            check=check, doc=__doc__)
