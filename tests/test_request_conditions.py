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
from trail_lint.iam.requests import MOST_TRIED, phrase, requests
from trail_lint.iam.resolve import Context, Resolved, memberless
from trail_lint.model import (
    UNKNOWN,
    Condition,
    Inventory,
    Principal,
    PrincipalKind,
    ServiceControlPolicy,
    Statement,
)
from trail_lint.records import replace

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


def test_a_request_through_a_vpc_endpoint_lacks_the_source_address() -> None:
    """aws:SourceIp "is included in the request context, except when the requester uses a VPC endpoint";
    the endpoint's keys are carried only through one (the global condition keys page)."""
    absent = Condition("Null", "aws:SourceIp", ("true",))
    assert _tl401(_stop(absent)) == ["user alice can StopLogging on 'main' when aws:SourceIp is absent"]
    endpoint = Condition("StringEquals", "aws:SourceVpce", ("vpce-1a2b3c4d",))
    assert _tl401(_stop(Condition("IpAddress", "aws:SourceIp", (OFFICE,)), endpoint)) == []
    assert _tl401(_stop(absent, Condition("Null", "aws:SourceVpc", ("true",)))) == []
    # a Deny from outside the office (NotIpAddress holds where the key is absent) and one off the
    # endpoint: neither way of calling is left
    outside = Condition("NotIpAddress", "aws:SourceIp", (OFFICE,))
    off_endpoint = replace(_deny(Condition("StringNotEqualsIfExists", "aws:SourceVpce", ("vpce-1a2b3c4d",))),
                           sid="OffEndpoint")
    assert _tl401(_stop(), _deny(outside), off_endpoint) == []
    # StringNotEquals holds where the key is absent too: with the first, no request is left
    assert _tl401(_stop(), _deny(outside), replace(off_endpoint, conditions=(
        Condition("StringNotEquals", "aws:SourceVpce", ("vpce-1a2b3c4d",)),))) == []
    assert _tl401(_stop(), _deny(outside), replace(off_endpoint, conditions=(
        Condition("StringEquals", "aws:SourceVpce", ("vpce-1a2b3c4d",)),))) == [
        (f"user alice can StopLogging on 'main' when aws:SourceIp is in {OFFICE} and aws:SourceVpce is not "
        "vpce-1a2b3c4d or absent")]
    assert _tl401(_stop(endpoint), _deny(outside)) == []
    assert _tl401(_stop(endpoint), _deny(Condition("IpAddress", "aws:SourceIp", (OFFICE,)))) == [
        ("user alice can StopLogging on 'main' when aws:SourceVpce is vpce-1a2b3c4d and aws:SourceIp is not in "
        f"{OFFICE} or absent")]


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
    # every principal that makes requests, then every group none of them is in (what membership grants)
    joined = {name for p in principals if p.kind is not PrincipalKind.GROUP for name in p.groups}
    assert len(alone.effectives) == sum(p.kind is not PrincipalKind.GROUP for p in principals) + sum(
        p.kind is PrincipalKind.GROUP and p.name not in joined for p in principals)
    report = analyse(inventory)
    assert resolved_by(report) == alone
    # the groups no principal is in are those analyse found with its own lookups: read back, not looked up again
    assert report.memberless == {id(group) for group in memberless(inventory, Context(inventory, {}))}
    assert resolved_by(replace(report, memberless=None)) == alone     # a report made otherwise: looked up anew


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


# --- more distinct request conditions than the requests tried (iam.requests.MOST_TRIED) ------------------

def _from_each(key: str, values: list[str], operator: str = "StringEquals") -> list[Statement]:
    # (a Sid of its own each: IAM refuses a policy that repeats one)
    return [replace(_stop(Condition(operator, key, (value,))), sid=f"Stop{n}") for n, value in enumerate(values)]


def test_blocks_asking_the_same_in_another_order_are_one_request() -> None:
    office = Condition("IpAddress", "aws:SourceIp", (OFFICE, "198.51.100.0/24"))
    reordered = Condition("IpAddress", "aws:sourceip", ("198.51.100.0/24", OFFICE))
    assert len(requests([_stop(MFA, office), _stop(reordered, MFA)], NOW)) == 1
    # the same values found for two blocks: one request, that of the first
    if_exists = Condition("BoolIfExists", "aws:MultiFactorAuthPresent", ("true",))
    assert [r.said for r in requests([_stop(MFA), _stop(if_exists)], NOW)] == ["aws:MultiFactorAuthPresent is true"]


