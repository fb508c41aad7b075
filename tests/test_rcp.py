"""Resource control policies (RCPs): read from every input that holds SCPs, kept apart from SCPs,
placed through the OU tree as SCPs are, and applied to CloudTrail's requests to a log bucket and KMS
key of a member account (TL207, TL209), to its sts:AssumeRole of the CloudWatch Logs role and that
role's writes to the log group (TL215), and to the KMS key of its SNS topic (TL220).
https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_examples.html
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trail_lint.config import from_mapping
from trail_lint.engine import RunResult, run
from trail_lint.iam.evaluator import Decision
from trail_lint.model import UNKNOWN, Tri
from trail_lint.registry import all_rules

MANAGEMENT, MEMBER = "111122223333", "444455556666"
BUCKET = "audit-logs-444455556666"
KEY = f"arn:aws:kms:us-east-1:{MEMBER}:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def lint(tmp_path: Path, files: dict[str, str], *, account: str | None = MEMBER, management: str | None = MANAGEMENT,
         select: tuple[str, ...] = ("TL207", "TL209", "TL002")) -> RunResult:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    settings: dict[str, Any] = {"region": "us-east-1", "select": list(select)}
    if account:
        settings["account"] = account
    if management:
        settings["management-account"] = management
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        return run(sorted(files), from_mapping(settings), all_rules(), raise_errors=True)
    finally:
        os.chdir(cwd)


def said(result: RunResult) -> list[str]:
    return [f"{f.line}:{f.column}: {f.rule} {f.message}" for f in result.findings]


def rcp_resource(statements: list[dict[str, Any]], *, targets: str = "[r-ab12]", name: str = "perimeter") -> str:
    return f"""
  Perimeter:
    Type: AWS::Organizations::Policy
    Properties:
      Name: {name}
      Type: RESOURCE_CONTROL_POLICY
      TargetIds: {targets}
      Content: {json.dumps({"Version": "2012-10-17", "Statement": statements})}
"""


# The documented bucket policy (create-s3-bucket-policy-for-cloudtrail.html) and key policy, so that
# only the RCP can block.
DELIVERY = f"""
Resources:
  LogBucket:
    Type: AWS::S3::Bucket
    Properties: {{BucketName: {BUCKET}}}
  LogBucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref LogBucket
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: AWSCloudTrailAclCheck
            Effect: Allow
            Principal: {{Service: cloudtrail.amazonaws.com}}
            Action: s3:GetBucketAcl
            Resource: !Sub "arn:${{AWS::Partition}}:s3:::${{LogBucket}}"
          - Sid: AWSCloudTrailWrite
            Effect: Allow
            Principal: {{Service: cloudtrail.amazonaws.com}}
            Action: s3:PutObject
            Resource: !Sub "arn:${{AWS::Partition}}:s3:::${{LogBucket}}/AWSLogs/${{AWS::AccountId}}/*"
            Condition: {{StringEquals: {{"s3:x-amz-acl": bucket-owner-full-control}}}}
  Trail:
    Type: AWS::CloudTrail::Trail
    DependsOn: LogBucketPolicy
    Properties:
      TrailName: audit
      S3BucketName: !Ref LogBucket
      IsLogging: true
      IsMultiRegionTrail: true
"""

DENY_SERVICES = [{"Sid": "DenyServicePrincipals", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                  "Resource": "*", "Condition": {"Bool": {"aws:PrincipalIsAWSService": "true"}}}]


# --- Readers: every format that holds SCPs, RCPs apart ----------------------------------------------

def test_a_cloudformation_rcp_is_an_rcp_not_an_scp(tmp_path: Path) -> None:
    template = "Resources:" + rcp_resource(DENY_SERVICES, targets="[ou-ab12-11111111]") + """
  Guardrail:
    Type: AWS::Organizations::Policy
    Properties:
      Name: guardrail
      Type: SERVICE_CONTROL_POLICY
      TargetIds: [r-ab12]
      Content: {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "cloudtrail:StopLogging",
                "Resource": "*"}]}
"""
    inventory = lint(tmp_path, {"org.yaml": template}).inventory
    assert [(r.policy.name, r.targets) for r in inventory.rcps] == [("perimeter", ("ou-ab12-11111111",))]
    assert [s.policy.name for s in inventory.scps] == ["guardrail"]


def test_a_terraform_rcp_and_its_attachment(tmp_path: Path) -> None:
    tf = """
resource "aws_organizations_policy" "perimeter" {
  name = "perimeter"
  type = "RESOURCE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "*",
                  Condition = {Bool = {"aws:PrincipalIsAWSService" = "true"}}}]
  })
}

resource "aws_organizations_policy_attachment" "perimeter" {
  policy_id = aws_organizations_policy.perimeter.id
  target_id = "ou-ab12-11111111"
}

