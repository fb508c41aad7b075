"""TL307 and S3 Block Public Access: IgnorePublicAcls neutralises a public ACL, RestrictPublicBuckets
a public bucket policy ("Blocking public access to your Amazon S3 storage",
https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html);
a setting not known is one TL002, not a guess."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.registry import all_rules

POLICY = """  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref LogBucket
      PolicyDocument:
        Statement:
          - {Sid: Anyone, Effect: Allow, Principal: "*", Action: s3:GetObject,
             Resource: "arn:aws:s3:::public-logs-123456789012/*"}
"""
TRAIL = """  Trail:
    Type: AWS::CloudTrail::Trail
    Properties: {TrailName: audit, S3BucketName: !Ref LogBucket, IsLogging: true}
"""
FLAGS = ("IgnorePublicAcls", "RestrictPublicBuckets")


def lint(tmp_path: Path, template: str) -> list[tuple[str, str]]:
    path = tmp_path / "template.yaml"
    path.write_text(template)
    config = Config(select=("TL307", "TL002"), region="us-east-2", account="123456789012")
    return [(f.rule, f.message) for f in run([str(path)], config, all_rules(), raise_errors=True).findings]


def bucket(block: str | None) -> str:
    written = f"      PublicAccessBlockConfiguration: {block}\n" if block is not None else ""
    return ("Resources:\n  LogBucket:\n    Type: AWS::S3::Bucket\n    Properties:\n"
            "      BucketName: public-logs-123456789012\n      AccessControl: PublicRead\n"
            "      OwnershipControls: {Rules: [{ObjectOwnership: ObjectWriter}]}\n" + written)


@settings(max_examples=25, deadline=None)
@given(st.fixed_dictionaries({flag: st.sampled_from([True, False, None]) for flag in FLAGS}))
def test_each_setting_neutralises_what_it_covers(tmp_path_factory: pytest.TempPathFactory,
                                                 flags: dict[str, bool | None]) -> None:
    tmp_path = tmp_path_factory.mktemp("bpa")
    # a written PublicAccessBlockConfiguration: a flag it leaves out is off
    block = "{" + ", ".join(f"{flag}: {str(value).lower()}" for flag, value in flags.items() if value is not None) + "}"
    found = lint(tmp_path, bucket(block) + POLICY + TRAIL)
    acl = [m for r, m in found if r == "TL307" and "canned ACL 'public-read'" in m]
    policy = [m for r, m in found if r == "TL307" and "statement 'Anyone'" in m]
    assert bool(acl) is (flags["IgnorePublicAcls"] is not True), found
    assert bool(policy) is (flags["RestrictPublicBuckets"] is not True), found
    assert not [m for r, m in found if r == "TL002"], found


def test_a_bucket_created_without_settings_has_all_four_on(tmp_path: Path) -> None:
    # S3 turns Block Public Access on for buckets created since April 2023
    assert lint(tmp_path, bucket(None) + POLICY + TRAIL) == []


def test_a_setting_not_known_is_said_not_guessed(tmp_path: Path) -> None:
    template = "Parameters:\n  Ignore: {Type: String}\n" + bucket(
        "{IgnorePublicAcls: !Ref Ignore, RestrictPublicBuckets: false}") + TRAIL
    assert lint(tmp_path, template) == [
        ("TL002", ("TL307 (log-bucket-public) cannot decide: log bucket 'public-logs-123456789012' has the canned ACL "
                  "'public-read', which S3 ignores if Block Public Access IgnorePublicAcls is on: whether it is on is "
                  "not known offline"))]


def test_a_public_policy_on_a_bucket_not_in_the_inputs_is_undecided(tmp_path: Path) -> None:
    template = ("Resources:\n" + POLICY.replace("!Ref LogBucket", "public-logs-123456789012")
                + TRAIL.replace("!Ref LogBucket", "public-logs-123456789012"))
    assert lint(tmp_path, template) == [
        ("TL002", ("TL307 (log-bucket-public) cannot decide: bucket policy of log bucket 'public-logs-123456789012' of "
                  "trail 'audit' lets anyone access it by statement 'Anyone' unless Block Public Access "
                  "RestrictPublicBuckets is on: whether it is on is not known offline"))]


def test_a_flag_from_a_variable_without_a_value_is_said_once(tmp_path: Path) -> None:
    """The reader's TL002 for the variable names TL307: one finding for one open question."""
    (tmp_path / "main.tf").write_text('''variable "ignore" {}
resource "aws_s3_bucket" "logs" {
  bucket = "acl-logs-123456789012"
}
resource "aws_s3_bucket_acl" "logs" {
  bucket = aws_s3_bucket.logs.id
  acl    = "public-read"
}
resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = false
  ignore_public_acls      = var.ignore
  block_public_policy     = true
  restrict_public_buckets = true
}
resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = aws_s3_bucket.logs.id
}
''')
    config = Config(select=("TL307", "TL002"), region="us-east-2", account="123456789012")
    found = [(f.rule, f.message) for f in run([str(tmp_path)], config, all_rules(), raise_errors=True).findings]
    assert len(found) == 1 and found[0][0] == "TL002", found
    assert "ignore_public_acls of aws_s3_bucket_public_access_block.logs" in found[0][1]
    assert found[0][1].endswith("(TL307 (log-bucket-public) cannot decide)"), found
