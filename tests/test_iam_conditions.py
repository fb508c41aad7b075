"""Conditions the principal alone settles, as the condition operators page documents them.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html:
"If the key that you specify in a policy condition is not present in the request context, the
values do not match and the condition is false. If the policy condition requires that the key is
not matched, such as StringNotLike or ArnNotLike, and the right key is not present, the condition
is true. This logic applies to all condition operators except ...IfExists and Null check."
"""
from __future__ import annotations

import fnmatch
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trail_lint.iam.conditions import (
    condition_holds,
    conditions_hold,
    depends_on_principal,
    grammar_spelling,
    spelt_otherwise,
    value_text,
)
from trail_lint.iam.evaluator import NO_CONTEXT, Decision, RequestContext, ScpLevel, evaluate
from trail_lint.model import UNKNOWN, Condition, Policy, Statement

TRAIL = "arn:aws:cloudtrail:us-east-1:123456789012:trail/main"
STOP = "cloudtrail:StopLogging"
# An IAM user with one tag: its name, ARN and tags are known; other tags are absent.
USER = RequestContext((("aws:username", "alice"), ("aws:principalarn", "arn:aws:iam::123456789012:user/alice"),
                       ("aws:principaltag/team", "audit")), ("aws:principaltag/",))
ROLE = RequestContext((("aws:username", None), ("aws:principalarn", "arn:aws:iam::123456789012:role/admin")))


def holds(operator: str, key: str, *values: object, context: RequestContext = USER) -> object:
    return condition_holds(Condition(operator, key, values), context.get)


@pytest.mark.parametrize("operator, key, values, expected", [
    ("StringEquals", "aws:PrincipalTag/team", ("audit",), True),
    ("StringEquals", "aws:principaltag/TEAM", ("audit",), True),         # key names are case-insensitive
    ("StringEquals", "aws:PrincipalTag/team", ("Audit",), False),        # values are not
    ("StringEqualsIgnoreCase", "aws:PrincipalTag/team", ("AUDIT",), True),
    ("StringEquals", "aws:PrincipalTag/team", ("ops", "audit"), True),   # any value may match
    ("StringNotEquals", "aws:PrincipalTag/team", ("ops", "audit"), False),   # a negated operator: none may
    ("StringLike", "aws:PrincipalArn", ("arn:aws:iam::*:user/a?ice",), True),
    ("StringNotLike", "aws:username", ("a*",), False),
    ("ArnLike", "aws:PrincipalArn", ("arn:aws:iam::*:user/*",), True),
    ("ArnNotLike", "aws:PrincipalArn", ("arn:aws:iam::123456789012:role/admin",), True),
    ("ArnLike", "aws:PrincipalArn", ("arn:aws:iam::*",), False),       # six parts, each matched on its own
    # an absent key: false, except for negated operators, ...IfExists, Null and ForAllValues
    ("StringEquals", "aws:PrincipalTag/cost", ("x",), False),
    ("StringNotEquals", "aws:PrincipalTag/cost", ("x",), True),
    ("StringEqualsIfExists", "aws:PrincipalTag/cost", ("x",), True),
    ("Null", "aws:PrincipalTag/cost", ("true",), True),
    ("Null", "aws:PrincipalTag/team", ("true",), False),
    ("Null", "aws:PrincipalTag/team", ("false",), True),
    ("ForAllValues:StringEquals", "aws:PrincipalTag/cost", ("x",), True),
    ("ForAnyValue:StringEquals", "aws:PrincipalTag/cost", ("x",), False),
    # ForAnyValue on an absent key is false, IfExists or not (the multivalued context keys page: "For
    # no matching context key or a null dataset, the condition returns false"; AWS denies so:
    # https://repost.aws/questions/QU9HFmDzP0QGuU-fd7rS6B7w/foranyvalue-stringequalsifexists-behaving-unexpectedly)
    ("ForAnyValue:StringEqualsIfExists", "aws:PrincipalTag/cost", ("x",), False),
    ("ForAnyValue:StringNotEqualsIfExists", "aws:PrincipalTag/cost", ("x",), False),
    ("ForAllValues:StringEqualsIfExists", "aws:PrincipalTag/cost", ("x",), True),
    ("ForAllValues:StringNotLikeIfExists", "cloudtrail:TrailName", ("x",), True),
    # CloudTrail has no service-specific condition keys: no request carries one
    ("StringEquals", "cloudtrail:TrailName", ("main",), False),
    ("StringNotEquals", "cloudtrail:TrailName", ("main",), True),
])
def test_conditions_on_keys_the_principal_fixes(operator: str, key: str, values: tuple, expected: bool) -> None:
    assert holds(operator, key, *values) is expected


