"""A grant under a condition on the request that the principal's own request meets is a grant.

A user allowed StopLogging when aws:MultiFactorAuthPresent is true signs in with MFA and stops logging;
a Deny unless aws:SourceIp is in a range leaves the grant to requests from that range. TL401 reports
both, with the conditions the request meets. What the inputs do not settle (a condition on a key no
input and no request of the principal fixes) stays conditional, and a condition no request can meet
(a time window that has closed, an Allow and a Deny on the same range) grants nothing.
"""
from __future__ import annotations

import ipaddress
from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_access import (
    ACCOUNT,
    CANDIDATE_TRAILS,
    MAIN,
    MAIN_ARN,
    ORGANIZATIONS,
    POLICIES_,
    PRINCIPALS,
    TARGETS,
    inline,
    report,
    run_rule,
    user,
)

from trail_lint.iam.access import analyse, resolved_by
from trail_lint.iam.conditions import ordered_condition
from trail_lint.iam.evaluator import Decision
from trail_lint.iam.requests import phrase, requests
from trail_lint.iam.resolve import Resolved
from trail_lint.model import (
    UNKNOWN,
    Condition,
    Inventory,
    Principal,
    PrincipalKind,
    ServiceControlPolicy,
    Statement,
)

STOP = "cloudtrail:StopLogging"
ALICE = f"arn:aws:iam::{ACCOUNT}:user/alice"
MFA = Condition("Bool", "aws:MultiFactorAuthPresent", ("true",))
NO_MFA = Condition("BoolIfExists", "aws:MultiFactorAuthPresent", ("false",))
OFFICE = "203.0.113.0/24"
# the time of the run, as engine.run passes it to the access analysis
NOW = datetime(2026, 12, 4, 12, tzinfo=timezone.utc).timestamp()


def _stop(*conditions: Condition) -> Statement:
    return Statement("Allow", actions=(STOP,), resources=("*",), conditions=conditions, sid="Stop")


def _deny(*conditions: Condition) -> Statement:
    return Statement("Deny", actions=("*",), resources=("*",), conditions=conditions, sid="Guard")


def _tl401(*statements: Statement) -> list[str]:
    inventory = Inventory(trails=(MAIN,), account=ACCOUNT, principals=(user("alice", inline(*statements)),))
    return run_rule("tl401_can_tamper_with_trail", inventory, now=NOW)


def test_an_allow_under_mfa_is_a_grant_when_signed_in_with_mfa() -> None:
    assert _tl401(_stop(MFA)) == ["user alice can StopLogging on 'main' when aws:MultiFactorAuthPresent is true"]
    # the access matrix still shows the decision conditional: the next request may lack MFA
    assert report(user("alice", inline(_stop(MFA)))).decision(ALICE, MAIN_ARN, STOP) is Decision.CONDITIONAL


def test_a_deny_unless_from_a_range_leaves_the_grant_from_that_range() -> None:
    outside = Condition("NotIpAddress", "aws:SourceIp", (OFFICE,))
    assert _tl401(_stop(), _deny(outside)) == [f"user alice can StopLogging on 'main' when aws:SourceIp is in {OFFICE}"]
    assert _tl401(_stop(), _deny(NO_MFA)) == [("user alice can StopLogging on 'main' when aws:MultiFactorAuthPresent "
                                              "is true")]


def test_the_conditions_of_the_allow_and_of_the_denies_are_said_together() -> None:
    inside = Condition("IpAddress", "aws:SourceIp", ("10.0.0.0/8",))
    narrower = Condition("NotIpAddress", "aws:SourceIp", ("10.1.0.0/16",))
    assert _tl401(_stop(MFA, inside), _deny(narrower)) == [
        ("user alice can StopLogging on 'main' when aws:MultiFactorAuthPresent is true and aws:SourceIp is in "
        "10.0.0.0/8 and aws:SourceIp is in 10.1.0.0/16")]


