"""A principal of unknown account, on a trail of a known account A, is judged as A's principal.

Trails have no resource-based policies, so a request on a trail of A comes from A or is not made:
the principal is decided with A's SCP levels and what A fixes of its requests (aws:PrincipalAccount,
aws:PrincipalOrgID and OrgPaths), and then, as it may not be in A, what that allows is conditional
while what it denies stays denied. On a trail of unknown account the SCP levels of no known account
(scp_levels.levels of None) keep deciding. The bit masks, one evaluation of a decision and the
shared reasons of `trail-lint access -v` say the same.
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/security_iam_service-with-iam.html
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.iam.access import ACCOUNT_WIDE, GLOBAL_ACTIONS, TRAIL_ACTIONS, analyse
from trail_lint.iam.evaluator import Decision, evaluate
from trail_lint.iam.reasons import Reasons
from trail_lint.iam.resolve import request_context
from trail_lint.iam.scp_levels import levels, organization, organization_keys
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

STOP = "cloudtrail:StopLogging"
START = "cloudtrail:StartLogging"
MANAGEMENT, MEMBER, OTHER = "111111111111", "222222222222", "333333333333"
ORG, ROOT, OU = "o-abcdef1234", "r-abcd", "ou-abcd-11111111"
TREE = (OrgNode(MANAGEMENT, OrgNodeKind.MANAGEMENT, organization=ORG), OrgNode(ROOT, OrgNodeKind.ROOT),
        OrgNode(OU, OrgNodeKind.UNIT, ROOT), OrgNode(MEMBER, OrgNodeKind.ACCOUNT, OU),
        OrgNode(OTHER, OrgNodeKind.ACCOUNT, ROOT))
AUDIT = Trail(name="audit", arn=f"arn:aws:cloudtrail:us-east-1:{MEMBER}:trail/audit", region="us-east-1",
              account=MEMBER)
SIDE = Trail(name="side", arn=f"arn:aws:cloudtrail:us-east-1:{OTHER}:trail/side", region="us-east-1", account=OTHER)
LOOSE = Trail(name="app")          # of no known account
TRAILS = (AUDIT, SIDE, LOOSE)
OPS = Policy("ops", (Statement("Allow", actions=("cloudtrail:*",), resources=("*",)),),
             origin=Origin("roles.yaml", ("Resources", "Operator")))


def _role(account: str | None = None) -> Principal:
    """A template's role, of no known account (``account``: tied to it)."""
    return Principal(id=f"arn:aws:iam::{account}:role/Operator" if account else "Operator", kind=PrincipalKind.ROLE,
                     name="Operator", account=account, inline_policies=(OPS,),
                     origin=Origin("roles.yaml", ("Resources", "Operator")))


def _deny(*conditions: Condition) -> Policy:
    return Policy("guard", (Statement("Deny", actions=(STOP,), resources=("*",), conditions=conditions),))


def _inventory(guard: Policy, target: str, role: Principal | None = None) -> Inventory:
    # the run's account is inferred from the listed trails: it ties no template's principal
    return Inventory(trails=TRAILS, principals=(role or _role(),), organization=TREE,
                     scps=(ServiceControlPolicy(guard, (target,)),), account=MEMBER, account_inferred=True)


def _decisions(inventory: Inventory, who: str = "Operator", action: str = STOP) -> dict[str, Decision]:
    report = analyse(inventory)
    return {trail.name: report.decision(who, key, action) for trail, key in zip(report.trails, report.trail_keys)}


def test_a_root_deny_over_the_trails_account_denies_a_principal_of_unknown_account() -> None:
    # in MEMBER, the root's Deny is over it; not in MEMBER, it cannot act on MEMBER's trail: denied either way
    report = analyse(_inventory(_deny(), ROOT))
    assert report.decision("Operator", AUDIT.arn, STOP) is Decision.DENIED
    assert report.decision("Operator", SIDE.arn, STOP) is Decision.DENIED
    # a trail of no known account: the principal may be in the management account, which SCPs do not restrict
    assert report.decision("Operator", "app", STOP) is Decision.CONDITIONAL
    # what the SCP does not deny stays conditional on the account, for the trails of a known account
    assert report.decision("Operator", AUDIT.arn, START) is Decision.CONDITIONAL
    assert report.decision("Operator", "app", START) is Decision.ALLOWED
    # one evaluation names the Deny, as the shared reasons do
    grant = report.grant("Operator", AUDIT.arn, STOP)
    assert grant.decision is Decision.DENIED and [because.policy for because in grant.because] == ["guard"]


def test_a_deny_at_an_ou_over_one_account_only() -> None:
    assert _decisions(_inventory(_deny(), OU)) == {
        "audit": Decision.DENIED, "side": Decision.CONDITIONAL, "app": Decision.CONDITIONAL}


