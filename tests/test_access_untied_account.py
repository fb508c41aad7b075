"""A principal whose account no input ties (a template's role) is not pooled with the trails of a known
account from other inputs: trails have no resource-based policies, so it acts on one only if it is in
that account. Its grants there are conditional, with one TL002 per deployment saying what settles it;
--account, config `account` or its deployment's account tie it, and a trail of its own deployment is
its own account's."""
from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.cli import main
from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.html.access import ACCOUNT_REASON, MATRIX_VERBS
from trail_lint.iam.access import analyse
from trail_lint.iam.evaluator import Decision
from trail_lint.model import (
    Condition,
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
from trail_lint.registry import all_rules

ACCOUNT = "111122223333"
AUDIT = f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/audit"
TRAILS = {"trailList": [{"Name": "audit", "TrailARN": AUDIT, "HomeRegion": "us-east-1", "S3BucketName": "logs",
                         "IsMultiRegionTrail": True, "LogFileValidationEnabled": True}]}
ACCESS_RULES = ("TL401 (can-tamper-with-trail), TL404 (trail-arn-matches-no-trail), TL406 (stop-without-start) "
                "and TL407 (deny-guardrail-gap) cannot decide: ")
SETTLE = "(pass --account or set `account` in .trail-lint.yaml)"     # a principal of no known deployment


def settle(deployment: str) -> str:
    """How the account note says what settles it: the deployment's entry under `accounts:`."""
    return f"(pass --account, or name the account of {deployment} under `accounts:` in .trail-lint.yaml)"



def _role(name: str) -> str:
    return f"""
  {name}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - {{Effect: Allow, Principal: {{Service: ec2.amazonaws.com}}, Action: sts:AssumeRole}}
      Policies:
        - PolicyName: ops
          PolicyDocument:
            Statement:
              - {{Effect: Allow, Action: ["cloudtrail:StopLogging", "cloudtrail:StartLogging"], Resource: "*"}}
"""


TRAIL = """
  AppTrail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: app
      S3BucketName: app-logs
      IsLogging: true
      IsMultiRegionTrail: true
      EnableLogFileValidation: true
"""


def _folder(folder: Path, templates: dict[str, str], listing: bool = True) -> Path:
    for name, body in templates.items():
        (folder / name).write_text("Resources:" + body)
    if listing:
        (folder / "trails.json").write_text(json.dumps(TRAILS))
    return folder


def _lint(folder: Path, config: Config | None = None) -> list[tuple[str, str, str]]:
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        result = run(["."], config or Config(region="us-east-1"), all_rules(), raise_errors=True)
    finally:
        os.chdir(cwd)
    return [(f.rule, f.file, f.message) for f in result.findings if f.rule in ("TL401", "TL406", "TL407")
            or f.rule == "TL002" and "account of" in f.message]


def _access(folder: Path, capsys: pytest.CaptureFixture[str], *options: str) -> list[dict[str, str]]:
    """The access command's CSV rows (every decision, denials included)."""
    assert main(["access", str(folder), "--region", "us-east-1", "--format", "csv", "--all", *options]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def _decisions(rows: list[dict[str, str]], action: str = "cloudtrail:StopLogging") -> dict[tuple[str, str], str]:
    return {(row["name"], row["trail"]): row["decision"] for row in rows if row["action"] == action}


def test_a_templates_role_is_conditional_on_a_trail_of_a_known_account(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path, {"roles.yaml": _role("Operator")})
    assert _lint(folder) == [("TL002", "roles.yaml", ACCESS_RULES + "the account of role Operator in roles.yaml is not "
                              f"known: its access to the trails of account {ACCOUNT} is conditional {settle('the stack of roles.yaml')}")]
    assert _decisions(_access(folder, capsys)) == {("Operator", AUDIT): "conditional"}
    main(["access", str(folder), "--region", "us-east-1"])
    text = capsys.readouterr().out
    assert "Operator    ✗      ?     ?" in text
    main(["access", str(folder), "--region", "us-east-1", "--format", "json"])
    unknown = json.loads(capsys.readouterr().out)["unknown"]
    assert [item["message"] for item in unknown] == [
        (f"the account of role Operator in {folder / 'roles.yaml'} is not known: its access to the trails of "
         f"account {ACCOUNT} is conditional " + settle(f"the stack of {folder / 'roles.yaml'}"))]


@pytest.mark.parametrize("config", [Config(region="us-east-1", account=ACCOUNT),
                                    Config(region="us-east-1", accounts={"roles.yaml": ACCOUNT})],
                         ids=["account", "accounts"])
def test_the_given_account_or_the_deployments_ties_the_role(tmp_path: Path, config: Config) -> None:
    # config `accounts` ties the stack through its own trail, as it ties the trail
    folder = _folder(tmp_path, {"roles.yaml": _role("Operator") + (TRAIL if config.accounts else "")})
    found = _lint(folder, config)
    assert ("TL401", "roles.yaml", "role Operator can StopLogging on "
            + ("'app', 'audit'" if config.accounts else "'audit'")) in found
    assert not [f for f in found if f[0] == "TL002"]


def test_the_account_option_of_the_access_command_ties_the_role(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path, {"roles.yaml": _role("Operator")})
    # and the account it ties the role to is one whose IAM the inputs model: its root user has a row
    assert _decisions(_access(folder, capsys, "--account", ACCOUNT)) == {
        ("Operator", AUDIT): "allowed", (f"root ({ACCOUNT})", AUDIT): "allowed"}


def test_a_role_and_a_trail_of_one_template_stay_tied(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "alone").mkdir()
    alone = _folder(tmp_path / "alone", {"stack.yaml": _role("Operator") + TRAIL}, listing=False)
    assert _lint(alone) == [("TL401", "stack.yaml", "role Operator can StopLogging on 'app'")]
    assert _decisions(_access(alone, capsys)) == {("Operator", "app"): "allowed"}
    # beside a listing of another input, the template's own trail is still its role's; the listed one is not
    (tmp_path / "beside").mkdir()
    beside = _folder(tmp_path / "beside", {"stack.yaml": _role("Operator") + TRAIL})
    found = _lint(beside)
    assert ("TL401", "stack.yaml", "role Operator can StopLogging on 'app'") in found
    assert [f[0] for f in found if f[0] == "TL002"] == ["TL002"]
    decisions = _decisions(_access(beside, capsys))
    assert decisions[("Operator", AUDIT)] == "conditional"
    assert [decision for (_, trail), decision in decisions.items() if trail != AUDIT] == ["allowed"]


@settings(max_examples=8, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=3))
def test_one_tl002_per_deployment_however_many_roles(roles: list[int]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as name:
        templates = {f"stack{index}.yaml": "".join(_role(f"Role{index}x{count}") for count in range(many))
                     for index, many in enumerate(roles)}
        found = _lint(_folder(Path(name), templates))
    notes = [f for f in found if f[0] == "TL002"]
    assert sorted(file for _, file, _ in notes) == sorted(templates)
    assert all(("its access" if many == 1 else "their access") in message
               for (_, _, message), many in zip(sorted(notes, key=lambda f: f[1]), roles))
    assert not [f for f in found if f[0] == "TL401"]


def test_no_note_where_the_role_has_no_grant_on_the_known_trail(tmp_path: Path) -> None:
    body = _role("Reader").replace('["cloudtrail:StopLogging", "cloudtrail:StartLogging"]', "s3:GetObject")
    assert _lint(_folder(tmp_path, {"roles.yaml": body})) == []



def test_the_html_page_shows_the_same_conditional_cell(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"roles.yaml": _role("Operator")})
    out = tmp_path / "report.html"
    assert main(["access", str(folder), "--region", "us-east-1", "--format", "html", "--output", str(out)]) == 0
    found = re.search(r'<script type="application/json" id="access-data">(.*?)</script>', out.read_text(), re.DOTALL)
    assert found
    page = json.loads(found.group(1))
    [operator] = page["principals"]
    [[letters, *_]] = operator["c"]
    assert dict(zip(MATRIX_VERBS, letters)) == {"view": "d", "start": "c", "stop": "c", "update": "d",
                                                "selectors": "d", "delete": "d", "insights": "d"}
    # the conditional cells' reasons name the unknown account after the statement
    assert [(name, why) for name, _, _, _, why, _ in page["statements"]] == [
        ("ops", "Allow in identity policy"),
        ("the account of role Operator is not known", ACCOUNT_REASON)]
    assert [message for message, *_ in page["unknown"]] == [
        (f"the account of role Operator in {folder / 'roles.yaml'} is not known: its access to the trails of "
         f"account {ACCOUNT} is conditional " + settle(f"the stack of {folder / 'roles.yaml'}"))]


def test_the_note_names_the_accounts_of_the_trails_the_role_has_grants_on(tmp_path: Path) -> None:
    other = {"trailList": [{**TRAILS["trailList"][0], "Name": "b", "TrailARN": "arn:aws:cloudtrail:us-east-1:444455556666:trail/b"}]}
    (tmp_path / "other.json").write_text(json.dumps(other))
    body = _role("Operator").replace('Resource: "*"', f'Resource: "arn:aws:cloudtrail:*:{ACCOUNT}:trail/*"')
    notes = [message for rule, _, message in _lint(_folder(tmp_path, {"roles.yaml": body})) if rule == "TL002"]
    assert notes == [ACCESS_RULES + "the account of role Operator in roles.yaml is not known: its access to the "
                     f"trails of account {ACCOUNT} is conditional {settle('the stack of roles.yaml')}"]
    (tmp_path / "roles.yaml").write_text("Resources:" + _role("Operator"))
    notes = [message for rule, _, message in _lint(tmp_path) if rule == "TL002"]
    assert notes == [ACCESS_RULES + "the account of role Operator in roles.yaml is not known: its access to the "
                     f"trails of accounts {ACCOUNT}, 444455556666 is conditional {settle('the stack of roles.yaml')}"]


def test_no_account_note_where_the_decision_is_unknown_anyway(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a managed policy not in the inputs: the decision is unknown, for the reason its own TL002 says
    body = _role("Operator").replace("      Policies:", "      ManagedPolicyArns: [arn:aws:iam::444455556666:policy/mystery]\n"
                                     "      Policies:").replace('"cloudtrail:StopLogging", ', "")
    folder = _folder(tmp_path, {"roles.yaml": body})
    assert _lint(folder) == []
    assert _decisions(_access(folder, capsys)) == {("Operator", AUDIT): "unknown"}


@pytest.mark.parametrize("provider_account", [True, False], ids=["allowed_account_ids", "no-account"])
def test_a_tf_role_is_tied_by_its_providers_account(tmp_path: Path, provider_account: bool) -> None:
    allowed = f'  allowed_account_ids = ["{ACCOUNT}"]\n' if provider_account else ""
    (tmp_path / "main.tf").write_text(f"""provider "aws" {{
  region = "us-east-1"
{allowed}}}
resource "aws_iam_role" "ops" {{
  name               = "ops"
  assume_role_policy = jsonencode({{Statement = [{{Effect = "Allow", Action = "sts:AssumeRole",
                                                  Principal = {{Service = "ec2.amazonaws.com"}}}}]}})
}}
resource "aws_iam_role_policy" "ops" {{
  role   = aws_iam_role.ops.id
  policy = jsonencode({{Statement = [{{Effect = "Allow", Action = "cloudtrail:*Logging", Resource = "*"}}]}})
}}
""")
    found = _lint(_folder(tmp_path, {}))
    if provider_account:
        assert found == [("TL401", "main.tf", "role ops can StopLogging on 'audit'")]
    else:
        assert found == [("TL002", "main.tf", ACCESS_RULES + "the account of role ops in main.tf is not known: its "
                          f"access to the trails of account {ACCOUNT} is conditional {settle('provider aws of root module .')}")]


# --- what the principal's account would settle besides which trails it acts on -------------------

MANAGEMENT, MEMBER = "111111111111", "222222222222"
STOP = "cloudtrail:StopLogging"


def _inventory(statements: tuple, inferred: bool, scps: tuple = ()) -> Inventory:
    """A role of no known account with ``statements``, a trail of no known account, the run's account
    MEMBER inferred from other inputs (or given: --account)."""
    role = Principal(id="Operator", kind=PrincipalKind.ROLE, name="Operator",
                     inline_policies=(Policy("ops", (Statement("Allow", actions=("cloudtrail:*",), resources=("*",)),
                                                     *statements)),))
    return Inventory(trails=(Trail(name="app"),), principals=(role,), scps=scps,
                     organization=(OrgNode(MANAGEMENT, OrgNodeKind.MANAGEMENT),), account=MEMBER,
                     account_inferred=inferred)


@pytest.mark.parametrize("inferred", [True, False], ids=["inferred", "given"])
def test_the_scps_over_a_principal_of_unknown_account_are_not_the_inferred_accounts(inferred: bool) -> None:
    # a Deny at the root is over every member account, never the management account: a principal
    # of unknown account may be in either
    guard = ServiceControlPolicy(Policy("guard", (Statement("Deny", actions=(STOP,), resources=("*",)),)), ("r-abcd",))
    report = analyse(_inventory((), inferred, (guard,)))
    assert report.decision("Operator", "app", STOP) is (Decision.CONDITIONAL if inferred else Decision.DENIED)
    assert report.decision("Operator", "app", "cloudtrail:GetTrailStatus") is Decision.ALLOWED
    assert [problem.message for problem in report.unknown] == (
        ["the account of role Operator in  is not known: its access is conditional " + SETTLE] if inferred else [])


@pytest.mark.parametrize("inferred", [True, False], ids=["inferred", "given"])
def test_aws_principal_account_of_a_principal_of_unknown_account_is_not_the_inferred_one(inferred: bool) -> None:
    deny = Statement("Deny", actions=(STOP,), resources=("*",),
                     conditions=(Condition("StringEquals", "aws:PrincipalAccount", (MEMBER,)),))
    report = analyse(_inventory((deny,), inferred))
    assert report.decision("Operator", "app", STOP) is (Decision.CONDITIONAL if inferred else Decision.DENIED)
    # with no SCP and no condition on its account, its account decides nothing on a trail of no known account
    assert analyse(_inventory((), inferred)).decision("Operator", "app", STOP) is Decision.ALLOWED
    assert analyse(_inventory((), inferred)).unknown == ()


def test_a_conditional_grant_says_the_account_is_not_known(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path, {"roles.yaml": _role("Operator")})
    rows = {row["action"]: row for row in _access(folder, capsys) if row["decision"] == "conditional"}
    assert sorted(rows) == ["cloudtrail:StartLogging", "cloudtrail:StopLogging"]
    assert rows["cloudtrail:StopLogging"]["because"] == (
        f"{folder / 'roles.yaml'}:12: ops statement 1; {folder / 'roles.yaml'}:4: the account of role Operator is not known")
    main(["access", str(folder), "--region", "us-east-1", "-v"])
    assert f"Operator StopLogging conditional: {folder / 'roles.yaml'}:4: the account of role Operator is not known" \
        in capsys.readouterr().out
    # one evaluation of the decision says the same as the shared reasons
    report = run([str(folder)], Config(region="us-east-1"), all_rules()).inventory
    grant = analyse(report).grant("Operator", AUDIT, STOP)
    assert [because.policy for because in grant.because] == ["ops", "the account of role Operator is not known"]
    # tied, nothing of the kind
    tied = [row for row in _access(folder, capsys, "--account", ACCOUNT) if row["name"] == "Operator"]
    assert tied and all("not known" not in row["because"] for row in tied)


def test_config_accounts_ties_a_stack_of_principals_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # no trail in the stack: its `accounts` entry ties its role all the same
    folder = _folder(tmp_path, {"roles.yaml": _role("Operator")})
    found = _lint(folder, Config(region="us-east-1", accounts={"roles.yaml": ACCOUNT}))
    assert found == [("TL401", "roles.yaml", "role Operator can StopLogging on 'audit'")]
    # an entry naming another account leaves it out of the listed account's trails
    assert _lint(folder, Config(region="us-east-1", accounts={"roles.yaml": "444455556666"})) == []


def test_config_accounts_ties_a_tf_root_module_of_principals_only(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text("""provider "aws" {
  region = "us-east-1"
}
resource "aws_iam_role" "ops" {
  name               = "ops"
  assume_role_policy = jsonencode({Statement = [{Effect = "Allow", Action = "sts:AssumeRole",
                                                Principal = {Service = "ec2.amazonaws.com"}}]})
}
resource "aws_iam_role_policy" "ops" {
  role   = aws_iam_role.ops.id
  policy = jsonencode({Statement = [{Effect = "Allow", Action = "cloudtrail:*Logging", Resource = "*"}]})
}
""")
    found = _lint(_folder(tmp_path, {}), Config(region="us-east-1", accounts={".": ACCOUNT}))
    assert found == [("TL401", "main.tf", "role ops can StopLogging on 'audit'")]


# --- aws:PrincipalArn of a template's role -----------------------------------------------------------------
# A template gives no ARN for its roles, but a role's ARN is arn:<partition>:iam::<account>:role<path><name>
# (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns): with the
# stack's account and Region known, an SCP that exempts a role by aws:PrincipalArn decides for it.

def _exempting_template(name: str, path: str | None) -> str:
    role_path = f"      Path: {path}\n" if path is not None else ""
    return f"""Resources:
  Guard:
    Type: AWS::Organizations::Policy
    Properties:
      Name: keep-logging
      Type: SERVICE_CONTROL_POLICY
      TargetIds: [r-examplerootid111]
      Content:
        Version: "2012-10-17"
        Statement:
          - Effect: Deny
            Action: cloudtrail:StopLogging
            Resource: "*"
            Condition:
              ArnNotLike:
                aws:PrincipalARN: arn:aws:iam::*:role/Admin
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: {name}
{role_path}      AssumeRolePolicyDocument: {{Version: "2012-10-17", Statement: []}}
      Policies:
        - PolicyName: all
          PolicyDocument: {{Version: "2012-10-17", Statement: [{{Effect: Allow, Action: "cloudtrail:*", Resource: "*"}}]}}
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties: {{TrailName: main, S3BucketName: logs, IsLogging: true}}
"""


def _stop_decision(folder: Path, name: str, path: str | None, region: str, account: str | None) -> Decision:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "template.yaml").write_text(_exempting_template(name, path))
    result = run([str(folder)], Config(region=region, account=account, management_account="999999999999"),
                 all_rules())
    [decision] = [grant.decision for grant in analyse(result.inventory).grants
                  if grant.principal == name and grant.action == "cloudtrail:StopLogging"]
    return decision


@settings(max_examples=12, deadline=None)
@given(name=st.sampled_from(["Admin", "Operator"]), path=st.sampled_from([None, "/", "/service-role/"]),
       region=st.sampled_from(["us-east-2", "cn-north-1"]))
def test_a_template_role_is_exempted_by_its_arn(tmp_path_factory, name, path, region):
    folder = tmp_path_factory.mktemp("stack")
    exempt = name == "Admin" and path in (None, "/") and region == "us-east-2"
    assert _stop_decision(folder, name, path, region, ACCOUNT) is (Decision.ALLOWED if exempt else Decision.DENIED)


def test_a_template_role_of_no_known_account_stays_conditional(tmp_path):
    assert _stop_decision(tmp_path, "Admin", None, "us-east-2", None) is Decision.CONDITIONAL


# --- aws:PrincipalArn of a Terraform role or user ----------------------------------------------------------------
# As for a template's: a .tf source (or a plan that creates it) gives no ARN, but it is
# arn:<partition>:iam::<account>:role<path><name>, the partition that of the provider configuration's Region,
# the path its `path` ("/" when unset). A name Terraform or AWS chooses (name_prefix, no name) is not known.

def _exempting_tf(kind: str, naming: str, path: str | None, region: str, allowed: str | None) -> str:
    role_path = f'  path = "{path}"\n' if path is not None else ""
    account = f'  allowed_account_ids = ["{allowed}"]\n' if allowed else ""
    trust = '  assume_role_policy = jsonencode({Statement = []})\n' if kind == "role" else ""
    return f"""provider "aws" {{
  region = "{region}"
{account}}}
resource "aws_organizations_policy" "guard" {{
  name    = "keep-logging"
  type    = "SERVICE_CONTROL_POLICY"
  content = jsonencode({{Version = "2012-10-17", Statement = [{{Effect = "Deny", Action = "cloudtrail:StopLogging",
    Resource = "*", Condition = {{ArnNotLike = {{"aws:PrincipalARN" = "arn:aws:iam::*:{kind}/Admin"}}}}}}]}})
}}
resource "aws_organizations_policy_attachment" "guard" {{
  policy_id = aws_organizations_policy.guard.id
  target_id = "r-examplerootid111"
}}
resource "aws_iam_{kind}" "this" {{
{naming}
{role_path}{trust}}}
resource "aws_iam_{kind}_policy" "all" {{
  {kind}   = aws_iam_{kind}.this.name
  policy = jsonencode({{Version = "2012-10-17", Statement = [{{Effect = "Allow", Action = "cloudtrail:*", Resource = "*"}}]}})
}}
resource "aws_cloudtrail" "main" {{
  name           = "main"
  s3_bucket_name = "logs"
}}
"""


def _tf_stop_decision(folder: Path, kind: str, naming: str, path: str | None, region: str,
                      account: str | None, allowed: str | None = None) -> Decision:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "main.tf").write_text(_exempting_tf(kind, naming, path, region, allowed))
    result = run([str(folder)], Config(region=region, account=account, management_account="999999999999"),
                 all_rules())
    [decision] = [grant.decision for grant in analyse(result.inventory).grants
                  if grant.principal == "aws_iam_" + kind + ".this" or grant.principal in ("Admin", "Operator")
                  if grant.action == "cloudtrail:StopLogging"]
    return decision


@settings(max_examples=16, deadline=None)
@given(kind=st.sampled_from(["role", "user"]), name=st.sampled_from(["Admin", "Operator"]),
       path=st.sampled_from([None, "/", "/service-role/"]), region=st.sampled_from(["us-east-2", "cn-north-1"]))
def test_a_terraform_principal_is_exempted_by_its_arn(tmp_path_factory, kind, name, path, region):
    folder = tmp_path_factory.mktemp("module")
    exempt = name == "Admin" and path in (None, "/") and region == "us-east-2"
    assert _tf_stop_decision(folder, kind, f'  name = "{name}"', path, region, ACCOUNT) \
        is (Decision.ALLOWED if exempt else Decision.DENIED)


@pytest.mark.parametrize("naming", ['  name_prefix = "Admin"', ""])
def test_a_terraform_role_of_a_name_not_known_stays_conditional(tmp_path, naming):
    assert _tf_stop_decision(tmp_path, "role", naming, None, "us-east-2", ACCOUNT) is Decision.CONDITIONAL


def test_a_terraform_role_of_no_known_account_stays_conditional(tmp_path):
    assert _tf_stop_decision(tmp_path, "role", '  name = "Admin"', None, "us-east-2", None) is Decision.CONDITIONAL


def test_a_terraform_role_takes_its_provider_configurations_account(tmp_path):
    assert _tf_stop_decision(tmp_path, "role", '  name = "Admin"', None, "us-east-2", None, allowed=ACCOUNT) \
        is Decision.ALLOWED


def _planned_principals(role: dict[str, object], unknown: dict[str, object]) -> dict[str, Principal]:
    from trail_lint.load import load_text
    from trail_lint.normalise.terraform import plan as terraform_plan

    change = {"address": "aws_iam_role.ops", "mode": "managed", "type": "aws_iam_role", "name": "ops",
              "provider_name": "registry.terraform.io/hashicorp/aws",
              "change": {"actions": ["create"], "before": None, "after": role, "after_unknown": unknown}}
    document = {"format_version": "1.2", "terraform_version": "1.9.0", "resource_changes": [change],
                "configuration": {"provider_config": {"aws": {"name": "aws", "expressions": {
                    "region": {"constant_value": "cn-north-1"}}}}, "root_module": {"resources": [
                        {"address": "aws_iam_role.ops", "mode": "managed", "type": "aws_iam_role", "name": "ops",
                         "provider_config_key": "aws", "expressions": {}}]}}}
    contents = terraform_plan.normalise(load_text(json.dumps(document), file="plan.json", fmt="json"))
    return {principal.id: principal for principal in contents.principals}


def test_a_plan_s_role_has_its_partition_and_path_until_its_arn_is_known() -> None:
    [created] = _planned_principals({"name": "ops", "path": "/service-role/", "assume_role_policy": "{}"},
                                    {"arn": True}).values()
    assert (created.partition, created.path) == ("aws-cn", "/service-role/")
    # a path or name known only after apply: no ARN, the grant stays conditional
    for role, unknown in (({"name": "ops", "assume_role_policy": "{}"}, {"arn": True, "path": True}),
                          ({"name_prefix": "ops", "path": "/", "assume_role_policy": "{}"}, {"arn": True, "name": True})):
        [later] = _planned_principals(role, unknown).values()
        assert later.partition is None or later.path is None
    # a role whose ARN the plan holds is named by it
    arn = "arn:aws-cn:iam::111122223333:role/ops"
    assert list(_planned_principals({"name": "ops", "path": "/", "arn": arn, "assume_role_policy": "{}"}, {})) == [arn]


# --- an SCP that may be over the principal's account, on a trail of no known account ------------------

ORGANIZATION_MODULE = """resource "aws_organizations_organization" "org" {
  feature_set = "ALL"
}
resource "aws_organizations_policy" "deny" {
  name    = "deny-stop"
  content = jsonencode({Statement = [{Effect = "Deny", Action = "cloudtrail:StopLogging",
                                      Resource = "arn:aws:cloudtrail:*:*:trail/org"}]})
}
resource "aws_organizations_policy_attachment" "root" {
  policy_id = aws_organizations_policy.deny.id
  target_id = aws_organizations_organization.org.roots[0].id
}
"""
# a trail of another root module: not the management account's (that of the module creating the
# organization is: tests/test_management_deployment.py)
TRAIL_MODULE = """resource "aws_cloudtrail" "org" {
  name           = "org"
  s3_bucket_name = "org-logs"
}
"""
ADMIN_MODULE = """resource "aws_iam_role" "admin" {
  name               = "admin"
  assume_role_policy = jsonencode({Statement = [{Effect = "Allow", Action = "sts:AssumeRole",
                                                 Principal = {Service = "ec2.amazonaws.com"}}]})
}
resource "aws_iam_role_policy" "admin" {
  role   = aws_iam_role.admin.id
  policy = jsonencode({Statement = [{Effect = "Allow", Action = "cloudtrail:*", Resource = "*"}]})
}
"""


def test_a_decision_an_scp_over_an_account_not_known_leaves_unknown_is_said(tmp_path: Path) -> None:
    # Whether the root's Deny is over the role depends on its account (outside the organization, its
    # management account, or a member), and, with no Region given, whether its pattern names the trail
    # depends on the partition: StopLogging stays unknown, and the lint run says the account's part
    # once, naming the rules it blocks (the trail's Region has a TL002 of its own); what no SCP of the
    # inputs touches (UpdateTrail) is still reported.
    for folder, body in (("org", ORGANIZATION_MODULE), ("trail", TRAIL_MODULE), ("admin", ADMIN_MODULE)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "main.tf").write_text(body)
    found = _lint(tmp_path, Config())
    assert [(rule, file) for rule, file, _ in found] == [("TL002", "admin/main.tf"), ("TL401", "admin/main.tf")]
    assert found[0][2] == (ACCESS_RULES + "the account of role admin in admin/main.tf is not known: its access is "
                           "conditional " + settle("provider aws of root module admin"))
    assert "StopLogging" not in found[1][2] and "UpdateTrail" in found[1][2]
    # tied to an account, the note goes and the decision is made (a member account: the Deny is over it)
    tied = _lint(tmp_path, Config(region="us-east-1", account=ACCOUNT))
    assert [rule for rule, _, _ in tied] == ["TL401"]
