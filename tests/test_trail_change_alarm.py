"""TL314 beyond its fixtures: what it cannot decide is TL002."""
from __future__ import annotations

from pathlib import Path

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.registry import all_rules

TRAIL = """Resources:
  AuditTrail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: audit
      IsLogging: true
      S3BucketName: logs
      CloudWatchLogsLogGroupArn: arn:aws:logs:us-east-1:111122223333:log-group:cloudtrail/audit:*
      CloudWatchLogsRoleArn: arn:aws:iam::111122223333:role/to-logs
"""
FILTER = """  Filter:
    Type: AWS::Logs::MetricFilter
    Properties:
      LogGroupName: cloudtrail/audit
      FilterPattern: {pattern}
      MetricTransformations: [{{MetricName: Changes, MetricNamespace: Security, MetricValue: "1"}}]
  Alarm:
    Type: AWS::CloudWatch::Alarm
    Properties: {{MetricName: {metric}, Namespace: Security, Threshold: 1, EvaluationPeriods: 1,
                 ComparisonOperator: GreaterThanOrEqualToThreshold, Period: 60, Statistic: Sum,
                 AlarmActions: {actions}}}
"""
TOPIC = "[arn:aws:sns:us-east-1:111122223333:security]"
SELECTS_ALL = "'{ $.eventName = *Trail || $.eventName = *Logging }'"


def lint(tmp_path: Path, text: str) -> list[tuple[str, str]]:
    (tmp_path / "t.yaml").write_text(text)
    result = run([str(tmp_path / "t.yaml")], Config(region="us-east-1", select=("TL314", "TL002")), all_rules(),
                 raise_errors=True)
    return [(f.rule, f.message) for f in result.findings]


def test_a_log_group_not_in_the_inputs_is_tl002(tmp_path: Path) -> None:
    assert lint(tmp_path, TRAIL) == [("TL002", ("TL314 (no-trail-change-alarm) cannot decide: log group 'cloudtrail/audit' of trail "
                                               "'audit' is not in the inputs: "
                                               "its metric filters and alarms are not checked"))]


def test_a_log_group_of_another_stack_is_named_as_the_trails_own(tmp_path: Path) -> None:
    """An ARN known only at deployment: before, the message named it '<log group>'."""
    imported = TRAIL.replace("arn:aws:logs:us-east-1:111122223333:log-group:cloudtrail/audit:*",
                             "!ImportValue security-TrailLogGroupArn")
    assert lint(tmp_path, imported) == [("TL002", ("TL314 (no-trail-change-alarm) cannot decide: the log group of "
                                                  "trail 'audit' is not in the inputs: its metric filters and alarms "
                                                  "are not checked"))]


def test_an_unreadable_pattern_is_tl002(tmp_path: Path) -> None:
    found = lint(tmp_path, TRAIL + FILTER.format(pattern="'%StopLogging%'", metric="Changes", actions=TOPIC))
    assert found == [("TL002", ("TL314 (no-trail-change-alarm) cannot decide: filter pattern of metric filter 'Filter' "
                                "cannot be read: space-delimited and "
                               "regular-expression patterns are not evaluated"))]


def test_an_alarm_on_an_unknown_metric_is_tl002(tmp_path: Path) -> None:
    found = lint(tmp_path, "Parameters:\n  Metric: {Type: String}\n" + TRAIL + FILTER.format(
        pattern="'{ $.eventName = *Trail || $.eventName = *Logging }'", metric="!Ref Metric", actions=TOPIC))
    assert [rule for rule, _ in found] == ["TL002"]


def test_a_filter_without_alarm_is_a_finding(tmp_path: Path) -> None:
    found = lint(tmp_path, TRAIL + FILTER.format(pattern="'{ $.eventName = *Trail || $.eventName = *Logging }'",
                                                 metric="Other", actions=TOPIC))
    assert found == [("TL314", ("no metric filter with an alarm on log group 'cloudtrail/audit' of trail 'audit' "
                               "selects every CreateTrail, UpdateTrail, DeleteTrail, StartLogging, StopLogging event"))]


