"""A bucket keeps one policy: several written for one log bucket (two aws_s3_bucket_policy resources,
or one beside the bucket's inline `policy`) replace each other when applied, so one that blocks
CloudTrail's delivery beside one that does not is no certain TL207, but one TL002 naming both
(a rule pack's test fixture wrote its blocking policy so, ordered by depends_on)."""
from __future__ import annotations

from pathlib import Path

import pytest

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.registry import all_rules

TRAIL = """
provider "aws" {
  region = "eu-west-1"
}

data "aws_caller_identity" "current" {}

resource "aws_cloudtrail" "audit" {
  name                       = "audit"
  s3_bucket_name             = aws_s3_bucket.logs.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

resource "aws_s3_bucket" "logs" {
  bucket = "audit-logs-example"
}
"""

POLICY = """
resource "aws_s3_bucket_policy" "{name}" {{
  bucket = aws_s3_bucket.logs.id
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [
      {{
        Effect    = "Allow"
        Principal = {{ Service = "cloudtrail.amazonaws.com" }}
        Action    = "s3:GetBucketAcl"
        Resource  = aws_s3_bucket.logs.arn
      }},
      {{
        Effect    = "{effect}"
        Principal = {{ Service = "cloudtrail.amazonaws.com" }}
        Action    = "s3:PutObject"
        Resource  = "${{aws_s3_bucket.logs.arn}}/AWSLogs/${{data.aws_caller_identity.current.account_id}}/*"
      }},
    ]
  }})
}}
"""


def lint(tmp_path: Path, *effects: str) -> list[tuple[str, str]]:
    written = TRAIL + "".join(POLICY.format(name=f"p{index}", effect=effect) for index, effect in enumerate(effects))
    (tmp_path / "main.tf").write_text(written)
    result = run([str(tmp_path)], Config(select=("TL207", "TL002")), all_rules(), raise_errors=True)
    return [(f.rule, f.message) for f in result.findings if f.rule == "TL207" or "TL207" in f.message]


@pytest.mark.parametrize("effects", [("Deny", "Allow"), ("Allow", "Deny"), ("Allow", "Deny", "Allow")])
def test_a_blocking_policy_beside_one_that_lets_cloudtrail_write_is_open(tmp_path: Path, effects: tuple[str, ...]) -> None:
    found = lint(tmp_path, *effects)
    assert [rule for rule, _ in found] == ["TL002"]
    blocking = effects.index("Deny")
    others = [f"aws_s3_bucket_policy.p{index}" for index in range(len(effects)) if index != blocking]
    assert (f"{len(effects)} policies are written for the bucket and it keeps one, aws_s3_bucket_policy.p{blocking} "
            f"(statement 2 denies s3:PutObject) or {', '.join(others)}, which the inputs do not say") in found[0][1]


def test_every_policy_written_for_the_bucket_blocking_it_is_certain(tmp_path: Path) -> None:
    assert [rule for rule, _ in lint(tmp_path, "Deny", "Deny")] == ["TL207"]


def test_one_policy_that_blocks_is_certain(tmp_path: Path) -> None:
    found = lint(tmp_path, "Deny")
    assert found == [("TL207", ("bucket policy of 'audit-logs-example' blocks delivery for trail 'audit': statement 2 "
                               "denies s3:PutObject"))]
    assert lint(tmp_path, "Allow") == []
