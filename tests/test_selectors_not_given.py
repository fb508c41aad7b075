"""A listing that says more exists than the inputs hold is never a silent pass.

describe-trails gives only the presence of custom event selectors (HasCustomEventSelectors) and of
Insights selectors (HasInsightSelectors); without the get-event-selectors / get-insight-selectors
output, what the trail records is not known. Every rule whose decision depends on it says so once
per trail (TL002, naming the rules it blocked); a rule it cannot change stays silent about it.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trail_lint.cli import main
from trail_lint.snapshot import SCHEMA, region_file, trail_file

ACCOUNT = "111122223333"
NOT_GIVEN = "records is not known: describe-trails says it has custom event selectors"


def trail(name: str, region: str = "us-east-1", multi: bool = True, **settings: Any) -> dict[str, Any]:
    return {"Name": name, "S3BucketName": f"logs-{name}", "HomeRegion": region, "IsMultiRegionTrail": multi,
            "TrailARN": f"arn:aws:cloudtrail:{region}:{ACCOUNT}:trail/{name}", "LogFileValidationEnabled": True,
            "IncludeGlobalServiceEvents": True, "IsOrganizationTrail": False,
            "KmsKeyId": f"arn:aws:kms:{region}:{ACCOUNT}:key/k", **settings}


def selectors(name: str, management: bool, region: str = "us-east-1") -> dict[str, Any]:
    return {"TrailARN": f"arn:aws:cloudtrail:{region}:{ACCOUNT}:trail/{name}",
            "EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": management, "DataResources": []}]}


def write(path: Path, document: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n")
    return path


def lint(paths: list[Path], select: str, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, str]]:
    main(["--format", "json", "--select", select, *map(str, paths)])
    return [(f["rule"], f["message"]) for f in json.loads(capsys.readouterr().out)["findings"]]


def blocked(findings: list[tuple[str, str]], name: str) -> list[str]:
    """The rules a TL002 about the trail's selectors names (one finding per trail, or none)."""
    said = [message for rule, message in findings if rule == "TL002" and f"trail {name!r} {NOT_GIVEN}" in message]
    assert len(said) <= 1, said
    return [rule for rule in ("TL304", "TL305", "TL308", "TL315", "TL317", "TL501", "TL502", "TL503", "TL504")
            if said and rule in said[0].split(" cannot decide:")[0]]


def test_custom_selectors_without_their_output_block_the_copy_count(tmp_path, capsys):
    listing = write(tmp_path / "describe-trails.json", {"trailList": [
        trail("audit", HasCustomEventSelectors=True), trail("team", HasCustomEventSelectors=False)]})
    found = lint([listing], "TL501,TL503,TL002", capsys)
    assert [rule for rule, _ in found if rule != "TL002"] == []
    assert blocked(found, "audit") == ["TL501", "TL503"]
    assert blocked(found, "team") == []          # its selectors are the default: all management events

    # the same trails with both flags false: two certain copies, no TL002
    plain = write(tmp_path / "plain" / "describe-trails.json", {"trailList": [
        trail("audit", HasCustomEventSelectors=False), trail("team", HasCustomEventSelectors=False)]})
    found = lint([plain], "TL501,TL503,TL002", capsys)
    assert sorted(rule for rule, _ in found) == ["TL501", "TL503"]


@pytest.mark.parametrize("management, expected", [(True, ["TL501", "TL503"]), (False, [])])
def test_the_selectors_given_decide_it(tmp_path, capsys, management, expected):
    listing = write(tmp_path / "describe-trails.json", {"trailList": [
        trail("audit", HasCustomEventSelectors=True), trail("team", HasCustomEventSelectors=False)]})
    given_ = write(tmp_path / "get-event-selectors.json", selectors("audit", management))
    found = lint([listing, given_], "TL501,TL503,TL002", capsys)
    assert sorted(rule for rule, _ in found) == expected


def test_a_legacy_listing_without_the_flag_records_the_default(tmp_path, capsys):
    # describe-trails responses from before event selectors existed have no HasCustomEventSelectors
    listing = write(tmp_path / "describe-trails.json", {"trailList": [trail("audit"), trail("team")]})
    found = lint([listing], "TL501,TL002", capsys)
    assert [rule for rule, _ in found] == ["TL501"]


def test_a_lone_trail_blocks_the_coverage_rules_but_not_the_copy_count(tmp_path, capsys):
    listing = write(tmp_path / "describe-trails.json", {"trailList": [trail("audit", HasCustomEventSelectors=True)]})
    found = lint([listing], "TL304,TL305,TL308,TL501,TL502,TL503,TL504,TL002", capsys)
    assert blocked(found, "audit") == ["TL304", "TL305", "TL308"]
    assert [rule for rule, _ in found] == ["TL002"]


