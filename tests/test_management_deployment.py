"""The management account known as the deployment that manages the organization.

Only the management account can create or manage the organization ("This operation must be called
using credentials from the account that is to become the new organization's management account":
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-organizations-organization.html),
so the Terraform provider configuration (or the CloudFormation stack) that manages
`aws_organizations_organization` (`AWS::Organizations::Organization`) is in it, even where no input
says which account that is. Its principals are not restricted by SCPs
(https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html: "SCPs don't
affect users or roles in the management account"), and its trails of no other known account are the
management account's: no SCP decides a request on them, and a principal of another deployment acts on them
only if it is in that account. Another provider configuration of the root (an alias assuming a role,
another profile) may be another account: only the configuration managing the organization is.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.cli import main
from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.iam.access import TRAIL_ACTIONS, AccessReport, analyse
from trail_lint.iam.evaluator import Decision, evaluate
from trail_lint.iam.reasons import Reasons
from trail_lint.iam.resolve import request_context
from trail_lint.iam.scp_levels import levels, organization, organization_keys
from trail_lint.load import load_text
from trail_lint.model import (
    Condition,
    Deployment,
    Inventory,
    OrgNode,
    OrgNodeKind,
    Policy,
    Principal,
    PrincipalKind,
    ServiceControlPolicy,
    Statement,
    Trail,
)
from trail_lint.normalise.terraform import plan as terraform_plan
from trail_lint.normalise.terraform import state as terraform_state
from trail_lint.registry import all_rules

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


# --- the management deployment's trails are the management account's ------------------------------

ORGANIZATION = """
resource "aws_organizations_organization" "org" {
  feature_set = "ALL"
}
"""

ROLE = """
resource "aws_iam_role" "{name}" {{
  name               = "{name}"
  assume_role_policy = "{{}}"
}}

resource "aws_iam_role_policy" "{name}" {{
  role   = aws_iam_role.{name}.id
  policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{{ Effect = "Allow", Action = "cloudtrail:*", Resource = "*" }}]
  }})
}}
"""

TRAIL = """
resource "aws_cloudtrail" "{name}" {{
  name           = "{name}-trail"
  s3_bucket_name = "logs-bucket-example"
}}
"""
STOP, UPDATE = "cloudtrail:StopLogging", "cloudtrail:UpdateTrail"
ACCESS_RULES = ("TL401 (can-tamper-with-trail), TL404 (trail-arn-matches-no-trail), TL406 (stop-without-start) "
                "and TL407 (deny-guardrail-gap) cannot decide: ")


def _roots(folder: Path, roots: dict[str, str]) -> Path:
    for name, body in roots.items():
        (folder / name).mkdir(parents=True)
        (folder / name / "main.tf").write_text('provider "aws" {\n  region = "us-east-1"\n}\n' + body)
    return folder


def _run(folder: Path, config: Config | None = None) -> tuple[list[tuple[str, str, str]], AccessReport]:
    """The access rules' findings and the account TL002s (rule, file, message), and the access analysis."""
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        result = run(["."], config or Config(), all_rules(), raise_errors=True)
    finally:
        os.chdir(cwd)
    assert result.access is not None
    return [(f.rule, f.file, f.message) for f in result.findings if f.rule.startswith("TL4") and f.rule != "TL402"
            or f.rule == "TL002" and "account of" in f.message], result.access


def _decided(report: AccessReport, who: str, trail: str, action: str) -> tuple[Decision, list[str]]:
    """A decision of the analysis, with the policies (or notes) its reasons name."""
    [key] = [key for found, key in zip(report.trails, report.trail_keys) if found.name == trail]
    grant = report.grant(who, key, action)
    return grant.decision, [because.policy for because in grant.because]


