"""Policy variables: substituted where the principal fixes them, unknown only where it does not.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from plan_changes import change, write_plan

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.iam.access import analyse
from trail_lint.iam.conditions import PRESENT
from trail_lint.iam.evaluator import (
    NO_CONTEXT,
    Decision,
    RequestContext,
    ResourceArn,
    evaluate,
    not_resource_matches,
    resource_matches,
    substitute,
)
from trail_lint.iam.resolve import request_context
from trail_lint.model import UNKNOWN, Inventory, Origin, Principal, PrincipalKind, Trail
from trail_lint.normalise.policy_json import parse_policy
from trail_lint.records import replace
from trail_lint.registry import all_rules

ACCOUNT = "123456789012"
MAIN = f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/main"
ALICE = RequestContext((("aws:username", "alice"), ("aws:principaltag/team", "main")), ("aws:principaltag/",))
ROLE = RequestContext((("aws:username", None),))


@pytest.mark.parametrize(("pattern", "context", "expected"), [
    ("arn:aws:cloudtrail:*:*:trail/${aws:username}", ALICE, ("arn:aws:cloudtrail:*:*:trail/alice", True)),
    ("arn:aws:cloudtrail:*:*:trail/${AWS:UserName}", ALICE, ("arn:aws:cloudtrail:*:*:trail/alice", True)),
    ("arn:aws:cloudtrail:*:*:trail/${aws:username}", ROLE, None),          # not present for a role
    ("arn:aws:cloudtrail:*:*:trail/${aws:username, 'shared'}", ROLE, ("arn:aws:cloudtrail:*:*:trail/shared", True)),
    ("arn:aws:cloudtrail:*:*:trail/${aws:PrincipalTag/team}", ALICE, ("arn:aws:cloudtrail:*:*:trail/main", True)),
    ("arn:aws:cloudtrail:*:*:trail/${aws:PrincipalTag/owner}", ALICE, None),   # the user has no such tag
    ("arn:aws:cloudtrail:*:*:trail/${aws:SourceIdentity}", ALICE, ("arn:aws:cloudtrail:*:*:trail/*", False)),
    ("arn:aws:cloudtrail:*:*:trail/${aws:username}", NO_CONTEXT, ("arn:aws:cloudtrail:*:*:trail/*", False)),
])
def test_substitute(pattern: str, context: RequestContext, expected: tuple[str, bool] | None) -> None:
    assert substitute(pattern, context) == expected


def test_a_default_is_read_only_after_the_documented_separator() -> None:
    # "separate the variable text and the default value with a comma and space": ${key,'x'} and
    # ${key,  'x'} may be a default or a variable name no request carries, so only a certain
    # mismatch is an answer
    assert resource_matches("arn:aws:cloudtrail:*:*:trail/${aws:PrincipalTag/owner, 'main'}", MAIN, ALICE) is True
    for separator in (",", ",  ", ",\t"):
        pattern = f"arn:aws:cloudtrail:*:*:trail/${{aws:PrincipalTag/owner{separator}'main'}}"
        assert substitute(pattern, ALICE) == ("arn:aws:cloudtrail:*:*:trail/*", False)
        assert resource_matches(pattern, MAIN, ALICE) is UNKNOWN
        assert resource_matches(pattern.replace("trail/", "channel/"), MAIN, ALICE) is False
    # an empty default is a default: the documented text, with nothing in it
    assert resource_matches("arn:aws:cloudtrail:*:*:trail/${aws:PrincipalTag/owner, ''}main", MAIN, ALICE) is True


def test_variables_only_in_the_resource_part_of_an_arn() -> None:
    # documented "in the part of the ARN that identifies the specific resource" only
    context = RequestContext((("aws:principalaccount", ACCOUNT),))
    assert substitute("arn:aws:cloudtrail:*:${aws:PrincipalAccount}:trail/*", context) == \
        ("arn:aws:cloudtrail:*:*:trail/*", False)
    assert resource_matches("arn:aws:cloudtrail:*:${aws:PrincipalAccount}:trail/*", MAIN, context) is UNKNOWN
    assert resource_matches("arn:aws:cloudtrail:*:${aws:PrincipalAccount}:trail/x", MAIN, context) is False


def test_escapes_are_literal_characters() -> None:
    # ${*} is a literal asterisk, not a wildcard: it matches the "*" resource and nothing else
    assert resource_matches("${*}", MAIN) is False
    assert resource_matches("arn:aws:cloudtrail:us-east-1:123456789012:trail/${*}", MAIN) is False
    # whether it stands for the "*" of account-wide actions is not documented
    assert resource_matches("${*}", "*") is UNKNOWN
    assert resource_matches("arn:aws:cloudtrail:us-east-1:123456789012:trail/ma${?}n", MAIN) is False
    assert resource_matches("arn:aws:cloudtrail:us-east-1:123456789012:trail/ma${$}in", MAIN) is False


def test_matches_with_unknown_parts_of_the_resource() -> None:
    somewhere = ResourceArn(("arn", "aws", "cloudtrail", UNKNOWN, ACCOUNT, "trail/alice"))
    assert resource_matches("arn:aws:cloudtrail:*:*:trail/${aws:username}", somewhere, ALICE) is True
    assert resource_matches("arn:aws:cloudtrail:*:*:trail/${aws:username}", somewhere, ROLE) is False
    assert resource_matches("arn:aws:cloudtrail:*:*:trail/${aws:SourceIdentity}", somewhere, ALICE) is UNKNOWN


def test_request_context_of_each_principal() -> None:
    user = Principal(f"arn:aws:iam::{ACCOUNT}:user/alice", PrincipalKind.USER, "alice", ACCOUNT,
                     tags=(("Team", "main"),), unique_id="AIDAEXAMPLE")
    role = Principal(f"arn:aws:iam::{ACCOUNT}:role/ops", PrincipalKind.ROLE, "ops", ACCOUNT, tags=(("Team", "x"),))
    assert request_context(user, ACCOUNT).get("aws:userid") == "AIDAEXAMPLE"
    assert request_context(user, ACCOUNT).get("aws:PrincipalTag/team") == "main"
    assert request_context(user, ACCOUNT).get("aws:PrincipalType") == "User"
    assert request_context(user, ACCOUNT).get("saml:sub") is None
    assert request_context(role, ACCOUNT).get("aws:username") is None
    assert request_context(role, ACCOUNT).get("aws:PrincipalAccount") == ACCOUNT
    assert request_context(role, ACCOUNT).get("aws:PrincipalType") == "AssumedRole"
    # a role session may carry session tags and a session name: not known offline; a tag of the role
    # is there in every session, its value perhaps a session tag's
    assert request_context(role, ACCOUNT).get("aws:PrincipalTag/team") is PRESENT
    assert request_context(role, ACCOUNT).get("aws:PrincipalTag/other") is UNKNOWN
    assert request_context(role, ACCOUNT).get("aws:userid") is UNKNOWN


def _trust(*statements: dict[str, object]) -> object:
    return parse_policy({"Version": "2012-10-17", "Statement": list(statements)}, name="trust", origin=Origin("case", ()))


ASSUME = {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sts:AssumeRole"}


@pytest.mark.parametrize(("trust", "tags_fixed"), [
    ((ASSUME,), True),                                                    # no session can carry a tag
    ((dict(ASSUME, Action=["sts:AssumeRole", "sts:TagSession"]),), False),
    ((dict(ASSUME, Action="sts:*"),), False),
    ((ASSUME, dict(ASSUME, Action="sts:TagSession", Condition={"StringEquals": {"aws:RequestTag/x": "y"}})), False),
    ((dict(ASSUME, NotAction="sts:AssumeRoleWithSAML", Action=None),), False),
    ((ASSUME, dict(ASSUME, Effect="Deny", Action="sts:TagSession")), True),
])
def test_a_role_whose_trust_policy_allows_no_tag_session_has_its_own_tags(trust, tags_fixed: bool) -> None:
    """"For roles without this permission [sts:TagSession] in the trust policy, the AssumeRole operation
    fails" where session tags are passed (id_session-tags.html): a role whose trust policy allows
    none has the role's tags as its principal tags, and no other."""
    statements = [{key: value for key, value in statement.items() if value is not None} for statement in trust]
    role = Principal(f"arn:aws:iam::{ACCOUNT}:role/ops", PrincipalKind.ROLE, "ops", ACCOUNT, tags=(("Team", "x"),),
                     trust=_trust(*statements))
    context = request_context(role, ACCOUNT)
    assert context.get("aws:PrincipalTag/team") == ("x" if tags_fixed else PRESENT)
    assert context.get("aws:PrincipalTag/other") is (None if tags_fixed else UNKNOWN)
    # tags not in the input: not known either way
    assert request_context(replace(role, tags=UNKNOWN), ACCOUNT).get("aws:PrincipalTag/team") is UNKNOWN


