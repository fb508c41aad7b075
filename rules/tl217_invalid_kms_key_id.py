"""The trail's KMS key ID is not one of the forms CloudTrail accepts.

## Why it matters
`KmsKeyId` takes "an alias name prefixed by `alias/`, a fully specified ARN to an alias, a fully
specified ARN to a key, or a globally unique identifier" (CreateTrail, UpdateTrail), for example
`alias/MyAliasName`, `arn:aws:kms:us-east-2:123456789012:alias/MyAliasName`,
`arn:aws:kms:us-east-2:123456789012:key/12345678-1234-1234-1234-123456789012` or
`12345678-1234-1234-1234-123456789012`; multi-Region keys have IDs `mrk-` followed by 32 hex
digits. Anything else (a key's description, an alias without `alias/`, an ARN of another
service) fails with `InvalidKmsKeyIdException` or `KmsKeyNotFoundException`, so the trail is
not created or not encrypted as intended. The Terraform provider accepts only an ARN in
`kms_key_id` and rejects the plan otherwise. The key ID inside a key ARN is not checked: whether
such a key exists only AWS can tell. A trail read from describe-trails output or Terraform state
is not checked: its key is the one AWS accepted and returns (describe-trails gives the key ARN),
and a value that is no key ARN there was edited after the fact, for example an account ID
blanked out as `XXXXXXXXXXXX`.

A value not known offline that the user writes (a CloudFormation parameter without a value or
another stack's export, a Terraform variable without one) may be invalid: the check is named in
the TL002 the reader gives for that value. A value known only after apply (a resource's
attribute, a random suffix, whatever a plan does not know yet) is AWS's or the provider's own and
is not asked about.

A value a condition settled only at deployment chooses (a CloudFormation `Fn::If`, a Terraform
conditional such as `var.enabled ? "..." : null`) is checked in each case: a literal that is refused
is reported with the condition under which it is taken (`when condition Prod is false, ...`); a
branch that is a resource's own ARN or name (`!GetAtt Key.Arn`, `aws_kms_key.trail.arn`) or
nothing is not asked about.

## Fix
Terraform: `kms_key_id = aws_kms_key.trail.arn` (an ARN).
CloudFormation: `KMSKeyId: !GetAtt TrailKey.Arn`, `!Ref TrailKey` (the key ID) or `alias/NAME`.
CLI: `aws cloudtrail update-trail --name NAME --kms-key-id alias/NAME`.

## References
- https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateTrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Trail.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail
"""
from collections.abc import Iterator

from trail_lint.model import UNKNOWN, InputKind, Problem, Trail
from trail_lint.problems import each_branch, read_back, trail_problem, unchecked_input
from trail_lint.rule import Rule, Severity
from trail_lint.scope.arns import is_kms_key_id

TERRAFORM = (InputKind.TERRAFORM_HCL, InputKind.TERRAFORM_PLAN)


def check(trail: Trail) -> Iterator[Problem]:
    # each value a condition settled only at deployment may choose is checked where it may be taken
    yield from each_branch(_check, trail, "kms_key_id")


def _check(trail: Trail) -> Iterator[Problem]:
    key = trail.kms_key_id
    if key is UNKNOWN and (open_check := unchecked_input(trail, "kms_key_id", "the KMS key ID")):
        yield open_check
    if not isinstance(key, str) or not key or read_back(trail):
        return
    at = trail.origin.of("kms_key_id")
    if not is_kms_key_id(key):
        yield trail_problem(trail, f"KMS key ID {key!r} of trail {trail.label!r} is no alias name, alias ARN, key ARN "
                                   f"or key ID", at)
    elif trail.origin.kind in TERRAFORM and not key.startswith("arn:"):
        yield trail_problem(trail, f"kms_key_id {key!r} of trail {trail.label!r} is no ARN, which the Terraform "
                                   f"provider requires", at)


RULE = Rule(id="TL217", name="invalid-kms-key-id", severity=Severity.ERROR, applies_to=Trail, check=check,
            doc=__doc__)
