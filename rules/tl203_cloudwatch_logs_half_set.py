"""A trail names a CloudWatch Logs log group without a role, or a role without a log group.

## Why it matters
CloudTrail needs both: the log group to deliver to and the role it assumes to write there.
A log group without a role fails with `InvalidCloudWatchLogsRoleArnException: You must
specify a role ARN as well as a log group.` The error for a role without a log group is
not documented; the API says the log group is required whenever a role is given, so
trail-lint reports both cases.

A value not known offline counts as given when it cannot be empty: a string with known
characters beside its unknown parts (`"${aws_cloudwatch_log_group.trail.arn}:*"` in Terraform,
`!GetAtt LogGroup.Arn` of a log group of the same template). One that may turn out absent or
empty (a CloudFormation `Fn::If` with `AWS::NoValue` or a parameter, a Terraform conditional,
another stack's export) leaves the check open beside a missing role or log group: TL002 at the
value, in the reader's TL002 for it where it gives one, naming this rule. Beside one that is
given, it is open only where the reader says the value may be unset (a parameter or variable
without a value, an `Fn::If` with `AWS::NoValue`), and never when it refers to a role or log
group of the inputs (`!GetAtt Role.Arn`, `aws_iam_role.trail.arn`): an ARN known only after
apply is set to something. So when neither is known offline: both referring to a log group and a
role of the inputs are both set, which is fine; one that does not refer to one is open where the
reader says it may be unset (the other may be set), and TL203 is named in that TL002.

Templates and modules switch the two on and off with one condition. Where a condition settled only
at deployment chooses the values (a CloudFormation `Fn::If`, also nested or inside `Fn::Join` or
`Fn::Sub`, over conditions built with `Fn::And`, `Fn::Or`, `Fn::Not` and `Condition`; a Terraform
conditional, with `!`, `&&` and `||` in its test), each case is settled: a log group and a role set
under the same conditions (`!If [HasLogs, !GetAtt LogGroup.Arn, !Ref AWS::NoValue]` beside the
same `!If` for the role, or `var.enabled ? ... : null` for both) are set together or not at all,
which is fine whatever the conditions turn out to be. A condition the template decides on its own
(`!Equals [a, a]`, one made only of decided conditions) is its value, and what every case agrees on
is certain: a log group set in every case beside no role is refused. Set under different
conditions, each value that may be off while the other is on leaves the check open at that value
(two conditions may depend on one parameter, which trail-lint does not follow). A condition that
rests on a parameter's Default is settled with that Default, and a finding resting on it says so.

## Fix
Terraform: set both `cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"` and
`cloud_watch_logs_role_arn`, or neither; to switch them, use one test for both
(`var.enabled ? aws_iam_role.trail_to_logs[0].arn : null`).
CloudFormation: set both `CloudWatchLogsLogGroupArn` and `CloudWatchLogsRoleArn`, or neither; to
switch them, use one condition for both:
`CloudWatchLogsLogGroupArn: !If [HasLogs, !GetAtt LogGroup.Arn, !Ref AWS::NoValue]` and
`CloudWatchLogsRoleArn: !If [HasLogs, !GetAtt LogsRole.Arn, !Ref AWS::NoValue]`.
CLI: `aws cloudtrail update-trail --name NAME --cloud-watch-logs-log-group-arn GROUP_ARN --cloud-watch-logs-role-arn ROLE_ARN`.

## References
- https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html
- https://developer.hashicorp.com/terraform/language/expressions/conditionals
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
"""
from collections.abc import Iterator

from trail_lint.model import UNKNOWN, Problem, Trail, Tri
from trail_lint.problems import maybe_unset, on, refers, trail_problem, undecided_setting
from trail_lint.rule import Rule, Severity
from trail_lint.switches import OFF, ON, Switch, implies


