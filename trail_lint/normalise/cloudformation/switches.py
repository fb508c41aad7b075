"""The values a trail property takes under the conditions a template settles only at deployment.

``CloudWatchLogsLogGroupArn: !If [HasLogs, !GetAtt LogGroup.Arn, !Ref AWS::NoValue]`` is the log
group's ARN where HasLogs holds and unset elsewhere (model.Branch, switches.Switch). Every
``Fn::If`` the property holds whose condition is not decided (also nested, or inside ``Fn::Join``
and ``Fn::Sub``) is settled each way; a condition made only of other conditions (``Fn::And``,
``Fn::Or``, ``Fn::Not``, ``Condition``) is read as what it is made of, so ``!Not [Condition:
HasLogs]`` is on exactly where HasLogs is off, and one decided by the template alone (``Fn::Equals``
of two literals, a parameter given a value) is its value. A condition that compares a parameter
without a value is one of the switches' conditions, taken as free to be true or false; conditions
defined alike (``IsProd: !Equals [!Ref Env, prod]`` and ``Production: !Equals [prod, !Ref Env]``)
are one such condition (values.Template.alike), so what they choose is chosen together.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-conditions.html
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from trail_lint import switches
from trail_lint.load import Intrinsic
from trail_lint.model import UNKNOWN, Branch
from trail_lint.normalise import MalformedInput
from trail_lint.normalise.cloudformation.parameters import PSEUDO_PARAMETERS, Trace, is_scalar
from trail_lint.normalise.cloudformation.values import (
    SUB_VARIABLE,
    Template,
    condition,
    contains_unknown,
    intrinsic,
    resolve,
)
from trail_lint.switches import Switch

_DEPTH = 20


def branches(template: Template, raw: Any, given: Callable[[], Trace], read: Callable[[Any], Any]
             ) -> tuple[Branch, ...] | None:
    """Each value ``raw`` settles to (as ``read`` turns a resolved value into the model's) and where;
    None where no undecided ``Fn::If`` chooses it, or more conditions than switches.MOST do.
    ``given``: a fresh trace for where the value is read (the resource's own Condition holds)."""
    names = list(dict.fromkeys(_undecided(template, raw, given)))
    if not names:
        return None
    made = {name: _named(template, name, given, 0) for name in names}
    base = tuple(sorted({atom for switch in made.values() if switch is not None for atom in switch.conditions}))
    if any(switch is None for switch in made.values()) or len(base) > switches.MOST:
        return None
    taken: dict[tuple[Any, bool], set[int]] = {}
    for row in range(1 << len(base)):
        assignment = {atom: bool(row >> i & 1) for i, atom in enumerate(base)}
        decided = {name: switches.holds(switch, assignment) for name, switch in made.items() if switch is not None}
        one = _settled(template, raw, decided, given)
        trace = given()
        value = resolve(template, one, trace)
        try:
            read_value = read(value)
        except MalformedInput:
            return None
        own = read_value is UNKNOWN and not (trace.maybe_absent or trace.maybe_empty) and _own(template, one)
        taken.setdefault((read_value, own), set()).add(row)
    found = []
    for (value, own), rows in taken.items():
        when = switches.table(base, _within(base, frozenset(rows)))
        if when is None:
            return None
        found.append(Branch(value, when, own))
    return tuple(found)


def _within(names: tuple[str, ...], rows: frozenset[int]) -> Callable[[Mapping[str, bool]], bool]:
    """Whether an assignment of ``names`` is one of ``rows`` (bit i: names[i] holds)."""
    return lambda assignment: sum(1 << i for i, name in enumerate(names) if assignment[name]) in rows


def _undecided(template: Template, raw: Any, given: Callable[[], Trace], depth: int = 0) -> Iterator[str]:
    """The names of the conditions of the ``Fn::If`` in ``raw`` not decided where it is read."""
    if depth > _DEPTH:
        return
    call = intrinsic(raw)
    if call is not None:
        name, argument = call
        if name == "Fn::If" and isinstance(argument, list) and len(argument) == 3 and isinstance(argument[0], str):
            decided = condition(template, argument[0], given())
            if decided is True or decided is False:
                yield from _undecided(template, argument[1 if decided else 2], given, depth + 1)
                return
            yield argument[0]
        yield from _undecided(template, argument, given, depth + 1)
    elif isinstance(raw, dict):
        for item in raw.values():
            yield from _undecided(template, item, given, depth + 1)
    elif isinstance(raw, list):
        for item in raw:
            yield from _undecided(template, item, given, depth + 1)


def _named(template: Template, name: Any, given: Callable[[], Trace], depth: int) -> Switch | None:
    """A named condition as a switch: its value where decided; what it is made of where it is made
    only of other conditions; else the condition itself."""
    if not isinstance(name, str) or name not in template.conditions or depth > _DEPTH:
        return None
    decided = condition(template, name, given())
    if decided is True or decided is False:
        return switches.ON if decided else switches.OFF
    made = _expression(template, template.conditions[name], given, depth + 1)
    if made is not None:
        return made
    # conditions defined alike are one condition: what they choose is chosen together
    first, *others = template.alike(name)
    return switches.condition(f"condition {first}" + (f" (same as {', '.join(others)})" if others else ""))


def _expression(template: Template, expression: Any, given: Callable[[], Trace], depth: int) -> Switch | None:
    """A condition function as a switch over named conditions; None where it compares values not known."""
    if isinstance(expression, bool):
        return switches.ON if expression else switches.OFF
    if isinstance(expression, Intrinsic) and expression.name == "Condition":
        return _named(template, expression.value, given, depth)
    if isinstance(expression, dict) and list(expression) == ["Condition"]:
        return _named(template, expression["Condition"], given, depth)
    call = intrinsic(expression)
    if call is None or call[0] not in ("Fn::Not", "Fn::And", "Fn::Or", "Fn::Equals"):
        return None
    name, argument = call
    operands = argument if isinstance(argument, list) else [argument]
    if name == "Fn::Equals":
        if len(operands) != 2:
            return None
        first, second = (resolve(template, operand, given()) for operand in operands)
        if contains_unknown(first) or contains_unknown(second) or not (is_scalar(first) and is_scalar(second)):
            return None
        return switches.ON if str(first) == str(second) else switches.OFF
    made = tuple(_expression(template, operand, given, depth + 1) for operand in operands)
    if name == "Fn::Not":
        return switches.negated(made[0]) if len(made) == 1 else None
    return switches.combined(made, all if name == "Fn::And" else any)


def _settled(template: Template, raw: Any, decided: Mapping[str, bool], given: Callable[[], Trace],
             depth: int = 0) -> Any:
    """``raw`` with each ``Fn::If`` replaced by the branch it takes: by ``decided`` for the conditions
    it holds, by the template for those it decides."""
    call = intrinsic(raw)
    if call is None or depth > _DEPTH:
        if isinstance(raw, dict):
            return {key: _settled(template, item, decided, given, depth + 1) for key, item in raw.items()}
        if isinstance(raw, list):
            return [_settled(template, item, decided, given, depth + 1) for item in raw]
        return raw
    name, argument = call
    if name == "Fn::If" and isinstance(argument, list) and len(argument) == 3 and isinstance(argument[0], str):
        taken = decided[argument[0]] if argument[0] in decided else condition(template, argument[0], given())
        if taken is True or taken is False:
            return _settled(template, argument[1 if taken else 2], decided, given, depth + 1)
    if isinstance(raw, Intrinsic):
        return Intrinsic(raw.name, _settled(template, raw.value, decided, given, depth + 1))
    return {name: _settled(template, argument, decided, given, depth + 1)}


def _own(template: Template, raw: Any, depth: int = 0) -> bool:
    """Whether a value is made only of literal text, the stack's own pseudo parameters and what the
    template's resources return (``!GetAtt LogGroup.Arn``, ``!Sub "${LogGroup.Arn}"``): AWS's own
    name or ARN, not a value whoever deploys passes."""
    if depth > _DEPTH:
        return False
    if is_scalar(raw):
        return True
    call = intrinsic(raw)
    if call is None:
        return False
    name, argument = call
    if name == "Ref":
        return isinstance(argument, str) and (argument in template.resources or
                                              (argument in PSEUDO_PARAMETERS and argument != "AWS::NoValue"))
    if name == "Fn::GetAtt":
        target = argument.split(".", 1)[0] if isinstance(argument, str) else \
            argument[0] if isinstance(argument, list) and argument else None
        return isinstance(target, str) and target in template.resources
    if name == "Fn::Join":
        return isinstance(argument, list) and len(argument) == 2 and isinstance(argument[0], str) \
            and isinstance(argument[1], list) and all(_own(template, part, depth + 1) for part in argument[1])
    if name == "Fn::Sub":
        text, variables = (argument if isinstance(argument, list) and len(argument) == 2 else (argument, {}))
        if not isinstance(text, str) or not isinstance(variables, dict):
            return False
        for found in SUB_VARIABLE.finditer(text):
            variable = found.group(1).strip()
            if variable.startswith("!"):
                continue
            if variable in variables:
                if not _own(template, variables[variable], depth + 1):
                    return False
            elif not (variable.split(".", 1)[0] in template.resources or
                      (variable in PSEUDO_PARAMETERS and variable != "AWS::NoValue")):
                return False
        return True
    return False

