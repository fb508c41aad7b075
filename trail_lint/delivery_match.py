"""Three-valued matching of a policy pattern against a value with unknown parts.

The delivery rules compare condition values and Resource patterns with a request whose trail
ARN, account or organization id may not be known offline. A value is a tuple of literal
strings and ``Hole``s (model.Text); so may a pattern be, where the reader kept what a Resource or
condition is made of. The answer is True (matches whatever fills the holes), False (can match
nothing) or UNKNOWN (depends on what fills them).

Two holes of one name hold the same text (the name of a bucket of the same template, the stack's
account): a pattern and a value that hold it are compared as if it were written out. A hole in a
pattern that may hold ``*`` or ``?`` (``anything``: a parameter's value may be any text) only
widens the pattern, and IAM's wildcards match their own characters, so a pattern still matches a
value holding the same hole at the same place; when deciding that a pattern can match nothing,
such a hole is read as a ``*``. Messages print such a value with ``as_shown``.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from trail_lint.model import UNKNOWN, Hole, Part, Text, Tri

SEGMENT = Hole()
ANYTHING = Hole(anything=True)
# Private-use characters never appear in real policies: a pattern that matches both fillings
# matches whatever the unknown part is.
_PROBES = {False: ("\ue000", "\ue001\ue002-\ue003"), True: ("\ue000", "CloudTrail/\ue001/\ue002.json.gz")}
_SEPARATORS = ":/"


def text(parts: Sequence[Part]) -> str | None:
    """The value as a string, or None when a part is unknown."""
    return None if any(isinstance(p, Hole) for p in parts) else "".join(p for p in parts if isinstance(p, str))


def filled(value: Sequence[Part], known: Mapping[str, str]) -> tuple[Part, ...]:
    """The value with the named holes ``known`` names written as their text."""
    if not known:
        return tuple(value)
    return tuple(known.get(part.name, part) if isinstance(part, Hole) and part.name else part for part in value)


def matches(pattern: str | Sequence[Part], parts: Sequence[Part], test: Callable[[str, str], bool], *,
            wildcards: bool = True, ignore_case: bool = False) -> Tri:
    """Whether ``test(pattern, value)`` holds for the value ``parts`` stands for."""
    written: Sequence[Part] = (pattern,) if isinstance(pattern, str) else pattern
    known, known_pattern = text(parts), text(written)
    if known is not None and known_pattern is not None:
        return test(known_pattern, known)
    names: dict[str, int] = {}
    unnamed = iter(range(1 << 16))

    def fill(part: Part, n: int, in_pattern: bool) -> str:
        if isinstance(part, str):
            return part
        if part.name:           # one name, one text: the same filling on both sides
            index = chr(0xE040 + names.setdefault(part.name, len(names)) % 0x40)
            # one character, the fewest a hole holds, and a longer text that holds separators if it may
            return index if n == 0 else f"\ue011{index}{':/' if part.anything else '-'}\ue012"
        if in_pattern:          # like no text of the value
            return "\ue014" + chr(0xE080 + next(unnamed) % 0x40)
        return _PROBES[part.anything][n]

    fillings = [("".join(fill(p, n, True) for p in written), "".join(fill(p, n, False) for p in parts))
                for n in (0, 1)]
    if all(test(filled_pattern, filled) for filled_pattern, filled in fillings):
        return True
    return UNKNOWN if _may_meet(written, parts, wildcards, ignore_case) else False


# --- Could any string match both? Product of two small automata. ------------------------

# ("c", char) | ("?", "") | ("*", "") | ("seg", chars) | ("seg*", chars) | ("any", "") | ("any*", "");
# a "seg" token's chars: the characters it may be ("": any but ':' and '/')
_Token = tuple[str, str]
_Unit = str | Hole


def _units(parts: Sequence[Part], ignore_case: bool) -> list[_Unit]:
    units: list[_Unit] = []
    for part in parts:
        if isinstance(part, Hole):
            units.append(part)
        else:
            units += list(part.lower() if ignore_case else part)
    return units


def _same_start(pattern: list[_Unit], value: list[_Unit], wildcards: bool) -> int:
    """How many units both start with, where the pattern holds no wildcard: the same characters,
    and the same named holes that hold no wildcard. Whatever the holes hold, the pattern can match
    the value only if it matches what follows."""
    length = 0
    for mine, theirs in zip(pattern, value):
        if mine != theirs or (isinstance(mine, str) and wildcards and mine in "*?") or \
                (isinstance(mine, Hole) and (not mine.name or mine.anything)):
            break
        length += 1
    return length


def _pattern_tokens(units: list[_Unit], wildcards: bool) -> list[_Token]:
    tokens: list[_Token] = []
    for unit in units:
        if isinstance(unit, Hole):
            # any text, wildcards too (a parameter), or one segment's characters
            tokens += [("*", "")] if unit.anything else [("seg", unit.chars), ("seg*", unit.chars)]
        elif wildcards and unit in "*?":
            tokens.append((unit, ""))
        else:
            tokens.append(("c", unit))
    return tokens


def _value_tokens(units: list[_Unit]) -> list[_Token]:
    tokens: list[_Token] = []
    for unit in units:
        if isinstance(unit, Hole):
            kind = "any" if unit.anything else "seg"
            tokens += [(kind, unit.chars), (kind + "*", unit.chars)]       # one or more
        else:
            tokens.append(("c", unit))
    return tokens


def _chars(token: _Token) -> tuple[str, str] | None:
    """What one character of the token may be: None any; ("c", x) x; ("in", xs) one of xs;
    ("sep", "") any but a separator."""
    kind = token[0].rstrip("*")
    if kind == "c":
        return ("c", token[1])
    if kind == "seg":
        return ("in", token[1]) if token[1] else ("sep", "")
    return None


def _meet(first: _Token, second: _Token) -> bool:
    """Whether one character can satisfy both single-character tokens."""
    a, b = _chars(first), _chars(second)
    if a is None or b is None:
        return True
    if a[0] == "sep" and b[0] == "sep":
        return True
    if a[0] == "sep":
        a, b = b, a
    # a is ("c", x) or ("in", xs); b any of the three
    options = a[1]
    if b[0] == "sep":
        return any(char not in _SEPARATORS for char in options)
    return any(char in b[1] for char in options)


def _may_meet(pattern: Sequence[Part], parts: Sequence[Part], wildcards: bool, ignore_case: bool) -> bool:
    mine, theirs = _units(pattern, ignore_case), _units(parts, ignore_case)
    start = _same_start(mine, theirs, wildcards)
    left, right = _pattern_tokens(mine[start:], wildcards), _value_tokens(theirs[start:])
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
        if p is not None and (p[0] == "*" or p[0].endswith("*")):
            pending.append((i + 1, j))                 # the star matches nothing more
        if v is not None and v[0].endswith("*"):
            pending.append((i, j + 1))
        if p is None or v is None:
            continue
        p_one = ("?", "") if p[0] == "*" else (p[0][:-1], p[1]) if p[0].endswith("*") else p
        v_one = (v[0][:-1], v[1]) if v[0].endswith("*") else v
        if _meet(p_one, v_one):
            pending.append((i if p[0].endswith("*") else i + 1, j if v[0].endswith("*") else j + 1))
    return False


def as_shown(value: Text) -> str:
    """A value with holes as messages print it: each hole as <what the reader knows it by>."""
    return "".join(part if isinstance(part, str) else f"<{part.name.rsplit('#', 1)[-1] or 'not known'}>"
                   for part in value)
