"""The management account known as the deployment that manages the organization.

Only the management account can create or manage the organization ("This operation must be called
using credentials from the account that is to become the new organization's management account":
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-organizations-organization.html),
so the Terraform provider configuration (or the CloudFormation stack) that manages
`aws_organizations_organization` (`AWS::Organizations::Organization`) is in it, even where no input
says which account that is. Its principals are not restricted by SCPs
(https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html), and its
organization trails are its own. Another provider configuration of the root (an alias assuming a role,
another profile) may be another account: only the configuration managing the organization is.
"""
from __future__ import annotations

import json
from pathlib import Path

from trail_lint.cli import main
from trail_lint.load import load_text
from trail_lint.model import OrgNodeKind
from trail_lint.normalise.terraform import plan as terraform_plan
from trail_lint.normalise.terraform import state as terraform_state

SCP = """
resource "aws_organizations_organization" "org" {
  feature_set = "ALL"
}

resource "aws_organizations_policy" "guard" {
  name    = "guard"
  content = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Action = "cloudtrail:StopLogging", Resource = "*" }]
  })
}

resource "aws_organizations_policy_attachment" "guard" {
  policy_id = aws_organizations_policy.guard.id
  target_id = aws_organizations_organization.org.roots[0].id
}
"""

ADMIN = """
resource "aws_iam_role" "{name}" {{
  {provider}name               = "{name}"
  assume_role_policy = "{{}}"
}}

resource "aws_iam_role_policy" "{name}" {{
  {provider}role   = aws_iam_role.{name}.id
  policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{{ Effect = "Allow", Action = "cloudtrail:*", Resource = "*" }}]
  }})
}}

resource "aws_cloudtrail" "{name}" {{
  {provider}name           = "{name}-trail"
  s3_bucket_name = "logs-bucket-example"
}}
"""

PROVIDERS = """
provider "aws" {
  region = "us-east-1"
}

provider "aws" {
  alias  = "east2"
  region = "us-east-2"
}

provider "aws" {
  alias  = "member"
  region = "us-east-1"
  assume_role {
    role_arn = "arn:aws:iam::222233334444:role/OrganizationAccountAccessRole"
  }
}
"""


def _stop_logging(capsys, path: Path) -> dict[str, str]:
    """Each principal's decision on StopLogging of its own trail (`trail-lint access`)."""
    capsys.readouterr()
    main(["access", "--format", "json", str(path)])
    grants = json.loads(capsys.readouterr().out)["grants"]
    return {g["principal"]: g["decision"] for g in grants
            if g["action"] == "cloudtrail:StopLogging" and "." in g["principal"]      # not the root users' rows
            and g["trail"].endswith(g["principal"].split(".")[1] + "-trail")}


def test_principals_of_the_provider_managing_the_organization_are_not_restricted_by_scps(
        tmp_path: Path, capsys) -> None:
    (tmp_path / "main.tf").write_text(PROVIDERS + SCP + ADMIN.format(name="admin", provider="")
                                      + ADMIN.format(name="east", provider="provider = aws.east2\n  ")
                                      + ADMIN.format(name="member", provider="provider = aws.member\n  "))
    assert _stop_logging(capsys, tmp_path) == {
        "aws_iam_role.admin": "allowed",        # the management account: SCPs do not restrict it
        "aws_iam_role.east": "allowed",         # the same account settings, another Region
        # 222233334444 may be a member account (the SCP at the root denies) or the management account
        # itself (the default provider's account is not known): open
        "aws_iam_role.member": "conditional",
    }


def test_without_an_organization_the_scp_leaves_the_provider_account_open(tmp_path: Path, capsys) -> None:
    # the SCP and its attachment without the organization resource: the root's account is not
    # known to manage the organization, so whether the SCP restricts its principals stays open
    scp = SCP.replace('resource "aws_organizations_organization" "org" {\n  feature_set = "ALL"\n}\n', "") \
        .replace("aws_organizations_organization.org.roots[0].id", '"r-abcd"')
    (tmp_path / "main.tf").write_text(PROVIDERS + scp + ADMIN.format(name="admin", provider=""))
    assert _stop_logging(capsys, tmp_path) == {"aws_iam_role.admin": "conditional"}


def test_a_stack_creating_the_organization_is_its_management_account(tmp_path: Path, capsys) -> None:
    template = """Resources:
  Org:
    Type: AWS::Organizations::Organization
    Properties: {FeatureSet: ALL}
  Guard:
    Type: AWS::Organizations::Policy
    Properties:
      Name: guard
      Type: SERVICE_CONTROL_POLICY
      TargetIds: [!GetAtt Org.RootId]
      Content:
        Version: "2012-10-17"
        Statement: [{Effect: Deny, Action: "cloudtrail:StopLogging", Resource: "*"}]
  Admin:
    Type: AWS::IAM::Role
    Properties:
      RoleName: admin
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: []}
      Policies:
        - PolicyName: all
          PolicyDocument:
            Version: "2012-10-17"
            Statement: [{Effect: Allow, Action: "cloudtrail:*", Resource: "*"}]
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties: {TrailName: admin-trail, S3BucketName: logs-bucket-example, IsLogging: true}
"""
    (tmp_path / "org.yaml").write_text(template)
    capsys.readouterr()
    main(["access", "--format", "json", str(tmp_path / "org.yaml")])
    grants = json.loads(capsys.readouterr().out)["grants"]
    assert {g["decision"] for g in grants if g["action"] == "cloudtrail:StopLogging"} == {"allowed"}


