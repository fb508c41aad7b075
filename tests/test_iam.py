"""IAM matching and evaluation: exact decisions for the cases AWS documents."""
from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trail_lint.iam.evaluator import (
    ANY_RESOURCE,
    Decision,
    ResourceArn,
    ScpLevel,
    _arn_regex,
    action_applies,
    action_matches,
    arn_matches,
    evaluate,
    mentions_service,
    rejected,
    repeated_sid,
    resource_applies,
    resource_matches,
    sid_outside_alphabet,
    without_resource,
)
from trail_lint.model import UNKNOWN, Condition, Policy, Statement

TRAIL = "arn:aws:cloudtrail:us-east-1:123456789012:trail/main"
STOP = "cloudtrail:StopLogging"


def allow(actions=("cloudtrail:*",), resources=("*",), **extra) -> Statement:
    return Statement("Allow", actions=actions, resources=resources, **extra)


def deny(actions=("cloudtrail:*",), resources=("*",), **extra) -> Statement:
    return Statement("Deny", actions=actions, resources=resources, **extra)


def policy(*statements: Statement, name: str = "p") -> Policy:
    return Policy(name, statements)


def decide(*statements: Statement, action: str = STOP, resource=TRAIL, **kw) -> Decision:
    return evaluate((policy(*statements),), action, resource, **kw).decision


# --- matching ---------------------------------------------------------------------------

@pytest.mark.parametrize(("pattern", "action", "expected"), [
    ("cloudtrail:*", STOP, True),
    ("*", STOP, True),
    ("cloudtrail:*Logging", "cloudtrail:StartLogging", True),
    ("cloudtrail:*Logging", "cloudtrail:LookupEvents", False),
    ("cloudtrail:Get*", STOP, False),
    ("CloudTrail:stoplogging", STOP, True),
    ("cloudtrail:describeTrails", "cloudtrail:DescribeTrails", True),
    ("cloudtrail:Stop?ogging", STOP, True),
    ("cloudtrail:StopLogging", "cloudtrail:StopLoggingX", False),
    ("s3:*", STOP, False),
])
def test_action_matches(pattern: str, action: str, expected: bool) -> None:
    assert action_matches(pattern, action) is expected


@pytest.mark.parametrize(("pattern", "arn", "expected"), [
    ("*", TRAIL, True),
    ("*", "*", True),
    ("arn:aws:cloudtrail:*", "*", False),                       # the request resource is the literal "*"
    ("arn:aws:cloudtrail:*", TRAIL, True),                      # a final `*` runs across colons
    ("arn:aws:cloudtrail:*:123456789012:trail/*", TRAIL, True),
    ("arn:aws:cloudtrail:us-*-1:*:trail/main", TRAIL, True),
    ("arn:aws:cloudtrail:u*1:123456789012:trail/main", TRAIL, True),
    ("arn:aws:cloudtrail:us-east-1:123456789012:trail/Main", TRAIL, False),   # ARNs are case-sensitive
    ("arn:aws:cloudtrail:us-east-1:123456789012:trail/ma?n", TRAIL, True),
    ("arn:aws:cloudtrail:us-east-?:123456789012:trail/main", TRAIL, True),
    ("arn:aws:cloudtrail:us-west-2:123456789012:trail/main", TRAIL, False),
    ("arn:aws:cloudtrail:us-east-1:123456789012:trail/aws-controltower*", TRAIL, False),
    # `*` inside a segment (not at its end) stays inside it
    ("arn:aws:cloud*trail:us-east-1:123456789012:trail/main", "arn:aws:cloud:x:trail:us-east-1:123456789012:trail/main",
     False),
])
def test_arn_matches(pattern: str, arn: str, expected: bool) -> None:
    assert arn_matches(pattern, arn) is expected


def test_unknown_parts_of_the_trail_arn() -> None:
    unknown_region = ResourceArn(("arn", "aws", "cloudtrail", UNKNOWN, "123456789012", "trail/main"))
    assert resource_matches("*", unknown_region) is True
    assert resource_matches("arn:aws:cloudtrail:*:123456789012:trail/main", unknown_region) is True
    assert resource_matches("arn:aws:cloudtrail:us-east-1:123456789012:trail/main", unknown_region) is UNKNOWN
    assert resource_matches("arn:aws:cloudtrail:*:999999999999:trail/main", unknown_region) is False
    assert resource_matches("arn:aws:cloudtrail:*:123456789012:trail/other", unknown_region) is False


def test_action_and_resource_apply() -> None:
    assert action_applies(allow(), STOP) is True and resource_applies(allow(), TRAIL) is True
    assert action_applies(allow(actions=(), not_actions=("iam:*",)), STOP) is True
    assert action_applies(allow(actions=(), not_actions=("cloudtrail:Stop*",)), STOP) is False
    assert resource_applies(allow(resources=(), not_resources=(TRAIL,)), TRAIL) is False
    assert resource_applies(allow(resources=(), not_resources=(TRAIL,)), ANY_RESOURCE) is True
    assert action_applies(allow(actions=UNKNOWN), STOP) is UNKNOWN
    assert resource_applies(allow(resources=UNKNOWN), TRAIL) is UNKNOWN
    assert action_applies(allow(actions=(UNKNOWN, "s3:*")), STOP) is UNKNOWN
    assert action_applies(allow(actions=(UNKNOWN, "cloudtrail:*")), STOP) is True
    # whatever its Action, a statement naming another resource does not apply to the trail
    assert resource_applies(allow(actions=UNKNOWN, resources=("arn:aws:s3:::b",)), TRAIL) is False


