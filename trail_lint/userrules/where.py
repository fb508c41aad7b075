"""A user rule's `where`, compiled once into three-valued checks on a subject's view.

Conditions are JSON Schema (schema.py), glob/ARN `match` and `can` (an access decision),
combined with `all`, `any` and `not`; a list is `all`. Every check answers True, False or
UNKNOWN, and an UNKNOWN verdict is a TL002 finding naming the rule, never a pass.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from trail_lint.iam.evaluator import arn_matches
from trail_lint.model import UNKNOWN, any_of
from trail_lint.userrules.schema import (
    Check,
    ConditionError,
    Notes,
    Tri,
    all_checks,
    any_check,
    compile_schema,
    negate,
)


def compile_where(where: Any, path: tuple[str | int, ...] = ("where",)) -> Check:
    """A condition, or a list of conditions that must all hold."""
    if isinstance(where, list):
        return all_checks([compile_where(item, (*path, i)) for i, item in enumerate(where)])
    (operator, operand), = where.items()   # the rule schema allows exactly one key
    at = (*path, operator)
    if operator == "all":
        return all_checks([compile_where(item, (*at, i)) for i, item in enumerate(operand)])
    if operator == "any":
        return any_check([compile_where(item, (*at, i)) for i, item in enumerate(operand)])
    if operator == "not":
        inner = compile_where(operand, at)
        return lambda view, ev: negate(inner(view, ev))
    if operator == "schema":
        return compile_schema(operand, (), at)
    if operator == "match":
        return _match(operand)
    if operator == "can":
        return _can(operand, at)
    raise ConditionError(f"unknown condition {operator!r}", at)


# --- Fields and globs ----------------------------------------------------------------------

def field_of(view: Any, dotted: str | tuple[str, ...]) -> Any:
    """``origin.file`` in a view: None when absent, UNKNOWN when a step is unknown."""
    value = view
    for step in dotted.split(".") if isinstance(dotted, str) else dotted:
        if value is UNKNOWN:
            return UNKNOWN
        value = value.get(step) if isinstance(value, dict) else None
    return value


def _match(patterns: Mapping[str, str | list[str]]) -> Check:
    """Every named field matches one of its globs (`*`, `?`; case-sensitive; ARN segments kept)."""
    wanted = [(name, tuple(name.split(".")), (globs,) if isinstance(globs, str) else tuple(globs))
              for name, globs in patterns.items()]

    def check(view: Any, ev: Notes) -> Tri:
        result: Tri = True
        for name, steps, globs in wanted:
            answer = _matches(field_of(view, steps), globs, name, ev)
            if answer is False:
                return False
            if answer is UNKNOWN:
                result = UNKNOWN
        return result
    return check


def _matches(value: Any, globs: tuple[str, ...], name: str, ev: Notes) -> Tri:
    if isinstance(value, str):
        for glob in globs:
            if arn_matches(glob, value):
                return True
        return False
    if value is UNKNOWN:
        return ev.note(name)
    if isinstance(value, list):   # a list matches when one of its items does
        result: Tri = False
        for item in value:
            answer = _matches(item, globs, name, ev)
            if answer is True:
                return True
            if answer is UNKNOWN:
                result = UNKNOWN
        return result
    return False


# --- Access decisions ----------------------------------------------------------------------

def _can(operand: Mapping[str, Any], at: tuple[str | int, ...]) -> Check:
    """`can: {action: DeleteTrail, trail: "*"}`: the principal is allowed the action on a matching trail."""
    from trail_lint.iam.access import GLOBAL_ACTIONS, TRAIL_ACTIONS

    known = {a.split(":")[1].lower(): a for a in (*TRAIL_ACTIONS, *GLOBAL_ACTIONS)}
    names = operand["action"] if isinstance(operand["action"], list) else [operand["action"]]
    actions = []
    for name in names:
        action = known.get(name.removeprefix("cloudtrail:").lower())
        if action is None:
            raise ConditionError(f"{name!r} is not a CloudTrail action trail-lint evaluates; use one of "
                                 f"{', '.join(sorted(a.split(':')[1] for a in known.values()))}", (*at, "action"))
        actions.append(action)
    trails = operand.get("trail", "*")
    globs = (trails,) if isinstance(trails, str) else tuple(trails)

    def check(view: Any, ev: Notes) -> Tri:
        return any_of([_decide(view["id"], action, globs, ev) for action in actions])
    return check


def _decide(principal: str, action: str, globs: tuple[str, ...], ev: Notes) -> Tri:
    """From the access analysis's per-action bit masks over the trails (one bit per trail)."""
    from trail_lint.iam.access import GLOBAL_ACTIONS

    report = ev.access
    if report is None:
        raise ValueError("a rule with `can` runs on the access analysis")   # UserCheck gives it one
    index = report.row_index.get(principal)
    if index is None:            # a group, or no principal that can make requests
        return False
    row = report.rows[index]
    if action in GLOBAL_ACTIONS:
        masks, selected = row.global_masks[action], 1
    else:
        masks, selected = row.trail_masks[action], _selected(report, globs, ev, row.view)
    if masks.allowed & selected:
        return True
    open_bits = {"conditional": masks.conditional & selected, "unknown": masks.unknown & selected}
    for decision, bits in open_bits.items():
        if bits:
            count = bits.bit_count()
            where = "" if action in GLOBAL_ACTIONS else \
                f" on {report.trail_keys[row.view.bits[bits.bit_length() - 1]]}" if count == 1 \
                else f" on {count} trails"
            ev.note(f"whether it can {action.split(':')[1]}{where} ({decision})")
    return UNKNOWN if any(open_bits.values()) else False


def _selected(report: Any, globs: tuple[str, ...], ev: Notes, view: Any) -> int:
    """The bits, in a row's view (its masks), of the trails whose ARN (or name) a glob matches, once per run."""
    key = ("trails", globs)
    found = ev.memo.get(key)
    if found is None:
        found = ev.memo[key] = sum(1 << bit for bit, (arn, trail) in enumerate(zip(report.trail_keys, report.trails))
                                   if any(arn_matches(g, arn) or arn_matches(g, trail.label) for g in globs))
    local_key = ("trails", globs, id(view))      # the views live as long as the report
    local = ev.memo.get(local_key)
    if local is None:
        local = ev.memo[local_key] = view.local_mask(int(found))
    return int(local)