resource "aws_organizations_policy" "guardrail" {
  name    = "guardrail"
  content = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Deny", Action = "*", Resource = "*"}]})
}
"""
    inventory = lint(tmp_path, {"main.tf": tf}).inventory
    assert [(r.policy.name, r.targets) for r in inventory.rcps] == [
        ("aws_organizations_policy.perimeter", ("ou-ab12-11111111",))]
    # no type: the provider's default, an SCP
    assert [s.policy.name for s in inventory.scps] == ["aws_organizations_policy.guardrail"]


def _snapshot(root: Path, policy_id: str, content: dict[str, Any], targets: list[str],
              name: str = "perimeter") -> dict[str, str]:
    manifest = {"schema": "trail-lint/snapshot/v1", "caller": f"arn:aws:iam::{MANAGEMENT}:user/exporter",
                "started": "2026-12-01T10:00:00Z", "accounts": [], "failures": [],
                "organization": {"id": "o-a1b2c3d4e5", "management_account": MANAGEMENT, "structure": True}}
    arn = f"arn:aws:organizations::{MANAGEMENT}:policy/o-a1b2c3d4e5/resource_control_policy/{policy_id}"
    place = f"snap/organization/resource-control-policies/{policy_id}"
    return {
        "snap/manifest.json": json.dumps(manifest),
        f"{place}/describe-policy.json": json.dumps({"Policy": {
            "PolicySummary": {"Id": policy_id, "Arn": arn, "Name": name, "Type": "RESOURCE_CONTROL_POLICY",
                              "AwsManaged": False},
            "Content": json.dumps(content)}}),
        f"{place}/list-targets-for-policy.json": json.dumps({"Targets": [
            {"TargetId": t, "Arn": f"arn:aws:organizations::{MANAGEMENT}:ou/o-a1b2c3d4e5/{t}", "Name": t,
             "Type": "ORGANIZATIONAL_UNIT"} for t in targets]}),
    }


def test_a_snapshots_rcp_joins_its_targets_and_stays_apart_from_scps(tmp_path: Path) -> None:
    files = _snapshot(tmp_path, "p-rcp1234567", {"Version": "2012-10-17", "Statement": DENY_SERVICES},
                      ["ou-ab12-11111111"])
    inventory = lint(tmp_path, files).inventory
    assert [(r.policy.name, r.policy.arn.rsplit("/", 1)[-1] if r.policy.arn else None, r.targets)
            for r in inventory.rcps] == [("perimeter", "p-rcp1234567", ("ou-ab12-11111111",))]
    assert inventory.scps == ()


def test_rcp_full_aws_access_alone_blocks_nothing(tmp_path: Path) -> None:
    """The examples page's RCPFullAWSAccess, attached at every level: it lets every request through."""
    full = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*",
                                                    "Resource": "*"}]}
    files = {**_snapshot(tmp_path, "p-RCPFullAWSAccess", full, ["r-ab12"], name="RCPFullAWSAccess"),
             "t.yaml": DELIVERY}
    result = lint(tmp_path, files)
    assert [r.policy.name for r in result.inventory.rcps] == ["RCPFullAWSAccess"]
    assert said(result) == []


# --- TL207: the log bucket ---------------------------------------------------------------------------

def test_an_rcp_denying_every_service_principal_blocks_a_member_accounts_bucket(tmp_path: Path) -> None:
    result = lint(tmp_path, {"t.yaml": DELIVERY + rcp_resource(DENY_SERVICES)})
    assert said(result) == [
        ("39:56: TL207 RCP 'perimeter' over log bucket 'audit-logs-444455556666' of trail 'audit' blocks "
         "CloudTrail's s3:PutObject: statement 'DenyServicePrincipals' denies s3:PutObject")]


def refused_rcp(version: str | None, statements: list[dict[str, Any]]) -> str:
    """rcp_resource with the Version given (None: none written)."""
    content = {**({"Version": version} if version is not None else {}), "Statement": statements}
    return rcp_resource(statements).replace(json.dumps({"Version": "2012-10-17", "Statement": statements}),
                                            json.dumps(content))


ALLOW_ALL = {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}


@pytest.mark.parametrize(("version", "statements", "why"), [
    # Organizations refuses the policy: it is attached nowhere, and its Deny blocks nothing
    ("2012-10-18", DENY_SERVICES, ("policy perimeter has Version '2012-10-18': IAM accepts only '2012-10-17' or "
                                   "'2008-10-17' and rejects the policy")),
    ("2008-10-17", DENY_SERVICES, ("RCP perimeter has Version '2008-10-17': an RCP must have Version '2012-10-17' "
                                   "and AWS Organizations rejects the policy")),
    (None, DENY_SERVICES, ("RCP perimeter has no Version: an RCP must have Version '2012-10-17' and AWS "
                           "Organizations rejects the policy")),
    ("2012-10-17", [ALLOW_ALL, *DENY_SERVICES],
     ("statement 1 of RCP perimeter has Effect 'Allow', which only AWS's own RCPFullAWSAccess may have in an RCP "
      "and AWS Organizations rejects the policy")),
])
def test_a_refused_rcp_blocks_nothing_and_is_reported(tmp_path: Path, version: str | None,
                                                      statements: list[dict[str, Any]], why: str) -> None:
    result = lint(tmp_path, {"t.yaml": DELIVERY + refused_rcp(version, statements)},
                  select=("TL207", "TL209", "TL002", "TL001"))
    assert [f"{f.rule} {f.message}" for f in result.findings] == [f"TL001 {why}"]


def test_an_rcp_deny_naming_no_principal_blocks_nothing(tmp_path: Path) -> None:
    statements = [{key: value for key, value in DENY_SERVICES[0].items() if key != "Principal"}]
    assert said(lint(tmp_path, {"t.yaml": DELIVERY + rcp_resource(statements)})) == []


