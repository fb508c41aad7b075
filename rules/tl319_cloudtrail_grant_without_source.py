"""A log bucket, SNS topic or KMS key policy lets CloudTrail write for any trail, of any account.

## Why it matters
A policy statement that allows the service principal `cloudtrail.amazonaws.com` to write to the
trail's bucket, publish to its topic or encrypt with its key, with no condition on which trail
or account the request is made for, lets CloudTrail do so on behalf of any trail the statement's
`Resource` admits, whoever owns it: a trail of another account can publish to the topic or have
its log files encrypted with the key, and write wherever the bucket statement's `Resource`
reaches (the confused deputy problem). The CloudTrail User Guide recommends, "as a
security best practice", an `aws:SourceArn` condition key (or `aws:SourceAccount`) in the S3
bucket policy, the SNS topic policy and the KMS key policy it documents; for the key policy,
the `kms:EncryptionContext:aws:cloudtrail:arn` condition of its documented statement scopes the
grant to trails as well.

Reported for each statement, at the statement, naming the trails whose bucket, topic or key
policy it is (a bucket's policy resource, or where there is none Terraform's inline `policy`
argument of `aws_s3_bucket`), once per bucket, topic or key (the instances of one Terraform block with `count` or
`for_each`, or of one module that several root modules call, are as many policies, each
reported with its own trails): an `Allow` whose `Principal` names `cloudtrail.amazonaws.com` and whose actions
cover `s3:GetBucketAcl` or `s3:PutObject` (bucket), `SNS:Publish` (topic) or
`kms:GenerateDataKey` (key), with no condition on `aws:SourceArn`, `aws:SourceAccount`,
`aws:SourceOrgID`, `aws:SourceOrgPaths` or (key) `kms:EncryptionContext:aws:cloudtrail:arn`
(condition key names are not case-sensitive). `kms:DescribeKey` alone is not reported: the
documented key policy grants it without a condition. A statement whose conditions are not known
offline is left to the reader's TL002 for them. Whether CloudTrail can deliver at all is TL207,
TL208 and TL209.

## Fix
Add the trail's ARN (or account) as a condition to the statement, as the documented policies do:
`"Condition": {"StringEquals": {"aws:SourceArn": "arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME"}}`.
Terraform: a `condition { test = "StringEquals", variable = "aws:SourceArn", values = [aws_cloudtrail.t.arn] }`
block in the `aws_iam_policy_document` of the bucket, topic or key policy (the trail's ARN
written out where it would make a dependency cycle).
CloudFormation: `Condition: {StringEquals: {"aws:SourceArn": !Sub "arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/NAME"}}`
in the `AWS::S3::BucketPolicy`, `AWS::SNS::TopicPolicy` or `AWS::KMS::Key` `KeyPolicy`.
CLI: `aws s3api put-bucket-policy`, `aws sns set-topic-attributes --attribute-name Policy`, or
`aws kms put-key-policy` with the amended policy.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-permissions-for-sns-notifications.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cross-service-confused-deputy-prevention.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html
"""
from collections.abc import Iterator

from trail_lint.delivery_links import bucket_policies, key_policies, log_bucket, topic_policies
from trail_lint.delivery_problems import shared_problem
from trail_lint.delivery_requests import SERVICE
from trail_lint.iam.evaluator import action_applies
from trail_lint.model import Inventory, Path, Problem, ResourcePolicy, Statement, Trail, statement_name
from trail_lint.rule import Rule, Severity

