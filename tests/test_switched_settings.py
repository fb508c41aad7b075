"""Settings a condition settled only at deployment switches on and off together (Trail.branches):
CloudFormation Fn::If (nested, inside Fn::Join and Fn::Sub, over Fn::And/Or/Not conditions) and
Terraform conditionals. Set together under one condition is no TL203 and no TL002; each value a
condition may choose is checked on its own, and a refused one names the condition it is taken under.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from trail_lint.cli import main
from trail_lint.normalise.cloudformation.template import normalise
from trail_lint.normalise.terraform.hcl import read_tree
from trail_lint.switches import OFF, ON, both, condition, negated

ARGS = ["--format", "parsable", "--account", "123456789012", "--region", "us-east-1"]

STACK = """Parameters:
  Enable:
    Type: String
  Env:
    Type: String
Conditions:
  HasLogs: !Not [!Equals [!Ref Enable, ""]]
  NoLogs: !Not [!Condition HasLogs]
  Prod: !Equals [!Ref Env, prod]
  ProdLogs: !And [!Condition Prod, !Condition HasLogs]
  ProdOrLogs: !Or [!Condition Prod, !Condition HasLogs]
  Always: !Equals ["a", "a"]
  Never: !Not [!Condition Always]
  AlwaysLogs: !And [!Condition Always, !Condition HasLogs]
Resources:
  LogGroup:
    Type: AWS::Logs::LogGroup
    Condition: HasLogs
  LogsRole:
    Type: AWS::IAM::Role
    Condition: HasLogs
    Properties:
      AssumeRolePolicyDocument: {{Version: "2012-10-17", Statement: []}}
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: audit
      S3BucketName: logs-bucket
      IsLogging: true
      IsMultiRegionTrail: true
      EnableLogFileValidation: true
      CloudWatchLogsLogGroupArn: {group}
      CloudWatchLogsRoleArn: {role}
"""
NO_VALUE = "!Ref AWS::NoValue"
GROUP = f"!If [HasLogs, !GetAtt LogGroup.Arn, {NO_VALUE}]"
ROLE = f"!If [HasLogs, !GetAtt LogsRole.Arn, {NO_VALUE}]"
GROUP_OPEN = "CloudWatchLogsLogGroupArn of trail 'Trail' may be unset at deployment (TL203 (cloudwatch-logs-half-set) " \
             "cannot decide)"
ROLE_OPEN = "CloudWatchLogsRoleArn of trail 'Trail' may be unset at deployment (TL203 (cloudwatch-logs-half-set) " \
            "cannot decide)"


def _said(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, select: str) -> list[str]:
    (tmp_path / name).write_text(text)
    capsys.readouterr()
    main([*ARGS, "--select", select, str(tmp_path / name)])
    return [line.split(":", 3)[3].strip() for line in capsys.readouterr().out.splitlines()
            if "TL207" not in line]


@pytest.mark.parametrize(("group", "role"), [
    (GROUP, ROLE),                                                                   # one condition
    (GROUP, f"!If [NoLogs, {NO_VALUE}, !GetAtt LogsRole.Arn]"),                      # its negation
    (f'!If [HasLogs, !Sub "${{LogGroup.Arn}}", {NO_VALUE}]', ROLE),                  # Fn::Sub in a branch
    ('!Join ["", [!If [HasLogs, !GetAtt LogGroup.Arn, ""]]]', ROLE),                # Fn::If inside Fn::Join
    ('!Sub ["${G}", {G: !If [HasLogs, !GetAtt LogGroup.Arn, ""]}]', ROLE),      # Fn::If inside Fn::Sub
    # nested: the inner condition decided by the outer one, or by the template alone
    (f"!If [HasLogs, !If [HasLogs, !GetAtt LogGroup.Arn, {NO_VALUE}], {NO_VALUE}]", ROLE),
    (f"!If [Always, {GROUP}, arn:aws:logs:us-east-1:123456789012:log-group:x:*]", ROLE),
    (f"!If [AlwaysLogs, !GetAtt LogGroup.Arn, {NO_VALUE}]", ROLE),
    # Fn::And and Fn::Or: on in the same cases, written differently
    (f"!If [ProdLogs, !GetAtt LogGroup.Arn, !If [HasLogs, !GetAtt LogGroup.Arn, {NO_VALUE}]]", ROLE),
    ((f"!If [ProdOrLogs, !If [Prod, !If [HasLogs, !GetAtt LogGroup.Arn, {NO_VALUE}], !GetAtt LogGroup.Arn], "
     f"{NO_VALUE}]"), ROLE),
])
def test_set_together_under_one_condition(tmp_path: Path, capsys: pytest.CaptureFixture[str], group: str,
                                          role: str) -> None:
    """Before, each was said 'may be unset' with TL203 named in the parameter's TL002."""
    assert _said(tmp_path, capsys, "t.yaml", STACK.format(group=group, role=role), "TL203") == []
    out = _said(tmp_path, capsys, "t.yaml", STACK.format(group=group, role=role), "TL002,TL203")
    assert not any("TL203" in line for line in out), out


