"""TL204 compares the Region of a trail's KMS key with its log bucket's. For a bucket of the trail's
own template, the bucket's Region is the stack's, the trail's home: when nothing says it, the check
is open, and named in the one TL002 that says the home Region is not known (one for the trails of
the stack), never a silent pass.
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
"""
from __future__ import annotations

from pathlib import Path

import pytest

from trail_lint.cli import main

KEY = "arn:aws:kms:us-east-2:111122223333:key/12345678-1234-1234-1234-123456789012"


def _template(key: str, trails: int) -> str:
    text = "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n"
    for index in range(trails):
        text += (f"  Trail{index}:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n"
                 f"      S3BucketName: !Ref Bucket\n      KMSKeyId: {key}\n")
    return text


def _lint(tmp_path: Path, capsys: pytest.CaptureFixture[str], key: str, trails: int, *options: str) -> list[str]:
    (tmp_path / "t.yaml").write_text(_template(key, trails))
    capsys.readouterr()
    main(["--format", "parsable", "--select", "TL002,TL204", *options, str(tmp_path / "t.yaml")])
    return [line.split(":", 1)[1] for line in capsys.readouterr().out.splitlines()]


@pytest.mark.parametrize("trails", [1, 2])
def test_the_check_left_open_by_an_unknown_home_region_is_named_in_its_tl002(tmp_path: Path, capsys, trails: int
                                                                            ) -> None:
    (found,) = _lint(tmp_path, capsys, KEY, trails)
    assert found.startswith("6:5: TL002 TL204 (kms-key-region-mismatch) cannot decide: home Region of trail")


@pytest.mark.parametrize(("region", "expected"), [
    ("us-east-2", []),
    ("us-east-1", ["9:7: TL204 the KMS key of trail 'Trail0' is in us-east-2 but its log bucket 'Bucket' is in us-east-1"])])
def test_a_known_home_region_decides(tmp_path: Path, capsys, region: str, expected: list[str]) -> None:
    assert _lint(tmp_path, capsys, KEY, 1, "--region", region) == expected


def test_a_key_that_does_not_say_its_region_leaves_nothing_open_for_tl204(tmp_path: Path, capsys) -> None:
    (found,) = _lint(tmp_path, capsys, "alias/trail-key", 1)
    assert found.startswith("6:5: TL002 home Region of trail 'Trail0' is not known")
