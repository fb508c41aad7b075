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
"""
from collections.abc import Iterator

from trail_lint.model import At, Problem, Trail
from trail_lint.problems import trail_problem
from trail_lint.rule import Rule, Severity


def check(trail: Trail) -> Iterator[Problem]:
    for key, meant in trail.unsupported:
        at = At(trail.origin.at.file, trail.origin.at.path + (key,))
        hint = f" (did you mean {meant}?)" if meant else ""
        yield trail_problem(trail, f"trail {trail.label!r} has property {key!r}, which AWS::CloudTrail::Trail does not "
                                   f"have{hint}: CloudFormation rejects the template", at, subject=f"unsupported:{key}")


RULE = Rule(id="TL223", name="unsupported-property", severity=Severity.ERROR, applies_to=Trail, check=check,
            doc=__doc__)
