"""TL308 reads whether global service events reach a trail from the one place that says so
(``scope.trail_scope.receives_global_events``): a multi-Region trail, or a single-Region trail of us-east-1 with
IncludeGlobalServiceEvents on. A multi-Region trail with the flag off is refused by CreateTrail and
UpdateTrail ("Multi-Region trail must include global service events"): TL202 reports it, alone.
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events
"""
from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_same_holes import lint

RULES = ("TL202", "TL308", "TL002")


def template(multi: bool, include: bool) -> str:
    return ("Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n"
            f"      S3BucketName: logs\n      IsMultiRegionTrail: {str(multi).lower()}\n"
            f"      IncludeGlobalServiceEvents: {str(include).lower()}\n")


def test_a_multi_region_trail_without_global_events_is_tl202_alone(tmp_path: Path) -> None:
    found = lint(tmp_path, "t.yaml", template(True, False), RULES, region="eu-west-1", regions=["us-east-1"])
    assert found == ["TL202 multi-Region trail 'Trail' turns off global service events"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(multi=st.booleans(), include=st.booleans(), region=st.sampled_from(["us-east-1", "eu-west-1", "ap-southeast-2"]))
def test_tl308_fires_exactly_when_no_global_events_reach_the_trail(tmp_path: Path, multi: bool, include: bool,
                                                                   region: str) -> None:
    found = lint(tmp_path, "t.yaml", template(multi, include), ("TL308",), region=region, regions=["us-east-1"])
    reaches = multi or (include and region == "us-east-1")
    assert bool(found) is not reaches, found


TWO = """Resources:
  A:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: logs
      IsMultiRegionTrail: false
      IncludeGlobalServiceEvents: true
  B:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: logs
      IsMultiRegionTrail: false
      IncludeGlobalServiceEvents: false
"""


def test_single_region_trails_apart_only_by_the_flag_wait_for_their_region(tmp_path: Path) -> None:
    # the flag tells them apart only in us-east-1: without the stack's Region, the Region's TL002 names TL502
    found = [f.split(": home Region")[0] for f in lint(tmp_path, "t.yaml", TWO, ("TL502", "TL002"))]
    assert found == ["TL002 TL502 (duplicate-trail) cannot decide"]
    assert lint(tmp_path, "t.yaml", TWO, ("TL502",), region="eu-west-1") == \
        ["TL502 trail 'B' delivers the same events as trail 'A' to s3://logs in eu-west-1"]
    assert lint(tmp_path, "t.yaml", TWO, ("TL502", "TL002"), region="us-east-1") == []