# A set operator on a single-valued key: "Single-valued condition context keys have at most one value
# in the request context"; ForAllValues "returns true if every context key value in the request
# matches at least one context key value in the policy", ForAnyValue "tests whether at least one
# member of the set of request context key values matches": on a set of one value both ask what the
# operator they qualify asks (the page advises against them there, and does not say IAM rejects them).
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
@pytest.mark.parametrize("operator, key, values, expected", [
    ("ForAnyValue:StringEquals", "aws:username", ("alice",), True),
    ("ForAnyValue:StringEquals", "aws:username", ("bob", "carol"), False),
    ("ForAllValues:StringEquals", "aws:username", ("bob", "alice"), True),
    ("ForAllValues:StringEquals", "aws:username", ("bob",), False),
    ("ForAllValues:StringNotEquals", "aws:username", ("bob",), True),
    ("ForAnyValue:StringNotEquals", "aws:username", ("alice",), False),
    ("ForAnyValue:StringLikeIfExists", "aws:PrincipalTag/team", ("au*",), True),
    ("ForAllValues:StringEqualsIgnoreCase", "aws:PrincipalTag/team", ("AUDIT",), True),
    ("ForAnyValue:ArnLike", "aws:PrincipalArn", ("arn:aws:iam::*:user/*",), True),
    ("ForAllValues:ArnNotLike", "aws:PrincipalArn", ("arn:aws:iam::*:user/*",), False),
])
def test_set_operators_on_a_key_of_one_value_test_that_value(operator: str, key: str, values: tuple,
                                                             expected: bool) -> None:
    assert holds(operator, key, *values) is expected
    unqualified = operator.split(":", 1)[1]
    assert holds(unqualified, key, *values) is expected


def test_set_operators_on_a_multivalued_key_are_not_read_as_one_value() -> None:
    """aws:PrincipalOrgPaths is multivalued (the global condition keys page): one value known is not
    the request's set."""
    paths = RequestContext((("aws:principalorgpaths", "o-a/r-root/ou-a/"),))
    assert holds("ForAnyValue:StringLike", "aws:PrincipalOrgPaths", "o-a/*", context=paths) is UNKNOWN
    assert holds("ForAllValues:StringLike", "aws:PrincipalOrgPaths", "o-b/*", context=paths) is UNKNOWN


@pytest.mark.parametrize("operator, key, values", [
    ("StringEquals", "aws:RequestedRegion", ("us-east-1",)),        # request context
    ("StringEquals", "aws:ResourceTag/env", ("prod",)),
    ("StringEquals", "aws:PrincipalOrgID", ("o-abc",)),
    ("StringMatches", "aws:username", ("alice",)),                  # no operator of the grammar
    ("NumericEquals", "aws:username", ("1",)),                      # not decided here
    ("ForAnyValue:Null", "aws:username", ("false",)),               # a qualified Null: no page shows one
    ("StringEquals", "aws:username", ()),                           # no value
    ("StringEquals", "aws:username", ("${aws:SourceIdentity}",)),   # a variable the principal does not settle
    ("StringEquals", "aws:username", ("${aws:PrincipalTag/cost,'alice'}",)),  # another separator than ", "
    ("StringLike", "aws:username", ("a${*}",)),                     # a literal `*` no pattern can write
    ("StringEquals", "aws:username", ("${aws:ResourceTag/team, 'alice'}",)),  # decided per trail, not here
    ("StringLike", "aws:username", ("${aws:PrincipalTag/cost, 'a*'}",)),  # a wildcard a variable brings
    ("ArnEquals", "aws:PrincipalArn", ("arn:aws:iam::123456789012:user/${aws:username}",)),  # string comparisons only
    ("Null", "aws:username", ("yes",)),
    # Key names are not case-sensitive (Condition element page); for operator names the pages
    # document only the grammar's spelling, so another spelling is not read either way, present
    # key or absent (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html)
    ("stringnotequals", "aws:PrincipalTag/cost", ("x",)),
    ("STRINGEQUALS", "aws:PrincipalTag/cost", ("x",)),
    ("numericlessthan", "cloudtrail:TrailName", ("1",)),
    ("stringequals", "aws:username", ("alice",)),
    ("stringnotequalsIfExists", "aws:PrincipalTag/cost", ("x",)),
    ("ForAllValues:stringequals", "aws:PrincipalTag/cost", ("x",)),
])
def test_what_is_not_settled_stays_unknown(operator: str, key: str, values: tuple) -> None:
    assert holds(operator, key, *values) is UNKNOWN


