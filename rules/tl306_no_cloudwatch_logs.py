"""The trail does not send its events to CloudWatch Logs.

## Why it matters
S3 delivery alone gives an archive, not alerts. Sending the trail to a CloudWatch Logs
log group lets metric filters and alarms react within minutes to root logins, IAM policy
changes or `StopLogging` calls (the CIS AWS Foundations monitoring controls rely on it).
CloudWatch Logs ingestion and storage are charged, hence the info severity.

A log group not known offline is set to something (an ARN known only after apply); where the
reader says it may be unset at deployment (a CloudFormation `Fn::If` with `AWS::NoValue`, a
parameter or Terraform variable without a value), its TL002 names this rule.

## Fix
Terraform: set `cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"` and
`cloud_watch_logs_role_arn` to a role CloudTrail can assume.
CloudFormation: set `CloudWatchLogsLogGroupArn` and `CloudWatchLogsRoleArn`.
CLI: `aws cloudtrail update-trail --name NAME --cloud-watch-logs-log-group-arn GROUP_ARN --cloud-watch-logs-role-arn ROLE_ARN`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html
"""
from collections.abc import Iterator

from trail_lint.model import UNKNOWN, Problem, Trail
from trail_lint.problems import maybe_unset, trail_problem
from trail_lint.rule import Rule, Severity


def check(trail: Trail) -> Iterator[Problem]:
    if trail.cloudwatch_logs_group_arn is None:
        yield trail_problem(trail, f"trail {trail.label!r} does not send events to CloudWatch Logs",
                            trail.origin.of("cloudwatch_logs_group_arn"))
    elif trail.cloudwatch_logs_group_arn is UNKNOWN:
        yield maybe_unset(trail, "cloudwatch_logs_group_arn", "the CloudWatch Logs log group")


RULE = Rule(id="TL306", name="no-cloudwatch-logs", severity=Severity.INFO, applies_to=Trail,
            check=check, doc=__doc__,
            controls=("CloudTrail.5", "CIS-1.4:3.4",
                      "Config:cloud-trail-cloud-watch-logs-enabled"))