def test_the_same_with_an_alarm_passes(tmp_path: Path) -> None:
    assert lint(tmp_path, TRAIL + FILTER.format(pattern="'{ $.eventName = *Trail || $.eventName = *Logging }'",
                                                metric="Changes", actions=TOPIC)) == []


def test_a_log_group_not_in_the_inputs_is_said_once_for_the_trails_sharing_it(tmp_path: Path) -> None:
    # A log group ARN names its account and Region: trails sending to one group share one TL002, at the first;
    # the same name in another account is another log group.
    def trail(name: str, account: str = "111122223333") -> str:
        return (TRAIL.replace("Resources:\n", "").replace("AuditTrail", f"Trail{name}")
                .replace("TrailName: audit", f"TrailName: {name}").replace(":111122223333:log-group", f":{account}:log-group"))

    text = "Resources:\n" + trail("audit") + trail("second") + trail("third") + trail("elsewhere", "444455556666")
    assert lint(tmp_path, text) == [
        ("TL002", ("TL314 (no-trail-change-alarm) cannot decide: log group 'cloudtrail/audit' of trail 'audit' (and 2 "
                   "other trails) is not in the inputs: its metric filters and alarms are not checked")),
        ("TL002", ("TL314 (no-trail-change-alarm) cannot decide: log group 'cloudtrail/audit' of trail 'elsewhere' is "
                   "not in the inputs: its metric filters and alarms are not checked"))]


STACK_NAMESPACED = """Resources:
  OpsTrail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: ops-archive
      CloudWatchLogsLogGroupArn: !GetAtt OpsEvents.Arn
      CloudWatchLogsRoleArn: arn:aws:iam::111122223333:role/to-logs
  OpsTrailCopy:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: ops-archive-copy
      CloudWatchLogsLogGroupArn: !GetAtt OpsEvents.Arn
      CloudWatchLogsRoleArn: arn:aws:iam::111122223333:role/to-logs
  OpsEvents:
    Type: AWS::Logs::LogGroup
  TrailEdits:
    Type: AWS::Logs::MetricFilter
    Properties:
      LogGroupName: !Ref OpsEvents
      FilterPattern: '{ ($.eventName = *Trail) || ($.eventName = *Logging) }'
      MetricTransformations: [{MetricName: TrailEdits, MetricNamespace: !Ref AWS::StackName, MetricValue: "1"}]
  SignIns:
    Type: AWS::Logs::MetricFilter
    Properties:
      LogGroupName: !Ref OpsEvents
      FilterPattern: '{ $.eventName = ConsoleLogin }'
      MetricTransformations: [{MetricName: SignIns, MetricNamespace: !Ref AWS::StackName, MetricValue: "1"}]
  TrailEditsAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties: {MetricName: TrailEdits, Namespace: !Ref AWS::StackName, Threshold: 1, EvaluationPeriods: 1,
                 ComparisonOperator: GreaterThanOrEqualToThreshold, Period: 60, Statistic: Sum,
                 AlarmActions: [arn:aws:sns:us-east-1:111122223333:security]}
"""


def test_an_undecided_log_group_is_one_tl002_naming_the_filter_that_could_decide(tmp_path: Path) -> None:
    # Both trails send to one log group; the sign-in filter selects no trail change, so it is no reason.
    assert lint(tmp_path, STACK_NAMESPACED) == [("TL002", (
        "TL314 (no-trail-change-alarm) cannot decide: whether an alarm on log group 'OpsEvents' of trail "
        "'OpsTrail' (and 1 other trail) catches changes to trails is not known: whether an alarm watches the "
        "metric of metric filter 'TrailEdits' (a metric name or namespace is known only at deployment)"))]