@pytest.mark.parametrize("operator, key, value, expected", [
    # the key present: its value, whatever the default
    ("StringEquals", "aws:PrincipalTag/team", "${aws:PrincipalTag/team, 'none'}", True),
    ("StringEquals", "aws:PrincipalTag/team", "${aws:PrincipalTag/Team}", True),
    ("StringEquals", "aws:username", "${aws:PrincipalTag/team, 'alice'}", False),
    ("StringNotEquals", "aws:username", "${aws:PrincipalTag/team, 'alice'}", True),
    ("StringLike", "aws:PrincipalArn", "arn:aws:iam::*:user/${aws:username}", True),
    # the key absent: the default
    ("StringEquals", "aws:username", "${aws:PrincipalTag/cost, 'alice'}", True),
    ("StringEquals", "aws:username", "${aws:PrincipalTag/cost, 'none'}", False),
    ("StringEquals", "aws:PrincipalTag/team", "${aws:PrincipalTag/cost, 'audit'}", True),
    ("StringEqualsIgnoreCase", "aws:username", "${aws:PrincipalTag/cost, 'ALICE'}", True),
    ("StringLike", "aws:username", "a${aws:PrincipalTag/cost, 'li'}*", True),
    ("StringEquals", "aws:username", "${cloudtrail:TrailName, 'alice'}", True),     # no request carries it
    # the escapes of the literal characters
    ("StringEquals", "aws:username", "${*}", False),
    ("StringEquals", "aws:PrincipalTag/team", "au${$}dit", False),
    ("StringLike", "aws:username", "al${$}*", False),
])
def test_a_variable_the_principal_settles_decides_the_condition(operator: str, key: str, value: str,
                                                                 expected: bool) -> None:
    """Policy variables in string comparisons take the request's value, and a default "the default text
    that you provide" when the key is absent (Specifying default values).
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html"""
    assert holds(operator, key, value) is expected


@pytest.mark.parametrize("operator, values, expected", [
    ("StringEquals", ("${aws:PrincipalTag/cost}",), False),
    ("StringLike", ("${aws:PrincipalTag/cost}*",), False),
    ("StringEqualsIgnoreCase", ("user-${aws:PrincipalTag/cost}",), False),
    ("StringNotEquals", ("${aws:PrincipalTag/cost}",), True),
    ("StringNotLike", ("${aws:PrincipalTag/cost}",), True),
    # the other values of the operator still count: any may match; a negated operator, none
    ("StringEquals", ("${aws:PrincipalTag/cost}", "alice"), True),
    ("StringNotEquals", ("${aws:PrincipalTag/cost}", "alice"), False),
    ("StringNotEquals", ("${aws:PrincipalTag/cost}", "bob"), True),
])
def test_a_variable_without_value_is_null(operator: str, values: tuple, expected: bool) -> None:
    """"When you use a variable with no value in the condition element of an IAM policy, condition
    operators like StringEquals or StringLike do not match, and the policy statement does not take
    effect. Inverted condition operators like StringNotEquals or StringNotLike do match against a null
    value" (Policy variables with no value).
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html"""
    assert holds(operator, "aws:username", *values) is expected


