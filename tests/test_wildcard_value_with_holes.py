"""TL210 on a basic data resource value that holds a literal `*` beside a value not known offline.

`"arn:aws:s3:::${var.project}-*"` or `"arn:aws:lambda:REGION:ACCOUNT:function:${var.project}-*"`
holds a wildcard whatever the variable is set to, and basic event selectors take none ("Lambda
function ARNs are exact"; S3 takes a bucket and object prefix such as `arn:aws:s3:::bucket/prefix`:
https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DataResource.html), as the same value
written out in full is already reported. A value without a literal `*` stays as it was.
"""
from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trail_lint.config import from_mapping
from trail_lint.engine import run
from trail_lint.registry import all_rules

TRAIL = """variable "project" {
  type = string
}
resource "aws_cloudtrail" "data" {
  name           = "data-events"
  s3_bucket_name = "audit-logs"
  event_selector {
    include_management_events = false
    read_write_type           = "All"
    data_resource {
      type   = "TYPE"
      values = ["VALUE"]
    }
  }
}
"""

VALUES = {
    "AWS::S3::Object": "arn:aws:s3:::PREFIX${var.project}SUFFIX",
    "AWS::Lambda::Function": "arn:aws:lambda:us-east-1:111122223333:function:PREFIX${var.project}SUFFIX",
}


def tl210(directory: Path, kind: str, value: str) -> list[str]:
    (directory / "main.tf").write_text(TRAIL.replace("TYPE", kind).replace("VALUE", value))
    cwd = os.getcwd()
    os.chdir(directory)
    try:
        result = run(["main.tf"], from_mapping({"select": ["TL210"], "region": "us-east-1"}), all_rules(),
                     raise_errors=True)
    finally:
        os.chdir(cwd)
    return [f.message for f in result.findings]


name = st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(sorted(VALUES)), prefix=name, star_after=st.booleans())
def test_a_literal_wildcard_beside_a_variable_is_rejected(tmp_path: Path, kind: str, prefix: str,
                                                          star_after: bool) -> None:
    value = VALUES[kind].replace("PREFIX", f"{prefix}-" if star_after else "*").replace(
        "SUFFIX", "-*" if star_after else "")
    shown = value.replace("${var.project}", "<var.project>")
    assert tl210(tmp_path, kind, value) == [
        f"event selector of trail 'data-events' has wildcard data resource value {shown!r}"]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=name)
def test_a_value_without_a_literal_wildcard_is_not(tmp_path: Path, prefix: str) -> None:
    value = VALUES["AWS::S3::Object"].replace("PREFIX", f"{prefix}-").replace("SUFFIX", "/")
    assert tl210(tmp_path, "AWS::S3::Object", value) == []