def check(trail: Trail) -> Iterator[Problem]:
    group_on, role_on = on(trail, "cloudwatch_logs_group_arn"), on(trail, "cloudwatch_logs_role_arn")
    if ("cloudwatch_logs_group_arn" in trail.branches or "cloudwatch_logs_role_arn" in trail.branches) \
            and group_on is not None and role_on is not None:
        yield from _switched(trail, group_on, role_on)
        return
    group, role = _given(trail, "cloudwatch_logs_group_arn"), _given(trail, "cloudwatch_logs_role_arn")
    if group is True and role is False:
        yield trail_problem(trail, f"trail {trail.label!r} sends events to a CloudWatch Logs log group but "
                                   f"names no role for it", trail.origin.of("cloudwatch_logs_group_arn"))
    elif role is True and group is False:
        yield trail_problem(trail, f"trail {trail.label!r} names a CloudWatch Logs role but no log group",
                            trail.origin.of("cloudwatch_logs_role_arn"))
    elif group is UNKNOWN and role is False:
        # given beside no role: refused
        yield undecided_setting(trail, "cloudwatch_logs_group_arn", "the CloudWatch Logs log group")
    elif role is UNKNOWN and group is False:
        yield undecided_setting(trail, "cloudwatch_logs_role_arn", "the CloudWatch Logs role")
    elif group is UNKNOWN and role is True and not _set(trail, "cloudwatch_logs_group_arn"):
        # absent beside a given role: refused; open only where the reader says it may be unset (an ARN
        # known after apply is set, even where two root modules' addresses hide which resource it is)
        yield maybe_unset(trail, "cloudwatch_logs_group_arn", "the CloudWatch Logs log group")
    elif role is UNKNOWN and group is True and not _set(trail, "cloudwatch_logs_role_arn"):
        yield maybe_unset(trail, "cloudwatch_logs_role_arn", "the CloudWatch Logs role")
    elif group is UNKNOWN and role is UNKNOWN:
        # neither known offline: one that refers to a log group (role) of the inputs is set, so both set is
        # fine; one that does not is open where the reader says it may be unset while the other is set
        for field, what in (("cloudwatch_logs_group_arn", "the CloudWatch Logs log group"),
                            ("cloudwatch_logs_role_arn", "the CloudWatch Logs role")):
            if not _set(trail, field):
                yield maybe_unset(trail, field, what)


def _switched(trail: Trail, group: Switch, role: Switch) -> Iterator[Problem]:
    """A log group or role that conditions settled only at deployment choose (Trail.branches), each
    known to be set or not wherever it is chosen: both set under the same conditions is fine, whatever
    they turn out to be; one that is off where the other is on leaves the check open there (the
    conditions may depend on one another: `Env = prod` and `Env = dev` never both hold)."""
    if group == role:
        return
    if not group.conditions and not role.conditions:
        # every branch set (or every one unset): as certain as a known value
        if group == ON:
            yield trail_problem(trail, f"trail {trail.label!r} sends events to a CloudWatch Logs log group but "
                                       f"names no role for it", trail.origin.of("cloudwatch_logs_group_arn"))
        else:
            yield trail_problem(trail, f"trail {trail.label!r} names a CloudWatch Logs role but no log group",
                                trail.origin.of("cloudwatch_logs_role_arn"))
        return
    sides = (("cloudwatch_logs_group_arn", "the CloudWatch Logs log group", group),
             ("cloudwatch_logs_role_arn", "the CloudWatch Logs role", role))
    for (field, what, this), (other_field, other_what, other) in (sides, sides[::-1]):
        if implies(other, this):
            continue
        if this == OFF:
            # never set: the other is refused wherever it is set, which its conditions decide
            yield undecided_setting(trail, other_field, other_what)
        else:
            # off where the other is on: open at this value, which the reader says may be unset
            yield maybe_unset(trail, field, what)


def _set(trail: Trail, field: str) -> bool:
    """Whether the value refers to a resource of the inputs and no condition may leave it unset."""
    return refers(trail, field) and all(branch.value is not None for branch in trail.branches.get(field, ()))


def _given(trail: Trail, field: str) -> Tri:
    """Whether the trail names a log group (role). A value not known offline counts when it is a string
    with known characters beside its unknown parts (``"${aws_cloudwatch_log_group.trail.arn}:*"``, or
    the ARN a log group of the same template will have): it cannot be empty. Otherwise it may turn
    out absent or empty (a CloudFormation Fn::If with AWS::NoValue, a parameter, a Terraform conditional)."""
    value = getattr(trail, field)
    if value is None:
        return False
    if isinstance(value, str) or any(isinstance(part, str) and part for part in trail.holes.get(field, ())):
        return True
    return UNKNOWN


RULE = Rule(id="TL203", name="cloudwatch-logs-half-set", severity=Severity.ERROR, applies_to=Trail,
            check=check, doc=__doc__)