def test_a_trail_that_records_the_default_beside_it_decides_coverage(tmp_path, capsys):
    listing = write(tmp_path / "describe-trails.json", {"trailList": [
        trail("audit", HasCustomEventSelectors=True), trail("team", HasCustomEventSelectors=False)]})
    found = lint([listing], "TL304,TL305,TL308,TL002", capsys)
    assert found == []          # 'team' records every management event everywhere, whatever 'audit' does


def test_same_place_trails_block_the_duplicate_check(tmp_path, capsys):
    listing = write(tmp_path / "describe-trails.json", {"trailList": [
        trail("audit", HasCustomEventSelectors=True, S3BucketName="logs"),
        trail("team", HasCustomEventSelectors=False, S3BucketName="logs")]})
    assert blocked(lint([listing], "TL502,TL002", capsys), "audit") == ["TL502"]


def test_insights_without_their_output(tmp_path, capsys):
    write_only = {"TrailARN": f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/audit",
                  "EventSelectors": [{"ReadWriteType": "ReadOnly", "IncludeManagementEvents": True}]}
    listing = write(tmp_path / "describe-trails.json", {"trailList": [
        trail("audit", HasCustomEventSelectors=True, HasInsightSelectors=True)]})
    given_ = write(tmp_path / "get-event-selectors.json", write_only)
    found = lint([listing, given_], "TL317,TL002", capsys)
    assert found == [("TL002", ("TL317 (insights-record-nothing) cannot decide: which Insights trail 'audit' has is "
                               "not known: describe-trails says it has Insights selectors and its "
                               "get-insight-selectors output is not in the inputs"))]
    # a trail recording every management event: any Insights type has what it analyses
    plain = write(tmp_path / "plain" / "describe-trails.json", {"trailList": [
        trail("audit", HasCustomEventSelectors=False, HasInsightSelectors=True)]})
    assert lint([plain], "TL317,TL002", capsys) == []


def test_a_snapshot_whose_selector_call_failed_is_not_a_silent_pass(tmp_path, capsys):
    root = tmp_path / "snap"
    write(root / "manifest.json", {
        "schema": SCHEMA, "caller": f"arn:aws:iam::{ACCOUNT}:user/exporter", "started": "2026-12-01T10:00:00Z",
        "accounts": [{"id": ACCOUNT, "regions": ["us-east-1"]}],
        "failures": [{"account": ACCOUNT, "region": "us-east-1", "call": "cloudtrail:GetEventSelectors",
                      "target": f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/audit", "code": "AccessDenied",
                      "message": "denied"}]})
    write(root / region_file(ACCOUNT, "us-east-1", "describe-trails"), {"trailList": [
        trail("audit", HasCustomEventSelectors=True), trail("team", HasCustomEventSelectors=False)]})
    write(root / trail_file(ACCOUNT, "us-east-1", "team", "get-trail-status"), {"IsLogging": True})
    found = lint([root], "TL501,TL002", capsys)
    assert blocked(found, "audit") == ["TL501"]
    assert [rule for rule, _ in found] == ["TL002", "TL002"]     # and the manifest's failure itself


FLAGS = st.sampled_from([True, False, None])            # HasCustomEventSelectors: true, false, absent
GIVEN = st.sampled_from([None, True, False])            # get-event-selectors: not given, management on, off


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(FLAGS, GIVEN, st.booleans()), min_size=1, max_size=4))
def test_copies_are_counted_or_said_to_be_unknown(tmp_path_factory, capsys, spec):
    """TL501 is found when two trails certainly record management events in us-east-1; otherwise,
    when two may, TL002 names it for each trail whose selectors are not given; else nothing."""
    directory = tmp_path_factory.mktemp("copies")
    listed, paths, certain, maybe = [], [], 0, []
    for index, (flag, given_, multi) in enumerate(spec):
        name = f"trail{index}"
        settings_ = {} if flag is None else {"HasCustomEventSelectors": flag}
        listed.append(trail(name, multi=multi, **settings_))
        if flag is True and given_ is not None:
            paths.append(write(directory / f"{name}.json", selectors(name, given_)))
        records = flag is not True or given_        # None: not known
        certain += records is True
        if records is None:
            maybe.append(name)
    paths.append(write(directory / "describe-trails.json", {"trailList": listed}))
    found = lint(paths, "TL501,TL002", capsys)
    assert ("TL501" in [rule for rule, _ in found]) == (certain > 1)
    for index, (flag, given_, _) in enumerate(spec):
        name = f"trail{index}"
        expected = ["TL501"] if name in maybe and certain + len(maybe) > 1 else []
        assert blocked(found, name) == expected


