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

Only values the inputs give in full are checked; one known only at deployment is left to the
rules that compare it (TL215, TL216), and a log group ARN without the trailing `:*` is accepted.
A value the user writes that is not known offline (a CloudFormation parameter without a value or
another stack's export, a Terraform variable without one) may be no ARN at all: the check is named
in the TL002 the reader gives for that value. A value known only after apply (`!GetAtt Role.Arn`,
`aws_iam_role.trail.arn`) is AWS's own and is not asked about.

## Fix
Terraform: `cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"` and
`cloud_watch_logs_role_arn = aws_iam_role.trail_logs.arn`.
CloudFormation: `CloudWatchLogsLogGroupArn: !GetAtt LogGroup.Arn` and
`CloudWatchLogsRoleArn: !GetAtt Role.Arn`.
CLI: `aws cloudtrail update-trail --name NAME --cloud-watch-logs-log-group-arn arn:aws:logs:REGION:ACCOUNT:log-group:GROUP:* --cloud-watch-logs-role-arn arn:aws:iam::ACCOUNT:role/ROLE`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateTrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-log-group-log-stream-naming-for-cloudtrail.html
"""
from collections.abc import Iterator

from trail_lint.model import UNKNOWN, Problem, Trail
from trail_lint.problems import trail_problem, unchecked_input
from trail_lint.rule import Rule, Severity
from trail_lint.scope import LOG_GROUP_NAME, arn_fields, is_log_group_arn, log_group_from_arn


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
    for field, what, form, valid in CHECKS:
        value = getattr(trail, field)
        if isinstance(value, str) and value and not valid(value):
            why = _name_fault(value) if valid is is_log_group_arn else ""
            yield trail_problem(trail, f"{what} {value!r} of trail {trail.label!r} is no {form}{why}",
                                trail.origin.of(field))
        elif value is UNKNOWN and (open_check := unchecked_input(trail, field, f"the {what}")):
            yield open_check


RULE = Rule(id="TL219", name="invalid-cloudwatch-logs-arn", severity=Severity.ERROR, applies_to=Trail, check=check,
            doc=__doc__)
