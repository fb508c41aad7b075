"""The notes the access analysis says once per policy (resolve.Context): a template placeholder in a
Resource, a Resource that is neither `*` nor an ARN, a statement not known offline. Each is said
whatever the statements before it in the policy, and none for a policy of `*` and plain ARNs."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.iam.access import analyse
from trail_lint.registry import all_rules

ACCOUNT = "123456789012"
PLAIN = [{"Sid": "Read", "Effect": "Allow", "Action": "cloudtrail:GetTrail", "Resource": "*"},
         {"Sid": "Stop", "Effect": "Allow", "Action": "cloudtrail:StopLogging",
          "Resource": f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/main"}]


def notes(tmp_path: Path, statements: list[dict[str, object]]) -> list[str]:
    (tmp_path / "policy.json").write_text(json.dumps({"Version": "2012-10-17", "Statement": statements}))
    (tmp_path / "describe-trails.json").write_text(json.dumps({"trailList": [{
        "Name": "main", "S3BucketName": "b", "IsMultiRegionTrail": True, "HomeRegion": "us-east-1",
        "TrailARN": f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/main"}]}))
    inventory = run([str(tmp_path)], Config(account=ACCOUNT), all_rules()).inventory
    return [problem.message for problem in analyse(inventory).unknown]


def test_a_policy_of_stars_and_arns_has_no_note(tmp_path: Path) -> None:
    assert notes(tmp_path, PLAIN) == []


@pytest.mark.parametrize("resource, said", [
    (f"arn:${{PARTITION}}:cloudtrail:us-east-1:{ACCOUNT}:trail/main", "holds ${PARTITION}, no policy variable"),
    ("cloudtrail:*", "names 'cloudtrail:*' as a resource of trail actions"),
])
def test_a_note_after_plain_statements(tmp_path: Path, resource: str, said: str) -> None:
    statements = [*PLAIN, {"Sid": "Odd", "Effect": "Allow", "Action": "cloudtrail:DeleteTrail", "Resource": resource}]
    found = notes(tmp_path, statements)
    assert len(found) == 1 and said in found[0] and "policy policy.json" in found[0]
    assert notes(tmp_path, PLAIN[:1]) == []     # the same folder, the odd statement gone
