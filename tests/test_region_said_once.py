"""A trail whose home Region is not known has a partition not known either: a delivery policy that
names `arn:aws:` applies to CloudTrail's request only in the aws partition. That one unknown is said
once, in the TL002 that says the home Region is not known, which names every delivery check it left
open (TL207, TL208, TL209), not again in a TL002 of each policy; with --region both are decided.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from trail_lint.cli import main

WRITE = {"Sid": "Write", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
         "Action": "s3:PutObject", "Resource": {"Fn::Sub": "arn:aws:s3:::${Bucket}/AWSLogs/*"},
         "Condition": {"StringEquals": {"aws:SourceArn": {
             "Fn::Sub": "arn:aws:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/audit"}}}}
ACL = {"Sid": "Acl", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
       "Action": "s3:GetBucketAcl", "Resource": {"Fn::GetAtt": "Bucket.Arn"}}
KEY = {"Sid": "Encrypt", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
       "Action": ["kms:GenerateDataKey*", "kms:DescribeKey"], "Resource": "*",
       "Condition": {"StringEquals": {"aws:SourceArn": {
           "Fn::Sub": "arn:aws:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/audit"}}}}
TEMPLATE = {"Resources": {
    "Bucket": {"Type": "AWS::S3::Bucket"},
    "BucketPolicy": {"Type": "AWS::S3::BucketPolicy", "Properties": {
        "Bucket": {"Ref": "Bucket"}, "PolicyDocument": {"Version": "2012-10-17", "Statement": [ACL, WRITE]}}},
    "Key": {"Type": "AWS::KMS::Key", "Properties": {
        "KeyPolicy": {"Version": "2012-10-17", "Statement": [KEY]}}},
    "Trail": {"Type": "AWS::CloudTrail::Trail", "Properties": {
        "TrailName": "audit", "IsLogging": True, "S3BucketName": {"Ref": "Bucket"},
        "KMSKeyId": {"Fn::GetAtt": "Key.Arn"}}}}}


def _lint(tmp_path: Path, capsys: pytest.CaptureFixture[str], *options: str) -> list[str]:
    path = tmp_path / "trail.yaml"
    path.write_text(yaml.safe_dump(TEMPLATE, sort_keys=False))
    capsys.readouterr()
    main(["--format", "parsable", "--select", "TL002,TL207,TL209", *options, str(path)])
    return [line.split(": ", 1)[1] for line in capsys.readouterr().out.splitlines()]


def test_the_unknown_region_is_said_once_naming_the_checks_it_blocks(tmp_path: Path, capsys) -> None:
    out = _lint(tmp_path, capsys)
    assert [line for line in out if "partition" in line] == []
    assert out == [("TL002 TL207 (bucket-policy-blocks-delivery) and TL209 (kms-policy-blocks-cloudtrail) cannot "
                    "decide: home Region of trail 'audit' is not known: pass --region or set `region` in "
                    ".trail-lint.yaml; quota and cost checks count it in the stack's Region, coverage checks "
                    "leave it out")]


def test_with_the_region_given_both_checks_are_decided(tmp_path: Path, capsys) -> None:
    assert _lint(tmp_path, capsys, "--region", "eu-west-1") == []
