"""Trail log files are not encrypted with a customer managed KMS key.

## Why it matters
Without a KMS key, log files are protected only by S3 server-side encryption, so anyone who
can read the bucket can read the logs. With SSE-KMS, reading also needs `kms:Decrypt` on a
key whose policy you control, and every decryption is itself logged.

A KMS key not known offline is set to something (an ARN known only after apply); where the
reader says it may be unset at deployment (a CloudFormation `Fn::If` with `AWS::NoValue`, a
parameter or Terraform variable without a value), its TL002 names this rule.

## Fix
Terraform: `kms_key_id = aws_kms_key.trail.arn` (the key needs a policy that lets
cloudtrail.amazonaws.com call `kms:GenerateDataKey*`).
CloudFormation: `KMSKeyId: !GetAtt TrailKey.Arn`.
CLI: `aws cloudtrail update-trail --name NAME --kms-key-id KEY_ARN`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
"""
from collections.abc import Iterator

from trail_lint.model import UNKNOWN, Problem, Trail
from trail_lint.problems import maybe_unset, on, trail_problem
from trail_lint.rule import Rule, Severity
from trail_lint.switches import ON


def check(trail: Trail) -> Iterator[Problem]:
    if trail.kms_key_id is None:
        yield trail_problem(trail, f"log files of trail {trail.label!r} are not encrypted with a KMS key",
                            trail.origin.of("kms_key_id"))
    elif trail.kms_key_id is UNKNOWN and on(trail, "kms_key_id") is not ON:
        yield maybe_unset(trail, "kms_key_id", "the KMS key")


RULE = Rule(id="TL303", name="no-kms-encryption", severity=Severity.WARNING, applies_to=Trail,
            check=check, doc=__doc__,
            controls=("CloudTrail.2", "CIS-1.4:3.7", "CIS-3.0:3.5", "CIS-5.0:3.5",
                      "Config:cloud-trail-encryption-enabled", "Config:cloudtrail-security-trail-enabled"))
