"""The statements of the identity policies written in the inputs are gathered once, when a rule first
reads them, and are those a walk over its policies and principals gives."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.iam.access import guardrail_statements, input_statements
from trail_lint.inventory import Defaults, build
from trail_lint.model import (
    UNKNOWN,
    InputKind,
    Origin,
    Policy,
    Principal,
    PrincipalKind,
    ServiceControlPolicy,
    Statement,
)
from trail_lint.normalise import Contents
from trail_lint.records import replace

MANAGED = "arn:aws:iam::aws:policy/ReadOnlyAccess"


def _policy(name: str, count: int, arn: str | None = None) -> Policy:
    return Policy(name=name, arn=arn, statements=tuple(
        Statement(effect="Allow", actions=(f"cloudtrail:Action{n}",), resources=("*",), origin=Origin(name, (n,)))
        for n in range(count)))


def _walk(policies: tuple[Policy, ...], principals: tuple[Principal, ...]) -> list[tuple[Policy, int, Statement]]:
    """The definition: managed policies, then each principal's inline policies and boundary, each once."""
    every = [*policies, *(p for principal in principals
                          for p in (*principal.inline_policies,
                                    *([principal.boundary] if isinstance(principal.boundary, Policy) else [])))]
    seen: list[Policy] = []
    for policy in every:
        if not any(policy is other for other in seen):
            seen.append(policy)
    return [(policy, index, statement) for policy in seen if isinstance(policy.statements, tuple)
            and policy.arn != MANAGED for index, statement in enumerate(policy.statements)]


@st.composite
def inputs(draw: st.DrawFn) -> tuple[tuple[Policy, ...], tuple[Principal, ...]]:
    pool = [_policy(f"p{n}", draw(st.integers(0, 3)), draw(st.sampled_from([None, MANAGED])))
            for n in range(draw(st.integers(0, 5)))] + [Policy(name="unknown", statements=UNKNOWN)]
    chosen = st.sampled_from(pool)
    policies = tuple(draw(st.lists(chosen, max_size=4)))
    principals = tuple(
        Principal(id=f"r{n}", kind=PrincipalKind.ROLE, name=f"r{n}", inline_policies=tuple(draw(st.lists(chosen, max_size=3))),
                  boundary=draw(st.one_of(st.none(), chosen)))
        for n in range(draw(st.integers(0, 3))))
    return policies, principals


def test_the_inventory_gathers_its_statements_once() -> None:
    policy = _policy("managed", 2)
    role = Principal(id="r", kind=PrincipalKind.ROLE, name="r", inline_policies=(_policy("inline", 1),))
    inventory = build([Contents(InputKind.NONE, policies=(policy,), principals=(role,))], Defaults())
    assert inventory.statements == []    # nothing gathered until a rule asks (`access` asks none)
    found = input_statements(inventory)
    assert input_statements(inventory) is found      # not gathered again by each rule that asks
    assert [(p.name, index) for p, index, _ in found] == [("managed", 0), ("managed", 1), ("inline", 0)]


@settings(max_examples=200, deadline=None)
@given(inputs(), inputs())
def test_input_statements_are_the_walk_over_the_policies_and_principals(
        first: tuple[tuple[Policy, ...], tuple[Principal, ...]],
        second: tuple[tuple[Policy, ...], tuple[Principal, ...]]) -> None:
    inventory = build([Contents(InputKind.NONE, policies=first[0], principals=first[1])], Defaults())
    assert list(input_statements(inventory)) == _walk(*first)
    # an inventory whose policies and principals were replaced: its own statements, not the first ones'
    replaced = replace(inventory, policies=second[0], principals=second[1])
    assert list(input_statements(replaced)) == _walk(*second)
    scp = ServiceControlPolicy(policy=_policy("scp", 2))
    assert guardrail_statements(replace(replaced, scps=(scp,))) == \
        [*_walk(*second), *((scp.policy, index, s) for index, s in enumerate(scp.policy.statements))]