def test_blocks_alike_but_for_one_value_are_tried_as_one_past_the_most_tried() -> None:
    """Ten Allows, each from one range, and a Deny of the first nine: only the tenth grants, past the eight
    blocks a principal's requests are tried for one by one; tried as one block (a request meets one of them
    where it meets the block of all their ranges), the range the Deny leaves is found."""
    ranges = [f"10.{n}.0.0/16" for n in range(10)]
    statements = [*_from_each("aws:SourceIp", ranges, "IpAddress"),
                  _deny(Condition("IpAddress", "aws:SourceIp", tuple(ranges[:9])))]
    assert len(requests(statements, NOW)) > MOST_TRIED
    [found] = _tl401(*statements)
    assert found.startswith("user alice can StopLogging on 'main' when aws:SourceIp is in one of 10.0.0.0/16, ")
    # under the eight, each block is tried as written, as before
    assert _tl401(*statements[:3], _deny(Condition("IpAddress", "aws:SourceIp", tuple(ranges[:2])))) == [
        ("user alice can StopLogging on 'main' when aws:SourceIp is in 10.2.0.0/16 and aws:SourceIp is not in one of "
        "10.0.0.0/16, 10.1.0.0/16")]


def _vpce_blocks(denied: int) -> list[Statement]:
    """Ten Allows that differ in two conditions each (no two tried as one), and a Deny of the first ``denied``
    endpoints."""
    endpoints = [f"vpce-{n}" for n in range(10)]
    return [*(replace(_stop(Condition("StringEquals", "aws:SourceVpce", (endpoint,)),
                            Condition("NumericLessThan", "aws:MultiFactorAuthAge", (str(100 + n),))), sid=f"Stop{n}")
              for n, endpoint in enumerate(endpoints)),
            _deny(Condition("StringEquals", "aws:SourceVpce", tuple(endpoints[:denied])))]


def test_requests_left_untried_are_one_tl002_never_a_silent_pass() -> None:
    from trail_lint.iam.access import analyse
    statements = _vpce_blocks(10)       # the Deny takes every endpoint: no request found is allowed
    inventory = Inventory(trails=(MAIN,), account=ACCOUNT, principals=(
        user("alice", inline(*statements)), user("bob", inline(*statements))))
    assert run_rule("tl401_can_tamper_with_trail", inventory, now=NOW) == []
    # past the requests tried, whether one of the others is allowed is not known: said once for both
    notes = [p for p in analyse(inventory, now=NOW).unknown if "conditions on the request" in p.message]
    assert [(p.message, p.undecided) for p in notes] == [(
        (f"the policies of user alice and user bob ask more than {MOST_TRIED} distinct sets of conditions on the "
        f"request (MFA, source address, time, ...); a request meeting those past the first {MOST_TRIED} is not "
        "tried, so whether it turns their conditional decisions allowed is not known"), True)]
    # the only block the Deny leaves, the last written: its request fails the Deny, and is tried first
    inventory = Inventory(trails=(MAIN,), account=ACCOUNT, principals=(user("alice", inline(*_vpce_blocks(9))),))
    assert run_rule("tl401_can_tamper_with_trail", inventory, now=NOW) == [
        ("user alice can StopLogging on 'main' when aws:SourceVpce is vpce-9 and aws:MultiFactorAuthAge is less than "
        "109 and aws:SourceVpce is not one of vpce-0, vpce-1, vpce-2, vpce-3, vpce-4, vpce-5, vpce-6, vpce-7, vpce-8 "
        "or absent")]
    assert not [p for p in analyse(inventory, now=NOW).unknown if "conditions on the request" in p.message]


@given(st.permutations(list(range(10))), st.integers(1, 10))
def test_a_grant_past_the_most_tried_is_found_or_said(order: list[int], denied: int) -> None:
    """Whatever the order of the blocks and however many the Deny takes: a grant is reported where a block
    the Deny leaves exists (the requests failing the most Denies are tried first), and where none is
    found with requests left untried, the TL002 says so: never neither."""
    from trail_lint.iam.access import analyse
    blocks = _vpce_blocks(denied)
    statements = [*(blocks[n] for n in order), blocks[-1]]
    inventory = Inventory(trails=(MAIN,), account=ACCOUNT, principals=(user("alice", inline(*statements)),))
    found = run_rule("tl401_can_tamper_with_trail", inventory, now=NOW)
    noted = any("conditions on the request" in p.message for p in analyse(inventory, now=NOW).unknown)
    assert not (found and noted)
    if denied < 10:
        assert found
    else:       # no request can be allowed: no finding (the requests past the first are not tried: said so)
        assert found == [] and noted


