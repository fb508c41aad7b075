"""A trail leaves out a property the API or CloudFormation requires, or a module call a variable its module requires, so the deployment fails.

## Why it matters
Every trail needs the S3 bucket it delivers to: CreateTrail requires `S3BucketName`
(`s3_bucket_name` in Terraform). CloudFormation's `AWS::CloudTrail::Trail` also requires
`IsLogging`: a template without it is rejected, even though the API itself creates a trail
that is not logging yet. `aws cloudformation validate-template` checks the template's syntax,
not resource properties, and a parameter whose Default is `""` or an `Fn::If` that can fall
back to `AWS::NoValue` hides the gap until the stack fails half-way. In Terraform, `name` is
a required argument of `aws_cloudtrail` as well; `terraform validate` reports a missing
argument, and this catches it where only trail-lint runs.

A Terraform `module` call must likewise pass every variable its module declares without a
`default`: `terraform validate` rejects the whole configuration otherwise ("Missing required
argument"), so nothing of it is applied. It is reported at the `module` block, naming the call,
the variable and the module's source. Only a module read from disk (`source = "./x"`, or a
registry or Git module `terraform init` installed) is checked: one from a registry or Git that is
not installed is not read offline, and one of whose files cannot be parsed
(TL001) may give the variable its default in that file. The module is still read as called.

## Fix
Terraform: `name = "audit"` and `s3_bucket_name = aws_s3_bucket.trail_logs.id`. For a `module`
call, pass the variable (`bucket = "audit-logs-111122223333"`), or give it a `default` in the module where
leaving it out is meant to be allowed.
CloudFormation: `S3BucketName: !Ref TrailLogsBucket` and `IsLogging: true`. (Module calls are
Terraform's; the parameters a nested stack requires are checked by CloudFormation itself.)
CLI: `aws cloudtrail create-trail --name NAME --s3-bucket-name BUCKET`, then
`aws cloudtrail start-logging --name NAME`. For Terraform, `terraform init -backend=false` then
`terraform validate` reports a variable a module call leaves out.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-trail.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail
- https://developer.hashicorp.com/terraform/language/modules/syntax
- https://developer.hashicorp.com/terraform/language/values/variables
- https://developer.hashicorp.com/terraform/cli/commands/validate
"""
from collections.abc import Iterator

from trail_lint.model import Inventory, Problem, RefusedArgument, Trail
from trail_lint.problems import trail_problem
from trail_lint.rule import Rule, Severity


def check(inventory: Inventory) -> Iterator[Problem]:
    for trail in inventory.live_trails():
        yield from _trail(trail)
    for refused in inventory.refused_arguments:
        if refused.missing:
            yield _variable(refused)


def _trail(trail: Trail) -> Iterator[Problem]:
    for field in trail.missing:
        key = trail.origin.keys.get(field, field)
        yield trail_problem(trail, f"trail {trail.label!r} has no {key}, which is required",
                            trail.origin.of(field), subject=f"missing:{field}")


def _variable(refused: RefusedArgument) -> Problem:
    return Problem(f"{refused.call} does not pass {refused.name!r}, a variable of its module {refused.source} "
                   "without a default: Terraform rejects the configuration (Missing required argument)",
                   at=refused.at, resource=refused.call, subject=f"missing:{refused.name}")


RULE = Rule(id="TL211", name="missing-required-property", severity=Severity.ERROR, applies_to=Inventory,
            check=check, doc=__doc__)
