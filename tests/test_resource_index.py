"""ResourceIndex: a pattern is matched only against the trails it can name, with the same answers.

MaskEvaluator's resource masks (which go through the index) must equal iam.resource_matches
asked resource by resource, for every pattern shape: literal, prefix, wildcards in any segment,
policy variables, and resources that are "*" or have unknown parts.
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.iam.evaluator import (
    ANY_RESOURCE,
    RequestContext,
    ResourceArn,
    arn_matches,
    not_resource_matches,
    resource_matches,
)
from trail_lint.iam.masks import MaskEvaluator
from trail_lint.iam.resource_index import ResourceIndex
from trail_lint.model import UNKNOWN

ACCOUNTS = ("111122223333", "444455556666", "111122223334")
REGIONS = ("us-east-1", "eu-west-1", "us-east-2")
NAMES = ("audit", "audit-eu", "team-1", "team-10", "Audit", "au*dit", "a?")
SEGMENTS = {
    "partition": st.sampled_from(["aws", "aws-cn", "*", "aws*"]),
    "service": st.sampled_from(["cloudtrail", "cloud*", "s3"]),
    "region": st.sampled_from([*REGIONS, "*", "us-*", "us-east-?", ""]),
    "account": st.sampled_from([*ACCOUNTS, "*", "1111*", "11112222333?", "${aws:PrincipalAccount}", ""]),
    "resource": st.sampled_from(["trail/audit", "trail/audit*", "trail/*", "trail/team-1?", "*", "trail/${aws:username}",
                                 "trail/audit:x", "trail/*-eu", "trail/au${*}dit", "trail/a${?}",
                                 "trail/${aws:username}-eu", "trail/${aws:SourceIdentity}"]),
}


@st.composite
def patterns(draw: st.DrawFn) -> str:
    shape = draw(st.sampled_from(["arn", "short", "any"]))
    if shape == "any":
        return draw(st.sampled_from(["*", "arn:*", "arn:aws:cloudtrail:*", "arn:aws:cloudtrail:us-east-1*"]))
    parts = ["arn", *(draw(SEGMENTS[key]) for key in ("partition", "service", "region", "account", "resource"))]
    return ":".join(parts[:5] if shape == "short" else parts)


def resources() -> st.SearchStrategy[str | ResourceArn]:
    arn = st.builds(lambda region, account, name: f"arn:aws:cloudtrail:{region}:{account}:trail/{name}",
                    st.sampled_from(REGIONS), st.sampled_from(ACCOUNTS), st.sampled_from(NAMES))
    partial = st.builds(lambda region, account, name: ResourceArn(("arn", "aws", "cloudtrail", region, account, name)),
                        st.sampled_from([*REGIONS, UNKNOWN]), st.sampled_from([*ACCOUNTS, UNKNOWN]),
                        st.sampled_from(["trail/audit", UNKNOWN]))
    return st.one_of(arn, partial, st.just(ANY_RESOURCE), st.just("arn:aws:cloudtrail:us-east-1:111122223333:x:y"))


CONTEXT = RequestContext((("aws:username", "audit"),))


@settings(max_examples=400, deadline=None)
@given(st.lists(resources(), max_size=12), patterns(), st.booleans())
def test_masks_through_the_index_equal_matching_every_resource(resources_, pattern: str, negated: bool) -> None:
    evaluator = MaskEvaluator(resources_)
    true, unknown = evaluator._pattern_masks(pattern, negated, CONTEXT)
    match = not_resource_matches if negated else resource_matches
    answers = [match(pattern, resource, CONTEXT) for resource in resources_]
    assert true == sum(1 << bit for bit, answer in enumerate(answers) if answer is True)
    assert unknown == sum(1 << bit for bit, answer in enumerate(answers) if answer is UNKNOWN)


@settings(max_examples=400, deadline=None)
@given(st.lists(resources(), max_size=12), patterns())
def test_candidates_hold_every_resource_a_pattern_may_match(resources_, pattern: str) -> None:
    index = ResourceIndex(resources_)
    candidates = index.candidates(pattern)
    assert list(candidates) == sorted(set(candidates))
    for bit, resource in enumerate(resources_):
        if resource_matches(pattern, resource, CONTEXT) is not False:
            assert bit in candidates


def test_a_pattern_naming_one_account_is_compared_with_that_account_only() -> None:
    arns = [f"arn:aws:cloudtrail:{region}:{account}:trail/t" for account in ACCOUNTS for region in REGIONS]
    index = ResourceIndex([*arns, ANY_RESOURCE])
    assert index.candidates(f"arn:aws:cloudtrail:*:{ACCOUNTS[1]}:trail/*") == (3, 4, 5, 9)
    assert index.candidates(f"arn:aws:cloudtrail:eu-west-1:{ACCOUNTS[1]}:trail/*") == (4, 9)
    assert index.candidates(f"arn:aws:cloudtrail:*:{ACCOUNTS[1]}:trail/t") == (3, 4, 5, 9)
    assert index.candidates("arn:aws:cloudtrail:*:*:trail/u") == (9,)     # no trail of that name
    assert index.candidates("arn:aws:cloudtrail:*:*:trail/t") == tuple(range(10))
    assert index.prefixed(f"arn:aws:cloudtrail:us-east-1:{ACCOUNTS[0]}:") == 0b1
    assert index.exact(arns[4]) == 1 << 4 and index.exact(arns[4] + "x") == 0


def test_a_pattern_with_a_wildcard_in_the_name_is_compared_with_the_names_it_starts_as() -> None:
    names = ("audit-1", "audit-10", "audit-2", "team-1", "audit", "auditz")
    arns = [f"arn:aws:cloudtrail:us-east-1:{ACCOUNTS[0]}:trail/{name}" for name in names]
    index = ResourceIndex([*arns, ANY_RESOURCE])
    assert index.candidates("arn:aws:cloudtrail:*:*:trail/audit-1*") == (0, 1, 6)
    assert index.candidates(f"arn:aws:cloudtrail:*:{ACCOUNTS[0]}:trail/audit-?") == (0, 1, 2, 6)
    assert index.candidates("arn:aws:cloudtrail:*:*:trail/audit*") == (0, 1, 2, 4, 5, 6)
    assert index.candidates("arn:aws:cloudtrail:*:*:trail/b*") == (6,)
    assert index.candidates("arn:aws:cloudtrail:*:*:*-1") == tuple(range(7))     # no text before the wildcard


@settings(max_examples=400, deadline=None)
@given(st.lists(resources(), max_size=12), patterns(), st.sampled_from([str.upper, str.lower, str.title, str]))
def test_near_holds_every_trail_a_hint_may_name(resources_, pattern: str, case) -> None:
    # TL404's hints: the trails in the pattern's account (all, if it names none) that the pattern
    # matches in any Region, or ignoring letter case. near() must hold each, and no other account's.
    pattern = case(pattern)
    parts = pattern.split(":", 5)
    account = parts[4] if len(parts) == 6 and "${" not in pattern and parts[4] and \
        not set("*?$") & set(parts[4]) else None
    any_region = ":".join(parts[:3] + ["*"] + parts[4:]) if len(parts) == 6 else pattern
    near = ResourceIndex(resources_).near(pattern)
    assert near == sorted(set(near))
    for bit, resource in enumerate(resources_):
        indexed = isinstance(resource, str) and resource.count(":") == 5
        in_account = account is None or not indexed or resource.split(":")[4] == account
        if isinstance(resource, str) and in_account and (
                arn_matches(pattern.lower(), resource.lower()) or arn_matches(any_region, resource)):
            assert bit in near
        if not in_account:
            assert bit not in near


# Trail names from a small alphabet (so that patterns often match, and names sort next to each other:
# "a", "a-", "aZ", "b"...), and patterns written from one of them: wildcards anywhere in the name
# (`trail/a*b`, `trail/*`, `trail/a?`), another letter case, a policy variable for part of it.
NAME_CHARS = "abAB-_."


@st.composite
def name_patterns(draw: st.DrawFn, names: list[str]) -> str:
    name = draw(st.sampled_from(names)) if names and draw(st.booleans()) else draw(st.text(NAME_CHARS, max_size=4))
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, len(name)))
        end = draw(st.integers(start, len(name)))
        name = name[:start] + draw(st.sampled_from(["*", "?", "${aws:username}", "${aws:PrincipalTag/team}",
                                                    "${*}", "${?}", ""])) + name[end:]
    name = draw(st.sampled_from([str, str.upper, str.lower, str.swapcase]))(name) if draw(st.booleans()) else name
    region = draw(st.sampled_from([REGIONS[0], "*", "us-east-?", "us-*"]))
    account = draw(st.sampled_from([ACCOUNTS[0], "*", "1111*", "${aws:PrincipalAccount}"]))
    return f"arn:aws:cloudtrail:{region}:{account}:trail/{name}"


@settings(max_examples=600, deadline=None)
@given(st.data(), st.lists(st.text(NAME_CHARS, max_size=4), max_size=10),
       st.sampled_from(["", "a", "b-", "A*", None]), st.booleans())
def test_a_wildcard_trail_pattern_drops_no_trail_it_matches(data, names: list[str], username: str | None,
                                                             negated: bool) -> None:
    # the index must never leave out a trail the pattern (after its variables) matches, nor one it may
    resources_ = [f"arn:aws:cloudtrail:{REGIONS[0]}:{ACCOUNTS[0]}:trail/{name}" for name in names]
    pattern = data.draw(name_patterns(names))
    context = RequestContext((("aws:username", username),)) if username is not None else RequestContext()
    match = not_resource_matches if negated else resource_matches
    answers = [match(pattern, resource, context) for resource in resources_]
    true, unknown = MaskEvaluator(resources_)._pattern_masks(pattern, negated, context)
    assert true == sum(1 << bit for bit, answer in enumerate(answers) if answer is True)
    assert unknown == sum(1 << bit for bit, answer in enumerate(answers) if answer is UNKNOWN)
    candidates = ResourceIndex(resources_).candidates(pattern)
    for bit, resource in enumerate(resources_):
        if resource_matches(pattern, resource, context) is not False:
            assert bit in candidates, resource


def test_a_pattern_with_text_on_both_sides_of_a_wildcard_keeps_every_name_between() -> None:
    names = ("ab", "a-b", "aXb", "a", "b", "a*b", "A-b", "azb")
    arns = [f"arn:aws:cloudtrail:us-east-1:{ACCOUNTS[0]}:trail/{name}" for name in names]
    evaluator = MaskEvaluator(arns)
    true, unknown = evaluator._pattern_masks(f"arn:aws:cloudtrail:us-east-1:{ACCOUNTS[0]}:trail/a*b")
    assert (true, unknown) == (0b10100111, 0)       # ab, a-b, aXb, a*b, azb: not "A-b", "a", "b"
    true, unknown = evaluator._pattern_masks("arn:aws:cloudtrail:*:*:trail/?-b")
    assert (true, unknown) == (1 << 1 | 1 << 6, 0)