def test_a_default_is_taken_exactly_when_the_key_is_absent() -> None:
    # a role's requests carry no aws:username; its session tags are request context
    assert holds("StringEquals", "aws:PrincipalArn", "arn:aws:iam::123456789012:role/${aws:username, 'admin'}",
                 context=ROLE) is True
    assert holds("StringEquals", "aws:PrincipalArn", "arn:aws:iam::123456789012:role/${aws:PrincipalTag/x, 'admin'}",
                 context=ROLE) is UNKNOWN
    deny = Statement("Deny", actions=(STOP,), resources=("*",),
                     conditions=(Condition("StringNotEquals", "aws:PrincipalTag/team",
                                           ("${aws:PrincipalTag/owner, 'audit'}",)),))
    allow = Statement("Allow", actions=(STOP,), resources=("*",))
    policy = (Policy("p", (allow, deny)),)
    assert evaluate(policy, STOP, TRAIL, context=USER).decision is Decision.ALLOWED
    owned = RequestContext((("aws:principaltag/team", "audit"), ("aws:principaltag/owner", "ops")),
                           ("aws:principaltag/",))
    assert evaluate(policy, STOP, TRAIL, context=owned).decision is Decision.DENIED


# The grammar's <condition_value> = ("string" | "number" | "Boolean"), and "Quotation marks are
# optional for numeric and Boolean values": an unquoted value is the quoted one.
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
ACCOUNT_USER = RequestContext((("aws:username", "alice"), ("aws:principalaccount", "123456789012")), ("aws:principaltag/",))


@pytest.mark.parametrize("operator, key, values, expected", [
    ("Null", "aws:PrincipalTag/cost", (True,), True),
    ("Null", "aws:PrincipalTag/cost", (False,), False),
    ("Null", "aws:username", (False,), True),
    ("Null", "cloudtrail:TrailName", (True,), True),
    ("StringEquals", "aws:PrincipalAccount", (123456789012,), True),
    ("StringNotEquals", "aws:PrincipalAccount", (210987654321, 123456789012), False),
    ("StringLike", "aws:PrincipalAccount", ("1234*", 5), True),
    ("StringEquals", "aws:username", (True,), False),
    ("StringNotEqualsIgnoreCase", "aws:username", (False,), True),
    # a number with a fraction or an exponent has no one text once read (1.50 and 1.5 alike), null none
    ("StringEquals", "aws:PrincipalAccount", (123456789012.0,), UNKNOWN),
    ("StringNotEquals", "aws:username", (1.5,), UNKNOWN),
    ("StringEquals", "aws:username", (None,), UNKNOWN),
])
def test_json_numbers_and_booleans_are_their_text(operator: str, key: str, values: tuple, expected: object) -> None:
    assert holds(operator, key, *values, context=ACCOUNT_USER) is expected


@given(st.one_of(st.booleans(), st.integers(), st.text()))
def test_a_value_is_compared_as_the_json_text_of_its_quoted_form(value: object) -> None:
    text = value_text(value)
    assert text == (value if isinstance(value, str) else json.dumps(value))
    # and so a condition with the unquoted value decides as the one with the quoted value
    for operator in ("StringEquals", "StringNotLike", "Null"):
        assert holds(operator, "aws:username", value, context=ACCOUNT_USER) \
            == holds(operator, "aws:username", text, context=ACCOUNT_USER)


