"""A multi-Region trail records every Region of its own partition and none of another's (CloudTrail User
Guide, "Working with CloudTrail trails": "all AWS Regions in the AWS partition in which you are working")."""
from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.model import Trail
from trail_lint.registry import all_rules
from trail_lint.scope.names import partition_of
from trail_lint.scope.regional import Reach, Regional
from trail_lint.scope.trail_scope import covers_region

ACCOUNT = "123456789012"
REGIONS = ("us-east-1", "eu-west-1", "cn-north-1", "cn-northwest-1", "us-gov-west-1", "us-iso-east-1")


def _trail(name: str, region: str, multi_region: bool) -> Trail:
    arn = f"arn:{partition_of(region)}:cloudtrail:{region}:{ACCOUNT}:trail/{name}"
    return Trail(name=name, arn=arn, account=ACCOUNT, region=region, multi_region=multi_region)


@given(st.sampled_from(REGIONS), st.sampled_from(REGIONS))
def test_a_multi_region_trail_covers_the_regions_of_its_partition_only(home: str, region: str) -> None:
    trail = _trail("wide", home, True)
    same = partition_of(home) == partition_of(region)
    assert covers_region(trail, region) is same
    assert (trail in Reach.of([trail]).may_record(region)) is same
    assert (trail in Regional.of([trail]).of_region(region)) is same


def test_a_multi_region_trail_of_us_east_1_takes_no_room_in_cn_north_1(tmp_path: Path) -> None:
    listing = [{"Name": "audit", "S3BucketName": "logs", "IsMultiRegionTrail": True, "HomeRegion": "us-east-1",
                "TrailARN": f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/audit"}]
    listing += [{"Name": f"china-{i}", "S3BucketName": "logs", "IsMultiRegionTrail": False, "HomeRegion": "cn-north-1",
                 "TrailARN": f"arn:aws-cn:cloudtrail:cn-north-1:{ACCOUNT}:trail/china-{i}"} for i in range(5)]
    (tmp_path / "describe-trails.json").write_text(json.dumps({"trailList": listing}))
    findings = run([str(tmp_path)], Config(account=ACCOUNT), all_rules()).findings
    quota = [f.message for f in findings if f.rule in ("TL101", "TL102")]
    assert quota == [("cn-north-1 would hold 5 trails, the quota of 5: no room for another trail "
                     "(china-0, china-1, china-2, china-3, china-4)")]


def test_untied_scopes_pool_a_multi_region_trail_only_in_its_own_partition(tmp_path: Path) -> None:
    """Two root modules no input ties to an account: a multi-Region trail of us-east-1 in one and five
    trails of cn-north-1 in the other are six trails in no Region, so no TL002 about pooling them."""
    (tmp_path / "us").mkdir()
    (tmp_path / "us" / "main.tf").write_text('provider "aws" {\n  region = "us-east-1"\n}\n'
                                             'resource "aws_cloudtrail" "wide" {\n  name = "wide"\n'
                                             '  s3_bucket_name = "wide-logs"\n  is_multi_region_trail = true\n}\n')
    (tmp_path / "cn").mkdir()
    (tmp_path / "cn" / "main.tf").write_text('provider "aws" {\n  region = "cn-north-1"\n}\n' + "".join(
        f'resource "aws_cloudtrail" "t{i}" {{\n  name = "t{i}"\n  s3_bucket_name = "cn-logs"\n}}\n' for i in range(5)))
    findings = run([str(tmp_path / "cn"), str(tmp_path / "us")], Config(select=("TL002", "TL101", "TL102")),
                   all_rules(), raise_errors=True).findings
    assert [(f.rule, f.message) for f in findings] == [
        ("TL102", "cn-north-1 would hold 5 trails, the quota of 5: no room for another trail (t0, t1, t2, t3, t4)")]


def _scoped(name: str, region: str, multi_region: bool, account: str | None) -> Trail:
    return Trail(name=name, account=account, region=region, multi_region=multi_region)


@given(st.lists(st.tuples(st.sampled_from(REGIONS), st.booleans(), st.sampled_from([None, ACCOUNT, "210987654321"])),
                max_size=6), st.sampled_from(REGIONS))
def test_regional_counts_a_multi_region_trail_in_its_own_partition_only(
        found: list[tuple[str, bool, str | None]], region: str) -> None:
    """What Regional says of the trails of untied scopes and of the known account with most trails in a
    Region counts only the trails that record there."""
    trails = [_scoped(f"t{i}", home, multi, account) for i, (home, multi, account) in enumerate(found)]
    regional = Regional.of(trails)
    there = [t for t in trails if covers_region(t, region) is True]
    assert regional.untied_total(region) == sum(1 for t in there if t.account is None)
    counts = {a: sum(1 for t in there if t.account == a) for a in (ACCOUNT, "210987654321")}
    assert regional.kept(region)[1] == max(counts.values())