def test_a_not_resource_variable_that_may_have_no_value_decides_nothing() -> None:
    """A role session may carry the tag or not: with it, "arn:aws:cloudtrail:eu-west-1:*:trail/${aws:PrincipalTag/team}"
    never matches a trail of us-east-1, so the NotResource covers it; without it, "if AWS cannot
    resolve a variable this might cause the entire statement to be invalid" (reference_policies_variables.html#policy-vars-no-value),
    which trail-lint leaves unknown. Not allowed, then, by the evaluator nor by the access matrix
    (whose index of trails by Region must not leave the trail out)."""
    pattern = "arn:aws:cloudtrail:eu-west-1:*:trail/${aws:PrincipalTag/team}"
    role = Principal(f"arn:aws:iam::{ACCOUNT}:role/ops", PrincipalKind.ROLE, "ops", ACCOUNT, inline_policies=(
        parse_policy({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "cloudtrail:StartLogging", "NotResource": pattern}]},
            name="p", origin=Origin("case", ())),))
    context = request_context(role, ACCOUNT)
    assert not_resource_matches(pattern, MAIN, context) is UNKNOWN
    assert evaluate(role.inline_policies, "cloudtrail:StartLogging", MAIN, context=context).decision is Decision.UNKNOWN
    inventory = Inventory(trails=(Trail(name="main", arn=MAIN),
                                  Trail(name="eu", arn=f"arn:aws:cloudtrail:eu-west-1:{ACCOUNT}:trail/eu")),
                          principals=(role,))
    assert analyse(inventory).decision(role.id, MAIN, "cloudtrail:StartLogging") is Decision.UNKNOWN
    # a default, or a tag the principal has, decides it
    assert not_resource_matches(pattern.replace("}", ", 'x'}"), MAIN, context) is False
    assert not_resource_matches(pattern, MAIN, ALICE) is False


