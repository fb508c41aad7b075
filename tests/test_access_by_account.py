"""The access analysis decides each account's principals together and lets the account's evaluators go
once its rows are made: whatever order the inputs give principals of several accounts in (and however
their policies repeat between accounts), each principal's decisions are those it has analysed alone,
and the rows keep the inputs' order."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.iam.access import TRAIL_ACTIONS, analyse, trail_key
from trail_lint.model import Condition, Inventory, Origin, Policy, Principal, PrincipalKind, Statement, Trail

ACCOUNTS = ("111111111111", "222222222222", "333333333333")
ACTIONS = ("cloudtrail:StopLogging", "cloudtrail:GetTrail", "cloudtrail:DeleteTrail", "cloudtrail:*",
           "cloudtrail:DescribeTrails")
TRAILS = tuple(Trail(name=f"t{index}", account=account, region=region,
                     origin=Origin("trails.json", ("trailList", index)))
               for index, (account, region) in enumerate(
                   [(account, region) for account in ACCOUNTS for region in ("us-east-1", "eu-west-1")]))
MFA = (Condition("Bool", "aws:MultiFactorAuthPresent", ("true",)),)

statements = st.builds(
    lambda effect, action, own, trail, conditional: (effect, action, own, trail, conditional),
    st.sampled_from(("Allow", "Deny")), st.sampled_from(ACTIONS), st.booleans(),
    st.sampled_from(("t0", "t1", "*")), st.booleans())
principals = st.lists(st.tuples(st.sampled_from(ACCOUNTS), st.lists(statements, min_size=1, max_size=3)),
                      min_size=1, max_size=7)


def _principal(index: int, account: str, written: list[tuple[str, str, bool, str, bool]]) -> Principal:
    found = []
    for effect, action, own, trail, conditional in written:
        resource = "*" if trail == "*" else \
            f"arn:aws:cloudtrail:us-east-1:{account if own else ACCOUNTS[0]}:trail/{trail}"
        found.append(Statement(effect, actions=(action,), resources=(resource,), conditions=MFA if conditional else ()))
    policy = Policy("inline", tuple(found), origin=Origin("iam.json", ("UserDetailList", index, "UserPolicyList", 0)))
    return Principal(id=f"arn:aws:iam::{account}:user/u{index}", kind=PrincipalKind.USER, name=f"u{index}",
                     account=account, inline_policies=(policy,), origin=Origin("iam.json", ("UserDetailList", index)))


def _decisions(inventory: Inventory, principal: Principal) -> dict[tuple[str, str], object]:
    report = analyse(inventory)
    return {(key, action): report.decision(principal.id, key, action)
            for key in (trail_key(trail) for trail in TRAILS) for action in TRAIL_ACTIONS}


@settings(max_examples=25, deadline=None)
@given(principals)
def test_each_principal_decided_as_if_alone_and_rows_in_the_inputs_order(
        given_principals: list[tuple[str, list[tuple[str, str, bool, str, bool]]]]) -> None:
    made = tuple(_principal(index, account, written) for index, (account, written) in enumerate(given_principals))
    together = analyse(Inventory(trails=TRAILS, principals=made))
    assert [row.principal.id for row in together.rows][:len(made)] == [principal.id for principal in made]
    for principal in made:
        alone = _decisions(Inventory(trails=TRAILS, principals=(principal,)), principal)
        assert {(key, action): together.decision(principal.id, key, action) for key, action in alone} == alone