# Conditions defined alike (operands in another order, the long form) beside those of STACK
ALIKE = STACK.replace("Resources:\n", 'Conditions2:\n', 1).replace("Conditions2:\n", (
    "  Production: !Equals [prod, !Ref Env]\n"
    '  LogsOn: {{"Fn::Not": [{{"Fn::Equals": [{{"Ref": "Enable"}}, ""]}}]}}\n'
    "  Staging: !Equals [!Ref Env, staging]\nResources:\n"), 1)


@pytest.mark.parametrize(("group", "role", "open_"), [
    (f"!If [LogsOn, !GetAtt LogGroup.Arn, {NO_VALUE}]", ROLE, set()),
    (f"!If [Production, !GetAtt LogGroup.Arn, {NO_VALUE}]", f"!If [Prod, !GetAtt LogsRole.Arn, {NO_VALUE}]", set()),
    # defined otherwise: independent
    (f"!If [Staging, !GetAtt LogGroup.Arn, {NO_VALUE}]", f"!If [Prod, !GetAtt LogsRole.Arn, {NO_VALUE}]",
     {"CloudWatchLogsLogGroupArn", "CloudWatchLogsRoleArn"}),
])
def test_conditions_defined_alike_are_one_condition(tmp_path: Path, capsys: pytest.CaptureFixture[str], group: str,
                                                    role: str, open_: set[str]) -> None:
    """Before, Production and Prod were two conditions: each value was said 'may be unset' (TL203 undecided)."""
    out = _said(tmp_path, capsys, "t.yaml", ALIKE.format(group=group, role=role), "TL002,TL203")
    said = [part for line in out for part in line.split("; ")]
    named = {key for key in ("CloudWatchLogsLogGroupArn", "CloudWatchLogsRoleArn")
             if any(key in part and "TL203 (cloudwatch-logs-half-set) cannot decide" in part for part in said)}
    assert named == open_, out
    assert not any(line.startswith("TL203 ") for line in out), out


