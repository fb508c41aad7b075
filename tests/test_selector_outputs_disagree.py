"""Two get-event-selectors outputs of one trail that say different things (recorded before and after
a change) leave what it records unknown: neither is used, and one TL002 names both files. Outputs
that say the same are one answer."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from trail_lint.cli import main

ARN = "arn:aws:cloudtrail:us-east-1:111122223333:trail/audit"
DISAGREE = "what trail 'audit' records is not known: its get-event-selectors outputs"


def listing() -> dict[str, Any]:
    return {"trailList": [{
        "Name": "audit", "TrailARN": ARN, "HomeRegion": "us-east-1", "S3BucketName": "logs",
        "IsMultiRegionTrail": True, "IncludeGlobalServiceEvents": True, "LogFileValidationEnabled": True,
        "HasCustomEventSelectors": True}]}


def selectors(management: bool, data: bool) -> dict[str, Any]:
    resources = [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::"]}] if data else []
    return {"status_code": 200, "data": {"TrailARN": ARN, "EventSelectors": [
        {"ReadWriteType": "All", "IncludeManagementEvents": management, "DataResources": resources}]}}


def lint(tmp_path: Path, outputs: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]) -> list[tuple[str, str]]:
    (tmp_path / "describe-trails.json").write_text(json.dumps(listing()))
    for i, output in enumerate(outputs, 1):
        (tmp_path / f"cloudtrail.GetEventSelectors_{i}.json").write_text(json.dumps(output))
    main(["--format", "json", "--select", "TL002,TL304,TL308,TL309", str(tmp_path)])
    return [(f["rule"], f["message"]) for f in json.loads(capsys.readouterr().out)["findings"]]


@pytest.mark.parametrize("first_management", [True, False])
def test_outputs_that_disagree_are_unknown_said_once(tmp_path, capsys, first_management):
    found = lint(tmp_path, [selectors(first_management, not first_management),
                            selectors(not first_management, first_management)], capsys)
    assert [rule for rule, _ in found if rule != "TL002"] == []
    said = [message for rule, message in found if rule == "TL002" and DISAGREE in message]
    assert len(said) == 1, found
    assert "cloudtrail.GetEventSelectors_1.json and cloudtrail.GetEventSelectors_2.json" in said[0]
    assert said[0].startswith("TL309 (trail-logs-own-bucket) cannot decide")


def test_outputs_that_say_the_same_are_one_answer(tmp_path, capsys):
    found = lint(tmp_path, [selectors(False, True), selectors(False, True)], capsys)
    assert sorted(rule for rule, _ in found if rule != "TL002") == ["TL304", "TL308", "TL309"]
    assert not any(DISAGREE in message for _, message in found)


def test_insight_outputs_that_disagree_are_unknown(tmp_path, capsys):
    insights = [{"TrailARN": ARN, "InsightSelectors": [{"InsightType": kind}]}
                for kind in ("ApiCallRateInsight", "ApiErrorRateInsight")]
    trails = listing()
    trails["trailList"][0].update(HasCustomEventSelectors=False, HasInsightSelectors=True)
    (tmp_path / "describe-trails.json").write_text(json.dumps(trails))
    for i, output in enumerate(insights, 1):
        (tmp_path / f"insights_{i}.json").write_text(json.dumps(output))
    main(["--format", "json", "--select", "TL002,TL317", str(tmp_path)])
    found = [f["message"] for f in json.loads(capsys.readouterr().out)["findings"] if "Insights" in f["message"]]
    assert found == [("which Insights trail 'audit' has is not known: its get-insight-selectors outputs "
                      "(insights_1.json and insights_2.json) do not say the same")]


def test_outputs_naming_the_trail_by_arn_and_by_name_that_say_the_same_are_one_answer(tmp_path, capsys):
    by_name = selectors(False, True)
    by_name["data"]["TrailARN"] = "audit"
    found = lint(tmp_path, [selectors(False, True), by_name], capsys)
    assert sorted(rule for rule, _ in found if rule != "TL002") == ["TL304", "TL308", "TL309"]
