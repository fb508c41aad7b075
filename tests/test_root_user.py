"""The root user of each account the inputs model, as a principal of the access analysis (iam/root.py).

It may do everything in its account unless an SCP denies it: SCPs apply to a member account's root
user, never to the management account; no identity policy or boundary applies to it. It is shown by
`trail-lint access`, and is not a lint finding in itself (TL401, TL406), only where an access intent
names it (TL405).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_organization import MGMT, ORG_ARN, PROD, role, write, write_snapshot

from trail_lint.cli import main
from trail_lint.config import Config
from trail_lint.engine import check_inventory, run
from trail_lint.iam.access import analyse
from trail_lint.iam.evaluator import Decision
from trail_lint.iam.root import ROOT_ACCESS
from trail_lint.model import (
    Condition,
    Inventory,
    OrgNode,
    OrgNodeKind,
    Origin,
    Policy,
    Principal,
    PrincipalKind,
    ServiceControlPolicy,
    Statement,
    Trail,
)
from trail_lint.registry import rule_by_id
from trail_lint.snapshot import organization_file

STOP, GET = "cloudtrail:StopLogging", "cloudtrail:GetTrail"
OU = "ou-ab12-11111111"
MGMT_ROOT, PROD_ROOT = f"arn:aws:iam::{MGMT}:root", f"arn:aws:iam::{PROD}:root"
MGMT_TRAIL = f"arn:aws:cloudtrail:us-east-1:{MGMT}:trail/org"
PROD_TRAIL = f"arn:aws:cloudtrail:us-east-1:{PROD}:trail/team"


def snapshot(root: Path, guard_on: str | None) -> Path:
    """An organization of a management account and prod (under OU Workloads), the IAM of both, and an
    SCP that denies StopLogging attached to ``guard_on`` (None: no SCP)."""
    write_snapshot(root)
    for account in (MGMT, PROD):
        write(root / "accounts" / account / "get-account-authorization-details.json",
              {"UserDetailList": [], "GroupDetailList": [], "Policies": [], "RoleDetailList": [role(account, "admin")]})
    if guard_on is not None:
        write(root / organization_file("describe-policy", policy="p-guard1234"), {"Policy": {
            "PolicySummary": {"Id": "p-guard1234", "Name": "keep-trails", "Type": "SERVICE_CONTROL_POLICY",
                              "Arn": f"{ORG_ARN}:policy/o-abcdefghij/service_control_policy/p-guard1234"},
            "Content": json.dumps({"Version": "2012-10-17", "Statement": [
                {"Sid": "KeepTrails", "Effect": "Deny", "Action": "cloudtrail:StopLogging", "Resource": "*"}]})}})
        write(root / organization_file("list-targets-for-policy", policy="p-guard1234"), {"Targets": [
            {"TargetId": guard_on, "Arn": f"{ORG_ARN}:ou/o-abcdefghij/{guard_on}", "Type": "ORGANIZATIONAL_UNIT"}]})
    return root


def test_an_scp_on_the_ou_denies_the_member_root_user_and_never_the_management_one(tmp_path: Path) -> None:
    report = analyse(run([str(snapshot(tmp_path, OU))], Config(), []).inventory)
    roots = [p for p in report.principals if p.kind is PrincipalKind.ROOT]
    assert [(p.id, p.name, p.account) for p in roots] == [
        (MGMT_ROOT, f"root ({MGMT})", MGMT), (PROD_ROOT, f"root ({PROD})", PROD)]
    assert report.decision(PROD_ROOT, PROD_TRAIL, STOP) is Decision.DENIED
    assert report.decision(PROD_ROOT, PROD_TRAIL, GET) is Decision.ALLOWED
    # SCPs do not restrict the management account, its root user included
    assert report.decision(MGMT_ROOT, MGMT_TRAIL, STOP) is Decision.ALLOWED
    # no resource-based policy on a trail: a root user acts on its own account's trails only
    assert report.decision(MGMT_ROOT, PROD_TRAIL, STOP) is Decision.DENIED
    assert report.decision(PROD_ROOT, MGMT_TRAIL, GET) is Decision.DENIED
    # what the decisions rest on: the SCP's Deny; the root user's own access, no policy of the inputs
    (because,) = report.grant(PROD_ROOT, PROD_TRAIL, STOP).because
    assert (because.policy, because.sid, because.statement) == ("keep-trails", "KeepTrails", "statement 'KeepTrails'")
    assert [b.policy for b in report.grant(MGMT_ROOT, MGMT_TRAIL, STOP).because] == [ROOT_ACCESS.name]


def test_without_an_scp_every_root_user_may_stop_its_trails(tmp_path: Path) -> None:
    report = analyse(run([str(snapshot(tmp_path, None))], Config(), []).inventory)
    assert report.decision(PROD_ROOT, PROD_TRAIL, STOP) is Decision.ALLOWED
    assert report.decision(MGMT_ROOT, MGMT_TRAIL, STOP) is Decision.ALLOWED


def test_the_access_command_shows_the_root_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = snapshot(tmp_path, OU)
    assert main(["access", str(folder), "--group-by", "account"]) == 0
    text = capsys.readouterr().out
    mgmt, prod = text.split(f"\naccount {PROD} ")
    assert f"trail {PROD_TRAIL}\n  principal{' ' * 29}view  start  stop  update  selectors  insights  delete\n" \
           f"  arn:aws:iam::{PROD}:role/admin   ✓      ✓     ✗      ✓         ✓         ✓        ✓\n" \
           f"  {PROD_ROOT}         ✓      ✓     ✗      ✓         ✓         ✓        ✓\n" in prod
    assert f"  {MGMT_ROOT}         ✓      ✓     ✓      ✓         ✓         ✓        ✓\n" in mgmt and PROD_ROOT not in mgmt
    main(["access", str(folder), "--format", "json"])
    body = json.loads(capsys.readouterr().out)
    assert [p for p in body["principals"] if p["kind"] == "root"] == [
        {"id": MGMT_ROOT, "name": f"root ({MGMT})", "kind": "root", "account": MGMT, "line": 1,
         "file": str(folder / "accounts" / MGMT / "get-account-authorization-details.json")},
        {"id": PROD_ROOT, "name": f"root ({PROD})", "kind": "root", "account": PROD, "line": 1,
         "file": str(folder / "accounts" / PROD / "get-account-authorization-details.json")}]
    stops = {(g["principal"], g["trail"]): g["decision"] for g in body["grants"] if g["action"] == STOP}
    assert stops[(MGMT_ROOT, MGMT_TRAIL)] == "allowed" and (PROD_ROOT, PROD_TRAIL) not in stops
    main(["access", str(folder), "--format", "csv", "--all"])
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith(f"{PROD_ROOT},")]
    assert f"{PROD_ROOT},root ({PROD}),root,{PROD},us-east-1,{PROD_TRAIL},{STOP},denied," in "\n".join(rows)


def _lint(folder: Path, *rules: str, **config) -> list[str]:
    result = run([str(folder)], Config(**config), [rule_by_id(rule) for rule in rules])
    return [f"{f.rule} {f.message}" for f in result.findings if f.rule in rules]


def test_the_root_user_being_able_is_no_finding_of_its_own(tmp_path: Path) -> None:
    found = _lint(snapshot(tmp_path, OU), "TL401", "TL406")
    assert found and not [f for f in found if "root" in f]
    # an intent over every principal is about the principals granted: not the root users
    anyone = ({"principals": ["*"], "trails": ["*"], "must_not": ["stop"]},)
    assert not [f for f in _lint(tmp_path, "TL405", access=anyone) if "root" in f]


def test_an_intent_that_names_the_root_user_is_checked(tmp_path: Path) -> None:
    intents = ({"principals": ["arn:aws:iam::*:root"], "trails": ["*"], "must_not": ["stop"]},)
    # the member account's root user is denied by the SCP; the management account's is not
    assert _lint(snapshot(tmp_path, OU), "TL405", access=intents) == [
        f"TL405 the root user of account {MGMT} breaks access intent 1: must not stop 'org', 'extra' but can"]


def test_no_account_is_made_up_or_pooled(tmp_path: Path) -> None:
    # a template's role whose account no input ties, and a bare policy document: no root user
    (tmp_path / "roles.yaml").write_text("""Resources:
  Operator:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: trails
          PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "cloudtrail:*", Resource: "*"}]}
