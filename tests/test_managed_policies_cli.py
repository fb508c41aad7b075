"""Common AWS managed policies attached in Terraform, CloudFormation and authorization details:
known offline from the shipped snapshot (no TL002), and what they decide for the trails is what
their documents say. A policy the snapshot lacks is still said once as TL002.

The expected decisions are read from the policies' documents (the AWS Managed Policy Reference
Guide, https://docs.aws.amazon.com/aws-managed-policy/latest/reference/policy-list.html):
AmazonS3FullAccess (`s3:*`, `s3-object-lambda:*`), AmazonSSMManagedInstanceCore (ssm:, ssmmessages:,
ec2messages:) and NetworkAdministrator (no cloudtrail: action) grant no CloudTrail action;
SupportUser grants cloudtrail:DescribeTrails, GetTrailStatus and LookupEvents among its reads;
AWS_ConfigRole reads trails (DescribeTrails, GetTrail, GetTrailStatus, GetEventSelectors,
ListTrails); AdministratorAccess (`"Action": "*"`) and PowerUserAccess (`NotAction` iam:,
organizations:, account:) grant every CloudTrail action; CloudWatchLogsFullAccess grants `logs:*`.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from trail_lint.cli import main

ACCOUNT = "111122223333"
POLICY = "arn:aws:iam::aws:policy/"
NOT_SHIPPED = POLICY + "AmazonNotAPolicyAtAll"
ALL_TRAIL_ACTIONS = {f"cloudtrail:{name}" for name in (
    "StartLogging", "StopLogging", "UpdateTrail", "DeleteTrail", "PutEventSelectors", "PutInsightSelectors",
    "GetTrail", "GetTrailStatus", "GetEventSelectors", "DescribeTrails", "ListTrails", "LookupEvents")}

TERRAFORM = """provider "aws" {
  region = "us-east-1"
}
resource "aws_cloudtrail" "t" {
  name           = "audit"
  s3_bucket_name = "audit-logs"
}
resource "aws_iam_role" "storage" {
  name               = "storage"
  assume_role_policy = "{}"
  managed_policy_arns = [
    "arn:aws:iam::aws:policy/AmazonS3FullAccess",
    "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
    "arn:aws:iam::aws:policy/job-function/NetworkAdministrator",
  ]
}
resource "aws_iam_role" "support" {
  name               = "support"
  assume_role_policy = "{}"
}
resource "aws_iam_role_policy_attachment" "support" {
  role       = aws_iam_role.support.name
  policy_arn = "arn:aws:iam::aws:policy/job-function/SupportUser"
}
resource "aws_iam_role_policy_attachment" "support_eks" {
  role       = aws_iam_role.support.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"
}
resource "aws_iam_role" "admin" {
  name                = "admin"
  assume_role_policy  = "{}"
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}
resource "aws_iam_role" "power" {
  name                = "power"
  assume_role_policy  = "{}"
  managed_policy_arns = ["arn:aws:iam::aws:policy/PowerUserAccess"]
}
"""

CLOUDFORMATION = """Resources:
  LogGroup:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: 90
  DeliveryRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: cloudtrail.amazonaws.com}
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - DELIVERY_POLICY
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: audit-logs
      CloudWatchLogsLogGroupArn: !GetAtt LogGroup.Arn
      CloudWatchLogsRoleArn: !GetAtt DeliveryRole.Arn
  ConfigRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: config.amazonaws.com}
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWS_ConfigRole
        - arn:aws:iam::aws:policy/AmazonS3FullAccess
  Admins:
    Type: AWS::IAM::Group
    Properties:
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/IAMFullAccess
        - arn:aws:iam::aws:policy/job-function/DatabaseAdministrator
