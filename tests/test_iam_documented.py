"""IAM decisions held to the AWS documentation: its example policies, verbatim, and the answers it gives.

Each case quotes the page it comes from. The policies are the documents' JSON as published; where a
page uses placeholders, the case says what stands in for them.
"""
from __future__ import annotations

import pytest

from trail_lint.iam.access import ACCOUNT_WIDE, analyse
from trail_lint.iam.evaluator import ANY_RESOURCE, Decision, RequestContext, ResourceContext, ScpLevel, evaluate
from trail_lint.inventory import with_shipped
from trail_lint.model import (
    FULL_AWS_ACCESS,
    InputKind,
    Inventory,
    Manifest,
    OrgNode,
    OrgNodeKind,
    Origin,
    Policy,
    PolicyRef,
    Principal,
    PrincipalKind,
    ServiceControlPolicy,
    Tag,
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


# --- CloudTrail User Guide, "Organization delegated administrator" -----------------------------
# https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html:
# "The organization's management account remains the owner of any CloudTrail organization resources
# the delegated administrator creates", and "this member account has administrative permissions on all
# trails and event data stores in the organization"; a member account that is none cannot change the
# organization trail (creating-trail-organization.html). An account trail of the management account
# is no organization resource.
ORG_TRAIL = "arn:aws:cloudtrail:us-east-2:111111111111:trail/org-trail"
MANAGEMENT_TRAIL = "arn:aws:cloudtrail:us-east-2:111111111111:trail/management-only"


def _delegation(delegates: tuple[str, ...] | None, management: str | None = "111111111111") -> Inventory:
    trails = (Trail(name="org-trail", arn=ORG_TRAIL, organization=True),
              Trail(name="management-only", arn=MANAGEMENT_TRAIL, organization=False))
    return Inventory(trails=trails, principals=(_administrator(PrincipalKind.ROLE, "Admin"),), account=ACCOUNT,
                     organization=(OrgNode(management, OrgNodeKind.MANAGEMENT),) if management else (),
                     manifests=(Manifest(delegated_administrators=delegates),))


@pytest.mark.parametrize("action", ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail"])
def test_a_delegated_administrator_acts_on_the_organization_trails_only(action: str) -> None:
    admin = f"arn:aws:iam::{ACCOUNT}:role/Admin"
    delegate = analyse(_delegation((ACCOUNT,)))
    assert delegate.decision(admin, ORG_TRAIL, action) is Decision.ALLOWED
    assert delegate.decision(admin, MANAGEMENT_TRAIL, action) is Decision.DENIED
    for member in (_delegation(("333333333333",)), _delegation(None), _delegation((ACCOUNT,), management=None)):
        assert analyse(member).decision(admin, ORG_TRAIL, action) is Decision.DENIED


# --- AWS Organizations, "General examples": deny access based on the requested Region ----------
# https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html
# "This SCP denies access to any operations outside of the specified Regions ... It provides
# exemptions for operations in approved global services ... and ... requests made by either of two
# specified administrator roles." Its NotAction list of global services is shortened here to some
# of its entries (CloudTrail is none of them); its Regions and role names are the page's.
DENY_OUTSIDE_EU = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "DenyAllOutsideEU",
            "Effect": "Deny",
            "NotAction": [
                "a4b:*",
                "acm:*",
                "budgets:*",
                "cloudfront:*",
                "iam:*",
                "organizations:*",
                "route53:*",
                "sts:*",
                "support:*"
            ],
            "Resource": "*",
            "Condition": {
                "StringNotEquals": {
                    "aws:RequestedRegion": [
                        "eu-central-1",
                        "eu-west-1"
                    ]
                },
                "ArnNotLike": {
                    "aws:PrincipalARN": [
                        "arn:aws:iam::*:role/Role1AllowedToBypassThisSCP",
                        "arn:aws:iam::*:role/Role2AllowedToBypassThisSCP"
                    ]
                }
            }
        }
    ]
}
EU_TRAIL = f"arn:aws:cloudtrail:eu-west-1:{ACCOUNT}:trail/eu-trail"
OPS = RequestContext((("aws:principalarn", f"arn:aws:iam::{ACCOUNT}:role/Ops"),))
BYPASS = RequestContext((("aws:principalarn", f"arn:aws:iam::{ACCOUNT}:role/Role1AllowedToBypassThisSCP"),))


def _in_region(region: str) -> ResourceContext:
    return ResourceContext(tags=(), account=ACCOUNT, region=region)


def _under(scp: dict) -> tuple[ScpLevel, ...]:
    return (ScpLevel((FULL_AWS_ACCESS, policy(scp, "scp"))), ScpLevel((FULL_AWS_ACCESS,)))


# The trail actions CloudTrail performs only in the trail's home Region (their API Reference pages:
# UpdateTrail, DeleteTrail, PutEventSelectors "must be called from the Region in which the trail was
# created"; the others return InvalidHomeRegionException) are requests in that Region: the SCP settles them.
@pytest.mark.parametrize("action", ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail",
                                    "cloudtrail:PutEventSelectors", "cloudtrail:PutInsightSelectors"])
def test_the_region_deny_scp_settles_home_region_actions_by_the_trails_region(action: str) -> None:
    us = _in_region("us-east-2")
    eu = _in_region("eu-west-1")
    assert decide([ALLOW_EVERYTHING], action, FIRST_TRAIL, scps=_under(DENY_OUTSIDE_EU), context=OPS, on=us) \
        is Decision.DENIED
    assert decide([ALLOW_EVERYTHING], action, EU_TRAIL, scps=_under(DENY_OUTSIDE_EU), context=OPS, on=eu) \
        is Decision.ALLOWED


def test_the_region_deny_scp_exempts_the_administrator_roles() -> None:
    # "ArnNotLike" with the role's ARN is false: the Deny's condition block (an AND) does not hold.
    assert decide([ALLOW_EVERYTHING], "cloudtrail:StopLogging", FIRST_TRAIL, scps=_under(DENY_OUTSIDE_EU),
                  context=BYPASS, on=_in_region("us-east-2")) is Decision.ALLOWED


@pytest.mark.parametrize(("action", "resource"), [("cloudtrail:GetTrailStatus", FIRST_TRAIL),
                                                  ("cloudtrail:DescribeTrails", ANY_RESOURCE),
                                                  ("cloudtrail:LookupEvents", ANY_RESOURCE)])