def test_a_trail_of_the_management_deployment_is_out_of_the_scps_reach(tmp_path: Path) -> None:
    """The root's Deny of StopLogging restricts member accounts, never the management account: a request
    on the trail of the root module creating the organization is made from the management account (a
    trail has no resource-based policy), by its own role or by a role of another root module were it
    deployed there, which no input says: conditional on that, as UpdateTrail is, and said once, naming
    the management account's trails and the `accounts:` entry that settles it. A trail of a third root
    module may be in a member account: the Deny may be over the role there (the note's other part)."""
    folder = _roots(tmp_path, {"org": SCP + ROLE.format(name="boss") + TRAIL.format(name="org"),
                               "admin": ROLE.format(name="admin"), "app": TRAIL.format(name="app")})
    found, report = _run(folder)
    boss, admin = "aws_iam_role.boss", "aws_iam_role.admin"
    for action in (STOP, UPDATE):
        assert _decided(report, boss, "org-trail", action) == (Decision.ALLOWED, ["aws_iam_role_policy.boss"])
        assert _decided(report, admin, "org-trail", action) == (
            Decision.CONDITIONAL, ["aws_iam_role_policy.admin", "the account of role admin is not known"])
    assert _decided(report, admin, "app-trail", UPDATE)[0] is Decision.ALLOWED
    assert _decided(report, admin, "app-trail", STOP) == (
        Decision.CONDITIONAL, ["aws_organizations_policy.guard", "the account of role admin is not known"])
    assert found == [
        ("TL002", "admin/main.tf", ACCESS_RULES + "the account of role admin in admin/main.tf is not known: its access "
         "to the trails of the management account (provider aws of root module org) is conditional (pass --account, "
         "or name the account of provider aws of root module admin under `accounts:` in .trail-lint.yaml)"),
        ("TL401", "admin/main.tf", "role admin can DeleteTrail, UpdateTrail, PutEventSelectors on 'app-trail'"),
        ("TL401", "org/main.tf", ("role boss can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on "
         "'app-trail', 'org-trail'"))]


def test_without_the_organization_no_trail_is_the_management_accounts(tmp_path: Path) -> None:
    """The SCP attached by the root's ID without the organization resource: the root module is not known
    to manage the organization, so its trail may be a member account's, over which the Deny may be."""
    scp = SCP.replace(ORGANIZATION, "").replace("aws_organizations_organization.org.roots[0].id", '"r-abcd"')
    folder = _roots(tmp_path, {"org": scp + ROLE.format(name="boss") + TRAIL.format(name="org"),
                               "admin": ROLE.format(name="admin")})
    found, report = _run(folder)
    for who in ("aws_iam_role.boss", "aws_iam_role.admin"):
        assert _decided(report, who, "org-trail", UPDATE)[0] is Decision.ALLOWED
        assert _decided(report, who, "org-trail", STOP)[0] is Decision.CONDITIONAL
    assert [(rule, file) for rule, file, _ in found] == [
        ("TL002", "admin/main.tf"), ("TL401", "admin/main.tf"), ("TL002", "org/main.tf"), ("TL401", "org/main.tf")]
    assert all("management account" not in message for _, _, message in found)


def test_the_management_deployments_account_given_ties_its_trails(tmp_path: Path) -> None:
    # `accounts:` names the organization's root module's account: its trail is of that known account,
    # a trail like any other; the note names the account, not the management deployment
    folder = _roots(tmp_path, {"org": ORGANIZATION + ROLE.format(name="boss") + TRAIL.format(name="org"),
                               "admin": ROLE.format(name="admin")})
    found, report = _run(folder, Config(accounts={"org": "111122223333"}))
    assert _decided(report, "aws_iam_role.boss", "org-trail", STOP)[0] is Decision.ALLOWED
    assert _decided(report, "aws_iam_role.admin", "org-trail", STOP)[0] is Decision.CONDITIONAL
    assert [message.split(": ", 2)[2] for rule, _, message in found if rule == "TL002"] == [
        ("its access to the trails of account 111122223333 is conditional (pass --account, or name the account of "
        "provider aws of root module admin under `accounts:` in .trail-lint.yaml)")]