def test_mentions_service() -> None:
    assert mentions_service(allow(actions=("s3:*", "ec2:Describe*")), "cloudtrail") is False
    assert mentions_service(allow(actions=("CloudTrail:Get*",)), "cloudtrail") is True
    assert mentions_service(allow(actions=("*",)), "cloudtrail") is True
    assert mentions_service(allow(actions=(), not_actions=("iam:*",)), "cloudtrail") is True
    assert mentions_service(allow(actions=UNKNOWN), "cloudtrail") is UNKNOWN


# --- evaluation -------------------------------------------------------------------------

def test_allow_deny_and_implicit_deny() -> None:
    assert decide(allow()) is Decision.ALLOWED
    assert decide(allow(), deny(actions=("cloudtrail:StopLogging",))) is Decision.DENIED
    assert decide(allow(actions=("s3:*",))) is Decision.DENIED
    assert decide() is Decision.DENIED


def test_power_user_not_action() -> None:
    power_user = allow(actions=(), not_actions=("iam:*", "organizations:*", "account:*"))
    assert decide(power_user) is Decision.ALLOWED
    assert decide(power_user, action="iam:CreateUser") is Decision.DENIED


def test_deny_with_not_resource_protects_other_trails() -> None:
    guard = deny(resources=(), not_resources=("arn:aws:cloudtrail:us-east-1:123456789012:trail/dev",))
    assert decide(allow(), guard) is Decision.DENIED
    assert decide(allow(), guard, resource="arn:aws:cloudtrail:us-east-1:123456789012:trail/dev") \
        is Decision.ALLOWED
    assert decide(allow(), guard, action="cloudtrail:DescribeTrails", resource=ANY_RESOURCE) is Decision.DENIED


def test_conditions() -> None:
    mfa = (Condition("Bool", "aws:MultiFactorAuthPresent", ("true",)),)
    assert decide(allow(conditions=mfa)) is Decision.CONDITIONAL
    assert decide(allow(), deny(conditions=mfa)) is Decision.CONDITIONAL    # a conditional Deny does not protect
    assert decide(allow(conditions=mfa), deny(conditions=mfa)) is Decision.CONDITIONAL
    assert decide(deny(conditions=mfa)) is Decision.DENIED
    assert decide(allow(conditions=UNKNOWN)) is Decision.CONDITIONAL


def test_conditions_that_cannot_change_the_decision_are_decided() -> None:
    # Whatever the request context, these end one way: trail-lint must say which.
    region = (Condition("StringEquals", "aws:RequestedRegion", ("us-east-1",)),)
    assert decide(allow(conditions=region), deny()) is Decision.DENIED          # under an unconditional Deny
    assert decide(allow(conditions=region), allow()) is Decision.ALLOWED        # next to an unconditional Allow
    assert decide(deny(conditions=region)) is Decision.DENIED                   # nothing allows it anyway
    boundary = policy(allow(actions=("s3:*",)))
    assert decide(allow(conditions=region), boundary=boundary) is Decision.DENIED   # the boundary never allows
    guard = ScpLevel((policy(deny(actions=(STOP,))),))
    assert decide(allow(conditions=region), scps=(guard,)) is Decision.DENIED       # an SCP denies
    # and where it can, it says so in every layer
    assert decide(allow(), boundary=policy(allow(conditions=region))) is Decision.CONDITIONAL
    assert decide(allow(), scps=(ScpLevel((policy(allow(), deny(conditions=region)),)),)) is Decision.CONDITIONAL


def test_case() -> None:
    assert decide(allow(actions=("CLOUDTRAIL:STOPLOGGING",))) is Decision.ALLOWED
    assert decide(allow(resources=(TRAIL.replace("main", "Main"),))) is Decision.DENIED


def test_wildcard_only_actions_need_star() -> None:
    scoped = allow(actions=("cloudtrail:DescribeTrails",), resources=(TRAIL,))
    assert decide(scoped, action="cloudtrail:DescribeTrails", resource=ANY_RESOURCE) is Decision.DENIED
    prefix = allow(actions=("cloudtrail:DescribeTrails",), resources=("arn:aws:cloudtrail:*",))
    assert decide(prefix, action="cloudtrail:DescribeTrails", resource=ANY_RESOURCE) is Decision.DENIED
    star = allow(actions=("cloudtrail:DescribeTrails",), resources=("*",))
    assert decide(star, action="cloudtrail:DescribeTrails", resource=ANY_RESOURCE) is Decision.ALLOWED


