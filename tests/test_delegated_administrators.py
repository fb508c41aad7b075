"""CloudTrail delegated administrators a Terraform configuration registers (plan, state, .tf):
`aws_cloudtrail_organization_delegated_admin_account`, and `aws_organizations_delegated_administrator`
for cloudtrail.amazonaws.com. Each registration says its account may create organization trails
(TL226 quiet there), not that another account may not (an organization may have up to three:
TL002 there, unless a snapshot lists every one); one whose account is not known offline leaves
TL226 open for every account it may name, said once. Only the management account can register one,
so the provider configuration that manages it is the management account's.
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html
https://docs.aws.amazon.com/organizations/latest/APIReference/API_RegisterDelegatedAdministrator.html
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from trail_lint.cli import main
from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.load import load_text
from trail_lint.model import UNKNOWN, DelegatedAdministrator, OrgNodeKind
from trail_lint.normalise.terraform import plan as terraform_plan
from trail_lint.normalise.terraform import state as terraform_state
from trail_lint.normalise.terraform.hcl import read_tree
from trail_lint.organization import summarise
from trail_lint.quota import DELEGATED_QUOTA_OPEN
from trail_lint.registry import all_rules

CLOUDTRAIL = "aws_cloudtrail_organization_delegated_admin_account"
ORGANIZATIONS = "aws_organizations_delegated_administrator"
SNAPSHOT = Path(__file__).parent / "rules" / "TL226" / "bad.snapshot"

PROVIDERS = """
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111111111111"]
}

provider "aws" {
  alias               = "workloads"
  region              = "us-east-1"
  allowed_account_ids = ["222222222222"]
}

