"""Identity policies that name a trail by reference, compared with the trails by their named holes.

`Resource = aws_cloudtrail.main.arn` (Terraform) and `!GetAtt Trail.Arn` (CloudFormation) are the
fix TL404 recommends, and their value is known only at deployment: the account (and, without a
provider Region, the Region) are those of the provider configuration or the stack. The reader keeps
such a Resource with named holes (Statement.holes); the access analysis compares it with each trail's
ARN held with the same holes, so the trail it names is decided, the other trails and the
account-wide actions (`Resource "*"`) are certainly not granted, and TL403 is decided too.
"""
from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.iam.access import analyse, trail_key
from trail_lint.iam.evaluator import (
    ANY_RESOURCE,
    Decision,
    ResourceArn,
    arn_matches,
    held_resource_applies,
    resource_text,
)
from trail_lint.iam.masks import MaskEvaluator
from trail_lint.model import ACCOUNT_CHARS, UNKNOWN, Hole, Holes, Statement
from trail_lint.registry import all_rules

PROVIDER = '''
provider "aws" {
  region = "eu-west-1"
}
'''

TRAILS = '''
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "logs"
}

resource "aws_cloudtrail" "team" {
  name           = "team"
  s3_bucket_name = "logs"
}

resource "aws_iam_role" "viewer" {
  name               = "viewer"
  assume_role_policy = "{}"
}
'''


def _decisions(folder: Path, principal: str) -> dict[tuple[str, str], Decision]:
    result = run([str(folder)], Config(), all_rules())
    report = analyse(result.inventory)
    keys = {trail.name: trail_key(trail, result.inventory.account) for trail in result.inventory.trails}
    found = {("*", action): report.decision(principal, "*", f"cloudtrail:{action}")
             for action in ("DescribeTrails", "ListTrails", "LookupEvents")}
    for name, key in keys.items():
        for action in ("GetTrailStatus", "StopLogging", "DeleteTrail"):
            found[(name, action)] = report.decision(principal, key, f"cloudtrail:{action}")
    return found


def _by_trail(folder: Path, principal: str, config: Config | None = None) -> dict[str, Decision]:
    """GetTrailStatus for the principal on each trail, by the trail's key (its ARN, else its label)."""
    result = run([str(folder)], config or Config(), all_rules())
    report = analyse(result.inventory)
    keys = [trail_key(trail, result.inventory.account) for trail in result.inventory.trails]
    return {key: report.decision(principal, key, "cloudtrail:GetTrailStatus") for key in keys}


def _lint(folder: Path, rule: str) -> list[str]:
    result = run([str(folder)], Config(), all_rules())
    return [f"{f.line}:{f.column}: {f.rule} {f.message}" for f in result.findings if f.rule == rule]


