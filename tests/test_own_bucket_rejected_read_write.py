"""TL309 on a basic event selector whose ReadWriteType the API rejects (TL210 reports it): the
template is not deployed as written, so what the trail records is not known. The one TL002 says so
at the rejected value, naming the value, not at a data resource value that may well be known (or
whose unknown part would not settle it). Valid values: All, ReadOnly, WriteOnly
(https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_EventSelector.html)."""
from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trail_lint.cli import main

TEMPLATE = """AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Watched:
    Type: String
Resources:
  Events:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: object-writes
      S3BucketName: {bucket}
      IsLogging: true
      EventSelectors:
        - IncludeManagementEvents: false
          DataResources:
            - Type: AWS::S3::Object
              Values:
                - {value}
          ReadWriteType: {read_write}
"""

SHAPES = [("!Ref Watched", '!Sub "arn:aws:s3:::${Watched}/"'),     # the log bucket by parameter
          ("drop-zone", '"arn:aws:s3:::drop-zone/"')]               # a literal log bucket


def _tl002(tmp_path: Path, capsys, bucket: str, value: str, read_write: str) -> list[str]:
    path = tmp_path / "trail.yaml"
    path.write_text(TEMPLATE.format(bucket=bucket, value=value, read_write=read_write))
    capsys.readouterr()
    main(["--format", "parsable", "--select", "TL002,TL309", "--region", "us-east-1", str(path)])
    return [line for line in capsys.readouterr().out.splitlines() if "TL309" in line]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=12)
@given(shape=st.sampled_from(SHAPES), read_write=st.sampled_from(["Write", "Read", "writeonly", "Both"]))
def test_rejected_read_write_is_the_blamed_value(tmp_path: Path, capsys, shape: tuple[str, str],
                                                  read_write: str) -> None:
    said = _tl002(tmp_path, capsys, *shape, read_write)
    assert len(said) == 1, said
    assert ":18:" in said[0]                                      # the ReadWriteType line
    assert f"ReadWriteType {read_write!r}" in said[0] and "rejects" in said[0]
    assert "not known offline" not in said[0] and "whether its log bucket" not in said[0]


def test_valid_read_only_decides(tmp_path: Path, capsys) -> None:
    assert _tl002(tmp_path, capsys, "drop-zone", '"arn:aws:s3:::drop-zone/"', "ReadOnly") == []
