"""Where a setting is on when conditions settled only at deployment decide it.

A template sets optional trail features together behind one condition (CloudFormation
``!If [HasLogs, !GetAtt LogGroup.Arn, !Ref AWS::NoValue]`` beside the same ``!If`` for the role;
Terraform ``var.enabled ? aws_iam_role.r[0].arn : null``): a ``Switch`` says under which of those
conditions a value is on (set, or true), as a truth table over them, so that a rule can tell
"set together" from "independent". The conditions are the input's own (a CloudFormation condition
name, a Terraform condition expression's text within one module instance; CloudFormation conditions
defined alike are one, named by the first), taken as independent of one another: two switches
that are equal are on together whatever the conditions turn out to be.
A leaf: it imports nothing of trail-lint but records.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

from trail_lint.records import record

# A value decided by more conditions than this is not told apart (2**N rows per table).
MOST = 6


@record
class Switch:
    """A truth table, reduced: ``conditions`` (sorted) are those it depends on, and ``on`` holds the
    rows (bit i set: ``conditions[i]`` holds) under which the value is on. Equal switches are on in
    the same cases; ``ON`` and ``OFF`` depend on nothing."""

    conditions: tuple[str, ...]
    on: frozenset[int]


ON = Switch((), frozenset({0}))
OFF = Switch((), frozenset())


def condition(name: str) -> Switch:
    """On where the condition holds."""
    return Switch((name,), frozenset({1}))


def table(conditions: tuple[str, ...], truth: Callable[[Mapping[str, bool]], bool]) -> Switch | None:
    """The reduced switch of ``truth`` over ``conditions``; None past MOST conditions."""
    if len(conditions) > MOST:
        return None
    rows = frozenset(row for row in range(1 << len(conditions))
                     if truth({name: bool(row >> i & 1) for i, name in enumerate(conditions)}))
    # leave out each condition on which the table does not depend
    kept = [i for i in range(len(conditions)) if any((row ^ (1 << i) in rows) != (row in rows)
                                                      for row in range(1 << len(conditions)))]
    if len(kept) == len(conditions):
        return Switch(conditions, rows)
    reduced = frozenset(sum(1 << j for j, i in enumerate(kept) if row >> i & 1) for row in rows)
    return Switch(tuple(conditions[i] for i in kept), reduced)


def holds(switch: Switch, assignment: Mapping[str, bool]) -> bool:
    """Whether the value is on where each condition has its value in ``assignment``."""
    row = sum(1 << i for i, name in enumerate(switch.conditions) if assignment.get(name, False))
    return row in switch.on


def combined(switches: tuple[Switch | None, ...], truth: Callable[[tuple[bool, ...]], bool]) -> Switch | None:
    """A switch made of others by ``truth`` of their values; None if any is None or too many conditions."""
    if any(switch is None for switch in switches):
        return None
    known = [switch for switch in switches if switch is not None]
    names = tuple(sorted({name for switch in known for name in switch.conditions}))
    return table(names, lambda assignment: truth(tuple(holds(switch, assignment) for switch in known)))


def negated(switch: Switch | None) -> Switch | None:
    return combined((switch,), lambda values: not values[0])


def both(first: Switch | None, second: Switch | None) -> Switch | None:
    return combined((first, second), all)


def either(first: Switch | None, second: Switch | None) -> Switch | None:
    return combined((first, second), any)


def chosen(test: Switch | None, then: Switch | None, otherwise: Switch | None) -> Switch | None:
    """``test ? then : otherwise``."""
    return combined((test, then, otherwise), lambda values: values[1] if values[0] else values[2])


def implies(first: Switch, second: Switch) -> bool:
    """Whether the second is on wherever the first is."""
    return combined((first, second), lambda values: not values[0] or values[1]) == ON


def terms(switch: Switch) -> list[dict[str, bool]]:
    """Where the switch is on, as few conjunctions as a greedy cover of its prime implicants gives
    (each a condition -> value mapping; ``[{}]`` for ON, ``[]`` for OFF)."""
    width = len(switch.conditions)
    # an implicant: (value bits, mask of the conditions it leaves out)
    found = {(row, 0) for row in switch.on}
    primes: set[tuple[int, int]] = set()
    while found:
        merged, used = set(), set()
        for bits, mask in found:
            for i in range(width):
                other = (bits ^ (1 << i), mask)
                if not mask >> i & 1 and other in found:
                    merged.add((bits & ~(1 << i), mask | (1 << i)))
                    used.update({(bits, mask), other})
        primes |= found - used
        found = merged
    uncovered, chosen = set(switch.on), []
    while uncovered:
        best = max(sorted(primes), key=lambda p: (len([r for r in uncovered if r & ~p[1] == p[0]]), p[1]))
        chosen.append(best)
        uncovered = {row for row in uncovered if row & ~best[1] != best[0]}
    return [{name: bool(bits >> i & 1) for i, name in enumerate(switch.conditions) if not mask >> i & 1}
            for bits, mask in chosen]


def said(switch: Switch) -> str:
    """When the switch is on, in words: "condition HasLogs is false", "var.a is true or var.b is true"."""
    if switch == ON:
        return "always"
    if switch == OFF:
        return "never"
    return " or ".join(" and ".join(f"{name} is {'true' if value else 'false'}" for name, value in term.items())
                       for term in terms(switch))