@pytest.mark.parametrize("status, expected", [
    (None, [("TL002", ("TL301 (logging-disabled) cannot decide: whether trail 'audit' is logging is not known: its "
                      "get-trail-status output is not in the inputs"))]),
    (True, []),
    (False, [("TL301", "trail 'audit' is not logging")])])
def test_logging_is_decided_only_by_get_trail_status(tmp_path, capsys, status, expected):
    paths = [write(tmp_path / "describe-trails.json", {"trailList": [trail("audit")]})]
    if status is not None:
        paths.append(write(tmp_path / "get-trail-status.json", {"IsLogging": status}))
    assert lint(paths, "TL301,TL002", capsys) == expected



def test_a_listing_without_trail_status_is_one_tl002_naming_its_trails(tmp_path, capsys):
    """One TL002 per describe-trails listing, not one per trail: a few named, then how many more
    (before: six trails, six TL002s)."""
    six = write(tmp_path / "a" / "describe-trails.json", {"trailList": [trail(f"t{n}") for n in range(6)]})
    two = write(tmp_path / "b" / "describe-trails.json", {"trailList": [trail("x"), trail("y")]})
    assert lint([six, two], "TL301,TL002", capsys) == [
        ("TL002", ("TL301 (logging-disabled) cannot decide: whether trails 't0', 't1', 't2' and 3 more are logging "
                  "is not known: their get-trail-status output is not in the inputs")),
        ("TL002", ("TL301 (logging-disabled) cannot decide: whether trails 'x' and 'y' are logging is not known: "
                  "their get-trail-status output is not in the inputs"))]
    # placed at the listing, not at one of its trails
    main(["--format", "parsable", "--select", "TL301,TL002", str(six)])
    assert capsys.readouterr().out.startswith(f"{six}:2:3: TL002")


def test_an_organization_trail_without_status_is_said_alone(tmp_path, capsys):
    """Every member account lists the organization trail too: said of it alone, the TL002 is the same in
    each account's run, which `trail-lint merge` then keeps once."""
    listing = write(tmp_path / "describe-trails.json", {"trailList": [
        trail("org", IsOrganizationTrail=True), trail("x"), trail("y")]})
    assert lint([listing], "TL301,TL002", capsys) == [
        ("TL002", ("TL301 (logging-disabled) cannot decide: whether trails 'x' and 'y' are logging is not known: "
                   "their get-trail-status output is not in the inputs")),
        ("TL002", ("TL301 (logging-disabled) cannot decide: whether trail 'org' is logging is not known: its "
                   "get-trail-status output is not in the inputs"))]


def test_findings_on_joined_selectors_point_at_the_selectors(tmp_path, capsys):
    """A finding about selectors that get-event-selectors output gives is where that output holds
    them, not at describe-trails' HasCustomEventSelectors flag."""
    listing = write(tmp_path / "describe-trails.json", {"trailList": [trail("audit", HasCustomEventSelectors=True)]})
    given = selectors("audit", management=True)
    given["EventSelectors"][0]["DataResources"] = [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::logs-audit/"]}]
    output = write(tmp_path / "get-event-selectors.json", given)
    main(["--format", "parsable", "--select", "TL309", str(listing), str(output)])
    line = output.read_text().split("\n").index('  "EventSelectors": [') + 1
    assert capsys.readouterr().out.splitlines() == [
        f"{output}:{line}:3: TL309 trail 'audit' records S3 write data events for its own log bucket 'logs-audit'"]


def test_a_trail_not_logging_is_said_where_get_trail_status_says_so(tmp_path, capsys):
    """Whether a trail is logging comes from get-trail-status output joined to it: TL301 points at
    its IsLogging, not at the trail in describe-trails, which does not say."""
    listing = write(tmp_path / "describe-trails.json", {"trailList": [trail("audit")]})
    status = write(tmp_path / "get-trail-status.json", {"LatestDeliveryTime": 1700000000.0, "IsLogging": False})
    main(["--format", "parsable", "--select", "TL301", str(listing), str(status)])
    line = status.read_text().split("\n").index('  "IsLogging": false') + 1
    assert capsys.readouterr().out.splitlines() == [f"{status}:{line}:3: TL301 trail 'audit' is not logging"]
