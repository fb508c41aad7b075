"""A TL002 on a CloudFormation policy statement names why that statement's parts are not known
offline (a parameter without a Default), and only the Defaults that statement rests on, not those
of another statement of the same document (an Fn::If on a condition of a defaulted parameter)."""
from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trail_lint.config import from_mapping
from trail_lint.engine import run
from trail_lint.registry import all_rules

TEMPLATE = """
Parameters:
  {admin}:
    Type: String
  {users}:
    Type: CommaDelimitedList
    Default: ''
Conditions:
  HasUsers: !Not [!Equals [!Join ['', !Ref {users}], '']]
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Sid: Admin
            Effect: Allow
            Principal:
              AWS: !Ref {admin}
            Action: 'kms:*'
            Resource: '*'
          - !If
            - HasUsers
            - Sid: Users
              Effect: Allow
              Principal:
                AWS: !Ref {users}
              Action: 'kms:Decrypt'
              Resource: '*'
            - !Ref AWS::NoValue
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: audit
      IsLogging: true
      S3BucketName: audit-logs
      KMSKeyId: !GetAtt Key.Arn
"""

NAMES = st.from_regex(r"[A-Z][a-zA-Z]{2,12}", fullmatch=True)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=10, deadline=None)
@given(admin=NAMES, users=NAMES)
def test_tl002_names_the_statements_own_unknown_parameter(tmp_path: Path, admin: str, users: str) -> None:
    if admin == users:
        return
    (tmp_path / "t.yaml").write_text(TEMPLATE.format(admin=admin, users=users))
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        config = from_mapping({"region": "us-east-1", "account": "111122223333", "select": ["TL318", "TL002"]})
        result = run(["t.yaml"], config, all_rules(), raise_errors=True)
    finally:
        os.chdir(cwd)
    said = [f.message for f in result.findings if f.rule == "TL002" and "'Admin'" in f.message]
    assert len(said) == 1, [f.message for f in result.findings]
    assert f"parameter {admin} has no Default" in said[0]
    assert users not in said[0]           # the other statement's Default is not this one's
