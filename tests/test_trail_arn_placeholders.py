"""A trail ARN in a policy whose Region or account is a placeholder copied from a sample
(``arn:aws:cloudtrail:REGION:ACCOUNT_ID:trail/audit``) matches no trail as written: TL404 says which
placeholder to fill in, not "matches no known trail" with a guess. AWS's documentation account
(123456789012) is a value: a pattern naming it is judged as any other.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from test_same_holes import lint

PROVIDER = 'provider "aws" {\n  region = "us-east-1"\n}\n'
TEXT = PROVIDER + '''
resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = "audit-logs-bucket"
}
resource "aws_iam_role" "operator" {
  name               = "operator"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}
resource "aws_iam_role_policy" "operate" {
  role   = aws_iam_role.operator.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "Operate", Effect = "Allow", Action = ["cloudtrail:StartLogging"], Resource = "PATTERN" }]
  })
}
'''


def _tl404(directory: Path, pattern: str) -> list[str]:
    return lint(directory, "main.tf", TEXT.replace("PATTERN", pattern), ("TL404",), account="111122223333")


def test_a_placeholder_account_is_named(tmp_path: Path) -> None:
    pattern = "arn:aws:cloudtrail:us-east-1:ACCOUNT_ID:trail/audit"
    assert _tl404(tmp_path, pattern) == [
        (f"TL404 trail ARN {pattern!r} in statement 'Operate' of policy aws_iam_role_policy.operate matches no "
         "trail: 'ACCOUNT_ID' is a placeholder, not a Region or account ID: write the value it stands for")]


def test_placeholders_of_region_and_account_are_named_together(tmp_path: Path) -> None:
    pattern = "arn:aws:cloudtrail:REGION:ACCOUNT_ID:trail/audit"
    found, = _tl404(tmp_path, pattern)
    assert found.endswith("matches no trail: 'REGION' and 'ACCOUNT_ID' are placeholders, not values: write the "
                          "values they stand for")


def test_filled_in_it_matches(tmp_path: Path) -> None:
    assert _tl404(tmp_path, "arn:aws:cloudtrail:us-east-1:111122223333:trail/audit") == []


def test_the_documentation_account_is_a_value(tmp_path: Path) -> None:
    # another account's trail: no known trail, said as such, with no placeholder
    found, = _tl404(tmp_path, "arn:aws:cloudtrail:us-east-1:123456789012:trail/audit")
    assert "matches no known trail" in found and "placeholder" not in found


_ACCOUNTS = st.sampled_from(["ACCOUNT_ID", "<account-id>", "{{AccountId}}", "xxxxxxxxxxxx", "AWS_ACCOUNT_ID",
                             "your-account-id", "account"])
_REGIONS = st.sampled_from(["us-east-1", "*", "REGION", "<region>"])
_NAMES = st.sampled_from(["audit", "*", "other"])


@settings(max_examples=10, deadline=None)
@given(_ACCOUNTS, _REGIONS, _NAMES)
def test_any_placeholder_account_matches_no_trail_and_is_named(account: str, region: str, name: str) -> None:
    pattern = f"arn:aws:cloudtrail:{region}:{account}:trail/{name}"
    with tempfile.TemporaryDirectory() as directory:
        found, = _tl404(Path(directory), pattern)
    assert f"{account!r}" in found and "matches no trail: " in found and "did you mean" not in found
    assert (f"{region!r}" in found) is (region in ("REGION", "<region>"))
