"""get-trail / describe-trails output that keeps a trail's TrailARN and leaves out its Name (a test
double, a trimmed report) names the trail by its ARN, as the ARN gives its Region when HomeRegion
is left out: it is linted, not refused as bad input. Without either, it is bad input (TL001)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trail_lint.cli import main
from trail_lint.scope.arns import name_from_trail_arn

FLAGS = {"IsMultiRegionTrail": True, "IncludeGlobalServiceEvents": True, "LogFileValidationEnabled": False,
         "S3BucketName": "logs"}


def lint(tmp_path: Path, document: object, capsys: pytest.CaptureFixture[str]) -> list[str]:
    path = tmp_path / "get-trail.json"
    path.write_text(json.dumps(document, indent=1))
    capsys.readouterr()
    main(["--format", "parsable", "--select", "TL001,TL302", str(path)])
    return [line.split(":", 3)[3].strip() for line in capsys.readouterr().out.splitlines()]


def test_a_trail_without_name_is_named_by_its_arn(tmp_path: Path, capsys) -> None:
    trail = {"TrailARN": "arn:aws:cloudtrail:eu-west-1:123456789012:trail/archive", **FLAGS}
    assert lint(tmp_path, {"Trail": trail}, capsys) == ["TL302 log file validation is disabled for trail 'archive'"]


def test_a_trail_without_name_or_arn_is_bad_input(tmp_path: Path, capsys) -> None:
    assert lint(tmp_path, {"trailList": [FLAGS]}, capsys) == ["TL001 trail has no Name"]


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{2,40}", fullmatch=True),
       partition=st.sampled_from(["aws", "aws-cn", "aws-us-gov"]))
def test_the_name_is_what_follows_trail_slash(name: str, partition: str) -> None:
    assert name_from_trail_arn(f"arn:{partition}:cloudtrail:us-east-1:111122223333:trail/{name}") == name
    assert name_from_trail_arn(f"arn:{partition}:s3:::{name}") is None
    assert name_from_trail_arn(name) is None