def test_an_organization_trail_of_the_managing_root_is_its_own(tmp_path: Path, capsys) -> None:
    """A bucket policy naming another account's organization trail: with the root's account given
    (--account) and the root managing the organization, the trail is that account's own, and the
    policy blocks it (TL207); without the organization it may be a delegated administrator's trail,
    which the management account owns (TL002)."""
    root = Path(__file__).parent / "documented" / "organization-trail-delegated-admin.tf" / "main.tf"
    text = root.read_text().replace('  allowed_account_ids = ["123456789012"]\n', "")
    (tmp_path / "main.tf").write_text(text + 'resource "aws_organizations_organization" "org" {\n'
                                             '  feature_set = "ALL"\n}\n')
    capsys.readouterr()
    main(["--format", "parsable", "--select", "TL207", "--account", "123456789012", str(tmp_path)])
    found = capsys.readouterr().out.splitlines()
    assert [line.split(": ", 1)[1] for line in found] == [
        ("TL207 bucket policy of 'org-logs-123456789012' blocks delivery for trail 'org-trail': the aws:SourceArn "
        "condition of statement 'AWSCloudTrailAclCheck' excludes it")]
    (tmp_path / "main.tf").write_text(text)
    main(["--format", "parsable", "--select", "TL207", "--account", "123456789012", str(tmp_path)])
    assert capsys.readouterr().out == ""


# --- plan and state: the management account is the organization's provider configuration -------

ORG_CONFIG = {"provider_config": {
    "aws": {"name": "aws", "expressions": {"region": {"constant_value": "us-east-1"}}},
    "aws.member": {"name": "aws", "alias": "member", "expressions": {
        "region": {"constant_value": "us-east-1"},
        "assume_role": [{"role_arn": {"constant_value": "arn:aws:iam::222233334444:role/Admin"}}]}}},
    "root_module": {"resources": [
        {"address": "aws_organizations_organization.org", "mode": "managed", "type": "aws_organizations_organization",
         "name": "org", "provider_config_key": "aws", "expressions": {}},
        {"address": "aws_iam_role.admin", "mode": "managed", "type": "aws_iam_role", "name": "admin",
         "provider_config_key": "aws", "expressions": {}},
        {"address": "aws_iam_role.member", "mode": "managed", "type": "aws_iam_role", "name": "member",
         "provider_config_key": "aws.member", "expressions": {}}]}}


def _change(kind: str, name: str, after: dict[str, object]) -> dict[str, object]:
    return {"address": f"{kind}.{name}", "mode": "managed", "type": kind, "name": name,
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": ["create"], "before": None, "after": after, "after_unknown": {"id": True}}}


def test_a_plan_names_the_organizations_provider_configuration_the_management_account() -> None:
    plan = {"format_version": "1.2", "configuration": ORG_CONFIG, "resource_changes": [
        _change("aws_organizations_organization", "org", {"feature_set": "ALL"}),
        _change("aws_iam_role", "admin", {"name": "admin", "assume_role_policy": "{}"}),
        _change("aws_iam_role", "member", {"name": "member", "assume_role_policy": "{}"})]}
    contents = terraform_plan.normalise(load_text(json.dumps(plan), file="plan.json", fmt="json"))
    management = [n for n in contents.organization if n.kind is OrgNodeKind.MANAGEMENT]
    assert len(management) == 1 and management[0].deployment is not None
    principals = {p.id: p for p in contents.principals}
    assert principals["aws_iam_role.admin"].deployment.key == management[0].id
    assert principals["aws_iam_role.member"].account == "222233334444"      # the assumed role's account
    assert principals["aws_iam_role.member"].deployment.key != management[0].id


def test_a_state_names_the_organizations_provider_the_management_account() -> None:
    def resource(kind: str, name: str, provider: str, attributes: dict[str, object]) -> dict[str, object]:
        return {"mode": "managed", "type": kind, "name": name, "provider": provider,
                "instances": [{"attributes": attributes}]}
    default, member = ('provider["registry.terraform.io/hashicorp/aws"]',
                       'provider["registry.terraform.io/hashicorp/aws"].member')
    state = {"version": 4, "terraform_version": "1.9.0", "resources": [
        resource("aws_organizations_organization", "org", default, {"id": "o-abcdefghij", "roots": []}),
        resource("aws_iam_role", "admin", default, {"name": "admin", "assume_role_policy": "{}"}),
        resource("aws_iam_role", "member", member, {"name": "member", "assume_role_policy": "{}"})]}
    contents = terraform_state.normalise(load_text(json.dumps(state), file="terraform.tfstate", fmt="json"))
    management = [n for n in contents.organization if n.kind is OrgNodeKind.MANAGEMENT]
    assert len(management) == 1
    principals = {p.id: p for p in contents.principals}
    assert principals["aws_iam_role.admin"].deployment.key == management[0].id
    # a state holds no provider configuration: another alias may be another account
    assert principals["aws_iam_role.member"].deployment.key != management[0].id
