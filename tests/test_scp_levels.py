"""SCPs as AWS Organizations applies them, from each input format.

Every level of the path from the root to an account must allow a request, a Deny anywhere wins,
FullAWSAccess is attached at every level by default, and the management account is never restricted:
https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
The independent simulator takes SCP levels ready-made (tests/differential): how the levels are
found from attachments, the OU tree and the management account is tested here.
"""
from __future__ import annotations

import json
from pathlib import Path

from plan_changes import change, write_plan

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.iam.access import analyse
from trail_lint.iam.evaluator import Decision, ScpLevel
from trail_lint.iam.scp_levels import FULL_AWS_ACCESS_UNSHOWN, levels, organization
from trail_lint.model import (
    FULL_AWS_ACCESS,
    UNKNOWN,
    Inventory,
    OrgNode,
    OrgNodeKind,
    Policy,
    Principal,
    PrincipalKind,
    ServiceControlPolicy,
    Statement,
)
from trail_lint.registry import all_rules

STOP, GET = "cloudtrail:StopLogging", "cloudtrail:GetTrail"
MANAGEMENT, MEMBER, OTHER = "111111111111", "222222222222", "333333333333"
GUARD = Policy("guard", (Statement("Deny", actions=(STOP,), resources=("*",)),))
ALLOW_LIST = Policy("allow-list", (Statement("Allow", actions=("cloudtrail:Get*",), resources=("*",)),))


def trail_arn(account: str) -> str:
    return f"arn:aws:cloudtrail:us-east-1:{account}:trail/main"


def org(*scps: ServiceControlPolicy, nodes: tuple[OrgNode, ...] = ()):
    return organization(Inventory(scps=scps, organization=nodes))


def test_levels_follow_the_path_from_the_root() -> None:
    tree = (OrgNode(MANAGEMENT, OrgNodeKind.MANAGEMENT), OrgNode("ou-a", OrgNodeKind.UNIT, "r-abcd"),
            OrgNode(MEMBER, OrgNodeKind.ACCOUNT, "ou-a"), OrgNode("ou-b", OrgNodeKind.UNIT, "r-abcd"))
    on_path = org(ServiceControlPolicy(GUARD, ("ou-a",)), ServiceControlPolicy(ALLOW_LIST, ("ou-b",)), nodes=tree)
    # the guardrail's OU is above the account; FullAWSAccess is there by default; ou-b is elsewhere
    assert levels(on_path, MEMBER) == (ScpLevel((GUARD, FULL_AWS_ACCESS), True),)
    assert levels(on_path, MANAGEMENT) == ()
    # an account whose parents the inputs do not give: the OU may or may not be above it
    assert levels(on_path, OTHER) == (ScpLevel((GUARD, FULL_AWS_ACCESS), UNKNOWN),
                                      ScpLevel((ALLOW_LIST, FULL_AWS_ACCESS_UNSHOWN), UNKNOWN))
    # an OU the inputs name only as a parent is still on the path; what is above it is not known
    partial = org(ServiceControlPolicy(GUARD, ("ou-x",)), ServiceControlPolicy(ALLOW_LIST, ("ou-y",)),
                  nodes=(OrgNode(MANAGEMENT, OrgNodeKind.MANAGEMENT), OrgNode(MEMBER, OrgNodeKind.ACCOUNT, "ou-x")))
    assert levels(partial, MEMBER) == (ScpLevel((GUARD, FULL_AWS_ACCESS), True), ScpLevel((ALLOW_LIST, FULL_AWS_ACCESS_UNSHOWN), UNKNOWN))
    # without the management account, any account may be it
    assert levels(org(ServiceControlPolicy(GUARD, ("r-abcd",))), MEMBER) == \
        (ScpLevel((GUARD, FULL_AWS_ACCESS), UNKNOWN),)


def test_full_aws_access_attached_or_detached() -> None:
    management = (OrgNode(MANAGEMENT, OrgNodeKind.MANAGEMENT),)
    kept = org(ServiceControlPolicy(ALLOW_LIST, (MEMBER,)), ServiceControlPolicy(FULL_AWS_ACCESS, (MEMBER,)),
               nodes=management)
    assert levels(kept, MEMBER) == (ScpLevel((ALLOW_LIST, FULL_AWS_ACCESS), True),)
    detached = org(ServiceControlPolicy(FULL_AWS_ACCESS, detached_from=(MEMBER,)), nodes=management)
    assert levels(detached, MEMBER) == (ScpLevel((), True),)       # nothing left to allow anything