def test_unknown_policies_are_never_denied() -> None:
    unknown = Policy("u", UNKNOWN)
    assert evaluate((unknown,), STOP, TRAIL).decision is Decision.UNKNOWN
    assert evaluate((unknown, policy(allow())), STOP, TRAIL).decision is Decision.UNKNOWN  # may hold a Deny
    assert evaluate((unknown, policy(deny())), STOP, TRAIL).decision is Decision.DENIED
    assert decide(Statement(UNKNOWN, actions=("cloudtrail:*",), resources=("*",))) is Decision.UNKNOWN
    assert decide(allow(), deny(resources=UNKNOWN)) is Decision.UNKNOWN


def test_invalid_effect_grants_and_protects_nothing() -> None:
    assert decide(Statement("allow", actions=("cloudtrail:*",), resources=("*",))) is Decision.DENIED
    assert decide(allow(), Statement("DENY", actions=("cloudtrail:*",), resources=("*",))) is Decision.ALLOWED


def test_statement_with_both_elements_of_a_pair_grants_and_protects_nothing() -> None:
    # The grammar has one of Action/NotAction and one of Resource/NotResource; IAM rejects a statement
    # with both (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html),
    # so neither reading (the Action or the NotAction) is guessed.
    both_actions = allow(not_actions=("s3:*",))
    both_resources = allow(not_resources=("arn:aws:s3:::*",))
    assert decide(both_actions) is Decision.DENIED
    assert decide(both_resources) is Decision.DENIED
    assert decide(allow(), deny(not_actions=("s3:*",))) is Decision.ALLOWED
    assert decide(allow(), deny(not_resources=("arn:aws:s3:::*",))) is Decision.ALLOWED
    # NotAction with an empty Action (the model's absent Action) is valid
    assert decide(Statement("Allow", actions=(), not_actions=("s3:*",), resources=("*",))) is Decision.ALLOWED


def test_a_policy_iam_rejects_protects_nothing_and_still_grants() -> None:
    # IAM rejects the whole document when one statement is outside the grammar: it never exists, so a
    # guardrail Deny in it protects nothing. Its Allows are still read as grants (reported, not missed).
    grant = policy(allow(actions=(STOP,)), name="grant")
    broken = deny(actions=("s3:*",), not_actions=("iam:*",))
    guardrail = policy(deny(actions=(STOP,)), broken, name="guardrail")
    assert evaluate((grant,), STOP, TRAIL).decision is Decision.ALLOWED
    assert evaluate((grant, policy(deny(actions=(STOP,)))), STOP, TRAIL).decision is Decision.DENIED
    assert evaluate((grant, guardrail), STOP, TRAIL).decision is Decision.ALLOWED
    assert evaluate((grant,), STOP, TRAIL, boundary=policy(allow(), *guardrail.statements)).decision \
        is Decision.ALLOWED
    assert evaluate((grant,), STOP, TRAIL, scps=(ScpLevel((policy(allow()), guardrail)),)).decision \
        is Decision.ALLOWED
    # a Version IAM does not accept rejects the document too; an absent one is 2008-10-17
    for version, decision in (("2012-10-18", Decision.ALLOWED), ("2008-10-17", Decision.DENIED),
                              (None, Decision.DENIED), (UNKNOWN, Decision.DENIED)):
        versioned = Policy("v", (deny(actions=(STOP,)),), version=version)
        assert evaluate((grant, versioned), STOP, TRAIL).decision is decision
    # an Allow of a rejected policy still grants; one whose Effect is not known is at most a grant
    assert decide(allow(actions=(STOP,)), broken) is Decision.ALLOWED
    assert decide(Statement(UNKNOWN, actions=(STOP,), resources=("*",)), broken) is Decision.UNKNOWN
    assert evaluate((grant, policy(Statement(UNKNOWN, actions=(STOP,), resources=("*",)), broken)),
                    STOP, TRAIL).decision is Decision.ALLOWED
    assert evaluate((grant, policy(Statement(UNKNOWN, actions=(STOP,), resources=("*",)))),
                    STOP, TRAIL).decision is Decision.UNKNOWN


def test_a_statement_without_action_or_notaction_makes_iam_reject_its_policy() -> None:
    # every statement of the grammar has an <action_block>, "Action" or "NotAction"
    # (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html): a policy
    # with a statement that has neither never exists, so its guardrail Deny protects nothing
    grant = policy(allow(actions=(STOP,)), name="grant")
    actionless = Statement("Allow", resources=("*",))
    assert rejected(actionless) == ("actions", "has neither Action nor NotAction: IAM requires one of them")
    guardrail = policy(deny(actions=(STOP,)), actionless, name="guardrail")
    assert evaluate((grant, guardrail), STOP, TRAIL).decision is Decision.ALLOWED
    assert evaluate((grant,), STOP, TRAIL, boundary=policy(allow(), *guardrail.statements)).decision \
        is Decision.ALLOWED
    assert evaluate((grant,), STOP, TRAIL, scps=(ScpLevel((policy(allow()), guardrail)),)).decision \
        is Decision.ALLOWED
    # a NotAction alone, an Action written empty (not this statement's fault) and an Action not known
    # offline are not it
    for other in (Statement("Deny", not_actions=("s3:*",), resources=("*",)),
                  Statement("Deny", resources=("*",), written_empty=("Action",)),
                  Statement("Deny", actions=UNKNOWN, resources=("*",))):
        assert rejected(other) is None
    assert evaluate((grant, policy(deny(actions=(STOP,)), Statement("Deny", resources=("*",), written_empty=("Action",)))),
                    STOP, TRAIL).decision is Decision.DENIED


