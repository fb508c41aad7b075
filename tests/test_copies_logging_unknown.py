"""The rules that count copies (TL501, TL502, TL503, TL504) and trails whose logging is not known.

CloudTrail charges for the copies trails deliver, and a stopped trail delivers nothing
(https://aws.amazon.com/cloudtrail/pricing/). A trail whose logging the inputs do not settle (a
Terraform variable without a value, describe-trails output without get-trail-status) is counted
only "up to" and marked "if logging"; Terraform's `enable_logging` unset is true, which is known.
Two multi-Region trails that share the data events of resources whose ARNs name a Region share
them in that Region only (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
"""
from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.registry import all_rules

# enable_logging as the configuration writes it: unset (true), true, false, or a variable without a value
LOGGING = ("unset", "true", "false", "var")


def _terraform(tmp_path: Path, logging: tuple[str, ...], volume: int = 0) -> dict[str, list[str]]:
    blocks = ['variable "on" {\n  type = bool\n}\n', 'provider "aws" {\n  region = "us-east-1"\n}\n']
    for index, value in enumerate(logging):
        setting = {"unset": "", "true": "  enable_logging = true\n", "false": "  enable_logging = false\n",
                   "var": "  enable_logging = var.on\n"}[value]
        blocks.append(f'resource "aws_cloudtrail" "t{index}" {{\n  name           = "t{index}"\n'
                      f'  s3_bucket_name = "logs-{index}"\n{setting}}}\n')
    folder = tmp_path / "tf"
    folder.mkdir(exist_ok=True)
    (folder / "main.tf").write_text("\n".join(blocks))
    config = Config(select=("TL501", "TL503"), event_volume={"us-east-1": volume} if volume else {})
    result = run([str(folder)], config, all_rules(), raise_errors=True)
    found: dict[str, list[str]] = {"TL501": [], "TL503": []}
    for finding in result.findings:
        found[finding.rule].append(finding.message)
    return found


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(LOGGING), min_size=2, max_size=3).map(tuple))
def test_copies_count_trails_whose_logging_is_not_known_only_at_most(tmp_path: Path, logging: tuple[str, ...]) -> None:
    found = _terraform(tmp_path, logging)
    known = [f"t{i}" for i, value in enumerate(logging) if value in ("unset", "true")]
    unknown = [f"t{i}" for i, value in enumerate(logging) if value == "var"]
    counted = sorted([*known, *(f"{name} (if logging)" for name in unknown)])
    paid = len(counted) - 1
    if paid < 1:
        assert found == {"TL501": [], "TL503": []}
        return
    # what the trails known to log make for certain, and at most what they all may make
    sure = max(len(known) - 1, 0)
    up_to = "" if not unknown else f"{sure} to " if sure else "up to "
    assert found["TL501"] == [(f"{up_to}{paid} paid cop{'y' if paid == 1 else 'ies'} of management events in "
                              f"us-east-1: trails {', '.join(counted)}")]
    # TL503 counts the trails as TL501 counts their copies: certain only where two are known to log
    trails = f"{len(known)} to {len(counted)}" if unknown and len(known) > 1 else "up to " * bool(unknown) + f"{len(counted)}"
    assert found["TL503"] == [f"{trails} trails record global service events in us-east-1: {', '.join(counted)}"]


def _describe_trails(tmp_path: Path, trails: list[dict[str, object]], rules: tuple[str, ...]) -> list[str]:
    path = tmp_path / "trails.json"
    path.write_text(json.dumps({"trailList": trails}, indent=1))
    result = run([str(path)], Config(select=rules), all_rules(), raise_errors=True)
    return [f"{f.rule} {f.message}" for f in result.findings]


def _listed(name: str, **more: object) -> dict[str, object]:
    return {"Name": name, "S3BucketName": f"logs-{name}", "HomeRegion": "us-east-1", "IsMultiRegionTrail": True,
            "IncludeGlobalServiceEvents": True, "LogFileValidationEnabled": True,
            "TrailARN": f"arn:aws:cloudtrail:us-east-1:111122223333:trail/{name}", **more}


def test_describe_trails_without_status_says_the_copies_are_up_to(tmp_path: Path) -> None:
    found = _describe_trails(tmp_path, [_listed("a"), _listed("b")], ("TL501", "TL503"))
    assert found == [
        ("TL501 up to 1 paid copy of management events in every enabled Region: multi-Region trails a (if logging), "
        "b (if logging)"),
        "TL503 up to 2 trails record global service events in us-east-1: a (if logging), b (if logging)"]


def test_a_duplicate_trail_whose_logging_is_not_known_is_marked(tmp_path: Path) -> None:
    trails = [_listed("a", S3BucketName="logs"), _listed("b", S3BucketName="logs")]
    assert _describe_trails(tmp_path, trails, ("TL502",)) == [
        "TL502 trail 'b' (if logging) delivers the same events as trail 'a' (if logging) to s3://logs"]


