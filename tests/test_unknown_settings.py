"""A trail setting whose value is not known offline is a check left open, said once as TL002 naming
the rules it blocks: in the reader's TL002 for the value (a parameter without a value, another
stack's export), or on its own where the input says nothing more (a plan's value known after
apply). Never a silent pass: a deployment may turn log file validation off.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from trail_lint.cli import main

ARGS = ["--format", "parsable", "--select", "TL002,TL202,TL301,TL302,TL316", "--region", "us-east-1",
        "--account", "123456789012"]

TEMPLATE = """Parameters:
  Flag:
    Type: String
    AllowedValues: ["true", "false"]
Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: audit
      S3BucketName: logs-bucket
      IsLogging: {logging}
      IsMultiRegionTrail: {multi}
      EnableLogFileValidation: {validation}
"""


# TL203 (a log group without a role, or the reverse) and the TL002s that name it
HALF_SET = ["--format", "parsable", "--select", "TL002,TL203"]
ACCOUNT = ("--account", "123456789012")


def _run(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> list[str]:
    """The parsable lines of one run over ``path``, each without its file name."""
    capsys.readouterr()
    main([*args, str(path)])
    return [line.split(":", 1)[1] for line in capsys.readouterr().out.splitlines()]


def _lint(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str) -> list[str]:
    (tmp_path / name).write_text(text)
    return [line for line in _run(capsys, tmp_path / name, *ARGS) if "TL207" not in line]


def test_a_parameter_without_value_names_the_settings_rules_it_blocks(tmp_path: Path, capsys) -> None:
    out = _lint(tmp_path, capsys, "t.yaml", TEMPLATE.format(logging="!Ref Flag", multi="!Ref Flag",
                                                            validation="!Ref Flag"))
    head = "2:3: TL002 parameter Flag has no Default: pass --parameter Flag=VALUE, so not known: "
    assert len(out) == 1 and out[0].startswith(head)
    assert sorted(out[0][len(head):].split("; ")) == [
        "EnableLogFileValidation of trail 'Trail' (TL302 (log-file-validation-disabled) cannot decide)",
        "IsLogging of trail 'Trail' (TL301 (logging-disabled) cannot decide)",
        "IsMultiRegionTrail of trail 'Trail' (TL316 (trail-single-region) cannot decide)"]
    # the same template with the value given: decided
    (tmp_path / "t.yaml").write_text(TEMPLATE.format(logging="!Ref Flag", multi="!Ref Flag", validation="!Ref Flag"))
    main([*ARGS, "--parameter", "Flag=false", str(tmp_path / "t.yaml")])
    rules = [line.split(" ")[1] for line in capsys.readouterr().out.splitlines()]
    assert sorted(rules) == ["TL301", "TL302", "TL316"]


def test_another_stacks_export_names_the_rules_in_the_readers_finding(tmp_path: Path, capsys) -> None:
    out = _lint(tmp_path, capsys, "t.yaml", TEMPLATE.format(logging="true", multi="true",
                                                            validation="!ImportValue validation"))
    assert out == [("13:7: TL002 TL302 (log-file-validation-disabled) cannot decide: EnableLogFileValidation of "
                   "trail 'Trail' is not known before deployment: Fn::ImportValue validation is another stack's export")]
    # a multi-Region setting not known leaves TL202 open beside TL316 when global events are off
    text = TEMPLATE.format(logging="true", multi="!ImportValue multi", validation="true") + \
        "      IncludeGlobalServiceEvents: false\n"
    assert _lint(tmp_path, capsys, "t.yaml", text) == [
        ("12:7: TL002 TL202 (multi-region-without-global-events) and TL316 (trail-single-region) cannot decide: "
        "IsMultiRegionTrail of trail 'Trail' is not known before deployment: Fn::ImportValue multi is another "
        "stack's export")]


def _plan(after: dict, unknown: dict) -> str:
    change = {"actions": ["create"], "before": None, "after": after, "after_unknown": unknown}
    return json.dumps({
        "format_version": "1.2", "terraform_version": "1.9.0", "planned_values": {"root_module": {}},
        "resource_changes": [{"address": "aws_cloudtrail.audit", "mode": "managed", "type": "aws_cloudtrail",
                              "name": "audit", "provider_name": "registry.terraform.io/hashicorp/aws",
                              "change": change}],
        "configuration": {"root_module": {}}}, indent=1)


KNOWN = {"name": "audit", "s3_bucket_name": "logs-bucket", "is_multi_region_trail": True,
         "enable_logging": True, "enable_log_file_validation": True, "include_global_service_events": True}


def test_a_plan_value_known_after_apply_is_said_by_the_rule(tmp_path: Path, capsys) -> None:
    after = {k: v for k, v in KNOWN.items() if k != "enable_log_file_validation"}
    out = _lint(tmp_path, capsys, "plan.json", _plan(after, {"enable_log_file_validation": True}))
    assert len(out) == 1 and out[0].endswith(
        "TL002 TL302 (log-file-validation-disabled) cannot decide: log file validation of trail 'audit' is not known")
    # known: nothing to say
    assert _lint(tmp_path, capsys, "plan.json", _plan(KNOWN, {})) == []


def test_a_value_not_written_is_not_folded_into_another_values_finding(tmp_path: Path, capsys) -> None:
    """Name and validation both known after apply: neither is written in the plan, so both are placed at
    the resource; the name's TL002 does not swallow TL302's (it is about another value)."""
    after = {k: v for k, v in KNOWN.items() if k not in ("name", "enable_logging")}
    out = _lint(tmp_path, capsys, "plan.json", _plan(after, {"name": True, "enable_logging": True}))
    assert sorted(line.split(" ", 2)[2] for line in out) == [
        "TL301 (logging-disabled) cannot decide: the logging setting of trail 'aws_cloudtrail.audit' is not known",
        "name of trail aws_cloudtrail.audit is not known before apply"]


MODULE = """provider "aws" {{ region = "us-east-1" }}
variable "cloudwatch" {{ type = bool }}
resource "aws_cloudwatch_log_group" "trail" {{ name = "trail" }}
resource "aws_cloudtrail" "audit" {{
  name                       = "audit"
  s3_bucket_name             = "logs-bucket"
  enable_log_file_validation = true
  is_multi_region_trail      = true
  cloud_watch_logs_group_arn = {group}
}}
"""


@pytest.mark.parametrize(("group", "said"), [
    # a log group ARN with unknown parts is still a log group: CreateTrail refuses it without a role
    ('"${aws_cloudwatch_log_group.trail.arn}:*"',
     "9:3: TL203 trail 'audit' sends events to a CloudWatch Logs log group but names no role for it"),
    # one a variable without a value may switch off: the variable's TL002 names TL203
    ('var.cloudwatch ? "${aws_cloudwatch_log_group.trail.arn}:*" : null',
     ("2:1: TL002 var.cloudwatch has no value: no default, and none given in a tfvars file or --var (in the root "
     "module {module}), so not known: cloud_watch_logs_group_arn of aws_cloudtrail.audit (TL203 (cloudwatch-logs-half-set) "
     "cannot decide)")),
])
def test_a_log_group_not_known_offline_without_a_role(tmp_path: Path, capsys, group: str, said: str) -> None:
    (tmp_path / "module").mkdir()
    (tmp_path / "module" / "main.tf").write_text(MODULE.format(group=group))
    out = [line for line in _run(capsys, tmp_path / "module", *HALF_SET, *ACCOUNT) if "TL207" not in line]
    assert out == [said.format(module=tmp_path / "module")]


def test_an_optional_setting_is_open_only_where_a_reader_says_it_may_be_unset(tmp_path: Path, capsys) -> None:
    """KMSKeyId and CloudWatchLogsLogGroupArn a parameter without a value writes may be unset at
    deployment (templates switch them off with an empty value or AWS::NoValue): the parameter's TL002
    names TL303 and TL306 beside the other rules. A plan's ARN known only after apply is set to
    something: no finding and no TL002 from them."""
    template = TEMPLATE.format(logging="true", multi="true", validation="true") + (
        "      KMSKeyId: !If [HasKey, !Ref Key, !Ref AWS::NoValue]\n"
        "      CloudWatchLogsLogGroupArn: !Ref Group\n"
        "      CloudWatchLogsRoleArn: arn:aws:iam::123456789012:role/trail\n"
        "Conditions:\n  HasKey: !Not [!Equals [!Ref Key, '']]\n")
    template = template.replace("Resources:", "  Key:\n    Type: String\n  Group:\n    Type: String\nResources:")
    (tmp_path / "t.yaml").write_text(template)
    capsys.readouterr()
    main(["--format", "json", "--select", "TL002,TL303,TL306", "--region", "us-east-1", "--account", "123456789012",
          str(tmp_path / "t.yaml")])
    messages = [f["message"] for f in json.loads(capsys.readouterr().out)["findings"] if "TL207" not in f["message"]]
    assert len(messages) == 2, messages
    group, key = sorted(messages)
    assert group.startswith("parameter Group has no Default") and "(TL306 (no-cloudwatch-logs) cannot decide)" in group
    assert key.startswith("parameter Key has no Default") and "TL303 (no-kms-encryption) cannot decide" in key
    after = {**KNOWN, "cloud_watch_logs_role_arn": "arn:aws:iam::123456789012:role/trail"}
    unknown = {"kms_key_id": True, "cloud_watch_logs_group_arn": True}
    args = ["--format", "parsable", "--select", "TL002,TL303,TL306", "--account", "123456789012", "--region", "us-east-1"]
    (tmp_path / "plan.json").write_text(_plan(after, unknown))
    main([*args, str(tmp_path / "plan.json")])
    assert capsys.readouterr().out == ""


ROLE_MODULE = """provider "aws" {{ region = "us-east-1" }}
variable "role" {{ type = string }}
resource "aws_cloudwatch_log_group" "trail" {{ name = "trail" }}
resource "aws_iam_role" "trail" {{
  name               = "trail-to-logs"
  assume_role_policy = "{{}}"
}}
resource "aws_cloudtrail" "audit" {{
  name                       = "audit"
  s3_bucket_name             = "logs-bucket"
  enable_log_file_validation = true
  is_multi_region_trail      = true
  cloud_watch_logs_group_arn = "${{aws_cloudwatch_log_group.trail.arn}}:*"
  cloud_watch_logs_role_arn  = {role}
}}
"""


@pytest.mark.parametrize(("role", "said"), [
    # a role a variable without a value may leave empty, beside a log group that is given: refused if it is
    ("var.role",
     [("2:1: TL002 var.role has no value: no default, and none given in a tfvars file or --var (in the root module "
      "{module}), so not known: cloud_watch_logs_role_arn of aws_cloudtrail.audit (TL203 (cloudwatch-logs-half-set) "
      "cannot decide)")]),
    # a role of the module: given, nothing to say
    ("aws_iam_role.trail.arn", []),
])
def test_a_role_not_known_offline_beside_a_log_group(tmp_path: Path, capsys, role: str, said: list[str]) -> None:
    (tmp_path / "module").mkdir()
    (tmp_path / "module" / "main.tf").write_text(ROLE_MODULE.format(role=role))
    out = [line for line in _run(capsys, tmp_path / "module", *HALF_SET, *ACCOUNT) if "TL207" not in line]
    assert [line for line in out if "var.role" not in line or "TL203" in line] == \
        [line.format(module=tmp_path / "module") for line in said]


STACK = """Parameters:
  Group:
    Type: String