def user(account: str, *statements: Statement) -> Principal:
    return Principal(id=f"arn:aws:iam::{account}:user/u", kind=PrincipalKind.USER, name="u", account=account,
                     inline_policies=(Policy("own", statements),))


ADMIN = Statement("Allow", actions=("cloudtrail:*",), resources=("*",))


def decide(inventory: Inventory, principal: str, account: str, action: str) -> Decision:
    return analyse(inventory).decision(principal, trail_arn(account), action)


def test_a_guardrail_denies_only_what_it_denies() -> None:
    from trail_lint.model import Trail

    trails = tuple(Trail(name="main", arn=trail_arn(a)) for a in (MANAGEMENT, MEMBER))
    alice, boss = user(MEMBER, ADMIN), user(MANAGEMENT, ADMIN)
    inventory = Inventory(trails=trails, principals=(alice, boss), scps=(ServiceControlPolicy(GUARD, ("r-abcd",)),),
                          organization=(OrgNode(MANAGEMENT, OrgNodeKind.MANAGEMENT),))
    assert decide(inventory, alice.id, MEMBER, STOP) is Decision.DENIED
    assert decide(inventory, alice.id, MEMBER, GET) is Decision.ALLOWED
    assert decide(inventory, boss.id, MANAGEMENT, STOP) is Decision.ALLOWED
    # SCPs never restrict service-linked roles
    linked = Principal(id=f"arn:aws:iam::{MEMBER}:role/aws-service-role/x.amazonaws.com/AWSServiceRoleForX",
                       kind=PrincipalKind.ROLE, name="AWSServiceRoleForX", account=MEMBER,
                       inline_policies=(Policy("own", (ADMIN,)),))
    inventory = Inventory(trails=trails, principals=(linked,), scps=inventory.scps, organization=inventory.organization)
    assert decide(inventory, linked.id, MEMBER, STOP) is Decision.ALLOWED


# --- the same from each input format ------------------------------------------------------------

def findings_and_report(folder: Path, **config):
    result = run([str(folder)], Config(region="us-east-1", **config), all_rules())
    # the TL002 findings about SCPs (other checks say what they could not decide on these inputs)
    return [f"{Path(f.file).name}:{f.rule} {f.message}" for f in result.findings
            if f.rule == "TL002" and "SCP" in f.message], analyse(result.inventory)


def _trail(account: str) -> dict:
    return {"name": "main", "arn": trail_arn(account), "home_region": "us-east-1", "s3_bucket_name": "logs",
            "is_multi_region_trail": True, "enable_log_file_validation": True}


def _role(account: str, name: str) -> list[dict]:
    admin = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "cloudtrail:*", "Resource": "*"}]})
    return [change(f"aws_iam_role.{name}", {"name": name, "arn": f"arn:aws:iam::{account}:role/{name}",
                                             "assume_role_policy": "{}"}),
            change(f"aws_iam_role_policy.{name}", {"name": "admin", "role": name, "policy": admin})]


def test_terraform_plan(tmp_path: Path) -> None:
    deny = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Action": ["cloudtrail:StopLogging"], "Resource": "*"}]})
    changes = [
        change("aws_organizations_organization.org", {
            "id": "o-abc", "master_account_id": MANAGEMENT, "roots": [{"id": "r-abcd"}]}),
        change("aws_organizations_organizational_unit.workloads", {"id": "ou-abcd-1", "parent_id": "r-abcd"}),
        change("aws_organizations_account.app", {"id": MEMBER, "parent_id": "ou-abcd-1"}),
        change("aws_organizations_account.sandbox", {"id": OTHER, "parent_id": "r-abcd"}),
        change("aws_organizations_policy.protect", {"id": "p-1", "type": "SERVICE_CONTROL_POLICY", "content": deny}),
        change("aws_organizations_policy_attachment.protect", {"policy_id": "p-1", "target_id": "ou-abcd-1"}),
        # FullAWSAccess taken away from the sandbox account by this plan: nothing is allowed there
        change("aws_organizations_policy_attachment.full", {"policy_id": "p-FullAWSAccess", "target_id": OTHER},
                ("delete",)),
        *(change(f"aws_cloudtrail.t{a}", _trail(a)) for a in (MANAGEMENT, MEMBER, OTHER)),
        *_role(MANAGEMENT, "breakglass"), *_role(MEMBER, "admin"), *_role(OTHER, "tinker"),
    ]
    write_plan(tmp_path / "plan.json", changes)
    unknown, report = findings_and_report(tmp_path)
    assert unknown == []
    role = "arn:aws:iam::{}:role/{}".format
    assert report.decision(role(MEMBER, "admin"), trail_arn(MEMBER), STOP) is Decision.DENIED
    assert report.decision(role(MEMBER, "admin"), trail_arn(MEMBER), GET) is Decision.ALLOWED
    assert report.decision(role(MANAGEMENT, "breakglass"), trail_arn(MANAGEMENT), STOP) is Decision.ALLOWED
    assert report.decision(role(OTHER, "tinker"), trail_arn(OTHER), GET) is Decision.DENIED


