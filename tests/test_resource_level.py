"""TL403 on wildcards: a pattern is reported only when it grants nothing on the resources named.

`cloudtrail:Describe*` on a trail ARN matches DescribeTrails (authorised against "*" only) and
DescribeQuery (event data stores): nothing at all. Checked against the evaluator: for every action a
reported pattern matches, and every request resource that action is authorised against (an ARN of
one of its resource types, or "*"), the statement does not apply.
"""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from trail_lint.iam.actions import action_table
from trail_lint.iam.evaluator import ANY_RESOURCE, action_applies, resource_applies
from trail_lint.model import Condition, Inventory, Origin, Policy, Principal, PrincipalKind, Statement
from trail_lint.registry import rule_by_id

PREFIX = "arn:aws:cloudtrail:us-east-1:111122223333:"
RESOURCES = {"trail": PREFIX + "trail/main", "eventdatastore": PREFIX + "eventdatastore/abc",
             "channel": PREFIX + "channel/c1", "dashboard": PREFIX + "dashboard/d1"}
PATTERNS = st.sampled_from([*RESOURCES.values(), PREFIX + "trail/*", PREFIX + "*", PREFIX + "event*",
                            "arn:aws:s3:::logs/*", "arn:aws:cloudtrail:*:*:trail/main", PREFIX + "channel/*"])
WILDCARDS = st.builds(lambda stem, cut: f"cloudtrail:{stem[:cut]}*", st.sampled_from(sorted(
    info.name for info in action_table().values())), st.integers(0, 12))


def _reported(statement: Statement) -> list[str]:
    policy = Policy("p", (statement,), origin=Origin("p.json", ()))
    principal = Principal("u", PrincipalKind.USER, "u", inline_policies=(policy,), origin=Origin("p.json", ()))
    return [p.message for p in rule_by_id("TL403").run(Inventory(principals=(principal,)), None)]


@given(st.lists(WILDCARDS, min_size=1, max_size=3), st.lists(PATTERNS, min_size=1, max_size=3))
def test_a_reported_wildcard_grants_nothing(actions: list[str], resources: list[str]) -> None:
    statement = Statement("Allow", actions=tuple(actions), resources=tuple(resources), sid="S")
    messages = _reported(statement)
    for pattern in actions:
        if not any(f"{pattern} (for " in message for message in messages):
            continue
        single = Statement("Allow", actions=(pattern,), resources=tuple(resources), sid="S")
        for info in action_table().values():
            if action_applies(single, info.qualified) is not True:
                continue
            requests = [ANY_RESOURCE] if info.requires_wildcard_resource else \
                [RESOURCES[kind] for kind in info.resource_types if kind in RESOURCES]
            for request in requests:
                assert resource_applies(single, request) is False, (pattern, info.name, request)


def test_describe_on_a_trail_is_reported_and_get_is_not() -> None:
    trail = (RESOURCES["trail"],)
    assert _reported(Statement("Allow", actions=("cloudtrail:Describe*", "cloudtrail:Get*"), resources=trail,
                               sid="S")) == [(
        "statement 'S' of policy p allows cloudtrail:Describe* (for cloudtrail:DescribeTrails) only on specific "
        "resources, but these actions support no resource-level permission: nothing is granted for them")]
    assert _reported(Statement("Allow", actions=("cloudtrail:*", "cloudtrail:List*"), resources=trail, sid="S")) == []
    # an event data store is what DescribeQuery acts on
    assert _reported(Statement("Allow", actions=("cloudtrail:Describe*",), resources=(PREFIX + "*",), sid="S")) == []


# Operators on aws:ResourceTag/team and whether they hold when the request carries no resource tag
# (the condition operators page: a negated operator, ...IfExists and Null true match a missing key).
HOLDS_WITHOUT_TAG = {"StringEquals": False, "StringLike": False, "StringEqualsIgnoreCase": False,
                     "StringNotEquals": True, "StringNotLike": True, "StringEqualsIfExists": True,
                     "StringLikeIfExists": True, "ForAnyValue:StringEquals": False}


@given(st.sampled_from(sorted(HOLDS_WITHOUT_TAG)), st.sampled_from(["cloudtrail:DescribeTrails", "cloudtrail:ListTrails",
                                                                     "cloudtrail:GetTrail"]))
def test_a_resource_tag_condition_on_an_action_without_resource(operator: str, action: str) -> None:
    statement = Statement("Allow", actions=(action,), resources=("*",), sid="S",
                          conditions=(Condition(operator, "aws:ResourceTag/team", ("security",)),))
    reported = [m for m in _reported(statement) if "aws:ResourceTag/team, which never holds" in m]
    # GetTrail acts on a trail, whose tags its request carries
    assert bool(reported) is (not HOLDS_WITHOUT_TAG[operator] and action != "cloudtrail:GetTrail"), reported


def test_a_null_condition_on_the_resource_tag() -> None:
    for value, reported in (("true", False), ("false", True)):
        statement = Statement("Allow", actions=("cloudtrail:DescribeTrails",), resources=("*",), sid="S",
                              conditions=(Condition("Null", "aws:ResourceTag/team", (value,)),))
        assert bool([m for m in _reported(statement) if "never holds" in m]) is reported
