"""A trail writes a property its resource type does not have, so the deployment fails.

## Why it matters
`AWS::CloudTrail::Trail` accepts only the properties its reference page lists; CloudFormation
rejects a stack whose trail writes any other ("Properties validation failed … extraneous key
[IsMultiRegion] is not permitted"), and `aws cloudformation validate-template` does not check
resource properties, so the mistake shows only when the stack fails. It is nearly always a
misspelt property, and the setting it was meant to make is not applied: `IsMultiRegion: true`
leaves a single-Region trail, `KmsKeyId` (for `KMSKeyId`) unencrypted log files. The finding
names the property the key most resembles. Keys are case-sensitive.

trail-lint knows the properties of `AWS::CloudTrail::Trail` as its page lists them (read
2026-12-02, `AggregationConfigurations` included); a property AWS adds later would be reported
until trail-lint learns it. An `Fn::Transform` (AWS::Include) among the properties is replaced
before CloudFormation validates them and is not reported.

In Terraform sources (`.tf`), an argument of an `aws_cloudtrail` block that the resource does not
have is reported when it resembles one it has (`is_multiregion_trail`, `kms_key_arn`):
`terraform validate` rejects it ("An argument named … is not expected here"), and the setting is
not applied. A name like none of its arguments may be one a newer provider version adds, and is
left alone; a plan holds only what the provider accepted, so it is not checked. An argument a
`module` call passes that its module declares no variable for is refused by Terraform the same way,
but it is about the module call, not a trail: it is TL001.

## Fix
CloudFormation: correct the key to the property it was meant to be (`IsMultiRegionTrail`,
`KMSKeyId`, …) or remove it.
Terraform: `terraform validate` reports an argument `aws_cloudtrail` does not have ("An argument
named … is not expected here"); correct it the same way.
CLI: `aws cloudformation validate-template` does not catch it; run trail-lint (or cfn-lint) on
the template before `aws cloudformation deploy`.

## References
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-trail.html
- https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/troubleshooting.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail
"""
from collections.abc import Iterator

from trail_lint.model import At, InputKind, Problem, Trail
from trail_lint.problems import trail_problem
from trail_lint.rule import Rule, Severity


def check(trail: Trail) -> Iterator[Problem]:
    terraform = trail.origin.kind is InputKind.TERRAFORM_HCL
    kind, resource, tool = ("argument", "aws_cloudtrail", "Terraform rejects the configuration") if terraform \
        else ("property", "AWS::CloudTrail::Trail", "CloudFormation rejects the template")
    for key, meant in trail.unsupported:
        at = At(trail.origin.at.file, trail.origin.at.path + (key,))
        hint = f" (did you mean {meant}?)" if meant else ""
        yield trail_problem(trail, f"trail {trail.label!r} has {kind} {key!r}, which {resource} does not "
                                   f"have{hint}: {tool}", at, subject=f"unsupported:{key}")


RULE = Rule(id="TL223", name="unsupported-property", severity=Severity.ERROR, applies_to=Trail, check=check,
            doc=__doc__)
