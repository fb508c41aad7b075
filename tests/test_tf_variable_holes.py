"""A Terraform variable without a value holds one text wherever its module instance uses it.

Like a CloudFormation parameter without a value (`S3BucketName: !Ref Bucket` beside
`!Sub "arn:aws:s3:::${Bucket}/"`), `s3_bucket_name = var.bucket` beside
`"arn:aws:s3:::${var.bucket}/"` names the same bucket whatever the variable is set to: a trail whose
data event selector records its own log bucket loops
(https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-recursive-logging.html),
and TL309 says so without the variable's value. The variable's own TL002 is still said once.
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

RULES = ("TL309", "TL002")

CHILD = """
variable "logs" {
  type = string
}
variable "watched" {
  type = string
}
resource "aws_cloudtrail" "org" {
  name                  = "org-trail"
  s3_bucket_name        = var.logs
  is_organization_trail = true
  event_selector {
    read_write_type           = "All"
    include_management_events = true
    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3:::${var.logs}/", "arn:aws:s3:::${var.watched}/"]
    }
  }
}
"""

ROOT = """
variable "organization_id" {
  type = string
}
variable "state_bucket" {
  type = string
}
locals {
  logs = "LOGS"
}
module "trail" {
  source  = "./trail"
  logs    = local.logs
  watched = WATCHED
}
"""


def lint(directory: Path, **config: object) -> list[str]:
    cwd = os.getcwd()
    os.chdir(directory)
    try:
        result = run(["."], from_mapping({"select": list(RULES), "region": "us-east-1", **config}), all_rules(),
                     raise_errors=True)
    finally:
        os.chdir(cwd)
    return [f"{f.rule} {f.message}" for f in result.findings]


def write(directory: Path, logs: str, watched: str) -> Path:
    (directory / "trail").mkdir(parents=True, exist_ok=True)
    (directory / "trail" / "main.tf").write_text(CHILD)
    (directory / "main.tf").write_text(ROOT.replace("LOGS", logs).replace("WATCHED", watched))
    return directory


OWN = "TL309 trail 'org-trail' records S3 write data events for its own log bucket"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True))
def test_the_log_bucket_named_by_a_variable_without_a_value_is_its_own(tmp_path_factory: pytest.TempPathFactory,
                                                                          prefix: str) -> None:
    """The log bucket's name holds the organization ID, which no input gives: the selector names
    that bucket's objects all the same, whatever its name turns out to be."""
    directory = write(tmp_path_factory.mktemp("root"), f"{prefix}-${{var.organization_id}}", "var.state_bucket")
    found = lint(directory)
    assert OWN in found
    # the variables' own TL002s, one each, and nothing else
    assert sorted(line.split(" has no value")[0] for line in found if line != OWN) == [
        "TL002 var.organization_id", "TL002 var.state_bucket"]


def test_another_variable_is_not_the_log_bucket(tmp_path: Path) -> None:
    """Two variables without values may or may not hold the same text: no finding, and the TL002 of
    the variable in the selector value says TL309 cannot decide (said at the value, where the
    variable's cause is reported, not at its data resource)."""
    directory = write(tmp_path, "${var.organization_id}", "var.state_bucket")
    (directory / "trail" / "main.tf").write_text(CHILD.replace('"arn:aws:s3:::${var.logs}/", ', ""))
    found = lint(directory)
    assert OWN not in found
    assert [line.split("so not known: ")[1] for line in found if "var.state_bucket" in line] == [
        ("event_selector.0.data_resource.0.values.0 of module.trail.aws_cloudtrail.org (TL309 (trail-logs-own-bucket) "
         "cannot decide)")]