def test_a_sid_twice_makes_iam_reject_an_identity_policy_or_boundary_not_an_scp() -> None:
    # "In IAM, the Sid value must be unique within a JSON policy"
    # (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html)
    grant = policy(allow(actions=(STOP,)), name="grant")
    guardrail = policy(deny(actions=(STOP,), sid="Guard"), allow(actions=("s3:*",), sid="Guard"), name="g")
    assert repeated_sid(guardrail) == 1
    assert evaluate((grant, guardrail), STOP, TRAIL).decision is Decision.ALLOWED
    assert evaluate((grant,), STOP, TRAIL, boundary=policy(allow(), *guardrail.statements)).decision \
        is Decision.ALLOWED
    # the Organizations pages do not hold an SCP to it: its Deny stands
    assert evaluate((grant,), STOP, TRAIL, scps=(ScpLevel((policy(allow()), guardrail)),)).decision \
        is Decision.DENIED
    # no Sid, or an empty one, repeats nothing; Sids are compared as written (case-sensitive)
    for statements in ((deny(actions=(STOP,)), allow()), (deny(actions=(STOP,), sid=""), allow(sid="")),
                       (deny(actions=(STOP,), sid="Guard"), allow(sid="guard"))):
        assert repeated_sid(policy(*statements)) is None
        assert evaluate((grant, policy(*statements)), STOP, TRAIL).decision is Decision.DENIED
    assert repeated_sid(Policy("u", UNKNOWN)) is None


def test_a_sid_of_other_characters_makes_iam_reject_an_identity_policy_or_boundary_not_an_scp() -> None:
    # "For IAM policies, basic alphanumeric characters (A-Z,a-z,0-9) are the only allowed characters in
    # the Sid value" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html)
    grant = policy(allow(actions=(STOP,)), name="grant")
    for sid in ("Deny-Stop", "Deny Stop", "deny_stop", "Stmt.1", "Zürich", " "):
        guardrail = policy(allow(actions=("s3:*",), sid="Fine1"), deny(actions=(STOP,), sid=sid), name="g")
        assert sid_outside_alphabet(guardrail) == 1
        # the guardrail never exists in IAM: its Deny protects nothing, as identity policy or boundary
        assert evaluate((grant, guardrail), STOP, TRAIL).decision is Decision.ALLOWED
        assert evaluate((grant,), STOP, TRAIL, boundary=policy(allow(), *guardrail.statements)).decision \
            is Decision.ALLOWED
        # "some services allow additional characters such as spaces in the Sid value": an SCP's Deny stands
        assert evaluate((grant,), STOP, TRAIL, scps=(ScpLevel((policy(allow()), guardrail)),)).decision \
            is Decision.DENIED
    for sid in (None, "", "AllowTrails", "Stmt1446057698000", "1"):
        guardrail = policy(deny(actions=(STOP,), sid=sid), name="g")
        assert sid_outside_alphabet(guardrail) is None
        assert evaluate((grant, guardrail), STOP, TRAIL).decision is Decision.DENIED
    assert sid_outside_alphabet(Policy("u", UNKNOWN)) is None


@given(st.text(max_size=8))
def test_a_sid_is_held_to_ascii_letters_and_digits(sid: str) -> None:
    ascii_alphanumeric = all(char.isascii() and char.isalnum() for char in sid)
    assert (sid_outside_alphabet(policy(deny(sid=sid))) is None) is ascii_alphanumeric


def test_a_statement_without_resource_makes_iam_reject_an_identity_policy_or_boundary() -> None:
    # "Statements must include either a Resource or a NotResource element"
    # (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html): the
    # guardrail Deny beside such a statement never exists; the statement itself covers nothing
    grant = policy(allow(actions=(STOP,)), name="grant")
    bare = Statement("Deny", actions=("cloudtrail:DeleteTrail",))
    guardrail = policy(deny(actions=(STOP,)), bare, name="g")
    assert without_resource(guardrail) == 1
    assert evaluate((grant, guardrail), STOP, TRAIL).decision is Decision.ALLOWED
    assert evaluate((grant,), STOP, TRAIL, boundary=policy(allow(), *guardrail.statements)).decision \
        is Decision.ALLOWED
    assert evaluate((policy(allow(), bare),), STOP, TRAIL).decision is Decision.ALLOWED   # its Allows still grant
    # an SCP is not held to it here (the Organizations pages do not say so): its Deny stands
    assert evaluate((grant,), STOP, TRAIL, scps=(ScpLevel((policy(allow()), guardrail)),)).decision \
        is Decision.DENIED
    # NotResource counts, and so does a Resource written as an empty list (it matches nothing)
    for other in (Statement("Deny", actions=("s3:*",), not_resources=("*",)),
                  Statement("Deny", actions=("s3:*",), written_empty=("Resource",))):
        assert without_resource(policy(deny(actions=(STOP,)), other)) is None
        assert evaluate((grant, policy(deny(actions=(STOP,)), other)), STOP, TRAIL).decision is Decision.DENIED
    assert without_resource(Policy("u", UNKNOWN)) is None


