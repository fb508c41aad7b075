"""The trail's KMS key is not a symmetric encryption key, the only kind CloudTrail encrypts log files with.

## Why it matters
"AWS CloudTrail and Amazon S3 support only symmetric AWS KMS keys. You cannot use an asymmetric
KMS key to encrypt your CloudTrail Logs" (How AWS CloudTrail uses AWS KMS). CloudTrail asks KMS
for a data key (`GenerateDataKey`) for every log file, and KMS makes data keys only under a
symmetric encryption key (key spec `SYMMETRIC_DEFAULT`): an RSA, ECC, SM2 or HMAC key
(`KeySpec` in CloudFormation, `customer_master_key_spec` in Terraform) cannot encrypt the trail's
log files however its key policy reads, so CreateTrail and UpdateTrail fail and the trail is not
created or keeps its old key. The key spec cannot be changed once the key exists.

Only keys the inputs create are checked: a key the trail names by ARN, alias or ID with no
resource for it in the inputs has a key spec trail-lint cannot see (its key policy is said as
TL209's TL002). A key spec not known offline (a parameter or variable without a value) is one
TL002 naming TL222.

## Fix
Use a symmetric encryption key (leave the key spec out, or set it to `SYMMETRIC_DEFAULT`).
CloudFormation: `KeySpec: SYMMETRIC_DEFAULT` (or no `KeySpec`) on the `AWS::KMS::Key`; changing
it replaces the key.
Terraform: `customer_master_key_spec = "SYMMETRIC_DEFAULT"` (or leave it out) on the
`aws_kms_key`; changing it replaces the key.
CLI: `aws kms create-key --key-spec SYMMETRIC_DEFAULT --key-usage ENCRYPT_DECRYPT`, then
`aws cloudtrail update-trail --name NAME --kms-key-id KEY`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/how-kms-works-with-cloudtrail.html
- https://docs.aws.amazon.com/kms/latest/developerguide/symm-asymm-choose-key-spec.html
- https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKey.html
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kms-key.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_key
"""
from collections.abc import Iterator

from trail_lint.delivery_links import key_policies
from trail_lint.model import Inventory, Problem, Unknown
from trail_lint.problems import trail_problem
from trail_lint.records import replace
from trail_lint.rule import Rule, Severity

SYMMETRIC = "SYMMETRIC_DEFAULT"


def check(inventory: Inventory) -> Iterator[Problem]:
    for trail in inventory.live_trails():
        if trail.kms_key_id is None:
            continue
        found = [p for p in key_policies(inventory, trail) if p.key_spec is not None]
        if not found:
            continue
        at = trail.origin.of("kms_key_id")
        named = trail.kms_key_id if isinstance(trail.kms_key_id, str) else found[0].origin.resource
        other = sorted({p.key_spec for p in found if isinstance(p.key_spec, str) and p.key_spec != SYMMETRIC})
        if other:
            yield trail_problem(trail, f"KMS key {named!r} of trail {trail.label!r} has key spec {other[0]}: "
                                       f"CloudTrail encrypts log files only with a symmetric encryption key "
                                       f"({SYMMETRIC})", at)
        elif any(isinstance(p.key_spec, Unknown) for p in found):
            yield replace(trail_problem(trail, f"the key spec of KMS key {named!r} of trail {trail.label!r} is not "
                                               f"known offline: whether it is a symmetric encryption key is not checked",
                                        at), undecided=True)


RULE = Rule(id="TL222", name="kms-key-not-symmetric", severity=Severity.ERROR, applies_to=Inventory,
            check=check, doc=__doc__)