def test_a_condition_defined_alike_is_named_with_the_others(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """A value chosen by one of conditions defined alike names the first written, and the others."""
    text = ALIKE.format(group=GROUP, role=ROLE).replace(
        "      IsLogging: true\n", "      IsLogging: true\n      KMSKeyId: !If [Production, alias/trail, MyTrailKey]\n")
    assert _said(tmp_path, capsys, "t.yaml", text, "TL217") == [
        ("TL217 when condition Prod (same as Production) is false, KMS key ID 'MyTrailKey' of trail 'audit' is no "
         "alias name, alias ARN, key ARN or key ID")]


@pytest.mark.parametrize(("group", "role", "open_"), [
    # different conditions: each may be unset while the other is set
    (f"!If [Prod, !GetAtt LogGroup.Arn, {NO_VALUE}]", ROLE, {"CloudWatchLogsLogGroupArn", "CloudWatchLogsRoleArn"}),
    # set under Prod and HasLogs, beside a role set under HasLogs: only the log group may be off while the
    # role is on
    (f"!If [ProdLogs, !GetAtt LogGroup.Arn, {NO_VALUE}]", ROLE, {"CloudWatchLogsLogGroupArn"}),
    # a role always set beside a log group a condition may leave out: open at the log group only
    (GROUP, "arn:aws:iam::123456789012:role/logs", {"CloudWatchLogsLogGroupArn"}),
    # no role at all beside a log group a condition may set: refused where it is set, open at the log group
    (GROUP, NO_VALUE, {"CloudWatchLogsLogGroupArn"}),
])
def test_set_under_different_conditions_stays_open(tmp_path: Path, capsys: pytest.CaptureFixture[str], group: str,
                                                   role: str, open_: set[str]) -> None:
    out = _said(tmp_path, capsys, "t.yaml", STACK.format(group=group, role=role), "TL002,TL203")
    # each value the TL002s say may be unset, and whether TL203 is named beside it
    said = [part for line in out for part in line.split("; ")]
    named = {key for key in ("CloudWatchLogsLogGroupArn", "CloudWatchLogsRoleArn")
             if any(key in part and "TL203 (cloudwatch-logs-half-set) cannot decide" in part for part in said)}
    assert named == open_, out
    assert not any(line.startswith("TL203 ") for line in out), out


def test_every_branch_set_without_a_role_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Both branches name a log group: certain, whatever the condition (before: TL002, not known)."""
    text = STACK.format(group="!If [Prod, arn:aws:logs:us-east-1:123456789012:log-group:a:*, "
                              "arn:aws:logs:us-east-1:123456789012:log-group:b:*]", role=NO_VALUE)
    assert _said(tmp_path, capsys, "t.yaml", text, "TL203") == [
        "TL203 trail 'audit' sends events to a CloudWatch Logs log group but names no role for it"]
    # and what every branch agrees on is decided: both lack the role, both lack the log group
    text = STACK.format(group=f"!If [Prod, {NO_VALUE}, '']", role=f"!If [HasLogs, {NO_VALUE}, '']")
    assert _said(tmp_path, capsys, "t.yaml", text, "TL002,TL203") == []


JSON_STACK = {
    "Parameters": {"Enable": {"Type": "String"}},
    "Conditions": {"HasLogs": {"Fn::Not": [{"Fn::Equals": [{"Ref": "Enable"}, ""]}]},
                   "NoLogs": {"Fn::Not": [{"Condition": "HasLogs"}]}},
    "Resources": {
        "LogGroup": {"Type": "AWS::Logs::LogGroup", "Condition": "HasLogs"},
        "LogsRole": {"Type": "AWS::IAM::Role", "Condition": "HasLogs",
                     "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}}},
        "Trail": {"Type": "AWS::CloudTrail::Trail", "Properties": {
            "TrailName": "audit", "S3BucketName": "logs-bucket", "IsLogging": True, "IsMultiRegionTrail": True,
            "EnableLogFileValidation": True,
            "CloudWatchLogsLogGroupArn": {"Fn::If": ["HasLogs", {"Fn::GetAtt": ["LogGroup", "Arn"]},
                                                     {"Ref": "AWS::NoValue"}]},
            "CloudWatchLogsRoleArn": {"Fn::If": ["NoLogs", {"Ref": "AWS::NoValue"},
                                                 {"Fn::GetAtt": ["LogsRole", "Arn"]}]}}}}}


def test_a_json_template_reads_the_same(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from trail_lint.load import load_file

    (tmp_path / "t.json").write_text(json.dumps(JSON_STACK, indent=2))
    trail, = normalise(load_file(str(tmp_path / "t.json"))).trails
    has_logs = condition("condition HasLogs")
    assert {(b.value, b.when, b.own) for b in trail.branches["cloudwatch_logs_group_arn"]} == \
        {(None, negated(has_logs), False), (trail.cloudwatch_logs_group_arn, has_logs, True)}
    assert {(b.value, b.when, b.own) for b in trail.branches["cloudwatch_logs_role_arn"]} == \
        {(None, negated(has_logs), False), (trail.cloudwatch_logs_role_arn, has_logs, True)}
    capsys.readouterr()
    main([*ARGS, "--select", "TL002,TL203,TL219", str(tmp_path / "t.json")])
    out = capsys.readouterr().out
    assert "TL203" not in out and "TL219" not in out, out


def test_a_literal_branch_is_checked_and_names_its_condition(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    text = STACK.format(group=GROUP, role=ROLE).replace(
        "      IsLogging: true\n",
        "      IsLogging: true\n      KMSKeyId: !If [Prod, alias/trail, MyTrailKey]\n"
        "      SnsTopicName: !If [HasLogs, !Ref AWS::NoValue, 'bad topic']\n")
    assert _said(tmp_path, capsys, "t.yaml", text, "TL217,TL218") == [
        ("TL217 when condition Prod is false, KMS key ID 'MyTrailKey' of trail 'audit' is no alias name, alias ARN, "
        "key ARN or key ID"),
        "TL218 when condition HasLogs is false, SNS topic 'bad topic' of trail 'audit' is no topic name or topic ARN"]


def test_every_branch_of_a_known_shape_is_not_unchecked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A resource's own ARN or nothing, and literals that pass: TL219 is not named in any TL002."""
    text = STACK.format(group=GROUP, role="!If [HasLogs, !GetAtt LogsRole.Arn, arn:aws:iam::123456789012:role/r]")
    out = _said(tmp_path, capsys, "t.yaml", text, "TL002,TL219")
    assert not any("TL219" in line for line in out), out
    # a branch that is a parameter without a value still is
    text = STACK.format(group=GROUP, role="!If [HasLogs, !GetAtt LogsRole.Arn, !Ref Env]")
    out = _said(tmp_path, capsys, "t.yaml", text, "TL002,TL219")
    assert any("CloudWatchLogsRoleArn" in line and "TL219 (invalid-cloudwatch-logs-arn)" in line for line in out), out


def test_multi_region_and_global_events_switched_together(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = STACK.format(group=GROUP, role=ROLE).replace(
        "      IsMultiRegionTrail: true\n",
        "      IsMultiRegionTrail: !If [Prod, true, false]\n      IncludeGlobalServiceEvents: !If [ProdOrLogs, true, false]\n")
    out = _said(tmp_path, capsys, "t.yaml", text, "TL002,TL202")
    assert not any("TL202" in line for line in out), out
    # global events off where the trail may be multi-Region: open
    text = text.replace("!If [ProdOrLogs, true, false]", "!If [HasLogs, true, false]")
    out = _said(tmp_path, capsys, "t.yaml", text, "TL002,TL202")
    assert any("TL202 (multi-region-without-global-events) cannot decide" in line for line in out), out


MODULE = """variable "enabled" {{
  type = bool
}}
variable "env" {{
  type = string
}}
resource "aws_cloudwatch_log_group" "x" {{
  count = var.enabled ? 1 : 0
  name  = "trail"
}}
resource "aws_iam_role" "r" {{
  count              = var.enabled ? 1 : 0
  name               = "trail-logs"
  assume_role_policy = "{{}}"
}}
resource "aws_cloudtrail" "audit" {{
  name                       = "audit"
  s3_bucket_name             = "logs-bucket"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  cloud_watch_logs_group_arn = {group}
  cloud_watch_logs_role_arn  = {role}
}}
"""
TF_GROUP = 'var.enabled ? "${aws_cloudwatch_log_group.x[0].arn}:*" : null'


@pytest.mark.parametrize(("group", "role", "named"), [
    (TF_GROUP, "var.enabled ? aws_iam_role.r[0].arn : null", False),
    (TF_GROUP, "!var.enabled ? null : aws_iam_role.r[0].arn", False),
    (TF_GROUP, "(var.enabled && var.env != \"\") || var.enabled ? aws_iam_role.r[0].arn : null", False),
    # a role always set, or under another test: the log group may be unset beside it
    (TF_GROUP, '"arn:aws:iam::123456789012:role/logs"', True),
    (TF_GROUP, 'var.env == "prod" ? aws_iam_role.r[0].arn : null', True),
])
def test_terraform_conditionals(tmp_path: Path, capsys: pytest.CaptureFixture[str], group: str, role: str,
                                named: bool) -> None:
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "main.tf").write_text(MODULE.format(group=group, role=role))
    capsys.readouterr()
    main([*ARGS, "--select", "TL002,TL203", str(tmp_path / "m")])
    out = capsys.readouterr().out
    assert ("TL203 (cloudwatch-logs-half-set) cannot decide" in out) is named, out
    assert " TL203 " not in out


def test_terraform_branches(tmp_path: Path) -> None:
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "main.tf").write_text(MODULE.format(
        group=TF_GROUP, role='var.env != "" ? (var.enabled ? aws_iam_role.r[0].arn : "x") : null'))
    trail, = read_tree([str(tmp_path / "m" / "main.tf")]).contents.trails
    enabled, named = condition("var.enabled"), condition('var.env == ""')
    assert {(b.value, b.when, b.own) for b in trail.branches["cloudwatch_logs_group_arn"]} == {
        (trail.cloudwatch_logs_group_arn, enabled, True), (None, negated(enabled), False)}
    assert {(b.value, b.when) for b in trail.branches["cloudwatch_logs_role_arn"]} == {
        (trail.cloudwatch_logs_role_arn, both(negated(named), enabled)),
        ("x", both(negated(named), negated(enabled))), (None, named)}
    assert ON != OFF