# --- from each input format: a user named after the trail, a role, and a user without the tag ---

POLICY = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "cloudtrail:StopLogging",
     "Resource": "arn:aws:cloudtrail:*:*:trail/${aws:username}"},
    {"Effect": "Allow", "Action": "cloudtrail:StartLogging",
     "Resource": "arn:aws:cloudtrail:*:*:trail/${aws:PrincipalTag/trail}"},
    {"Effect": "Allow", "Action": "cloudtrail:GetTrail",
     "Resource": "arn:aws:cloudtrail:*:*:trail/${aws:SourceIdentity}"},
]}


def decisions(folder: Path, principal: str) -> dict[str, Decision]:
    result = run([str(folder)], Config(region="us-east-1", account=ACCOUNT), all_rules())
    report = analyse(result.inventory)
    return {action.split(":")[1]: report.decision(principal, MAIN, action)
            for action in ("cloudtrail:StopLogging", "cloudtrail:StartLogging", "cloudtrail:GetTrail")}


MAIN_USER = {"StopLogging": Decision.ALLOWED, "StartLogging": Decision.ALLOWED, "GetTrail": Decision.UNKNOWN}
ROLE_DECISIONS = {"StopLogging": Decision.DENIED, "StartLogging": Decision.UNKNOWN, "GetTrail": Decision.UNKNOWN}
OTHER_USER = {"StopLogging": Decision.DENIED, "StartLogging": Decision.DENIED, "GetTrail": Decision.UNKNOWN}


def assert_three_principals(folder: Path, main: str, role: str, bob: str) -> None:
    """The user named after the trail, a role of that name, and a user without the tag."""
    assert decisions(folder, main) == MAIN_USER
    assert decisions(folder, role) == ROLE_DECISIONS
    assert decisions(folder, bob) == OTHER_USER


IAM = f"arn:aws:iam::{ACCOUNT}:"