def _data_trails(tmp_path: Path, logging: str, arns: list[str], kind: str = "AWS::Lambda::Function",
                 single: bool = False, region: str | None = None) -> list[str]:
    """Two multi-Region trails of one template (and with ``single`` a single-Region trail) that all log
    the data events of ``arns``, the stack in ``region``."""
    lines = ["Parameters:", "  Enabled:", "    Type: String", "Resources:"]
    for name in ("a", "b", "c") if single else ("a", "b"):
        lines += [f"  {name.upper()}:", "    Type: AWS::CloudTrail::Trail", "    Properties:",
                  f"      TrailName: {name}", f"      S3BucketName: logs-{name}", f"      IsLogging: {logging}",
                  f"      IsMultiRegionTrail: {str(name != 'c').lower()}", "      EventSelectors:",
                  "        - IncludeManagementEvents: false",
                  "          DataResources:", f"            - Type: {kind}", f"              Values: {json.dumps(arns)}"]
    path = tmp_path / "trails.yaml"
    path.write_text("\n".join(lines) + "\n")
    result = run([str(path)], Config(select=("TL504",), region=region), all_rules(), raise_errors=True)
    return [f.message for f in result.findings if f.rule == "TL504"]


LAMBDA = "arn:aws:lambda:{}:111122223333:function:f"


def test_overlapping_data_events_of_trails_whose_logging_is_not_known_are_marked(tmp_path: Path) -> None:
    assert _data_trails(tmp_path, "!Ref Enabled", ["arn:aws:s3:::bucket/"], "AWS::S3::Object") == [
        ("trails 'a' (if logging) and 'b' (if logging) both log data events for AWS::S3::Object arn:aws:s3:::bucket/ "
         "in every enabled Region")]


def test_overlapping_data_events_of_one_region_are_said_in_that_region(tmp_path: Path) -> None:
    assert _data_trails(tmp_path, "true", [LAMBDA.format("eu-west-1")]) == [
        f"trails 'a' and 'b' both log data events for AWS::Lambda::Function {LAMBDA.format('eu-west-1')} in eu-west-1"]
    both = [LAMBDA.format("eu-west-1"), LAMBDA.format("us-east-2")]
    assert _data_trails(tmp_path, "true", both) == [
        (f"trails 'a' and 'b' both log data events for AWS::Lambda::Function {both[0]}, AWS::Lambda::Function "
        f"{both[1]} in eu-west-1 and us-east-2")]
    # a prefix that stops before the Region, and S3 objects (whose ARNs name none), may be of every Region
    assert _data_trails(tmp_path, "true", ["arn:aws:lambda"]) == [
        "trails 'a' and 'b' both log data events for all AWS::Lambda::Function in every enabled Region"]
    assert _data_trails(tmp_path, "true", ["arn:aws:s3:::bucket/"], "AWS::S3::Object") == [
        "trails 'a' and 'b' both log data events for AWS::S3::Object arn:aws:s3:::bucket/ in every enabled Region"]
    # a single-Region trail of that Region joins them: the one finding of the Region says them all
    one = [LAMBDA.format("eu-west-1")]
    assert _data_trails(tmp_path, "true", one, single=True, region="eu-west-1") == [
        f"3 trails 'a', 'b' and 'c' log the same data events (AWS::Lambda::Function {one[0]}) in eu-west-1"]
    # one of another Region shares none of those events (its stack is in us-east-1)
    assert _data_trails(tmp_path, "true", one, single=True, region="us-east-1") == [
        f"trails 'a' and 'b' both log data events for AWS::Lambda::Function {one[0]} in eu-west-1"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(("true", "var")), min_size=2, max_size=4).map(tuple),
       st.integers(min_value=1, max_value=50).map(lambda n: n * 100_000))
def test_the_cost_of_copies_is_a_range_where_the_count_is(tmp_path: Path, logging: tuple[str, ...],
                                                         volume: int) -> None:
    """The monthly estimate follows the count: what the certain copies cost, to what they all may."""
    found = _terraform(tmp_path, logging, volume)
    sure, most = max(logging.count("true") - 1, 0), len(logging) - 1
    dollars = [f"${copies * volume * 2 / 100_000:,.2f}" for copies in (sure, most)]
    cost = f"about {dollars[1]}" if sure == most else f"about {dollars[0]} to {dollars[1]}" if sure else \
        f"up to about {dollars[1]}"
    assert [message.split("; ", 1)[1] for message in found["TL501"]] == [
        f"{cost} per month at {volume:,} events ($2.00 per 100,000 events, AWS pricing retrieved 2026-11-23)"]
