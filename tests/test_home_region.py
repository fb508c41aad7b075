"""A describe-trails HomeRegion (or the Region of a TrailARN) that is no Region code is not AWS's
output: AWS writes the Region a trail was created in as its code, such as us-east-1
(https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Trail.html,
https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html). It is bad input,
TL001 at the value, and no quota, coverage or partition is computed on it; the other files are
still linted.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trail_lint.cli import main
from trail_lint.scope import is_region_name

ACCOUNT = "111122223333"


def _listing(home: str | None, arn_region: str = "us-east-1") -> dict:
    trail = {"Name": "audit", "S3BucketName": "logs-bucket", "IsMultiRegionTrail": False,
             "TrailARN": f"arn:aws:cloudtrail:{arn_region}:{ACCOUNT}:trail/audit"}
    if home is not None:
        trail["HomeRegion"] = home
    return {"trailList": [trail]}


def _lint(tmp_path: Path, capsys: pytest.CaptureFixture[str], *listings: dict) -> list[str]:
    paths = []
    for index, listing in enumerate(listings):
        path = tmp_path / f"t{index}" / "describe-trails.json"
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(listing, indent=1))
        paths.append(str(path))
    capsys.readouterr()
    main(["--format", "parsable", "--select", "TL001,TL101,TL316", *paths])
    return [line.split(":", 1)[1] for line in capsys.readouterr().out.splitlines()]


@pytest.mark.parametrize("home", ["US-EAST-1", "global", "us_east_1", "useast1", " us-east-1"])
def test_a_home_region_that_is_no_region_code_is_bad_input(tmp_path: Path, capsys, home: str) -> None:
    """TL001 at HomeRegion, and nothing computed on the trail (its single-Region finding, TL316, would
    name the bogus Region); a good listing beside it is still linted."""
    out = _lint(tmp_path, capsys, _listing(home), _listing("us-east-1"))
    assert out[0] == f"8:4: TL001 HomeRegion {home!r} is not a Region code such as us-east-1"
    assert out[1:] == ["6:4: TL316 trail 'audit' records events in its home Region (us-east-1) only"]


def test_an_arn_of_no_region_code_is_bad_input_where_it_gives_the_region(tmp_path: Path, capsys) -> None:
    assert _lint(tmp_path, capsys, _listing(None, "global")) == [
        "7:4: TL001 TrailARN names Region 'global', which is not a Region code such as us-east-1"]


def test_a_region_code_of_no_region_known_is_taken(tmp_path: Path, capsys) -> None:
    """us-east-9 is spelt as a Region code: AWS adds Regions, and trail-lint lists none to refute it."""
    assert _lint(tmp_path, capsys, _listing("us-east-9", "us-east-9")) == [
        "6:4: TL316 trail 'audit' records events in its home Region (us-east-9) only"]


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(home=st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCZ0123456789-_ ", min_size=1, max_size=20))
def test_any_home_region_is_either_a_region_code_or_bad_input(tmp_path: Path, capsys, home: str) -> None:
    out = _lint(tmp_path, capsys, _listing(home.strip() or "x", "us-east-1" if is_region_name(home) else "us-east-2"))
    bad = not is_region_name(home.strip() or "x")
    assert [line for line in out if "TL001" in line] == (
        [f"8:4: TL001 HomeRegion {(home.strip() or 'x')!r} is not a Region code such as us-east-1"] if bad else [])
