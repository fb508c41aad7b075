"""TL309 and resources.ARN EndsWith / NotEndsWith: every CloudTrail log file's name ends with 16
random characters and `.json.gz` ("CloudTrail log file name format",
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html)."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.registry import all_rules

BUCKET = "my-trail-logs-123456789012"
# the page's example log file, in the trail's log folder
LOG_FILE = (f"arn:aws:s3:::{BUCKET}/AWSLogs/123456789012/CloudTrail/us-east-2/2015/08/01/"
            "123456789012_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz")


def lint(tmp_path: Path, operator: str, ending: str) -> list[tuple[str, str]]:
    template = tmp_path / "template.yaml"
    template.write_text(f"""Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: objects
      S3BucketName: {BUCKET}
      IsLogging: true
      AdvancedEventSelectors:
        - FieldSelectors:
            - {{Field: eventCategory, Equals: [Data]}}
            - {{Field: resources.type, Equals: ["AWS::S3::Object"]}}
            - {{Field: resources.ARN, {operator}: ["{ending}"]}}
""")
    config = Config(select=("TL309", "TL002"), region="us-east-2", account="123456789012")
    return [(f.rule, f.message) for f in run([str(template)], config, all_rules(), raise_errors=True).findings]


ENDING_OF_A_LOG_FILE = st.integers(1, len(LOG_FILE)).map(lambda n: LOG_FILE[-n:])
# an ending no log file has: they all end with "z"
OTHER_ENDING = st.text(alphabet="abcxyz.-_/", max_size=12).map(lambda text: text + "x")


@settings(max_examples=20, deadline=None)
@given(ENDING_OF_A_LOG_FILE)
def test_ends_with_an_ending_of_a_log_file_records_the_log_files(tmp_path_factory: pytest.TempPathFactory,
                                                                 ending: str) -> None:
    found = lint(tmp_path_factory.mktemp("ends"), "EndsWith", ending)
    assert [rule for rule, _ in found] == ["TL309"], found


@settings(max_examples=20, deadline=None)
@given(OTHER_ENDING)
def test_ends_with_another_ending_records_none(tmp_path_factory: pytest.TempPathFactory, ending: str) -> None:
    assert lint(tmp_path_factory.mktemp("ends"), "EndsWith", ending) == []


@settings(max_examples=20, deadline=None)
@given(ENDING_OF_A_LOG_FILE)
def test_not_ends_with_leaves_every_log_file_out_only_by_their_common_ending(
        tmp_path_factory: pytest.TempPathFactory, ending: str) -> None:
    # ".json.gz" or part of it: every log file ends so; longer, it names some of the random characters
    found = lint(tmp_path_factory.mktemp("ends"), "NotEndsWith", ending)
    assert [rule for rule, _ in found] == ([] if len(ending) <= len(".json.gz") else ["TL309"]), found


@settings(max_examples=20, deadline=None)
@given(OTHER_ENDING)
def test_not_ends_with_another_ending_leaves_the_log_files_in(tmp_path_factory: pytest.TempPathFactory,
                                                              ending: str) -> None:
    found = lint(tmp_path_factory.mktemp("ends"), "NotEndsWith", ending)
    assert [rule for rule, _ in found] == ["TL309"], found