@pytest.mark.parametrize("deny", [
    Condition("IpAddress", "aws:SourceIp", ("10.0.0.0/8",)),          # every request the Allow takes
    Condition("Bool", "aws:MultiFactorAuthPresent", ("true",)),
])
def test_no_grant_where_the_deny_takes_every_request_the_allow_allows(deny: Condition) -> None:
    allow = _stop(Condition("IpAddress", "aws:SourceIp", ("10.2.0.0/16",)), MFA)
    assert _tl401(allow, _deny(deny)) == []


def test_a_time_window_counts_from_now_on() -> None:
    closed = Condition("DateLessThan", "aws:CurrentTime", ("2001-01-01T00:00:00Z",))
    opened = Condition("DateGreaterThan", "aws:CurrentTime", ("2001-01-01T00:00:00Z",))
    assert _tl401(_stop(closed)) == []
    assert _tl401(_stop(opened)) == [
        "user alice can StopLogging on 'main' when aws:CurrentTime is after 2001-01-01T00:00:00Z"]


def test_what_the_inputs_do_not_settle_stays_conditional() -> None:
    # a tag of the principal the input does not give: not a condition of the request
    unknown_tag = Condition("StringEquals", "aws:PrincipalTag/team", ("ops",))
    assert _tl401(_stop(MFA, unknown_tag)) == []
    # a key no request of the principal is known to choose (the ARN of a calling service's resource)
    assert _tl401(_stop(Condition("ArnLike", "aws:SourceArn", ("arn:aws:s3:::b",)))) == []


def test_an_unconditional_grant_reads_as_before_beside_a_conditional_one() -> None:
    delete = Statement("Allow", actions=("cloudtrail:DeleteTrail",), resources=("*",), sid="Delete")
    assert _tl401(_stop(MFA), delete) == [
        "user alice can DeleteTrail on 'main'; StopLogging on 'main' when aws:MultiFactorAuthPresent is true"]


def test_a_request_is_found_only_for_request_keys() -> None:
    assert requests([_stop(unknown := Condition("StringEquals", "aws:PrincipalTag/team", ("ops",)))], 0) == ()
    assert unknown.key == "aws:PrincipalTag/team"
    found = requests([_stop(MFA)], NOW)
    assert [request.said for request in found] == ["aws:MultiFactorAuthPresent is true"]
    assert dict(found[0].values) == {"aws:multifactorauthpresent": "true"}


@pytest.mark.parametrize(("condition", "negated", "said"), [
    (MFA, False, "aws:MultiFactorAuthPresent is true"),
    (NO_MFA, False, "aws:MultiFactorAuthPresent is false or absent"),
    (NO_MFA, True, "aws:MultiFactorAuthPresent is true"),
    (Condition("Bool", "aws:MultiFactorAuthPresent", ("false",)), True, "aws:MultiFactorAuthPresent is true or absent"),
    (Condition("NotIpAddress", "aws:SourceIp", (OFFICE, "2001:db8::/32")), True,
     f"aws:SourceIp is in one of {OFFICE}, 2001:db8::/32"),
    (Condition("StringNotEquals", "aws:SourceVpce", ("vpce-1",)), True, "aws:SourceVpce is vpce-1"),
    (Condition("StringEquals", "aws:SourceVpce", ("vpce-1",)), True, "aws:SourceVpce is not vpce-1 or absent"),
    (Condition("NumericLessThan", "aws:MultiFactorAuthAge", ("3600",)), False, "aws:MultiFactorAuthAge is less than 3600"),
    (Condition("Null", "aws:SourceVpc", ("true",)), True, "aws:SourceVpc is present"),
])
def test_phrases(condition: Condition, negated: bool, said: str) -> None:
    assert phrase(condition, negated) == said


ADDRESSES = st.integers(0, 2**32 - 1).map(lambda n: str(ipaddress.IPv4Address(n)))
NETWORKS = st.tuples(st.integers(0, 2**32 - 1), st.integers(1, 32)).map(
    lambda pair: str(ipaddress.IPv4Network((pair[0], pair[1]), strict=False)))


