"""JSON Schema conditions of user rules, evaluated with three values: True, False or UNKNOWN.

The keyword subset is the one schemas/user-rule.schema.json allows. The evaluator is our own
rather than jsonschema's because jsonschema has two values: it cannot say "depends on a value
nobody knows", and `not` would turn that into a pass. Every check answers with Kleene logic: a
keyword that needs an unknown value answers UNKNOWN (the engine reports TL002), never a guess;
tests/test_user_rules_properties.py checks it against jsonschema on known values.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from trail_lint.model import UNKNOWN, Unknown, all_of, any_of

if TYPE_CHECKING:
    from trail_lint.iam.access import AccessReport

Tri = bool | Unknown


class ConditionError(Exception):
    """A `where` that cannot be compiled: ``path`` is where it sits in the rule file."""

    def __init__(self, message: str, path: tuple[str | int, ...]) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


@dataclass
class Notes:
    """What evaluating one subject needs (the access analysis, for `can`) and notes down (unknown values, for TL002)."""

    access: AccessReport | None
    memo: dict[Any, Any] = field(default_factory=dict)   # shared by the subjects of one run
    unknown: list[str] = field(default_factory=list)

    def note(self, what: str) -> Unknown:
        if what not in self.unknown:
            self.unknown.append(what)
        return UNKNOWN


Check = Callable[[Any, Notes], Tri]



def kleene(checks: Sequence[Check], decisive: bool) -> Check:
    """Kleene AND (decisive: False) or OR (decisive: True), stopping at the first decisive answer."""
    if len(checks) == 1:
        return checks[0]

    def check(view: Any, ev: Notes) -> Tri:
        result: Tri = not decisive
        for one in checks:
            answer = one(view, ev)
            if answer is decisive:
                return decisive
            if answer is UNKNOWN:
                result = UNKNOWN
        return result
    return check


def all_checks(checks: Sequence[Check]) -> Check:
    return kleene(checks, False)


def any_check(checks: Sequence[Check]) -> Check:
    return kleene(checks, True)


def negate(value: Tri) -> Tri:
    return value if value is UNKNOWN else not value


# --- JSON Schema, three-valued ---------------------------------------------------------------

def compile_schema(schema: Any, path: tuple[str, ...], at: tuple[str | int, ...]) -> Check:
    """A JSON Schema as one check; ``path`` is the view field it applies to (for TL002 messages)."""
    if schema is True or schema is False:
        answer: bool = schema
        return lambda view, ev: answer
    checks = [_keyword(keyword, value, schema, path, (*at, keyword)) for keyword, value in schema.items()
              if keyword not in _ANNOTATIONS and keyword not in ("then", "else", "minContains", "maxContains")]
    return all_checks([c for c in checks if c is not None])


_ANNOTATIONS = ("title", "description", "$comment", "examples", "default")
_TYPES: Mapping[str, Callable[[Any], bool]] = {
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
}


def _on(kind: Callable[[Any], bool], test: Callable[[Any], Tri], name: str) -> Check:
    """A keyword that asserts only on instances of one type (JSON Schema: others pass)."""
    def check(value: Any, ev: Notes) -> Tri:
        if value is UNKNOWN:
            return ev.note(name)
        answer = test(value) if kind(value) else True
        return ev.note(name) if answer is UNKNOWN else answer
    return check


def _keyword(keyword: str, value: Any, schema: Mapping[str, Any], path: tuple[str, ...],
             at: tuple[str | int, ...]) -> Check | None:
    name = ".".join(path) or "the subject"
    def sub(inner: Any, where: tuple[str | int, ...] = at) -> Check:
        return compile_schema(inner, path, where)
    if keyword == "type":
        types = [_TYPES[t] for t in ([value] if isinstance(value, str) else value)]
        return _on(lambda v: True, lambda v: any(t(v) for t in types), name)
    if keyword == "const":
        if type(value) in (str, bool, type(None)):     # the usual case, without the general comparison
            return _on(lambda v: True, lambda v: type(v) is type(value) and v == value, name)
        return _on(lambda v: True, lambda v: equal(v, value), name)
    if keyword == "enum":
        return _on(lambda v: True, lambda v: any_of(equal(v, option) for option in value), name)
    if keyword == "pattern":
        try:
            regex = re.compile(value)
        except re.error as error:
            raise ConditionError(f"pattern {value!r} is not a regular expression: {error}", at) from None
        return _on(_TYPES["string"], lambda v: regex.search(v) is not None, name)
    if keyword in _BOUNDS:
        kind, measure, compare = _BOUNDS[keyword]
        return _on(_TYPES[kind], lambda v: compare(measure(v), value), name)
    if keyword in ("allOf", "anyOf", "oneOf"):
        checks = [sub(s, where=(*at, i)) for i, s in enumerate(value)]
        return all_checks(checks) if keyword == "allOf" else any_check(checks) if keyword == "anyOf" else _one_of(checks)
    if keyword == "not":
        inner = sub(value)
        return lambda v, ev: negate(inner(v, ev))
    if keyword == "if":
        return _if(sub(value), sub(schema.get("then", True), where=(*at[:-1], "then")),
                   sub(schema.get("else", True), where=(*at[:-1], "else")))
    return _structural(keyword, value, schema, path, at, name)


_BOUNDS: Mapping[str, tuple[str, Callable[[Any], Any], Callable[[Any, Any], bool]]] = {
    "minimum": ("number", lambda v: v, lambda a, b: a >= b),
    "maximum": ("number", lambda v: v, lambda a, b: a <= b),
    "exclusiveMinimum": ("number", lambda v: v, lambda a, b: a > b),
    "exclusiveMaximum": ("number", lambda v: v, lambda a, b: a < b),
    "multipleOf": ("number", lambda v: v, lambda a, b: math.isclose(a / b, round(a / b))),
    "minLength": ("string", len, lambda a, b: a >= b),
    "maxLength": ("string", len, lambda a, b: a <= b),
    "minItems": ("array", len, lambda a, b: a >= b),
    "maxItems": ("array", len, lambda a, b: a <= b),
    "minProperties": ("object", len, lambda a, b: a >= b),
    "maxProperties": ("object", len, lambda a, b: a <= b),
}


def _structural(keyword: str, value: Any, schema: Mapping[str, Any], path: tuple[str, ...],
                at: tuple[str | int, ...], name: str) -> Check:
    if keyword == "required":
        return _on(_TYPES["object"], lambda v: all(key in v for key in value), name)
    if keyword == "properties":
        members = {key: compile_schema(s, (*path, key), (*at, key)) for key, s in value.items()}

        def properties(v: Any, ev: Notes) -> Tri:
            if v is UNKNOWN:
                return ev.note(name)
            if not isinstance(v, dict):
                return True
            result: Tri = True
            for key, check in members.items():
                if key in v:
                    answer = check(v[key], ev)
                    if answer is False:
                        return False
                    if answer is UNKNOWN:
                        result = UNKNOWN
            return result
        return properties
    if keyword == "additionalProperties":
        extra = compile_schema(value, (*path, "*"), at)
        named = set(schema.get("properties", {}))
        return _each_member(extra, lambda key: key not in named, name)
    if keyword == "items":
        return _each(compile_schema(value, (*path, "[]"), at), name)
    if keyword == "contains":
        return _contains(compile_schema(value, (*path, "[]"), at), schema.get("minContains", 1),
                         schema.get("maxContains"), name)
    if keyword == "uniqueItems":
        return _on(_TYPES["array"], lambda v: not value or _unique(v), name)
    raise ConditionError(f"JSON Schema keyword {keyword!r} is not supported in user rules", at)


def _each_member(check: Check, selected: Callable[[str], bool], name: str) -> Check:
    def members(v: Any, ev: Notes) -> Tri:
        if v is UNKNOWN:
            return ev.note(name)
        if not isinstance(v, dict):
            return True
        return all_of(check(item, ev) for key, item in v.items() if selected(key))
    return members


def _each(check: Check, name: str) -> Check:
    def items(v: Any, ev: Notes) -> Tri:
        if v is UNKNOWN:
            return ev.note(name)
        if not isinstance(v, list):
            return True
        return all_of(check(item, ev) for item in v)
    return items


def _contains(check: Check, least: int, most: int | None, name: str) -> Check:
    def contains(v: Any, ev: Notes) -> Tri:
        if v is UNKNOWN:
            return ev.note(name)
        if not isinstance(v, list):
            return True
        answers = [check(item, ev) for item in v]
        sure, maybe = answers.count(True), sum(1 for a in answers if a is UNKNOWN)
        low, high = sure, sure + maybe          # how many items may match
        if high < least or (most is not None and low > most):
            return False
        if low >= least and (most is None or high <= most):
            return True
        return ev.note(name)
    return contains


def _one_of(checks: Sequence[Check]) -> Check:
    def one_of(v: Any, ev: Notes) -> Tri:
        answers = [check(v, ev) for check in checks]
        sure, maybe = answers.count(True), sum(1 for a in answers if a is UNKNOWN)
        if sure > 1 or sure + maybe == 0:
            return False
        return True if maybe == 0 else UNKNOWN
    return one_of


def _if(condition: Check, then: Check, otherwise: Check) -> Check:
    def if_then_else(v: Any, ev: Notes) -> Tri:
        holds = condition(v, ev)
        if holds is True:
            return then(v, ev)
        if holds is False:
            return otherwise(v, ev)
        first, second = then(v, ev), otherwise(v, ev)
        return first if first is second and first is not UNKNOWN else UNKNOWN
    return if_then_else


def equal(left: Any, right: Any) -> Tri:
    """JSON equality (1 == 1.0, true != 1), UNKNOWN when it depends on an unknown part."""
    if left is UNKNOWN or right is UNKNOWN:
        return UNKNOWN
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if isinstance(left, dict) and isinstance(right, dict):
        if set(left) != set(right):
            return False
        return all_of(equal(left[key], right[key]) for key in left)
    if isinstance(left, list) and isinstance(right, list):
        if len(left) != len(right):
            return False
        return all_of(equal(a, b) for a, b in zip(left, right))
    if isinstance(left, (dict, list)) or isinstance(right, (dict, list)):
        return False
    return bool(left == right)


def _unique(items: Iterable[Any]) -> Tri:
    listed = list(items)
    answers = [equal(a, b) for i, a in enumerate(listed) for b in listed[i + 1:]]
    if any(a is True for a in answers):
        return False
    return True if all(a is False for a in answers) else UNKNOWN