Resources:
  LogGroup:
    Type: AWS::Logs::LogGroup
  Role:
    Type: AWS::IAM::Role
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


@pytest.mark.parametrize(("group", "role", "said"), [
    # a log group a parameter without a value may leave empty, beside a role that is given
    ("!Ref Group", "arn:aws:iam::123456789012:role/trail-to-logs",
     [("2:3: TL002 parameter Group has no Default: pass --parameter Group=VALUE, so not known: "
      "CloudWatchLogsLogGroupArn of trail 'Trail' may be unset at deployment (TL203 (cloudwatch-logs-half-set) "
      "cannot decide)")]),
    ('!Sub "${Group}"', '!Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Group}"',
     [("2:3: TL002 parameter Group has no Default: pass --parameter Group=VALUE, so not known: "
      "CloudWatchLogsLogGroupArn of trail 'Trail' may be unset at deployment (TL203 (cloudwatch-logs-half-set) "
      "cannot decide)")]),
    # the log group and role of the template: both given
    ("!GetAtt LogGroup.Arn", "!GetAtt Role.Arn", []),
    ("arn:aws:logs:us-east-1:123456789012:log-group:trail:*", "!GetAtt Role.Arn", []),
])
def test_a_value_not_known_offline_beside_a_given_one(tmp_path: Path, capsys, group: str, role: str,
                                                        said: list[str]) -> None:
    (tmp_path / "t.yaml").write_text(STACK.format(group=group, role=role))
    out = _run(capsys, tmp_path / "t.yaml", *HALF_SET, *ACCOUNT, "--region", "us-east-1")
    assert [line for line in out if "TL203" in line] == said