def test_aws_cli(tmp_path: Path) -> None:
    def user(name: str, tags: list[dict[str, str]]) -> dict:
        return {"UserName": name, "UserId": f"AIDA{name.upper()}", "Arn": f"arn:aws:iam::{ACCOUNT}:user/{name}",
                "Tags": tags, "UserPolicyList": [{"PolicyName": "own", "PolicyDocument": POLICY}]}
    (tmp_path / "authz.json").write_text(json.dumps({
        "UserDetailList": [user("main", [{"Key": "trail", "Value": "main"}]), user("bob", [])],
        "RoleDetailList": [{"RoleName": "main", "Arn": f"arn:aws:iam::{ACCOUNT}:role/main",
                            "RolePolicyList": [{"PolicyName": "own", "PolicyDocument": POLICY}]}]}))
    (tmp_path / "trails.json").write_text(json.dumps({"trailList": [
        {"Name": "main", "TrailARN": MAIN, "HomeRegion": "us-east-1", "S3BucketName": "logs"}]}))
    assert_three_principals(tmp_path, f"{IAM}user/main", f"{IAM}role/main", f"{IAM}user/bob")


def test_cloudformation(tmp_path: Path) -> None:
    # In Fn::Sub, ${!aws:username} is written for the IAM variable ${aws:username}.
    document = json.dumps(POLICY).replace("${", "${!")
    (tmp_path / "iam.yaml").write_text(f'''
Resources:
  Main:
    Type: AWS::IAM::User
    Properties:
      UserName: main
      Tags: [{{Key: trail, Value: main}}]
      Policies: [{{PolicyName: own, PolicyDocument: !Sub '{document}'}}]
  Bob:
    Type: AWS::IAM::User
    Properties:
      UserName: bob
      Policies: [{{PolicyName: own, PolicyDocument: {json.dumps(POLICY)}}}]
  MainRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: main
      AssumeRolePolicyDocument: {{}}
      Policies: [{{PolicyName: own, PolicyDocument: {json.dumps(POLICY)}}}]
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties: {{TrailName: main, IsLogging: true, S3BucketName: logs}}
''')
    # the stack's own tags may reach a user (which value wins over the template's is not documented):
    # no user's tag is known, so ${aws:PrincipalTag/trail} decides nothing, with the tag written or not
    # https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-resource-tags.html
    assert decisions(tmp_path, "main") == {**MAIN_USER, "StartLogging": Decision.UNKNOWN}
    assert decisions(tmp_path, "MainRole") == ROLE_DECISIONS
    assert decisions(tmp_path, "bob") == {**OTHER_USER, "StartLogging": Decision.UNKNOWN}


def test_terraform_plan(tmp_path: Path) -> None:
    policy = json.dumps(POLICY)
    changes = [
        change("aws_iam_user.main", {"name": "main", "arn": f"arn:aws:iam::{ACCOUNT}:user/main",
                                     "tags": {"trail": "main"}, "tags_all": {"trail": "main"}}),
        change("aws_iam_user_policy.main", {"name": "own", "user": "main", "policy": policy}),
        change("aws_iam_user.bob", {"name": "bob", "arn": f"arn:aws:iam::{ACCOUNT}:user/bob", "tags_all": {}}),
        change("aws_iam_user_policy.bob", {"name": "own", "user": "bob", "policy": policy}),
        change("aws_iam_role.main", {"name": "main", "arn": f"arn:aws:iam::{ACCOUNT}:role/main"}),
        change("aws_iam_role_policy.main", {"name": "own", "role": "main", "policy": policy}),
        change("aws_cloudtrail.main", {"name": "main", "arn": MAIN, "home_region": "us-east-1",
                                       "s3_bucket_name": "logs"}),
    ]
    write_plan(tmp_path / "plan.json", changes)
    assert_three_principals(tmp_path, f"{IAM}user/main", f"{IAM}role/main", f"{IAM}user/bob")


def test_terraform_configuration(tmp_path: Path) -> None:
    # In .tf, $${...} is written for a literal ${...}; tags_all is only known after apply, so the
    # user's tags are unknown: StartLogging cannot be decided
    statements = json.dumps(POLICY).replace("${", "$${")
    (tmp_path / "main.tf").write_text(f'''
resource "aws_iam_user" "main" {{
  name = "main"
}}
resource "aws_iam_user_policy" "main" {{
  user   = aws_iam_user.main.name
  policy = <<EOT
{statements}
EOT
}}
resource "aws_cloudtrail" "main" {{
  name           = "main"
  s3_bucket_name = "logs"
}}
''')
    assert decisions(tmp_path, "aws_iam_user.main") == {**MAIN_USER, "StartLogging": Decision.UNKNOWN}


