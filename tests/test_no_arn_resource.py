"""A Resource on trail actions that is neither `*` nor an ARN (``*:*``, ``cloudtrail:*``): how IAM
matches it is not documented, so what it allows or denies on a trail is unknown (the access matrix
shows `?`), and the lint run says so once per policy (TL002) rather than passing over it: an SCP
Deny on ``*:*`` would otherwise turn an admin's TL401 into silence.
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.iam.access import analyse
from trail_lint.iam.evaluator import Decision
from trail_lint.registry import all_rules

ACCOUNT = "111122223333"
TRAIL = f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/main"
USER = f"arn:aws:iam::{ACCOUNT}:user/admin"
TRAILS = {"trailList": [{"Name": "main", "TrailARN": TRAIL, "HomeRegion": "us-east-1", "S3BucketName": "logs",
                         "IsMultiRegionTrail": True, "LogFileValidationEnabled": True,
                         "IncludeGlobalServiceEvents": True}]}
NO_ARNS = ["*:*", "cloudtrail:*", "trail/*", "*trail*"]


def _lint(folder: Path, deny_resources: list[str], action: str = "cloudtrail:*", users: int = 1):
    document = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "Deny", "Action": action, "Resource": deny_resources}]}
    policy = {"PolicyName": "Brakes", "Arn": f"arn:aws:iam::{ACCOUNT}:policy/Brakes", "DefaultVersionId": "v1",
              "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": True, "Document": document}]}
    (folder / "authz.json").write_text(json.dumps({
        "UserDetailList": [{"UserName": f"admin{n}" if n else "admin", "Arn": f"{USER}{n}" if n else USER,
                            "AttachedManagedPolicies": [{"PolicyName": "Brakes", "PolicyArn": policy["Arn"]}]}
                           for n in range(users)],
        "Policies": [policy]}, indent=1))
    (folder / "trails.json").write_text(json.dumps(TRAILS))
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        result = run(["."], Config(region="us-east-1", account=ACCOUNT), all_rules(), raise_errors=True)
    finally:
        os.chdir(cwd)
    said = [f.message for f in result.findings if f.rule == "TL002" and "neither `*` nor an ARN" in f.message]
    return said, analyse(result.inventory).decision(USER, TRAIL, "cloudtrail:StopLogging")


@pytest.mark.parametrize("pattern", NO_ARNS)
def test_a_deny_on_no_arn_is_said_and_left_open(tmp_path: Path, pattern: str) -> None:
    said, decision = _lint(tmp_path, [pattern])
    assert decision is Decision.UNKNOWN
    assert len(said) == 1 and f"policy Brakes names {pattern!r} as a resource of trail actions" in said[0]


@settings(max_examples=8, deadline=None)
@given(st.lists(st.sampled_from(NO_ARNS), min_size=1, max_size=3, unique=True), st.integers(1, 3))
def test_said_once_per_policy_naming_each_pattern_once(patterns: list[str], users: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        said, _ = _lint(Path(folder), patterns + patterns[:1], users=users)
    assert len(said) == 1
    assert all(said[0].count(repr(pattern)) == 1 for pattern in patterns)


@pytest.mark.parametrize(("resources", "action", "decision"), [
    ([f"arn:aws:cloudtrail:*:{ACCOUNT}:trail/*"], "cloudtrail:*", Decision.DENIED),   # an ARN
    (["*"], "cloudtrail:StopLogging", Decision.DENIED),
    (["*:*"], "s3:*", Decision.ALLOWED),            # no trail action: nothing to say about trails
])
def test_an_arn_or_another_service_is_not_said(tmp_path: Path, resources: list[str], action: str,
                                                decision: Decision) -> None:
    said, found = _lint(tmp_path, resources, action)
    assert said == [] and found is decision