def test_terraform_configuration(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('''
resource "aws_organizations_organizational_unit" "workloads" {
  name      = "workloads"
  parent_id = "r-abcd"
}
resource "aws_organizations_policy" "protect" {
  name    = "protect-trails"
  content = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Action = ["cloudtrail:StopLogging"], Resource = "*" }]
  })
}
resource "aws_organizations_policy_attachment" "root" {
  policy_id = aws_organizations_policy.protect.id
  target_id = "r-abcd"
}
resource "aws_organizations_policy" "ou_only" {
  name    = "no-delete"
  content = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Action = ["cloudtrail:DeleteTrail"], Resource = "*" }]
  })
}
resource "aws_organizations_policy_attachment" "ou" {
  policy_id = aws_organizations_policy.ou_only.id
  target_id = aws_organizations_organizational_unit.workloads.id
}
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "logs"
}
resource "aws_iam_role" "admin" {
  name               = "admin"
  assume_role_policy = "{}"
}
resource "aws_iam_role_policy" "admin" {
  role   = aws_iam_role.admin.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "cloudtrail:*", Resource = "*" }]
  })
}
''')
    unknown, report = findings_and_report(tmp_path, account=MEMBER, management_account=MANAGEMENT)
    assert unknown == []
    def decision(action: str) -> Decision:
        return report.decision("aws_iam_role.admin", trail_arn(MEMBER), action)
    assert decision(STOP) is Decision.DENIED                    # attached to the root
    assert decision(GET) is Decision.ALLOWED                    # FullAWSAccess stays
    # the OU may or may not be above the account: the inputs do not place the account
    assert decision("cloudtrail:DeleteTrail") is Decision.CONDITIONAL
    # without knowing the management account, the role may be in it
    _, report = findings_and_report(tmp_path, account=MEMBER)
    assert report.decision("aws_iam_role.admin", trail_arn(MEMBER), STOP) is Decision.CONDITIONAL


CLOUDFORMATION = '''
Resources:
  Workloads:
    Type: AWS::Organizations::OrganizationalUnit
    Properties: {Name: workloads, ParentId: r-abcd}
  ProtectTrails:
    Type: AWS::Organizations::Policy
    Properties:
      Name: protect-trails
      Type: SERVICE_CONTROL_POLICY
      TargetIds: [r-abcd, !Ref Workloads]
      Content:
        Version: "2012-10-17"
        Statement:
          - {Effect: Deny, Action: cloudtrail:StopLogging, Resource: "*"}
  NoUpdates:
    Type: AWS::Organizations::Policy
    Properties:
      Name: no-updates
      Type: SERVICE_CONTROL_POLICY
      Content: '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "cloudtrail:UpdateTrail", "Resource": "*"}]}'
  Admin:
    Type: AWS::IAM::Role
    Properties:
      RoleName: admin
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: admin
          PolicyDocument:
            Statement: [{Effect: Allow, Action: "cloudtrail:*", Resource: "*"}]
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties: {TrailName: main, IsLogging: true, S3BucketName: logs}
'''


def test_cloudformation(tmp_path: Path) -> None:
    (tmp_path / "org.yaml").write_text(CLOUDFORMATION)
    unknown, report = findings_and_report(tmp_path, account=MEMBER, management_account=MANAGEMENT)
    assert unknown == [("org.yaml:TL002 SCP no-updates is attached to nothing in the inputs: which accounts it "
                        "restricts is unknown, so what it would deny is shown as conditional")]
    assert report.decision("admin", trail_arn(MEMBER), STOP) is Decision.DENIED
    assert report.decision("admin", trail_arn(MEMBER), "cloudtrail:UpdateTrail") is Decision.CONDITIONAL
    assert report.decision("admin", trail_arn(MEMBER), GET) is Decision.ALLOWED


def test_aws_cli(tmp_path: Path) -> None:
    (tmp_path / "authz.json").write_text(json.dumps({"RoleDetailList": [{
        "RoleName": "admin", "Arn": f"arn:aws:iam::{MEMBER}:role/admin", "RolePolicyList": [{
            "PolicyName": "admin", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "cloudtrail:*", "Resource": "*"}]}}]}]}))
    (tmp_path / "trails.json").write_text(json.dumps({"trailList": [
        {"Name": "main", "TrailARN": trail_arn(MEMBER), "HomeRegion": "us-east-1", "S3BucketName": "logs",
         "IsMultiRegionTrail": True, "LogFileValidationEnabled": True}]}))
    # `aws organizations describe-policy`: the content and the ARN (which names the management
    # account), but not where the policy is attached
    (tmp_path / "scp.json").write_text(json.dumps({"Policy": {
        "PolicySummary": {"Id": "p-1", "Name": "protect-trails", "Type": "SERVICE_CONTROL_POLICY",
                          "Arn": f"arn:aws:organizations::{MANAGEMENT}:policy/o-abc/service_control_policy/p-1"},
        "Content": json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Deny", "Action": "cloudtrail:StopLogging", "Resource": "*"}]})}}))
    unknown, report = findings_and_report(tmp_path)
    assert unknown == [("scp.json:TL002 SCP protect-trails is attached to nothing in the inputs: which accounts it "
                        "restricts is unknown, so what it would deny is shown as conditional")]
    admin = f"arn:aws:iam::{MEMBER}:role/admin"
    assert report.decision(admin, trail_arn(MEMBER), STOP) is Decision.CONDITIONAL
    assert report.decision(admin, trail_arn(MEMBER), GET) is Decision.ALLOWED


def test_management_account_setting(tmp_path: Path) -> None:
    import pytest

    from trail_lint.config import ConfigError, load_config

    (tmp_path / ".trail-lint.yaml").write_text(f'management-account: "{MANAGEMENT}"\n')
    assert load_config(str(tmp_path / ".trail-lint.yaml")).management_account == MANAGEMENT
    (tmp_path / ".trail-lint.yaml").write_text("management-account: 42\n")
    with pytest.raises(ConfigError):
        load_config(str(tmp_path / ".trail-lint.yaml"))


# --- an allow list and FullAWSAccess at the same target -------------------------------------------
# An allow list restricts only where FullAWSAccess is detached ("allow list strategy"):
# https://docs.aws.amazon.com/organizations/latest/APIReference/API_DetachPolicy.html

UNSHOWN_TL002 = "SCP {} is an allow list attached to {}, where the inputs do not show whether FullAWSAccess is still attached"


def full_access_notes(unknown: list[str]) -> list[str]:
    return sorted(message.split(" ", 1)[1].split(":")[0] for message in unknown if "FullAWSAccess" in message)


def test_an_allow_list_without_full_access_shown_leaves_what_it_does_not_allow_unknown() -> None:
    from trail_lint.iam.evaluator import evaluate
    from trail_lint.model import Trail

    management = (OrgNode(MANAGEMENT, OrgNodeKind.MANAGEMENT),)
    alice = user(MEMBER, ADMIN)
    inventory = Inventory(trails=(Trail(name="main", arn=trail_arn(MEMBER)),), principals=(alice,),
                          scps=(ServiceControlPolicy(ALLOW_LIST, (MEMBER,)),), organization=management)
    org_levels = levels(organization(inventory), MEMBER)
    assert org_levels == (ScpLevel((ALLOW_LIST, FULL_AWS_ACCESS_UNSHOWN), True),)
    assert decide(inventory, alice.id, MEMBER, GET) is Decision.ALLOWED          # the allow list allows it
    assert decide(inventory, alice.id, MEMBER, STOP) is Decision.UNKNOWN         # it may or may not be denied
    # the request-by-request evaluator, which names the reasons, decides the same
    for action, decision in ((GET, Decision.ALLOWED), (STOP, Decision.UNKNOWN)):
        assert evaluate(alice.inline_policies, action, trail_arn(MEMBER), scps=org_levels).decision is decision
    # an allow list the inputs do not place (attached to nothing shown, or to a target known only at
    # deployment) may not be over the account at all: what it would deny stays conditional, as its TL002 says
    for placed in ((), (UNKNOWN,)):
        assert levels(organization(Inventory(scps=(ServiceControlPolicy(ALLOW_LIST, placed),),
                                             organization=management)), MEMBER) == (ScpLevel((ALLOW_LIST,), UNKNOWN),)
    # a Deny next to the allow list still denies
    guarded = Policy("allow-list", (*ALLOW_LIST.statements, Statement("Deny", actions=(STOP,), resources=("*",))))
    inventory = Inventory(trails=inventory.trails, principals=(alice,),
                          scps=(ServiceControlPolicy(guarded, (MEMBER,)),), organization=management)
    assert decide(inventory, alice.id, MEMBER, STOP) is Decision.DENIED


def test_a_copy_of_full_access_leaves_nothing_unknown_beside_it() -> None:
    # an SCP that allows every action on every resource (FullAWSAccess under another ID) allows it
    # all whether or not FullAWSAccess is still attached beside it: no TL002, nothing unknown
    from trail_lint.iam.scp_levels import unattached
    from trail_lint.model import Trail

    management = (OrgNode(MANAGEMENT, OrgNodeKind.MANAGEMENT),)
    alice = user(MEMBER, ADMIN)
    everything = Policy("FullAWSAccess", (Statement("Allow", actions=("*",), resources=("*",)),))
    inventory = Inventory(trails=(Trail(name="main", arn=trail_arn(MEMBER)),), principals=(alice,),
                          scps=(ServiceControlPolicy(everything, (MEMBER,)),), organization=management)
    assert list(unattached(organization(inventory))) == []
    assert decide(inventory, alice.id, MEMBER, STOP) is Decision.ALLOWED


def _allow_list_plan(path: Path, full_access: str | None) -> None:
    """An allow list on the member account and on its OU; FullAWSAccess there kept, taken away or not said."""
    allow = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["cloudtrail:Get*", "sts:*"], "Resource": "*"}]})
    changes = [
        change("aws_organizations_organization.org", {
            "id": "o-abc", "master_account_id": MANAGEMENT, "roots": [{"id": "r-abcd"}]}),
        change("aws_organizations_organizational_unit.workloads", {"id": "ou-abcd-1", "parent_id": "r-abcd"}),
        change("aws_organizations_account.app", {"id": MEMBER, "parent_id": "ou-abcd-1"}),
        change("aws_organizations_policy.allow", {"id": "p-2", "name": "read-only",
                                                  "type": "SERVICE_CONTROL_POLICY", "content": allow}),
        change("aws_organizations_policy_attachment.allow_ou", {"policy_id": "p-2", "target_id": "ou-abcd-1"}),
        change("aws_organizations_policy_attachment.allow_app", {"policy_id": "p-2", "target_id": MEMBER}),
        change(f"aws_cloudtrail.t{MEMBER}", _trail(MEMBER)),
        *_role(MEMBER, "admin"), *_role(MEMBER, "operator"),
    ]
    if full_access is not None:
        changes += [change(f"aws_organizations_policy_attachment.full_{name}",
                           {"policy_id": "p-FullAWSAccess", "target_id": target},
                           ("delete",) if full_access == "detached" else ("no-op",))
                    for name, target in (("ou", "ou-abcd-1"), ("app", MEMBER))]
    write_plan(path, changes)


