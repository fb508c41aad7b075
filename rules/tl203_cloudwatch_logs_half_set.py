"""A trail names a CloudWatch Logs log group without a role, or a role without a log group.

## Why it matters
CloudTrail needs both: the log group to deliver to and the role it assumes to write there.
A log group without a role fails with `InvalidCloudWatchLogsRoleArnException: You must
specify a role ARN as well as a log group.` The error for a role without a log group is
not documented; the API says the log group is required whenever a role is given, so
trail-lint reports both cases.

## Fix
Terraform: set both `cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"` and
`cloud_watch_logs_role_arn`, or neither.
CloudFormation: set both `CloudWatchLogsLogGroupArn` and `CloudWatchLogsRoleArn`, or neither.
CLI: `aws cloudtrail update-trail --name NAME --cloud-watch-logs-log-group-arn GROUP_ARN --cloud-watch-logs-role-arn ROLE_ARN`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
"""
from collections.abc import Iterator

from trail_lint.model import Problem, Trail
from trail_lint.problems import trail_problem
from trail_lint.rule import Rule, Severity


def check(trail: Trail) -> Iterator[Problem]:
    group, role = trail.cloudwatch_logs_group_arn, trail.cloudwatch_logs_role_arn
    # UNKNOWN may still turn out absent (a CloudFormation Fn::If with AWS::NoValue): only a known value counts
    if isinstance(group, str) and role is None:
        yield trail_problem(trail, f"trail {trail.label!r} sends events to a CloudWatch Logs log group but "
                                   f"names no role for it", trail.origin.of("cloudwatch_logs_group_arn"))
    elif isinstance(role, str) and group is None:
        yield trail_problem(trail, f"trail {trail.label!r} names a CloudWatch Logs role but no log group",
                            trail.origin.of("cloudwatch_logs_role_arn"))


RULE = Rule(id="TL203", name="cloudwatch-logs-half-set", severity=Severity.ERROR, applies_to=Trail,
            check=check, doc=__doc__)
