"""TL219: a log group ARN CreateTrail takes ends in ':*'; what each input tells of that end.

https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail#cloud_watch_logs_group_arn
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from trail_lint.config import from_mapping
from trail_lint.engine import run
from trail_lint.registry import all_rules

RULES = ("TL219", "TL002", "TL001", "TL000")
TF = '''provider "aws" {
  region = "us-east-2"
}
resource "aws_cloudwatch_log_group" "trail" {
  name = "CloudTrail/logs"
}
resource "aws_cloudtrail" "t" {
  name                       = "t"
  s3_bucket_name             = "my-trail-logs-123456789012"
  cloud_watch_logs_group_arn = GROUP
  cloud_watch_logs_role_arn  = "arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role"
}
'''


def lint(folder: Path, name: str, text: str) -> list[str]:
    (folder / name).write_text(text)
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        result = run([name], from_mapping({"select": list(RULES), "region": "us-east-2", "account": "123456789012"}),
                     all_rules(), raise_errors=True)
    finally:
        os.chdir(cwd)
    return [f"{f.rule} {f.message}" for f in result.findings if f.rule in RULES and "TL215" not in f.message]


def test_terraform_log_group_arn_reference_depends_on_the_provider_version(tmp_path: Path) -> None:
    [said] = lint(tmp_path, "main.tf", TF.replace("GROUP", "aws_cloudwatch_log_group.trail.arn"))
    assert said.startswith("TL002 TL219 (invalid-cloudwatch-logs-arn) cannot decide: whether CloudWatch Logs log "
                           "group 'arn:aws:logs:us-east-2:<account>:log-group:CloudTrail/logs' of trail 't' ends in ':*'")


@pytest.mark.parametrize("group", ['"${aws_cloudwatch_log_group.trail.arn}:*"',
                                   '"arn:aws:logs:us-east-2:123456789012:log-group:CloudTrail/logs:*"'])
def test_a_log_group_arn_with_the_wildcard_is_taken(tmp_path: Path, group: str) -> None:
    assert lint(tmp_path, "main.tf", TF.replace("GROUP", group)) == []


def test_a_literal_log_group_arn_without_the_wildcard_is_rejected(tmp_path: Path) -> None:
    group = '"arn:aws:logs:us-east-2:123456789012:log-group:CloudTrail/logs"'
    assert lint(tmp_path, "main.tf", TF.replace("GROUP", group)) == [
        ("TL219 CloudWatch Logs log group 'arn:aws:logs:us-east-2:123456789012:log-group:CloudTrail/logs' of trail 't' "
         "does not end in ':*', which CloudTrail requires")]


def test_cloudformation_getatt_arn_ends_in_the_wildcard(tmp_path: Path) -> None:
    template = ("Resources:\n  LogGroup:\n    Type: AWS::Logs::LogGroup\n  Trail:\n    Type: AWS::CloudTrail::Trail\n"
                "    Properties:\n      TrailName: t\n      S3BucketName: my-trail-logs-123456789012\n      IsLogging: true\n"
                "      CloudWatchLogsLogGroupArn: !GetAtt LogGroup.Arn\n"
                "      CloudWatchLogsRoleArn: arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role\n")
    assert lint(tmp_path, "t.yaml", template) == []