def test_terraform_plan_allow_list(tmp_path: Path) -> None:
    admin = f"arn:aws:iam::{MEMBER}:role/admin"
    found = {}
    for shown in ("attached", "detached", None):
        folder = tmp_path / str(shown)
        folder.mkdir()
        _allow_list_plan(folder / "plan.json", shown)
        unknown, report = findings_and_report(folder)
        found[shown] = full_access_notes(unknown), report.decision(admin, trail_arn(MEMBER), STOP), \
            report.decision(admin, trail_arn(MEMBER), GET)
    assert found["attached"] == ([], Decision.ALLOWED, Decision.ALLOWED)     # the allow list changes nothing
    assert found["detached"] == ([], Decision.DENIED, Decision.ALLOWED)      # it restricts
    # not shown: unknown, and said once per attachment, not per principal or decision
    assert found[None] == ([UNSHOWN_TL002.format("aws_organizations_policy.allow", MEMBER), UNSHOWN_TL002.format("aws_organizations_policy.allow", "ou-abcd-1")],
                           Decision.UNKNOWN, Decision.ALLOWED)


def test_terraform_plan_allow_list_shown_at_one_level_only(tmp_path: Path) -> None:
    """FullAWSAccess detached from the account but not said of its OU: the OU's level is still open."""
    _allow_list_plan(tmp_path / "plan.json", None)
    plan = json.loads((tmp_path / "plan.json").read_text())
    plan["resource_changes"].append(change("aws_organizations_policy_attachment.full_app",
                                           {"policy_id": "p-FullAWSAccess", "target_id": MEMBER}, ("delete",)))
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    unknown, report = findings_and_report(tmp_path)
    assert full_access_notes(unknown) == [UNSHOWN_TL002.format("aws_organizations_policy.allow", "ou-abcd-1")]
    assert report.decision(f"arn:aws:iam::{MEMBER}:role/admin", trail_arn(MEMBER), STOP) is Decision.DENIED


