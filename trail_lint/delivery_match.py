"""Three-valued matching of a policy pattern against a value with unknown parts.

The delivery rules compare condition values and Resource patterns with a request whose trail
ARN, account or organization id may not be known offline. A value is a tuple of literal
strings and ``Hole``s; the answer is True (matches whatever fills the holes), False (can match
nothing) or UNKNOWN (depends on what fills them).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from trail_lint.model import UNKNOWN, Tri


@dataclass(frozen=True, slots=True)
class Hole:
    """One or more unknown characters: within one ARN or key segment, or (``anything``) any text."""

    anything: bool = False


SEGMENT = Hole()
ANYTHING = Hole(anything=True)
Part = str | Hole
# Private-use characters never appear in real policies: a pattern that matches both fillings
# matches whatever the unknown part is.
_PROBES = {False: ("\ue000", "\ue001\ue002-\ue003"), True: ("\ue000", "CloudTrail/\ue001/\ue002.json.gz")}


def text(parts: Sequence[Part]) -> str | None:
    """The value as a string, or None when a part is unknown."""
    return None if any(isinstance(p, Hole) for p in parts) else "".join(parts)  # type: ignore[arg-type]


def matches(pattern: str, parts: Sequence[Part], test: Callable[[str, str], bool], *,
            wildcards: bool = True, ignore_case: bool = False) -> Tri:
    """Whether ``test(pattern, value)`` holds for the value ``parts`` stands for."""
    known = text(parts)
    if known is not None:
        return test(pattern, known)
    fillings = ["".join(p if isinstance(p, str) else _PROBES[p.anything][n] for p in parts) for n in (0, 1)]
    if all(test(pattern, filled) for filled in fillings):
        return True
    return UNKNOWN if _may_meet(pattern, parts, wildcards, ignore_case) else False


# --- Could any string match both? Product of two small automata. ------------------------

_Token = tuple[str, str]    # ("c", char) | ("?", "") | ("*", "") | ("seg", "") | ("seg*", "") | ("any", "") | ("any*", "")


def _pattern_tokens(pattern: str, wildcards: bool, ignore_case: bool) -> list[_Token]:
    pattern = pattern.lower() if ignore_case else pattern
    if not wildcards:
        return [("c", char) for char in pattern]
    return [("*", "") if c == "*" else ("?", "") if c == "?" else ("c", c) for c in pattern]


def _value_tokens(parts: Sequence[Part], ignore_case: bool) -> list[_Token]:
    tokens: list[_Token] = []
    for part in parts:
        if isinstance(part, Hole):
            kind = "any" if part.anything else "seg"
            tokens += [(kind, ""), (kind + "*", "")]       # one or more
        else:
            tokens += [("c", c) for c in (part.lower() if ignore_case else part)]
    return tokens


def _one(token: _Token) -> bool:
    return token[0] in ("c", "?", "seg", "any")


def _meet(first: _Token, second: _Token) -> bool:
    """Whether one character can satisfy both single-character tokens."""
    def chars(token: _Token) -> str | None:       # None: any character; "!": not ':' or '/'
        return token[1] if token[0] == "c" else "!" if token[0].startswith("seg") else None
    a, b = chars(first), chars(second)
    if a is None or b is None:
        return True
    if a == "!" and b == "!":
        return True
    if a == "!":
        return b not in ":/"
    if b == "!":
        return a not in ":/"
    return a == b


def _may_meet(pattern: str, parts: Sequence[Part], wildcards: bool, ignore_case: bool) -> bool:
    left, right = _pattern_tokens(pattern, wildcards, ignore_case), _value_tokens(parts, ignore_case)
    seen: set[tuple[int, int]] = set()
    pending = [(0, 0)]
    while pending:
        state = pending.pop()
        if state in seen:
            continue
        seen.add(state)
        i, j = state
        if i == len(left) and j == len(right):
            return True
        p = left[i] if i < len(left) else None
        v = right[j] if j < len(right) else None
        if p is not None and p[0] == "*":
            pending.append((i + 1, j))                 # the star matches nothing more
        if v is not None and v[0].endswith("*"):
            pending.append((i, j + 1))
        if p is None or v is None:
            continue
        p_one = ("?", "") if p[0] == "*" else p
        v_one = (v[0][:-1], "") if v[0].endswith("*") else v
        if _meet(p_one, v_one):
            pending.append((i if p[0] == "*" else i + 1, j if v[0].endswith("*") else j + 1))
    return False
