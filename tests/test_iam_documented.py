"""IAM decisions held to the AWS documentation: its example policies, verbatim, and the answers it gives.

Each case quotes the page it comes from. The policies are the documents' JSON as published; where a
page uses placeholders, the case says what stands in for them.
"""
from __future__ import annotations

import pytest

from trail_lint.iam.access import ACCOUNT_WIDE, analyse
from trail_lint.iam.evaluator import ANY_RESOURCE, Decision, RequestContext, ScpLevel, evaluate
from trail_lint.model import (
    FULL_AWS_ACCESS,
    Inventory,
    OrgNode,
    OrgNodeKind,
    Origin,
    Policy,
    Principal,
    PrincipalKind,
    ServiceControlPolicy,
    Trail,
)
from trail_lint.normalise.policy_json import parse_policy

ACCOUNT = "123456789012"
FIRST_TRAIL = f"arn:aws:cloudtrail:us-east-2:{ACCOUNT}:trail/My-First-Trail"
EXAMPLE_TRAIL = f"arn:aws:cloudtrail:us-east-2:{ACCOUNT}:trail/Example-Trail"
OTHER_TRAIL = f"arn:aws:cloudtrail:us-east-2:{ACCOUNT}:trail/Other-Trail"
ALLOW_EVERYTHING = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}


def policy(document: dict, name: str = "p") -> Policy:
    return parse_policy(document, name=name, origin=Origin("docs", ()))


def decide(documents: list[dict], action: str, resource: str, **layers: object) -> Decision:
    return evaluate(tuple(policy(document, f"p{index}") for index, document in enumerate(documents)),
                    action, resource, **layers).decision   # type: ignore[arg-type]


# --- CloudTrail User Guide, "Identity-based policy examples for AWS CloudTrail" ----------------
# https://docs.aws.amazon.com/awscloudtrail/latest/userguide/security_iam_id-based-policy-examples.html

# "Example: Allowing and denying actions for a specified trail": "allows users with the policy to
# view the status and configuration of a trail and start and stop logging for a trail named
# My-First-Trail".
ALLOW_FIRST_TRAIL = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "cloudtrail:StartLogging",
                "cloudtrail:StopLogging",
                "cloudtrail:GetTrail",
                "cloudtrail:GetTrailStatus",
                "cloudtrail:GetEventSelectors"
            ],
            "Resource": [
                "arn:aws:cloudtrail:us-east-2:123456789012:trail/My-First-Trail"
            ]
        }
    ]
}
# "explicitly denies CloudTrail actions for any trail not named My-First-Trail".
DENY_OTHER_TRAILS = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Deny",
            "Action": [
                "cloudtrail:*"
            ],
            "NotResource": [
                "arn:aws:cloudtrail:us-east-2:123456789012:trail/My-First-Trail"
            ]
        }
    ]
}


@pytest.mark.parametrize("action", ["cloudtrail:StartLogging", "cloudtrail:StopLogging", "cloudtrail:GetTrail",
                                    "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors"])
def test_a_policy_for_one_trail_allows_its_actions_on_that_trail_only(action: str) -> None:
    assert decide([ALLOW_FIRST_TRAIL], action, FIRST_TRAIL) is Decision.ALLOWED
    assert decide([ALLOW_FIRST_TRAIL], action, OTHER_TRAIL) is Decision.DENIED
    assert decide([ALLOW_FIRST_TRAIL], "cloudtrail:DeleteTrail", FIRST_TRAIL) is Decision.DENIED   # not listed