def test_the_region_deny_scp_leaves_open_the_requests_made_from_any_region(action: str, resource: str) -> None:
    # Not on the page's exemption list, and callable from any Region: denied from us-east-2, allowed
    # from eu-west-1; the Region a request comes from is not in the inputs.
    assert decide([ALLOW_EVERYTHING], action, resource, scps=_under(DENY_OUTSIDE_EU), context=OPS,
                  on=_in_region("us-east-2")) is Decision.CONDITIONAL


def test_the_region_deny_scp_never_denies_its_global_services() -> None:
    for action in ("iam:PutRolePolicy", "organizations:DescribeOrganization", "sts:AssumeRole"):
        assert decide([ALLOW_EVERYTHING], action, ANY_RESOURCE, scps=_under(DENY_OUTSIDE_EU), context=OPS) \
            is Decision.ALLOWED


# The IAM User Guide's identity-based version of the same guard, "AWS: Denies access to AWS based on
# the requested Region": "This policy uses the NotAction element with the Deny effect, which
# explicitly denies access to all of the actions not listed in the statement" (its list shortened).
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_deny-requested-region.html
DENY_OUTSIDE_REGIONS = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "DenyAllOutsideRequestedRegions",
            "Effect": "Deny",
            "NotAction": [
                "cloudfront:*",
                "iam:*",
                "organizations:*",
                "route53:*",
                "support:*"
            ],
            "Resource": "*",
            "Condition": {
                "StringNotEquals": {
                    "aws:RequestedRegion": [
                        "us-west-1",
                        "us-west-2"
                    ]
                }
            }
        }
    ]
}


def test_an_identity_policy_denying_other_regions_denies_the_trail_of_another_region() -> None:
    west = f"arn:aws:cloudtrail:us-west-2:{ACCOUNT}:trail/west"
    both = [ALLOW_EVERYTHING, DENY_OUTSIDE_REGIONS]
    assert decide(both, "cloudtrail:DeleteTrail", FIRST_TRAIL, on=_in_region("us-east-2")) is Decision.DENIED
    assert decide(both, "cloudtrail:DeleteTrail", west, on=_in_region("us-west-2")) is Decision.ALLOWED
    # "Important: This policy does not allow any actions": alone, it grants nothing.
    assert decide([DENY_OUTSIDE_REGIONS], "cloudtrail:DeleteTrail", west, on=_in_region("us-west-2")) \
        is Decision.DENIED


# --- IAM User Guide, "Conditions with multiple context keys or values" ----------------------------
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html:
# "If a single condition operator includes multiple values for a context key, those values are
# evaluated using a logical OR"; "multiple context keys attached to a single condition operator ...
# are evaluated using a logical AND"; "multiple condition operators ... a logical AND"; "a single
# negated matching condition operator [with] multiple values ... a logical NOR".
def _tagged(region: str, **tags: str) -> ResourceContext:
    return ResourceContext(tags=tuple(tags.items()), account=ACCOUNT, region=region)


def _allow_stop(condition: dict) -> dict:
    return {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "cloudtrail:StopLogging", "Resource": "*", "Condition": condition}]}


def test_values_of_one_key_are_ored() -> None:
    either = _allow_stop({"StringEquals": {"aws:RequestedRegion": ["us-east-2", "us-west-2"]}})
    for region in ("us-east-2", "us-west-2"):
        trail = f"arn:aws:cloudtrail:{region}:{ACCOUNT}:trail/t"
        assert decide([either], "cloudtrail:StopLogging", trail, on=_in_region(region)) is Decision.ALLOWED
    assert decide([either], "cloudtrail:StopLogging", EU_TRAIL, on=_in_region("eu-west-1")) is Decision.DENIED


def test_keys_of_one_operator_are_anded() -> None:
    both = _allow_stop({"StringEquals": {"aws:RequestedRegion": "us-east-2", "aws:ResourceTag/team": "ops"}})
    assert decide([both], "cloudtrail:StopLogging", FIRST_TRAIL, on=_tagged("us-east-2", team="ops")) \
        is Decision.ALLOWED
    assert decide([both], "cloudtrail:StopLogging", FIRST_TRAIL, on=_tagged("us-east-2", team="dev")) \
        is Decision.DENIED
    assert decide([both], "cloudtrail:StopLogging", EU_TRAIL, on=_tagged("eu-west-1", team="ops")) \
        is Decision.DENIED


def test_operators_are_anded() -> None:
    both = _allow_stop({"StringEquals": {"aws:ResourceTag/team": "ops"},
                        "StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}})
    assert decide([both], "cloudtrail:StopLogging", FIRST_TRAIL, on=_tagged("us-east-2", team="ops")) \
        is Decision.ALLOWED
    assert decide([both], "cloudtrail:StopLogging", EU_TRAIL, on=_tagged("eu-west-1", team="ops")) \
        is Decision.DENIED


def test_values_of_a_negated_operator_are_nored() -> None:
    # Deny unless the trail's team is ops or security: neither value may match for the Deny to hold.
    deny = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Deny", "Action": "cloudtrail:StopLogging", "Resource": "*",
        "Condition": {"StringNotEquals": {"aws:ResourceTag/team": ["ops", "security"]}}}]}
    guarded = [ALLOW_EVERYTHING, deny]
    for team in ("ops", "security"):
        assert decide(guarded, "cloudtrail:StopLogging", FIRST_TRAIL, on=_tagged("us-east-2", team=team)) \
            is Decision.ALLOWED
    assert decide(guarded, "cloudtrail:StopLogging", FIRST_TRAIL, on=_tagged("us-east-2", team="dev")) \
        is Decision.DENIED
    # "If the policy condition requires that the key is not matched, such as StringNotLike or
    # ArnNotLike, and the right key is not present, the condition is true"
    # (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html):
    # an untagged trail is denied.
    assert decide(guarded, "cloudtrail:StopLogging", FIRST_TRAIL, on=_tagged("us-east-2")) is Decision.DENIED


