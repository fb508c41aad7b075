"""The trail's KMS key policy does not let CloudTrail encrypt the trail's log files.

## Why it matters
A trail with `KMSKeyId` asks KMS for a data key (`kms:GenerateDataKey*`) as the service
principal `cloudtrail.amazonaws.com` for every log file, with the encryption context
`aws:cloudtrail:arn` = the trail ARN. If the key policy grants nothing to CloudTrail, or its
`kms:EncryptionContext:aws:cloudtrail:arn` or `aws:SourceArn` condition names other accounts
or trails, `CreateTrail` and `UpdateTrail` fail with `InsufficientEncryptionPolicyException`,
and a key policy changed later stops log delivery altogether.

trail-lint reports only what is certain from the inputs: an unknown statement, value or
condition gives no finding, nor does a Deny whose conditions depend on request facts it
cannot see. A key without an explicit policy keeps the default key policy, which grants
CloudTrail nothing; trail-lint does not report that case yet.

## Fix
Allow `kms:GenerateDataKey*` to `cloudtrail.amazonaws.com` with
`StringLike {"kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:ACCOUNT:trail/*"}`
and `StringEquals {"aws:SourceArn": TRAIL_ARN}`.
CloudFormation: add that statement to the `KeyPolicy` of the `AWS::KMS::Key`.
Terraform: add it to the `policy` of the `aws_kms_key` (or an `aws_kms_key_policy`).
CLI: `aws kms put-key-policy --key-id KEY --policy-name default --policy file://key-policy.json`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
"""
from collections.abc import Iterator

from trail_lint.delivery import evaluate, key_policies, key_request, problem
from trail_lint.iam.evaluator import Decision
from trail_lint.model import Inventory, Problem
from trail_lint.rule import Rule, Severity


def check(inventory: Inventory) -> Iterator[Problem]:
    for trail in inventory.live_trails():
        for attached in key_policies(inventory, trail):
            target = attached.target if isinstance(attached.target, str) else ""
            verdict = evaluate(attached.policy, key_request(trail, target))
            if verdict.decision is Decision.DENIED:
                shown = trail.kms_key_id if isinstance(trail.kms_key_id, str) else target
                yield problem(trail, f"key policy of {shown!r} does not let CloudTrail encrypt the logs of trail "
                                     f"{trail.label!r}: {verdict.reason}", verdict.at or attached.policy.origin.at,
                              attached.origin.resource)


RULE = Rule(id="TL209", name="kms-policy-blocks-cloudtrail", severity=Severity.ERROR, applies_to=Inventory,
            check=check, doc=__doc__)