def test_a_stack_creating_the_organization_owns_its_trail(tmp_path: Path) -> None:
    (tmp_path / "org.yaml").write_text("""Resources:
  Org:
    Type: AWS::Organizations::Organization
    Properties: {FeatureSet: ALL}
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties: {TrailName: org-trail, S3BucketName: logs-bucket-example, IsLogging: true}
""")
    (tmp_path / "ops.yaml").write_text("""Resources:
  Ops:
    Type: AWS::IAM::Role
    Properties:
      RoleName: ops
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: []}
      Policies:
        - PolicyName: all
          PolicyDocument:
            Version: "2012-10-17"
            Statement: [{Effect: Allow, Action: "cloudtrail:*", Resource: "*"}]
""")
    found, report = _run(tmp_path, Config(region="us-east-1"))
    assert _decided(report, "ops", "org-trail", STOP)[0] is Decision.CONDITIONAL
    assert found == [("TL002", "ops.yaml", ACCESS_RULES + "the account of role ops in ops.yaml is not known: its "
                      "access to the trails of the management account (the stack of org.yaml) is conditional "
                      "(pass --account, or name the account of the stack of ops.yaml under `accounts:` in "
                      ".trail-lint.yaml)")]


# --- the account note of a module's principals names each root module calling it -------------------

def test_each_root_module_calling_a_module_has_its_own_account_note(tmp_path: Path) -> None:
    module = tmp_path / "modules" / "ops"
    module.mkdir(parents=True)
    (module / "main.tf").write_text(ROLE.format(name="ops"))
    call = 'module "ops" {\n  source = "../../modules/ops"\n}\n'
    _roots(tmp_path, {"envs/a": call, "envs/b": call})
    (tmp_path / "trails.json").write_text(json.dumps({"trailList": [{
        "Name": "audit", "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/audit", "HomeRegion": "us-east-1",
        "S3BucketName": "logs", "IsMultiRegionTrail": True, "LogFileValidationEnabled": True}]}))
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        notes = [f for f in run(["."], Config(), all_rules()).findings if "account of" in f.message]
        tied = [(f.rule, f.message) for f in run(["."], Config(accounts={"envs/a": "111122223333"}), all_rules()).findings
                if f.rule == "TL401" or "account of" in f.message]
    finally:
        os.chdir(cwd)
    # one note per root module, at the module's line, each naming the entry that settles it
    assert [(f.file, f.line) for f in notes] == [("modules/ops/main.tf", 2)] * 2
    assert [f.message.rsplit("(", 1)[1] for f in notes] == [
        f"pass --account, or name the account of provider aws of root module envs/{root} under `accounts:` in "
        ".trail-lint.yaml)" for root in ("a", "b")]
    assert len({f.fingerprint for f in notes}) == 2
    # settled for envs/a: its role acts on the trail; envs/b's is still open
    assert [rule for rule, _ in tied] == ["TL002", "TL401"]
    assert "root module envs/b under" in tied[0][1]
    assert tied[1][1] == "role ops can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'audit'"


def test_a_guardrail_gap_is_not_said_of_the_management_accounts_trail(tmp_path: Path) -> None:
    """TL407 compares an SCP with the trails of the accounts it restricts: never the management
    account's, so the trail of the root module creating the organization is no gap of it; without the
    organization resource that trail may be a member account's, and it is one."""
    guard = SCP.replace('Resource = "*"', 'Resource = "arn:aws:cloudtrail:*:*:trail/app-*"')
    trails = TRAIL.format(name="app") + TRAIL.format(name="other")

    def gaps(scp: str, folder: Path) -> list[str]:
        _roots(folder, {"org": scp + TRAIL.format(name="org"), "app": trails})
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            return [f.message for f in run(["."], Config(select=("TL407",)), all_rules()).findings]
        finally:
            os.chdir(cwd)

    said = "deny statement 1 of policy aws_organizations_policy.guard on StopLogging does not cover "
    assert gaps(guard, tmp_path / "managed") == [said + "'other-trail'"]
    unmanaged = guard.replace(ORGANIZATION, "").replace("aws_organizations_organization.org.roots[0].id", '"r-abcd"')
    assert gaps(unmanaged, tmp_path / "unmanaged") == [said + "'other-trail', 'org-trail'"]