def test_cloudformation_allow_list(tmp_path: Path) -> None:
    """A template cannot attach or detach the AWS managed FullAWSAccess: an allow list there is always open."""
    (tmp_path / "org.yaml").write_text(CLOUDFORMATION.replace(
        "      Name: no-updates\n", f'      Name: no-updates\n      TargetIds: ["{MEMBER}"]\n').replace(
        '"Effect": "Deny", "Action": "cloudtrail:UpdateTrail"', '"Effect": "Allow", "Action": "cloudtrail:Get*"'))
    unknown, report = findings_and_report(tmp_path, account=MEMBER, management_account=MANAGEMENT)
    assert full_access_notes(unknown) == [UNSHOWN_TL002.format("no-updates", MEMBER)]
    assert report.decision("admin", trail_arn(MEMBER), STOP) is Decision.DENIED        # the guardrail at the root
    assert report.decision("admin", trail_arn(MEMBER), GET) is Decision.ALLOWED        # the allow list allows it
    assert report.decision("admin", trail_arn(MEMBER), "cloudtrail:UpdateTrail") is Decision.UNKNOWN


def _allow_list_snapshot(root: Path, full_access: str | None) -> None:
    """A snapshot of an organization whose OU has an allow list; FullAWSAccess's own targets list it,
    leave it out, or are not in the snapshot."""
    from trail_lint.snapshot import SCHEMA, account_file, organization_file, region_file

    def write(place: str, document: object) -> None:
        (root / place).parent.mkdir(parents=True, exist_ok=True)
        (root / place).write_text(json.dumps(document))

    arn = f"arn:aws:organizations::{MANAGEMENT}:"
    ou = "ou-ab12-11111111"
    write("manifest.json", {
        "schema": SCHEMA, "caller": f"arn:aws:iam::{MANAGEMENT}:user/exporter", "started": "2026-12-01T10:00:00Z",
        "organization": {"id": "o-abcdefghij", "management_account": MANAGEMENT, "structure": True},
        "accounts": [{"id": MEMBER, "regions": ["us-east-1"]}], "failures": []})
    write(organization_file("describe-organization"), {"Organization": {
        "Id": "o-abcdefghij", "MasterAccountId": MANAGEMENT, "Arn": f"{arn}organization/o-abcdefghij"}})
    write(organization_file("list-roots"), {"Roots": [
        {"Id": "r-ab12", "Arn": f"{arn}root/o-abcdefghij/r-ab12", "Name": "Root"}]})
    write(organization_file("list-organizational-units-for-parent", parent="r-ab12"), {"OrganizationalUnits": [
        {"Id": ou, "Arn": f"{arn}ou/o-abcdefghij/{ou}", "Name": "workloads"}]})
    write(organization_file("list-accounts-for-parent", parent=ou), {"Accounts": [
        {"Id": MEMBER, "Arn": f"{arn}account/o-abcdefghij/{MEMBER}", "Name": "app"}]})
    targets = [{"TargetId": "r-ab12", "Arn": f"{arn}root/o-abcdefghij/r-ab12", "Type": "ROOT"},
               {"TargetId": MEMBER, "Arn": f"{arn}account/o-abcdefghij/{MEMBER}", "Type": "ACCOUNT"}]
    ou_target = {"TargetId": ou, "Arn": f"{arn}ou/o-abcdefghij/{ou}", "Type": "ORGANIZATIONAL_UNIT"}
    if full_access is not None:
        write(organization_file("describe-policy", policy="p-FullAWSAccess"), {"Policy": {
            "PolicySummary": {"Id": "p-FullAWSAccess", "Name": "FullAWSAccess", "Type": "SERVICE_CONTROL_POLICY",
                              "Arn": FULL_AWS_ACCESS.arn, "AwsManaged": True},
            "Content": json.dumps({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "*", "Resource": "*"}]})}})
        write(organization_file("list-targets-for-policy", policy="p-FullAWSAccess"),
              {"Targets": targets + ([ou_target] if full_access == "attached" else [])})
    write(organization_file("describe-policy", policy="p-allow1234"), {"Policy": {
        "PolicySummary": {"Id": "p-allow1234", "Name": "read-only", "Type": "SERVICE_CONTROL_POLICY",
                          "Arn": f"{arn}policy/o-abcdefghij/service_control_policy/p-allow1234"},
        "Content": json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["cloudtrail:Get*", "sts:*"], "Resource": "*"}]})}})
    write(organization_file("list-targets-for-policy", policy="p-allow1234"), {"Targets": [ou_target]})
    write(account_file(MEMBER, "get-account-authorization-details"), {"RoleDetailList": [{
        "RoleName": "admin", "Arn": f"arn:aws:iam::{MEMBER}:role/admin", "RolePolicyList": [{
            "PolicyName": "admin", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "cloudtrail:*", "Resource": "*"}]}}]}]})
    write(region_file(MEMBER, "us-east-1", "describe-trails"), {"trailList": [
        {"Name": "main", "TrailARN": trail_arn(MEMBER), "HomeRegion": "us-east-1", "S3BucketName": "logs",
         "IsMultiRegionTrail": True, "LogFileValidationEnabled": True}]})