def test_aws_principal_account_of_the_trails_account() -> None:
    guard = _deny(Condition("StringEquals", "aws:PrincipalAccount", (MEMBER,)))
    assert _decisions(_inventory(guard, ROOT)) == {
        "audit": Decision.DENIED, "side": Decision.CONDITIONAL, "app": Decision.CONDITIONAL}
    # and of its organization path, where the inputs hold it
    paths = _deny(Condition("ForAnyValue:StringLike", "aws:PrincipalOrgPaths", (f"{ORG}/{ROOT}/{OU}/*",)))
    assert _decisions(_inventory(paths, ROOT)) == {
        "audit": Decision.DENIED, "side": Decision.CONDITIONAL, "app": Decision.CONDITIONAL}


def test_a_tied_principal_is_decided_as_before() -> None:
    role = _role(MEMBER)
    for guard, target in ((_deny(), ROOT), (_deny(), OU),
                          (_deny(Condition("StringEquals", "aws:PrincipalAccount", (MEMBER,))), ROOT)):
        report = analyse(_inventory(guard, target, role))
        # its own account's trail and the one of no known account; the other account's is out of reach
        assert [report.decision(role.id, key, STOP) for key in report.trail_keys] == [
            Decision.DENIED, Decision.DENIED, Decision.DENIED]
        assert report.decision(role.id, AUDIT.arn, START) is Decision.ALLOWED
        slow = [report.grant(d.principal, d.trail, d.action) for d in report.decisions(include_denied=True)]
        assert list(Reasons(report).grants(include_denied=True)) == slow
        assert all("not known" not in because.policy for grant in slow for because in grant.because)


def test_the_reasons_name_the_trails_accounts_scp() -> None:
    report = analyse(_inventory(_deny(), OU))
    slow = [report.grant(d.principal, d.trail, d.action) for d in report.decisions(include_denied=True)]
    assert list(Reasons(report).grants(include_denied=True)) == slow
    by_trail = {(g.trail, g.action): [because.policy for because in g.because] for g in slow}
    assert by_trail[(AUDIT.arn, STOP)] == ["guard"]
    # conditional on the account: the statement, then the account that is not known
    assert by_trail[(SIDE.arn, STOP)] == ["ops", "the account of role Operator is not known"]


# --- the masks agree with evaluating each request as the trail's account's --------------------------

TARGETS = st.sampled_from([ROOT, OU, MEMBER, OTHER])
CONDITIONS = st.sampled_from([(), (), (Condition("StringEquals", "aws:PrincipalAccount", (MEMBER,)),),
                              (Condition("StringNotEquals", "aws:PrincipalAccount", (OTHER,)),),
                              (Condition("StringEquals", "aws:PrincipalOrgID", (ORG,)),),
                              (Condition("ForAnyValue:StringLike", "aws:PrincipalOrgPaths", (f"{ORG}/{ROOT}/{OU}/*",)),)])
STATEMENTS = st.builds(lambda effect, action, conditions: Statement(effect, actions=(action,), resources=("*",),
                                                                    conditions=conditions),
                       st.sampled_from(["Allow", "Deny"]), st.sampled_from(["cloudtrail:*", STOP, START]), CONDITIONS)
POLICIES = st.builds(lambda statements: Policy("p", tuple(statements)), st.lists(STATEMENTS, min_size=1, max_size=2))
CONDITIONAL = {Decision.ALLOWED: Decision.CONDITIONAL}


@settings(max_examples=150, deadline=None)
@given(POLICIES, st.lists(st.tuples(POLICIES, TARGETS), max_size=3))
def test_masks_agree_with_evaluating_as_the_trails_account(identity: Policy, scps: list[tuple[Policy, str]]) -> None:
    role = Principal(id="Operator", kind=PrincipalKind.ROLE, name="Operator", inline_policies=(identity,))
    inventory = Inventory(trails=TRAILS, principals=(role,), organization=TREE, account=MEMBER, account_inferred=True,
                          scps=tuple(ServiceControlPolicy(policy, (target,)) for policy, target in scps))
    report = analyse(inventory)
    org = organization(inventory)
    for bit, (trail, key) in enumerate(zip(report.trails, report.trail_keys)):
        account = trail.account
        context = request_context(role, account, organization_keys(org, account))
        for action in TRAIL_ACTIONS:
            expected = evaluate((identity,), action, report.resources[bit], scps=levels(org, account), context=context,
                                on=report.context_of(bit)).decision
            if account is not None:     # it may not be in the trail's account
                expected = CONDITIONAL.get(expected, expected)
            assert report.decision("Operator", key, action) is expected, (trail.name, action)
    for action in GLOBAL_ACTIONS:
        expected = evaluate((identity,), action, "*", scps=levels(org, None),
                            context=request_context(role, None)).decision
        assert report.decision("Operator", ACCOUNT_WIDE, action) is expected, action
    slow = [report.grant(d.principal, d.trail, d.action) for d in report.decisions(include_denied=True)]
    assert list(Reasons(report).grants(include_denied=True)) == slow