def test_one_finding_per_rcp_statement_and_bucket_naming_its_trails(tmp_path: Path) -> None:
    second = """
  SecondTrail:
    Type: AWS::CloudTrail::Trail
    DependsOn: LogBucketPolicy
    Properties:
      TrailName: second
      S3BucketName: !Ref LogBucket
      IsLogging: true
"""
    assert said(lint(tmp_path, {"t.yaml": DELIVERY + second + rcp_resource(DENY_SERVICES)})) == [
        ("47:56: TL207 RCP 'perimeter' over log bucket 'audit-logs-444455556666' of trails 'audit' and 'second' blocks "
         "CloudTrail's s3:PutObject: statement 'DenyServicePrincipals' denies s3:PutObject")]


def test_rcps_do_not_restrict_the_management_accounts_resources(tmp_path: Path) -> None:
    assert said(lint(tmp_path, {"t.yaml": DELIVERY + rcp_resource(DENY_SERVICES)}, account=MANAGEMENT)) == []


def test_an_rcp_attached_to_another_account_is_silent(tmp_path: Path) -> None:
    assert said(lint(tmp_path, {"t.yaml": DELIVERY + rcp_resource(DENY_SERVICES, targets="['999988887777']")})) == []


def test_an_rcp_on_an_ou_the_inputs_do_not_place_the_account_in_is_one_tl002(tmp_path: Path) -> None:
    org = """
  Workloads:
    Type: AWS::Organizations::OrganizationalUnit
    Properties: {Name: workloads, ParentId: r-ab12}
"""
    assert said(lint(tmp_path, {"t.yaml": DELIVERY + rcp_resource(DENY_SERVICES, targets="[!Ref Workloads]")
                                + org})) == [
        ("39:56: TL002 TL207 (bucket-policy-blocks-delivery) cannot decide: RCP 'perimeter' over log bucket "
         "'audit-logs-444455556666' of trail 'audit' may block CloudTrail's s3:PutObject on "
         "arn:aws:s3:::audit-logs-444455556666/AWSLogs/444455556666/*: statement 'DenyServicePrincipals' denies "
         "s3:PutObject if it reaches account 444455556666, whose place in the organization is not in the inputs")]


def test_without_the_management_account_a_member_may_be_it(tmp_path: Path) -> None:
    assert said(lint(tmp_path, {"t.yaml": DELIVERY + rcp_resource(DENY_SERVICES)}, management=None)) == [
        ("39:56: TL002 TL207 (bucket-policy-blocks-delivery) cannot decide: RCP 'perimeter' over log bucket "
         "'audit-logs-444455556666' of trail 'audit' may block CloudTrail's s3:PutObject on "
         "arn:aws:s3:::audit-logs-444455556666/AWSLogs/444455556666/*: statement 'DenyServicePrincipals' denies "
         "s3:PutObject if it reaches account 444455556666, which may be the organization's management account, "
         "whose resources RCPs do not restrict (set `management-account`)")]


def test_a_bucket_whose_account_is_not_in_the_inputs(tmp_path: Path) -> None:
    """describe-trails output names the bucket, not its account: an RCP at the root may or may not reach it."""
    trails = json.dumps({"trailList": [{
        "Name": "audit", "S3BucketName": "other-logs", "IsMultiRegionTrail": True, "HomeRegion": "us-east-1",
        "TrailARN": f"arn:aws:cloudtrail:us-east-1:{MEMBER}:trail/audit", "IsOrganizationTrail": False}]})
    found = [m for m in said(lint(tmp_path, {"trails.json": trails, "org.yaml": "Resources:" + rcp_resource(
        DENY_SERVICES)})) if "RCP" in m]
    assert found == [
        ("8:56: TL002 TL207 (bucket-policy-blocks-delivery) cannot decide: RCP 'perimeter' over log bucket "
         "'other-logs' of trail 'audit' may block CloudTrail's s3:PutObject on "
         f"arn:aws:s3:::other-logs/AWSLogs/{MEMBER}/*: statement 'DenyServicePrincipals' denies s3:PutObject if it "
         "reaches the resource, whose account is not in the inputs")]