def test_a_principal_in_a_layer_policy_makes_iam_reject_it() -> None:
    # an identity-based policy, a boundary or an SCP that names a principal is rejected (TL221): its
    # guardrail Deny never exists, whichever statement names the principal
    grant = policy(allow(actions=(STOP,)), name="grant")
    named = Statement("Deny", (STOP,), resources=("*",), principals={"AWS": ("*",)})
    beside = Statement("Allow", ("s3:GetObject",), resources=("*",), not_principals={"AWS": ("arn:aws:iam::1:root",)})
    for guardrail in (policy(named, name="g"), policy(deny(actions=(STOP,)), beside, name="g")):
        assert evaluate((grant, guardrail), STOP, TRAIL).decision is Decision.ALLOWED
        assert evaluate((grant,), STOP, TRAIL, boundary=policy(allow(), *guardrail.statements)).decision \
            is Decision.ALLOWED
        assert evaluate((grant,), STOP, TRAIL, scps=(ScpLevel((policy(allow()), guardrail)),)).decision \
            is Decision.ALLOWED
    assert evaluate((grant, policy(deny(actions=(STOP,)))), STOP, TRAIL).decision is Decision.DENIED


def test_action_patterns_outside_the_documented_form_decide_only_where_they_cannot_cover() -> None:
    # An action is "*" or service:name, the service without wildcards
    # (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html);
    # IAM rejects other patterns or reads them as text: a statement is not known to cover an action by them.
    for loose in ("*Logging", "cloudtrail*", "cloud*:StopLogging", "*:*", "*:StopLogging"):
        assert decide(allow(actions=(loose,))) is Decision.UNKNOWN, loose
        assert decide(allow(actions=("cloudtrail:*", loose))) is Decision.UNKNOWN, loose
        assert decide(allow(), deny(actions=(loose,))) is Decision.UNKNOWN, loose
    assert decide(allow(actions=("s3*",))) is Decision.DENIED            # no reading covers StopLogging
    assert decide(allow(actions=("cloudtrail:*:x",))) is Decision.DENIED
    assert decide(allow(actions=(), not_actions=("*Logging",))) is Decision.DENIED
    assert decide(allow(actions=(), not_actions=("s3*",))) is Decision.UNKNOWN
    assert decide(allow(actions=("CloudTrail:Stop?ogging",))) is Decision.ALLOWED   # documented, any case


def test_a_star_ending_a_segment_decides_only_what_it_decides_kept_in_its_segment() -> None:
    # "If the * wildcard is the last character of a resource ARN segment, it can expand to match beyond
    # the colon boundaries" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html):
    # a match that needs it to cross is not known; one that does not need it is.
    stream = "arn:aws:logs:us-east-1:123456789012:log-group:audit:log-stream:123456789012_CloudTrail_us-east-1"
    assert resource_matches("arn:aws:logs:us-east-1:1234*:audit:log-stream:*", stream) is UNKNOWN
    assert resource_matches("arn:aws:logs:us-east-1:1234*:log-group:audit:*", stream) is True
    assert resource_matches("arn:aws:logs:us-east-1:9*:audit:*", stream) is False
    assert resource_matches("arn:aws:cloudtrail:*:*:trail/main", TRAIL) is True
    unknown_account = ResourceArn(("arn", "aws", "cloudtrail", "us-east-1", UNKNOWN, "trail/main"))
    assert resource_matches("arn:aws:cloudtrail:*:*:trail/main", unknown_account) is True
    assert decide(Statement("Allow", actions=("logs:*",), not_resources=("arn:aws:logs:us-east-1:1234*:audit:log-stream:*",)),
                  action="logs:CreateLogStream", resource=stream) is Decision.UNKNOWN


def test_boundary_and_scps() -> None:
    identity = (policy(allow()),)
    read_only = policy(allow(actions=("cloudtrail:Get*",)))
    assert evaluate(identity, STOP, TRAIL, boundary=read_only).decision is Decision.DENIED
    assert evaluate(identity, "cloudtrail:GetTrail", TRAIL, boundary=read_only).decision is Decision.ALLOWED
    assert evaluate(identity, STOP, TRAIL, boundary=Policy("b", UNKNOWN)).decision is Decision.UNKNOWN
    full = policy(allow(actions=("*",)))
    guard = policy(deny(actions=("cloudtrail:StopLogging",)))
    assert evaluate(identity, STOP, TRAIL, scps=(ScpLevel((full,)),)).decision is Decision.ALLOWED
    assert evaluate(identity, STOP, TRAIL, scps=(ScpLevel((full, guard)),)).decision is Decision.DENIED
    assert evaluate(identity, STOP, TRAIL, scps=(ScpLevel((full,)), ScpLevel((read_only,)))).decision is Decision.DENIED
    because = evaluate(identity, STOP, TRAIL, scps=(ScpLevel((full, guard)),)).because
    assert [(b.policy, b.statement) for b in because] == [("p", "statement 1")]