# --- IAM User Guide, "Condition operators": ...IfExists and Null ----------------------------------
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html:
# "If the policy key is present in the context of the request, process the key as specified in the
# policy. If the key is not present, evaluate the condition element as true"; "Use a Null condition
# operator to check if a condition key is absent at the time of authorization". aws:ResourceTag is
# a condition key of the trail resource type (Service Authorization Reference, list_awscloudtrail.html).
def test_if_exists_lets_an_untagged_trail_through() -> None:
    if_exists = _allow_stop({"StringEqualsIfExists": {"aws:ResourceTag/team": "ops"}})
    plain = _allow_stop({"StringEquals": {"aws:ResourceTag/team": "ops"}})
    untagged = _tagged("us-east-2")
    assert decide([if_exists], "cloudtrail:StopLogging", FIRST_TRAIL, on=untagged) is Decision.ALLOWED
    assert decide([plain], "cloudtrail:StopLogging", FIRST_TRAIL, on=untagged) is Decision.DENIED
    assert decide([if_exists], "cloudtrail:StopLogging", FIRST_TRAIL, on=_tagged("us-east-2", team="dev")) \
        is Decision.DENIED
    assert decide([if_exists], "cloudtrail:StopLogging", FIRST_TRAIL, on=_tagged("us-east-2", team="ops")) \
        is Decision.ALLOWED


def test_a_null_condition_on_a_resource_tag_protects_the_tagged_trails() -> None:
    # Deny deleting any trail that carries a "protected" tag ("false": the key is present).
    deny = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Deny", "Action": "cloudtrail:DeleteTrail", "Resource": "*",
        "Condition": {"Null": {"aws:ResourceTag/protected": "false"}}}]}
    guarded = [ALLOW_EVERYTHING, deny]
    assert decide(guarded, "cloudtrail:DeleteTrail", FIRST_TRAIL, on=_tagged("us-east-2", protected="yes")) \
        is Decision.DENIED
    assert decide(guarded, "cloudtrail:DeleteTrail", FIRST_TRAIL, on=_tagged("us-east-2")) is Decision.ALLOWED
    # a trail whose tags the inputs do not hold: the Deny may or may not hold
    assert decide(guarded, "cloudtrail:DeleteTrail", FIRST_TRAIL) is Decision.CONDITIONAL


def test_request_tags_of_create_trail_and_add_tags_are_not_known_offline() -> None:
    # aws:RequestTag/${TagKey} is a condition key of CreateTrail and AddTags (Service Authorization
    # Reference): the tags a request will carry are in no input.
    require_owner = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["cloudtrail:CreateTrail", "cloudtrail:AddTags"], "Resource": "*",
         "Condition": {"Null": {"aws:RequestTag/owner": "false"}}}]}
    for action in ("cloudtrail:CreateTrail", "cloudtrail:AddTags"):
        assert decide([require_owner], action, FIRST_TRAIL, on=_tagged("us-east-2")) is Decision.CONDITIONAL


# --- IAM User Guide, "IAM policy elements: Variables and tags" ------------------------------------
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html: "To add a
# default value to a variable, surround the default value with single quotes (' '), and separate the
# variable text and the default value with a comma and space (, )"; the page's example,
# ${aws:PrincipalTag/team, 'company-wide'}, stands here in a trail ARN.
ALLOW_TEAM_TRAIL = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Action": "cloudtrail:StopLogging",
    "Resource": "arn:aws:cloudtrail:us-east-2:123456789012:trail/${aws:PrincipalTag/team, 'company-wide'}"}]}


def _trail(name: str) -> str:
    return f"arn:aws:cloudtrail:us-east-2:{ACCOUNT}:trail/{name}"


def test_a_policy_variable_takes_its_default_when_the_key_is_absent() -> None:
    ops = RequestContext((("aws:principaltag/team", "ops"),), ("aws:principaltag/",))
    untagged = RequestContext((), ("aws:principaltag/",))
    assert decide([ALLOW_TEAM_TRAIL], "cloudtrail:StopLogging", _trail("ops"), context=ops) is Decision.ALLOWED
    assert decide([ALLOW_TEAM_TRAIL], "cloudtrail:StopLogging", _trail("company-wide"), context=ops) \
        is Decision.DENIED
    assert decide([ALLOW_TEAM_TRAIL], "cloudtrail:StopLogging", _trail("company-wide"), context=untagged) \
        is Decision.ALLOWED
    assert decide([ALLOW_TEAM_TRAIL], "cloudtrail:StopLogging", _trail("ops"), context=untagged) is Decision.DENIED


def test_a_policy_variable_without_a_value_matches_no_trail() -> None:
    # "Policy variables with no value": aws:username is not in a role's requests, and a Resource
    # element whose variable has no value (and no default) matches nothing.
    by_user = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "cloudtrail:StopLogging",
        "Resource": "arn:aws:cloudtrail:us-east-2:123456789012:trail/${aws:username}"}]}
    role = RequestContext((("aws:username", None),))
    alice = RequestContext((("aws:username", "alice"),))
    assert decide([by_user], "cloudtrail:StopLogging", _trail("alice"), context=alice) is Decision.ALLOWED
    assert decide([by_user], "cloudtrail:StopLogging", _trail("alice"), context=role) is Decision.DENIED


# --- AWS Organizations, "SCP evaluation" ----------------------------------------------------------
# https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html:
# "For a permission to be allowed for a specific account, there must be an explicit Allow statement at
# every level from the root through each OU in the direct path to the account (including the target
# account itself)"; an allow list at one OU restricts the accounts below it.
READ_ONLY_SCP = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["cloudtrail:Describe*", "cloudtrail:Get*", "cloudtrail:List*",
                                   "cloudtrail:LookupEvents"], "Resource": "*"}]}


def test_an_allow_list_at_one_level_limits_the_account_below_it() -> None:
    levels = (ScpLevel((FULL_AWS_ACCESS,)), ScpLevel((policy(READ_ONLY_SCP, "ou"),)), ScpLevel((FULL_AWS_ACCESS,)))
    assert decide([ALLOW_EVERYTHING], "cloudtrail:StopLogging", FIRST_TRAIL, scps=levels) is Decision.DENIED
    assert decide([ALLOW_EVERYTHING], "cloudtrail:GetTrailStatus", FIRST_TRAIL, scps=levels) is Decision.ALLOWED
    assert decide([ALLOW_EVERYTHING], "cloudtrail:DescribeTrails", ANY_RESOURCE, scps=levels) is Decision.ALLOWED
    # the account's own level without an Allow: nothing is allowed at all
    bare = (ScpLevel((FULL_AWS_ACCESS,)), ScpLevel(()))
    assert decide([ALLOW_EVERYTHING], "cloudtrail:GetTrailStatus", FIRST_TRAIL, scps=bare) is Decision.DENIED