def test_a_jsonencode_policy_on_a_trail_s_arn_is_decided_for_every_trail(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(PROVIDER + TRAILS + '''
resource "aws_iam_role_policy" "view" {
  role = aws_iam_role.viewer.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["cloudtrail:GetTrailStatus", "cloudtrail:DescribeTrails", "cloudtrail:LookupEvents"]
      Resource = aws_cloudtrail.main.arn
    }]
  })
}
''')
    found = _decisions(tmp_path, "aws_iam_role.viewer")
    assert found[("main", "GetTrailStatus")] is Decision.ALLOWED      # the same account hole on both sides
    assert found[("team", "GetTrailStatus")] is Decision.DENIED       # another trail's name
    assert found[("main", "StopLogging")] is Decision.DENIED
    assert found[("*", "DescribeTrails")] is found[("*", "LookupEvents")] is Decision.DENIED
    assert _lint(tmp_path, "TL403") == [(
        "23:3: TL403 statement 1 of policy aws_iam_role_policy.view allows cloudtrail:DescribeTrails, "
        "cloudtrail:LookupEvents only on specific resources, but these actions support no resource-level "
        "permission: nothing is granted for them")]


def test_a_policy_document_with_not_resources_held_by_reference(tmp_path: Path) -> None:
    """Allow everything on trails, Deny StopLogging on every trail but `main` (NotResource)."""
    (tmp_path / "main.tf").write_text(PROVIDER + TRAILS + '''
data "aws_iam_policy_document" "operate" {
  statement {
    actions   = ["cloudtrail:*"]
    resources = ["*"]
  }
  statement {
    effect        = "Deny"
    actions       = ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail"]
    not_resources = [aws_cloudtrail.main.arn]
  }
}

resource "aws_iam_role_policy" "operate" {
  role   = aws_iam_role.viewer.id
  policy = data.aws_iam_policy_document.operate.json
}
''')
    found = _decisions(tmp_path, "aws_iam_role.viewer")
    assert found[("main", "StopLogging")] is found[("main", "DeleteTrail")] is Decision.ALLOWED
    assert found[("team", "StopLogging")] is found[("team", "DeleteTrail")] is Decision.DENIED
    assert found[("team", "GetTrailStatus")] is Decision.ALLOWED


def test_a_reference_to_another_module_s_provider_stays_unknown(tmp_path: Path) -> None:
    """A trail of a provider configuration with another account: the account holes differ, so
    whether the reference names the trail is not known (the same Region and name)."""
    (tmp_path / "main.tf").write_text(PROVIDER + '''
provider "aws" {
  alias  = "audit"
  region = "eu-west-1"
  assume_role {
    role_arn = var.audit_role
  }
}

variable "audit_role" {
  type    = string
  default = "arn:aws:iam::222233334444:role/deploy"
}

resource "aws_cloudtrail" "main" {
  provider       = aws.audit
  name           = "main"
  s3_bucket_name = "logs"
}

resource "aws_cloudtrail" "local" {
  name           = "main"
  s3_bucket_name = "logs"
}

resource "aws_iam_role" "viewer" {
  name               = "viewer"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "view" {
  role = aws_iam_role.viewer.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "cloudtrail:GetTrailStatus", Resource = aws_cloudtrail.local.arn }]
  })
}
''')
    decisions = _by_trail(tmp_path, "aws_iam_role.viewer")
    assert decisions == {"main": Decision.ALLOWED,
                         "arn:aws:cloudtrail:eu-west-1:222233334444:trail/main": Decision.UNKNOWN}


def test_get_att_of_the_stack_s_trail_names_that_trail(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text('''
Resources:
  Main:
    Type: AWS::CloudTrail::Trail
    Properties: {TrailName: main, IsLogging: true, S3BucketName: logs}
  Team:
    Type: AWS::CloudTrail::Trail
    Properties: {TrailName: team, IsLogging: true, S3BucketName: logs}
  viewer:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: view
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [cloudtrail:GetTrailStatus, cloudtrail:ListTrails]
                Resource: !GetAtt Main.Arn
''')
    found = _decisions(tmp_path, "viewer")
    assert found[("main", "GetTrailStatus")] is Decision.ALLOWED
    assert found[("team", "GetTrailStatus")] is Decision.DENIED
    assert found[("*", "ListTrails")] is Decision.DENIED


# --- The comparison is sound: a decided answer holds for every filling of the holes ------------

ACCOUNT = Hole(name="provider#account", chars=ACCOUNT_CHARS)
REGION = Hole(name="provider#region")
OTHER_ACCOUNT = Hole(name="other#account", chars=ACCOUNT_CHARS)
HOLES = (ACCOUNT, REGION, OTHER_ACCOUNT)
FILLINGS = {ACCOUNT: ("111122223333", "444455556666"), REGION: ("eu-west-1", "us-east-1"),
            OTHER_ACCOUNT: ("111122223333", "777788889999")}

pieces = st.sampled_from(["arn:aws:cloudtrail:", ":", "trail/", "main", "team", "*", "?", "eu-west-1",
                          "111122223333", "-", "arn:aws:s3:::"])
texts = st.lists(st.one_of(pieces, st.sampled_from(HOLES)), min_size=1, max_size=7).map(tuple)


def _filled(text: tuple[str | Hole, ...], filling: dict[Hole, str]) -> str:
    return "".join(part if isinstance(part, str) else filling[part] for part in text)


@given(st.lists(texts, min_size=1, max_size=3), texts, st.booleans())
def test_held_answers_hold_for_every_filling(patterns: list, resource: tuple, negated: bool) -> None:
    held = Holes(not_resources=tuple(patterns)) if negated else Holes(resources=tuple(patterns))
    statement = Statement("Allow", actions=("cloudtrail:*",), resources=None if negated else UNKNOWN,
                          not_resources=UNKNOWN if negated else None, holes=held)
    answer = held_resource_applies(statement, resource)
    if answer is UNKNOWN:
        return
    for values in itertools.product(*FILLINGS.values()):
        filling = dict(zip(FILLINGS, values))
        matched = any(arn_matches(_filled(p, filling), _filled(resource, filling)) for p in patterns)
        assert answer is (not matched if negated else matched), (filling, patterns, resource)


def test_a_request_resource_with_unknown_parts_is_compared_as_holes() -> None:
    arn = ResourceArn(("arn", "aws", "cloudtrail", "eu-west-1", UNKNOWN, UNKNOWN))
    statement = Statement("Allow", actions=("cloudtrail:*",), resources=UNKNOWN,
                          holes=Holes(resources=(("arn:aws:cloudtrail:eu-west-1:", ACCOUNT, ":trail/main"),)))
    # the account and the trail's name are not known: it may be this trail, or not
    assert held_resource_applies(statement, resource_text(arn)) is UNKNOWN
    assert held_resource_applies(statement, resource_text("*")) is False
    assert held_resource_applies(statement, resource_text(
        ResourceArn(("arn", "aws", "cloudtrail", "us-east-1", UNKNOWN, "trail/main")))) is False


def test_star_is_compared_with_the_held_holes_unfilled() -> None:
    """The access analysis decides "*" in the evaluator of the trails (its last resource): the holes the run
    knows (bound, the trails' Region here) fill a held Resource for the trails, and "*" is compared as an
    evaluator of "*" alone compares it."""
    statement = Statement("Allow", actions=("cloudtrail:*",), resources=UNKNOWN, holes=Holes(resources=((REGION,),)))
    trail = "arn:aws:cloudtrail:eu-west-1:111122223333:trail/main"
    alone = MaskEvaluator([ANY_RESOURCE]).resource_masks(statement)
    together = MaskEvaluator([trail, ANY_RESOURCE], texts=[resource_text(trail), None],
                             bound={REGION.name: "eu-west-1"}).resource_masks(statement)
    assert alone == (0, 0b1)        # the hole may be "*"
    assert (together[0] >> 1, together[1] >> 1) == alone


def test_get_att_names_the_trail_whose_name_the_template_cannot_write_out(tmp_path: Path) -> None:
    """TrailName chosen by an !If of a parameter without a default: `!GetAtt Trail.Arn` still names
    that trail (Ref and GetAtt give its name, whatever it is), not the other one."""
    (tmp_path / "t.yaml").write_text('''
Parameters:
  Env: {Type: String, AllowedValues: [dev, prod]}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Main:
    Type: AWS::CloudTrail::Trail
    Properties: {TrailName: !If [IsProd, prod-trail, dev-trail], IsLogging: true, S3BucketName: logs}
  Team:
    Type: AWS::CloudTrail::Trail
    Properties: {TrailName: team, IsLogging: true, S3BucketName: logs}
  viewer:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: view
          PolicyDocument:
            Statement:
              - {Effect: Allow, Action: cloudtrail:GetTrailStatus, Resource: !GetAtt Main.Arn}
''')
    found = _by_trail(tmp_path, "viewer")
    assert found == {"Main": Decision.ALLOWED, "team": Decision.UNKNOWN}


def test_the_account_given_is_the_one_the_reference_holds(tmp_path: Path) -> None:
    """--account spells out the trail's account; the policy's reference still holds the provider's
    account as a hole, which the run now knows: the same answers as without --account."""
    (tmp_path / "main.tf").write_text(PROVIDER + TRAILS + '''
resource "aws_iam_role_policy" "view" {
  role   = aws_iam_role.viewer.id
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "cloudtrail:GetTrailStatus",
                                       Resource = aws_cloudtrail.main.arn }] })
}
''')
    for config in (Config(account="111122223333"), Config(account="111122223333", region="eu-west-1")):
        assert _by_trail(tmp_path, "aws_iam_role.viewer", config) == {
            "arn:aws:cloudtrail:eu-west-1:111122223333:trail/main": Decision.ALLOWED,
            "arn:aws:cloudtrail:eu-west-1:111122223333:trail/team": Decision.DENIED}, config
    assert _by_trail(tmp_path, "aws_iam_role.viewer") == {"main": Decision.ALLOWED, "team": Decision.DENIED}
