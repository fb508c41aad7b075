"""The trail's CloudWatch Logs log group or role is not given as an ARN of one.

## Why it matters
CreateTrail and UpdateTrail take the log group as an ARN ("Specifies a log group name using an
Amazon Resource Name (ARN)", `arn:PARTITION:logs:REGION:ACCOUNT:log-group:NAME:*`) and the role
CloudTrail assumes to write to it as an IAM role ARN (`arn:PARTITION:iam::ACCOUNT:role/NAME`).
A value that is no such ARN — a bare log group name, the ARN of a log stream or of another
service, what is left of an ARN built from an empty variable (`":*"`), an ARN whose log group
name no log group can have (1 to 512 ASCII letters, digits, `_`, `-`, `/`, `.` and `#`) — names nothing
CloudTrail can deliver to: the call fails with `InvalidCloudWatchLogsLogGroupArnException` or
`InvalidCloudWatchLogsRoleArnException`, and the trail is not created or keeps its old settings.

A log group ARN must also end in `:*` (all the log streams of the log group), the form the User
Guide's CLI examples and CloudFormation's `!GetAtt LogGroup.Arn` give: without it CloudTrail
rejects the call with `InvalidCloudWatchLogsLogGroupArnException` ("Check the log group ARN:
CloudTrail can't validate it"), as Terraform's `aws_cloudtrail` page warns ("CloudTrail requires
the Log Stream wildcard"). A template's `!Sub` that writes the ARN without it is reported too.
Terraform's `aws_cloudwatch_log_group.NAME.arn` has no `:*` from AWS provider 3.0 (earlier
versions kept it). trail-lint reads the AWS provider version constraints of the module and of the
modules that call it (`required_providers`, or a `provider "aws"` block's `version`), and the
version the root module's `.terraform.lock.hcl` selects: where they
allow only 3.0 and later, `cloud_watch_logs_group_arn = aws_cloudwatch_log_group.NAME.arn` is
reported; where they allow only earlier versions, it is not; where they do not settle it (no
constraint, or versions on both sides), it is a TL002 naming this rule, not a finding. An ARN the
configuration writes itself (`"arn:aws:logs:${region}:${account}:log-group:${name}"`) is checked as
written.

Only values the inputs give in full (or whose end the reader knows, as above) are checked; one
known only at deployment is left to the rules that compare it (TL215, TL216). A trail read back
from AWS (describe-trails, Terraform state) holds the ARN AWS accepted, and is not checked for
the suffix.

A value the user writes that is not known offline (a CloudFormation parameter without a value or
another stack's export, a Terraform variable without one) may be no ARN at all: the check is named
in the TL002 the reader gives for that value. A value known only after apply (`!GetAtt Role.Arn`,
`aws_iam_role.trail.arn`) is AWS's own and is not asked about.

A value a condition settled only at deployment chooses (a CloudFormation `Fn::If`, a Terraform
conditional such as `var.enabled ? "..." : null`) is checked in each case: a literal that is refused
is reported with the condition under which it is taken (`when condition Prod is false, ...`); a
branch that is a resource's own ARN or name (`!GetAtt Key.Arn`, `aws_kms_key.trail.arn`) or
nothing is not asked about.

## Fix
Terraform: `cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"` and
`cloud_watch_logs_role_arn = aws_iam_role.trail_logs.arn`.
CloudFormation: `CloudWatchLogsLogGroupArn: !GetAtt LogGroup.Arn` and
`CloudWatchLogsRoleArn: !GetAtt Role.Arn`.
CLI: `aws cloudtrail update-trail --name NAME --cloud-watch-logs-log-group-arn arn:aws:logs:REGION:ACCOUNT:log-group:GROUP:* --cloud-watch-logs-role-arn arn:aws:iam::ACCOUNT:role/ROLE`.

## References
- https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateTrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-log-group-log-stream-naming-for-cloudtrail.html
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-loggroup.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail#cloud_watch_logs_group_arn
- https://github.com/hashicorp/terraform-provider-aws/issues/14507
- https://github.com/hashicorp/terraform-provider-aws/pull/14214
- https://developer.hashicorp.com/terraform/language/expressions/version-constraints
- https://developer.hashicorp.com/terraform/language/files/dependency-lock
"""
from collections.abc import Iterator

