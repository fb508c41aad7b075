"""CloudWatch Logs filter patterns, read for what they select: which CloudTrail events match.

A metric filter matches log events by meaning, not by spelling: ``{ ($.eventName = StopLogging) ||
($.eventName = DeleteTrail) }``, ``{$.eventName=*Logging}`` and ``?StopLogging ?DeleteTrail`` can all
select StopLogging. `parse` reads the JSON form (selectors, `=`, `!=`, numeric comparisons,
`IS NULL`, `NOT EXISTS`, `IS TRUE`/`IS FALSE`, `&&`, `||`, parentheses, `*` wildcards) and the
term form (words, quoted phrases, `?` alternatives, `-` exclusions, and the empty pattern that
matches everything); `selects` says whether a pattern matches *every* event with a given
eventName and eventSource. A condition on any other field (`$.errorCode NOT EXISTS`, a term that
is not part of those values, an exclusion) holds for some such events and not for others, so it
narrows the filter: the answer is False for "every". Regular expressions (`%...%`) and
space-delimited patterns (`[...]`) are not evaluated: `PatternError`.
https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from trail_lint.model import UNKNOWN, Tri, all_of, any_of
from trail_lint.records import record


class PatternError(ValueError):
    """A filter pattern trail-lint cannot read (or does not evaluate)."""


@record
class Compare:
    selector: str            # "$.eventName"
    operator: str            # "=", "!=", "<", ">", "<=", ">=", "IS NULL", "NOT EXISTS", "IS TRUE", "IS FALSE"
    value: str | None = None


@record
class Junction:
    operator: str            # "&&" or "||"
    parts: tuple[Expression, ...]


@record
class Terms:
    """The term form: every `required` term, one of `any_of` (when given), none of `excluded`."""

    required: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()


@record
class Either:
    """`a || b && c` without parentheses: trail-lint assumes no precedence between && and ||, so
    both readings are kept, and only what both select is certain."""

    readings: tuple[Expression, Expression]


Expression = Compare | Junction | Either
Pattern = Expression | Terms

_TOKEN = re.compile(r"""\s*(?:(?P<op>&&|\|\||!=|<=|>=|=|<|>|\(|\)|\{|\})|(?P<string>"(?:[^"\\]|\\.)*")"""
                    r"""|(?P<word>[^\s()&|=!<>{}"]+))""")


def parse(pattern: str) -> Pattern:
    text = pattern.strip()
    if text.startswith("{"):
        return _Parser(_tokens(text)).pattern()
    if text.startswith("[") or "%" in text:
        raise PatternError("space-delimited and regular-expression patterns are not evaluated")
    return _terms(text)


def selects(pattern: Pattern, fields: Mapping[str, str]) -> Tri:
    """Whether the pattern matches every event whose known fields (``{"eventName": ...}``) are these;
    UNKNOWN when the two readings of an unparenthesised mix of && and || disagree."""
    if isinstance(pattern, Terms):
        return _terms_match(pattern, fields)
    if isinstance(pattern, Either):
        first, second = (selects(reading, fields) for reading in pattern.readings)
        return first if first == second else UNKNOWN
    if isinstance(pattern, Junction):
        results = [selects(part, fields) for part in pattern.parts]
        return all_of(results) if pattern.operator == "&&" else any_of(results)
    return _compare(pattern, fields)


# --- JSON form --------------------------------------------------------------------------