""")
    (tmp_path / "policy.json").write_text(json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "cloudtrail:StopLogging", "Resource": "*"}]}))
    untied = analyse(run([str(tmp_path)], Config(), []).inventory)
    assert not [p for p in untied.principals if p.kind is PrincipalKind.ROOT]
    # tied by --account: the root user of that account, with no ARN where nothing says its partition
    tied = analyse(run([str(tmp_path)], Config(account=PROD), []).inventory)
    assert [(p.id, p.account) for p in tied.principals if p.kind is PrincipalKind.ROOT] == [(f"root ({PROD})", PROD)]


ADMIN = Policy("admin", (Statement("Allow", actions=("cloudtrail:*",), resources=("*",)),))


def _inventory(*conditions: Condition) -> Inventory:
    guard = Policy("guard", (Statement("Deny", actions=(STOP,), resources=("*",), conditions=conditions),))
    admin = Principal(f"arn:aws:iam::{PROD}:role/admin", PrincipalKind.ROLE, "admin", account=PROD,
                      inline_policies=(ADMIN,), origin=Origin("iam.json", ()))
    return Inventory(trails=(Trail(name="team", arn=PROD_TRAIL),), principals=(admin,),
                     scps=(ServiceControlPolicy(guard, ("r-ab12",)),),
                     organization=(OrgNode(MGMT, OrgNodeKind.MANAGEMENT), OrgNode(PROD, OrgNodeKind.ACCOUNT, "r-ab12")))


@pytest.mark.parametrize(("condition", "admin"), [
    (Condition("ArnLike", "aws:PrincipalArn", ("arn:aws:iam::*:root",)), Decision.ALLOWED),
    (Condition("StringEquals", "aws:PrincipalType", ("Account",)), Decision.ALLOWED),
    # the root user's aws:userid is its account ID; a role session's is its unique id and session name,
    # which these inputs do not give
    (Condition("StringEquals", "aws:userid", (PROD,)), Decision.CONDITIONAL)])
def test_a_guardrail_aimed_at_the_root_user_denies_it(condition: Condition, admin: Decision) -> None:
    report = analyse(_inventory(condition))
    assert report.decision(PROD_ROOT, PROD_TRAIL, STOP) is Decision.DENIED
    assert report.decision(PROD_ROOT, PROD_TRAIL, GET) is Decision.ALLOWED       # what the guardrail leaves it
    assert report.decision(f"arn:aws:iam::{PROD}:role/admin", PROD_TRAIL, STOP) is admin


def test_a_guardrail_that_exempts_a_role_still_denies_the_root_user() -> None:
    report = analyse(_inventory(Condition("ArnNotLike", "aws:PrincipalArn", ("arn:aws:iam::*:role/admin",))))
    assert report.decision(PROD_ROOT, PROD_TRAIL, STOP) is Decision.DENIED
    assert report.decision(PROD_ROOT, PROD_TRAIL, GET) is Decision.ALLOWED
    assert report.decision(f"arn:aws:iam::{PROD}:role/admin", PROD_TRAIL, STOP) is Decision.ALLOWED


def test_a_guardrail_that_exempts_the_root_user_is_said_and_leaves_it_allowed() -> None:
    exempt = Condition("ArnNotLike", "aws:PrincipalArn", ("arn:aws:iam::*:root",))
    report = analyse(_inventory(exempt))
    assert report.decision(PROD_ROOT, PROD_TRAIL, STOP) is Decision.ALLOWED
    assert report.decision(f"arn:aws:iam::{PROD}:role/admin", PROD_TRAIL, STOP) is Decision.DENIED
    assert [p.message for p in check_inventory(rule_by_id("TL407"), report.inventory)] == [
        ("deny statement 1 of policy guard on StopLogging is conditional: it exempts principals matching "
         "'arn:aws:iam::*:root'")]


def test_where_the_inputs_do_not_say_the_account_is_a_member_the_root_user_is_conditional() -> None:
    # no management account named: the account may be the management account, which SCPs never restrict
    inventory = _inventory()
    unplaced = Inventory(trails=inventory.trails, principals=inventory.principals, scps=inventory.scps)
    report = analyse(unplaced)
    assert report.decision(PROD_ROOT, PROD_TRAIL, STOP) is Decision.CONDITIONAL
    assert report.decision(PROD_ROOT, PROD_TRAIL, GET) is Decision.ALLOWED
    assert analyse(inventory).decision(PROD_ROOT, PROD_TRAIL, STOP) is Decision.DENIED
