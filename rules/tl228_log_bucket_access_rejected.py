"""The inputs give a new log bucket an ACL or bucket policy that S3 rejects.

## Why it matters
S3 refuses, at deployment, access settings that its own guards forbid, and the stack or apply
fails with the trail's log bucket half made:

- with Block Public Access `BlockPublicAcls` on, a public canned ACL (`public-read`,
  `public-read-write`, `authenticated-read`) is rejected;
- with Block Public Access `BlockPublicPolicy` on, a bucket policy that makes the bucket public
  is rejected (`AccessDenied` on PutBucketPolicy);
- with S3 Object Ownership `BucketOwnerEnforced` (ACLs disabled), an ACL that grants anyone but
  the bucket owner (`public-read`, `public-read-write`, `authenticated-read`,
  `log-delivery-write`, `aws-exec-read`) is rejected (`AccessControlListNotSupported`,
  `InvalidBucketAclWithObjectOwnership`).

Since April 2023 S3 creates every bucket with all four Block Public Access settings on and with
Object Ownership `BucketOwnerEnforced`, so a template or plan that creates a bucket with
`AccessControl: PublicRead` (or `acl = "public-read"`) and nothing else fails, although the same
lines deployed before then. The settings are read as TL312 reads them (the bucket's own and the
account-level block in the inputs); a setting not known offline decides nothing here (TL307 and
TL312 say what it leaves open). Only buckets the inputs create are judged: an existing bucket
already holds what S3 accepted (a stack or configuration first deployed before April 2023 keeps
the settings its bucket got then, and fails only when deployed anew). A public policy is one that TL307 calls public (a `*` principal
without a condition naming the callers). The `private`, `bucket-owner-read` and
`bucket-owner-full-control` ACLs grant only the owner and are not reported.

## Fix
Do not make the log bucket public: drop the public ACL and statement (TL307). If the ACL is
needed (S3 server access logs delivered by ACL), set Object Ownership to
`BucketOwnerPreferred` or `ObjectWriter` and grant it without a public ACL; better, grant the
logging service by bucket policy and keep ACLs disabled.
CloudFormation: remove `AccessControl` (or set `Private`) from the `AWS::S3::Bucket`, and remove
the public statement from its `AWS::S3::BucketPolicy`.
Terraform: remove the `aws_s3_bucket_acl` (or the `acl` argument) and the public statement of the
`aws_s3_bucket_policy`.
CLI: `aws s3api put-bucket-policy --bucket BUCKET --policy file://policy.json` with a policy
that names its principals.

## References
- https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
- https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
- https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html
- https://docs.aws.amazon.com/AmazonS3/latest/userguide/create-bucket-overview.html
"""
from collections.abc import Iterator

from trail_lint.delivery_links import bucket_policies, log_buckets
from trail_lint.delivery_problems import if_created, problem
from trail_lint.delivery_public_access import public_access
from trail_lint.iam.public import public_statement
from trail_lint.model import Bucket, Existence, Inventory, Problem, Trail, statement_name
from trail_lint.rule import Rule, Severity

PUBLIC_ACLS = ("public-read", "public-read-write", "authenticated-read")
# canned ACLs that grant someone other than the bucket owner
# https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl
SHARED_ACLS = (*PUBLIC_ACLS, "log-delivery-write", "aws-exec-read")


def check(inventory: Inventory) -> Iterator[Problem]:
    for trail, bucket in log_buckets(inventory):
        if not isinstance(bucket, Bucket) or bucket.existence not in (Existence.CREATED, Existence.CONDITIONAL):
            continue
        blocked = public_access(inventory, bucket)
        yield from _acl(trail, bucket, blocked["block_public_acls"] is True)
        if blocked["block_public_policy"] is not True:
            continue
        policies = [p.policy for p in bucket_policies(inventory, trail)]
        policies += [bucket.policy] if bucket.policy is not None else []
        for policy in policies:
            for index, statement in enumerate(policy.statements if isinstance(policy.statements, tuple) else ()):
                if public_statement(statement) is True:
                    at = statement.origin.at if statement.origin.file else policy.origin.at
                    yield problem(trail, if_created(bucket, f"{statement_name(statement.sid, index)} of the bucket "
                                  f"policy of log bucket {bucket.label!r} makes it public, which S3 rejects while "
                                  f"Block Public Access BlockPublicPolicy is on"), at, policy.origin.resource,
                                  "public-policy-rejected")


def _acl(trail: Trail, bucket: Bucket, acls_blocked: bool) -> Iterator[Problem]:
    if not isinstance(bucket.acl, str):
        return
    at, resource = bucket.setting("acl")
    given = f"log bucket {bucket.label!r} is given the canned ACL {bucket.acl!r}, which S3 rejects"
    if bucket.acl in SHARED_ACLS and bucket.object_ownership in (None, "BucketOwnerEnforced"):
        default = " (S3's default)" if bucket.object_ownership is None else ""
        yield problem(trail, if_created(bucket, f"{given} while Object Ownership is BucketOwnerEnforced{default}: "
                                                f"ACLs are disabled"), at, resource, "acl-disabled")
    elif bucket.acl in PUBLIC_ACLS and acls_blocked:
        yield problem(trail, if_created(bucket, f"{given} while Block Public Access BlockPublicAcls is on"),
                      at, resource, "public-acl-rejected")


RULE = Rule(id="TL228", name="log-bucket-access-rejected", severity=Severity.ERROR, applies_to=Inventory,
            check=check, doc=__doc__)