# "SCPs don't affect users or roles in the management account. They affect only the member accounts
# in your organization." (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html)
def test_an_scp_does_not_restrict_the_management_account() -> None:
    management = "111111111111"
    trail = f"arn:aws:cloudtrail:us-east-2:{management}:trail/org-trail"
    admin = Principal(f"arn:aws:iam::{management}:role/Admin", PrincipalKind.ROLE, "Admin", management,
                      inline_policies=(policy(ALLOW_EVERYTHING),), tags=())
    inventory = Inventory(trails=(Trail(name="org-trail", arn=trail),), principals=(admin,), account=management,
                          organization=(OrgNode(management, OrgNodeKind.MANAGEMENT),
                                        OrgNode(ACCOUNT, OrgNodeKind.ACCOUNT, "r-root")),
                          scps=(ServiceControlPolicy(policy(DENY_STOP_AND_DELETE, "guard"), ("r-root",)),
                                ServiceControlPolicy(FULL_AWS_ACCESS, ("r-root",))))
    access = analyse(inventory)
    assert access.decision(admin.id, trail, "cloudtrail:StopLogging") is Decision.ALLOWED
    assert access.decision(admin.id, trail, "cloudtrail:DeleteTrail") is Decision.ALLOWED


# --- IAM User Guide, "Permissions boundaries for IAM entities" -----------------------------------
# https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html: "An entity's
# permissions boundary allows it to perform only the actions that are allowed by both its
# identity-based policies and its permissions boundaries"; "an explicit deny in either of these
# policies overrides the allow".
def test_a_boundary_grants_nothing_the_identity_policy_does_not() -> None:
    boundary = policy({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "cloudtrail:*", "Resource": "*"}]})
    assert decide([ALLOW_FIRST_TRAIL], "cloudtrail:DeleteTrail", FIRST_TRAIL, boundary=boundary) is Decision.DENIED
    assert decide([ALLOW_FIRST_TRAIL], "cloudtrail:StopLogging", FIRST_TRAIL, boundary=boundary) \
        is Decision.ALLOWED
    assert decide([ALLOW_FIRST_TRAIL], "cloudtrail:StopLogging", OTHER_TRAIL, boundary=boundary) is Decision.DENIED
    deny_in_boundary = policy({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "Deny", "Action": "cloudtrail:StopLogging", "Resource": FIRST_TRAIL}]})
    assert decide([ALLOW_FIRST_TRAIL], "cloudtrail:StopLogging", FIRST_TRAIL, boundary=deny_in_boundary) \
        is Decision.DENIED
    assert decide([ALLOW_FIRST_TRAIL], "cloudtrail:StartLogging", FIRST_TRAIL, boundary=deny_in_boundary) \
        is Decision.ALLOWED


# --- AWS Organizations, "General examples": prevent member accounts from leaving ----------------
# https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html
# (an account that leaves takes itself out of the organization trail and every SCP guarding its trails)
DENY_LEAVE = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Deny",
            "Action": [
                "organizations:LeaveOrganization"
            ],
            "Resource": "*"
        }
    ]
}


def test_the_scp_keeping_accounts_in_the_organization() -> None:
    assert decide([ALLOW_EVERYTHING], "organizations:LeaveOrganization", ANY_RESOURCE, scps=_under(DENY_LEAVE)) \
        is Decision.DENIED
    assert decide([ALLOW_EVERYTHING], "cloudtrail:StopLogging", FIRST_TRAIL, scps=_under(DENY_LEAVE)) \
        is Decision.ALLOWED


# --- IAM User Guide, "Cross-account policy evaluation logic" --------------------------------------
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html:
# a request from another account needs the identity-based policy of its principal and "the
# resource-based policy" of the resource in the trusting account; CloudTrail trails support no
# resource-based policy ("Resource-based policies within CloudTrail": channels, event data stores and
# dashboards only, security_iam_service-with-iam.html), so nothing can let in a principal of another account.
def test_a_principal_of_another_account_cannot_act_on_the_trail() -> None:
    other = "210987654321"
    outsider = Principal(f"arn:aws:iam::{other}:role/Admin", PrincipalKind.ROLE, "Admin", other,
                         inline_policies=(policy(ALLOW_EVERYTHING),), tags=())
    insider = _administrator(PrincipalKind.ROLE, "Admin")
    access = analyse(Inventory(trails=(Trail(name="My-First-Trail", arn=FIRST_TRAIL),),
                               principals=(outsider, insider), account=ACCOUNT))
    assert access.decision(insider.id, FIRST_TRAIL, "cloudtrail:StopLogging") is Decision.ALLOWED
    assert access.decision(outsider.id, FIRST_TRAIL, "cloudtrail:StopLogging") is Decision.DENIED


# --- IAM User Guide, "AWS global condition context keys": aws:PrincipalTag ------------------------
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principaltag:
# "Use this key to compare the tag attached to the principal making the request with the tag that you
# specify in the policy"; an SCP guard that exempts the principals tagged as trail administrators.
EXEMPT_TAGGED = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Deny",
            "Action": ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail"],
            "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:PrincipalTag/role": "trail-admin"}}
        }
    ]
}


def test_an_scp_exempting_a_principal_tag_follows_the_principals_tags() -> None:
    def user(name: str, *tags: tuple[str, str]) -> Principal:
        return Principal(f"arn:aws:iam::{ACCOUNT}:user/{name}", PrincipalKind.USER, name, ACCOUNT,
                         inline_policies=(policy(ALLOW_EVERYTHING),), tags=tags)
    tagged, other, untagged = user("carol", ("role", "trail-admin")), user("dave", ("role", "developer")), user("erin")
    # a session tag passed with the same key as a role tag overrides the role tag's value
    # (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html): a role's requests' tags are not known
    role = Principal(f"arn:aws:iam::{ACCOUNT}:role/TrailAdmin", PrincipalKind.ROLE, "TrailAdmin", ACCOUNT,
                     inline_policies=(policy(ALLOW_EVERYTHING),), tags=(("role", "trail-admin"),))
    access = analyse(_member_account(EXEMPT_TAGGED, tagged, other, untagged, role))
    assert access.decision(tagged.id, FIRST_TRAIL, "cloudtrail:StopLogging") is Decision.ALLOWED
    assert access.decision(other.id, FIRST_TRAIL, "cloudtrail:StopLogging") is Decision.DENIED
    # the key is absent from the untagged user's requests: a negated operator matches, the Deny holds
    assert access.decision(untagged.id, FIRST_TRAIL, "cloudtrail:StopLogging") is Decision.DENIED
    assert access.decision(other.id, FIRST_TRAIL, "cloudtrail:StartLogging") is Decision.ALLOWED
    assert access.decision(role.id, FIRST_TRAIL, "cloudtrail:StopLogging") is Decision.CONDITIONAL