def test_a_plan_role_known_after_apply_beside_a_given_log_group(tmp_path: Path, capsys) -> None:
    """A role ARN known only after apply is set to something (no reader says it may be unset): beside a
    given log group nothing is missing. Without a log group, the same role would be refused: open."""
    after = {**KNOWN, "cloud_watch_logs_group_arn": "arn:aws:logs:us-east-1:123456789012:log-group:trail:*"}
    (tmp_path / "plan.json").write_text(_plan(after, {"cloud_watch_logs_role_arn": True}))
    assert [line for line in _run(capsys, tmp_path / "plan.json", *HALF_SET) if "TL203" in line] == []
    (tmp_path / "plan.json").write_text(_plan(KNOWN, {"cloud_watch_logs_role_arn": True}))
    out = _run(capsys, tmp_path / "plan.json", *HALF_SET)
    assert [line.split(" ", 1)[1] for line in out if "TL203" in line] == [
        "TL002 TL203 (cloudwatch-logs-half-set) cannot decide: the CloudWatch Logs role of trail 'audit' is not known"]


def test_a_template_without_is_logging_is_refused_not_left_open(tmp_path: Path, capsys) -> None:
    """IsLogging is required (TL211): its absence is no value a deployment settles, so TL301 has no TL002."""
    text = "\n".join(line for line in TEMPLATE.format(logging="", multi="true", validation="true").splitlines()
                     if "IsLogging" not in line) + "\n"
    (tmp_path / "t.yaml").write_text(text)
    assert [line for line in _run(capsys, tmp_path / "t.yaml", *ARGS, "--extend-select", "TL211")
            if "TL207" not in line] == [
        "8:5: TL211 trail 'audit' has no IsLogging, which is required"]