def test_arn_operators_decide_only_what_every_reading_of_a_pair_that_is_no_arn_decides() -> None:
    # "each of the six colon-delimited components of the ARN is checked separately"
    # (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN):
    # undocumented for a pattern or a value that is no ARN. Read as written it matches nothing (a
    # negated operator holds); read as "no ARN, no answer" both operators fail.
    for operator in ("ArnLike", "ArnEquals", "ArnLikeIfExists"):
        assert holds(operator, "aws:PrincipalArn", "main") is False
        assert holds(operator, "aws:PrincipalArn", "*") is False
        assert holds(operator, "aws:username", "alice") is False            # a value that is no ARN
        assert holds(operator, "aws:PrincipalArn", "main", "arn:aws:iam::*:user/alice") is True
    for operator in ("ArnNotLike", "ArnNotEquals", "ArnNotLikeIfExists"):
        assert holds(operator, "aws:PrincipalArn", "main") is UNKNOWN
        assert holds(operator, "aws:PrincipalArn", "*") is UNKNOWN
        assert holds(operator, "aws:username", "alice") is UNKNOWN
        assert holds(operator, "aws:username", "arn:aws:iam::*:user/*") is UNKNOWN
        # a pattern that matches decides, whatever the others are
        assert holds(operator, "aws:PrincipalArn", "main", "arn:aws:iam::*:user/alice") is False
        # five components: the resource missing matches no resource, either way
        assert holds(operator, "aws:PrincipalArn", "arn:aws:iam::*") is True
        assert holds(operator, "aws:PrincipalArn", "arn:aws:iam::123456789012:role/admin") is True
    # another first component: the ARN as written does not match, read by its other parts it does
    assert holds("ArnLike", "aws:PrincipalArn", "ARN:aws:iam::123456789012:user/alice") is UNKNOWN
    assert holds("ArnNotLike", "aws:PrincipalArn", "ARN:aws:iam::123456789012:user/alice") is UNKNOWN
    assert holds("ArnLike", "aws:PrincipalArn", "*:aws:iam::123456789012:user/alice") is True


def test_a_role_carries_no_user_name_and_its_session_tags_are_request_context() -> None:
    assert holds("StringEquals", "aws:username", "admin", context=ROLE) is False
    assert holds("Null", "aws:username", "true", context=ROLE) is True
    assert holds("StringEquals", "aws:PrincipalTag/team", "audit", context=ROLE) is UNKNOWN
    assert holds("StringEquals", "aws:username", "alice", context=NO_CONTEXT) is UNKNOWN


def test_a_block_holds_when_every_condition_does() -> None:
    tag = Condition("StringEquals", "aws:PrincipalTag/team", ("audit",))
    region = Condition("StringEquals", "aws:RequestedRegion", ("us-east-1",))
    other = Condition("StringEquals", "aws:PrincipalTag/team", ("ops",))
    assert conditions_hold((tag,), USER.get) is True
    assert conditions_hold((tag, region), USER.get) is UNKNOWN
    assert conditions_hold((other, region), USER.get) is False
    assert conditions_hold(UNKNOWN, USER.get) is UNKNOWN
    assert depends_on_principal((region, tag)) and not depends_on_principal((region,))


def decide(*statements: Statement, context: RequestContext = USER) -> Decision:
    return evaluate((Policy("p", statements),), STOP, TRAIL, context=context).decision


def test_for_any_value_if_exists_on_a_key_no_request_carries_grants_and_protects_nothing() -> None:
    """ForAnyValue is false for a key the request lacks, with IfExists too (the multivalued context
    keys page; https://repost.aws/questions/QU9HFmDzP0QGuU-fd7rS6B7w): CloudTrail's requests carry no
    cloudtrail: key, so such an Allow grants nothing and such a Deny never applies."""
    allow_all = Statement("Allow", actions=("*",), resources=("*",))
    for operator in ("ForAnyValue:StringEqualsIfExists", "ForAnyValue:StringNotLikeIfExists"):
        absent = (Condition(operator, "cloudtrail:TrailName", ("main",)),)
        assert decide(Statement("Allow", actions=(STOP,), resources=("*",), conditions=absent)) is Decision.DENIED
        assert decide(allow_all, Statement("Deny", actions=(STOP,), resources=("*",), conditions=absent)) \
            is Decision.ALLOWED
    every = (Condition("ForAllValues:StringEqualsIfExists", "cloudtrail:TrailName", ("main",)),)
    assert decide(allow_all, Statement("Deny", actions=(STOP,), resources=("*",), conditions=every)) is Decision.DENIED