# --- AWS Control Tower, "Deny access to AWS based on the requested AWS Region" ---------------------
# https://docs.aws.amazon.com/controltower/latest/userguide/primary-region-deny-policy.html: the
# landing zone's Region deny SCP (GRREGIONDENY). Its NotAction list exempts one CloudTrail action,
# "cloudtrail:LookupEvents", and none other; its list and its exempted roles are shortened here to a
# few entries, and its {{ALLOWED_REGIONS}} placeholder stands for eu-west-1.
GRREGIONDENY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "GRREGIONDENY",
            "Effect": "Deny",
            "NotAction": [
                "a4b:*",
                "budgets:*",
                "cloudfront:*",
                "cloudtrail:LookupEvents",
                "config:*",
                "iam:*",
                "kms:*",
                "organizations:*",
                "sts:*"
            ],
            "Resource": "*",
            "Condition": {
                "StringNotEquals": {
                    "aws:RequestedRegion": [
                        "eu-west-1"
                    ]
                },
                "ArnNotLike": {
                    "aws:PrincipalARN": [
                        "arn:*:iam::*:role/AWSControlTowerExecution"
                    ]
                }
            }
        }
    ]
}


def test_the_control_tower_region_deny_exempts_lookup_events_only() -> None:
    ct = RequestContext((("aws:principalarn", f"arn:aws:iam::{ACCOUNT}:role/AWSControlTowerExecution"),))
    us = _in_region("us-east-2")
    scps = _under(GRREGIONDENY)
    assert decide([ALLOW_EVERYTHING], "cloudtrail:LookupEvents", ANY_RESOURCE, scps=scps, context=OPS) \
        is Decision.ALLOWED
    assert decide([ALLOW_EVERYTHING], "cloudtrail:DescribeTrails", ANY_RESOURCE, scps=scps, context=OPS) \
        is Decision.CONDITIONAL
    assert decide([ALLOW_EVERYTHING], "cloudtrail:StopLogging", FIRST_TRAIL, scps=scps, context=OPS, on=us) \
        is Decision.DENIED
    assert decide([ALLOW_EVERYTHING], "cloudtrail:StopLogging", FIRST_TRAIL, scps=scps, context=ct, on=us) \
        is Decision.ALLOWED
    assert decide([ALLOW_EVERYTHING], "cloudtrail:StopLogging", EU_TRAIL, scps=scps, context=OPS,
                  on=_in_region("eu-west-1")) is Decision.ALLOWED


def test_the_access_analysis_reads_the_region_deny_scp_by_each_trails_region() -> None:
    admin, ops = _administrator(PrincipalKind.ROLE, "Role1AllowedToBypassThisSCP"), _administrator(PrincipalKind.ROLE, "Ops")
    access = analyse(_member_account(DENY_OUTSIDE_EU, admin, ops))
    assert access.decision(ops.id, FIRST_TRAIL, "cloudtrail:StopLogging") is Decision.DENIED
    assert access.decision(ops.id, FIRST_TRAIL, "cloudtrail:DeleteTrail") is Decision.DENIED
    assert access.decision(ops.id, FIRST_TRAIL, "cloudtrail:GetTrailStatus") is Decision.CONDITIONAL
    assert access.decision(admin.id, FIRST_TRAIL, "cloudtrail:StopLogging") is Decision.ALLOWED


# --- IAM User Guide, "IAM policy elements: Variables and tags": variables in a Condition ----------
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html: "You can use
# policy variables in the Resource element and in string comparisons in the Condition element";
# a trail its owner tag gives to one user.
ALLOW_OWN_TRAILS = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Action": ["cloudtrail:StopLogging", "cloudtrail:StartLogging"], "Resource": "*",
    "Condition": {"StringEquals": {"aws:ResourceTag/owner": "${aws:username}"}}}]}


def test_a_policy_variable_in_a_condition_compares_the_principals_own_value() -> None:
    alice = RequestContext((("aws:username", "alice"),))
    assert decide([ALLOW_OWN_TRAILS], "cloudtrail:StopLogging", FIRST_TRAIL, context=alice,
                  on=_tagged("us-east-2", owner="alice")) is Decision.ALLOWED
    assert decide([ALLOW_OWN_TRAILS], "cloudtrail:StopLogging", FIRST_TRAIL, context=alice,
                  on=_tagged("us-east-2", owner="bob")) is Decision.DENIED
    # a role's requests carry no aws:username: the variable has no value and the condition does not hold
    role = RequestContext((("aws:username", None),))
    assert decide([ALLOW_OWN_TRAILS], "cloudtrail:StopLogging", FIRST_TRAIL, context=role,
                  on=_tagged("us-east-2", owner="alice")) is Decision.DENIED


# --- IAM User Guide, "IAM JSON policy elements: Condition" and "Condition operators" ---------------
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html:
# "Condition key names are not case-sensitive"; StringEquals is an "Exact matching, case sensitive"
# comparison of the values (reference_policies_elements_condition_operators.html).
def test_key_names_ignore_case_and_string_equals_values_do_not() -> None:
    lower = _allow_stop({"StringEquals": {"aws:requestedregion": "us-east-2"}})
    assert decide([lower], "cloudtrail:StopLogging", FIRST_TRAIL, on=_in_region("us-east-2")) is Decision.ALLOWED
    capital = _allow_stop({"StringEquals": {"aws:ResourceTag/team": "Ops"}})
    assert decide([capital], "cloudtrail:StopLogging", FIRST_TRAIL, on=_tagged("us-east-2", team="ops")) \
        is Decision.DENIED
    ignore_case = _allow_stop({"StringEqualsIgnoreCase": {"aws:ResourceTag/team": "Ops"}})
    assert decide([ignore_case], "cloudtrail:StopLogging", FIRST_TRAIL, on=_tagged("us-east-2", team="ops")) \
        is Decision.ALLOWED


