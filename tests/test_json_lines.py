"""Several JSON values in one ``.json`` file: JSON Lines (``aws cloudtrail lookup-events`` piped
through ``jq -c '.Events[]'``, a CloudTrail log export) or ``jq`` without ``-c``. Values of no kind
trail-lint reads make a file of another tool, skipped with a note under ``-v``; a file holding an
input among its values is a broken input (AWS and its tools read one JSON value a file): TL001 at
the second value's line and column."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trail_lint.cli import main
from trail_lint.load import load_values

DESCRIBE_TRAILS = {"trailList": [{
    "Name": "audit", "S3BucketName": "audit-logs", "IsMultiRegionTrail": False, "HomeRegion": "us-east-1",
    "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/audit", "LogFileValidationEnabled": True}]}
POLICY = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "cloudtrail:*", "Resource": "*"}]}


def lint(*arguments: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, Any]], str]:
    status = main(["--format", "json", "-v", *arguments])
    captured = capsys.readouterr()
    return status, json.loads(captured.out)["findings"], captured.err


def event(number: int, name: str) -> dict[str, Any]:
    """One item of lookup-events' ``Events``: the record itself is a JSON string."""
    record = {"eventVersion": "1.08", "eventSource": "cloudtrail.amazonaws.com", "eventName": name,
              "awsRegion": "us-east-1", "requestParameters": {"name": "audit"}}
    return {"EventId": f"{number:08d}-0000-4000-8000-000000000000", "EventName": name, "ReadOnly": "false",
            "EventTime": "2026-11-02T10:00:00+00:00", "EventSource": "cloudtrail.amazonaws.com",
            "Username": "alice", "Resources": [{"ResourceType": "AWS::CloudTrail::Trail", "ResourceName": "audit"}],
            "CloudTrailEvent": json.dumps(record)}


NAMES = st.sampled_from(["StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors", "CreateTrail"])


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(NAMES, min_size=2, max_size=6), compact=st.booleans(), crlf=st.booleans())
def test_cloudtrail_events_one_per_line_are_skipped_with_a_note(
        tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str],
        names: list[str], compact: bool, crlf: bool) -> None:
    folder = tmp_path_factory.mktemp("events")
    values = [json.dumps(event(n, name), indent=None if compact else 2) for n, name in enumerate(names)]
    (folder / "events.json").write_bytes((("\r\n" if crlf else "\n").join(values) + "\n").encode())
    status, findings, err = lint(str(folder / "events.json"), capsys=capsys)
    assert (status, findings) == (0, [])
    assert "skipped " + str(folder / "events.json") + ": not an input trail-lint reads" in err


@pytest.mark.parametrize("value", [DESCRIBE_TRAILS, POLICY], ids=["describe-trails", "policy"])
def test_inputs_written_one_after_another_stay_unreadable(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         value: dict[str, Any]) -> None:
    # two outputs appended to one file (`>>`), or an input among other values: no tool reads it
    first = json.dumps(event(1, "StopLogging"))
    (tmp_path / "appended.json").write_text(f"{first}\n{json.dumps(value, indent=2)}\n")
    status, findings, _ = lint(str(tmp_path), capsys=capsys)
    assert status == 1
    assert [(f["rule"], f["line"], f["column"], f["message"]) for f in findings] == \
        [("TL001", 2, 1, "invalid JSON: Extra data")]


def test_a_broken_value_among_lines_is_unreadable_where_it_breaks(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    lines = [json.dumps(event(1, "StopLogging")), '{"EventId": "2", "EventName": }']
    (tmp_path / "events.json").write_text("\n".join(lines) + "\n")
    status, findings, _ = lint(str(tmp_path), capsys=capsys)
    assert status == 1
    assert [(f["rule"], f["line"]) for f in findings] == [("TL001", 2)]


@pytest.mark.parametrize(("name", "text"), [
    ("one.json", '{"a": 1}\n'),                 # one value: plain JSON, not a stream
    ("events.jsonl.txt", '{"a": 1}\n{"b": 2}\n'),   # not a .json file
    ("broken.json", '{"a": 1}\n{"b": \n'),
    ("scalar.json", "1 2"),                     # two values with only a space between: still several values
])
def test_what_counts_as_several_values(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text)
    found = load_values(str(tmp_path / name))
    expected = {"scalar.json": [1, 2]}.get(name)
    assert (None if found is None else [doc.data for doc in found]) == expected