resource "aws_cloudtrail" "org" {
  provider              = aws.workloads
  name                  = "org-trail"
  s3_bucket_name        = "org-logs-example"
  is_multi_region_trail = true
  is_organization_trail = true
}
"""


def _registration(kind: str, account: str, service: str = "cloudtrail.amazonaws.com") -> str:
    principal = f'  service_principal = "{service}"\n' if kind == ORGANIZATIONS else ""
    return f'resource "{kind}" "admin" {{\n  account_id = {account}\n{principal}}}\n'


def _lint(capsys, *args: str) -> list[str]:
    capsys.readouterr()
    main(["--format", "parsable", "--select", "TL226,TL002", *args])
    return [line.split(": ", 1)[1] for line in capsys.readouterr().out.splitlines() if line]


def _tf(tmp_path: Path, kind: str, account: str, service: str = "cloudtrail.amazonaws.com") -> Path:
    folder = tmp_path / "tf"
    folder.mkdir(exist_ok=True)
    (folder / "main.tf").write_text('variable "admin" {\n  type = string\n}\n' + PROVIDERS
                                    + _registration(kind, account, service))
    return folder


# --- what each reader reads ------------------------------------------------------------------

def _change(kind: str, after: dict[str, object], unknown: dict[str, object]) -> dict[str, object]:
    return {"address": f"{kind}.admin", "mode": "managed", "type": kind, "name": "admin",
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": ["create"], "before": None, "after": after, "after_unknown": unknown}}


def _plan(kind: str, account: str | None, service: str = "cloudtrail.amazonaws.com") -> str:
    after: dict[str, object] = {"service_principal": service} if kind == ORGANIZATIONS else {}
    unknown: dict[str, object] = {"id": True}
    if account is None:
        unknown["account_id"] = True        # known after apply (an account the same apply creates)
    else:
        after["account_id"] = account
    return json.dumps({"format_version": "1.2", "resource_changes": [_change(kind, after, unknown)]})


def _state(kind: str, account: str, service: str = "cloudtrail.amazonaws.com") -> str:
    attributes = {"account_id": account, "id": account}
    if kind == ORGANIZATIONS:
        attributes.update(service_principal=service, id=f"{account}/{service}")
    return json.dumps({"version": 4, "terraform_version": "1.9.0", "resources": [
        {"mode": "managed", "type": kind, "name": "admin", "provider": 'provider["registry.terraform.io/hashicorp/aws"]',
         "instances": [{"attributes": attributes}]}]})


def _read(tmp_path: Path, form: str, kind: str, account: str | None, service: str = "cloudtrail.amazonaws.com"):
    if form == "plan":
        return terraform_plan.normalise(load_text(_plan(kind, account, service), file="plan.json", fmt="json"))
    if form == "state":
        assert account is not None
        return terraform_state.normalise(load_text(_state(kind, account, service), file="terraform.tfstate",
                                                   fmt="json"))
    folder = _tf(tmp_path, kind, f'"{account}"' if account else "var.admin", service)
    return read_tree([str(folder / "main.tf")]).contents


@pytest.mark.parametrize("kind", [CLOUDTRAIL, ORGANIZATIONS])
@pytest.mark.parametrize("form", ["plan", "state", "tf"])
def test_every_terraform_reader_reads_a_registration(tmp_path: Path, form: str, kind: str) -> None:
    contents = _read(tmp_path, form, kind, "222222222222")
    assert contents.delegated_administrators == (DelegatedAdministrator("222222222222"),)
    assert contents.delegated_administrators[0].origin.resource == f"{kind}.admin"
    # only the management account can register one: the provider configuration that manages it is
    management = [n for n in contents.organization if n.kind is OrgNodeKind.MANAGEMENT]
    assert len(management) == 1 and management[0].deployment is not None


@pytest.mark.parametrize("form", ["plan", "tf"])
@pytest.mark.parametrize("kind", [CLOUDTRAIL, ORGANIZATIONS])
def test_an_account_not_known_offline_is_unknown(tmp_path: Path, form: str, kind: str) -> None:
    contents = _read(tmp_path, form, kind, None)
    assert [a.account for a in contents.delegated_administrators] == [UNKNOWN]


@pytest.mark.parametrize("form", ["plan", "state", "tf"])
def test_a_registration_for_another_service_is_no_cloudtrail_delegated_administrator(tmp_path: Path,
                                                                                      form: str) -> None:
    contents = _read(tmp_path, form, ORGANIZATIONS, "222222222222", "access-analyzer.amazonaws.com")
    assert contents.delegated_administrators == ()
    # but it too is registered from the management account
    assert [n.kind for n in contents.organization] == [OrgNodeKind.MANAGEMENT]


# --- TL226 -----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", [CLOUDTRAIL, ORGANIZATIONS])
def test_the_registered_account_may_create_an_organization_trail(tmp_path: Path, capsys, kind: str) -> None:
    folder = _tf(tmp_path, kind, '"222222222222"')
    assert _lint(capsys, str(folder)) == []
    # the management account configured too (without the registration: TL002, whether 222222222222 is one)
    (tmp_path / ".trail-lint.yaml").write_text('management-account: "111111111111"\n')
    assert _lint(capsys, "--config", str(tmp_path / ".trail-lint.yaml"), str(folder)) == []


@pytest.mark.parametrize("kind", [CLOUDTRAIL, ORGANIZATIONS])
def test_another_registered_account_does_not_settle_it(tmp_path: Path, capsys, kind: str) -> None:
    """333333333333 is one delegated administrator; whether 222222222222 is another, the inputs do not say."""
    assert _lint(capsys, str(_tf(tmp_path, kind, '"333333333333"'))) == [
        ("TL002 TL226 (organization-trail-not-allowed) cannot decide: whether account 222222222222 may create "
        "organization trail 'org-trail' is not known: it is not the management account (111111111111), and the "
        "inputs register only 333333333333 as a CloudTrail delegated administrator, not every one the "
        "organization may have (up to three; a snapshot taken with `trail-lint collect` lists them)")]


def test_a_registration_of_another_service_does_not_make_the_account_one(tmp_path: Path, capsys) -> None:
    found = _lint(capsys, str(_tf(tmp_path, ORGANIZATIONS, '"222222222222"', "access-analyzer.amazonaws.com")))
    assert len(found) == 1 and found[0].startswith("TL002 TL226") and "the inputs do not list" in found[0]


@pytest.mark.parametrize("kind", [CLOUDTRAIL, ORGANIZATIONS])
def test_a_variable_without_a_value_is_said_once_in_its_tl002(tmp_path: Path, capsys, kind: str) -> None:
    folder = _tf(tmp_path, kind, "var.admin")
    found = _lint(capsys, str(folder))
    if kind == CLOUDTRAIL:      # the reader says the variable; TL226 is named in its TL002
        assert found == [
            (f"TL002 var.admin has no value: no default, and none given in a tfvars file or --var (in the root "
            f"module {folder}), so not known: account_id of {kind}.admin (TL226 (organization-trail-not-allowed) "
            "cannot decide)")]
    else:                       # a registration for any service: TL226 says it
        assert found == [
            ("TL002 TL226 (organization-trail-not-allowed) cannot decide: whether account 222222222222 may create "
            f"organization trail 'org-trail' is not known: {kind}.admin registers an account not known offline as "
            "a CloudTrail delegated administrator")]
    assert _lint(capsys, "--var", "admin=222222222222", str(folder)) == []


def _provider(alias: str | None, account: str) -> dict[str, object]:
    return {"name": "aws", **({"alias": alias} if alias else {}), "expressions": {
        "region": {"constant_value": "us-east-1"}, "allowed_account_ids": {"constant_value": [account]}}}


def test_a_plan_registering_an_account_known_after_apply(tmp_path: Path, capsys) -> None:
    """The registration is applied from the default provider (the management account, 111111111111),
    the trail from the workloads account's; the registered account is known only after apply."""
    plan = json.loads(_plan(ORGANIZATIONS, None))
    plan["resource_changes"].append({
        "address": "aws_cloudtrail.org", "mode": "managed", "type": "aws_cloudtrail", "name": "org",
        "provider_name": "registry.terraform.io/hashicorp/aws", "change": {
            "actions": ["create"], "before": None, "after_unknown": {"arn": True, "id": True, "home_region": True},
            "after": {"name": "org-trail", "s3_bucket_name": "org-logs-example", "is_multi_region_trail": True,
                      "is_organization_trail": True}}})
    resources = [{"address": f"{kind}.{name}", "mode": "managed", "type": kind, "name": name,
                  "provider_config_key": key, "expressions": {}}
                 for kind, name, key in ((ORGANIZATIONS, "admin", "aws"), ("aws_cloudtrail", "org", "aws.workloads"))]
    plan["configuration"] = {"provider_config": {"aws": _provider(None, "111111111111"),
                                                 "aws.workloads": _provider("workloads", "222222222222")},
                             "root_module": {"resources": resources}}
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    assert _lint(capsys, str(tmp_path / "plan.json")) == [
        ("TL002 TL226 (organization-trail-not-allowed) cannot decide: whether account 222222222222 may create "
        f"organization trail 'org-trail' is not known: {ORGANIZATIONS}.admin registers an account not known "
        "offline as a CloudTrail delegated administrator")]
    plan["resource_changes"][0] = json.loads(_plan(ORGANIZATIONS, "222222222222"))["resource_changes"][0]
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    assert _lint(capsys, str(tmp_path / "plan.json")) == []


