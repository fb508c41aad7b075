"""A trail leaves out a property the API or CloudFormation requires, so the deployment fails.

## Why it matters
Every trail needs the S3 bucket it delivers to: CreateTrail requires `S3BucketName`
(`s3_bucket_name` in Terraform). CloudFormation's `AWS::CloudTrail::Trail` also requires
`IsLogging`: a template without it is rejected, even though the API itself creates a trail
that is not logging yet. `aws cloudformation validate-template` checks the template's syntax,
not resource properties, and a parameter whose Default is `""` or an `Fn::If` that can fall
back to `AWS::NoValue` hides the gap until the stack fails half-way. In Terraform, `name` is
a required argument of `aws_cloudtrail` as well; `terraform validate` reports a missing
argument, and this catches it where only trail-lint runs.

## Fix
Terraform: `name = "audit"` and `s3_bucket_name = aws_s3_bucket.trail_logs.id`.
CloudFormation: `S3BucketName: !Ref TrailLogsBucket` and `IsLogging: true`.
CLI: `aws cloudtrail create-trail --name NAME --s3-bucket-name BUCKET`, then
`aws cloudtrail start-logging --name NAME`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-trail.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail
"""
from collections.abc import Iterator

from trail_lint.model import Problem, Trail
from trail_lint.problems import trail_problem
from trail_lint.rule import Rule, Severity


def check(trail: Trail) -> Iterator[Problem]:
    for field in trail.missing:
        key = trail.origin.keys.get(field, field)
        yield trail_problem(trail, f"trail {trail.label!r} has no {key}, which is required",
                            trail.origin.of(field), subject=f"missing:{field}")


RULE = Rule(id="TL211", name="missing-required-property", severity=Severity.ERROR, applies_to=Trail,
            check=check, doc=__doc__)