def test_the_documented_identity_perimeter_exempts_service_principals(tmp_path: Path) -> None:
    """"Enforce identity perimeter": denies principals outside the organization, never AWS services
    (aws:PrincipalIsAWSService false), so CloudTrail's delivery passes."""
    perimeter = [{"Sid": "EnforceOrgIdentities", "Effect": "Deny", "Principal": "*",
                  "Action": ["s3:*", "sqs:*", "kms:*", "secretsmanager:*", "sts:AssumeRole"], "Resource": "*",
                  "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"},
                                "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}}]
    assert said(lint(tmp_path, {"t.yaml": DELIVERY + rcp_resource(perimeter)})) == []


def test_a_service_principal_bound_to_its_source_account_passes(tmp_path: Path) -> None:
    """The confused deputy example: AWS services may act only for the organization's own accounts,
    by aws:SourceAccount; CloudTrail sends its trail's account, which the trail's own stack names."""
    deputy = [{"Sid": "EnforceConfusedDeputyProtection", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
               "Resource": "*", "Condition": {
                   "StringNotEqualsIfExists": {"aws:SourceAccount": [MEMBER]},
                   "Null": {"aws:SourceAccount": "false"}, "Bool": {"aws:PrincipalIsAWSService": "true"}}}]
    assert said(lint(tmp_path, {"t.yaml": DELIVERY + rcp_resource(deputy)})) == []
    other = [{**deputy[0], "Condition": {**deputy[0]["Condition"],
                                         "StringNotEqualsIfExists": {"aws:SourceAccount": ["999988887777"]}}}]
    assert said(lint(tmp_path, {"t.yaml": DELIVERY + rcp_resource(other)})) == [
        ("39:56: TL207 RCP 'perimeter' over log bucket 'audit-logs-444455556666' of trail 'audit' blocks "
         "CloudTrail's s3:PutObject: statement 'EnforceConfusedDeputyProtection' denies s3:PutObject")]


def test_a_source_org_id_cloudtrail_may_not_send_is_one_tl002(tmp_path: Path) -> None:
    """aws:SourceOrgID: the CloudTrail pages do not say that its delivery carries it, so a Deny that
    requires it is undecided, never a guess."""
    org_only = [{"Sid": "EnforceConfusedDeputyProtection", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                 "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:SourceOrgID": "o-a1b2c3d4e5"},
                                                "Bool": {"aws:PrincipalIsAWSService": "true"}}}]
    assert said(lint(tmp_path, {"t.yaml": DELIVERY + rcp_resource(org_only)})) == [
        ("39:56: TL002 TL207 (bucket-policy-blocks-delivery) cannot decide: RCP 'perimeter' over log bucket "
        "'audit-logs-444455556666' of trail 'audit' may block CloudTrail's s3:PutObject on "
        "arn:aws:s3:::audit-logs-444455556666/AWSLogs/444455556666/*: statement 'EnforceConfusedDeputyProtection': "
        "whether its StringNotEqualsIfExists aws:SourceOrgID condition holds for CloudTrail's s3:PutObject is "
        "not known offline")]


def test_an_rcp_of_another_service_is_silent(tmp_path: Path) -> None:
    sqs = [{**DENY_SERVICES[0], "Action": "sqs:*"}]
    assert said(lint(tmp_path, {"t.yaml": DELIVERY + rcp_resource(sqs)})) == []


# --- TL209: the KMS key ------------------------------------------------------------------------------

def _key_trail(key: str) -> str:
    return DELIVERY.replace("      IsMultiRegionTrail: true", f"      IsMultiRegionTrail: true\n      KMSKeyId: {key}")


@pytest.mark.parametrize(("key", "expected"), [
    (KEY, [(f"40:56: TL209 RCP 'perimeter' over KMS key '{KEY}' of trail 'audit' blocks CloudTrail's "
            "kms:GenerateDataKey: statement 'DenyServicePrincipals' denies kms:GenerateDataKey")]),
    (KEY.replace(MEMBER, MANAGEMENT), []),      # a key of the management account
    ("alias/aws/s3", []),                        # an AWS managed key: RCPs do not apply
])
def test_an_rcp_over_the_keys_account_blocks_encryption(tmp_path: Path, key: str, expected: list[str]) -> None:
    kms = [{**DENY_SERVICES[0], "Action": "kms:*"}]
    found = lint(tmp_path, {"t.yaml": _key_trail(key) + rcp_resource(kms)}, select=("TL209",))
    assert [m for m in said(found) if "RCP" in m] == expected


def _terraform_key_trail(provider: str, key_provider: str = "") -> str:
    """The Terraform trail of _terraform_delivery encrypting with a key the inputs create, under an RCP at the
    root that denies service principals every kms: action."""
    key = f"""
resource "aws_kms_key" "logs" {{
{key_provider}
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [
      {{Sid = "Encrypt", Effect = "Allow", Principal = {{Service = "cloudtrail.amazonaws.com"}},
        Action = ["kms:GenerateDataKey*", "kms:DescribeKey"], Resource = "*"}},
    ]
  }})
}}
"""
    return _terraform_delivery(provider, '"r-ab12"').replace('"Action": "s3:*"', '"Action": "kms:*"').replace(
        "  depends_on     = [aws_s3_bucket_policy.logs]",
        "  kms_key_id     = aws_kms_key.logs.arn\n  depends_on     = [aws_s3_bucket_policy.logs]") + key


def test_a_terraform_key_of_the_trails_provider_configuration_is_in_its_account(tmp_path: Path) -> None:
    """A key created by the trail's own provider configuration is in the trail's account (the key policy
    cannot be set from another): the RCP at the root blocks encryption with it."""
    found = said(lint(tmp_path, {"main.tf": _terraform_key_trail(f'  allowed_account_ids = ["{MEMBER}"]')},
                      account=None, select=("TL209", "TL002")))
    assert [m for m in found if "RCP" in m] == [
        ("46:3: TL209 RCP 'aws_organizations_policy.perimeter' over KMS key 'aws_kms_key.logs' of trail 'audit' "
         "blocks CloudTrail's kms:GenerateDataKey: statement 'DenyServicePrincipals' denies kms:GenerateDataKey")]