@pytest.mark.parametrize(("version", "substituted"), [
    ('Version: "2012-10-17"', True),
    ('Version: "2008-10-17"', False),
    ("", False),            # no Version: 2008-10-17
])
@pytest.mark.parametrize(("kind", "named"), [("ManagedPolicy", "ManagedPolicyName"), ("Policy", "PolicyName")])
def test_cloudformation_reads_variables_as_the_version_says(tmp_path: Path, version: str, substituted: bool,
                                                           kind: str, named: str) -> None:
    # A string written without an intrinsic function reaches IAM as written: ${aws:username} is a
    # variable only in a document of Version 2012-10-17, literal text otherwise (IAM JSON policy
    # elements: Version, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html).
    resource = "arn:aws:cloudtrail:*:*:trail/${aws:username}"
    (tmp_path / "iam.yaml").write_text(f'''
Resources:
  Own:
    Type: AWS::IAM::{kind}
    Properties:
      {named}: own
      Users: [main]
      PolicyDocument:
        {version or "Id: own"}
        Statement:
          - Effect: Allow
            Action: cloudtrail:StopLogging
            Resource: "{resource}"
  Main:
    Type: AWS::IAM::User
    Properties: {{UserName: main}}
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties: {{TrailName: main, IsLogging: true, S3BucketName: logs}}
''')
    result = run([str(tmp_path)], Config(region="us-east-1", account=ACCOUNT), all_rules())
    decision = analyse(result.inventory).decision("main", MAIN, "cloudtrail:StopLogging")
    assert decision is (Decision.ALLOWED if substituted else Decision.DENIED)


@pytest.mark.parametrize(("resource", "undecided"), [
    ("arn:aws:cloudtrail:${Region}:${Account}:trail/[CLOUDTRAIL_NAME]", False),
    ("arn:aws:cloudtrail:${Region}:${Account}:eventdatastore/EXAMPLE", False),
    ("arn:aws:cloudtrail:${Region}:${Account}:trail/main", True),
    ("arn:aws:cloudtrail:${Region}:${Account}:trail/*", True)])
def test_a_placeholder_before_a_resource_part_that_names_no_trail_leaves_nothing_undecided(
        tmp_path: Path, resource: str, undecided: bool) -> None:
    """A sample guardrail copied with its tokens (aws-samples/service-control-policy-examples writes
    `trail/[CLOUDTRAIL_NAME]` after `${Region}:${Account}`): whatever the placeholders hold, no trail's name
    has brackets, so the Deny protects no known trail, and TL404 says so; only a resource part that may
    name a trail leaves the trails it names unknown (the TL002)."""
    (tmp_path / "scp.json").write_text(json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Deny", "Action": ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail"], "Resource": resource,
        "Condition": {"ArnNotLike": {"aws:PrincipalARN": "arn:aws:iam::${Account}:role/[PRIVILEGED_ROLE]"}}}]}))
    (tmp_path / "describe-trails.json").write_text(json.dumps({"trailList": [{
        "Name": "main", "S3BucketName": "b", "IsMultiRegionTrail": True, "HomeRegion": "us-east-1",
        "TrailARN": MAIN}]}))
    findings = run([str(tmp_path)], Config(account=ACCOUNT), all_rules()).findings
    said = [f.message for f in findings if f.rule == "TL002" and "placeholder" in f.message]
    assert bool(said) is undecided
    assert any(f.rule == "TL404" for f in findings) is (resource.endswith("]") and not undecided)