BEHIND_A_CONDITION = """Parameters:
  PagerTopic: {Type: String, Default: ''}
Conditions:
  Paging: !Not [!Equals [!Ref PagerTopic, '']]
Resources:
  Events:
    Type: AWS::Logs::LogGroup
  Watched:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: watched-archive
      CloudWatchLogsLogGroupArn: !GetAtt Events.Arn
      CloudWatchLogsRoleArn: arn:aws:iam::111122223333:role/to-logs
  TrailEdits:
    Type: AWS::Logs::MetricFilter
    Condition: Paging
    Properties:
      LogGroupName: !Ref Events
      FilterPattern: '{ ($.eventName = *Trail) || ($.eventName = *Logging) }'
      MetricTransformations: [{MetricName: TrailEdits, MetricNamespace: Watch, MetricValue: "1"}]
  TrailEditsAlarm:
    Type: AWS::CloudWatch::Alarm
    Condition: Paging
    Properties: {MetricName: TrailEdits, Namespace: Watch, Threshold: 1, EvaluationPeriods: 1, Period: 60,
                 Statistic: Sum, ComparisonOperator: GreaterThanOrEqualToThreshold, AlarmActions: [!Ref PagerTopic]}
"""


def test_a_filter_and_alarm_behind_a_condition_never_settle_the_check(tmp_path: Path) -> None:
    # With the Default the condition is false: neither would be deployed. Not a silent pass.
    assert lint(tmp_path, BEHIND_A_CONDITION) == [("TL002", (
        "TL314 (no-trail-change-alarm) cannot decide: whether an alarm on log group 'Events' of trail 'Watched' "
        "catches changes to trails is not known: metric filter 'TrailEdits' (behind a template condition); the "
        "alarm on the metric of metric filter 'TrailEdits' (behind a template condition)"))]


def test_an_alarm_alone_behind_a_condition_is_named_as_such(tmp_path: Path) -> None:
    unconditional_filter = BEHIND_A_CONDITION.replace(
        "    Type: AWS::Logs::MetricFilter\n    Condition: Paging\n", "    Type: AWS::Logs::MetricFilter\n")
    assert [message.split("is not known: ")[1] for _, message in lint(tmp_path, unconditional_filter)] == [
        "the alarm on the metric of metric filter 'TrailEdits' (behind a template condition)"]