def _tokens(text: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise PatternError(f"unexpected {text[position:position + 10]!r}")
        kind = match.lastgroup or ""
        found.append((kind, match.group(kind)))
        position = match.end()
    return found


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens, self.index = tokens, 0

    def peek(self) -> str | None:
        return self.tokens[self.index][1] if self.index < len(self.tokens) else None

    def take(self, wanted: str | None = None) -> tuple[str, str]:
        if self.index >= len(self.tokens):
            raise PatternError(f"pattern ends early{f', expected {wanted!r}' if wanted else ''}")
        token = self.tokens[self.index]
        if wanted is not None and token[1] != wanted:
            raise PatternError(f"expected {wanted!r}, found {token[1]!r}")
        self.index += 1
        return token

    def pattern(self) -> Expression:
        self.take("{")
        found = self.junction()
        self.take("}")
        if self.index != len(self.tokens):
            raise PatternError(f"unexpected {self.peek()!r} after the closing brace")
        return found

    def junction(self) -> Expression:
        parts, operators = [self.unary()], []
        while self.peek() in ("&&", "||"):
            operators.append(self.take()[1])
            parts.append(self.unary())
        if len(set(operators)) > 1:
            return Either((_grouped(parts, operators, "&&"), _grouped(parts, operators, "||")))
        return parts[0] if len(parts) == 1 else Junction(operators[0], tuple(parts))

    def unary(self) -> Expression:
        if self.peek() == "(":
            self.take("(")
            inner = self.junction()
            self.take(")")
            return inner
        kind, selector = self.take()
        if kind != "word" or not selector.startswith("$"):
            raise PatternError(f"expected a selector such as $.eventName, found {selector!r}")
        if self.peek() in ("IS", "NOT"):
            first = self.take()[1]
            second = self.take()[1].upper()
            operator = f"{first} {second}"
            if operator not in ("IS NULL", "NOT EXISTS", "IS TRUE", "IS FALSE"):
                raise PatternError(f"unknown test {operator!r}")
            return Compare(selector, operator)
        kind, operator = self.take()
        if operator not in ("=", "!=", "<", ">", "<=", ">="):
            raise PatternError(f"expected a comparison after {selector}, found {operator!r}")
        kind, value = self.take()
        if kind == "string":
            value = re.sub(r"\\(.)", r"\1", value[1:-1], flags=re.DOTALL)   # \" and \\ stand for " and \
        elif kind != "word":
            raise PatternError(f"expected a value after {selector} {operator}, found {value!r}")
        if value.startswith("%"):
            raise PatternError("regular-expression values are not evaluated")
        return Compare(selector, operator, value)


def _grouped(parts: list[Expression], operators: list[str], tighter: str) -> Expression:
    """The parts joined with `tighter` binding first: runs joined by it, then those runs by the other."""
    looser = "||" if tighter == "&&" else "&&"
    runs: list[list[Expression]] = [[parts[0]]]
    for operator, part in zip(operators, parts[1:]):
        if operator == tighter:
            runs[-1].append(part)
        else:
            runs.append([part])
    joined = [run[0] if len(run) == 1 else Junction(tighter, tuple(run)) for run in runs]
    return joined[0] if len(joined) == 1 else Junction(looser, tuple(joined))


def _field(selector: str) -> str:
    return selector.removeprefix("$.")


def _compare(compare: Compare, fields: Mapping[str, str]) -> bool:
    known = fields.get(_field(compare.selector))
    if known is None:
        return False                         # another field: true of some of these events only
    if compare.operator in ("IS NULL", "NOT EXISTS", "IS TRUE", "IS FALSE"):
        return False                         # a known string field exists and is no Boolean or null
    if compare.operator in ("=", "!="):
        equal = _wildcard(compare.value or "", known)
        return equal if compare.operator == "=" else not equal
    return False                             # numeric comparisons never match a string


def _wildcard(pattern: str, value: str) -> bool:
    return re.fullmatch(".*".join(re.escape(part) for part in pattern.split("*")), value, re.DOTALL) is not None


# --- Term form --------------------------------------------------------------------------

def _terms(text: str) -> Terms:
    words = re.findall(r'[?-]?"(?:[^"\\]|\\.)*"|\S+', text)
    required: list[str] = []
    alternatives: list[str] = []
    excluded: list[str] = []
    for word in words:
        sign, body = (word[0], word[1:]) if word[0] in "?-" and len(word) > 1 else ("", word)
        if body.startswith('"') and body.endswith('"') and len(body) >= 2:
            body = body[1:-1]
        {"": required, "?": alternatives, "-": excluded}[sign].append(body)
    if alternatives and (required or excluded):
        raise PatternError("? alternatives are mixed with other terms")
    return Terms(tuple(required), tuple(alternatives), tuple(excluded))


def _in_event(term: str, fields: Mapping[str, str]) -> bool:
    """Every such event's text holds the term when a known value does; other text varies by event."""
    return any(term in value for value in fields.values())


def _terms_match(terms: Terms, fields: Mapping[str, str]) -> bool:
    if terms.excluded:
        return False        # some such events hold the excluded term, or all do
    if terms.alternatives and not any(_in_event(term, fields) for term in terms.alternatives):
        return False
    return all(_in_event(term, fields) for term in terms.required)
