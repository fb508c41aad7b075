"""The Region of a provider configuration written as a variable without a value is that variable's text.

`provider "aws" { region = var.region }` puts the configuration's trails in the Region the variable
holds, whatever that turns out to be, so a bucket or key policy whose aws:SourceArn is
`"arn:${data.aws_partition.current.partition}:cloudtrail:${var.region}:${data.aws_caller_identity.current.account_id}:trail/main"`
names the trail `main` of that configuration (its partition and account are those of the same
configuration), and TL207 decides without the variable's value
(https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html).
A policy that writes the partition out (`arn:aws:...`) still depends on the variable: a Region of
another partition (cn-north-1) makes the condition exclude the trail, so that stays a TL002.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trail_lint.config import from_mapping
from trail_lint.engine import run
from trail_lint.registry import all_rules

RULES = ("TL207", "TL002")

PARTITION = "${data.aws_partition.current.partition}"
ACCOUNT = "${data.aws_caller_identity.current.account_id}"

CONFIGURATION = """
variable "region" {
  type = string
}
provider "aws" {
  region = var.region
}
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}
resource "aws_s3_bucket" "logs" {
  bucket = "my-trail-logs-bucket"
}
resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:GetBucketAcl"
        Resource  = aws_s3_bucket.logs.arn
        Condition = { StringEquals = { "aws:SourceArn" = "SOURCE" } }
      },
      {
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.logs.arn}/AWSLogs/${data.aws_caller_identity.current.account_id}/*"
        Condition = { StringEquals = { "s3:x-amz-acl" = "bucket-owner-full-control", "aws:SourceArn" = "SOURCE" } }
      }
    ]
  })
}
resource "aws_cloudtrail" "main" {
  name                          = "main"
  s3_bucket_name                = aws_s3_bucket.logs.id
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
  depends_on                    = [aws_s3_bucket_policy.logs]
}
"""

# The same configuration as a module whose caller passes its Region variable without a value
CALLER = """
variable "home" {
  type = string
}
module "trail" {
  source = "./trail"
  region = var.home
}
"""


def lint(directory: Path) -> list[str]:
    cwd = os.getcwd()
    os.chdir(directory)
    try:
        result = run(["."], from_mapping({"select": list(RULES)}), all_rules(), raise_errors=True)
    finally:
        os.chdir(cwd)
    return [f"{f.rule} {f.message}" for f in result.findings]


def write(directory: Path, source: str, module: bool = False) -> Path:
    text = CONFIGURATION.replace("SOURCE", source)
    if module:
        (directory / "trail").mkdir(parents=True, exist_ok=True)
        (directory / "trail" / "main.tf").write_text(text)
        (directory / "main.tf").write_text(CALLER)
    else:
        (directory / "main.tf").write_text(text)
    return directory


def undecided(found: list[str]) -> list[str]:
    return [line for line in found if "TL207 (bucket-policy-blocks-delivery) cannot decide" in line]


@pytest.mark.parametrize("module", [False, True])
@pytest.mark.parametrize("region", ["${var.region}", "${data.aws_region.current.name}"])
def test_the_policy_names_the_trail_in_the_variables_region(tmp_path: Path, module: bool, region: str) -> None:
    found = lint(write(tmp_path, f"arn:{PARTITION}:cloudtrail:{region}:{ACCOUNT}:trail/main", module))
    assert not undecided(found)
    assert not [line for line in found if line.startswith("TL207")]
    # the variable's own TL002, said once
    assert len([line for line in found if "has no value" in line]) == 1


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{2,30}", fullmatch=True).filter(lambda name: name != "main"))
def test_a_policy_for_another_trail_in_the_variables_region_blocks_delivery(
        tmp_path_factory: pytest.TempPathFactory, name: str) -> None:
    directory = write(tmp_path_factory.mktemp("root"), f"arn:{PARTITION}:cloudtrail:${{var.region}}:{ACCOUNT}:trail/{name}")
    found = lint(directory)
    assert not undecided(found)
    assert [line.split(":")[0] for line in found if line.startswith("TL207")] == [
        "TL207 bucket policy of 'my-trail-logs-bucket' blocks delivery for trail 'main'"]


def test_a_partition_written_out_still_depends_on_the_region(tmp_path: Path) -> None:
    """`arn:aws:` names the trail only where the variable holds a Region of the aws partition."""
    found = lint(write(tmp_path, f"arn:aws:cloudtrail:${{var.region}}:{ACCOUNT}:trail/main"))
    assert len(undecided(found)) == 1
    assert not [line for line in found if line.startswith("TL207")]
