"""Access decisions on policy shapes found in public repositories, written anew in small inputs.

Each input keeps the shape of its source (named in the test's docstring) and none of its text, and
each expected decision is the one IAM's policy evaluation logic gives:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.iam.access import AccessReport, analyse
from trail_lint.iam.conditions import PRESENT, condition_holds
from trail_lint.iam.evaluator import Decision, RequestContext, not_resource_matches, substitute
from trail_lint.model import UNKNOWN, Condition, Tri
from trail_lint.registry import all_rules

ACCOUNT = "111122223333"
MANAGEMENT = "999988887777"
TRAIL = f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/main"
STOP, START, DELETE, UPDATE = ("cloudtrail:StopLogging", "cloudtrail:StartLogging", "cloudtrail:DeleteTrail",
                               "cloudtrail:UpdateTrail")
ALL_CLOUDTRAIL = {"Effect": "Allow", "Action": "cloudtrail:*", "Resource": "*"}


def document(*statements: dict) -> dict:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def encoded(policy: dict) -> str:
    """A document as the IAM API returns it: URL-encoded JSON text (RFC 3986)."""
    return quote(json.dumps(policy), safe="")


def trails(folder: Path, *arns: str) -> None:
    (folder / "trails.json").write_text(json.dumps({"trailList": [
        {"Name": arn.rsplit("/", 1)[1], "TrailARN": arn, "HomeRegion": "us-east-1", "S3BucketName": "logs",
         "IsMultiRegionTrail": True, "IncludeGlobalServiceEvents": True, "LogFileValidationEnabled": True}
        for arn in arns]}))


def report(folder: Path, **config: str) -> AccessReport:
    result = run([str(folder)], Config(region="us-east-1", **config), all_rules())
    return analyse(result.inventory)


def arn(kind: str, name: str) -> str:
    return f"arn:aws:iam::{ACCOUNT}:{kind}/{name}"


# --- principal tags: a role's are present in every session, a user's are all it has --------------

EXEMPTION_GUARD = document(ALL_CLOUDTRAIL, {
    "Effect": "Deny", "Action": [STOP, DELETE], "Resource": "*",
    # the guardrail's tag test, with JSON Booleans as the source writes them
    "Condition": {"Null": {"aws:PrincipalTag/exempt-trail-guard": True}}}, {
    "Effect": "Deny", "Action": UPDATE, "Resource": "*",
    "Condition": {"StringNotEquals": {"aws:PrincipalTag/exempt-trail-guard": "yes"}}})


def test_a_null_test_on_a_role_tag_is_decided_by_the_role(tmp_path: Path) -> None:
    """A Deny unless the principal carries an exemption tag, an SCP shape of the public Terraform
    landing-zone modules (a Deny of s3:PutAccountPublicAccessBlock with ``"Null":
    {"aws:PrincipalTag/exe-scp-…": true}``), here in the principals' own policy. A role's tag is in
    the request context of each of its sessions ("It is included for a principal using an IAM role
    with attached tags or session tags"); a session tag of the same key may change its value, never
    take it away (id_session-tags.html, "session tags override a role tag with the same key"). So
    the tagged role's Null test is false for certain, the untagged role's depends on the session,
    and a comparison of the value stays conditional for any role; a user's tags are its own and
    all of it (authorization details list them)."""
    def role(name: str, tags: list[dict[str, str]]) -> dict:
        return {"RoleName": name, "RoleId": f"AROA{name.upper()}", "Arn": arn("role", name), "Tags": tags,
                "RolePolicyList": [{"PolicyName": "guarded", "PolicyDocument": EXEMPTION_GUARD}]}

    def user(name: str, tags: list[dict[str, str]]) -> dict:
        return {"UserName": name, "UserId": f"AIDA{name.upper()}", "Arn": arn("user", name), "Tags": tags,
                "UserPolicyList": [{"PolicyName": "guarded", "PolicyDocument": EXEMPTION_GUARD}]}

    exempt = [{"Key": "exempt-trail-guard", "Value": "yes"}]
    (tmp_path / "authz.json").write_text(json.dumps({
        "RoleDetailList": [role("exempt", exempt), role("plain", [])],
        "UserDetailList": [user("exempt", exempt), user("plain", [])]}))
    trails(tmp_path, TRAIL)
    access = report(tmp_path)

    def decisions(principal: str) -> tuple[Decision, ...]:
        return tuple(access.decision(principal, TRAIL, action) for action in (STOP, DELETE, UPDATE, START))

    allowed, conditional, denied = Decision.ALLOWED, Decision.CONDITIONAL, Decision.DENIED
    assert decisions(arn("role", "exempt")) == (allowed, allowed, conditional, allowed)
    assert decisions(arn("role", "plain")) == (conditional, conditional, conditional, allowed)
    assert decisions(arn("user", "exempt")) == (allowed, allowed, allowed, allowed)
    assert decisions(arn("user", "plain")) == (denied, denied, denied, allowed)


ROLE_TAGGED = RequestContext((("aws:principaltag/team", PRESENT),))


@pytest.mark.parametrize(("operator", "values", "expected"), [
    ("Null", ("true",), False),
    ("Null", (False,), True),
    ("StringEquals", ("ops",), UNKNOWN),
    ("StringNotEquals", ("ops",), UNKNOWN),
    ("StringLike", ("*",), UNKNOWN),        # an empty value is a value too: not decided here
    ("StringEqualsIfExists", ("ops",), UNKNOWN),
    ("StringNotEqualsIfExists", ("ops",), UNKNOWN),
    ("ForAnyValue:StringEquals", ("ops",), UNKNOWN),
    ("ForAllValues:StringEquals", ("ops",), UNKNOWN),
    ("ArnLike", ("arn:aws:iam::*:role/x",), UNKNOWN),
    ("Bool", ("true",), UNKNOWN),
])
def test_a_key_present_with_a_value_not_known(operator: str, values: tuple[object, ...], expected: Tri) -> None:
    """Only whether the key is there is known: Null decides, every comparison of the value does not."""
    assert condition_holds(Condition(operator, "aws:PrincipalTag/Team", values), ROLE_TAGGED.get) is expected


def test_a_role_tag_in_a_resource_is_some_value() -> None:
    """``${aws:PrincipalTag/team}`` of a tagged role: some text, never "no value", so a NotResource
    naming trails of another Region certainly does not name a trail of this one (which the statement
    then covers); a tag the role lacks
    may have no value in a session (reference_policies_variables.html#policy-vars-no-value)."""
    pattern = "arn:aws:cloudtrail:eu-west-1:*:trail/${aws:PrincipalTag/team}"
    assert substitute(pattern, ROLE_TAGGED) == ("arn:aws:cloudtrail:eu-west-1:*:trail/*", False)
    assert not_resource_matches(pattern, TRAIL, ROLE_TAGGED) is False
    assert not_resource_matches(pattern.replace("team", "other"), TRAIL, ROLE_TAGGED) is UNKNOWN


def test_a_template_user_tag_test_stays_conditional(tmp_path: Path) -> None:
    """An attribute-based grant, ``StringEquals aws:PrincipalTag/team`` (the ABAC tutorial's
    shape, id_attribute-based-access-control), on a CloudFormation user that writes no Tags: the
    stack's own tags may reach the user, so the grant is conditional, not a StopLogging missed."""
    (tmp_path / "iam.yaml").write_text('''
Resources:
  Operator:
    Type: AWS::IAM::User
    Properties:
      UserName: operator
      Policies:
        - PolicyName: abac
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: cloudtrail:StopLogging
                Resource: "*"
                Condition: {StringEquals: {aws:PrincipalTag/team: trail-ops}}
''')
    trails(tmp_path, TRAIL)
    assert report(tmp_path, account=ACCOUNT).decision("operator", TRAIL, STOP) is Decision.CONDITIONAL


# --- get-account-authorization-details as the API and the CLI write it ----------------------------

def test_authorization_details_read_as_iam_evaluates_them(tmp_path: Path) -> None:
    """The shapes of salesforce/cloudsplaining's examples/files/example.json and
    duo-labs/cloudmapper's account-data/demo iam-get-account-authorization-details.json: a user in a
    group that attaches an AWS managed policy listed nowhere in the output, a customer managed policy
    of two versions of which only ``DefaultVersionId`` is in force, documents URL-encoded as the API
    returns them, and a role under a permissions boundary whose Deny no grant overrides."""
    boundary = f"arn:aws:iam::{ACCOUNT}:policy/trail-boundary"
    versioned = f"arn:aws:iam::{ACCOUNT}:policy/trail-readers"
    (tmp_path / "authz.json").write_text(json.dumps({
        "UserDetailList": [
            {"UserName": "auditor", "UserId": "AIDAAUDITOR", "Arn": arn("user", "auditor"), "GroupList": ["admins"],
             "UserPolicyList": [], "AttachedManagedPolicies": []},
            {"UserName": "reader", "UserId": "AIDAREADER", "Arn": arn("user", "reader"), "GroupList": [],
             "AttachedManagedPolicies": [{"PolicyName": "trail-readers", "PolicyArn": versioned}]}],
        "GroupDetailList": [
            {"GroupName": "admins", "GroupId": "AGPAADMINS", "Arn": arn("group", "admins"), "GroupPolicyList": [],
             "AttachedManagedPolicies": [{"PolicyName": "AWSCloudTrail_FullAccess",
                                          "PolicyArn": "arn:aws:iam::aws:policy/AWSCloudTrail_FullAccess"}]}],
        "RoleDetailList": [
            {"RoleName": "deployer", "RoleId": "AROADEPLOYER", "Arn": arn("role", "deployer"),
             "AssumeRolePolicyDocument": encoded(document({"Effect": "Allow", "Action": "sts:AssumeRole",
                                                           "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}})),
             "RolePolicyList": [{"PolicyName": "everything-but-iam", "PolicyDocument": encoded(document(
                 {"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}))}],
             "PermissionsBoundary": {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": boundary}}],
        "Policies": [
            {"PolicyName": "trail-boundary", "Arn": boundary, "DefaultVersionId": "v2", "PolicyVersionList": [
                {"VersionId": "v1", "IsDefaultVersion": False, "Document": encoded(document(
                    {"Effect": "Allow", "Action": "*", "Resource": "*"}))},
                {"VersionId": "v2", "IsDefaultVersion": True, "Document": encoded(document(
                    ALL_CLOUDTRAIL, {"Effect": "Deny", "Action": [STOP, DELETE], "Resource": "*"}))}]},
            {"PolicyName": "trail-readers", "Arn": versioned, "DefaultVersionId": "v1", "PolicyVersionList": [
                {"VersionId": "v1", "IsDefaultVersion": True, "Document": document(
                    {"Effect": "Allow", "Action": "cloudtrail:GetTrail*", "Resource": "*"})},
                {"VersionId": "v3", "IsDefaultVersion": False, "Document": document(ALL_CLOUDTRAIL)}]}]}))
    trails(tmp_path, TRAIL)
    access = report(tmp_path)
    assert access.decision(arn("user", "auditor"), TRAIL, STOP) is Decision.ALLOWED        # cloudtrail:* by the group
    assert access.decision(arn("user", "reader"), TRAIL, "cloudtrail:GetTrailStatus") is Decision.ALLOWED
    assert access.decision(arn("user", "reader"), TRAIL, STOP) is Decision.DENIED          # v3 is not in force
    assert access.decision(arn("role", "deployer"), TRAIL, START) is Decision.ALLOWED
    assert access.decision(arn("role", "deployer"), TRAIL, STOP) is Decision.DENIED        # the boundary's Deny
    assert access.decision(arn("role", "deployer"), TRAIL, DELETE) is Decision.DENIED


# --- SCPs of AWS Control Tower and AWS's SCP examples --------------------------------------------

ORGANIZATION = '''
Resources:
  TrailGuardrail:
    Type: AWS::Organizations::Policy
    Properties:
      Name: trail-guardrail
      Type: SERVICE_CONTROL_POLICY
      TargetIds: [r-abcd]
      Content:
        Version: "2012-10-17"
        Statement:
          - Sid: ProtectLandingZoneTrail
            Effect: Deny
            Action: [cloudtrail:DeleteTrail, cloudtrail:PutEventSelectors, cloudtrail:StopLogging, cloudtrail:UpdateTrail]
            Resource: "arn:aws:cloudtrail:*:*:trail/aws-controltower-*"
            Condition:
              ArnNotLike: {aws:PrincipalARN: "arn:aws:iam::*:role/AWSControlTowerExecution"}
  RootGuardrail:
    Type: AWS::Organizations::Policy
    Properties:
      Name: root-guardrail
      Type: SERVICE_CONTROL_POLICY
      TargetIds: [r-abcd]
      Content:
        Version: "2012-10-17"
        Statement:
          - Effect: Deny
            NotAction: [s3:GetBucketPolicy, s3:PutBucketPolicy, s3:DeleteBucketPolicy]
            Resource: "*"
            Condition:
              ArnLike: {aws:PrincipalArn: "arn:aws:iam::*:root"}
  Execution:
    Type: AWS::IAM::Role
    Properties:
      RoleName: AWSControlTowerExecution
      AssumeRolePolicyDocument: {}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
  Operator:
    Type: AWS::IAM::Role
    Properties:
      RoleName: operator
      Path: /aws-reserved/sso.amazonaws.com/
      AssumeRolePolicyDocument: {}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
'''


def test_control_tower_and_root_guardrails(tmp_path: Path) -> None:
    """Control Tower's mandatory guardrail "Disallow configuration changes to CloudTrail"
    (awsdocs/aws-control-tower-guide doc_source/mandatory-guardrails.md: a Deny on the landing
    zone's trails unless the principal is AWSControlTowerExecution, ``ArnNotLike
    aws:PrincipalARN``), and aws-samples/service-control-policy-examples
    Privileged-access-controls/Deny-the-root-user-from-performing-actions-except-S3-bucketpolicy-changes.json
    (a Deny with NotAction for ``ArnLike aws:PrincipalArn arn:aws:iam::*:root``). Both attached to
    the root; the member account's root user and a role with a path are held by them, the execution
    role only on the trails the guardrail names."""
    (tmp_path / "org.yaml").write_text(ORGANIZATION)
    landing = f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/aws-controltower-BaselineCloudTrail"
    trails(tmp_path, TRAIL, landing)
    access = report(tmp_path, account=ACCOUNT, management_account=MANAGEMENT)
    root = f"arn:aws:iam::{ACCOUNT}:root"
    assert access.decision("AWSControlTowerExecution", landing, STOP) is Decision.ALLOWED
    assert access.decision("operator", landing, STOP) is Decision.DENIED
    assert access.decision("operator", TRAIL, STOP) is Decision.ALLOWED
    assert access.decision(root, TRAIL, "cloudtrail:GetTrail") is Decision.DENIED
    assert access.decision(root, landing, START) is Decision.DENIED


# --- the data perimeter's "unless an AWS service" exemption ---------------------------------------

def test_a_service_principal_exemption_exempts_no_principal_of_the_inputs(tmp_path: Path) -> None:
    """The exemption of aws-samples/data-perimeter-policy-examples (``"BoolIfExists":
    {"aws:PrincipalIsAWSService": "false"}``) and its service-name form: "true" only for a call
    made by an AWS service principal, and aws:PrincipalServiceName "is not present ... if the call
    is made by an IAM principal" (the global condition keys page). Every principal the inputs model
    is an IAM principal: such a Deny applies to each, and a value IAM may read otherwise ("False")
    decides nothing."""
    def denied_when(operator: str, key: str, value: object) -> dict:
        return {"Effect": "Deny", "Action": STOP, "Resource": "*", "Condition": {operator: {key: value}}}

    cases = {
        "bool": denied_when("Bool", "aws:PrincipalIsAWSService", "false"),
        "bool-if-exists": denied_when("BoolIfExists", "aws:PrincipalIsAWSService", False),
        "service-only": denied_when("Bool", "aws:PrincipalIsAWSService", "true"),
        "capital": denied_when("Bool", "aws:PrincipalIsAWSService", "False"),
        "no-service-name": denied_when("Null", "aws:PrincipalServiceName", "true"),
        "other-service": denied_when("StringNotEqualsIfExists", "aws:PrincipalServiceName", "cloudtrail.amazonaws.com"),
        "service-list": denied_when("ForAnyValue:StringEquals", "aws:PrincipalServiceNamesList", "s3.amazonaws.com"),
    }
    (tmp_path / "authz.json").write_text(json.dumps({"RoleDetailList": [
        {"RoleName": name, "RoleId": f"AROA{index}", "Arn": arn("role", name),
         "RolePolicyList": [{"PolicyName": "guarded", "PolicyDocument": document(ALL_CLOUDTRAIL, statement)}]}
        for index, (name, statement) in enumerate(cases.items())]}))
    trails(tmp_path, TRAIL)
    access = report(tmp_path)
    assert {name: access.decision(arn("role", name), TRAIL, STOP) for name in cases} == {
        "bool": Decision.DENIED, "bool-if-exists": Decision.DENIED, "service-only": Decision.ALLOWED,
        "capital": Decision.CONDITIONAL, "no-service-name": Decision.DENIED, "other-service": Decision.DENIED,
        "service-list": Decision.ALLOWED}


GUARDRAIL = '''
Resources:
  Guard:
    Type: AWS::Organizations::Policy
    Properties:
      Name: guard
      Type: SERVICE_CONTROL_POLICY
      TargetIds: [r-abcd]
      Content:
        Version: "2012-10-17"
        Statement:
          - Sid: NoTampering
            Effect: Deny
            Action: [cloudtrail:StopLogging, cloudtrail:DeleteTrail]
            Resource: "*"
            Condition:
              BoolIfExists: {aws:PrincipalIsAWSService: "VALUE"}
  Admin:
    Type: AWS::IAM::Role
    Properties:
      RoleName: admin
      AssumeRolePolicyDocument: {}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
  Main:
    Type: AWS::CloudTrail::Trail
    Properties: {TrailName: main, IsLogging: true, S3BucketName: logs, IsMultiRegionTrail: true}
'''


def test_a_guardrail_exempting_services_protects_every_trail(tmp_path: Path) -> None:
    """The same exemption in an SCP: no gap (TL407) where the Deny applies to every IAM principal,
    and one where it is aimed at service principals only, which no SCP restricts."""
    def gaps(value: str) -> list[str]:
        (tmp_path / "org.yaml").write_text(GUARDRAIL.replace("VALUE", value))
        result = run([str(tmp_path)], Config(region="us-east-1", account=ACCOUNT, management_account=MANAGEMENT),
                     all_rules())
        return [finding.message for finding in result.findings if finding.rule == "TL407"]

    assert gaps("false") == []
    assert gaps("true") == [("deny statement 'NoTampering' of policy guard on StopLogging, DeleteTrail never applies: "
                            "its condition on aws:PrincipalIsAWSService cannot hold, as every request for these "
                            "actions is an IAM principal's, whose value it is not: it protects no trail")]


ACCELERATOR = f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/AWSAccelerator-CloudTrail"


def test_a_guardrail_with_template_placeholders_is_said_once(tmp_path: Path) -> None:
    """awslabs/landing-zone-accelerator-on-aws reference/sample-configurations/lza-sample-config/
    service-control-policies/guardrails-2.json writes its CloudTrail guardrail with the placeholders the
    accelerator replaces (``arn:${PARTITION}:cloudtrail:*:*:trail/${ACCELERATOR_PREFIX}-*``). Linted as
    written, which trails it protects is not known: one TL002 names the placeholder, as for an identity
    policy, and the decisions it leaves open are unknown, never denied."""
    (tmp_path / "org.yaml").write_text(GUARDRAIL.replace(
        'BoolIfExists: {aws:PrincipalIsAWSService: "VALUE"}',
        'ArnNotLike: {aws:PrincipalARN: "arn:${PARTITION}:iam::*:role/${ACCELERATOR_PREFIX}-*"}').replace(
        'Resource: "*"', 'Resource: "arn:${PARTITION}:cloudtrail:*:*:trail/${ACCELERATOR_PREFIX}-*"'))
    trails(tmp_path, ACCELERATOR)
    result = run([str(tmp_path)], Config(region="us-east-1", account=ACCOUNT, management_account=MANAGEMENT),
                 all_rules())
    said = [finding.message for finding in result.findings if finding.rule == "TL002" and "placeholder" in finding.message]
    assert said == [("TL401 (can-tamper-with-trail), TL404 (trail-arn-matches-no-trail), TL406 (stop-without-start) "
                     "and TL407 (deny-guardrail-gap) cannot decide: policy guard holds ${PARTITION}, no policy "
                     "variable IAM knows (a template placeholder left unreplaced?), in the ARN of a Resource: the "
                     "trails it names are not known")]
    access = analyse(result.inventory)
    # a name without the dash the pattern's `-*` needs is no trail of the accelerator's, whatever the prefix
    assert access.decision("admin", TRAIL, STOP) is Decision.ALLOWED
    assert access.decision("admin", ACCELERATOR, STOP) is Decision.UNKNOWN