"""


def lint(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    capsys.readouterr()
    main(["--format", "parsable", *args])
    return capsys.readouterr().out.splitlines()


def grants(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, set[str]]:
    """The allowed actions of each principal the inputs declare (not the account's root user, which no
    policy grants), from `trail-lint access --format json`."""
    capsys.readouterr()
    main(["access", "--format", "json", *args])
    found: dict[str, set[str]] = {}
    for grant in json.loads(capsys.readouterr().out)["grants"]:
        if grant["decision"] == "allowed" and not grant["principal"].endswith(":root"):
            found.setdefault(grant["principal"], set()).add(grant["action"])
    return found


def test_terraform_attachments_are_known_and_decide_as_their_documents(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "main.tf").write_text(TERRAFORM)
    monkeypatch.chdir(tmp_path)
    assert [line for line in lint(capsys, ".") if "TL002" in line and "managed policy" in line] == []
    assert grants(capsys, ".") == {
        # storage: S3, SSM and NetworkAdministrator grant no CloudTrail action
        "aws_iam_role.support": {"cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", "cloudtrail:LookupEvents"},
        "aws_iam_role.admin": ALL_TRAIL_ACTIONS,
        "aws_iam_role.power": ALL_TRAIL_ACTIONS}
    assert [line.split(": ", 1)[1] for line in lint(capsys, "--select", "TL401", ".")] == [
        "TL401 role admin can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'audit'",
        "TL401 role power can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'audit'"]


def test_a_policy_the_snapshot_lacks_is_said_once_beside_known_ones(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "main.tf").write_text(TERRAFORM + f"""
resource "aws_iam_role_policy_attachment" "mystery" {{
  role       = aws_iam_role.support.name
  policy_arn = "{NOT_SHIPPED}"
}}
resource "aws_iam_role_policy_attachment" "mystery_again" {{
  role       = aws_iam_role.storage.name
  policy_arn = "{NOT_SHIPPED}"
}}
""")
    monkeypatch.chdir(tmp_path)
    said = [line for line in lint(capsys, ".") if "TL002" in line and "managed policy" in line]
    assert len(said) == 1 and NOT_SHIPPED in said[0] and "its permissions are unknown" in said[0]


@pytest.mark.parametrize(("delivery_policy", "tl215"), [("CloudWatchLogsFullAccess", False),
                                                        ("AmazonS3FullAccess", True)])
def test_cloudformation_attachments_are_known_and_decide_as_their_documents(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], delivery_policy: str, tl215: bool) -> None:
    stack = tmp_path / "stack.yaml"
    stack.write_text(CLOUDFORMATION.replace("DELIVERY_POLICY", POLICY + delivery_policy))
    options = ("--region", "us-east-1", "--account", ACCOUNT)
    found = lint(capsys, *options, str(stack))
    assert [line for line in found if "TL002" in line and ("managed policy" in line or "covers it" in line)] == []
    # the trail's CloudWatch Logs role: logs:* lets CloudTrail deliver, S3 alone does not
    denied = ("TL215 CloudWatch Logs role 'DeliveryRole' of trail 'Trail' does not allow logs:CreateLogStream or "
              f"logs:PutLogEvents on arn:aws:logs:us-east-1:{ACCOUNT}:log-group:<Ref LogGroup>:log-stream:"
              f"{ACCOUNT}_CloudTrail_us-east-1")
    assert [line.split(": ", 1)[1] for line in found if "TL215" in line] == ([denied] if tl215 else [])
    assert grants(capsys, *options, str(stack)) == {"ConfigRole": {
        "cloudtrail:DescribeTrails", "cloudtrail:ListTrails", "cloudtrail:GetTrail", "cloudtrail:GetTrailStatus",
        "cloudtrail:GetEventSelectors"}}


def test_authorization_details_that_list_only_the_attachment(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roles = [{"RoleName": name, "Arn": f"arn:aws:iam::{ACCOUNT}:role/{name}", "RolePolicyList": [],
              "AttachedManagedPolicies": [{"PolicyName": arn.rsplit("/", 1)[1], "PolicyArn": arn} for arn in arns]}
             for name, arns in (("viewer", [POLICY + "job-function/SupportUser", POLICY + "IAMReadOnlyAccess"]),
                                ("builder", [POLICY + "AWSCloudFormationFullAccess", POLICY + "AmazonEC2FullAccess"]))]
    (tmp_path / "authz.json").write_text(json.dumps({"RoleDetailList": roles}))
    (tmp_path / "trails.json").write_text(json.dumps({"trailList": [{
        "Name": "main", "TrailARN": f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/main", "HomeRegion": "us-east-1",
        "S3BucketName": "logs", "IsMultiRegionTrail": True, "LogFileValidationEnabled": True}]}))
    options = ("--region", "us-east-1", "--account", ACCOUNT)
    assert [line for line in lint(capsys, *options, str(tmp_path)) if "TL002" in line and "managed policy" in line] \
        == []
    # AWSCloudFormationFullAccess is cloudformation:*; AmazonEC2FullAccess names ec2:, elasticloadbalancing:,
    # cloudwatch:, autoscaling: and iam:CreateServiceLinkedRole: no CloudTrail action
    assert grants(capsys, *options, str(tmp_path)) == {f"arn:aws:iam::{ACCOUNT}:role/viewer": {
        "cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", "cloudtrail:LookupEvents"}}


def test_a_managed_policy_that_denies_takes_the_grant_away(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # AWSCompromisedKeyQuarantineV3 denies cloudtrail:LookupEvents (and logs:PutLogEvents), whatever
    # AdministratorAccess allows; AWSDenyAll denies every action
    (tmp_path / "main.tf").write_text(TERRAFORM.split('resource "aws_iam_role" "storage"')[0] + """
resource "aws_iam_role" "quarantined" {
  name                = "quarantined"
  assume_role_policy  = "{}"
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess",
                         "arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3"]
}
resource "aws_iam_role" "denied" {
  name                = "denied"
  assume_role_policy  = "{}"
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/AWSDenyAll"]
}
""")
    monkeypatch.chdir(tmp_path)
    assert [line for line in lint(capsys, ".") if "TL002" in line and "managed policy" in line] == []
    assert grants(capsys, ".") == {"aws_iam_role.quarantined": ALL_TRAIL_ACTIONS - {"cloudtrail:LookupEvents"}}