def test_a_terraform_key_of_another_provider_configuration_is_one_tl002(tmp_path: Path) -> None:
    tf = _terraform_key_trail("", key_provider="  provider = aws.logs")
    found = said(lint(tmp_path, {"main.tf": tf}, select=("TL209", "TL002")))
    assert [m.split(": ", 1)[1] for m in found if "RCP" in m] == [
        ("TL002 TL209 (kms-policy-blocks-cloudtrail) cannot decide: RCP 'aws_organizations_policy.perimeter' over "
         "KMS key 'aws_kms_key.logs' of trail 'audit' may block CloudTrail's kms:GenerateDataKey on the key: "
         "statement 'DenyServicePrincipals' denies kms:GenerateDataKey if it reaches the resource, "
         "whose account is not in the inputs")]


# --- TL215: the CloudWatch Logs role CloudTrail assumes (AWS STS) ------------------------------------

ROLE_TRAIL = f"""
Resources:
  LogGroup:
    Type: AWS::Logs::LogGroup
    Properties: {{LogGroupName: CloudTrail/logs}}
  CloudTrailRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: CloudTrail_CloudWatchLogs_Role
      AssumeRolePolicyDocument:
        Statement: [{{Effect: Allow, Principal: {{Service: cloudtrail.amazonaws.com}}, Action: sts:AssumeRole}}]
      Policies:
        - PolicyName: to-logs
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [logs:CreateLogStream, logs:PutLogEvents]
                Resource: "arn:aws:logs:us-east-1:{MEMBER}:log-group:CloudTrail/logs:log-stream:*"
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: audit
      S3BucketName: {BUCKET}
      IsLogging: true
      CloudWatchLogsLogGroupArn: "arn:aws:logs:us-east-1:{MEMBER}:log-group:CloudTrail/logs:*"
      CloudWatchLogsRoleArn: "arn:aws:iam::{MEMBER}:role/CloudTrail_CloudWatchLogs_Role"
"""
DENY_ASSUME = [{"Sid": "DenyServicesAssume", "Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole",
                "Resource": "*", "Condition": {"Bool": {"aws:PrincipalIsAWSService": "true"}}}]


def test_an_rcp_denying_services_sts_assume_role_blocks_the_cloudwatch_logs_role(tmp_path: Path) -> None:
    found = lint(tmp_path, {"t.yaml": ROLE_TRAIL + rcp_resource(DENY_ASSUME)}, select=("TL215", "TL002"))
    assert said(found) == [
        (f"34:56: TL215 RCP 'perimeter' over CloudWatch Logs role "
         f"'arn:aws:iam::{MEMBER}:role/CloudTrail_CloudWatchLogs_Role' of trail 'audit' blocks CloudTrail's "
         "sts:AssumeRole: statement 'DenyServicesAssume' denies sts:AssumeRole")]
    assert said(lint(tmp_path, {"t.yaml": ROLE_TRAIL.replace(MEMBER, MANAGEMENT) + rcp_resource(DENY_ASSUME)},
                     account=MANAGEMENT, select=("TL215", "TL002"))) == []


# --- TL215: the role's writes to the log group (CloudWatch Logs is among the services RCPs apply to) ---

GROUP = f"arn:aws:logs:us-east-1:{MEMBER}:log-group:CloudTrail/logs"


def logs_rcp(condition: dict[str, Any] | None = None, action: str = "logs:*", resource: str = "*") -> list[dict[str, Any]]:
    statement: dict[str, Any] = {"Sid": "GuardLogs", "Effect": "Deny", "Principal": "*", "Action": action,
                                 "Resource": resource}
    return [{**statement, "Condition": condition}] if condition else [statement]


def test_an_rcp_denying_log_writes_blocks_the_roles_delivery_to_a_member_accounts_log_group(tmp_path: Path) -> None:
    found = lint(tmp_path, {"t.yaml": ROLE_TRAIL + rcp_resource(logs_rcp())}, select=("TL215", "TL002"))
    assert said(found) == [
        (f"34:56: TL215 RCP 'perimeter' over log group '{GROUP}' of trail 'audit' blocks CloudTrail's "
         "logs:CreateLogStream: statement 'GuardLogs' denies logs:CreateLogStream")]
    # RCPs never restrict the management account's resources
    assert said(lint(tmp_path, {"t.yaml": ROLE_TRAIL.replace(MEMBER, MANAGEMENT) + rcp_resource(logs_rcp())},
                     account=MANAGEMENT, select=("TL215", "TL002"))) == []


@pytest.mark.parametrize(("condition", "resource", "blocked"), [
    # the role's session is not a service principal: a Deny for service principals does not reach it
    ({"Bool": {"aws:PrincipalIsAWSService": "true"}}, "*", False),
    # the role is of the log group's own account
    ({"StringNotEquals": {"aws:PrincipalAccount": MEMBER}}, "*", False),
    ({"StringNotEquals": {"aws:PrincipalAccount": "999988887777"}}, "*", True),
    # the role's session carries aws:PrincipalOrgID: a Deny on its absence does not reach it
    ({"Null": {"aws:PrincipalOrgID": "true"}}, "*", False),
    (None, "arn:aws:logs:*:*:log-group:other-group:*", False),
    (None, "arn:aws:logs:*:*:log-group:CloudTrail/*", True),
])
def test_an_rcp_on_logs_blocks_what_its_conditions_and_resource_name(
        tmp_path: Path, condition: dict[str, Any] | None, resource: str, blocked: bool) -> None:
    found = said(lint(tmp_path, {"t.yaml": ROLE_TRAIL + rcp_resource(logs_rcp(condition, resource=resource))},
                      select=("TL215", "TL002")))
    assert [m.split(": statement")[0] for m in found] == ([
        (f"34:56: TL215 RCP 'perimeter' over log group '{GROUP}' of trail 'audit' blocks CloudTrail's "
         "logs:CreateLogStream")] if blocked else [])


