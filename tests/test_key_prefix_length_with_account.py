"""TL206 on an S3 key prefix whose only unknown part is the stack's account: an account ID is 12
digits (https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html), so the
prefix's length is known and decided, not one TL002."""
from __future__ import annotations

import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.config import from_mapping
from trail_lint.engine import run
from trail_lint.model import ACCOUNT_CHARS, Hole, length_bounds
from trail_lint.registry import all_rules

TEMPLATE = """Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: logs
      S3KeyPrefix: !Sub "PREFIX"
"""


def tl206(tmp_path: Path, prefix: str, region: str | None = "us-east-1") -> list[str]:
    (tmp_path / "t.yaml").write_text(TEMPLATE.replace("PREFIX", prefix))
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = run(["t.yaml"], from_mapping({"select": ["TL206", "TL002"], **({"region": region} if region else {})}), all_rules(),
                     raise_errors=True)
    finally:
        os.chdir(cwd)
    return [f"{f.rule} {f.message}" for f in result.findings if "TL206" in f"{f.rule} {f.message}"]


def test_a_prefix_of_text_and_the_account_is_decided(tmp_path: Path) -> None:
    """Before, `cloudtrail/${AWS::AccountId}` was one TL002 saying TL206 could not decide."""
    assert tl206(tmp_path, "cloudtrail/${AWS::AccountId}") == []
    # 188 characters and the account's 12: at the limit
    assert tl206(tmp_path, "a" * 188 + "${AWS::AccountId}") == []
    assert tl206(tmp_path, "a" * 189 + "${AWS::AccountId}") == [
        "TL206 the S3 key prefix of trail 'Trail' has 201 characters; the limit is 200"]


def test_a_prefix_with_another_unknown_part_is_decided_only_past_the_limit(tmp_path: Path) -> None:
    # the partition (no Region given) has no known length: open below the limit, too long past it
    assert [f[:6] for f in tl206(tmp_path, "logs/${AWS::Partition}", region=None)] == ["TL002 "]
    assert tl206(tmp_path, "a" * 200 + "${AWS::Partition}", region=None) == [
        "TL206 the S3 key prefix of trail 'Trail' has at least 201 characters; the limit is 200"]


@settings(max_examples=50)
@given(st.lists(st.one_of(st.text(max_size=5), st.sampled_from(["account", "segment", "anything"])), max_size=6))
def test_length_bounds_hold_every_filling(parts: list[str]) -> None:
    text = tuple(Hole(chars=ACCOUNT_CHARS) if part == "account" else Hole() if part == "segment"
                 else Hole(anything=True) if part == "anything" else part for part in parts)
    low, high = length_bounds(text)
    # the shortest and a longer filling of every hole fit the bounds
    for extra in (0, 7):
        filled = "".join(part if isinstance(part, str) else "1" * 12 if part.chars == ACCOUNT_CHARS
                         else "x" * ((0 if part.anything else 1) + extra) for part in text)
        assert low <= len(filled)
        assert high is None or len(filled) <= high
    assert (high is None) == any(isinstance(p, Hole) and p.chars != ACCOUNT_CHARS for p in text)