BOTH_UNKNOWN = """Parameters:
  Group:
    Type: String
  Role:
    Type: String
  Enable:
    Type: String
Conditions:
  Logs: !Equals [!Ref Enable, "yes"]
  NoLogs: !Not [{{Condition: Logs}}]
  Other: !Equals [!Ref Enable, "both"]
Resources:
  LogGroup:
    Type: AWS::Logs::LogGroup
  LogRole:
    Type: AWS::IAM::Role
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
GROUP_OPEN = ("2:3: TL002 parameter Group has no Default: pass --parameter Group=VALUE, so not known: "
              "CloudWatchLogsLogGroupArn of trail 'Trail' may be unset at deployment (TL203 (cloudwatch-logs-half-set) "
              "cannot decide)")
ROLE_OPEN = ("4:3: TL002 parameter Role has no Default: pass --parameter Role=VALUE, so not known: "
             "CloudWatchLogsRoleArn of trail 'Trail' may be unset at deployment (TL203 (cloudwatch-logs-half-set) "
             "cannot decide)")
ENABLE_OPEN = "6:3: TL002 parameter Enable has no Default: pass --parameter Enable=VALUE, so not known: {values}"


@pytest.mark.parametrize(("group", "role", "said"), [
    # each may be unset while the other is set: open, named in each parameter's TL002
    ("!Ref Group", "!Ref Role", [GROUP_OPEN, ROLE_OPEN]),
    # a role the condition may leave out, beside a log group a parameter writes: open at both
    ("!Ref Group", "!If [Logs, !GetAtt LogRole.Arn, !Ref AWS::NoValue]", [GROUP_OPEN, ENABLE_OPEN.format(
        values="CloudWatchLogsRoleArn of trail 'Trail' may be unset at deployment (TL203 (cloudwatch-logs-half-set) "
               "cannot decide)")]),
    # both behind one condition are set together or not at all: nothing to say, whatever the condition is
    ("!If [Logs, !GetAtt LogGroup.Arn, !Ref AWS::NoValue]", "!If [Logs, !GetAtt LogRole.Arn, !Ref AWS::NoValue]", []),
    # the same, one written with the condition's negation
    ("!If [Logs, !GetAtt LogGroup.Arn, !Ref AWS::NoValue]", "!If [NoLogs, !Ref AWS::NoValue, !GetAtt LogRole.Arn]", []),
    # behind two conditions: each may be unset while the other is set, open at both
    ("!If [Logs, !GetAtt LogGroup.Arn, !Ref AWS::NoValue]", "!If [Other, !GetAtt LogRole.Arn, !Ref AWS::NoValue]",
     [ENABLE_OPEN.format(values="CloudWatchLogsLogGroupArn of trail 'Trail' may be unset at deployment (TL203 "
                                "(cloudwatch-logs-half-set) cannot decide); CloudWatchLogsRoleArn of trail 'Trail' "
                                "may be unset at deployment (TL203 (cloudwatch-logs-half-set) cannot decide)")]),
    # a log group and a role a resource of the inputs names, without a condition, are given: nothing to say
    ("!GetAtt LogGroup.Arn", "!GetAtt LogRole.Arn", []),
])
def test_neither_known_offline(tmp_path: Path, capsys, group: str, role: str, said: list[str]) -> None:
    """A log group and a role both not known offline (before: TL203 said nothing at all)."""
    (tmp_path / "t.yaml").write_text(BOTH_UNKNOWN.format(group=group, role=role))
    out = _run(capsys, tmp_path / "t.yaml", *HALF_SET, *ACCOUNT, "--region", "us-east-1")
    assert [line for line in out if "TL203" in line] == said


def test_neither_known_before_apply_in_a_plan(tmp_path: Path, capsys) -> None:
    """Both ARNs known only after apply: set to something each, nothing missing."""
    (tmp_path / "plan.json").write_text(_plan(KNOWN, {"cloud_watch_logs_group_arn": True,
                                                      "cloud_watch_logs_role_arn": True}))
    assert [line for line in _run(capsys, tmp_path / "plan.json", *HALF_SET) if "TL203" in line] == []
