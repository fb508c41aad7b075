"""Terraform 0.11's `tags { … }` block in an aws_cloudtrail.

Terraform 0.11 (HCL 1) read a map argument written as a block as the map; 0.12 and later reject it
("Unsupported block type", https://developer.hashicorp.com/terraform/language/syntax/configuration).
A module written for 0.11 is valid for the Terraform it was written for: the trail is read with the
tags the block holds (TL224 checks them) and its other findings are reported, with no refusal.
"""
from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trail_lint.config import from_mapping
from trail_lint.engine import run
from trail_lint.registry import all_rules

RULES = ("TL223", "TL224", "TL302", "TL002")

TRAIL = """resource "aws_cloudtrail" "main" {
  name                       = "audit-trail"
  s3_bucket_name             = "audit-logs"
  enable_log_file_validation = "false"
BLOCKS}
"""


def lint(directory: Path, blocks: str) -> list[str]:
    (directory / "main.tf").write_text(TRAIL.replace("BLOCKS", blocks))
    cwd = os.getcwd()
    os.chdir(directory)
    try:
        result = run(["main.tf"], from_mapping({"select": list(RULES), "region": "us-east-1"}), all_rules(),
                     raise_errors=True)
    finally:
        os.chdir(cwd)
    return [f"{f.line} {f.rule} {f.message}" for f in result.findings]


VALIDATION = "4 TL302 log file validation is disabled for trail 'audit-trail'"


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(length=st.integers(min_value=0, max_value=300), name=st.sampled_from(["Name", "Project", "CostCenter"]))
def test_a_tags_block_is_read_as_the_map(tmp_path: Path, length: int, name: str) -> None:
    found = lint(tmp_path, f'  tags {{\n    {name} = "{"v" * length}"\n  }}\n')
    too_long = [f"5 TL224 the value of tag {name!r} of trail 'audit-trail' has {length} characters; the limit is 256"]
    assert found == [VALIDATION, *(too_long if length > 256 else [])]


def test_the_argument_form_reads_the_same(tmp_path: Path) -> None:
    assert lint(tmp_path, '  tags = {\n    Name = "audit"\n  }\n') == [VALIDATION]


def test_two_tags_blocks_leave_the_map_unknown(tmp_path: Path) -> None:
    found = lint(tmp_path, '  tags {\n    Name = "a"\n  }\n  tags {\n    Owner = "b"\n  }\n')
    assert sorted(line.split(" cannot decide")[0] for line in found) == [
        VALIDATION, "5 TL002 TL224 (invalid-trail-tags)"]
