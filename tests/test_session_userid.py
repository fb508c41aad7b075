"""aws:userid of a role's sessions: ``role-id:caller-specified-role-name``.

Where the inputs hold the role's unique id (RoleId in an account authorization details export,
unique_id of a Terraform aws_iam_role), a condition whose pattern names a role id before its first
colon is decided: ``AROAEXAMPLE:*`` matches every session of the role, ``AROAOTHER:*`` none. What
depends on the session name (``AROAEXAMPLE:alice``) stays conditional, as does every such condition
of a role whose id the inputs do not give. The reference evaluator and the access matrix agree.
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-userid
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
from trail_lint.iam.access import TRAIL_ACTIONS, analyse, trail_context
from trail_lint.iam.conditions import SessionUserId, condition_holds, with_variables
from trail_lint.iam.evaluator import Decision, evaluate, substitute
from trail_lint.iam.resolve import request_context
from trail_lint.model import UNKNOWN, Condition, Inventory, Policy, Principal, PrincipalKind, Statement, Trail, Tri
from trail_lint.registry import all_rules

ACCOUNT = "111122223333"
ROLE_ID = "AROAEXAMPLE"
TRAIL = f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/main"


def _holds(operator: str, *values: str) -> Tri:
    lookup = {"aws:userid": SessionUserId(ROLE_ID)}.get
    return condition_holds(Condition(operator, "aws:userid", values), lambda key: lookup(key, UNKNOWN))


@pytest.mark.parametrize(("operator", "values", "expected"), [
    ("StringLike", ("AROAEXAMPLE:*",), True),
    ("StringLike", ("AROAEXAMPLE:**",), True),
    ("StringLike", ("AROAOTHER:*",), False),
    ("StringLike", ("AROAOTHER:*", "AROAEXAMPLE:*"), True),
    ("StringNotLike", ("AROAEXAMPLE:*",), False),
    ("StringNotLike", ("AROAOTHER:*",), True),
    ("StringLikeIfExists", ("AROAEXAMPLE:*",), True),
    ("ForAnyValue:StringLike", ("AROAEXAMPLE:*",), True),
    ("StringEquals", ("AROAOTHER:alice",), False),
    ("StringNotEquals", ("AROAOTHER:alice",), True),
    ("StringEquals", ("AROAEXAMPLE",), False),           # every session's value holds a colon
    ("StringEqualsIgnoreCase", ("aroaexample:alice",), UNKNOWN),
    ("StringEqualsIgnoreCase", ("aroaother:alice",), False),
    ("StringEquals", ("AROAEXAMPLE:*",), UNKNOWN),        # StringEquals: the `*` is a session name
    # the session name decides these
    ("StringEquals", ("AROAEXAMPLE:alice",), UNKNOWN),
    ("StringLike", ("AROAEXAMPLE:ali*",), UNKNOWN),
    ("StringNotLike", ("AROAEXAMPLE:ali*",), UNKNOWN),
    ("StringLike", ("AROAOTHER:*", "AROAEXAMPLE:ali*"), UNKNOWN),
    # a wildcard before the colon: not decided here
    ("StringLike", ("AROA*:*",), UNKNOWN),
    ("StringLike", ("*:*",), UNKNOWN),
    ("StringLike", ("AROA*",), UNKNOWN),
    ("ArnLike", ("AROAEXAMPLE:*",), UNKNOWN),
    ("StringLike", ("${aws:PrincipalAccount}:*",), UNKNOWN),
])
def test_a_pattern_with_a_literal_role_id_decides(operator: str, values: tuple[str, ...], expected: Tri) -> None:
    assert _holds(operator, *values) is expected


def test_the_role_id_reaches_the_request_context() -> None:
    role = Principal(f"arn:aws:iam::{ACCOUNT}:role/ops", PrincipalKind.ROLE, "ops", ACCOUNT, unique_id=ROLE_ID)
    context = request_context(role, ACCOUNT)
    assert context.get("aws:userid") == SessionUserId(ROLE_ID)
    # ${aws:userid} in a Resource or a value: the session name is not known offline
    assert substitute("arn:aws:cloudtrail:*:*:trail/${aws:userid}", context) == ("arn:aws:cloudtrail:*:*:trail/*", False)
    assert with_variables("${aws:userid}", context.get, False) is UNKNOWN
    without = Principal(f"arn:aws:iam::{ACCOUNT}:role/ops", PrincipalKind.ROLE, "ops", ACCOUNT)
    assert request_context(without, ACCOUNT).get("aws:userid") is UNKNOWN


def _policy(effect: str, operator: str, pattern: str) -> Policy:
    statements = (Statement(effect, actions=("cloudtrail:*",), resources=("*",),
                            conditions=(Condition(operator, "aws:userid", (pattern,)),)),)
    if effect == "Deny":
        statements += (Statement("Allow", actions=("cloudtrail:*",), resources=("*",)),)
    return Policy("p", statements)


OPERATORS = st.sampled_from(["StringLike", "StringNotLike", "StringEquals", "StringNotEquals",
                             "StringEqualsIgnoreCase", "StringLikeIfExists", "ArnLike"])
PATTERNS = st.sampled_from(["AROAEXAMPLE:*", "AROAOTHER:*", "AROAEXAMPLE:alice", "AROA*:*", "aroaexample:x",
                            "AROAEXAMPLE", "AIDAUSER"])


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["Allow", "Deny"]), OPERATORS, PATTERNS, st.sampled_from([ROLE_ID, None]))
def test_masks_agree_with_evaluate(effect: str, operator: str, pattern: str, role_id: str | None) -> None:
    policy = _policy(effect, operator, pattern)
    role = Principal(f"arn:aws:iam::{ACCOUNT}:role/ops", PrincipalKind.ROLE, "ops", ACCOUNT,
                     inline_policies=(policy,), unique_id=role_id)
    trail = Trail(name="main", account=ACCOUNT, region="us-east-1")
    result = analyse(Inventory(trails=(trail,), principals=(role,), account=ACCOUNT))
    context = request_context(role, ACCOUNT)
    for key, resource, found in zip(result.trail_keys, result.resources, result.trails, strict=True):
        for action in TRAIL_ACTIONS:
            expected = evaluate((policy,), action, resource, context=context, on=trail_context(found, ACCOUNT))
            assert result.decision(role.id, key, action) is expected.decision, (key, action)


def _document(pattern: str) -> dict[str, object]:
    return {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "cloudtrail:StopLogging", "Resource": "*",
        "Condition": {"StringLike": {"aws:userid": pattern}}}]}


def _decision(tmp_path: Path, pattern: str, role_id: str | None, terraform: bool = False) -> Decision:
    if terraform:
        role = {"name": "ops", "arn": f"arn:aws:iam::{ACCOUNT}:role/ops"}
        if role_id is not None:
            role["unique_id"] = role_id
        write_plan(tmp_path / "plan.json", [
            change("aws_iam_role.ops", role),
            change("aws_iam_role_policy.ops", {"name": "own", "role": "ops", "policy": json.dumps(_document(pattern))}),
            change("aws_cloudtrail.main", {"name": "main", "arn": TRAIL, "home_region": "us-east-1",
                                           "s3_bucket_name": "logs"})])
    else:
        detail: dict[str, object] = {"RoleName": "ops", "Arn": f"arn:aws:iam::{ACCOUNT}:role/ops",
                                     "RolePolicyList": [{"PolicyName": "own", "PolicyDocument": _document(pattern)}]}
        if role_id is not None:
            detail["RoleId"] = role_id
        (tmp_path / "authz.json").write_text(json.dumps({"RoleDetailList": [detail]}))
        (tmp_path / "trails.json").write_text(json.dumps({"trailList": [
            {"Name": "main", "TrailARN": TRAIL, "HomeRegion": "us-east-1", "S3BucketName": "logs"}]}))
    result = run([str(tmp_path)], Config(region="us-east-1", account=ACCOUNT), all_rules())
    report = analyse(result.inventory)
    return report.decision(f"arn:aws:iam::{ACCOUNT}:role/ops", TRAIL, "cloudtrail:StopLogging")


@pytest.mark.parametrize(("pattern", "role_id", "expected"), [
    ("AROAEXAMPLE:*", ROLE_ID, Decision.ALLOWED),
    ("AROAOTHER:*", ROLE_ID, Decision.DENIED),
    ("AROAEXAMPLE:alice", ROLE_ID, Decision.CONDITIONAL),
    ("AROAEXAMPLE:*", None, Decision.CONDITIONAL),         # the export without the role's id
])
def test_from_an_authorization_details_export(tmp_path: Path, pattern: str, role_id: str | None,
                                              expected: Decision) -> None:
    assert _decision(tmp_path, pattern, role_id) is expected


@pytest.mark.parametrize(("pattern", "role_id", "expected"), [
    ("AROAEXAMPLE:*", ROLE_ID, Decision.ALLOWED),
    ("AROAOTHER:*", ROLE_ID, Decision.DENIED),
    ("AROAEXAMPLE:*", None, Decision.CONDITIONAL),     # unique_id known after apply
])
def test_from_a_terraform_plan(tmp_path: Path, pattern: str, role_id: str | None, expected: Decision) -> None:
    assert _decision(tmp_path, pattern, role_id, terraform=True) is expected
