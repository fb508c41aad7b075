"""Every key of the access report names one trail.

Two Terraform trails of one name under two provider configurations whose account is not known are
two trails (one per Region, or per account), and a policy may allow on one what it does not on the
other. The report named both by their name, and every lookup by that name read the first trail's
decisions: the second trail's section, JSON grants and CSV rows repeated the first's. They are now
told apart by their address; an ARN still names one trail wherever it is listed.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.iam.access import analyse, trail_keys
from trail_lint.iam.evaluator import Decision
from trail_lint.iam.render import render as render_access
from trail_lint.model import Origin, Trail
from trail_lint.registry import all_rules

STOP = "cloudtrail:StopLogging"


def _module(folder: Path, regions: list[str], allowed: str) -> None:
    providers = "".join(f'provider "aws" {{\n  alias  = "p{n}"\n  region = "{region}"\n}}\n'
                        for n, region in enumerate(regions))
    trails = "".join(f'resource "aws_cloudtrail" "t{n}" {{\n  provider       = aws.p{n}\n  name           = "main"\n'
                     f'  s3_bucket_name = "logs-{n}"\n}}\n' for n in range(len(regions)))
    (folder / "main.tf").write_text(providers + trails + f'''
resource "aws_iam_user" "ops" {{
  provider = aws.p0
  name     = "ops"
}}
resource "aws_iam_user_policy" "ops" {{
  provider = aws.p0
  user     = aws_iam_user.ops.name
  policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{{ Effect = "Allow", Action = "{STOP}", Resource = "arn:aws:cloudtrail:{allowed}:*:trail/main" }}]
  }})
}}
''')


@settings(max_examples=6, deadline=None)
@given(st.lists(st.sampled_from(["us-east-1", "eu-west-1", "ap-south-1"]), min_size=2, max_size=3, unique=True),
       st.integers(0, 2))
def test_same_named_trails_of_unknown_account_keep_their_own_decisions(regions: list[str], pick: int) -> None:
    import tempfile
    allowed = regions[pick % len(regions)]
    with tempfile.TemporaryDirectory() as folder:
        _module(Path(folder), regions, allowed)
        report = analyse(run([folder], Config(), all_rules()).inventory)
        body = json.loads(render_access(report, "json"))
    assert len(set(report.trail_keys)) == len(regions)
    for trail, key in zip(report.trails, report.trail_keys, strict=True):
        expected = Decision.ALLOWED if trail.region == allowed else Decision.DENIED
        assert report.decision("aws_iam_user.ops", key, STOP) is expected, (key, trail.region)
    granted = {grant["trail"] for grant in body["grants"] if grant["action"] == STOP}
    assert granted == {t["trail"] for t in body["trails"] if t["region"] == allowed}


def test_a_listed_arn_names_one_trail_wherever_it_is_listed() -> None:
    arn = "arn:aws:cloudtrail:us-east-1:111122223333:trail/main"
    trails = [Trail(name="main", arn=arn, origin=Origin(f"{region}/describe-trails.json", ()))
              for region in ("us-east-1", "eu-west-1")]
    assert trail_keys(trails) == (arn, arn)


@pytest.mark.parametrize(("resources", "files", "expected"), [
    (("aws_cloudtrail.a", "aws_cloudtrail.b"), ("main.tf", "main.tf"),
     ("main (aws_cloudtrail.a)", "main (aws_cloudtrail.b)")),
    # one address in two root modules: the file tells them apart
    (("aws_cloudtrail.a", "aws_cloudtrail.a"), ("one/main.tf", "two/main.tf"),
     ("main (aws_cloudtrail.a) (one/main.tf)", "main (aws_cloudtrail.a) (two/main.tf)")),
    (("", ""), ("main.tf", "main.tf"), ("main (main.tf) #1", "main (main.tf) #2")),
])
def test_labels_are_told_apart_by_where_they_are_defined(resources: tuple[str, str], files: tuple[str, str],
                                                        expected: tuple[str, str]) -> None:
    trails = [Trail(name="main", origin=Origin(file, (), resource=resource))
              for resource, file in zip(resources, files, strict=True)]
    assert trail_keys(trails) == expected
