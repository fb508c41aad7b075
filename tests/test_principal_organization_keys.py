"""aws:PrincipalOrgID and aws:PrincipalOrgPaths decided where the inputs hold the organization.

The organization's ID is in describe-organization output (a snapshot's organization files), a
snapshot's manifest and a Terraform aws_organizations_organization's id; the path of an account is
``o-id/r-id/ou-id/.../``, the IDs of its organization, root and each OU above it, and the key is
multivalued, so it is read with ForAnyValue:/ForAllValues: (StringLike with wildcards). Where the
inputs do not place the principal's account in the organization, both keys stay request context:
conditional, as before. Identity policies and SCPs alike.
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from plan_changes import change, write_plan

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.iam.access import analyse
from trail_lint.iam.conditions import ValueSet, condition_holds
from trail_lint.iam.evaluator import Decision, RequestContext
from trail_lint.iam.scp_levels import organization, organization_keys
from trail_lint.model import (
    UNKNOWN,
    Condition,
    Inventory,
    Manifest,
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

STOP = "cloudtrail:StopLogging"
MANAGEMENT, MEMBER, TOP, LOOSE = "111111111111", "222222222222", "444444444444", "333333333333"
ORG, ROOT, OU, INNER = "o-abcdef1234", "r-abcd", "ou-abcd-11111111", "ou-abcd-22222222"
TREE = (OrgNode(MANAGEMENT, OrgNodeKind.MANAGEMENT, organization=ORG), OrgNode(ROOT, OrgNodeKind.ROOT),
        OrgNode(OU, OrgNodeKind.UNIT, ROOT), OrgNode(INNER, OrgNodeKind.UNIT, OU),
        OrgNode(MEMBER, OrgNodeKind.ACCOUNT, INNER), OrgNode(TOP, OrgNodeKind.ACCOUNT, None))


def test_the_keys_of_an_account_the_inputs_place() -> None:
    org = organization(Inventory(organization=TREE))
    assert organization_keys(org, MEMBER) == (ORG, f"{ORG}/{ROOT}/{OU}/{INNER}/")
    assert organization_keys(org, TOP) == (ORG, f"{ORG}/{ROOT}/")          # directly under the root
    assert organization_keys(org, MANAGEMENT) == (ORG, None)                # its place is not in the inputs
    assert organization_keys(org, LOOSE) == (None, None)                    # not known to be a member
    assert organization_keys(org, None) == (None, None)
    # no ID in the inputs, two IDs, or an OU above the account the inputs do not describe
    assert organization_keys(organization(Inventory(organization=TREE[1:])), MEMBER) == (None, None)
    two = (*TREE, OrgNode("555555555555", OrgNodeKind.MANAGEMENT, organization="o-zzzzzzzzzz"))
    assert organization_keys(organization(Inventory(organization=two)), MEMBER) == (None, None)
    gap = tuple(node for node in TREE if node.id != OU)
    assert organization_keys(organization(Inventory(organization=gap)), MEMBER) == (ORG, None)
    # a manifest names the organization too
    manifest = Inventory(organization=TREE[1:], manifests=(Manifest(organization=ORG),))
    assert organization_keys(organization(manifest), MEMBER) == (ORG, f"{ORG}/{ROOT}/{OU}/{INNER}/")


PATHS = RequestContext((("aws:principalorgpaths", ValueSet((f"{ORG}/{ROOT}/{OU}/{INNER}/",))),))


@pytest.mark.parametrize("operator, pattern, expected", [
    ("ForAnyValue:StringLike", f"{ORG}/{ROOT}/{OU}/*", True),           # the OU or any OU under it
    ("ForAnyValue:StringLike", f"{ORG}/*", True),
    ("ForAnyValue:StringLike", f"{ORG}/{ROOT}/ou-abcd-33333333/*", False),
    ("ForAnyValue:StringEquals", f"{ORG}/{ROOT}/{OU}/{INNER}/", True),
    ("ForAnyValue:StringEquals", f"{ORG}/{ROOT}/{OU}/", False),           # the path is the account's, not its OU's parent
    ("ForAllValues:StringLike", f"{ORG}/{ROOT}/{OU}/*", True),
    ("ForAllValues:StringNotLike", f"{ORG}/{ROOT}/{OU}/*", False),
    ("ForAnyValue:StringNotLike", f"{ORG}/{ROOT}/ou-abcd-33333333/*", True),
    ("ForAnyValue:StringLikeIfExists", f"{ORG}/*", True),
    ("StringLike", f"{ORG}/*", UNKNOWN),                               # no set operator on a multivalued key
    ("ForAnyValue:ArnLike", f"{ORG}/*", UNKNOWN),
    ("ForAnyValue:StringLike", "${aws:PrincipalOrgID}/*", UNKNOWN),
])
def test_set_operators_on_the_path_known_in_full(operator: str, pattern: str, expected: object) -> None:
    assert condition_holds(Condition(operator, "aws:PrincipalOrgPaths", (pattern,)), PATHS.get) is expected


def _user(account: str, *statements: Statement) -> Principal:
    allow = Statement("Allow", actions=("cloudtrail:*",), resources=("*",))
    return Principal(id=f"arn:aws:iam::{account}:user/u", kind=PrincipalKind.USER, name="u", account=account,
                     inline_policies=(Policy("own", (allow, *statements)),))


def _decide(account: str, *statements: Statement, scps: tuple = (), nodes: tuple = TREE) -> Decision:
    arn = f"arn:aws:cloudtrail:us-east-1:{account}:trail/main"
    report = analyse(Inventory(trails=(Trail(name="main", arn=arn),), principals=(_user(account, *statements),),
                               scps=scps, organization=nodes))
    return report.decision(f"arn:aws:iam::{account}:user/u", arn, STOP)


def _deny_unless(operator: str, key: str, value: str) -> Statement:
    return Statement("Deny", actions=(STOP,), resources=("*",), conditions=(Condition(operator, key, (value,)),))


@settings(max_examples=25, deadline=None)
@given(st.sampled_from([MEMBER, TOP, LOOSE]), st.sampled_from([(OU,), (OU, INNER), ("ou-abcd-33333333",), (INNER,)]))
def test_a_deny_outside_an_ou_is_decided_for_the_accounts_the_inputs_place(account: str, units: tuple[str, ...]) -> None:
    deny = _deny_unless("ForAnyValue:StringNotLike", "aws:PrincipalOrgPaths", "/".join((ORG, ROOT, *units, "*")))
    under = account == MEMBER and units in ((OU,), (OU, INNER))
    expected = Decision.CONDITIONAL if account == LOOSE else Decision.ALLOWED if under else Decision.DENIED
    assert _decide(account, deny) is expected


def test_principal_org_id_in_identity_policies_and_scps() -> None:
    other_org = _deny_unless("StringNotEquals", "aws:PrincipalOrgID", ORG)
    assert _decide(MEMBER, other_org) is Decision.ALLOWED
    assert _decide(MEMBER, _deny_unless("StringEquals", "aws:PrincipalOrgID", ORG)) is Decision.DENIED
    assert _decide(LOOSE, other_org) is Decision.CONDITIONAL
    # an SCP at the root that denies StopLogging outside the OU: over the member account, decided
    guard = ServiceControlPolicy(Policy("guard", (_deny_unless("ForAnyValue:StringNotLike", "aws:PrincipalOrgPaths",
                                                               f"{ORG}/{ROOT}/{OU}/*"),)), (ROOT,))
    assert _decide(MEMBER, scps=(guard,)) is Decision.ALLOWED
    assert _decide(TOP, scps=(guard,)) is Decision.DENIED
    # without the organization's ID in the inputs: conditional, as before
    assert _decide(TOP, scps=(guard,), nodes=TREE[1:] + (OrgNode(MANAGEMENT, OrgNodeKind.MANAGEMENT),)) \
        is Decision.CONDITIONAL


def _inline(condition: dict) -> list[dict]:
    return [{"PolicyName": "ops", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "cloudtrail:*", "Resource": "*"},
        {"Effect": "Deny", "Action": STOP, "Resource": "*", "Condition": condition}]}}]


def test_read_from_describe_organization_output(tmp_path: Path) -> None:
    (tmp_path / "organization.json").write_text(json.dumps({"Organization": {
        "Id": ORG, "MasterAccountId": MANAGEMENT, "FeatureSet": "ALL",
        "Arn": f"arn:aws:organizations::{MANAGEMENT}:organization/{ORG}"}}))
    (tmp_path / "accounts.json").write_text(json.dumps({"Accounts": [
        {"Id": MEMBER, "Arn": f"arn:aws:organizations::{MANAGEMENT}:account/{ORG}/{MEMBER}", "Name": "app"}]}))
    (tmp_path / "authz.json").write_text(json.dumps({"RoleDetailList": [{
        "RoleName": "admin", "Arn": f"arn:aws:iam::{MEMBER}:role/admin",
        "RolePolicyList": _inline({"StringNotEquals": {"aws:PrincipalOrgID": ORG}})}]}))
    arn = f"arn:aws:cloudtrail:us-east-1:{MEMBER}:trail/main"
    (tmp_path / "trails.json").write_text(json.dumps({"trailList": [
        {"Name": "main", "TrailARN": arn, "HomeRegion": "us-east-1", "S3BucketName": "logs",
         "IsMultiRegionTrail": True, "LogFileValidationEnabled": True}]}))
    result = run([str(tmp_path)], Config(region="us-east-1"), all_rules())
    assert analyse(result.inventory).decision(f"arn:aws:iam::{MEMBER}:role/admin", arn, STOP) is Decision.ALLOWED


def test_read_from_a_terraform_plan(tmp_path: Path) -> None:
    deny = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "cloudtrail:*", "Resource": "*"},
        {"Effect": "Deny", "Action": STOP, "Resource": "*",
         "Condition": {"ForAnyValue:StringNotLike": {"aws:PrincipalOrgPaths": f"{ORG}/{ROOT}/{OU}/*"}}}]})
    arn = f"arn:aws:cloudtrail:us-east-1:{MEMBER}:trail/main"
    write_plan(tmp_path / "plan.json", [
        change("aws_organizations_organization.org", {"id": ORG, "master_account_id": MANAGEMENT,
                                                      "roots": [{"id": ROOT}]}),
        change("aws_organizations_organizational_unit.workloads", {"id": OU, "parent_id": ROOT}),
        change("aws_organizations_account.app", {"id": MEMBER, "parent_id": OU}),
        change("aws_iam_role.admin", {"name": "admin", "arn": f"arn:aws:iam::{MEMBER}:role/admin",
                                      "assume_role_policy": "{}"}),
        change("aws_iam_role_policy.admin", {"name": "admin", "role": "admin", "policy": deny}),
        change("aws_cloudtrail.main", {"name": "main", "arn": arn, "home_region": "us-east-1", "s3_bucket_name": "logs",
                                       "is_multi_region_trail": True, "enable_log_file_validation": True}),
    ])
    result = run([str(tmp_path)], Config(region="us-east-1"), all_rules())
    assert analyse(result.inventory).decision(f"arn:aws:iam::{MEMBER}:role/admin", arn, STOP) is Decision.ALLOWED