def test_snapshot_allow_list(tmp_path: Path) -> None:
    admin = f"arn:aws:iam::{MEMBER}:role/admin"
    found = {}
    for shown in ("attached", "detached", None):
        root = tmp_path / str(shown)
        _allow_list_snapshot(root, shown)
        unknown, report = findings_and_report(root)
        found[shown] = full_access_notes(unknown), report.decision(admin, trail_arn(MEMBER), STOP), \
            report.decision(admin, trail_arn(MEMBER), GET)
    assert found["attached"] == ([], Decision.ALLOWED, Decision.ALLOWED)
    assert found["detached"] == ([], Decision.DENIED, Decision.ALLOWED)
    assert found[None] == ([UNSHOWN_TL002.format("read-only", "ou-ab12-11111111")], Decision.UNKNOWN, Decision.ALLOWED)


def test_full_aws_access_is_known_by_its_policy_id() -> None:
    from trail_lint.iam.scp_levels import is_full_access

    # the ARN AWS gives it, and the one moto gives it (with the management account and organization)
    for arn in (FULL_AWS_ACCESS.arn, (f"arn:aws:organizations::{MANAGEMENT}:policy/o-abc/service_control_policy/"
                                     "p-FullAWSAccess")):
        assert is_full_access(Policy("FullAWSAccess", FULL_AWS_ACCESS.statements, arn=arn))
    assert not is_full_access(Policy("FullAWSAccess", FULL_AWS_ACCESS.statements,
                                     arn=f"arn:aws:organizations::{MANAGEMENT}:policy/o-abc/service_control_policy/p-1"))