from trail_lint.delivery_log_groups import by_provider_version, lacks_log_group_wildcard, log_group_held
from trail_lint.delivery_match import as_shown
from trail_lint.model import UNKNOWN, Problem, Trail
from trail_lint.problems import each_branch, read_back, trail_problem, unchecked_input
from trail_lint.records import replace
from trail_lint.rule import Rule, Severity
from trail_lint.scope.arns import LOG_GROUP_NAME, arn_fields, is_log_group_arn, log_group_from_arn


def _is_role(arn: str) -> bool:
    fields = arn_fields(arn)
    return bool(fields) and fields[2] == "iam" and not fields[3] and bool(fields[4]) \
        and fields[5].startswith("role/") and len(fields[5]) > len("role/")


CHECKS = (("cloudwatch_logs_group_arn", "CloudWatch Logs log group", "log group ARN", is_log_group_arn),
          ("cloudwatch_logs_role_arn", "CloudWatch Logs role", "IAM role ARN", _is_role))


def _name_fault(arn: str) -> str:
    """Why the log group name inside a log group ARN names no log group, or "" when it is not that."""
    name = log_group_from_arn(arn)
    if name is None or ":log-stream:" in arn or LOG_GROUP_NAME.fullmatch(name):
        return ""
    if not 1 <= len(name) <= 512:
        return f": its name has {len(name)} characters; 1 to 512 are allowed"
    bad = sorted({c for c in name if not LOG_GROUP_NAME.fullmatch(c)})
    return ": its name contains " + ", ".join(repr(c) for c in bad) + \
        "; only ASCII letters, digits, '_', '-', '/', '.' and '#' are allowed"


def check(trail: Trail) -> Iterator[Problem]:
    # each value a condition settled only at deployment may choose is checked where it may be taken
    yield from each_branch(_check, trail, "cloudwatch_logs_group_arn", "cloudwatch_logs_role_arn")


def _check(trail: Trail) -> Iterator[Problem]:
    named = True        # the log group value names a log group, if it is known
    for field, what, form, valid in CHECKS:
        value = getattr(trail, field)
        if isinstance(value, str) and value and not valid(value):
            why = _name_fault(value) if valid is is_log_group_arn else ""
            named = named and valid is not is_log_group_arn
            yield trail_problem(trail, f"{what} {value!r} of trail {trail.label!r} is no {form}{why}",
                                trail.origin.of(field))
        elif value is UNKNOWN and (open_check := unchecked_input(trail, field, f"the {what}")):
            yield open_check
    held = log_group_held(trail)
    if not (named and held and not read_back(trail) and lacks_log_group_wildcard(held)):
        return
    at = trail.origin.of("cloudwatch_logs_group_arn")
    if by_provider_version(trail) is not None:
        # built from an aws_cloudwatch_log_group's arn, which ended in :* before AWS provider 3.0
        # (known whole where its account and Region are: the reader keeps it in Trail.holes then)
        yield replace(trail_problem(trail, f"whether CloudWatch Logs log group {as_shown(held)!r} of trail "
                                           f"{trail.label!r} ends in ':*', which CloudTrail requires, depends on the "
                                           f"AWS provider version: the arn of aws_cloudwatch_log_group has no ':*' "
                                           f"from version 3.0", at), undecided=True)
    else:
        yield trail_problem(trail, f"CloudWatch Logs log group {as_shown(held)!r} of trail {trail.label!r} does not "
                                   f"end in ':*', which CloudTrail requires", at)


RULE = Rule(id="TL219", name="invalid-cloudwatch-logs-arn", severity=Severity.ERROR, applies_to=Trail, check=check,
            doc=__doc__)