@given(ADDRESSES, st.lists(NETWORKS, min_size=1, max_size=3))
def test_ip_operators_read_as_the_ipaddress_module(address: str, networks: list[str]) -> None:
    inside = any(ipaddress.IPv4Address(address) in ipaddress.IPv4Network(n) for n in networks)
    assert ordered_condition("IpAddress", networks, address) is inside
    assert ordered_condition("NotIpAddress", networks, address) is (not inside)


@given(st.integers(-5, 5), st.lists(st.integers(-5, 5), min_size=1, max_size=3))
def test_numeric_and_date_operators_compare_any_value(left: int, rights: list[int]) -> None:
    assert ordered_condition("NumericLessThan", [str(r) for r in rights], str(left)) is any(left < r for r in rights)
    assert ordered_condition("NumericNotEquals", [str(r) for r in rights], str(left)) is (left not in rights)
    assert ordered_condition("DateGreaterThanEquals", [str(1_000_000 + r) for r in rights], str(1_000_000 + left)) \
        is any(left >= r for r in rights)


def test_values_that_do_not_read_as_their_type_decide_nothing() -> None:
    assert ordered_condition("IpAddress", ["not-a-range"], "192.0.2.1") is UNKNOWN
    assert ordered_condition("DateLessThan", ["tomorrow"], "2030-01-01T00:00:00Z") is UNKNOWN
    # spellings the operators page does not show: an exponent, a sign, leading zeros
    for number in ("3.6e3", "+100", "0100", " 100"):
        assert ordered_condition("NumericEquals", [number], "100") is UNKNOWN


def test_every_address_and_the_other_ip_version_are_not_decided() -> None:
    """`0.0.0.0/0` and a range of the other IP version are not documented (iam-simulate matches nothing
    with `0.0.0.0/0`, and reads a bare IPv4 address against an IPv6 one as a match); a range of the
    address's own version that holds it still decides."""
    assert ordered_condition("IpAddress", ["0.0.0.0/0"], "192.0.2.1") is UNKNOWN
    assert ordered_condition("NotIpAddress", ["203.0.113.7"], "2001:db8::1") is UNKNOWN
    assert ordered_condition("IpAddress", ["2001:db8::/32", "192.0.2.0/24"], "192.0.2.1") is True
    assert ordered_condition("NotIpAddress", ["203.0.113.7", "192.0.2.0/24"], "192.0.2.1") is False


def test_tl406_counts_a_stop_under_mfa_and_no_start() -> None:
    inventory = Inventory(trails=(MAIN,), account=ACCOUNT, principals=(user("alice", inline(_stop(MFA))),))
    assert run_rule("tl406_stop_without_start", inventory) == [
        "user alice can stop logging on 'main' when aws:MultiFactorAuthPresent is true but cannot start it again"]
    start = Statement("Allow", actions=("cloudtrail:StartLogging",), resources=("*",), conditions=(MFA,))
    inventory = Inventory(trails=(MAIN,), account=ACCOUNT, principals=(user("alice", inline(_stop(MFA), start)),))
    assert run_rule("tl406_stop_without_start", inventory) == []


# --- TL402 with the policy's holders: boundaries, SCPs and their other policies ------------------
EVERYTHING = Statement("Allow", actions=("*",), resources=("*",), sid="All")
READS = Statement("Allow", actions=("cloudtrail:Get*", "cloudtrail:Describe*"), resources=("*",), sid="Reads")


def _tl402(*principals, policies=()) -> list[str]:
    inventory = Inventory(trails=(MAIN,), account=ACCOUNT, principals=principals, policies=policies)
    return run_rule("tl402_tamper_on_every_trail", inventory, now=NOW)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(PRINCIPALS, st.lists(POLICIES_, max_size=3), st.one_of(st.none(), POLICIES_)),
                min_size=1, max_size=4),
       st.lists(st.tuples(POLICIES_, st.lists(TARGETS, max_size=2)), max_size=2), ORGANIZATIONS)
