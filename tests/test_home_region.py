"""A describe-trails HomeRegion (or the Region of a TrailARN) that is no Region code is not AWS's
output: AWS writes the Region a trail was created in as its code, such as us-east-1
(https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Trail.html,
https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html). It is bad input,
TL001 at the value, and no quota, coverage or partition is computed on it; the other files are
still linted. A HomeRegion and a TrailARN that name two Regions leave the home Region not known.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trail_lint.cli import main
from trail_lint.scope.names import is_region_name

ACCOUNT = "111122223333"


def _listing(home: str | None, arn_region: str = "us-east-1") -> dict:
    trail = {"Name": "audit", "S3BucketName": "logs-bucket", "IsMultiRegionTrail": False,
             "TrailARN": f"arn:aws:cloudtrail:{arn_region}:{ACCOUNT}:trail/audit"}
    if home is not None:
        trail["HomeRegion"] = home
    return {"trailList": [trail]}


def _lint(tmp_path: Path, capsys: pytest.CaptureFixture[str], *listings: dict,
          select: str = "TL001,TL101,TL316") -> list[str]:
    paths = []
    for index, listing in enumerate(listings):
        path = tmp_path / f"t{index}" / "describe-trails.json"
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(listing, indent=1))
        paths.append(str(path))
    capsys.readouterr()
    main(["--format", "parsable", "--select", select, *paths])
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
    """us-east-9 is spelt as a Region code: AWS adds Regions, so one missing from trail-lint's dated list
    is linted as written, and said as a warning (TL225), never as bad input."""
    assert _lint(tmp_path, capsys, _listing("us-east-9", "us-east-9")) == [
        "6:4: TL316 trail 'audit' records events in its home Region (us-east-9) only"]
    capsys.readouterr()
    main(["--format", "parsable", "--select", "TL001,TL225", str(tmp_path / "t0" / "describe-trails.json")])
    assert [line.split(":", 1)[1] for line in capsys.readouterr().out.splitlines()] == [
        "8:4: TL225 home Region 'us-east-9' of trail 'audit' is not in trail-lint's list of Regions of 2026-12-03"]


def test_the_list_of_regions_is_dated_sourced_and_one_with_the_partitions() -> None:
    """Every listed Region is spelt as one and belongs to the partition scope.names.partition_of gives it."""
    from trail_lint.resources import data_path, load_json_resource
    from trail_lint.scope.names import partition_of, region_listed

    listed = load_json_resource(data_path("regions.json"))
    assert listed["source"]["retrieved"] and listed["source"]["url"].startswith("https://")
    for partition, regions in listed["partitions"].items():
        for region in regions:
            assert is_region_name(region) and region_listed(region)
            assert partition_of(region) == partition, region
    assert not region_listed("us-east-9") and region_listed("us-east-1") and region_listed("cn-northwest-1")


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(home=st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCZ0123456789-_ ", min_size=1, max_size=20))
def test_any_home_region_is_either_a_region_code_or_bad_input(tmp_path: Path, capsys, home: str) -> None:
    given = home.strip() or "x"
    out = _lint(tmp_path, capsys, _listing(given, given if is_region_name(given) else "us-east-2"))
    bad = not is_region_name(home.strip() or "x")
    assert [line for line in out if "TL001" in line] == (
        [f"8:4: TL001 HomeRegion {(home.strip() or 'x')!r} is not a Region code such as us-east-1"] if bad else [])


def test_a_home_region_that_is_not_the_region_of_the_arn_beside_it_is_not_known(tmp_path: Path, capsys) -> None:
    """AWS gives a trail's home Region in HomeRegion and in its ARN, shadow copies included: the two
    disagree only in a file edited by hand, and which is right nothing says. The home Region is not
    known (one TL002 at HomeRegion), the trail's other checks still run, and no Region is guessed."""
    out = _lint(tmp_path, capsys, _listing("us-west-2", "us-east-1"), _listing("us-east-1"),
                select="TL001,TL002,TL101,TL316")
    assert [line for line in out if "TL001" in line] == []
    assert ("8:4: TL002 home Region of trail 'audit' is not known: its HomeRegion (us-west-2) is not the Region "
            "of its TrailARN (us-east-1), and AWS gives a trail's home Region in both; Region checks (quota, "
            "coverage, cost) leave it out") in out
    assert sorted(line for line in out if "TL316" in line) == [
        "6:4: TL316 trail 'audit' records events in its home Region (us-east-1) only",
        "6:4: TL316 trail 'audit' records events in its home Region only"]
    assert not [line for line in out if "us-west-2" in line and "TL002" not in line]


