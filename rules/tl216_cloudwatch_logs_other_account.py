"""The trail's CloudWatch Logs log group or role belongs to another account.

## Why it matters
CreateTrail and UpdateTrail take the log group and the role CloudTrail assumes to write to it
from the trail's own account: the API Reference says "You must use a log group that exists in
your account" (`CloudWatchLogsLogGroupArn`) and "You must use a role that exists in your
account" (`CloudWatchLogsRoleArn`). A log group or role ARN of another account is rejected, so
the deployment fails. To collect several accounts' events in one log group, deliver each
account's trail to a log group of its own account and forward them with a CloudWatch Logs
subscription, or use an organization trail from the management account.

Only ARNs that name an account, on a trail whose account is known, are compared. An ARN a
condition settled only at deployment chooses (a CloudFormation `Fn::If`, a Terraform conditional)
is compared in each case, and one of another account is reported with the condition under which
it is taken.

## Fix
Terraform: `cloud_watch_logs_group_arn` and `cloud_watch_logs_role_arn` of resources created by
the provider of the trail's account.
CloudFormation: a log group and role of the same stack (`!Sub "${LogGroup.Arn}"`, `!GetAtt Role.Arn`).
CLI: `aws cloudtrail update-trail --name NAME --cloud-watch-logs-log-group-arn GROUP_ARN --cloud-watch-logs-role-arn ROLE_ARN`
with the trail account's log group and role.

## References
- https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateTrail.html
"""
from collections.abc import Iterator

from trail_lint.model import Problem, Trail
from trail_lint.problems import each_branch, trail_problem
from trail_lint.rule import Rule, Severity
from trail_lint.scope.arns import account_from_arn
from trail_lint.scope.names import is_account_id

WHAT = {"cloudwatch_logs_group_arn": "CloudWatch Logs log group", "cloudwatch_logs_role_arn": "CloudWatch Logs role"}


def check(trail: Trail) -> Iterator[Problem]:
    # each ARN a condition settled only at deployment may choose is checked where it may be taken
    yield from each_branch(_check, trail, *WHAT)


def _check(trail: Trail) -> Iterator[Problem]:
    if not isinstance(trail.account, str):
        return
    for field, what in WHAT.items():
        arn = getattr(trail, field)
        owner = account_from_arn(arn)
        if is_account_id(owner) and owner != trail.account:
            yield trail_problem(trail, f"{what} {arn!r} of trail {trail.label!r} is in account {owner}, not the "
                                       f"trail's account {trail.account}", trail.origin.of(field))


RULE = Rule(id="TL216", name="cloudwatch-logs-other-account", severity=Severity.ERROR, applies_to=Trail,
            check=check, doc=__doc__)