def test_tl402_reads_the_holders_the_analysis_resolved(drawn, scps, organization) -> None:
    """TL402 in a run where the analysis ran first reads its principals' policies (access.resolved_by), alone
    it resolves them itself (Resolved.of): the same policies, layers and request context for each."""
    principals = tuple(Principal(id=f"arn:aws:iam::{ACCOUNT}:{who['kind'].value}/{who['name']}{number}",
                                 account=ACCOUNT, inline_policies=tuple(policies),
                                 boundary=boundary if who["kind"] is not PrincipalKind.GROUP else None,
                                 groups=("main3",) if number == 0 else (), **{**who, "name": f"{who['name']}{number}"})
                       for number, (who, policies, boundary) in enumerate(drawn))
    inventory = Inventory(trails=CANDIDATE_TRAILS, principals=principals, account=ACCOUNT, organization=organization,
                          scps=tuple(ServiceControlPolicy(policy, tuple(targets)) for policy, targets in scps))
    alone = Resolved.of(inventory)
    assert len(alone.effectives) == sum(p.kind is not PrincipalKind.GROUP for p in principals)
    assert resolved_by(analyse(inventory)) == alone


def test_tl402_leaves_out_what_the_holders_boundary_does_not_allow() -> None:
    stop = inline(_stop(), name="stop")
    assert _tl402(user("alice", stop, boundary=inline(READS, name="reads"))) == []
    # the other direction: a boundary that allows it leaves the grant
    assert _tl402(user("alice", stop, boundary=inline(EVERYTHING, name="all"))) == [
        "statement 'Stop' of policy stop allows StopLogging on every trail"]
    # a policy of two holders keeps what one of them keeps
    assert _tl402(user("alice", stop, boundary=inline(READS, name="reads")), user("bob", stop)) == [
        "statement 'Stop' of policy stop allows StopLogging on every trail"]


def test_tl402_leaves_out_what_another_policy_of_the_holder_denies_everywhere() -> None:
    everything = inline(EVERYTHING, name="everything")
    deny_stop = inline(Statement("Deny", actions=(STOP,), resources=("*",), sid="NoStop"), name="guard")
    assert _tl402(user("alice", everything, deny_stop)) == [
        "statement 'All' of policy everything allows DeleteTrail, UpdateTrail, PutEventSelectors on every trail"]
    # a Deny under a condition the request may avoid takes nothing away
    maybe = inline(_deny(NO_MFA), name="mfa")
    assert _tl402(user("alice", everything, maybe)) == [
        ("statement 'All' of policy everything allows StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on "
        "every trail")]


def test_tl402_says_the_request_condition_of_a_statement() -> None:
    assert _tl402(user("alice", inline(_stop(MFA), name="stop"))) == [
        "statement 'Stop' of policy stop allows StopLogging on every trail when aws:MultiFactorAuthPresent is true"]
    closed = Condition("DateLessThan", "aws:CurrentTime", ("2001-01-01T00:00:00Z",))
    assert _tl402(user("alice", inline(_stop(closed), name="stop"))) == []


def test_tl402_leaves_out_what_an_scp_over_the_holder_denies_everywhere() -> None:
    from trail_lint.model import OrgNode, OrgNodeKind, Policy, ServiceControlPolicy
    guard = Policy("guard", (Statement("Deny", actions=(STOP,), resources=("*",), sid="NoStop"),))
    full = Policy("FullAWSAccess", (EVERYTHING,))
    stop = inline(_stop(), name="stop")

    def run(scp_target: str) -> list[str]:
        inventory = Inventory(trails=(MAIN,), account=ACCOUNT, principals=(user("alice", stop),),
                              organization=(OrgNode(ACCOUNT, OrgNodeKind.ACCOUNT, "ou-a"),
                                            OrgNode("ou-a", OrgNodeKind.UNIT), OrgNode("ou-b", OrgNodeKind.UNIT)),
                              scps=(ServiceControlPolicy(guard, (scp_target,)),
                                    ServiceControlPolicy(full, ("ou-a", "ou-b", ACCOUNT))))
        return run_rule("tl402_tamper_on_every_trail", inventory, now=NOW)

    assert run("ou-a") == []
    assert run("ou-b") == ["statement 'Stop' of policy stop allows StopLogging on every trail"]