# --- properties -------------------------------------------------------------------------

def reference_match(pattern: str, text: str, star_crosses_colon) -> bool:
    """Brute-force glob matcher, independent of the regex translation."""
    if not pattern:
        return not text
    head = pattern[0]
    if head == "*":
        return any(star_crosses_colon(pattern, cut, text) and reference_match(pattern[1:], text[cut:],
                                                                              star_crosses_colon)
                   for cut in range(len(text) + 1))
    if not text:
        return False
    if head == "?":
        return (text[0] != ":" or star_crosses_colon(pattern, None, text)) and \
            reference_match(pattern[1:], text[1:], star_crosses_colon)
    return head == text[0] and reference_match(pattern[1:], text[1:], star_crosses_colon)


@given(st.text("ab*?:", max_size=7), st.text("ab:", max_size=7))
def test_action_matches_against_brute_force(pattern: str, action: str) -> None:
    expected = reference_match(pattern.lower(), action.lower(), lambda *_: True)
    assert action_matches(pattern, action) is expected
    assert action_matches(pattern.upper(), action) is expected


@given(st.text("aB*?:", max_size=8), st.text("aB:", max_size=8))
def test_arn_matches_against_brute_force(pattern: str, arn: str) -> None:
    # The reference works on the segment structure directly: a `*`/`?` in the first five
    # segments cannot consume a colon unless the `*` is the last character of its segment;
    # in the resource part (after the fifth colon) anything goes.
    def allowed(pat: str, cut: int | None, text: str) -> bool:
        position = len(pattern) - len(pat)
        in_resource = pattern[:position].count(":") >= 5
        if in_resource:
            return True
        if cut is None:                 # `?` on a colon
            return False
        ends_segment = position + 1 == len(pattern) or pattern[position + 1] == ":"
        return ends_segment or ":" not in text[:cut]

    assert arn_matches(pattern, arn) is reference_match(pattern, arn, allowed)


@given(st.text("ab*?", max_size=6), st.text("abAB", max_size=6))
def test_arn_matches_is_case_sensitive(pattern: str, arn: str) -> None:
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    assert arn_matches(pattern, arn) is (re.fullmatch(regex, arn) is not None)


def test_short_arns_in_not_resource_against_star_are_unknown() -> None:
    # Undocumented: does NotResource "arn:aws:cloudtrail:*" exclude the "*" of DescribeTrails?
    guard = allow(actions=("cloudtrail:DescribeTrails",), resources=(), not_resources=("arn:aws:cloudtrail:*",))
    assert decide(guard, action="cloudtrail:DescribeTrails", resource=ANY_RESOURCE) is Decision.UNKNOWN
    full = allow(actions=("cloudtrail:DescribeTrails",), resources=(), not_resources=(TRAIL,))
    assert decide(full, action="cloudtrail:DescribeTrails", resource=ANY_RESOURCE) is Decision.ALLOWED
    assert decide(guard, resource=TRAIL) is Decision.DENIED


def test_an_explicit_deny_in_an_scp_explains_a_denial() -> None:
    guard = policy(deny(actions=(STOP,)), name="guard")
    result = evaluate((policy(allow(actions=("s3:*",))),), STOP, TRAIL, scps=(ScpLevel((guard,)),))
    assert result.decision is Decision.DENIED
    assert [(b.policy, b.statement) for b in result.because] == [("guard", "statement 1")]


def test_policy_variables_are_unknown() -> None:
    named = allow(resources=("arn:aws:cloudtrail:us-east-1:123456789012:trail/${aws:username}",))
    assert decide(named) is Decision.UNKNOWN
    other_region = allow(resources=("arn:aws:cloudtrail:eu-west-1:123456789012:trail/${aws:username}",))
    assert decide(other_region) is Decision.DENIED


ARN_PARTS = st.sampled_from(["arn", "aws", "cloudtrail", "us-east-1", "123456789012", "trail/main", "a", "b",
                             "", "*", "?", "a*", "*a", "a?b", "${aws:username}", "${*}", "t:x", "**"])


@given(st.lists(ARN_PARTS, max_size=8), st.lists(st.sampled_from(["arn", "aws", "a", "b", "", "ab", "a:b",
                                                                 "trail/main", "us-east-1", "*", "?"]), max_size=8))
def test_arn_glob_is_the_regex(pattern_parts: list[str], arn_parts: list[str]) -> None:
    # The matcher without regexes (pieces between colon-crossing `*`) must decide as the regex does.
    pattern, arn = ":".join(pattern_parts), ":".join(arn_parts)
    assert arn_matches(pattern, arn) is (_arn_regex(pattern).fullmatch(arn) is not None)