# --- the masks agree with evaluating each request as made from the trail's account ----------------

KEY = "terraform:org#aws"       # the key of the deployment that manages the organization
ORG_ID, ROOT_ID, MEMBER = "o-abcdef1234", "r-abcd", "222222222222"
MANAGER = Deployment(key=KEY, label="provider aws of root module org")
OTHER = Deployment(key="terraform:app#aws", label="provider aws of root module app")
TREE = (OrgNode(KEY, OrgNodeKind.MANAGEMENT, organization=ORG_ID, deployment=MANAGER), OrgNode(ROOT_ID, OrgNodeKind.ROOT),
        OrgNode(MEMBER, OrgNodeKind.ACCOUNT, ROOT_ID))
MODEL_TRAILS = (Trail(name="org", deployment=MANAGER), Trail(name="app", deployment=OTHER),
                Trail(name="member", arn=f"arn:aws:cloudtrail:us-east-1:{MEMBER}:trail/member", region="us-east-1",
                      account=MEMBER))
CONDITIONS = st.sampled_from([(), (), (Condition("StringEquals", "aws:PrincipalOrgID", (ORG_ID,)),),
                              (Condition("StringNotEquals", "aws:PrincipalAccount", (MEMBER,)),)])
STATEMENTS = st.builds(lambda effect, action, conditions: Statement(effect, actions=(action,), resources=("*",),
                                                                    conditions=conditions),
                       st.sampled_from(["Allow", "Deny"]), st.sampled_from(["cloudtrail:*", STOP, UPDATE]), CONDITIONS)
POLICIES = st.builds(lambda statements: Policy("p", tuple(statements)), st.lists(STATEMENTS, min_size=1, max_size=2))


@settings(max_examples=100, deadline=None)
@given(POLICIES, st.lists(POLICIES, max_size=2), st.sampled_from([MANAGER, OTHER]))
def test_requests_on_the_management_deployments_trail_are_the_management_accounts(
        identity: Policy, guards: list[Policy], deployment: Deployment) -> None:
    """A role of the organization's deployment is in the management account: no SCP over it, and its
    grants on the member's trail conditional (it acts there only were the member the management
    account). A role of another deployment on the organization's deployment's trail is decided as the
    management account's principal, then conditional on being in it; elsewhere as before: on the trail
    of no known account with the SCP levels of no known account, on the member's trail as the member's
    principal, conditional."""
    role = Principal(id="Operator", kind=PrincipalKind.ROLE, name="Operator", inline_policies=(identity,),
                     deployment=deployment)
    inventory = Inventory(trails=MODEL_TRAILS, principals=(role,), organization=TREE,
                          scps=tuple(ServiceControlPolicy(guard, (ROOT_ID,)) for guard in guards))
    report = analyse(inventory)
    org = organization(inventory)
    managed = deployment is MANAGER
    for bit, (trail, key) in enumerate(zip(report.trails, report.trail_keys)):
        # the management account's principal is decided as that, whatever the trail (if the trail is of
        # another account it cannot act on it at all)
        account = KEY if managed else trail.account or (KEY if trail.name == "org" else None)
        context = request_context(role, None if managed else trail.account, organization_keys(org, account))
        for action in TRAIL_ACTIONS:
            expected = evaluate((identity,), action, report.resources[bit], scps=levels(org, account),
                                context=context, on=report.context_of(bit)).decision
            if trail.account or trail.name == "org" and not managed:    # it may not be in the trail's account
                expected = {Decision.ALLOWED: Decision.CONDITIONAL}.get(expected, expected)
            assert report.decision("Operator", key, action) is expected, (trail.name, action)
    slow = [report.grant(d.principal, d.trail, d.action) for d in report.decisions(include_denied=True)]
    assert list(Reasons(report).grants(include_denied=True)) == slow