@pytest.mark.parametrize("action", ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail"])
def test_a_deny_with_not_resource_denies_every_other_trail_whatever_else_allows(action: str) -> None:
    assert decide([ALLOW_EVERYTHING, DENY_OTHER_TRAILS], action, OTHER_TRAIL) is Decision.DENIED
    assert decide([ALLOW_EVERYTHING, DENY_OTHER_TRAILS], action, FIRST_TRAIL) is Decision.ALLOWED
    # a request on "*" (an action without resource-level permissions) is not that trail either
    assert decide([ALLOW_EVERYTHING, DENY_OTHER_TRAILS], "cloudtrail:DescribeTrails", ANY_RESOURCE) is Decision.DENIED


# "Examples: Creating and applying policies for actions on specific trails": two policies of a
# developer group. "If a user of the developer group tries to start or stop logging on the trail
# that you specified in the first policy, that user gets an access denied exception"; its
# describe-trails and get-trail-status on that trail "complete successfully".
DENY_START_STOP = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Stmt1446057698000",
            "Effect": "Deny",
            "Action": [
                "cloudtrail:StartLogging",
                "cloudtrail:StopLogging"
            ],
            "Resource": [
                "arn:aws:cloudtrail:us-east-2:123456789012:trail/Example-Trail"
            ]
        }
    ]
}
ALLOW_DESCRIBE = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Stmt1446072643000",
            "Effect": "Allow",
            "Action": [
                "cloudtrail:DescribeTrails",
                "cloudtrail:GetTrail",
                "cloudtrail:GetTrailStatus"
            ],
            "Resource": [
                "*"
            ]
        }
    ]
}


def test_the_developer_group_example() -> None:
    group = [DENY_START_STOP, ALLOW_DESCRIBE]
    assert decide(group, "cloudtrail:DescribeTrails", ANY_RESOURCE) is Decision.ALLOWED
    assert decide(group, "cloudtrail:GetTrailStatus", EXAMPLE_TRAIL) is Decision.ALLOWED
    assert decide(group, "cloudtrail:StopLogging", EXAMPLE_TRAIL) is Decision.DENIED
    assert decide(group, "cloudtrail:StartLogging", EXAMPLE_TRAIL) is Decision.DENIED
    # "Users of the developer group can start and stop logging on trails that they create and
    # manage": with a policy that allows it there, the Deny keeps only Example-Trail out.
    manage = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["cloudtrail:StartLogging", "cloudtrail:StopLogging"], "Resource": "*"}]}
    assert decide([*group, manage], "cloudtrail:StopLogging", OTHER_TRAIL) is Decision.ALLOWED
    assert decide([*group, manage], "cloudtrail:StopLogging", EXAMPLE_TRAIL) is Decision.DENIED


# "Examples: Denying access to create or delete event data stores based on tags": the Deny holds
# only for some requests (their tags), which cannot be known offline.
DENY_PROD_DELETE = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Deny",
            "Action": "cloudtrail:DeleteEventDataStore",
            "Resource": "*",
            "Condition": {
                "StringEquals": {
                    "aws:ResourceTag/stage": "prod"
                }
            }
        }
    ]
}
DENY_UNTAGGED_CREATE = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Deny",
            "Action": "cloudtrail:CreateEventDataStore",
            "Resource": "*",
            "Condition": {
                "Null": {
                    "aws:RequestTag/stage": "true"
                }
            }
        },
        {
            "Effect": "Deny",
            "Action": "cloudtrail:CreateEventDataStore",
            "Resource": "*",
            "Condition": {
                "ForAnyValue:StringNotEquals": {
                    "aws:RequestTag/stage": [
                        "alpha",
                        "beta",
                        "gamma",
                        "prod"
                    ]
                }
            }
        }
    ]
}


def test_denials_that_depend_on_tags_are_conditional() -> None:
    store = f"arn:aws:cloudtrail:us-east-2:{ACCOUNT}:eventdatastore/EXAMPLE-f852-4e8f-8bd1"
    assert decide([ALLOW_EVERYTHING, DENY_PROD_DELETE], "cloudtrail:DeleteEventDataStore", store) \
        is Decision.CONDITIONAL
    assert decide([ALLOW_EVERYTHING, DENY_UNTAGGED_CREATE], "cloudtrail:CreateEventDataStore", store) \
        is Decision.CONDITIONAL
    # the same user, whose name and tags are known, still cannot know the request's tags
    user = RequestContext((("aws:username", "dev"),), ("aws:principaltag/",))
    assert decide([ALLOW_EVERYTHING, DENY_PROD_DELETE], "cloudtrail:DeleteEventDataStore", store, context=user) \
        is Decision.CONDITIONAL


