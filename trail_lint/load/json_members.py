"""A large JSON root object validated in full, its members' values built only when a reader asks.

msgspec (https://jcristharif.com/msgspec/api.html#msgspec.Raw) reads a whole document into each root
member's JSON text (``msgspec.Raw``) without building any value, in a twentieth of what ``json.loads``
takes. It is stricter than ``json``: it refuses ``NaN``, ``Infinity`` and lone surrogates, which
``json`` accepts. Any document it refuses, and any that ``json`` could read differently, is left to
``json`` (None here): what a file holds and how its errors are worded never depend on this path.
The lengths of those texts also say where each member, and each item of a list written without
white space, sits in the file: what locating findings starts from (``reread``).
"""
from __future__ import annotations

import functools
import json
import sys
from array import array
from collections.abc import Container, Mapping
from itertools import accumulate
from json.decoder import scanstring  # type: ignore[attr-defined]  # public, but not in typeshed
from operator import itemgetter
from typing import Any, NamedTuple

from trail_lint.load.base import skip_space

# How many characters of a member's text are compared with the text at the offsets found for it.
_COMPARED = 64


class Members(NamedTuple):
    """A root object read by ``read_members``."""

    texts: dict[str, Any]                           # key -> the member's JSON text (``msgspec.Raw``)
    offsets: dict[str, tuple[int, int, int]]        # ``Document._members``
    items: dict[str, array[int]]                    # ``Document._items``


def read_members(text: str) -> Members | None:
    """The members of the root object of the ASCII JSON ``text``, each as its JSON text, where each
    sits (``Document._members``: offsets of the key, the value and the value's end) and where the
    items of each list written without white space start; None when ``json`` must read ``text`` (not
    a root object, invalid, a duplicate root key, a value msgspec and ``json`` may read differently,
    or msgspec not installed)."""
    try:
        import msgspec
    except ImportError:
        return None
    try:
        raw = _validated(text, msgspec)
    except (msgspec.DecodeError, RecursionError):
        return None
    if _long_integer(text):
        return None
    offsets = _offsets(text, raw)
    if offsets is None:
        return None
    items = {}
    for key, member in raw.items():
        starts = _item_starts(text, member, offsets[key], msgspec) if bytes(memoryview(member)[:1]) == b"[" else None
        if starts is not None:
            items[key] = starts
    return Members(raw, offsets, items)


def _validated(text: str, msgspec: Any) -> Any:
    """``text`` validated, its root members as JSON text. A function of its own so that msgspec runs
    one frame deeper: both parsers count nesting against the interpreter's recursion limit, and from
    here msgspec stops at the depth where ``json`` (through ``JSONDecoder.raw_decode``) does."""
    return msgspec.json.Decoder(dict[str, msgspec.Raw]).decode(text)


def build(member: Any) -> Any:
    """The plain value of a member read by ``read_members``, as ``json.loads`` gives it."""
    import msgspec

    try:
        return msgspec.json.decode(member)
    except msgspec.DecodeError:     # a number msgspec cannot hold, e.g. 1e400 (json: inf)
        return json.loads(bytes(member))


def _offsets(text: str, raw: Mapping[str, Any]) -> dict[str, tuple[int, int, int]] | None:
    """Where each member sits: the text is walked member by member, stepping over each value by the
    length of its JSON text, and the text there is compared with it at both ends."""
    offsets: dict[str, tuple[int, int, int]] = {}
    index = skip_space(text, skip_space(text) + 1)      # after the "{" (msgspec read a root object)
    if text[index] == "}":
        return offsets
    while True:
        key, end = scanstring(text, index + 1)
        if key in offsets:          # a duplicate: its first value's length is not known here
            return None
        value = skip_space(text, skip_space(text, end) + 1)     # after the ":"
        member = memoryview(raw[key])
        after = value + len(member)
        head, tail = member[:_COMPARED], member[-_COMPARED:]
        if not (_same(head, text, value) and _same(tail, text, after - len(tail))):
            return None
        offsets[key] = (index, value, after)
        after = skip_space(text, after)
        if text[after] == "}":
            return offsets if len(offsets) == len(raw) else None
        if text[after] != ",":      # a later duplicate's shorter value matched at both ends: not its text
            return None
        index = skip_space(text, after + 1)             # after the ","


def _item_starts(text: str, member: Any, offsets: tuple[int, int, int], msgspec: Any) -> array[int] | None:
    """Where each item of the list ``member`` starts, when it is written without white space (as
    ``terraform show -json`` writes it): each item's text is followed by exactly one character, a
    comma or, after the last, the closing bracket; None for a list written otherwise, or empty."""
    items = msgspec.json.Decoder(list[msgspec.Raw]).decode(member)
    if not items:
        return None
    starts = array("q", accumulate([len(item) + 1 for item in items[:-1]], initial=offsets[1] + 1))
    if starts[-1] + len(items[-1]) != offsets[2] - 1:
        return None
    separators = [start - 1 for start in starts[1:]]
    written = itemgetter(*separators)(text) if len(separators) > 1 else tuple(text[at] for at in separators)
    return starts if "".join(written) == "," * len(separators) else None


def _same(part: memoryview, text: str, at: int) -> bool:
    return bytes(part).decode("ascii") == text[at:at + len(part)]


def _long_integer(text: str) -> bool:
    """Whether ``text`` may hold an integer longer than ``json`` converts (``sys.int_info``'s default
    limit of 4,300 digits: a ValueError there, where msgspec reads any length). Every run of that many
    digits covers one of the characters a stride of that length apart, so only those are looked at."""
    limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 0
    if not limit:
        return False
    for start, char in enumerate(text[::limit]):
        if char.isdigit():
            at = start * limit
            first, last = at, at
            while first > 0 and text[first - 1].isdigit():
                first -= 1
            while last + 1 < len(text) and text[last + 1].isdigit():
                last += 1
            if last - first + 1 > limit:
                return True
    return False


def keys_before(text: Any, start: int, at: int) -> Container[str] | None:
    """The keys of the members between the opening brace of an object at ``start`` and ``at``, when
    that part of the valid JSON ``text`` is exactly members each followed by a comma, so that ``at``
    is where a later member of the same object starts; else None (``at`` is inside a member's value,
    or msgspec refuses what ``json`` reads). msgspec checks it closed by one more member, faster than
    a pattern matches it."""
    # (this runs for most keys of every path located in a large plan: each lookup is made once)
    space, before_member, closing = _SPELT[type(text)]
    decoder, refused = _open_members()
    # A key that ends in an escaped quote ("a\"b") would close on the member added below ("a\"":0}):
    # members each followed by a comma end in one (or, none at all, in the opening brace).
    before = at
    while before > start and text[before - 1:before] in space:
        before -= 1
    if text[before - 1:before] not in before_member:
        return None
    try:
        keys: Container[str] = decoder.decode(text[start:at] + closing)
    except refused:
        return None
    return keys


# by the type of the text: white space, what ends the part before a member, and one more member with
# the closing brace ("" is among the keys of every prefix read this way)
_SPELT: dict[type, tuple[Any, Any, Any]] = {
    bytes: ((b" ", b"\t", b"\n", b"\r"), (b",", b"{"), b'"":0}'),
    str: ((" ", "\t", "\n", "\r"), (",", "{"), '"":0}')}


@functools.cache
def _open_members() -> tuple[Any, tuple[type[Exception], ...]]:
    """The decoder keys_before reads with, and what it raises on a text it refuses."""
    import msgspec

    return msgspec.json.Decoder(dict[str, msgspec.Raw]), (msgspec.DecodeError, RecursionError)
