"""switches: truth tables over conditions settled only at deployment, against a direct evaluation."""
from __future__ import annotations

import itertools
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from trail_lint import switches
from trail_lint.switches import (
    OFF,
    ON,
    Switch,
    both,
    chosen,
    condition,
    either,
    holds,
    implies,
    negated,
    said,
    terms,
)

NAMES = ("A", "B", "C", "D")

# a formula: a name, ("not", f), ("and"/"or", f, g), ("if", f, g, h), True or False
formulas = st.recursive(
    st.sampled_from(NAMES) | st.booleans(),
    lambda inner: st.tuples(st.just("not"), inner) | st.tuples(st.sampled_from(("and", "or")), inner, inner)
    | st.tuples(st.just("if"), inner, inner, inner),
    max_leaves=8)


def direct(formula: Any, assignment: dict[str, bool]) -> bool:
    if isinstance(formula, bool):
        return formula
    if isinstance(formula, str):
        return assignment[formula]
    if formula[0] == "not":
        return not direct(formula[1], assignment)
    if formula[0] == "and":
        return direct(formula[1], assignment) and direct(formula[2], assignment)
    if formula[0] == "or":
        return direct(formula[1], assignment) or direct(formula[2], assignment)
    return direct(formula[2], assignment) if direct(formula[1], assignment) else direct(formula[3], assignment)


def built(formula: Any) -> Switch | None:
    if isinstance(formula, bool):
        return ON if formula else OFF
    if isinstance(formula, str):
        return condition(formula)
    parts = [built(part) for part in formula[1:]]
    if formula[0] == "not":
        return negated(parts[0])
    if formula[0] == "and":
        return both(parts[0], parts[1])
    if formula[0] == "or":
        return either(parts[0], parts[1])
    return chosen(parts[0], parts[1], parts[2])


def assignments() -> list[dict[str, bool]]:
    return [dict(zip(NAMES, values, strict=True)) for values in itertools.product((False, True), repeat=len(NAMES))]


@given(formulas)
def test_a_switch_is_on_where_its_formula_holds(formula: Any) -> None:
    switch = built(formula)
    assert switch is not None
    for assignment in assignments():
        assert holds(switch, assignment) is direct(formula, assignment)


@given(formulas, formulas)
def test_equal_switches_are_equivalent_formulas(first: Any, second: Any) -> None:
    """Reduced tables are canonical: equal exactly where the formulas agree on every assignment."""
    equivalent = all(direct(first, a) == direct(second, a) for a in assignments())
    assert (built(first) == built(second)) is equivalent


@given(formulas, formulas)
def test_implies(first: Any, second: Any) -> None:
    expected = all(direct(second, a) for a in assignments() if direct(first, a))
    one, other = built(first), built(second)
    assert one is not None and other is not None
    assert implies(one, other) is expected


@given(formulas)
def test_a_switch_depends_only_on_conditions_that_change_it(formula: Any) -> None:
    switch = built(formula)
    assert switch is not None
    for name in switch.conditions:
        assert any(direct(formula, {**a, name: True}) != direct(formula, {**a, name: False}) for a in assignments())


@given(formulas)
def test_terms_say_exactly_where_a_switch_is_on(formula: Any) -> None:
    switch = built(formula)
    assert switch is not None
    found = terms(switch)
    for assignment in assignments():
        assert any(all(assignment[name] == value for name, value in term.items()) for term in found) \
            is direct(formula, assignment)


def test_examples() -> None:
    a, b = condition("A"), condition("B")
    assert both(a, either(a, b)) == a
    assert either(a, negated(a)) == ON and both(a, negated(a)) == OFF
    assert chosen(a, ON, OFF) == a and chosen(a, OFF, ON) == negated(a)
    assert said(negated(a)) == "A is false"
    assert said(both(a, negated(b))) == "A is true and B is false"
    assert said(either(a, b)) == "A is true or B is true"
    assert said(chosen(a, b, negated(b))) in ("A is true and B is true or A is false and B is false",
                                              "A is false and B is false or A is true and B is true")
    assert said(ON) == "always" and said(OFF) == "never"


def test_too_many_conditions_are_not_told_apart() -> None:
    many = [condition(f"C{i}") for i in range(switches.MOST + 1)]
    found: Switch | None = OFF
    for one in many:
        found = either(found, one)
    assert found is None
    assert both(found, ON) is None and negated(None) is None
