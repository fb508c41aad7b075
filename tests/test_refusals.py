"""Policies IAM or AWS Organizations refuse at deployment, beyond the policy grammar: a role's trust
policy naming a resource, a resource control policy naming a principal other than "*"."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trail_lint.config import from_mapping
from trail_lint.engine import run
from trail_lint.iam.evaluator import names_resource, trust_refused, trust_rejected
from trail_lint.iam.scp_levels import rcp_refused
from trail_lint.model import UNKNOWN, Origin, Policy, Statement
from trail_lint.normalise.policy_json import parse_policy
from trail_lint.registry import all_rules

ACCOUNT = "111122223333"
ASSUME = {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "sts:AssumeRole"}
DENY = {"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "*"}


def policy(*statements: dict[str, Any]) -> Policy:
    return parse_policy({"Version": "2012-10-17", "Statement": list(statements)}, name="p",
                        origin=Origin("policy.json", ()))


# --- A role's trust policy names no resource ----------------------------------------------------

@pytest.mark.parametrize(("statements", "index"), [
    ([ASSUME], None),
    ([ASSUME, {**ASSUME, "Resource": "*"}], 1),
    ([{**ASSUME, "NotResource": f"arn:aws:iam::{ACCOUNT}:role/admin"}], 0),
    ([{**ASSUME, "Resource": []}], 0),                       # written, if empty: IAM sees the field
    # no AWS page says which actions a trust policy may name: not refused for them
    ([{**ASSUME, "Action": ["sts:AssumeRole", "sts:TagSession", "s3:GetObject"]}], None),
    ([{**ASSUME, "Action": "*"}], None),
])
def test_a_trust_policy_naming_a_resource_is_refused(statements: list[dict[str, Any]], index: int | None) -> None:
    document = policy(*statements)
    assert names_resource(document) == index
    assert trust_refused(document) is (index is not None)
    assert trust_rejected(document) is (index is not None)


@given(st.one_of(st.text(min_size=1), st.lists(st.text(min_size=1), min_size=1)),
       st.sampled_from(["Resource", "NotResource"]))
def test_any_resource_in_a_trust_policy_is_refused(value: Any, element: str) -> None:
    assert names_resource(policy(ASSUME, {**ASSUME, element: value})) == 1


# --- An RCP names only "*" ----------------------------------------------------------------------

@pytest.mark.parametrize(("statement", "field"), [
    (DENY, None),
    ({**DENY, "Principal": {"AWS": "*"}}, None),              # the page does not settle it: read as "*"
    ({**DENY, "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}}, "principals"),
    ({**DENY, "Principal": {"Service": "cloudtrail.amazonaws.com"}}, "principals"),
    ({**DENY, "Principal": {"AWS": ["*", f"arn:aws:iam::{ACCOUNT}:root"]}}, "principals"),
    ({key: value for key, value in DENY.items() if key != "Principal"}, ""),       # a Condition-only form
    ({**{key: value for key, value in DENY.items() if key != "Principal"},
      "Condition": {"Bool": {"aws:SecureTransport": "false"}}}, ""),
    ({**{key: value for key, value in DENY.items() if key != "Principal"}, "NotPrincipal": {"AWS": ACCOUNT}},
     "not_principals"),
    ({**{key: value for key, value in DENY.items() if key != "Action"}, "NotAction": "s3:Get*"}, "not_actions"),
    ({**DENY, "Action": "*"}, "actions"),
    ({**DENY, "Action": "s3:*"}, None),
])
def test_an_rcp_statement_naming_other_principals_is_refused(statement: dict[str, Any], field: str | None) -> None:
    refused = rcp_refused(policy(DENY, statement))
    assert (refused and refused[:2]) == (None if field is None else (1, field))


@given(st.dictionaries(st.sampled_from(["AWS", "Service", "Federated", "CanonicalUser"]),
                       st.lists(st.text(min_size=1), min_size=1, max_size=3), min_size=1))
def test_an_rcp_principal_is_refused_unless_it_is_everyone(principal: dict[str, list[str]]) -> None:
    refused = rcp_refused(policy({**DENY, "Principal": principal}))
    everyone = all(kind == "AWS" and set(values) == {"*"} for kind, values in principal.items())
    assert (refused is None) is everyone


def test_a_principal_not_known_offline_is_not_refused() -> None:
    document = Policy("p", (Statement("Deny", actions=("s3:*",), resources=("*",), principals={"AWS": UNKNOWN}),),
                      version="2012-10-17")
    assert rcp_refused(document) is None


# --- End to end: reported at the element, the rest still linted ---------------------------------

TEMPLATE = """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  LogsRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: cloudtrail.amazonaws.com}
            Action: sts:AssumeRole
            Resource: "*"
      Policies:
        - PolicyName: to-logs
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [logs:CreateLogStream, logs:PutLogEvents]
                Resource: "*"
  DenyOutsideWrites:
    Type: AWS::Organizations::Policy
    Properties:
      Name: deny-outside-writes
      Type: RESOURCE_CONTROL_POLICY
      TargetIds: [r-abcd]
      Content:
        Version: "2012-10-17"
        Statement:
          - Effect: Deny
            Principal: {AWS: "arn:aws:iam::444455556666:root"}
            Action: s3:PutObject
            Resource: "*"
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: audit
      S3BucketName: audit-logs
      IsLogging: true
      CloudWatchLogsLogGroupArn: "arn:aws:logs:us-east-1:111122223333:log-group:CloudTrail/logs:*"
      CloudWatchLogsRoleArn: !GetAtt LogsRole.Arn
"""


def lint(tmp_path: Path, name: str, text: str, rules: tuple[str, ...]) -> list[tuple[str, int, int, str]]:
    (tmp_path / name).write_text(text)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        config = from_mapping({"region": "us-east-1", "account": ACCOUNT, "select": list(rules)})
        result = run([name], config, all_rules(), raise_errors=True)
    finally:
        os.chdir(cwd)
    return [(f.rule, f.line, f.column, f.message) for f in result.findings]


def test_refused_policies_are_reported_where_they_are_and_the_rest_is_linted(tmp_path: Path) -> None:
    found = lint(tmp_path, "t.yaml", TEMPLATE, ("TL001", "TL215", "TL302"))
    assert [(rule, line, column) for rule, line, column, _ in found if rule == "TL001"] == [
        ("TL001", 12, 13), ("TL001", 31, 13)]
    # the refused trust policy is read as absent: no one may assume the role
    assert [message for rule, *_, message in found if rule == "TL215"] == [
        ("CloudWatch Logs role 'LogsRole' of trail 'audit' does not let CloudTrail assume it: IAM rejects "
         "the policy (reported as TL001), so it does not exist and does not allow cloudtrail.amazonaws.com "
         "sts:AssumeRole")]
    assert [rule for rule, *_ in found if rule == "TL302"] == ["TL302"]     # the trail itself is still linted