def test_a_template_placeholder_is_one_tl002_naming_it(tmp_path: Path) -> None:
    """`${PARTITION}` and `${Account}` left unreplaced by a template are no policy variable (every context key has a
    colon): the cells they leave unknown are said once for the policy, naming them, not shown `?` silently."""
    (tmp_path / "policy.json").write_text(json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "Manage", "Effect": "Allow", "Action": ["cloudtrail:StopLogging", "cloudtrail:GetTrail"],
         "Resource": "arn:${PARTITION}:cloudtrail:us-east-1:${Account}:trail/main"},
        {"Sid": "Start", "Effect": "Allow", "Action": "cloudtrail:StartLogging",
         "Resource": ["arn:aws:cloudtrail:us-east-1:${Account}:trail/*", "arn:aws:cloudtrail:*:*:trail/${aws:username}"]}]}))
    (tmp_path / "describe-trails.json").write_text(json.dumps({"trailList": [{
        "Name": "main", "S3BucketName": "b", "IsMultiRegionTrail": True, "HomeRegion": "us-east-1",
        "TrailARN": "arn:aws:cloudtrail:us-east-1:123456789012:trail/main"}]}))
    findings = run([str(tmp_path)], Config(account="123456789012"), all_rules()).findings
    said = [f.message for f in findings if f.rule == "TL002" and "placeholder" in f.message]
    assert said == [("TL401 (can-tamper-with-trail), TL404 (trail-arn-matches-no-trail), TL406 (stop-without-start) "
                    "and TL407 (deny-guardrail-gap) cannot decide: policy policy.json holds ${PARTITION}, ${Account}, "
                    "no policy variable IAM knows (a template placeholder left unreplaced?), in the ARN of a Resource: "
                    "the trails it names are not known")]


def test_terraform_policy_document_writes_variables_with_an_ampersand(tmp_path: Path) -> None:
    # aws_iam_policy_document renders &{...} as ${...} in resources, not_resources, principals'
    # identifiers and condition values (${...} being Terraform's own interpolation): the variable,
    # not the literal text &{aws:username}, which no trail's name can hold
    # https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document
    (tmp_path / "main.tf").write_text('''
data "aws_iam_policy_document" "own" {
  statement {
    actions   = ["cloudtrail:StopLogging"]
    resources = ["arn:aws:cloudtrail:*:*:trail/&{aws:username}"]
  }
  statement {
    actions   = ["cloudtrail:StartLogging"]
    resources = ["*"]
  }
  statement {
    effect        = "Deny"
    actions       = ["cloudtrail:StartLogging"]
    not_resources = ["arn:aws:cloudtrail:*:*:trail/&{aws:username}"]
  }
  statement {
    actions   = ["cloudtrail:GetTrail"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/owner"
      values   = ["&{aws:username}"]
    }
  }
}
resource "aws_iam_user" "main" {
  name = "main"
}
resource "aws_iam_user_policy" "main" {
  user   = aws_iam_user.main.name
  policy = data.aws_iam_policy_document.own.json
}
resource "aws_iam_user" "bob" {
  name = "bob"
}
resource "aws_iam_user_policy" "bob" {
  user   = aws_iam_user.bob.name
  policy = data.aws_iam_policy_document.own.json
}
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "logs"
  tags           = { owner = "main" }
}
''')
    assert decisions(tmp_path, "aws_iam_user.main") == dict.fromkeys(MAIN_USER, Decision.ALLOWED)
    assert decisions(tmp_path, "aws_iam_user.bob") == dict.fromkeys(MAIN_USER, Decision.DENIED)


@pytest.mark.parametrize(("version", "substituted"), [("", True), ('version = "2012-10-17"', True),
                                                      ('version = "2008-10-17"', False)])
def test_terraform_policy_document_reads_variables_as_its_version_says(tmp_path: Path, version: str,
                                                                        substituted: bool) -> None:
    # the data source renders a document of its `version` argument (2012-10-17 unless written): in
    # 2008-10-17 a variable is literal text
    (tmp_path / "main.tf").write_text(f'''
data "aws_iam_policy_document" "own" {{
  {version}
  statement {{
    actions   = ["cloudtrail:StopLogging", "cloudtrail:StartLogging", "cloudtrail:GetTrail"]
    resources = ["arn:aws:cloudtrail:*:*:trail/$${{aws:username}}"]
  }}
}}
resource "aws_iam_user" "main" {{
  name = "main"
}}
resource "aws_iam_user_policy" "main" {{
  user   = aws_iam_user.main.name
  policy = data.aws_iam_policy_document.own.json
}}
resource "aws_cloudtrail" "main" {{
  name           = "main"
  s3_bucket_name = "logs"
}}
''')
    expected = Decision.ALLOWED if substituted else Decision.DENIED
    assert decisions(tmp_path, "aws_iam_user.main") == dict.fromkeys(MAIN_USER, expected)