@pytest.mark.parametrize(("role", "linked"), [
    (ROLE, "LogsRole"),
    (f"!If [HasLogs, !If [Prod, !GetAtt LogsRole.Arn, ''], {NO_VALUE}]", "LogsRole"),
    # two resources, or a resource and a value of the user's: no one resource
    ("!If [HasLogs, !GetAtt LogsRole.Arn, !GetAtt LogGroup.Arn]", None),
    ("!If [HasLogs, !GetAtt LogsRole.Arn, arn:aws:iam::123456789012:role/other]", None),
])
def test_a_role_every_setting_branch_names_is_linked(tmp_path: Path, role: str, linked: str | None) -> None:
    """problems.refers: the role wherever the property is set, so the rules reading the role find it."""
    from trail_lint.load import load_file

    (tmp_path / "t.yaml").write_text(STACK.format(group=GROUP, role=role))
    trail, = normalise(load_file(str(tmp_path / "t.yaml"))).trails
    assert trail.cloudwatch_logs_role_ref == linked


def test_a_tf_json_module_reads_the_same(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A .tf.json file writes each expression as a string of one interpolation."""
    module = {
        "variable": {"enabled": {"type": "bool"}},
        "resource": {
            "aws_cloudwatch_log_group": {"x": {"count": "${var.enabled ? 1 : 0}", "name": "trail"}},
            "aws_iam_role": {"r": {"count": "${var.enabled ? 1 : 0}", "name": "trail-logs",
                                   "assume_role_policy": "{}"}},
            "aws_cloudtrail": {"audit": {
                "name": "audit", "s3_bucket_name": "logs-bucket",
                "cloud_watch_logs_group_arn": '${var.enabled ? "${aws_cloudwatch_log_group.x[0].arn}:*" : null}',
                "cloud_watch_logs_role_arn": "${var.enabled ? aws_iam_role.r[0].arn : null}",
                "kms_key_id": '${var.enabled ? "bad-key" : null}'}}}}
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "main.tf.json").write_text(json.dumps(module, indent=2))
    capsys.readouterr()
    main([*ARGS, "--select", "TL002,TL203,TL217", str(tmp_path / "m")])
    out = capsys.readouterr().out
    assert "TL203" not in out, out
    assert "TL217 when var.enabled is true, KMS key ID 'bad-key' of trail 'audit' is no alias name" in out, out


def test_a_name_every_branch_leaves_out_stays_generated(tmp_path: Path) -> None:
    """What every branch agrees on is decided, but a name no branch gives is CloudFormation's to make."""
    from trail_lint.load import load_file
    from trail_lint.model import UNKNOWN

    text = STACK.format(group=GROUP, role=ROLE).replace("      TrailName: audit\n",
                                                        f"      TrailName: !If [Prod, {NO_VALUE}, '']\n")
    (tmp_path / "t.yaml").write_text(text)
    trail, = normalise(load_file(str(tmp_path / "t.yaml"))).trails
    assert trail.name is UNKNOWN


def test_a_role_behind_a_condition_is_checked_against_the_log_group_behind_it(tmp_path: Path, capsys) -> None:
    """The role's policy names ``!GetAtt LogGroup.Arn``, and the trail takes that log group wherever
    its Fn::If sets it: the log stream CloudTrail writes to is in it, whatever its name (TL215 is
    decided, no TL002); a policy on a log group of another Region is refused, and one on a log group
    whose name may be the parameter's value stays open."""
    def stack(resource: str) -> str:
        return f"""Parameters:
  Name: {{Type: String}}
Conditions:
  HasLogs: !Not [!Equals [!Ref Name, ""]]
Resources:
  LogGroup:
    Type: AWS::Logs::LogGroup
    Condition: HasLogs
    Properties: {{LogGroupName: !Ref Name}}
  Other:
    Type: AWS::Logs::LogGroup
    Properties: {{LogGroupName: other}}
  LogsRole:
    Type: AWS::IAM::Role
    Condition: HasLogs
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement: [{{Effect: Allow, Principal: {{Service: cloudtrail.amazonaws.com}}, Action: sts:AssumeRole}}]
      Policies:
        - PolicyName: logs
          PolicyDocument:
            Version: "2012-10-17"
            Statement: [{{Effect: Allow, Action: [logs:CreateLogStream, logs:PutLogEvents], Resource: {resource}}}]
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      S3BucketName: logs-bucket
      IsLogging: true
      CloudWatchLogsLogGroupArn: !If [HasLogs, !GetAtt LogGroup.Arn, !Ref AWS::NoValue]
      CloudWatchLogsRoleArn: !If [HasLogs, !GetAtt LogsRole.Arn, !Ref AWS::NoValue]
"""
    def tl215(resource: str) -> list[str]:
        path = tmp_path / "stack.yaml"
        path.write_text(stack(resource))
        capsys.readouterr()
        main([*ARGS, "--select", "TL215,TL002", str(path)])
        return [line for line in capsys.readouterr().out.splitlines() if "TL215" in line]

    assert tl215("!GetAtt LogGroup.Arn") == []
    refused = tl215("arn:aws:logs:eu-west-1:123456789012:log-group:*")
    assert len(refused) == 1 and ": TL215 " in refused[0] and "TL002" not in refused[0]
    open_ = tl215("!GetAtt Other.Arn")      # Name may be "other"
    assert len(open_) == 1 and ": TL002 TL215 " in open_[0] and "<parameter Name>" in open_[0]