def test_an_attachment_target_from_an_undeclared_variable_is_one_finding(tmp_path: Path) -> None:
    """The variable is the cause, and that the SCP's place is unknown is what it leaves open: one
    TL002, at the attachment's target_id, saying both."""
    (tmp_path / "main.tf").write_text(
        'resource "aws_organizations_policy" "protect" {\n  name = "protect"\n'
        '  content = jsonencode({ Statement = [{ Effect = "Deny", Action = "cloudtrail:StopLogging",'
        ' Resource = "*" }] })\n}\n'
        'resource "aws_organizations_policy_attachment" "root" {\n'
        '  policy_id = aws_organizations_policy.protect.id\n  target_id = var.root_id\n}\n'
        'resource "aws_cloudtrail" "audit" {\n  name = "audit"\n  s3_bucket_name = "audit-logs"\n}\n')
    result = run([str(tmp_path)], Config(select=("TL002", "TL401"), region="us-east-1", account="111122223333"),
                 all_rules(), raise_errors=True)
    assert [(f.line, f.column, f.message) for f in result.findings] == [
        (7, 3, (f"var.root_id is not declared (in the root module {tmp_path}), so not known: target_id of "
                "aws_organizations_policy_attachment.root (where SCP aws_organizations_policy.protect applies is "
                "unknown: what it would deny is shown as conditional)"))]


EACH_VALUE_ATTACHMENTS = '''
resource "aws_organizations_policy" "trails" {
  name    = "trails"
  content = jsonencode({ Statement = [{ Effect = "Deny", Action = "cloudtrail:StopLogging", Resource = "*" }] })
}
resource "aws_organizations_policy" "regions" {
  name    = "regions"
  content = jsonencode({ Statement = [{ Effect = "Deny", NotAction = "iam:*", Resource = "*" }] })
}
resource "aws_organizations_policy" "spare" {
  name    = "spare"
  content = jsonencode({ Statement = [{ Effect = "Deny", Action = "s3:*", Resource = "*" }] })
}
resource "aws_organizations_policy_attachment" "workloads" {
  for_each  = { trails = aws_organizations_policy.trails.id, regions = aws_organizations_policy.regions.id }
  policy_id = each.value
  target_id = "ou-ab12-34cd56ef"
}
resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = "audit-logs"
}
'''