# --- IAM User Guide, "IAM JSON policy elements: NotResource" ----------------------------------------
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html: with
# Allow, NotResource "allows access to all resources that are not listed"; an action that supports no
# resource-level permission is requested on "*", which is no listed trail.
def test_an_allow_with_not_resource_leaves_out_only_the_listed_trail() -> None:
    all_but_first = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "cloudtrail:*", "NotResource": FIRST_TRAIL}]}
    assert decide([all_but_first], "cloudtrail:StopLogging", OTHER_TRAIL) is Decision.ALLOWED
    assert decide([all_but_first], "cloudtrail:StopLogging", FIRST_TRAIL) is Decision.DENIED
    assert decide([all_but_first], "cloudtrail:DescribeTrails", ANY_RESOURCE) is Decision.ALLOWED


# --- IAM User Guide, "AWS global condition context keys": request-time keys --------------------------
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html: the
# page's "Deny ... unless MFA" pattern (BoolIfExists aws:MultiFactorAuthPresent false) and a time
# window (aws:CurrentTime) depend on each request: a Deny on them protects only some requests.
def test_denials_on_request_time_keys_are_conditional() -> None:
    deny_without_mfa = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Deny", "Action": "cloudtrail:StopLogging", "Resource": "*",
        "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}]}
    allow_until = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "cloudtrail:StopLogging", "Resource": "*",
        "Condition": {"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}}]}
    assert decide([ALLOW_EVERYTHING, deny_without_mfa], "cloudtrail:StopLogging", FIRST_TRAIL) \
        is Decision.CONDITIONAL
    assert decide([allow_until], "cloudtrail:StopLogging", FIRST_TRAIL) is Decision.CONDITIONAL


# --- AWS Organizations, "SCP evaluation": inheritance down the OU tree ---------------------------
# https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html:
# an SCP attached to an OU applies to the accounts in that OU and the OUs below it; an account
# elsewhere in the tree is not under it.
@pytest.mark.parametrize(("parent", "expected"), [("ou-ab12-security", Decision.DENIED),
                                                  ("ou-ab12-deeper", Decision.DENIED),
                                                  ("ou-ab12-sandbox", Decision.ALLOWED)])
def test_an_scp_on_an_ou_reaches_the_accounts_below_it_only(parent: str, expected: Decision) -> None:
    admin = _administrator(PrincipalKind.ROLE, "Admin")
    organization = (OrgNode("111111111111", OrgNodeKind.MANAGEMENT), OrgNode("r-root", OrgNodeKind.ROOT),
                    OrgNode("ou-ab12-security", OrgNodeKind.UNIT, "r-root"),
                    OrgNode("ou-ab12-deeper", OrgNodeKind.UNIT, "ou-ab12-security"),
                    OrgNode("ou-ab12-sandbox", OrgNodeKind.UNIT, "r-root"),
                    OrgNode(ACCOUNT, OrgNodeKind.ACCOUNT, parent))
    full = ServiceControlPolicy(FULL_AWS_ACCESS, ("r-root", "ou-ab12-security", "ou-ab12-deeper", "ou-ab12-sandbox",
                                                  ACCOUNT))
    inventory = Inventory(trails=(Trail(name="My-First-Trail", arn=FIRST_TRAIL),), principals=(admin,),
                          account=ACCOUNT, organization=organization,
                          scps=(ServiceControlPolicy(policy(DENY_STOP_AND_DELETE, "guard"), ("ou-ab12-security",)), full))
    access = analyse(inventory)
    assert access.decision(admin.id, FIRST_TRAIL, "cloudtrail:StopLogging") is expected
    assert access.decision(admin.id, FIRST_TRAIL, "cloudtrail:StartLogging") is Decision.ALLOWED


# --- IAM User Guide, "AWS global condition context keys": aws:PrincipalAccount -------------------
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalaccount:
# "the account to which the requesting principal belongs"; an SCP that keeps trail changes to the
# principals of a security account denies them to everyone in any other member account.
DENY_BUT_SECURITY_ACCOUNT = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Deny", "Action": ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail"],
    "Resource": "*", "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "999999999999"}}}]}


def test_an_scp_keyed_on_the_principals_account_denies_the_member_account() -> None:
    admin = _administrator(PrincipalKind.ROLE, "Admin")
    access = analyse(_member_account(DENY_BUT_SECURITY_ACCOUNT, admin))
    assert access.decision(admin.id, FIRST_TRAIL, "cloudtrail:StopLogging") is Decision.DENIED
    assert access.decision(admin.id, FIRST_TRAIL, "cloudtrail:GetTrailStatus") is Decision.ALLOWED
    security = RequestContext((("aws:principalaccount", "999999999999"),))
    assert decide([ALLOW_EVERYTHING], "cloudtrail:StopLogging", FIRST_TRAIL, scps=_under(DENY_BUT_SECURITY_ACCOUNT),
                  context=security) is Decision.ALLOWED


# --- IAM User Guide, "IAM JSON policy elements: NotAction" -------------------------------------------
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html: "Deny
# with NotAction ... explicitly denies access to all of the actions not listed"; a read-only guard
# for CloudTrail denies every CloudTrail action but its Get, Describe, List and LookupEvents actions
# (and, as written, every action of every other service).
READ_ONLY_GUARD = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Deny",
    "NotAction": ["cloudtrail:Get*", "cloudtrail:Describe*", "cloudtrail:List*", "cloudtrail:LookupEvents"],
    "Resource": "*"}]}


@pytest.mark.parametrize(("action", "resource", "expected"), [
    ("cloudtrail:GetTrailStatus", FIRST_TRAIL, Decision.ALLOWED),
    ("cloudtrail:DescribeTrails", ANY_RESOURCE, Decision.ALLOWED),
    ("cloudtrail:LookupEvents", ANY_RESOURCE, Decision.ALLOWED),
    ("cloudtrail:StopLogging", FIRST_TRAIL, Decision.DENIED),
    ("cloudtrail:PutEventSelectors", FIRST_TRAIL, Decision.DENIED),
    ("cloudtrail:AddTags", FIRST_TRAIL, Decision.DENIED),
    ("s3:DeleteBucket", "arn:aws:s3:::my-trail-logs-123456789012", Decision.DENIED),
])
def test_a_deny_with_not_action_denies_everything_it_does_not_list(action: str, resource: str,
                                                                   expected: Decision) -> None:
    assert decide([ALLOW_EVERYTHING, READ_ONLY_GUARD], action, resource) is expected


