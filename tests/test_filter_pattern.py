"""CloudWatch Logs filter patterns read by meaning (TL314)."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trail_lint.filter_pattern import PatternError, parse, selects
from trail_lint.model import UNKNOWN

EVENTS = ("CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging", "PutObject")
CIS = ("{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || "
       "($.eventName = StartLogging) || ($.eventName = StopLogging) }")


def event(name: str) -> dict[str, str]:
    return {"eventName": name, "eventSource": "cloudtrail.amazonaws.com"}


def chosen(pattern: str) -> list[str]:
    parsed = parse(pattern)
    return [name for name in EVENTS if selects(parsed, event(name))]


def test_a_mix_of_and_and_or_without_parentheses_is_certain_only_where_both_readings_agree() -> None:
    pattern = parse("{ $.eventName = StopLogging || $.eventName = DeleteTrail && $.errorCode NOT EXISTS }")
    assert selects(pattern, event("StopLogging")) is UNKNOWN     # Stop || (Delete && ok) vs (Stop || Delete) && ok
    assert selects(pattern, event("DeleteTrail")) is False
    assert selects(parse("{ $.a = 1 || $.b = 2 && $.eventName = StopLogging }"), event("StopLogging")) is False
    assert selects(parse("{ $.eventName = Stop* && $.eventSource = cloudtrail.amazonaws.com || $.x = 1 }"),
                   event("StopLogging")) is True


def test_the_cis_pattern_selects_the_five_calls() -> None:
    assert chosen(CIS) == list(EVENTS[:5])


@pytest.mark.parametrize(("pattern", "expected"), [
    ('{ $.eventName = "*Logging" }', ["StartLogging", "StopLogging"]),
    ("{$.eventName=*Trail}", ["CreateTrail", "UpdateTrail", "DeleteTrail"]),
    ("{ $.eventName != PutObject }", list(EVENTS[:5])),
    ("{ ($.eventSource = cloudtrail.amazonaws.com) && ($.eventName = Stop*) }", ["StopLogging"]),
    ("{ ($.eventName = StopLogging) && ($.errorCode NOT EXISTS) }", []),       # narrowed: not every call
    ("{ $.eventName IS NULL }", []),
    ("{ $.eventName > 5 }", []),
    ('{ $.eventName = "stoplogging" }', []),                                   # values are case-sensitive
    ("?StopLogging ?DeleteTrail", ["DeleteTrail", "StopLogging"]),
    ('"StopLogging"', ["StopLogging"]),
    ("Logging", ["StartLogging", "StopLogging"]),
    ("Logging -Start", []),                                                    # an exclusion narrows
    ("", list(EVENTS)),                                                        # the empty pattern matches all
    ("cloudtrail.amazonaws.com", list(EVENTS)),
])
def test_patterns_select_by_meaning(pattern: str, expected: list[str]) -> None:
    assert chosen(pattern) == expected


@pytest.mark.parametrize("pattern", [
    "{ $.eventName = ", "{ $.eventName = X }}", "{ ($.eventName = X }", "{ eventName = X }",
    "[ip, user, ...]", "{ $.eventName = %Trail$% }", "%StopLogging%",
    "?StopLogging DeleteTrail", "{ $.eventName IS MAYBE }",
])
def test_unreadable_patterns_raise(pattern: str) -> None:
    with pytest.raises(PatternError):
        parse(pattern)


# A random expression over eventName: ("=", name) | ("!=", name) | ("&&" | "||", [parts]).
names = st.sampled_from(EVENTS + ("*Trail", "Stop*", "*"))
leaves = st.tuples(st.sampled_from(("=", "!=")), names)
trees = st.recursive(leaves, lambda inner: st.tuples(st.sampled_from(("&&", "||")), st.lists(inner, min_size=2,
                                                                                           max_size=3)), max_leaves=8)


def render(tree: tuple) -> str:
    operator, operand = tree
    if operator in ("=", "!="):
        value = f'"{operand}"' if "*" in operand else operand
        return f"($.eventName {operator} {value})"
    return "(" + f" {operator} ".join(render(part) for part in operand) + ")"


def truth(tree: tuple, name: str) -> bool:
    operator, operand = tree
    if operator in ("=", "!="):
        prefix, _, suffix = operand.partition("*")
        matches = name == operand if "*" not in operand else name.startswith(prefix) and name.endswith(suffix)
        return matches if operator == "=" else not matches
    results = [truth(part, name) for part in operand]
    return all(results) if operator == "&&" else any(results)


@given(trees, st.sampled_from(EVENTS))
def test_any_boolean_combination_of_event_names_is_read_exactly(tree: tuple, name: str) -> None:
    assert selects(parse("{ " + render(tree) + " }"), event(name)) is truth(tree, name)


@given(st.text(alphabet='{}()$.=!<>&|"?-* %[]abcXYZ\\', max_size=40))
def test_any_text_is_read_or_refused_never_crashes(text: str) -> None:
    try:
        pattern = parse(text)
    except PatternError:
        return
    assert selects(pattern, event("StopLogging")) in (True, False, UNKNOWN)


@pytest.mark.parametrize(("pattern", "value"), [
    ('{ $.eventName = "a\\"b" }', 'a"b'), ('{ $.eventName = "\\x" }', "x"), ('{ $.eventName = "é" }', "é"),
])
def test_quoted_values_keep_their_characters(pattern: str, value: str) -> None:
    assert selects(parse(pattern), event(value))