# "CloudTrail doesn't have service-specific context keys that you can use in the Condition element
# of policy statements" (same page), and a key missing from the request makes a condition false
# (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
def test_a_condition_on_a_cloudtrail_key_never_holds() -> None:
    allow_by_name = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "cloudtrail:StopLogging", "Resource": "*",
        "Condition": {"StringEquals": {"cloudtrail:TrailName": "My-First-Trail"}}}]}
    deny_unless_name = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Deny", "Action": "cloudtrail:StopLogging", "Resource": "*",
        "Condition": {"StringNotEquals": {"cloudtrail:TrailName": "My-First-Trail"}}}]}
    assert decide([allow_by_name], "cloudtrail:StopLogging", FIRST_TRAIL) is Decision.DENIED
    assert decide([ALLOW_EVERYTHING, deny_unless_name], "cloudtrail:StopLogging", FIRST_TRAIL) is Decision.DENIED


# --- Service Authorization Reference: which actions take a trail ARN, which only "*" -----------
# https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudtrail.html:
# DescribeTrails, ListTrails and LookupEvents have no resource type (only "*"); StopLogging,
# DeleteTrail, GetTrailStatus take the trail* resource type.
@pytest.mark.parametrize("action", ["cloudtrail:DescribeTrails", "cloudtrail:ListTrails", "cloudtrail:LookupEvents"])
def test_actions_without_resource_level_permissions_need_star(action: str) -> None:
    on_trails = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": action, "Resource": "arn:aws:cloudtrail:*:*:trail/*"}]}
    on_star = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]}
    assert decide([on_trails], action, ANY_RESOURCE) is Decision.DENIED
    assert decide([on_star], action, ANY_RESOURCE) is Decision.ALLOWED


@pytest.mark.parametrize("action", ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:GetTrailStatus"])
def test_trail_actions_take_the_trail_arn(action: str) -> None:
    on_trails = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": action, "Resource": "arn:aws:cloudtrail:*:*:trail/*"}]}
    assert decide([on_trails], action, FIRST_TRAIL) is Decision.ALLOWED
    on_stores = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": action, "Resource": "arn:aws:cloudtrail:*:*:eventdatastore/*"}]}
    assert decide([on_stores], action, FIRST_TRAIL) is Decision.DENIED


# --- IAM User Guide, "Policy evaluation logic" -------------------------------------------------
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html:
# "An explicit deny in any policy overrides any allows"; "By default, all requests are implicitly
# denied"; an SCP, a permissions boundary and identity-based policies must all allow; "SCPs ... do
# not grant permissions".
def test_evaluation_logic() -> None:
    stop = "cloudtrail:StopLogging"
    deny_stop = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": stop, "Resource": "*"}]}
    assert decide([], stop, FIRST_TRAIL) is Decision.DENIED
    assert decide([ALLOW_EVERYTHING, deny_stop], stop, FIRST_TRAIL) is Decision.DENIED
    assert decide([ALLOW_FIRST_TRAIL], stop, FIRST_TRAIL, boundary=policy(deny_stop)) is Decision.DENIED
    read_only_boundary = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["cloudtrail:Get*", "cloudtrail:Describe*"], "Resource": "*"}]}
    assert decide([ALLOW_EVERYTHING], stop, FIRST_TRAIL, boundary=policy(read_only_boundary)) is Decision.DENIED
    assert decide([ALLOW_EVERYTHING], "cloudtrail:GetTrail", FIRST_TRAIL, boundary=policy(read_only_boundary)) \
        is Decision.ALLOWED
    full = ScpLevel((FULL_AWS_ACCESS,))
    assert decide([], stop, FIRST_TRAIL, scps=(full,)) is Decision.DENIED                  # SCPs grant nothing
    assert decide([ALLOW_EVERYTHING], stop, FIRST_TRAIL, scps=(full,)) is Decision.ALLOWED
    assert decide([ALLOW_EVERYTHING], stop, FIRST_TRAIL, scps=(full, ScpLevel((policy(deny_stop),)))) \
        is Decision.DENIED


# --- SCPs that keep trails running ----------------------------------------------------------------
# AWS's SCP examples deny the actions that stop or delete a trail to everyone in the member
# accounts, or to everyone but a privileged role:
# https://github.com/aws-samples/service-control-policy-examples (Deny-changes-to-security-services/
# Deny-modifications-to-specific-CloudTrail-trails.json; its placeholders ${Region}, ${Account},
# [CLOUDTRAIL_NAME] and [PRIVILEGED_ROLE] stand here for us-east-2, the member account, My-First-Trail
# and Admin). SCPs "affect only member accounts", each level from the root to the account must
# allow, and the Deny wins (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html).
DENY_TRAIL_CHANGES = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Deny",
            "Action": [
                "cloudtrail:DeleteTrail",
                "cloudtrail:PutEventSelectors",
                "cloudtrail:StopLogging",
                "cloudtrail:UpdateTrail",
                "cloudtrail:CreateTrail"
            ],
            "Resource": "arn:aws:cloudtrail:us-east-2:123456789012:trail/My-First-Trail",
            "Condition": {
                "ArnNotLike": {
                    "aws:PrincipalARN": "arn:aws:iam::123456789012:role/Admin"
                }
            }
        }
    ]
}
DENY_STOP_AND_DELETE = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "Action": ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail"], "Resource": "*"}]
}


def _member_account(scp: dict, *principals: Principal) -> Inventory:
    trails = (Trail(name="My-First-Trail", arn=FIRST_TRAIL), Trail(name="Other-Trail", arn=OTHER_TRAIL))
    organization = (OrgNode("111111111111", OrgNodeKind.MANAGEMENT), OrgNode(ACCOUNT, OrgNodeKind.ACCOUNT, "r-root"))
    return Inventory(trails=trails, principals=principals, account=ACCOUNT, organization=organization,
                     scps=(ServiceControlPolicy(policy(scp, "guard"), ("r-root",)),
                           ServiceControlPolicy(FULL_AWS_ACCESS, ("r-root",)),
                           ServiceControlPolicy(FULL_AWS_ACCESS, (ACCOUNT,))))


def _administrator(kind: PrincipalKind, name: str) -> Principal:
    return Principal(f"arn:aws:iam::{ACCOUNT}:{kind.value}/{name}", kind, name, ACCOUNT,
                     inline_policies=(policy(ALLOW_EVERYTHING),), tags=())


@pytest.mark.parametrize("action", ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail",
                                    "cloudtrail:PutEventSelectors"])
def test_an_scp_keeps_everyone_but_the_privileged_role_from_changing_the_trail(action: str) -> None:
    admin, ops, user = (_administrator(PrincipalKind.ROLE, "Admin"), _administrator(PrincipalKind.ROLE, "Ops"),
                        _administrator(PrincipalKind.USER, "alice"))
    access = analyse(_member_account(DENY_TRAIL_CHANGES, admin, ops, user))
    assert access.decision(admin.id, FIRST_TRAIL, action) is Decision.ALLOWED
    assert access.decision(ops.id, FIRST_TRAIL, action) is Decision.DENIED
    assert access.decision(user.id, FIRST_TRAIL, action) is Decision.DENIED
    assert access.decision(ops.id, OTHER_TRAIL, action) is Decision.ALLOWED     # another trail: not guarded


def test_an_scp_denies_stop_logging_and_delete_trail_to_everyone() -> None:
    admin = _administrator(PrincipalKind.ROLE, "Admin")
    access = analyse(_member_account(DENY_STOP_AND_DELETE, admin))
    for trail in (FIRST_TRAIL, OTHER_TRAIL):
        assert access.decision(admin.id, trail, "cloudtrail:StopLogging") is Decision.DENIED
        assert access.decision(admin.id, trail, "cloudtrail:DeleteTrail") is Decision.DENIED
        assert access.decision(admin.id, trail, "cloudtrail:StartLogging") is Decision.ALLOWED
    assert access.decision(admin.id, ACCOUNT_WIDE, "cloudtrail:DescribeTrails") is Decision.ALLOWED