# --- Service Authorization Reference: the trail ARN, arn:${Partition}:cloudtrail:${Region}:${Account}:trail/${TrailName}
# https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudtrail.html; wildcards
# may stand for any part of it ("You can use wildcard characters (* and ?) within any ARN segment",
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
def test_wildcards_in_the_trail_arn() -> None:
    def allow(resource: str) -> dict:
        return {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "cloudtrail:StopLogging", "Resource": resource}]}
    west = f"arn:aws:cloudtrail:us-west-2:{ACCOUNT}:trail/My-First-Trail"
    for resource in (f"arn:aws:cloudtrail:*:{ACCOUNT}:trail/My-*", "arn:aws:cloudtrail:us-*:*:trail/My-First-Trail",
                     f"arn:aws:cloudtrail:*:{ACCOUNT}:trail/My-?????-Trail"):
        assert decide([allow(resource)], "cloudtrail:StopLogging", FIRST_TRAIL) is Decision.ALLOWED, resource
        assert decide([allow(resource)], "cloudtrail:StopLogging", west) is Decision.ALLOWED, resource
    assert decide([allow(f"arn:aws:cloudtrail:*:{ACCOUNT}:trail/Other-*")], "cloudtrail:StopLogging", FIRST_TRAIL) \
        is Decision.DENIED
    assert decide([allow("arn:aws:cloudtrail:*:210987654321:trail/*")], "cloudtrail:StopLogging", FIRST_TRAIL) \
        is Decision.DENIED


# The same page: "Inverted condition operators like StringNotEquals or StringNotLike do match against
# a null value": a Deny of every trail not tagged with the caller's user name holds for a role, whose
# requests carry no aws:username, on every trail, in the access analysis too.
DENY_NOT_OWNER = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Deny", "Action": "cloudtrail:StopLogging", "Resource": "*",
    "Condition": {"StringNotEquals": {"aws:ResourceTag/owner": "${aws:username}"}}}]}


def test_a_negated_condition_on_a_variable_without_value_holds() -> None:
    role = RequestContext((("aws:username", None),))
    alice = RequestContext((("aws:username", "alice"),))
    owned = _tagged("us-east-2", owner="alice")
    assert decide([ALLOW_EVERYTHING, DENY_NOT_OWNER], "cloudtrail:StopLogging", FIRST_TRAIL, context=role, on=owned) \
        is Decision.DENIED
    assert decide([ALLOW_EVERYTHING, DENY_NOT_OWNER], "cloudtrail:StopLogging", FIRST_TRAIL, context=alice, on=owned) \
        is Decision.ALLOWED
    admin = Principal(f"arn:aws:iam::{ACCOUNT}:role/Admin", PrincipalKind.ROLE, "Admin", ACCOUNT,
                      inline_policies=(policy(ALLOW_EVERYTHING), policy(DENY_NOT_OWNER, "guard")), tags=())
    user = Principal(f"arn:aws:iam::{ACCOUNT}:user/alice", PrincipalKind.USER, "alice", ACCOUNT,
                     inline_policies=(policy(ALLOW_EVERYTHING), policy(DENY_NOT_OWNER, "guard")), tags=())
    # a Terraform plan holds every tag of the trail (iam.access.trail_tags)
    trail = Trail(name="My-First-Trail", arn=FIRST_TRAIL, tags=(Tag("owner", "alice"),),
                  origin=Origin("plan.json", (), kind=InputKind.TERRAFORM_PLAN))
    access = analyse(Inventory(trails=(trail,), principals=(admin, user), account=ACCOUNT))
    assert access.decision(admin.id, FIRST_TRAIL, "cloudtrail:StopLogging") is Decision.DENIED
    assert access.decision(user.id, FIRST_TRAIL, "cloudtrail:StopLogging") is Decision.ALLOWED


# "SCPs don't affect any service-linked role. Service-linked roles enable other AWS services to
# integrate with AWS Organizations and can't be restricted by SCPs."
# (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html)
def test_an_scp_does_not_restrict_a_service_linked_role() -> None:
    linked = Principal(f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/cloudtrail.amazonaws.com/AWSServiceRoleForCloudTrail",
                       PrincipalKind.ROLE, "AWSServiceRoleForCloudTrail", ACCOUNT,
                       inline_policies=(policy(ALLOW_EVERYTHING),), tags=())
    admin = _administrator(PrincipalKind.ROLE, "Admin")
    access = analyse(_member_account(DENY_STOP_AND_DELETE, linked, admin))
    assert access.decision(linked.id, FIRST_TRAIL, "cloudtrail:StopLogging") is Decision.ALLOWED
    assert access.decision(admin.id, FIRST_TRAIL, "cloudtrail:StopLogging") is Decision.DENIED


# --- CloudTrail User Guide, "Creating a trail for an organization" -------------------------------
# https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html: users of
# member accounts "can see organization trails ... when they run AWS CLI commands such as
# describe-trails", but "do not have sufficient permissions to delete organization trails, turn logging
# on or off, change what types of events are logged, or otherwise alter an organization trail in any
# way", whatever their own policies allow.
@pytest.mark.parametrize("action", ["cloudtrail:StopLogging", "cloudtrail:StartLogging", "cloudtrail:DeleteTrail",
                                    "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors"])
def test_a_member_account_cannot_alter_the_organization_trail(action: str) -> None:
    org_trail = "arn:aws:cloudtrail:us-east-2:111111111111:trail/org-trail"
    admin = _administrator(PrincipalKind.ROLE, "Admin")
    access = analyse(Inventory(trails=(Trail(name="org-trail", arn=org_trail, organization=True),
                                       Trail(name="My-First-Trail", arn=FIRST_TRAIL)),
                               principals=(admin,), account=ACCOUNT))
    assert access.decision(admin.id, org_trail, action) is Decision.DENIED
    assert access.decision(admin.id, FIRST_TRAIL, action) is Decision.ALLOWED
    assert access.decision(admin.id, ACCOUNT_WIDE, "cloudtrail:DescribeTrails") is Decision.ALLOWED


# --- CloudTrail User Guide, "AWS managed policies for AWS CloudTrail" ---------------------------------
# https://docs.aws.amazon.com/awscloudtrail/latest/userguide/security-iam-awsmanpol.html and the policies'
# own pages (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSCloudTrail_ReadOnlyAccess.html,
# .../AWSCloudTrail_FullAccess.html): the read-only policy, verbatim, allows cloudtrail:Get*, Describe*,
# List* and LookupEvents on "*"; the full-access policy's CloudTrail statement allows cloudtrail:* on "*".
READ_ONLY_ACCESS = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [
    "cloudtrail:Get*", "cloudtrail:Describe*", "cloudtrail:List*", "cloudtrail:LookupEvents"], "Resource": "*"}]}