def test_shadow_copies_of_trails_homed_elsewhere_are_normal(tmp_path: Path, capsys) -> None:
    """A listing taken in one Region shows the multi-Region trails of others, each with its own home
    Region in both fields (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DescribeTrails.html)."""
    listing = {"trailList": [
        {"Name": name, "S3BucketName": "logs-bucket", "IsMultiRegionTrail": True, "HomeRegion": home,
         "TrailARN": f"arn:aws:cloudtrail:{home}:{ACCOUNT}:trail/{name}"}
        for name, home in (("east", "us-east-1"), ("west", "us-west-2"), ("frankfurt", "eu-central-1"))]}
    assert [line for line in _lint(tmp_path, capsys, listing) if "TL001" in line] == []


def _state(tmp_path: Path, **attributes: object) -> Path:
    values = {"name": "stored", "s3_bucket_name": "logs-bucket", "is_multi_region_trail": True,
              "home_region": "us-east-1", "arn": f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/stored", **attributes}
    state = {"version": 4, "terraform_version": "1.9.5", "serial": 1, "lineage": "x", "outputs": {}, "resources": [{
        "mode": "managed", "type": "aws_cloudtrail", "name": "t",
        "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
        "instances": [{"schema_version": 1, "attributes": values}]}]}
    path = tmp_path / "terraform.tfstate"
    path.write_text(json.dumps(state, indent=1))
    return path


def _state_trails(path: Path) -> list[tuple[object, ...]]:
    from trail_lint.config import Config
    from trail_lint.engine import run
    from trail_lint.registry import all_rules

    result = run([str(path)], Config(select=("TL001",)), all_rules(), raise_errors=True)
    return [(f.line, f.message) for f in result.findings] or [(t.region,) for t in result.inventory.trails]


def _state_unknowns(path: Path) -> list[tuple[object, ...]]:
    from trail_lint.config import Config
    from trail_lint.engine import run
    from trail_lint.registry import all_rules

    result = run([str(path)], Config(select=("TL001", "TL002")), all_rules(), raise_errors=True)
    return [(f.rule, f.line, f.message) for f in result.findings]


def test_terraform_state_home_region_and_arn_name_one_region(tmp_path: Path) -> None:
    """The provider reads home_region and arn from AWS's Trail (HomeRegion, TrailARN)."""
    assert _state_trails(_state(tmp_path)) == [("us-east-1",)]
    assert _state_unknowns(_state(tmp_path, home_region="eu-west-1")) == [
        ("TL002", 20, ("home Region of aws_cloudtrail.t is not known: its home_region (eu-west-1) is not the Region "
                       "of its arn (us-east-1), and AWS gives a trail's home Region in both; Region checks (quota, "
                       "coverage, cost) leave it out"))]
    assert _state_trails(_state(tmp_path, home_region="global")) == [
        (20, "home_region 'global' of aws_cloudtrail.t is not a Region code such as us-east-1")]


def test_terraform_state_of_a_trail_managed_from_another_region_keeps_its_home(tmp_path: Path) -> None:
    """Provider v6 writes the Region it manages a resource from (`region`); a trail found by its ARN from
    another Region is real (DescribeTrails takes an ARN of any Region), and still lives in its home Region."""
    assert _state_trails(_state(tmp_path, region="ap-south-1")) == [("us-east-1",)]
    without_home = _state(tmp_path, region="ap-south-1", home_region="")
    assert _state_trails(without_home) == [("us-east-1",)]      # the ARN's Region