def test_an_organization_perimeter_on_logs_is_one_tl002_the_organization_id_not_being_in_the_inputs(
        tmp_path: Path) -> None:
    perimeter = logs_rcp({"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-abc123"},
                          "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}})
    found = said(lint(tmp_path, {"t.yaml": ROLE_TRAIL + rcp_resource(perimeter)}, select=("TL215", "TL002")))
    assert found == [
        (f"34:56: TL002 TL215 (cloudwatch-logs-role-blocks-delivery) cannot decide: RCP 'perimeter' over log group "
         f"'{GROUP}' of trail 'audit' may block CloudTrail's logs:CreateLogStream on "
         f"{GROUP}:log-stream:{MEMBER}_CloudTrail_us-east-1: statement 'GuardLogs': whether its "
         "StringNotEqualsIfExists aws:PrincipalOrgID condition holds for CloudTrail's logs:CreateLogStream is not "
         "known offline")]


# --- TL220: the KMS key of the trail's SNS topic -----------------------------------------------------

def test_an_rcp_over_the_topic_keys_account_blocks_notifications(tmp_path: Path) -> None:
    topic = DELIVERY.replace("      IsMultiRegionTrail: true", "      IsMultiRegionTrail: true\n"
                             "      SnsTopicName: !GetAtt Notices.TopicName") + f"""
  Notices:
    Type: AWS::SNS::Topic
    Properties: {{KmsMasterKeyId: "{KEY}"}}
"""
    kms = [{**DENY_SERVICES[0], "Action": "kms:*"}]
    found = [m for m in said(lint(tmp_path, {"t.yaml": topic + rcp_resource(kms)}, select=("TL220", "TL002")))
             if "RCP" in m]
    assert found == [
        (f"44:56: TL220 RCP 'perimeter' over KMS key '{KEY}' of SNS topic 'Notices' of trail 'audit' blocks "
         "CloudTrail's kms:GenerateDataKey: statement 'DenyServicePrincipals' denies kms:GenerateDataKey")]


# --- The evaluation itself: a Deny blocks what it names, for whom it names ------------------------------

ACTIONS = ("s3:*", "s3:PutObject", "s3:GetBucketAcl", "s3:GetObject", "kms:*", "sqs:*", "*")
SERVICE_CONDITIONS = (None, "true", "false")


@given(st.lists(st.tuples(st.sampled_from(ACTIONS), st.sampled_from(SERVICE_CONDITIONS)), min_size=1, max_size=4),
       st.sampled_from((True, UNKNOWN)))
def test_an_rcp_blocks_exactly_what_its_denies_name(denies: list[tuple[str, str | None]], reaches: Tri) -> None:
    from trail_lint.delivery_bucket_requests import bucket_requests
    from trail_lint.delivery_rcp import blocking
    from trail_lint.model import Origin, Trail
    from trail_lint.normalise.policy_json import parse_policy

    statements = [{"Sid": f"S{i}", "Effect": "Deny", "Principal": "*", "Action": action, "Resource": "*",
                   **({"Condition": {"Bool": {"aws:PrincipalIsAWSService": service}}} if service else {})}
                  for i, (action, service) in enumerate(denies)]
    rcp = parse_policy({"Version": "2012-10-17", "Statement": statements}, name="rcp", origin=Origin("rcp.json", ()))
    trail = Trail(name="audit", account=MEMBER, region="us-east-1", s3_bucket=BUCKET)
    requests = sorted(bucket_requests(trail, BUCKET), key=lambda r: r.action != "s3:PutObject")   # as TL207
    found = list(blocking(((rcp, reaches),), requests))

    def names(action: str, request: str) -> bool:
        return action in ("*", "s3:*", request)
    # CloudTrail is an AWS service: a Deny conditioned on aws:PrincipalIsAWSService false never matches it
    blocked = [(a, s) for a, s in denies if s != "false" and (names(a, "s3:PutObject") or names(a, "s3:GetBucketAcl"))]
    assert bool(found) == bool(blocked)
    if found:
        assert found[0].certain is (reaches is True)
        assert found[0].verdict.decision is Decision.DENIED
        # the write first, when a Deny names it
        write = any(names(a, "s3:PutObject") for a, _ in blocked)
        assert found[0].request.action == ("s3:PutObject" if write else "s3:GetBucketAcl")


def _terraform_delivery(provider: str, target: str, *, bucket_provider: str = "") -> str:
    """A Terraform trail and its log bucket, and an RCP denying every service principal attached to ``target``
    (an OU the inputs place no account in, or the root)."""
    return f"""
provider "aws" {{
  region = "us-east-1"
{provider}
}}

provider "aws" {{
  alias   = "logs"
  region  = "us-east-1"
  profile = "logs"
}}

resource "aws_s3_bucket" "logs" {{
{bucket_provider}
  bucket = "{BUCKET}"
}}

resource "aws_s3_bucket_policy" "logs" {{
  bucket = aws_s3_bucket.logs.id
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [
      {{Sid = "AclCheck", Effect = "Allow", Principal = {{Service = "cloudtrail.amazonaws.com"}},
        Action = "s3:GetBucketAcl", Resource = "arn:aws:s3:::{BUCKET}"}},
      {{Sid = "Write", Effect = "Allow", Principal = {{Service = "cloudtrail.amazonaws.com"}},
        Action = "s3:PutObject", Resource = "arn:aws:s3:::{BUCKET}/AWSLogs/{MEMBER}/*"}},
    ]
  }})
}}

resource "aws_cloudtrail" "audit" {{
  name           = "audit"
  s3_bucket_name = aws_s3_bucket.logs.id
  depends_on     = [aws_s3_bucket_policy.logs]
}}

resource "aws_organizations_organizational_unit" "workloads" {{
  name      = "workloads"
  parent_id = "r-ab12"
}}

resource "aws_organizations_policy" "perimeter" {{
  name    = "perimeter"
  type    = "RESOURCE_CONTROL_POLICY"
  content = <<-JSON
    {json.dumps({"Version": "2012-10-17", "Statement": DENY_SERVICES})}
  JSON
}}

resource "aws_organizations_policy_attachment" "perimeter" {{
  policy_id = aws_organizations_policy.perimeter.id
  target_id = {target}
}}
"""


ROLE_ARN = f"arn:aws:iam::{MEMBER}:role/deploy"


@pytest.mark.parametrize(("provider", "account", "line"), [
    (f'  allowed_account_ids = ["{MEMBER}"]', None, 45),
    (f'  assume_role {{\n    role_arn = "{ROLE_ARN}"\n  }}', None, 47),
    ("", MEMBER, 45),       # --account: the account of the trail, and of the bucket of the same provider configuration
], ids=["allowed_account_ids", "assume_role", "--account"])
def test_terraform_bucket_in_the_account_of_its_provider_configuration(tmp_path: Path, provider: str,
                                                                        account: str | None, line: int) -> None:
    """A Terraform bucket is in the account its provider configuration names, or the account of its trails of
    the same provider configuration: an RCP at the root reaches it, and blocks CloudTrail's write."""
    found = said(lint(tmp_path, {"main.tf": _terraform_delivery(provider, '"r-ab12"')}, account=account))
    assert [m for m in found if "RCP" in m] == [
        (f"{line}:3: TL207 RCP 'aws_organizations_policy.perimeter' over log bucket '{BUCKET}' of trail "
         "'audit' blocks CloudTrail's s3:PutObject: statement 'DenyServicePrincipals' denies s3:PutObject")]


def test_terraform_bucket_in_a_member_account_under_an_rcp_on_an_ou(tmp_path: Path) -> None:
    """The Terraform reader reads the RCP, its attachment to the OU and the OU tree. The bucket is in the
    account its provider names; whether that account is under the OU is not in the inputs: one TL002."""
    tf = _terraform_delivery(f'  allowed_account_ids = ["{MEMBER}"]',
                             "aws_organizations_organizational_unit.workloads.id")
    found = said(lint(tmp_path, {"main.tf": tf}, account=None))
    assert [m.split(": ", 1)[1] for m in found if "RCP" in m] == [
        ("TL002 TL207 (bucket-policy-blocks-delivery) cannot decide: RCP 'aws_organizations_policy.perimeter' over "
         f"log bucket '{BUCKET}' of trail 'audit' may block CloudTrail's s3:PutObject on "
         f"arn:aws:s3:::{BUCKET}/AWSLogs/{MEMBER}/*: statement 'DenyServicePrincipals' denies s3:PutObject if it "
         f"reaches account {MEMBER}, whose place in the organization is not in the inputs")]


def test_terraform_bucket_of_another_provider_configuration_is_not_in_the_trails_account(tmp_path: Path) -> None:
    """--account ties the trail's provider configuration; the bucket of another one (another profile) may be
    in another account: whether the RCP at the root reaches it is one TL002, not a finding."""
    tf = _terraform_delivery("", '"r-ab12"', bucket_provider="  provider = aws.logs")
    found = said(lint(tmp_path, {"main.tf": tf}))
    assert [m.split(": ", 1)[1] for m in found if "RCP" in m] == [
        ("TL002 TL207 (bucket-policy-blocks-delivery) cannot decide: RCP 'aws_organizations_policy.perimeter' over "
         f"log bucket '{BUCKET}' of trail 'audit' may block CloudTrail's s3:PutObject on "
         f"arn:aws:s3:::{BUCKET}/AWSLogs/{MEMBER}/*: statement 'DenyServicePrincipals' denies s3:PutObject if it "
         "reaches the resource, whose account is not in the inputs")]


# --- An Organizations policy whose type is not known --------------------------------------------------

UNREAD = ("is read neither as an SCP, which limits principals (TL215, TL401, TL405, TL406, TL407 and "
          "`trail-lint access`), nor as an RCP, which limits resources (TL207, TL209, TL215 and TL220), as its type "
          "is not known before")
OTHER_TYPES = ["TAG_POLICY", "BACKUP_POLICY", "AISERVICES_OPT_OUT_POLICY", "CHATBOT_POLICY", "DECLARATIVE_POLICY_EC2"]


def _cfn_policy(policy_type: str) -> str:
    return f"""
Parameters:
  PolicyType:
    Type: String
Conditions:
  InProduction: !Equals [!Ref "AWS::AccountId", "{MEMBER}"]
Resources:
  Guardrail:
    Type: AWS::Organizations::Policy
    Properties:
      Name: guardrail
      Type: {policy_type}
      TargetIds: [r-ab12]
      Content: {json.dumps({"Version": "2012-10-17", "Statement": DENY_SERVICES})}
"""


def test_a_cloudformation_policy_whose_type_is_a_parameter_without_value_is_one_tl002(tmp_path: Path) -> None:
    """The parameter is the cause: its TL002 says what the policy's type leaves unread."""
    assert said(lint(tmp_path, {"org.yaml": _cfn_policy("!Ref PolicyType")}, select=("TL002",))) == [
        ("3:3: TL002 parameter PolicyType has no Default: pass --parameter PolicyType=VALUE, so not known: Type of "
         f"Organizations policy 'Guardrail' (Organizations policy 'Guardrail' {UNREAD} deployment)")]


def test_a_cloudformation_policy_whose_type_is_a_condition_is_one_tl002(tmp_path: Path) -> None:
    policy_type = "!If [InProduction, RESOURCE_CONTROL_POLICY, SERVICE_CONTROL_POLICY]"
    assert said(lint(tmp_path, {"org.yaml": _cfn_policy(policy_type)}, account=None, select=("TL002",))) == [
        (f"12:7: TL002 Organizations policy 'Guardrail' {UNREAD} deployment: condition InProduction is not known "
         "(AWS::AccountId is not known: pass --account)")]
    # with the account given, the condition settles the type: an RCP, read as one
    assert [r.policy.name for r in lint(tmp_path, {"org.yaml": _cfn_policy(policy_type)}).inventory.rcps] == ["guardrail"]


def _tf_policy(policy_type: str) -> str:
    return f"""
variable "policy_type" {{
  type = string
}}

resource "aws_organizations_policy" "guardrail" {{
  name    = "guardrail"
  type    = {policy_type}
  content = jsonencode({{Version = "2012-10-17", Statement = [{{Effect = "Deny", Action = "s3:*", Resource = "*"}}]}})
}}
"""


def test_a_terraform_policy_whose_type_is_a_variable_without_value_is_one_tl002(tmp_path: Path) -> None:
    assert said(lint(tmp_path, {"main.tf": _tf_policy("var.policy_type")}, select=("TL002",))) == [
        ("2:1: TL002 var.policy_type has no value: no default, and none given in a tfvars file or --var (in the root "
         "module), so not known: type of aws_organizations_policy.guardrail (Organizations policy "
         f"aws_organizations_policy.guardrail {UNREAD} apply)")]


def test_a_terraform_policy_whose_type_is_known_after_apply_is_one_tl002(tmp_path: Path) -> None:
    content = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]})
    plan = {"format_version": "1.2", "resource_changes": [{
        "address": "aws_organizations_policy.guardrail", "mode": "managed", "type": "aws_organizations_policy",
        "name": "guardrail", "provider_name": "registry.terraform.io/hashicorp/aws",
        "change": {"actions": ["create"], "before": None, "after": {"name": "guardrail", "content": content},
                   "after_unknown": {"type": True, "id": True, "arn": True}}}]}
    assert said(lint(tmp_path, {"plan.tfplan.json": json.dumps(plan, indent=1)}, select=("TL002",))) == [
        f"15:5: TL002 Organizations policy aws_organizations_policy.guardrail {UNREAD} apply"]