def test_statements_whose_conditions_the_principal_settles_are_decided() -> None:
    allow_all = Statement("Allow", actions=("*",), resources=("*",))
    team = (Condition("StringEquals", "aws:PrincipalTag/team", ("audit",)),)
    other_team = (Condition("StringEquals", "aws:PrincipalTag/team", ("ops",)),)
    assert decide(Statement("Allow", actions=(STOP,), resources=(TRAIL,), conditions=team)) is Decision.ALLOWED
    assert decide(Statement("Allow", actions=(STOP,), resources=(TRAIL,), conditions=other_team)) is Decision.DENIED
    assert decide(allow_all, Statement("Deny", actions=(STOP,), resources=("*",), conditions=team)) is Decision.DENIED
    assert decide(allow_all, Statement("Deny", actions=(STOP,), resources=("*",), conditions=other_team)) \
        is Decision.ALLOWED
    # the same policies for a role, whose session tags are not known
    assert decide(allow_all, Statement("Deny", actions=(STOP,), resources=("*",), conditions=team),
                  context=ROLE) is Decision.CONDITIONAL


VALUES = st.sampled_from(["audit", "Audit", "a*", "?udit", "ops", "*", ""])


@given(st.sampled_from(["StringEquals", "StringNotEquals", "StringLike", "StringNotLike", "StringEqualsIgnoreCase",
                        "StringNotEqualsIgnoreCase"]), st.booleans(), st.lists(VALUES, min_size=1, max_size=3),
       st.one_of(st.none(), VALUES))
def test_string_operators_against_their_definition(operator: str, if_exists: bool, values: list[str],
                                                   tag: str | None) -> None:
    context = RequestContext((("aws:principaltag/team", tag),) if tag is not None else (), ("aws:principaltag/",))
    result = holds(operator + ("IfExists" if if_exists else ""), "aws:PrincipalTag/team", *values, context=context)
    negated = "Not" in operator
    if tag is None:
        assert result is (True if if_exists else negated)
        return

    def matches(value: str) -> bool:
        if "Like" in operator:
            return fnmatch.fnmatchcase(tag, value.replace("[", "[[]"))
        return tag.lower() == value.lower() if "IgnoreCase" in operator else tag == value

    assert result is (not any(map(matches, values)) if negated else any(map(matches, values)))


def test_an_operator_outside_the_grammar_makes_the_statement_unknown() -> None:
    # IAM rejects the policy (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html);
    # what it would decide is not documented. Simulators read such a condition as false. A policy IAM
    # rejects never exists: its Deny protects nothing, its Allow is still reported as a possible grant.
    bogus = (Condition("StringMatches", "aws:username", ("alice",)),)
    allow_all = Statement("Allow", actions=("*",), resources=("*",))
    assert decide(Statement("Allow", actions=(STOP,), resources=("*",), conditions=bogus)) is Decision.UNKNOWN
    assert decide(allow_all, Statement("Deny", actions=(STOP,), resources=("*",), conditions=bogus)) \
        is Decision.ALLOWED
    guardrail = Policy("guardrail", (Statement("Deny", actions=(STOP,), resources=("*",), conditions=bogus),))
    assert evaluate((Policy("p", (allow_all,)), guardrail), STOP, TRAIL, context=USER).decision is Decision.ALLOWED
    for operator in ("ForAnyValue:StringLikeIfExists", "NumericLessThanEquals", "stringequals", "IpAddress", "Null"):
        valid = (Condition(operator, "aws:SourceIp", ("10.0.0.0/8",)),)
        assert decide(Statement("Allow", actions=(STOP,), resources=("*",), conditions=valid)) is Decision.CONDITIONAL
    assert decide(Statement("Allow", actions=(STOP,), resources=("*",),
                            conditions=(Condition("NullIfExists", "aws:SourceIp", ("true",)),))) is Decision.UNKNOWN


