"""TL318: a trail's KMS key policy statement that lets anyone decrypt, re-encrypt, grant or rewrite."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trail_lint.config import from_mapping
from trail_lint.engine import run
from trail_lint.registry import all_rules

ACCOUNT = "111122223333"
TEMPLATE = """
Parameters:
  Actions:
    Type: CommaDelimitedList
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy: {policy}
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: audit
      IsLogging: true
      S3BucketName: audit-logs
      KMSKeyId: !GetAtt Key.Arn
"""


def lint(tmp_path: Path, statement: dict[str, Any] | str) -> list[str]:
    policy = statement if isinstance(statement, str) else json.dumps({"Statement": [{"Sid": "S", **statement}]})
    (tmp_path / "t.yaml").write_text(TEMPLATE.format(policy=policy))
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        config = from_mapping({"region": "us-east-1", "account": ACCOUNT, "select": ["TL318", "TL002"]})
        result = run(["t.yaml"], config, all_rules(), raise_errors=True)
    finally:
        os.chdir(cwd)
    return [f"{f.rule} {f.message}" for f in result.findings if f.rule in ("TL318", "TL002")]


# Who may call: anyone (three spellings), or named principals that are never anyone
ANYONE = ("*", {"AWS": "*"}, {"AWS": ["*"]})
NAMED = ({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, {"Service": "cloudtrail.amazonaws.com"})
# Actions that expose what the key protects, and which one the finding names first
EXPOSES = {"kms:*": "kms:Decrypt", "kms:Decrypt": "kms:Decrypt", "kms:ReEncrypt*": "kms:ReEncryptFrom",
           "kms:CreateGrant": "kms:CreateGrant", "kms:PutKeyPolicy": "kms:PutKeyPolicy", "kms:Dec*": "kms:Decrypt"}
HARMLESS = ("kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:GetPublicKey")
# Conditions that confine callers (policyuniverse's list), and one that does not
CONFINING = ({"StringEquals": {"kms:CallerAccount": ACCOUNT}}, {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3"}},
             {"StringEquals": {"aws:PrincipalAccount": ACCOUNT}}, {"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}})
OPEN = ({"Bool": {"aws:SecureTransport": "true"}},)


@given(principal=st.sampled_from(ANYONE + NAMED), actions=st.lists(st.sampled_from(list(EXPOSES) + list(HARMLESS)),
       min_size=1, max_size=3), condition=st.sampled_from((None,) + CONFINING + OPEN),
       effect=st.sampled_from(("Allow", "Deny")))
def test_reported_exactly_when_anyone_may_use_the_key(tmp_path_factory: Any, principal: object, actions: list[str],
                                                      condition: dict[str, Any] | None, effect: str) -> None:
    statement: dict[str, Any] = {"Effect": effect, "Principal": principal, "Action": actions, "Resource": "*"}
    if condition is not None:
        statement["Condition"] = condition
    found = lint(tmp_path_factory.mktemp("t"), statement)
    exposing = [EXPOSES[a] for a in actions if a in EXPOSES]
    if effect == "Allow" and principal in ANYONE and condition not in CONFINING and exposing:
        named = next(a for a in ("kms:Decrypt", "kms:ReEncryptFrom", "kms:CreateGrant", "kms:PutKeyPolicy")
                     if a in exposing)
        assert found == [(f"TL318 statement 'S' of the key policy of 'Key' of trail 'audit' lets anyone call {named} "
                         f"on the key")]
    else:
        assert found == []


def test_not_principal_is_anyone_else(tmp_path: Path) -> None:
    found = lint(tmp_path, {"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::444455556666:root"},
                            "Action": "kms:Decrypt", "Resource": "*"})
    assert found == [("TL318 statement 'S' of the key policy of 'Key' of trail 'audit' lets anyone call kms:Decrypt "
                     "on the key")]


@pytest.mark.parametrize("operator", ["StringLike", "StringEqualsIfExists", "ForAllValues:StringEquals",
                                      "StringNotEquals"])
def test_unknown_condition_that_may_admit_anyone_is_undecided(tmp_path: Path, operator: str) -> None:
    # a wildcard, a request without the key, or a negation may let anyone through whatever the value is
    policy = ('{Statement: [{Sid: S, Effect: Allow, Principal: "*", Action: "kms:Decrypt", Resource: "*", '
              f'Condition: {{"{operator}": {{"kms:CallerAccount": !ImportValue Reader}}}}}}]}}')
    assert lint(tmp_path, policy) == [
        ("TL002 TL318 (kms-key-public) cannot decide: statement 'S' of the key policy of 'Key' of trail 'audit' may "
        "let anyone call kms:Decrypt on the key: its Condition is not known")]


@pytest.mark.parametrize(("operator", "key"), [("StringEquals", "kms:CallerAccount"),
                                               ("StringEqualsIgnoreCase", "aws:PrincipalOrgID"),
                                               ("ForAnyValue:StringEquals", "aws:SourceAccount")])
def test_exact_condition_on_the_caller_confines_it_whatever_its_value(tmp_path: Path, operator: str,
                                                                      key: str) -> None:
    # AWS's documented "decrypt log files" statement: Principal "*", kms:CallerAccount = the stack's account
    policy = ('{Statement: [{Sid: S, Effect: Allow, Principal: {AWS: "*"}, Action: ["kms:Decrypt", "kms:ReEncryptFrom"], '
              f'Resource: "*", Condition: {{"{operator}": {{"{key}": !ImportValue Caller}}}}}}]}}')
    assert lint(tmp_path, policy) == []


def test_unknown_condition_on_a_named_principal_is_no_finding(tmp_path: Path) -> None:
    policy = (f'{{Statement: [{{Sid: S, Effect: Allow, Principal: {{AWS: "arn:aws:iam::{ACCOUNT}:root"}}, '
              'Action: "kms:Decrypt", Resource: "*", Condition: {StringEquals: {"kms:CallerAccount": !ImportValue R}}}]}')
    assert lint(tmp_path, policy) == []


def test_unknown_action_is_undecided(tmp_path: Path) -> None:
    policy = '{Statement: [{Sid: S, Effect: Allow, Principal: "*", Action: !Ref Actions, Resource: "*"}]}'
    assert lint(tmp_path, policy) == [
        ("TL002 TL318 (kms-key-public) cannot decide: statement 'S' of the key policy of 'Key' of trail 'audit' may "
        "let anyone call kms:Decrypt on the key: its Action is not known "
        "(parameter Actions has no Default: pass --parameter Actions=VALUE)")]


def test_unknown_action_of_a_confined_statement_is_no_finding(tmp_path: Path) -> None:
    policy = ('{Statement: [{Sid: S, Effect: Allow, Principal: "*", Action: !Ref Actions, Resource: "*", '
              f'Condition: {{StringEquals: {{"kms:CallerAccount": "{ACCOUNT}"}}}}}}]}}')
    assert lint(tmp_path, policy) == []
