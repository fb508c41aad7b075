"""A trail writes a property its resource type does not have, or a module call an argument its module does not declare, so the deployment fails.

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
left alone; a plan holds only what the provider accepted, so it is not checked.

A `module` call is refused the same way when it passes an argument its module declares no
`variable` for: `terraform validate` rejects the whole configuration ("Unsupported argument"),
so nothing of it is applied, the trails of every other module included. It is reported at the
argument, naming the call, the argument and the module's source. Only a module read from disk
(`source = "./x"`, or a registry or Git module `terraform init` installed) is checked: one from a
registry or Git that is not installed is not read offline, and one of whose
files cannot be parsed (TL001) may declare the variable in that file. The module is still read
as called, and its own findings are reported.

## Fix
CloudFormation: correct the key to the property it was meant to be (`IsMultiRegionTrail`,
`KMSKeyId`, …) or remove it. (Module calls are Terraform's; the parameters given to a nested
stack are checked by CloudFormation itself.)
Terraform: `terraform validate` reports an argument `aws_cloudtrail` does not have ("An argument
named … is not expected here"); correct it the same way. For a `module` call, correct the
argument to the name of a variable the module declares, remove it, or declare it in the module
(`variable "event_selector" {}`) where the module is meant to take it.
CLI: `aws cloudformation validate-template` does not catch it; run trail-lint (or cfn-lint) on
the template before `aws cloudformation deploy`. For Terraform, `terraform init -backend=false`
then `terraform validate` reports both kinds.

## References
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-trail.html
- https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/troubleshooting.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail
- https://developer.hashicorp.com/terraform/language/modules/syntax
- https://developer.hashicorp.com/terraform/language/values/variables
- https://developer.hashicorp.com/terraform/cli/commands/validate
"""
from collections.abc import Iterator

from trail_lint.model import At, InputKind, Inventory, Problem, RefusedArgument, Trail
from trail_lint.problems import trail_problem
from trail_lint.rule import Rule, Severity


def check(inventory: Inventory) -> Iterator[Problem]:
    for trail in inventory.live_trails():
        yield from _trail(trail)
    for refused in inventory.refused_arguments:
        if not refused.missing:
            yield _argument(refused)


def _trail(trail: Trail) -> Iterator[Problem]:
    terraform = trail.origin.kind is InputKind.TERRAFORM_HCL
    kind, resource, tool = ("argument", "aws_cloudtrail", "Terraform rejects the configuration") if terraform \
        else ("property", "AWS::CloudTrail::Trail", "CloudFormation rejects the template")
    for key, meant in trail.unsupported:
        at = At(trail.origin.at.file, trail.origin.at.path + (key,))
        hint = f" (did you mean {meant}?)" if meant else ""
        yield trail_problem(trail, f"trail {trail.label!r} has {kind} {key!r}, which {resource} does not "
                                   f"have{hint}: {tool}", at, subject=f"unsupported:{key}")


def _argument(refused: RefusedArgument) -> Problem:
    return Problem(f"{refused.call} passes {refused.name!r}, which its module {refused.source} does not declare "
                   "as a variable: Terraform rejects the configuration (Unsupported argument)",
                   at=refused.at, resource=refused.call, subject=f"unsupported:{refused.name}")


RULE = Rule(id="TL223", name="unsupported-property", severity=Severity.ERROR, applies_to=Inventory, check=check,
            doc=__doc__)