@pytest.mark.parametrize("operator, spelt", [
    ("StringEquals", "StringEquals"), ("stringEquals", "StringEquals"), ("STRINGEQUALS", "StringEquals"),
    ("StringEqualsIgnorecase", "StringEqualsIgnoreCase"), ("stringnotequalsifexists", "StringNotEqualsIfExists"),
    ("forallvalues:StringLike", "ForAllValues:StringLike"), ("ForAnyValue:arnlikeIFEXISTS", "ForAnyValue:ArnLikeIfExists"),
    ("null", "Null"), ("Bool", "Bool"), ("boolifexists", "BoolIfExists"),
    ("StringMatches", None), ("NullIfExists", None), ("StringEqualsIfExist", None), ("", None),
])
def test_an_operator_as_the_grammar_spells_it(operator: str, spelt: str | None) -> None:
    assert grammar_spelling(operator) == spelt
    condition = Condition(operator, "aws:username", ("alice",))
    assert (spelt_otherwise((condition,)) == condition) is (spelt not in (None, operator))


def test_an_operator_in_another_case_makes_iam_refuse_an_identity_policy() -> None:
    # Context key names are case-insensitive, operator names are not (the Condition element page says so of
    # key names only); IAM answers "MalformedPolicyDocument: Invalid Condition type : stringEquals"
    # (https://github.com/ministryofjustice/modernisation-platform-environments/pull/8893). The refused
    # policy's Deny protects nothing; what the misspelt condition itself decides is not read.
    allow_all = Statement("Allow", actions=("*",), resources=("*",))
    for operator in ("stringNotEquals", "StringNotequals", "STRINGNOTEQUALS"):
        misspelt = (Condition(operator, "aws:username", ("admin",)),)
        deny = Statement("Deny", actions=(STOP,), resources=("*",), conditions=misspelt)
        assert decide(allow_all, deny) is Decision.ALLOWED
        assert decide(Statement("Allow", actions=(STOP,), resources=("*",), conditions=misspelt)) \
            is Decision.CONDITIONAL
        # in another policy of the principal, the Deny of a policy IAM accepts still protects
        guard = Policy("guard", (Statement("Deny", actions=(STOP,), resources=("*",)),))
        assert evaluate((Policy("p", (allow_all, deny)), guard), STOP, TRAIL, context=USER).decision \
            is Decision.DENIED
    # spelt as the grammar spells it, the Deny protects alice
    spelt = (Condition("StringNotEquals", "aws:username", ("admin",)),)
    assert decide(allow_all, Statement("Deny", actions=(STOP,), resources=("*",), conditions=spelt)) is Decision.DENIED


def test_an_operator_in_another_case_in_an_scp_is_left_undecided() -> None:
    # Organizations' pages say nothing of the case of operator names: an SCP is not refused for it, and
    # its condition is not read, so its Deny may or may not apply
    misspelt = (Condition("stringNotEquals", "aws:username", ("admin",)),)
    scp = Policy("scp", (Statement("Allow", actions=("*",), resources=("*",)),
                         Statement("Deny", actions=(STOP,), resources=("*",), conditions=misspelt)))
    allow_all = Policy("p", (Statement("Allow", actions=("*",), resources=("*",)),))
    assert evaluate((allow_all,), STOP, TRAIL, scps=[ScpLevel((scp,))], context=USER).decision \
        not in (Decision.ALLOWED, Decision.DENIED)


def test_a_key_with_white_space_around_it_makes_the_statement_unknown() -> None:
    # Condition key names are documented case-insensitive, not with white space: " aws:username" may
    # be read as aws:username or as a key no request carries (simulators do the latter), so neither
    # an Allow nor a Deny on it is decided (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html).
    allow_all = Statement("Allow", actions=("*",), resources=("*",))
    for key in (" aws:username", "aws:username ", "\taws:PrincipalArn"):
        spaced = (Condition("StringEquals", key, ("alice",)),)
        assert decide(Statement("Allow", actions=(STOP,), resources=("*",), conditions=spaced)) is Decision.UNKNOWN
        assert decide(allow_all, Statement("Deny", actions=(STOP,), resources=("*",), conditions=spaced)) \
            is Decision.UNKNOWN
    same = (Condition("StringEquals", "AWS:UserName", ("alice",)),)
    assert decide(Statement("Allow", actions=(STOP,), resources=("*",), conditions=same)) is Decision.ALLOWED


