"""aws:PrincipalArn of a group's members: the ARN of a user of the group's account.

A group row stands for any member, and a group holds only IAM users of its own account, so every
member's aws:PrincipalArn is ``arn:<partition>:iam::<account>:user/<path><name>``. A condition that
no such ARN meets (an SCP's ``ArnNotLike aws:PrincipalArn`` exemption of roles) or that every one
meets is decided for the group's row; what depends on the member's path or name stays conditional.
The reference evaluator and the access matrix agree.
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.iam.access import TRAIL_ACTIONS, analyse, trail_context
from trail_lint.iam.conditions import MemberUserArn, condition_holds
from trail_lint.iam.evaluator import Decision, evaluate, substitute
from trail_lint.iam.resolve import request_context
from trail_lint.model import UNKNOWN, Condition, Inventory, Policy, Principal, PrincipalKind, Statement, Trail, Tri
from trail_lint.registry import all_rules

ACCOUNT = "111122223333"
GROUP = f"arn:aws:iam::{ACCOUNT}:group/ops"
TRAIL = f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/main"


def _holds(operator: str, *values: str) -> Tri:
    lookup = {"aws:principalarn": MemberUserArn("aws", ACCOUNT)}.get
    return condition_holds(Condition(operator, "aws:PrincipalArn", values), lambda key: lookup(key, UNKNOWN))


@pytest.mark.parametrize(("operator", "values", "expected"), [
    # roles only: no member's ARN
    ("ArnNotLike", ("arn:aws:iam::*:role/security-audit", "arn:aws:iam::*:role/stacksets-exec-*"), True),
    ("ArnLike", ("arn:aws:iam::*:role/*",), False),
    ("StringNotLike", (f"arn:aws:iam::{ACCOUNT}:role/*",), True),
    ("ArnNotEquals", (f"arn:aws:iam::{ACCOUNT}:role/admin",), True),
    ("StringEquals", (f"arn:aws:iam::{ACCOUNT}:root",), False),
    ("ArnLike", ("arn:aws:iam::444455556666:user/*",), False),      # another account's users
    ("ArnLike", ("arn:aws-cn:iam::*:user/*",), False),              # another partition
    # every member's ARN
    ("ArnLike", ("arn:aws:iam::*:user/*",), True),
    ("ArnNotLike", (f"arn:aws:iam::{ACCOUNT}:user/*",), False),
    ("StringLike", ("arn:aws:iam::*:*",), True),
    ("StringLike", ("*",), True),
    ("ArnLikeIfExists", ("arn:aws:iam::*:role/x", "arn:*:iam::*:user/*"), True),
    # the member's path or name decides these
    ("ArnLike", (f"arn:aws:iam::{ACCOUNT}:user/alice",), UNKNOWN),
    ("StringEquals", (f"arn:aws:iam::{ACCOUNT}:user/alice",), UNKNOWN),
    ("StringEqualsIgnoreCase", (f"ARN:AWS:IAM::{ACCOUNT}:USER/ALICE",), UNKNOWN),
    ("StringLike", ("arn:aws:iam::*:user/admins/*",), UNKNOWN),
    ("ArnNotLike", ("arn:aws:iam::*:user/break-glass",), UNKNOWN),
    # StringLike reads the ARN as one text: a `*` over the account may reach into a member's path,
    # which may hold a colon (IAM paths allow any printable ASCII character)
    ("StringNotLike", ("arn:aws:iam::*:role/OrganizationAccountAccessRole",), UNKNOWN),
    # a pattern that is no ARN under an ARN operator: not decided here
    ("ArnLike", ("*",), UNKNOWN),
])
def test_a_pattern_decides_for_every_member_or_none(operator: str, values: tuple[str, ...], expected: Tri) -> None:
    assert _holds(operator, *values) is expected


def test_a_group_of_a_known_account_fixes_the_user_arn_prefix() -> None:
    group = Principal(GROUP, PrincipalKind.GROUP, "ops", ACCOUNT)
    context = request_context(group, ACCOUNT)
    assert context.get("aws:principalarn") == MemberUserArn("aws", ACCOUNT)
    # ${aws:PrincipalArn} in a Resource: the member's name is not known offline
    assert substitute("arn:aws:cloudtrail:*:*:trail/${aws:PrincipalArn}", context) == (
        "arn:aws:cloudtrail:*:*:trail/*", False)
    by_address = Principal("aws_iam_group.ops", PrincipalKind.GROUP, "ops", ACCOUNT)
    assert request_context(by_address, ACCOUNT).get("aws:principalarn") is UNKNOWN


def _policy(effect: str, operator: str, pattern: str) -> Policy:
    statements = (Statement(effect, actions=("cloudtrail:*",), resources=("*",),
                            conditions=(Condition(operator, "aws:PrincipalArn", (pattern,)),)),)
    if effect == "Deny":
        statements += (Statement("Allow", actions=("cloudtrail:*",), resources=("*",)),)
    return Policy("p", statements)


OPERATORS = st.sampled_from(["ArnNotLike", "ArnLike", "StringLike", "StringNotLike", "StringEquals",
                             "ArnEquals", "StringEqualsIgnoreCase", "ArnNotLikeIfExists"])
PATTERNS = st.sampled_from(["arn:aws:iam::*:role/admin", "arn:aws:iam::*:user/*", f"arn:aws:iam::{ACCOUNT}:user/alice",
                            "arn:aws:iam::*:user/team/*", "*", "arn:aws:iam::999999999999:user/*",
                            f"arn:aws:iam::{ACCOUNT}:root", "arn:aws:iam::*:*"])


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["Allow", "Deny"]), OPERATORS, PATTERNS)
def test_masks_agree_with_evaluate(effect: str, operator: str, pattern: str) -> None:
    policy = _policy(effect, operator, pattern)
    group = Principal(GROUP, PrincipalKind.GROUP, "ops", ACCOUNT, inline_policies=(policy,))
    trail = Trail(name="main", account=ACCOUNT, region="us-east-1")
    result = analyse(Inventory(trails=(trail,), principals=(group,), account=ACCOUNT))
    context = request_context(group, ACCOUNT)
    for key, resource, found in zip(result.trail_keys, result.resources, result.trails, strict=True):
        for action in TRAIL_ACTIONS:
            expected = evaluate((policy,), action, resource, context=context, on=trail_context(found, ACCOUNT))
            assert result.decision(group.id, key, action) is expected.decision, (key, action)


def _group_decision(tmp_path: Path, exempt: str) -> Decision:
    """A group that may do anything to trails but for a Deny of StopLogging that exempts ``exempt``."""
    document = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "cloudtrail:*", "Resource": "*"},
        {"Effect": "Deny", "Action": "cloudtrail:StopLogging", "Resource": "*",
         "Condition": {"ArnNotLike": {"aws:PrincipalArn": exempt}}}]}
    (tmp_path / "authz.json").write_text(json.dumps({"GroupDetailList": [
        {"GroupName": "ops", "Arn": GROUP, "GroupPolicyList": [{"PolicyName": "own", "PolicyDocument": document}]}]}))
    (tmp_path / "trails.json").write_text(json.dumps({"trailList": [
        {"Name": "main", "TrailARN": TRAIL, "HomeRegion": "us-east-1", "S3BucketName": "logs"}]}))
    result = run([str(tmp_path)], Config(region="us-east-1", account=ACCOUNT), all_rules())
    return analyse(result.inventory).decision(GROUP, TRAIL, "cloudtrail:StopLogging")


@pytest.mark.parametrize(("exempt", "expected"), [
    ("arn:aws:iam::*:role/break-glass", Decision.DENIED),       # no member is exempt
    ("arn:aws:iam::*:user/*", Decision.ALLOWED),                # every member is
    ("arn:aws:iam::*:user/break-glass", Decision.CONDITIONAL),  # one member may be
])
def test_from_an_authorization_details_export(tmp_path: Path, exempt: str, expected: Decision) -> None:
    assert _group_decision(tmp_path, exempt) is expected