def test_with_the_condition_given_the_alarm_settles_it(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text(BEHIND_A_CONDITION)
    config = Config(region="us-east-1", select=("TL314", "TL002"),
                    parameters={"PagerTopic": "arn:aws:sns:us-east-1:111122223333:pager"})
    assert not run([str(tmp_path / "t.yaml")], config, all_rules(), raise_errors=True).findings


NO_ALARM = ("TL314", ("no metric filter with an alarm on log group 'cloudtrail/audit' of trail 'audit' selects every "
                      "CreateTrail, UpdateTrail, DeleteTrail, StartLogging, StopLogging event"))


def test_an_alarm_without_actions_notifies_nobody(tmp_path: Path) -> None:
    # Security Hub CloudWatch.5 runs the CIS 4.5 audit: the alarm's AlarmActions lead to an SNS topic with a subscriber
    # (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-5)
    without = TRAIL + FILTER.format(pattern=SELECTS_ALL, metric="Changes", actions=TOPIC).replace(
        ",\n                 AlarmActions: " + TOPIC, "")
    assert "AlarmActions" not in without
    assert lint(tmp_path, without) == [NO_ALARM]
    assert lint(tmp_path, TRAIL + FILTER.format(pattern=SELECTS_ALL, metric="Changes", actions="[]")) == [NO_ALARM]


def test_alarm_actions_known_only_at_deployment_are_tl002(tmp_path: Path) -> None:
    found = lint(tmp_path, "Parameters:\n  Topics: {Type: CommaDelimitedList}\n" + TRAIL + FILTER.format(
        pattern=SELECTS_ALL, metric="Changes", actions="!Ref Topics"))
    assert found == [("TL002", ("TL314 (no-trail-change-alarm) cannot decide: whether an alarm on log group "
                                "'cloudtrail/audit' of trail 'audit' catches changes to trails is not known: whether "
                                "the alarm on the metric of metric filter 'Filter' notifies anyone (its alarm actions "
                                "are known only at deployment)"))]


TERRAFORM = """
variable "namespace" {{
  type = string
}}

variable "other" {{
  type = string
}}

provider "aws" {{
  region = "us-east-1"
}}

resource "aws_cloudtrail" "audit" {{
  name                       = "audit"
  s3_bucket_name             = "logs"
  cloud_watch_logs_group_arn = "${{aws_cloudwatch_log_group.trail.arn}}:*"
  cloud_watch_logs_role_arn  = "arn:aws:iam::111122223333:role/to-logs"
}}

resource "aws_cloudwatch_log_group" "trail" {{
  name = "cloudtrail/audit"
}}

resource "aws_cloudwatch_log_metric_filter" "changes" {{
  name           = "changes"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = "{{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }}"

  metric_transformation {{
    name      = "TrailChanges"
    namespace = {filter_namespace}
    value     = "1"
  }}
}}

resource "aws_cloudwatch_metric_alarm" "changes" {{
  alarm_name          = "changes"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  metric_name         = "{alarm_metric}"
  namespace           = {alarm_namespace}
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  alarm_actions       = ["arn:aws:sns:us-east-1:111122223333:security"]
}}
"""


def lint_terraform(tmp_path: Path, **written: str) -> list[tuple[str, str]]:
    (tmp_path / "main.tf").write_text(TERRAFORM.format(**written))
    result = run([str(tmp_path)], Config(select=("TL314", "TL002")), all_rules(), raise_errors=True)
    return [(f.rule, f.message) for f in result.findings if f.rule == "TL314" or "TL314" in f.message]


def test_one_terraform_variable_is_one_namespace_for_the_filter_and_its_alarm(tmp_path: Path) -> None:
    """A module that sets both namespaces from one variable without a value (a rule pack's test
    fixture): whatever the namespace turns out to be, the alarm watches the filter's metric."""
    assert lint_terraform(tmp_path, filter_namespace="var.namespace", alarm_namespace="var.namespace",
                          alarm_metric="TrailChanges") == []


def test_two_terraform_variables_may_be_two_namespaces(tmp_path: Path) -> None:
    found = lint_terraform(tmp_path, filter_namespace="var.namespace", alarm_namespace="var.other",
                           alarm_metric="TrailChanges")
    assert [rule for rule, _ in found] == ["TL002"]
    assert "a metric name or namespace is known only at deployment" in found[0][1]


def test_another_metric_name_is_another_metric_whatever_the_namespace(tmp_path: Path) -> None:
    """The only alarm watches a metric of another name: no namespace makes it the filter's."""
    found = lint_terraform(tmp_path, filter_namespace="var.namespace", alarm_namespace="var.other",
                           alarm_metric="RootLogins")
    assert [rule for rule, _ in found] == ["TL314"]


def test_one_template_parameter_is_one_namespace_for_the_filter_and_its_alarm(tmp_path: Path) -> None:
    """The same in a template: a parameter without a value is one text wherever the template uses it."""
    written = TRAIL + FILTER.format(pattern=SELECTS_ALL, metric="Changes", actions=TOPIC)
    written = written.replace("MetricNamespace: Security", "MetricNamespace: !Ref Namespace")
    written = written.replace("Namespace: Security,", "Namespace: !Ref Namespace,")
    assert "Security" not in written
    parameters = "Parameters:\n  Namespace: {Type: String}\n  Other: {Type: String}\n"
    assert lint(tmp_path, parameters + written) == []
    other = written.replace("Changes, Namespace: !Ref Namespace,", "Changes, Namespace: !Ref Other,")
    assert other.count("!Ref Other") == 1
    assert [rule for rule, _ in lint(tmp_path, parameters + other)] == ["TL002"]
    renamed = other.replace("Properties: {MetricName: Changes,", "Properties: {MetricName: Logins,")
    assert renamed.count("Logins") == 1
    assert [rule for rule, _ in lint(tmp_path, parameters + renamed)] == ["TL314"]
