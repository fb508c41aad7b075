"""No request of a trail action carries request tags, so a condition on aws:RequestTag/… or
aws:TagKeys is settled for them: a Deny of StopLogging "unless aws:RequestTag/approved is yes"
always applies, one "when aws:RequestTag/approved is yes" never does (a key absent from the request
makes a condition false, a negated one true: the condition operators page). Before, both were
"conditional", and a role that can stop logging was not reported (TL401).
https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudtrail.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from trail_lint.cli import main
from trail_lint.iam.access import GLOBAL_ACTIONS, TRAIL_ACTIONS
from trail_lint.iam.resolve import NO_REQUEST_TAGS
from trail_lint.resources import data_path, load_json_resource


def test_no_action_the_analysis_decides_takes_request_tags() -> None:
    table = load_json_resource(data_path("cloudtrail-actions.json"))["actions"]
    for action in (*TRAIL_ACTIONS, *GLOBAL_ACTIONS):
        keys = [key.lower() for key in table[action.split(":", 1)[1]]["condition_keys"]]
        assert not [key for key in keys if key.startswith(NO_REQUEST_TAGS)], action
    # the table does list them where a request takes tags: the test reads the right column
    assert "aws:RequestTag/${TagKey}" in table["CreateTrail"]["condition_keys"]


def _lint(tmp_path: Path, capsys: pytest.CaptureFixture[str], operator: str, *args: str) -> str:
    gaad = {"UserDetailList": [], "GroupDetailList": [], "Policies": [], "RoleDetailList": [{
        "RoleName": "ops", "Arn": "arn:aws:iam::123456789012:role/ops", "Path": "/",
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}]},
        "RolePolicyList": [{"PolicyName": "ops", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "cloudtrail:*", "Resource": "*"},
            {"Effect": "Deny", "Action": ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail"], "Resource": "*",
             "Condition": {operator: {"aws:RequestTag/approved": "yes"}}}]}}],
        "AttachedManagedPolicies": []}]}
    trails = {"trailList": [{"Name": "audit", "S3BucketName": "logs-123456789012", "IsMultiRegionTrail": True,
                             "HomeRegion": "us-east-1", "TrailARN": "arn:aws:cloudtrail:us-east-1:123456789012:trail/audit",
                             "LogFileValidationEnabled": True, "IncludeGlobalServiceEvents": True,
                             "IsOrganizationTrail": False, "HasCustomEventSelectors": False}]}
    (tmp_path / "gaad.json").write_text(json.dumps(gaad))
    (tmp_path / "trails.json").write_text(json.dumps(trails))
    capsys.readouterr()
    main([*args, str(tmp_path)])
    return capsys.readouterr().out


def test_a_deny_unless_a_request_tag_always_applies(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _lint(tmp_path, capsys, "StringNotEquals", "access", "--format", "json", "--all")
    decisions = {(row["action"], row["decision"]) for row in json.loads(out)["grants"]
                 if row["action"] in ("cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail")
                 and not row["principal"].endswith(":root")}     # the role's, not the root user's
    assert decisions == {("cloudtrail:StopLogging", "denied"), ("cloudtrail:DeleteTrail", "denied"),
                         ("cloudtrail:UpdateTrail", "allowed")}


def test_a_deny_when_a_request_tag_is_given_never_does(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _lint(tmp_path, capsys, "StringEquals", "--format", "parsable", "--select", "TL401")
    assert "TL401 role ops can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'audit'" in out