def test_an_attachment_of_each_value_over_policies_may_attach_each_of_them(tmp_path: Path) -> None:
    """`policy_id = each.value` over a map of policy IDs (known only after apply): each policy the
    map names is attached by one of the instances, so where each applies is not known; it is not
    "attached to nothing". A policy the map does not name still is."""
    (tmp_path / "main.tf").write_text(EACH_VALUE_ATTACHMENTS)
    result = run([str(tmp_path)], Config(select=("TL002", "TL401"), region="us-east-1", account="111122223333"),
                 all_rules(), raise_errors=True)
    assert [(f.line, f.column, f.message) for f in result.findings if "SCP" in f.message] == [
        (12, 3, ("SCP aws_organizations_policy.spare is attached to nothing in the inputs: which accounts it "
                "restricts is unknown, so what it would deny is shown as conditional")),
        (16, 3, ("where SCP aws_organizations_policy.regions applies is unknown: what it would deny is shown as "
                "conditional")),
        (16, 3, ("where SCP aws_organizations_policy.trails applies is unknown: what it would deny is shown as "
                "conditional"))]


def test_a_plan_attachment_of_each_value_names_its_candidates_once_per_policy(tmp_path: Path) -> None:
    """A plan records `policy_id = each.value` as the reference `each.value` and the map's
    references in `for_each_expression`: each policy there is said once, not once per instance."""
    def policy(name: str) -> dict:
        content = json.dumps({"Statement": [{"Effect": "Deny", "Action": "cloudtrail:StopLogging", "Resource": "*"}]})
        return {"address": f"aws_organizations_policy.{name}", "mode": "managed", "type": "aws_organizations_policy",
                "name": name, "change": {"actions": ["create"], "before": None, "after_unknown": {"id": True},
                                         "after": {"name": name, "type": "SERVICE_CONTROL_POLICY", "content": content}}}

    def attachment(key: str) -> dict:
        return {"address": f'aws_organizations_policy_attachment.w["{key}"]', "mode": "managed", "index": key,
                "type": "aws_organizations_policy_attachment", "name": "w",
                "change": {"actions": ["create"], "before": None, "after": {"target_id": "ou-ab12-34cd56ef"},
                           "after_unknown": {"policy_id": True}}}
    trail = {"address": "aws_cloudtrail.audit", "mode": "managed", "type": "aws_cloudtrail", "name": "audit",
             "change": {"actions": ["create"], "before": None, "after": {"name": "audit", "s3_bucket_name": "logs"},
                        "after_unknown": {}}}
    configuration = {"root_module": {"resources": [
        {"address": "aws_organizations_policy_attachment.w", "mode": "managed",
         "type": "aws_organizations_policy_attachment", "name": "w",
         "expressions": {"policy_id": {"references": ["each.value"]}},
         "for_each_expression": {"references": ["aws_organizations_policy.a.id", "aws_organizations_policy.a",
                                                "aws_organizations_policy.b.id", "aws_organizations_policy.b"]}}]}}
    path = tmp_path / "plan.json"
    path.write_text(json.dumps({"format_version": "1.2", "terraform_version": "1.9.0", "configuration": configuration,
                                "resource_changes": [policy("a"), policy("b"), attachment("a"), attachment("b"),
                                                     trail]}))
    result = run([str(path)], Config(select=("TL002", "TL401"), region="us-east-1", account="111122223333"),
                 all_rules(), raise_errors=True)
    assert sorted(f.message.split(" applies")[0] for f in result.findings if "SCP" in f.message) == [
        "where SCP aws_organizations_policy.a", "where SCP aws_organizations_policy.b"]


ALLOW_ALL = '''Resources:
  AllowAll:
    Type: AWS::Organizations::Policy
    Properties:
      Name: FullAWSAccess
      Type: SERVICE_CONTROL_POLICY
      TargetIds: [!Ref MemberAccount]
      Content: {Version: "2012-10-17", Statement: {Effect: Allow, Action: "*", Resource: "*"}}
  AllowSome:
    Type: AWS::Organizations::Policy
    Properties:
      Name: allow-some
      Type: SERVICE_CONTROL_POLICY
      TargetIds: [!Ref MemberAccount]
      Content: {Version: "2012-10-17", Statement: {Effect: Allow, Action: "cloudtrail:*", Resource: "*"}}
Parameters:
  MemberAccount: {Type: String}
'''


def test_an_scp_that_allows_everything_says_nothing_of_where_it_applies(tmp_path: Path) -> None:
    """A copy of FullAWSAccess (Allow * on *, as an organization writes its own) denies nothing
    wherever it is attached: only the allow list that does restrict is said to apply where unknown."""
    (tmp_path / "org.yaml").write_text(ALLOW_ALL)
    unknown, _ = findings_and_report(tmp_path, account=MEMBER, management_account=MANAGEMENT)
    assert unknown == [("org.yaml:TL002 an attachment of SCP allow-some has a target only known at deployment: "
                       "what it would deny there is shown as conditional")]
