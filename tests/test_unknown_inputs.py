"""The rules that check what a user writes (a trail name, a key prefix, a bucket name, the form of a
key, topic, log group or role ARN: TL201, TL206, TL212, TL217, TL218, TL219) on a value not known
offline: named in the reader's TL002 for the value where it is the user's (a parameter or variable
without a value, another stack's export), never a silent pass; not asked about where the value is
known only after apply (AWS's or the provider's own: a resource's attribute, a random suffix, a
plan's unknowns), which the API never refuses for its form.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from trail_lint.cli import main

RULES = "TL002,TL201,TL206,TL212,TL217,TL218,TL219"
# (CloudFormation property, Terraform argument, the rule that checks it)
FIELDS = [("TrailName", "name", "TL201 (invalid-trail-name)"),
          ("S3BucketName", "s3_bucket_name", "TL212 (invalid-bucket-name)"),
          ("S3KeyPrefix", "s3_key_prefix", "TL206 (s3-key-prefix-too-long)"),
          ("KMSKeyId", "kms_key_id", "TL217 (invalid-kms-key-id)"),
          ("SnsTopicName", "sns_topic_name", "TL218 (invalid-sns-topic-name)"),
          ("CloudWatchLogsLogGroupArn", "cloud_watch_logs_group_arn", "TL219 (invalid-cloudwatch-logs-arn)"),
          ("CloudWatchLogsRoleArn", "cloud_watch_logs_role_arn", "TL219 (invalid-cloudwatch-logs-arn)")]
GIVEN = {"TrailName": "audit", "S3BucketName": "logs-bucket", "IsLogging": "true",
         "CloudWatchLogsLogGroupArn": "arn:aws:logs:us-east-1:123456789012:log-group:trail:*",
         "CloudWatchLogsRoleArn": "arn:aws:iam::123456789012:role/trail"}


def _lint(tmp_path: Path, capsys: pytest.CaptureFixture[str], path: Path) -> list[str]:
    capsys.readouterr()
    main(["--format", "parsable", "--select", RULES, "--region", "us-east-1", "--account", "123456789012", str(path)])
    return [line.split(":", 1)[1] for line in capsys.readouterr().out.splitlines()]


def _template(prop: str, value: str) -> str:
    props = {**GIVEN, prop: value}
    return ("Parameters:\n  Value:\n    Type: String\nResources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n"
            "    Properties:\n" + "".join(f"      {key}: {text}\n" for key, text in props.items()))


@pytest.mark.parametrize(("prop", "argument", "rule"), FIELDS)
def test_a_parameter_without_value_names_the_rule_in_its_finding(tmp_path: Path, capsys, prop: str, argument: str,
                                                                  rule: str) -> None:
    (tmp_path / "t.yaml").write_text(_template(prop, "!Ref Value"))
    out = _lint(tmp_path, capsys, tmp_path / "t.yaml")
    assert len(out) == 1 and out[0].startswith("2:3: TL002 parameter Value has no Default") \
        and out[0].endswith(f"({rule} cannot decide)"), out
    # given, the value is checked
    (tmp_path / "t.yaml").write_text(_template(prop, "x" * 201 if prop == "S3KeyPrefix" else "'bad value'"))
    assert rule.split()[0] in " ".join(_lint(tmp_path, capsys, tmp_path / "t.yaml"))


@pytest.mark.parametrize(("prop", "argument", "rule"), FIELDS)
def test_a_variable_without_value_names_the_rule_in_its_finding(tmp_path: Path, capsys, prop: str, argument: str,
                                                                 rule: str) -> None:
    given = {"name": '"audit"', "s3_bucket_name": '"logs-bucket"',
             "cloud_watch_logs_group_arn": '"arn:aws:logs:us-east-1:123456789012:log-group:trail:*"',
             "cloud_watch_logs_role_arn": '"arn:aws:iam::123456789012:role/trail"', argument: "var.value"}
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "main.tf").write_text('variable "value" {}\nresource "aws_cloudtrail" "audit" {\n'
                                            + "".join(f"  {key} = {text}\n" for key, text in given.items()) + "}\n")
    out = _lint(tmp_path, capsys, tmp_path / "m")
    assert len(out) == 1 and out[0].startswith("1:1: TL002 var.value has no value") \
        and out[0].endswith(f"of aws_cloudtrail.audit ({rule} cannot decide)"), out


def test_another_stacks_export_names_the_rule(tmp_path: Path, capsys) -> None:
    (tmp_path / "t.yaml").write_text(_template("TrailName", "!ImportValue name"))
    assert _lint(tmp_path, capsys, tmp_path / "t.yaml") == [
        ("8:7: TL002 TL201 (invalid-trail-name) cannot decide: TrailName of trail 'Trail' is not known before "
        "deployment: Fn::ImportValue name is another stack's export")]


def test_values_known_only_after_apply_are_not_asked_about(tmp_path: Path, capsys) -> None:
    """A random suffix in the name: the reader's TL002 names the name, not TL201 (the provider makes
    the suffix, and hex digits after "audit-" make a valid name); ARNs and names of the module's own
    resources, also one a variable may switch off: nothing at all."""
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "main.tf").write_text("""variable "on" { type = bool }
resource "random_id" "x" {
  byte_length = 4
}
resource "aws_s3_bucket" "logs" {
  bucket_prefix = "logs"
}
resource "aws_kms_key" "k" {}
resource "aws_sns_topic" "t" {}
resource "aws_cloudwatch_log_group" "g" {}
resource "aws_iam_role" "r" {
  assume_role_policy = "{}"
}
resource "aws_cloudtrail" "t" {
  name                       = "audit-${random_id.x.hex}"
  s3_bucket_name             = aws_s3_bucket.logs.id
  kms_key_id                 = aws_kms_key.k.arn
  sns_topic_name             = aws_sns_topic.t.name
  cloud_watch_logs_group_arn = var.on ? "${aws_cloudwatch_log_group.g.arn}:*" : null
  cloud_watch_logs_role_arn  = var.on ? aws_iam_role.r.arn : null
}
""")
    out = _lint(tmp_path, capsys, tmp_path / "m")
    assert [line for line in out if "TL2" in line] == [], out
    assert any(line.startswith("15:3: TL002 random_id.x.hex is known only after apply") for line in out), out


def test_a_plan_value_known_after_apply_is_not_asked_about(tmp_path: Path, capsys) -> None:
    after = {"name": "audit", "s3_bucket_name": "logs-bucket", "enable_logging": True}
    unknown = {"s3_key_prefix": True, "kms_key_id": True, "sns_topic_name": True, "cloud_watch_logs_group_arn": True,
               "cloud_watch_logs_role_arn": True}
    change = {"actions": ["create"], "before": None, "after": after, "after_unknown": unknown}
    (tmp_path / "plan.json").write_text(json.dumps({
        "format_version": "1.2", "terraform_version": "1.9.0", "planned_values": {"root_module": {}},
        "resource_changes": [{"address": "aws_cloudtrail.audit", "mode": "managed", "type": "aws_cloudtrail",
                              "name": "audit", "provider_name": "registry.terraform.io/hashicorp/aws",
                              "change": change}],
        "configuration": {"root_module": {}}}))
    assert _lint(tmp_path, capsys, tmp_path / "plan.json") == []
