"""TL402 says where the trails are that a statement allows tampering with every one of: a trail
wildcard confined to an account or Region (the deployment's own, as landing-zone automation roles
write it, or one written out) covers every trail there, not every trail."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trail_lint.cli import main


def tl402(path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    main(["--format", "json", "--select", "TL402", str(path)])
    return [finding["message"] for finding in json.loads(capsys.readouterr().out)["findings"]]


def policy(tmp_path: Path, *resources: str) -> Path:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "Manage", "Effect": "Allow", "Action": "cloudtrail:StopLogging", "Resource": list(resources)}]}))
    return path


@pytest.mark.parametrize(("resources", "where"), [
    (("*",), ""),
    (("arn:aws:cloudtrail:*:*:trail/*",), ""),
    (("arn:aws:cloudtrail:*:*:*",), ""),
    (("arn:aws:cloudtrail:eu-west-1:*:trail/*",), " in Region eu-west-1"),
    (("arn:aws:cloudtrail:*:111122223333:trail/*",), " of account 111122223333"),
    (("arn:aws:cloudtrail:eu-*:111122223333:trail/*",), " of account 111122223333, in Region eu-*"),
    (("arn:aws:cloudtrail:eu-west-1:*:trail/*", "arn:aws:cloudtrail:us-east-1:*:trail/*"),
     " in Region eu-west-1 and every trail in Region us-east-1"),
    # a wildcard anywhere among the patterns reaches every trail, whatever the others confine
    (("arn:aws:cloudtrail:eu-west-1:*:trail/*", "*"), ""),
    # a pattern naming some trails only is not one that covers every trail: said of the other
    (("arn:aws:cloudtrail:*:*:trail/audit", "arn:aws:cloudtrail:eu-west-1:*:trail/*"), " in Region eu-west-1"),
])
def test_a_written_account_or_region_is_said(tmp_path, capsys, resources, where):
    messages = tl402(policy(tmp_path, *resources), capsys)
    assert messages == [f"statement 'Manage' of policy policy.json allows StopLogging on every trail{where}"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(region=st.sampled_from(["us-east-1", "eu-central-2", "ap-southeast-4", "il-central-1"]),
       account=st.from_regex(r"\A[0-9]{12}\Z"))
def test_a_statement_confined_to_one_account_and_region_names_them(tmp_path_factory, capsys, region, account):
    path = tmp_path_factory.mktemp("where") / "policy.json"
    path.write_text(json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "Manage", "Effect": "Allow", "Action": "cloudtrail:DeleteTrail",
         "Resource": f"arn:aws:cloudtrail:{region}:{account}:trail/*"}]}))
    messages = tl402(path, capsys)
    assert messages == [(f"statement 'Manage' of policy policy.json allows DeleteTrail on every trail "
                        f"of account {account}, in Region {region}")]


def test_the_stack_account_and_region_are_the_deployment_own(tmp_path, capsys):
    """An automation role's policy, as landing-zone solutions write it, in a template: every trail of
    the stack's own account and Region, whatever they turn out to be."""
    path = tmp_path / "template.yaml"
    path.write_text("""\
Resources:
  Automation:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: trails
          PolicyDocument:
            Statement:
              - Sid: Manage
                Effect: Allow
                Action: [cloudtrail:StopLogging, cloudtrail:StartLogging]
                Resource: !Sub arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/*
              - Sid: Other
                Effect: Allow
                Action: cloudtrail:DeleteTrail
                Resource: !Sub arn:${AWS::Partition}:cloudtrail:eu-west-1:${AWS::AccountId}:trail/*
""")
    assert tl402(path, capsys) == [
        ("statement 'Manage' of policy trails allows StopLogging on every trail of the account and Region it is "
        "deployed in"),
        ("statement 'Other' of policy trails allows DeleteTrail on every trail of the account it is deployed in, "
        "in Region eu-west-1")]


def test_a_terraform_variable_is_named(tmp_path, capsys):
    (tmp_path / "main.tf").write_text("""\
variable "region" {
  type = string
}

data "aws_caller_identity" "current" {}

resource "aws_iam_policy" "manage" {
  name = "manage"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "cloudtrail:UpdateTrail"
      Resource = "arn:aws:cloudtrail:${var.region}:${data.aws_caller_identity.current.account_id}:trail/*"
    }]
  })
}
""")
    messages = tl402(tmp_path, capsys)
    assert messages == [("statement 1 of policy aws_iam_policy.manage allows UpdateTrail on every trail of the "
                        "account it is deployed in, in Region ${var.region}")]