# What each kind of policy lets CloudTrail do for a trail (delivery_bucket_requests.bucket_requests,
# delivery_requests.topic_request, key_requests): kms:DescribeKey is left out, as the documented key
# policy grants it unconditioned.
WRITES = {"s3": ("s3:GetBucketAcl", "s3:PutObject"), "sns": ("SNS:Publish",), "kms": ("kms:GenerateDataKey",)}
WHAT = {"s3": "bucket policy", "sns": "topic policy", "kms": "key policy"}
# aws:SourceOrgID and aws:SourceOrgPaths scope a service principal's request to an organization alike
# (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceorgid)
SOURCE_KEYS = frozenset({"aws:sourcearn", "aws:sourceaccount", "aws:sourceorgid", "aws:sourceorgpaths"})
# the documented key policy's "Allow CloudTrail to encrypt logs": StringLike on this key, with aws:SourceArn
TRAIL_CONTEXT = "kms:encryptioncontext:aws:cloudtrail:arn"


def check(inventory: Inventory) -> Iterator[Problem]:
    # each statement once per bucket, topic or key, with every trail whose policy of it holds the
    # statement (the instances of one Terraform block with count or for_each, or of one module in
    # several root modules, are policies of their own)
    found: dict[tuple[str, Path, str, int], tuple[ResourcePolicy, int, Statement, str]] = {}
    trails: dict[tuple[str, Path, str, int], list[Trail]] = {}
    for trail in inventory.live_trails():
        attachments = bucket_policies(inventory, trail)
        for attached in (*(attachments or _inline(inventory, trail)), *topic_policies(inventory, trail),
                         *key_policies(inventory, trail)):
            statements = attached.policy.statements
            if attached.default or not isinstance(statements, tuple) or attached.service not in WRITES:
                continue
            for index, statement in enumerate(statements):
                action = _unscoped_write(attached, statement)
                if action is not None:
                    origin = attached.policy.origin
                    key = (origin.file, origin.path, _shown(attached), index)
                    found.setdefault(key, (attached, index, statement, action))
                    trails.setdefault(key, []).append(trail)
    for key, (attached, index, statement, action) in found.items():
        subject = f"{statement_name(statement.sid, index)} of the {WHAT[attached.service]} of " \
                  f"{_shown(attached)!r}"
        keys = "aws:SourceArn, aws:SourceAccount or kms:EncryptionContext:aws:cloudtrail:arn" \
            if attached.service == "kms" else "aws:SourceArn or aws:SourceAccount"
        yield shared_problem(trails[key], subject, f"lets CloudTrail call {action} for any trail: it has no {keys} "
                                                   f"condition", statement.origin.at, attached.origin.resource,
                             f"no-source:{action}")


def _inline(inventory: Inventory, trail: Trail) -> tuple[ResourcePolicy, ...]:
    """The log bucket's own policy, Terraform's inline `policy` argument of aws_s3_bucket (as TL207
    and TL307 read it), where no bucket policy resource is attached to the bucket: a plan's or
    state's `policy` of a bucket that has one is that policy read back, not another."""
    bucket = log_bucket(inventory, trail)
    if bucket is None or bucket.policy is None:
        return ()
    target = bucket.name if isinstance(bucket.name, str) else bucket.origin.resource
    return (ResourcePolicy(target, "s3", bucket.policy, bucket.policy.origin or bucket.origin),)


def _unscoped_write(attached: ResourcePolicy, statement: Statement) -> str | None:
    """The first write the statement allows CloudTrail without a source condition; None if none."""
    principals = statement.principals
    if statement.effect != "Allow" or statement.not_principals is not None or not isinstance(principals, dict):
        return None
    services = principals.get("Service", ())
    if not isinstance(services, tuple) or SERVICE not in services or not isinstance(statement.conditions, tuple):
        return None
    keys = {condition.key.lower() for condition in statement.conditions}
    if keys & SOURCE_KEYS or (attached.service == "kms" and TRAIL_CONTEXT in keys):
        return None
    return next((action for action in WRITES[attached.service] if action_applies(statement, action) is True), None)


def _shown(attached: ResourcePolicy) -> str:
    target = attached.target
    return target if isinstance(target, str) else attached.origin.resource or attached.policy.name


RULE = Rule(id="TL319", name="cloudtrail-grant-without-source", severity=Severity.WARNING, applies_to=Inventory,
            check=check, doc=__doc__)