FULL_ACCESS_CLOUDTRAIL = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "cloudtrail:*", "Resource": "*"}]}
VIEW = ("cloudtrail:GetTrail", "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors")
CHANGE = ("cloudtrail:StartLogging", "cloudtrail:StopLogging", "cloudtrail:UpdateTrail", "cloudtrail:DeleteTrail",
          "cloudtrail:PutEventSelectors", "cloudtrail:PutInsightSelectors")


def _attached(name: str, *managed: str) -> tuple[Principal, Inventory]:
    role = Principal(f"arn:aws:iam::{ACCOUNT}:role/{name}", PrincipalKind.ROLE, name, ACCOUNT,
                     managed_policies=tuple(PolicyRef(f"arn:aws:iam::aws:policy/{m}") for m in managed))
    trails = (Trail(name="My-First-Trail", arn=FIRST_TRAIL), Trail(name="Other-Trail", arn=OTHER_TRAIL))
    return role, with_shipped(Inventory(trails=trails, principals=(role,), account=ACCOUNT))


@pytest.mark.parametrize("trail", [FIRST_TRAIL, OTHER_TRAIL])
def test_the_read_only_managed_policy_views_every_trail_and_changes_none(trail: str) -> None:
    reader, inventory = _attached("auditor", "AWSCloudTrail_ReadOnlyAccess")
    access = analyse(inventory)
    for action in VIEW:
        assert access.decision(reader.id, trail, action) is Decision.ALLOWED
    for action in CHANGE:
        assert access.decision(reader.id, trail, action) is Decision.DENIED
    for action in ("cloudtrail:DescribeTrails", "cloudtrail:ListTrails", "cloudtrail:LookupEvents"):
        assert access.decision(reader.id, ACCOUNT_WIDE, action) is Decision.ALLOWED
    # the verbatim document: Get* and List* take the trail's Insights selectors and tags, not adding tags
    for action in ("cloudtrail:GetInsightSelectors", "cloudtrail:ListTags"):
        assert decide([READ_ONLY_ACCESS], action, trail) is Decision.ALLOWED
    for action in ("cloudtrail:AddTags", "cloudtrail:RemoveTags", "cloudtrail:CreateTrail"):
        assert decide([READ_ONLY_ACCESS], action, trail) is Decision.DENIED


@pytest.mark.parametrize("trail", [FIRST_TRAIL, OTHER_TRAIL])
def test_the_full_access_managed_policy_changes_every_trail(trail: str) -> None:
    admin, inventory = _attached("trail-admin", "AWSCloudTrail_FullAccess")
    access = analyse(inventory)
    for action in (*VIEW, *CHANGE):
        assert access.decision(admin.id, trail, action) is Decision.ALLOWED
    for action in ("cloudtrail:AddTags", "cloudtrail:RemoveTags", "cloudtrail:CreateTrail"):
        assert decide([FULL_ACCESS_CLOUDTRAIL], action, trail) is Decision.ALLOWED


# --- CloudTrail User Guide, "Troubleshooting AWS CloudTrail identity and access" -----------------------
# https://docs.aws.amazon.com/awscloudtrail/latest/userguide/security_iam_troubleshoot.html: mateojackson,
# without "the appropriate CloudTrail managed policy (AWSCloudTrail_FullAccess or
# AWSCloudTrail_ReadOnlyAccess) or the equivalent permissions", "is not authorized to perform:
# cloudtrail:GetTrailStatus on resource: My-Trail"; either policy lets him view it.
def test_without_a_cloudtrail_policy_a_user_cannot_view_a_trails_status() -> None:
    my_trail = f"arn:aws:cloudtrail:us-east-2:{ACCOUNT}:trail/My-Trail"
    for managed, decision in (((), Decision.DENIED), (("AWSCloudTrail_ReadOnlyAccess",), Decision.ALLOWED),
                              (("AWSCloudTrail_FullAccess",), Decision.ALLOWED)):
        user = Principal(f"arn:aws:iam::{ACCOUNT}:user/mateojackson", PrincipalKind.USER, "mateojackson", ACCOUNT,
                         managed_policies=tuple(PolicyRef(f"arn:aws:iam::aws:policy/{m}") for m in managed))
        access = analyse(with_shipped(Inventory(trails=(Trail(name="My-Trail", arn=my_trail),), principals=(user,),
                                                account=ACCOUNT)))
        assert access.decision(user.id, my_trail, "cloudtrail:GetTrailStatus") is decision


# --- Service Authorization Reference: tagging actions and aws:RequestTag on CreateTrail -----------------
# https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudtrail.html: AddTags,
# RemoveTags and ListTags take the trail resource type; CreateTrail takes trail* with the condition keys
# aws:RequestTag/${TagKey} and aws:TagKeys, whose values are those of a request not yet made.
TAG_ONE_TRAIL = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["cloudtrail:AddTags", "cloudtrail:RemoveTags", "cloudtrail:ListTags"],
     "Resource": FIRST_TRAIL},
    {"Effect": "Allow", "Action": "cloudtrail:CreateTrail", "Resource": f"arn:aws:cloudtrail:*:{ACCOUNT}:trail/*",
     "Condition": {"StringEquals": {"aws:RequestTag/team": "security"}}}]}


@pytest.mark.parametrize("action", ["cloudtrail:AddTags", "cloudtrail:RemoveTags", "cloudtrail:ListTags"])
def test_tagging_actions_take_the_trail_arn(action: str) -> None:
    assert decide([TAG_ONE_TRAIL], action, FIRST_TRAIL) is Decision.ALLOWED
    assert decide([TAG_ONE_TRAIL], action, OTHER_TRAIL) is Decision.DENIED


def test_create_trail_on_a_request_tag_depends_on_the_request() -> None:
    new_trail = f"arn:aws:cloudtrail:us-east-2:{ACCOUNT}:trail/New-Trail"
    assert decide([TAG_ONE_TRAIL], "cloudtrail:CreateTrail", new_trail) is Decision.CONDITIONAL
    other_account = "arn:aws:cloudtrail:us-east-2:111122223333:trail/New-Trail"
    assert decide([TAG_ONE_TRAIL], "cloudtrail:CreateTrail", other_account) is Decision.DENIED