ENDPOINTS = ("vpce-1", "vpce-2", "vpce-3")
BLOCK_CONDITIONS = st.one_of(
    st.builds(lambda values: Condition("IpAddress", "aws:SourceIp", tuple(values)),
              st.lists(st.sampled_from(["10.1.0.0/16", "10.2.0.0/16", "10.0.0.0/8"]), min_size=1, max_size=2)),
    st.builds(lambda operator, values: Condition(operator, "aws:SourceVpce", tuple(values)),
              st.sampled_from(["StringEquals", "StringNotEquals", "StringLike"]),
              st.lists(st.sampled_from(ENDPOINTS), min_size=1, max_size=2)))


@given(st.lists(st.lists(BLOCK_CONDITIONS, min_size=1, max_size=2).map(tuple), min_size=1, max_size=6))
def test_blocks_tried_as_one_are_met_by_the_requests_that_meet_one_of_them(blocks) -> None:
    from trail_lint.iam.conditions import conditions_hold
    from trail_lint.iam.requests import _grouped

    def met(block, address: str, endpoint: str) -> bool:
        values = {"aws:sourceip": address, "aws:sourcevpce": endpoint}
        return conditions_hold(block, lambda key: values.get(key, UNKNOWN)) is True

    grouped = _grouped(list(blocks))
    assert len(grouped) <= len(blocks)
    for address in ("10.1.0.1", "10.2.0.1", "10.3.0.1", "192.0.2.1"):
        for endpoint in (*ENDPOINTS, "vpce-9"):
            assert any(met(b, address, endpoint) for b in grouped) == any(met(b, address, endpoint) for b in blocks)


# --- TL402 on a group's policy where the group has no member -------------------------------------------

def _group(*policies, account: str = ACCOUNT):
    from trail_lint.model import Principal, PrincipalKind
    return Principal(id=f"arn:aws:iam::{account}:group/ops", kind=PrincipalKind.GROUP, name="ops", account=account,
                     inline_policies=policies)


def test_tl402_judges_a_memberless_groups_policy_with_what_membership_grants() -> None:
    """A group with no member grants nothing today, but its policy is a grant the day a user is added:
    TL402 reports it as what membership grants (the access analysis's row of the group), so a Deny in
    another policy of the group, or an SCP over its account, takes away what every member loses."""
    from trail_lint.model import OrgNode, OrgNodeKind, Policy, ServiceControlPolicy
    stop = inline(_stop(), name="stop")
    guard = inline(Statement("Deny", actions=(STOP,), resources=("*",), sid="NoStop"), name="guard")
    found = "statement 'Stop' of policy stop allows StopLogging on every trail"
    assert _tl402(_group(stop)) == [found]
    assert _tl402(_group(stop, guard)) == []
    # as the group's row says: nobody added to the group can stop logging
    from trail_lint.iam.access import analyse
    inventory = Inventory(trails=(MAIN,), account=ACCOUNT, principals=(_group(stop, guard),))
    assert analyse(inventory, now=NOW).decision(_group().id, MAIN_ARN, STOP) is Decision.DENIED
    scp = Policy("no-stop", (Statement("Deny", actions=(STOP,), resources=("*",), sid="NoStop"),))
    full = Policy("FullAWSAccess", (EVERYTHING,))
    inventory = Inventory(trails=(MAIN,), account=ACCOUNT, principals=(_group(stop),),
                          organization=(OrgNode(ACCOUNT, OrgNodeKind.ACCOUNT, "ou-a"), OrgNode("ou-a", OrgNodeKind.UNIT)),
                          scps=(ServiceControlPolicy(scp, ("ou-a",)), ServiceControlPolicy(full, ("ou-a", ACCOUNT))))
    assert run_rule("tl402_tamper_on_every_trail", inventory, now=NOW) == []
    # with a member, the member's layers, as before: its boundary takes the grant away
    member = user("alice", boundary=inline(READS, name="reads"), groups=("ops",))
    assert _tl402(_group(stop), member) == []
    assert _tl402(_group(stop), user("bob", groups=("ops",))) == [found]
