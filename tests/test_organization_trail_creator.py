"""TL226: CreateTrail with IsOrganizationTrail is accepted only from the management account or a
CloudTrail delegated administrator (API CreateTrail; cloudtrail-delegated-administrator.html).
Reported where the inputs settle it; where only the delegated administrators are not known, one
TL002 per account; where the management account or the trail's account is not known, nothing."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from trail_lint.cli import main

FIXTURE = Path(__file__).parent / "rules" / "TL226" / "bad.snapshot"
TEMPLATE = """Resources:
  OrgTrail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: {name}
      S3BucketName: org-logs-example
      IsLogging: true
      IsMultiRegionTrail: true
      IsOrganizationTrail: true
"""


def _lint(capsys, *args: str) -> list[str]:
    capsys.readouterr()
    main(["--format", "parsable", "--select", "TL226,TL002", "--region", "us-east-1", *args])
    return [line.split(": ", 1)[1] for line in capsys.readouterr().out.splitlines() if line]


def _snapshot(tmp_path: Path, delegated: list[str] | None, account: str) -> Path:
    folder = tmp_path / "snapshot"
    shutil.copytree(FIXTURE, folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    if delegated is None:
        del manifest["organization"]["delegated_administrators"]
    else:
        manifest["organization"]["delegated_administrators"] = delegated
    (folder / "manifest.json").write_text(json.dumps(manifest))
    main_tf = folder / "main.tf"
    main_tf.write_text(main_tf.read_text().replace("222222222222", account))
    return folder


@pytest.mark.parametrize(("delegated", "account", "found"), [
    (["333333333333"], "222222222222", ["TL226"]),
    (["333333333333", "222222222222"], "222222222222", []),       # a delegated administrator
    ([], "111111111111", []),                                      # the management account
    (None, "111111111111", []),
    (None, "222222222222", ["TL002"]),                             # delegated administrators not read
])
def test_the_snapshot_settles_who_may_create_the_trail(tmp_path: Path, capsys, delegated: list[str] | None,
                                                       account: str, found: list[str]) -> None:
    lines = _lint(capsys, str(_snapshot(tmp_path, delegated, account)))
    assert [line.split(" ", 1)[0] for line in lines] == found
    if found == ["TL002"]:
        assert lines[0] == (
            "TL002 TL226 (organization-trail-not-allowed) cannot decide: whether account 222222222222 may create "
            "organization trail 'org-trail' is not known: it is not the management account (111111111111), and "
            "the inputs do not list the organization's CloudTrail delegated administrators (a snapshot taken with "
            "`trail-lint collect` does)")


def test_a_stack_whose_account_and_management_account_are_configured(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)     # `accounts` names the templates as the run is given them
    for name in ("a", "b"):
        (tmp_path / f"{name}.yaml").write_text(TEMPLATE.format(name=f"org-{name}"))
    (tmp_path / ".trail-lint.yaml").write_text(
        'management-account: "111111111111"\naccounts:\n  a.yaml: "222222222222"\n  b.yaml: "222222222222"\n')
    # both stacks in one account, the delegated administrators not known: one TL002 for the account
    found = _lint(capsys, "--config", ".trail-lint.yaml", "a.yaml", "b.yaml")
    assert len(found) == 1 and "whether account 222222222222 may create organization trails 'org-a' and " \
        "'org-b' is not known" in found[0]


def test_nothing_is_said_where_the_management_account_or_the_trails_account_is_not_known(
        tmp_path: Path, capsys) -> None:
    (tmp_path / "a.yaml").write_text(TEMPLATE.format(name="org-a"))
    assert _lint(capsys, "--account", "222222222222", str(tmp_path / "a.yaml")) == []
    (tmp_path / ".trail-lint.yaml").write_text('management-account: "111111111111"\n')
    assert _lint(capsys, "--config", str(tmp_path / ".trail-lint.yaml"), str(tmp_path / "a.yaml")) == []


@pytest.mark.parametrize(("before", "after", "found"), [
    (False, True, "is turned to an organization trail"),
    (True, False, "is turned from an organization trail"),
    (True, True, None),         # no conversion: an update of an organization trail a delegated administrator may make
])
def test_converting_a_trail_is_the_management_accounts_alone(tmp_path: Path, capsys, before: bool, after: bool,
                                                              found: str | None) -> None:
    plan = json.loads((Path(__file__).parent / "rules" / "TL226" / "bad.tfplan.json").read_text())
    change = plan["resource_changes"][0]["change"]
    change["before"]["is_organization_trail"], change["after"]["is_organization_trail"] = before, after
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    # a delegated administrator (the manifest lists it) may not convert either
    snapshot = _snapshot(tmp_path, ["222222222222"], "222222222222")
    (snapshot / "main.tf").unlink()
    lines = _lint(capsys, str(snapshot), str(tmp_path / "plan.json"))
    assert [line for line in lines if found is None or found in line] == ([] if found is None else [
        (f"TL226 trail 'workloads-trail' {found} in account 222222222222, which is not the management account "
        "(111111111111): UpdateTrail refuses it")])


ORGANIZATION_TF = """provider "aws" {{
  region = "us-east-1"
}}

