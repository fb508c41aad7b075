"""A managed policy or group the access analysis cannot resolve: one TL002 per policy ARN or group, at
its first attachment, naming the access rules of the run it leaves undecided; the analysis's other
TL002 findings (an SCP whose reach is unknown) keep their words."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.registry import all_rules

ACCOUNT = "111122223333"
MANAGEMENT = "999999999999"
MYSTERY = f"arn:aws:iam::{ACCOUNT}:policy/mystery"
UNKNOWN_POLICY = (f"managed policy {MYSTERY} is not in the inputs or the shipped AWS managed policies: "
                  "its permissions are unknown")
ACCESS_RULES = ("TL401 (can-tamper-with-trail), TL404 (trail-arn-matches-no-trail), TL406 (stop-without-start) "
                "and TL407 (deny-guardrail-gap) cannot decide: ")
TRAILS = {"trailList": [{"Name": "main", "TrailARN": f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/main",
                         "HomeRegion": "us-east-1", "S3BucketName": "logs", "IsMultiRegionTrail": True,
                         "LogFileValidationEnabled": True}]}


def _role(name: str, *arns: str) -> dict:
    return {"RoleName": name, "Arn": f"arn:aws:iam::{ACCOUNT}:role/{name}", "RolePolicyList": [],
            "AttachedManagedPolicies": [{"PolicyName": arn.rsplit("/", 1)[1], "PolicyArn": arn} for arn in arns]}


def _user(name: str, *groups: str) -> dict:
    return {"UserName": name, "Arn": f"arn:aws:iam::{ACCOUNT}:user/{name}", "GroupList": list(groups),
            "UserPolicyList": [], "AttachedManagedPolicies": []}


def _tl002(folder: Path, authz: dict, config: Config | None = None, **files: dict) -> list[tuple[str, int, str]]:
    # one principal a line: a finding's line tells which principal's attachment it is at
    (folder / "authz.json").write_text("{\n" + ",\n".join(
        f"{json.dumps(kind)}: [\n" + ",\n".join(map(json.dumps, principals)) + "\n]"
        for kind, principals in authz.items()) + "\n}\n")
    (folder / "trails.json").write_text(json.dumps(TRAILS))
    for name, content in files.items():
        (folder / f"{name}.json").write_text(json.dumps(content))
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        result = run(["."], config or Config(region="us-east-1", account=ACCOUNT), all_rules(), raise_errors=True)
    finally:
        os.chdir(cwd)
    # (the trail's own TL002 findings, such as its unknown logging status, are not these)
    return [(f.file, f.line, f.message) for f in result.findings if f.rule == "TL002" and f.file != "trails.json"]


@settings(max_examples=10, deadline=None)
@given(st.integers(min_value=1, max_value=5))
def test_one_tl002_per_unknown_policy_however_many_principals_attach_it(count: int) -> None:
    import tempfile
    roles = [_role(f"worker{n}", MYSTERY) for n in range(count)]
    with tempfile.TemporaryDirectory() as folder:
        found = _tl002(Path(folder), {"RoleDetailList": roles})
    assert found == [("authz.json", 3, ACCESS_RULES + UNKNOWN_POLICY)]     # worker0's attachment


def test_a_group_not_in_the_inputs_is_said_once_naming_the_access_rules(tmp_path: Path) -> None:
    found = _tl002(tmp_path, {"UserDetailList": [_user("alice", "ops"), _user("bob", "ops")]})
    assert [(line, message) for _, line, message in found] == [
        (3, ACCESS_RULES + f"group ops of arn:aws:iam::{ACCOUNT}:user/alice is not in the inputs: its permissions "
        "are unknown")]


def test_only_the_access_rules_of_the_run_are_named(tmp_path: Path) -> None:
    config = Config(region="us-east-1", account=ACCOUNT, select=("TL002", "TL406"))
    found = _tl002(tmp_path, {"RoleDetailList": [_role("worker", MYSTERY)]}, config)
    assert [message for _, _, message in found] == [
        "TL406 (stop-without-start) cannot decide: " + UNKNOWN_POLICY]


def test_the_access_intents_rule_is_named_only_with_intents(tmp_path: Path) -> None:
    intents = ({"principals": ["*"], "trails": ["*"], "must_not": ["stop"]},)
    config = Config(region="us-east-1", account=ACCOUNT, access=intents)
    found = _tl002(tmp_path, {"RoleDetailList": [_role("worker", MYSTERY)]}, config)
    assert [message for _, _, message in found] == [
        "TL401 (can-tamper-with-trail), TL404 (trail-arn-matches-no-trail), TL405 (access-intent-violated), "
        "TL406 (stop-without-start) and TL407 (deny-guardrail-gap) cannot decide: " + UNKNOWN_POLICY]


def test_an_scp_attached_to_nothing_keeps_its_words_beside_an_unknown_policy(tmp_path: Path) -> None:
    scp = {"Policy": {
        "PolicySummary": {"Id": "p-1", "Name": "protect-trails", "Type": "SERVICE_CONTROL_POLICY",
                          "Arn": f"arn:aws:organizations::{MANAGEMENT}:policy/o-abc/service_control_policy/p-1"},
        "Content": json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Deny", "Action": "cloudtrail:StopLogging", "Resource": "*"}]})}}
    found = _tl002(tmp_path, {"RoleDetailList": [_role("worker", MYSTERY)]}, scp=scp)
    assert sorted(message for _, _, message in found) == [
        ("SCP protect-trails is attached to nothing in the inputs: which accounts it restricts is unknown, so what "
         "it would deny is shown as conditional"),
        ACCESS_RULES + UNKNOWN_POLICY]


def test_an_attachment_a_variable_without_a_value_writes_is_said_in_that_variables_tl002(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\n'
        'variable "extra" {\n  type = string\n}\n'
        'resource "aws_cloudtrail" "t" {\n  name = "audit"\n  s3_bucket_name = "audit-logs"\n}\n'
        'resource "aws_iam_role" "ci" {\n  name = "ci"\n  assume_role_policy = "{}"\n}\n'
        'resource "aws_iam_role_policy_attachment" "ci" {\n  role = aws_iam_role.ci.name\n'
        '  policy_arn = var.extra\n}\n')
    config = Config(select=("TL002", "TL401", "TL406"))
    monkeypatch.chdir(tmp_path)
    found = run(["."], config, all_rules(), raise_errors=True).findings
    assert [(f.line, f.message) for f in found if f.rule == "TL002"] == [
        (4, ("var.extra has no value: no default, and none given in a tfvars file or --var (in the root module), "
             "so not known: policy_arn of aws_iam_role_policy_attachment.ci (TL401 (can-tamper-with-trail) and "
             "TL406 (stop-without-start) cannot decide: a managed policy ARN is only known at deployment: the "
             "permissions it attaches are unknown)"))]