@pytest.mark.parametrize("version, expected", [("2012-10-17", Decision.DENIED), ("2008-10-17", Decision.ALLOWED),
                                               (None, Decision.ALLOWED)])
def test_condition_values_read_variables_as_the_version_says(version: str | None, expected: Decision) -> None:
    """Policy variables exist in the policy language of 2012-10-17 only; elsewhere ${aws:username} is
    literal text (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html)."""
    from trail_lint.model import Origin
    from trail_lint.normalise.policy_json import parse_policy

    document: dict = {"Statement": [
        {"Effect": "Allow", "Action": STOP, "Resource": "*"},
        {"Effect": "Deny", "Action": STOP, "Resource": "*",
         "Condition": {"StringEquals": {"aws:PrincipalTag/team": "${aws:PrincipalTag/owner, 'audit'}"}}}]}
    if version:
        document["Version"] = version
    policy = parse_policy(document, name="p", origin=Origin("p.json", ()))
    assert evaluate((policy,), STOP, TRAIL, context=USER).decision is expected
    literal = RequestContext((("aws:principaltag/team", "${aws:PrincipalTag/owner, 'audit'}"),), ("aws:principaltag/",))
    assert evaluate((policy,), STOP, TRAIL, context=literal).decision is (
        Decision.ALLOWED if expected is Decision.DENIED else Decision.DENIED)


_NOBODY = RequestContext((), ())        # a principal the inputs do not name: aws:PrincipalArn unknown
_ACCOUNT_FIELDS = st.sampled_from(["*", "?", "12345678901*", "", "acct", "${aws:PrincipalAccount}x"])


@given(_ACCOUNT_FIELDS, st.sampled_from(["role/admin", "root", "user/*"]),
       st.sampled_from(["", "IgnoreCase"]))
def test_a_string_equality_with_no_principal_arn_in_it_is_decided_for_anyone(account, rest, case):
    """StringEquals compares text: `arn:aws:iam::*:role/admin` equals no principal's ARN, whose account
    is twelve digits (a `*` is a wildcard in StringLike and the ARN operators only). A Deny "unless
    StringNotEquals aws:PrincipalArn arn:aws:iam::*:role/admin" exempts nobody."""
    value = f"arn:aws:iam::{account}:{rest}"
    if "${" in value:
        return      # a policy variable: what it stands for is the principal's, not decided here
    assert holds(f"StringEquals{case}", "aws:PrincipalArn", value, context=_NOBODY) is False
    assert holds(f"StringNotEquals{case}", "aws:PrincipalArn", value, context=_NOBODY) is True
    assert holds(f"StringNotEquals{case}IfExists", "aws:PrincipalArn", value, context=_NOBODY) is True
    # ...IfExists holds where the key is missing; the ARN operators and StringLike read the wildcard
    assert holds(f"StringEquals{case}IfExists", "aws:PrincipalArn", value, context=_NOBODY) is UNKNOWN
    for operator in ("StringLike", "StringNotLike", "ArnEquals", "ArnNotLike", "ForAnyValue:StringNotEquals"):
        assert holds(operator, "aws:PrincipalArn", value, context=_NOBODY) is UNKNOWN


@pytest.mark.parametrize("value", ["arn:aws:iam::123456789012:role/admin", "arn:aws-cn:sts::123456789012:assumed-role/a/b",
                                   "ARN:AWS:IAM::123456789012:ROOT", "cloudtrail.amazonaws.com"])
def test_a_string_equality_that_may_name_a_principal_stays_open(value):
    """A value that is no IAM or STS ARN without an account ID is not decided: it may be a
    principal's ARN, or something the inputs do not know the key to hold."""
    assert holds("StringNotEqualsIgnoreCase", "aws:PrincipalArn", value, context=_NOBODY) is UNKNOWN
    if not value.startswith("ARN:"):
        assert holds("StringEquals", "aws:PrincipalArn", value, context=_NOBODY) is UNKNOWN
    # a value among them that may be a principal's keeps the whole condition open
    assert holds("StringNotEquals", "aws:PrincipalArn", "arn:aws:iam::*:role/x", value.lower(),
                 context=_NOBODY) is UNKNOWN