@given(st.text("ab*?:$", max_size=12), st.text("ab:*?", max_size=12))
def test_arn_glob_is_the_regex_on_any_text(pattern: str, arn: str) -> None:
    assert arn_matches(pattern, arn) is (_arn_regex(pattern).fullmatch(arn) is not None)


@given(st.lists(ARN_PARTS, min_size=1, max_size=7), st.sampled_from(["alice", "a*b", "", "a:b"]),
       st.lists(st.sampled_from(["arn", "aws", "a", "b", "", "alice", "trail/main", "*"]), max_size=7))
def test_resource_matches_with_variables_is_the_regex(pattern_parts: list[str], username: str,
                                                       arn_parts: list[str]) -> None:
    # Policy variables are substituted before matching; the answer must not depend on the matcher.
    from unittest import mock

    from trail_lint.iam import evaluator
    from trail_lint.iam.evaluator import RequestContext
    pattern, arn = ":".join(pattern_parts), ":".join(arn_parts)
    context = RequestContext(values=(("aws:username", username),))
    fast = resource_matches(pattern, arn, context), resource_matches(pattern, ResourceArn(
        ("arn", "aws", "cloudtrail", UNKNOWN, "123456789012", "trail/main")), context)
    with mock.patch.object(evaluator, "_arn_glob", evaluator._arn_regex_test):
        slow = resource_matches(pattern, arn, context), resource_matches(pattern, ResourceArn(
            ("arn", "aws", "cloudtrail", UNKNOWN, "123456789012", "trail/main")), context)
    assert fast == slow


# --- Patterns outside the documented ARN grammar (found against iam-simulate) -----------------
# Only the answers every reading of such a pattern gives are decided; the others are UNKNOWN
# (evaluator.readings).

def test_service_in_capitals_matches_nothing_for_certain() -> None:
    # "arn:aws:CloudTrail:*:*": ArnLike is case-sensitive, IAM Access Analyzer rejects the
    # service's case and iam-simulate matches it case-insensitively: not a grant, not a denial.
    capitals = "arn:aws:CloudTrail:*:*"
    assert resource_matches(capitals, "arn:aws:cloudtrail:eu-west-1:123456789012:eventdatastore/main") is UNKNOWN
    assert decide(allow(resources=(capitals,))) is Decision.UNKNOWN
    assert decide(allow(resources=("arn:aws:cloudtrail:*:*",))) is Decision.ALLOWED
    # where no reading matches, the answer stands
    assert resource_matches("arn:aws:CloudTrail:eu-west-1:*", TRAIL) is False
    assert decide(allow(resources=("arn:aws-cn:CloudTrail:*",))) is Decision.DENIED


def test_region_in_capitals_through_the_access_matrix() -> None:
    from trail_lint.iam.masks import ActionMasks, MaskEvaluator
    masks = MaskEvaluator([TRAIL, "arn:aws:cloudtrail:eu-west-1:123456789012:trail/main"], ActionMasks((STOP,)))
    statement = allow(actions=(STOP,), resources=("arn:aws:cloudtrail:US-EAST-1:123456789012:trail/main",))
    assert masks.resource_masks(statement) == (0, 0b01)


def test_star_ending_a_middle_segment_of_a_short_arn_is_unknown() -> None:
    # "arn:aws:cloud*:*trail*": read literally, `cloud*` runs across colons and the pattern matches a
    # trail; padded to six segments (as iam-simulate reads it) the Region must hold "trail".
    assert resource_matches("arn:aws:cloud*:*trail*", TRAIL) is UNKNOWN
    assert decide(allow(resources=(), not_resources=("arn:aws:cloud*:*trail*",))) is Decision.UNKNOWN
    # a short ARN whose readings agree is decided: `*trail*` in the Region ends the pattern
    assert resource_matches("arn:*:cloudtrail:*trail*", TRAIL) is False
    assert resource_matches("arn:aws:cloudtrail:*", TRAIL) is True


def test_short_arn_without_a_wildcard_is_unknown() -> None:
    # Not an ARN: matched as written it names nothing; padded with `*` it names every CloudTrail resource.
    assert resource_matches("arn:aws:cloudtrail", TRAIL) is UNKNOWN
    assert resource_matches("arn:aws:s3", TRAIL) is False


def test_wildcard_in_the_resource_type_is_unknown() -> None:
    # "*/main", "tr?il/*": the resource type is not a place for wildcards; iam-simulate matches it literally.
    assert resource_matches("arn:aws:cloudtrail:us-east-1:123456789012:*/main", TRAIL) is UNKNOWN
    assert resource_matches("arn:aws:cloudtrail:us-east-1:123456789012:tr?il/*", TRAIL) is UNKNOWN
    assert resource_matches("arn:aws:cloudtrail:us-east-1:123456789012:*/other", TRAIL) is False
    # a wildcard after the type, or a resource part without a type separator, is the documented glob
    assert resource_matches("arn:aws:cloudtrail:us-east-1:123456789012:trail/*", TRAIL) is True
    assert resource_matches("arn:aws:cloudtrail:us-east-1:123456789012:trail*", TRAIL) is True