@pytest.mark.parametrize("policy_type", OTHER_TYPES)
def test_a_policy_of_another_known_type_limits_nothing(tmp_path: Path, policy_type: str) -> None:
    """Tag, backup, AI opt-out, chatbot and declarative policies grant and deny nothing: skipped, silently."""
    files = {"org.yaml": _cfn_policy(policy_type), "tf/main.tf": _tf_policy(f'"{policy_type}"')}
    result = lint(tmp_path, files, select=("TL002",))
    assert said(result) == [] and result.inventory.scps == () and result.inventory.rcps == ()


# --- Never an SCP ----------------------------------------------------------------------------------------

def test_an_rcp_never_limits_principals_in_the_access_analysis(tmp_path: Path) -> None:
    """CloudTrail is not among the services RCPs apply to, and an RCP limits what is done to resources,
    not what principals may do: an RCP denying every cloudtrail: action at the root leaves TL401 as is."""
    fixture = Path(__file__).parent / "rules" / "TL401" / "bad.aws"
    files = {f"bad.aws/{p.name}": p.read_text() for p in fixture.iterdir()}
    deny_cloudtrail = [{"Sid": "DenyCloudTrail", "Effect": "Deny", "Principal": "*", "Action": "cloudtrail:*",
                        "Resource": "*"}]

    def tl401(extra: dict[str, str]) -> list[str]:
        # the role and trails are in 111122223333: a member account here
        found = lint(tmp_path, {**files, **extra}, account="111122223333", management="999988887777",
                     select=("TL401",))
        return [f.message for f in found.findings]
    alone = tl401({})
    assert alone and tl401({"org.yaml": "Resources:" + rcp_resource(deny_cloudtrail)}) == alone
    scp = "Resources:" + rcp_resource(deny_cloudtrail).replace("RESOURCE_CONTROL_POLICY", "SERVICE_CONTROL_POLICY")
    assert tl401({"org.yaml": scp.replace('"Principal": "*", ', "")}) == []      # the same Deny as an SCP