resource "aws_organizations_organization" "org" {{
{feature_set}}}

resource "aws_cloudtrail" "org" {{
  name                  = "org-trail"
  s3_bucket_name        = "org-logs-example"
  is_multi_region_trail = true
  is_organization_trail = {organization}
}}
"""


@pytest.mark.parametrize(("feature_set", "organization", "found"), [
    ('  feature_set = "CONSOLIDATED_BILLING"\n', "true", True),
    ('  feature_set = "ALL"\n', "true", False),
    ("", "true", False),                                            # ALL is the default
    ('  feature_set = "CONSOLIDATED_BILLING"\n', "false", False),   # an account trail needs no organization
])
def test_an_organization_trail_needs_all_features(tmp_path: Path, capsys, feature_set: str, organization: str,
                                                  found: bool) -> None:
    """CreateTrail, OrganizationNotInAllFeaturesModeException: "All features must be enabled in Organizations
    to support creating an organization trail"."""
    (tmp_path / "main.tf").write_text(ORGANIZATION_TF.format(feature_set=feature_set, organization=organization))
    lines = _lint(capsys, str(tmp_path))
    said = [line for line in lines if "consolidated billing features only" in line]
    assert bool(said) == found, lines
    assert all(line.startswith("TL226 organization trail 'org-trail'") for line in said)


@pytest.mark.parametrize(("feature_set", "found"), [("CONSOLIDATED_BILLING", True), ("ALL", False)])
def test_describe_organization_says_the_feature_set(tmp_path: Path, capsys, feature_set: str, found: bool) -> None:
    (tmp_path / "describe-organization.json").write_text(json.dumps({"Organization": {
        "Id": "o-exampleorgid", "FeatureSet": feature_set, "MasterAccountId": "111111111111"}}))
    (tmp_path / "org.yaml").write_text(TEMPLATE.format(name="org-trail"))
    lines = _lint(capsys, "--account", "111111111111", str(tmp_path))
    assert any("consolidated billing features only" in line for line in lines) == found, lines


UNKNOWN_FEATURES = ("TL002 TL226 (organization-trail-not-allowed) cannot decide: whether organization trail 'org-trail' "
                    "can be made is not known: the feature set of the organization ({organization}) is not known "
                    "offline, and an organization with consolidated billing features only refuses organization trails")


@pytest.mark.parametrize(("organization", "said"), [("true", True), ("false", False)])
def test_a_feature_set_not_known_offline_is_a_tl002_not_a_pass(tmp_path: Path, capsys, organization: str,
                                                               said: bool) -> None:
    text = ORGANIZATION_TF.format(feature_set="  feature_set = var.features\n", organization=organization)
    (tmp_path / "main.tf").write_text('variable "features" {}\n' + text)
    lines = _lint(capsys, str(tmp_path))
    expected = UNKNOWN_FEATURES.format(organization="aws_organizations_organization.org")
    assert [line for line in lines if "feature set" in line] == ([expected] if said else [])


def test_a_feature_set_known_after_apply_in_a_plan_is_a_tl002(tmp_path: Path, capsys) -> None:
    trail = {"name": "org-trail", "s3_bucket_name": "org-logs-example", "is_multi_region_trail": True,
             "is_organization_trail": True}
    plan = {"format_version": "1.2", "resource_changes": [
        {"address": "aws_organizations_organization.org", "mode": "managed", "type": "aws_organizations_organization",
         "name": "org", "provider_name": "registry.terraform.io/hashicorp/aws",
         "change": {"actions": ["create"], "before": None, "after": {}, "after_unknown": {"feature_set": True}}},
        {"address": "aws_cloudtrail.org", "mode": "managed", "type": "aws_cloudtrail", "name": "org",
         "provider_name": "registry.terraform.io/hashicorp/aws",
         "change": {"actions": ["create"], "before": None, "after": trail, "after_unknown": {}}}]}
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    lines = _lint(capsys, str(tmp_path / "plan.json"))
    assert [line for line in lines if "feature set" in line] == [
        UNKNOWN_FEATURES.format(organization="aws_organizations_organization.org")]


def test_a_feature_set_parameter_without_default_is_a_tl002(tmp_path: Path, capsys) -> None:
    (tmp_path / "org.yaml").write_text(TEMPLATE.format(name="org-trail").replace("Resources:\n", """Parameters:
  Features:
    Type: String
Resources:
  Org:
    Type: AWS::Organizations::Organization
    Properties:
      FeatureSet: !Ref Features
""", 1))
    lines = _lint(capsys, "--account", "111111111111", str(tmp_path))
    assert [line for line in lines if "feature set" in line] == [UNKNOWN_FEATURES.format(organization="Org")]