def test_policy_variables_need_version_2012_10_17() -> None:
    # "If you do not include a Version element, the value defaults to 2008-10-17 ... variables such
    # as ${aws:username} aren't recognized as variables and are instead treated as literal strings"
    # (IAM JSON policy elements: Version). iam-simulate substitutes them whatever the Version.
    import json

    from trail_lint.iam.evaluator import RequestContext
    from trail_lint.model import Origin
    from trail_lint.normalise.policy_json import UNKNOWN_TEXT, parse_policy, parse_policy_string

    statement = {"Effect": "Allow", "Action": "cloudtrail:StopLogging",
                 "Resource": "arn:aws:cloudtrail:us-east-1:123456789012:trail/${aws:username}"}
    main = RequestContext(values=(("aws:username", "main"),))

    def decision(parsed: Policy) -> Decision:
        return evaluate((parsed,), STOP, TRAIL, context=main).decision

    here = Origin("policy.json", ())
    for version, expected in (("2012-10-17", Decision.ALLOWED), ("2008-10-17", Decision.DENIED),
                              (None, Decision.DENIED)):
        document = {"Statement": [statement]} | ({"Version": version} if version else {})
        assert decision(parse_policy(document, name="p", origin=here)) is expected, version
        assert decision(parse_policy_string(json.dumps(document), name="p", origin=here)) is expected, version
    literal = parse_policy({"Statement": [statement]}, name="p", origin=here)
    assert resource_matches(literal.statements[0].resources[0], TRAIL.replace("main", "${aws:username}")) is True
    # a reader whose documents spell holes of their own as ${...} (CloudFormation) opts out
    assert decision(parse_policy({"Statement": [statement]}, name="p", origin=here, versioned=False)) \
        is Decision.ALLOWED
    # a Version known only after apply: whether these are variables is not known
    unknown = parse_policy_string(json.dumps({"Version": UNKNOWN_TEXT, "Statement": [statement]}), name="p",
                                  origin=here)
    assert unknown.statements[0].resources is UNKNOWN
    assert decision(unknown) is Decision.UNKNOWN


def test_a_resource_that_is_no_arn_is_unknown() -> None:
    # "*?il/main", "a*ws:cloudtrail:…", "zz": IAM wants an ARN or "*"; read by ARN segments such
    # text matches nothing, and iam-simulate lets it match every resource.
    assert resource_matches("*?il/main", TRAIL) is UNKNOWN
    assert resource_matches("a*ws:cloudtrail:us-east-1:123456789012:trail?main", TRAIL) is UNKNOWN
    assert resource_matches("zz", TRAIL) is UNKNOWN
    assert decide(allow(resources=("a?2",))) is Decision.UNKNOWN
    assert decide(allow(), deny(resources=("arn*tra?l/main",))) is Decision.UNKNOWN
    assert resource_matches("*", TRAIL) is True
    assert decide(allow(resources=("arn:aws:s3:::bucket/*",))) is Decision.DENIED


def test_a_resource_that_is_no_arn_through_the_access_matrix() -> None:
    from trail_lint.iam.masks import ActionMasks, MaskEvaluator
    masks = MaskEvaluator([TRAIL, "arn:aws:cloudtrail:eu-west-1:123456789012:trail/other"], ActionMasks((STOP,)))
    assert masks.resource_masks(allow(actions=(STOP,), resources=("*?il/main",))) == (0, 0b11)


def test_a_literal_variable_is_shown_as_its_policy_wrote_it(tmp_path: object) -> None:
    # A version-less policy reads ${aws:username} as text (kept in the evaluator's ${$} escape):
    # TL404 and `trail-lint inventory` show the pattern as the policy wrote it.
    import contextlib
    import io
    import json
    from pathlib import Path

    from trail_lint.cli import main
    from trail_lint.iam.evaluator import as_written

    written = "arn:aws:cloudtrail:us-east-1:111122223333:trail/${aws:username}-x"
    folder = Path(str(tmp_path))
    (folder / "policy.json").write_text(json.dumps(
        {"Statement": [{"Effect": "Allow", "Action": "cloudtrail:StopLogging", "Resource": written}]}))
    (folder / "trails.json").write_text(json.dumps({"trailList": [{
        "Name": "main", "S3BucketName": "b", "IsMultiRegionTrail": True, "HomeRegion": "us-east-1",
        "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/main"}]}))

    def output(*args: str) -> str:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
            main([*args, str(folder), "--account", "111122223333"])
        return out.getvalue()

    tl404 = [f for f in json.loads(output("--format", "json"))["findings"] if f["rule"] == "TL404"]
    assert [f["message"].split("'")[1] for f in tl404] == [written]
    inventory = output("inventory", "--format", "json")
    assert written in inventory and "${$}" not in inventory
    assert as_written("trail/${$}{aws:userid}/${*}") == "trail/${aws:userid}/${*}"
