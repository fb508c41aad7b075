"""TL305 on a trail whose selectors hold a value not known offline (a variable without a value):
whether it records every management event is open, said once in the value's TL002, never a silent pass."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from trail_lint.config import from_mapping
from trail_lint.engine import run
from trail_lint.registry import all_rules

BASIC = """
variable "rw" {{ type = string }}
resource "aws_cloudtrail" "audit" {{
  name                  = "audit-trail"
  s3_bucket_name        = "audit-logs-bucket"
  is_multi_region_trail = true
  event_selector {{
    read_write_type           = {value}
    include_management_events = true
  }}
}}
"""

# a static field selector beside a dynamic one over a variable (a KMS exclusion switched on or off)
DYNAMIC = """
variable "keep_kms" {{ type = bool }}
resource "aws_cloudtrail" "audit" {{
  name                  = "audit-trail"
  s3_bucket_name        = "audit-logs-bucket"
  is_multi_region_trail = true
  advanced_event_selector {{
    name = "management"
    field_selector {{
      field  = "eventCategory"
      equals = ["Management"]
    }}
    dynamic "field_selector" {{
      for_each = {value}
      content {{
        field      = "eventSource"
        not_equals = ["kms.amazonaws.com"]
      }}
    }}
  }}
}}
"""


def lint(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "main.tf").write_text(text)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        config = from_mapping({"region": "us-east-1", "regions": ["us-east-1"], "account": "111122223333",
                               "select": ["TL002", "TL305"]})
        result = run(["."], config, all_rules(), raise_errors=True)
    finally:
        os.chdir(cwd)
    return [f"{f.rule} {f.message}" for f in result.findings if f.rule == "TL305" or "TL305" in f.message]


@pytest.mark.parametrize("template, value", [(BASIC, "var.rw"), (DYNAMIC, "var.keep_kms ? [] : [1]")])
def test_a_value_not_known_leaves_reduction_open_once(tmp_path: Path, template: str, value: str) -> None:
    found = lint(tmp_path, template.format(value=value))
    assert len(found) == 1
    assert found[0].startswith("TL002 ") and "has no value" in found[0]
    assert "TL305 (management-events-reduced)" in found[0].split(" cannot decide")[0]


@pytest.mark.parametrize("template, value, gap", [
    (BASIC, '"WriteOnly"', "read management events"),
    (DYNAMIC, "[1]", "events from kms.amazonaws.com"),
])
def test_the_value_known_decides_it(tmp_path: Path, template: str, value: str, gap: str) -> None:
    assert lint(tmp_path, template.format(value=value)) == [
        f"TL305 trail 'audit-trail' leaves out {gap}; no other trail records them in us-east-1"]
    assert lint(tmp_path, template.format(value='"All"' if template is BASIC else "[]")) == []
