"""An identity policy statement of a CloudFormation template whose Resource (or Action) is a
parameter without a Default (``!Ref TrailArn``, ``!Sub ...:trail/${TrailArn}``) may name any trail:
what it grants there is open, said once per parameter, in the parameter's TL002, naming the rules
it leaves open, as a Terraform variable without a value is. A parameter that names the template's
trail too is that trail, whatever it is: compared, not said.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.finding import Finding
from trail_lint.registry import all_rules

TEMPLATE = '''AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  TrailArn:
    Type: String
  TrailName:
    Type: String
  Actions:
    Type: String
Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: NAME
      S3BucketName: audit-logs-111122223333
      IsLogging: true
  Ops:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: ec2.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: ops
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
STATEMENTS
'''
ACCESS = ("TL401 (can-tamper-with-trail), TL404 (trail-arn-matches-no-trail), TL406 (stop-without-start) and "
          "TL407 (deny-guardrail-gap) cannot decide")


def _statement(action: str, resource: str) -> str:
    return f"              - Effect: Allow\n                Action: {action}\n                Resource: {resource}\n"


def _lint(tmp_path: Path, *statements: str, name: str = "audit", **settings: object) -> list[Finding]:
    path = tmp_path / "template.yaml"
    path.write_text(TEMPLATE.replace("NAME", name).replace("STATEMENTS\n", "".join(statements)))
    return list(run([str(path)], Config(**settings), all_rules(), raise_errors=True).findings)  # type: ignore[arg-type]


def _parameter(findings: list[Finding], name: str) -> list[str]:
    return [f.message for f in findings if f.rule == "TL002" and f.message.startswith(f"parameter {name} ")]


@pytest.mark.parametrize("resource", ["!Ref TrailArn", '!Sub "arn:aws:cloudtrail:us-east-1:111122223333:trail/${TrailArn}"'])
def test_a_resource_without_a_value_is_said_once_with_the_rules_it_blocks(tmp_path: Path, resource: str) -> None:
    found = _lint(tmp_path, _statement("cloudtrail:StopLogging", resource),
                  _statement("cloudtrail:DeleteTrail", resource))
    assert [f for f in found if f.rule in ("TL401", "TL402")] == []
    said, = _parameter(found, "TrailArn")
    assert said.startswith("parameter TrailArn has no Default: pass --parameter TrailArn=VALUE, so not known: ")
    # each statement it leaves open, with the rules
    for number in (1, 2):
        assert f"the trails statement {number} of policy ops names (TL402 (tamper-on-every-trail), {ACCESS})" in said


def test_a_resource_of_another_service_is_not_said(tmp_path: Path) -> None:
    found = _lint(tmp_path, _statement("cloudtrail:StopLogging", '!Sub "arn:aws:s3:::${TrailArn}"'))
    assert _parameter(found, "TrailArn") == []


def test_a_statement_without_trail_actions_is_not_said(tmp_path: Path) -> None:
    assert _parameter(_lint(tmp_path, _statement("s3:GetObject", "!Ref TrailArn")), "TrailArn") == []


def test_a_parameter_naming_the_trail_too_is_compared(tmp_path: Path) -> None:
    # the trail's name and the policy's Resource hold one value: the grant is on that trail, a finding
    resource = '!Sub "arn:aws:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/${TrailName}"'
    found = _lint(tmp_path, _statement("cloudtrail:StopLogging", resource), name="!Ref TrailName",
                  region="us-east-1", account="111122223333")
    assert not any("the trails statement" in message for message in _parameter(found, "TrailName"))
    assert [f.message for f in found if f.rule == "TL401"] == ["role Ops can StopLogging on 'Trail'"]


def test_an_action_without_a_value_is_said_once_with_the_rules_it_blocks(tmp_path: Path) -> None:
    found = _lint(tmp_path, _statement("!Ref Actions", '"*"'))
    said, = _parameter(found, "Actions")
    assert "so not known: what statement 1 of policy ops allows or denies on trails (" in said and ACCESS in said


def test_a_given_value_decides(tmp_path: Path) -> None:
    found = _lint(tmp_path, _statement("cloudtrail:StopLogging", "!Ref TrailArn"), parameters={"TrailArn": "*"})
    assert [f.rule for f in found if f.rule in ("TL401", "TL402")] == ["TL401", "TL402"]
    assert _parameter(found, "TrailArn") == []