def test_a_state_and_a_snapshot_together(tmp_path: Path, capsys) -> None:
    """The snapshot lists every delegated administrator (333333333333), and a state registers
    222222222222 since: the trail of 222222222222 may be created; without the state, TL226."""
    snapshot = tmp_path / "snapshot"
    shutil.copytree(SNAPSHOT, snapshot)
    assert [line.split(" ", 1)[0] for line in _lint(capsys, str(snapshot))] == ["TL226"]
    (tmp_path / "terraform.tfstate").write_text(_state(CLOUDTRAIL, "222222222222"))
    assert _lint(capsys, str(snapshot), str(tmp_path / "terraform.tfstate")) == []


# --- the quota of trails per Region ------------------------------------------------------------

def _own_trails(count: int, provider: str) -> str:
    return "".join(f'resource "aws_cloudtrail" "own{i}" {{\n  provider       = {provider}\n  name           = "own-{i}"\n'
                   f'  s3_bucket_name = "logs-example"\n}}\n' for i in range(count))


@pytest.mark.parametrize(("own", "rule", "found"), [
    (5, "TL101", ("6 trails would exist in us-east-1 with the organization trail org-trail that account 222222222222 "
                 "creates as a delegated administrator, over the quota of 5 per Region")),
    (4, "TL102", ("us-east-1 would hold 5 trails with the organization trail org-trail that account 222222222222 "
                 "creates as a delegated administrator, the quota of 5: no room for another trail")),
])
def test_whose_quota_a_delegated_administrators_organization_trail_takes_is_open(
        tmp_path: Path, capsys, own: int, rule: str, found: str) -> None:
    """The management account owns the trail a delegated administrator creates; whose quota of five
    trails per Region it takes the CloudTrail pages do not say: where it alone fills or exceeds the
    delegated administrator's, TL002 says so once (not TL101 or TL102)."""
    folder = _tf(tmp_path, CLOUDTRAIL, '"222222222222"')
    with (folder / "main.tf").open("a") as main_tf:
        main_tf.write(_own_trails(own, "aws.workloads"))
    capsys.readouterr()
    main(["--format", "parsable", "--select", "TL101,TL102,TL002", str(folder)])
    lines = [line.split(": ", 1)[1] for line in capsys.readouterr().out.splitlines() if line]
    assert len(lines) == 1
    assert lines[0].startswith(f"TL002 {rule} (") and found in lines[0]
    assert lines[0].endswith("whether an organization trail a delegated administrator creates counts against its "
                             "quota or against that of the management account, which owns it, is not documented")


def test_the_management_accounts_own_organization_trail_counts_in_its_quota(tmp_path: Path, capsys) -> None:
    folder = _tf(tmp_path, CLOUDTRAIL, '"222222222222"')
    text = (folder / "main.tf").read_text().replace("  provider              = aws.workloads\n", "")
    (folder / "main.tf").write_text(text + _own_trails(5, "aws"))
    capsys.readouterr()
    main(["--format", "parsable", "--select", "TL101,TL102,TL002", str(folder)])
    lines = [line.split(": ", 1)[1] for line in capsys.readouterr().out.splitlines() if line]
    assert [line.split(" ", 1)[0] for line in lines] == ["TL101"]


def test_the_organization_summary_says_it_in_the_delegated_administrators_row(tmp_path: Path) -> None:
    folder = _tf(tmp_path, CLOUDTRAIL, '"222222222222"')
    with (folder / "main.tf").open("a") as main_tf:
        main_tf.write(_own_trails(4, "aws.workloads"))
    result = run([str(folder)], Config(), all_rules())
    rows = {(a.account, r.region): r for a in summarise(result.inventory).accounts for r in a.regions}
    row = rows[("222222222222", "us-east-1")]
    assert row.trails == 5      # counted where it is created, as TL101 and TL102 count it
    assert row.unknown == ((f"with the organization trail org-trail created here as a delegated administrator: "
                           f"{DELEGATED_QUOTA_OPEN}"),)
