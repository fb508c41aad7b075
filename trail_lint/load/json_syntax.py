"""JSON's syntax as patterns, for finding positions in a text known to be valid JSON (``str``, or
the bytes of an ASCII text): matching a value without building it, a key, the separators."""
from __future__ import annotations

import functools
import re
from typing import Any

from trail_lint.model import Path

_SPACE = "[ \t\r\n]*"
_STRING = r'"[^"\\]*+(?:\\.[^"\\]*+)*+"'

# Containers nested deeper than this are skipped bracket by bracket instead: the patterns grow
# with the depth, and so does compiling them; the values skipped in a Terraform plan (below
# resource_changes[i].change) rarely nest deeper, and as fast either way.
DEPTH = 8


class Syntax:
    """The patterns and characters of JSON for one kind of text (``str`` or ASCII ``bytes``)."""

    def __init__(self, kind: type) -> None:
        def compile(pattern: str) -> re.Pattern[Any]:
            return re.compile(pattern.encode() if kind is bytes else pattern, re.DOTALL)

        def char(text: str) -> Any:
            return text.encode() if kind is bytes else text

        container = r'[\[{](?:[^"\[\]{}]++|' + _STRING + r')*+[\]}]'
        for _ in range(DEPTH):
            container = r'[\[{](?:[^"\[\]{}]++|' + _STRING + "|" + container + r')*+[\]}]'
        scalar = r'[^"\[\]{},: \t\r\n]++'
        # Valid JSON is assumed: inside a container everything but strings and brackets is passed
        # over as it comes. Possessive repeats never backtrack.
        value = f"(?:{_STRING}|{container}|{scalar})"
        # One value (group 1) and the separator after it (group 2: the comma, empty before a
        # closing bracket).
        self.skip = compile(f"({value}){_SPACE}(,?){_SPACE}")
        # Members each followed by a comma, under keys written without escapes: matched over the
        # whole text between a member and a later key, it proves that key a member of the same
        # object; matched from a member, it ends where a later member of that object starts.
        self.members = compile(f'(?:"[^"\\\\]*"{_SPACE}:{_SPACE}{value}{_SPACE},{_SPACE})*+')
        # The rest of an object or a list, up to its closing bracket (or a value nested deeper than
        # the pattern).
        self.rest = {True: compile(f"(?:{_STRING}{_SPACE}:{_SPACE}{value}{_SPACE},{_SPACE})*+"
                                   f"(?:{_STRING}{_SPACE}:{_SPACE}{value}{_SPACE})?"),
                     False: compile(f"(?:{value}{_SPACE},{_SPACE})*+(?:{value}{_SPACE})?")}
        # A key without escapes (group 1) and the colon after it: the value starts at the end.
        self.key = compile('"([^"\\\\]*)"' + _SPACE + ":" + _SPACE)
        self.string = compile(_STRING)
        self.colon = compile(_SPACE + ":" + _SPACE)
        self.after = compile(_SPACE + "(,?)" + _SPACE)
        self.space = compile(_SPACE)
        self.blank = tuple(char(c) for c in " \t\r\n")     # what ``space`` passes, one character at a time
        self.chunk = compile(r'[^"\[\]{}]*+(?:' + _STRING + r'[^"\[\]{}]*+)*+')   # up to the next bracket
        self.brace, self.bracket = char("{"), char("[")
        self.opening, self.closing = (char("{"), char("[")), (char("}"), char("]"))
        self.newline = char("\n")
        self.is_bytes = kind is bytes


@functools.cache
def patterns_for(kind: type) -> Syntax:
    """Compiled when the first position in a JSON file is needed (about 4 ms of CPU)."""
    return Syntax(kind)


def list_item(text: bytes, index: int) -> tuple[int, bool, dict[Path, int]] | None:
    """The item of a JSON list at ``index`` of ``text`` (after white space; the bytes of an ASCII
    text, or the part of it read so far), skipped: where what follows its comma starts, whether a
    comma follows (else that is the closing bracket), and no offsets (``JsonLocator.item``). None
    when ``text`` may end before the item and its separator do, or for an item nested deeper than
    the pattern."""
    patterns = patterns_for(bytes)
    found = patterns.skip.match(text, matched(patterns.space.match(text, index)).end())
    if found is None or found.end() == len(text):
        return None
    return found.end(), bool(found.group(2)), {}


def matched(found: re.Match[Any] | None) -> re.Match[Any]:
    """The match of a pattern that matches anywhere (all of it optional) or on valid JSON."""
    if found is None:
        raise ValueError("not JSON")
    return found


# How far ahead a key wanted is looked for (a key missing from its object costs this much).
WINDOW = 16 * 1024
_ESCAPED = re.compile('["\\\\\x00-\x1f]')


@functools.lru_cache(maxsize=4096)    # the same few field names, in every resource of a plan
def spelling(key: str, is_bytes: bool) -> str | bytes | None:
    """``key`` as a JSON text writes it without escapes, quotes included (None if it needs them)."""
    if _ESCAPED.search(key) or (is_bytes and not key.isascii()):
        return None
    return f'"{key}"'.encode() if is_bytes else f'"{key}"'
