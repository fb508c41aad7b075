"""Positions in JSON text, found on demand.

Most files never need a position and a plan can be hundreds of megabytes, so nothing is
scanned up front. A lookup walks from the root along the path only: keys are read with
``json.decoder.scanstring`` and sibling values are skipped with the C scanner
(``raw_decode``). Each container's key/index table is kept, so many lookups in one file
stay cheap. The text is known to be valid JSON (it was parsed before), but any surprise
still ends in the nearest position found so far rather than an exception.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate
from json.decoder import scanstring  # type: ignore[attr-defined]  # public, but not in typeshed
from typing import Any

from trail_lint.load.base import skip_space
from trail_lint.model import Path, Position

# One match instead of three white-space skips per member: the colon after a key, and the comma
# (group 1, empty at the end of the container) with the white space around it after a value.
_COLON = re.compile(r"[ \t\r\n]*:[ \t\r\n]*")
_AFTER = re.compile(r"[ \t\r\n]*(,?)[ \t\r\n]*")


class _ListTable:
    __slots__ = ("done", "items", "resume")

    def __init__(self, first: int) -> None:
        self.items: list[int] = []
        self.resume = first
        self.done = False


class _ObjectTable:
    __slots__ = ("done", "keys", "resume")

    def __init__(self, first: int) -> None:
        self.keys: dict[str, tuple[int, int]] = {}
        self.resume = first  # offset of the next unscanned key, or of "}"
        self.done = False


class JsonLocator:
    def __init__(self, text: str) -> None:
        self.text = text
        self._skip = json.JSONDecoder().raw_decode
        self._objects: dict[int, _ObjectTable] = {}
        self._lists: dict[int, _ListTable] = {}
        self._line_starts: list[int] | None = None

    def position(self, path: Path) -> Position:
        return self.offset_position(self.offset(path))

    def offset(self, path: Path) -> int:
        """Offset of ``path``'s mark, or of its nearest ancestor's."""
        value = skip_space(self.text, 0)
        mark = value
        try:
            for part in path:
                found = self._child(value, part)
                if found is None:
                    break
                mark, value = found
        except (ValueError, IndexError, RecursionError):
            pass
        return mark

    def positions(self, paths: Iterable[Path]) -> dict[Path, Position]:
        """The position of every path (or of its nearest ancestor), found in one ordered pass.

        The members on the way to the paths are scanned, every other value is skipped once with
        the C scanner, and nothing after the last member wanted is read: each character is
        decoded at most once, where looking the paths up one by one decodes a container again
        for each level it is skipped at."""
        wanted: dict[Any, Any] = {}
        listed = list(dict.fromkeys(paths))
        for path in listed:
            node = wanted
            for part in path:
                node = node.setdefault(part, {})
        root = skip_space(self.text, 0)
        found: dict[Path, int] = {(): root}
        try:
            self._walk(root, wanted, (), found, need_end=False)
        except (ValueError, IndexError, RecursionError):
            pass                        # valid JSON never gets here; keep what was found
        marks = {}
        for path in listed:
            here = path
            while here not in found:
                here = here[:-1]
            marks[path] = self.offset_position(found[here])
        return marks

    def _walk(self, start: int, wanted: dict[Any, Any], path: Path, found: dict[Path, int], need_end: bool) -> int:
        """Record the members of the container at ``start`` that ``wanted`` names (and theirs, in
        turn); the offset after the container, or -1 when ``need_end`` is false and it was left early."""
        text, skip = self.text, self._skip
        opener = text[start]
        is_object = opener == "{"
        if not wanted or opener not in "{[":
            return skip(text, start)[1] if need_end else -1
        remaining = sum(1 for part in wanted if _fits(part, is_object))
        index = skip_space(text, start + 1)
        if text[index] in "}]":
            return index + 1
        number = 0
        while True:
            if not remaining and not need_end:
                return -1
            if is_object:
                part: str | int
                part, end = scanstring(text, index + 1)
                colon = _COLON.match(text, end)
                value = colon.end() if colon else end
            else:
                part, value = number, index
            child = wanted.get(part)
            member = path + (part,)
            if child is not None and member not in found:     # a duplicate key: the first one, as position()
                found[member] = index
                remaining -= 1
                going_on = remaining > 0 or need_end
                after = self._walk(value, child, member, found, going_on) if child else \
                    skip(text, value)[1] if going_on else -1
                if after < 0:
                    return -1
            else:
                after = skip(text, value)[1]
            following = _AFTER.match(text, after)
            if following is None or not following.group(1):
                return (following.end() if following else after) + 1
            index, number = following.end(), number + 1

    def offset_position(self, offset: int) -> Position:
        if self._line_starts is None:
            lengths = map((1).__add__, map(len, self.text.split("\n")))
            self._line_starts = list(accumulate(lengths, initial=0))
        line = bisect_right(self._line_starts, offset)
        return Position(line, offset - self._line_starts[line - 1] + 1)

    def _child(self, container: int, part: str | int) -> tuple[int, int] | None:
        """(mark offset, value offset) of one member of the container at ``container``."""
        opener = self.text[container:container + 1]
        if opener == "{" and isinstance(part, str):
            return self._scan_object(container, part)
        if opener == "[" and isinstance(part, int) and not isinstance(part, bool) and part >= 0:
            items = self._scan_list(container, part)
            if part < len(items):
                return items[part], items[part]
        return None

    def _scan_object(self, start: int, wanted: str) -> tuple[int, int] | None:
        # Keys are read only up to the one wanted, and the scan resumes there next time: a
        # finding deep in a 200 MB plan costs the prefix before it, not the whole file. With
        # duplicate keys this finds the first one (json.loads keeps the last): a rare, harmless
        # difference of position, never of data.
        table = self._objects.get(start)
        if table is None:
            first = skip_space(self.text, start + 1)
            table = self._objects[start] = _ObjectTable(first)
            table.done = self.text[first] == "}"
        text, keys, skip = self.text, table.keys, self._skip
        while wanted not in keys and not table.done:
            index = table.resume
            key, end = scanstring(text, index + 1)
            colon = _COLON.match(text, end)
            value = colon.end() if colon else end
            keys.setdefault(key, (index, value))
            after = _AFTER.match(text, skip(text, value)[1])
            if after is not None and after.group(1):
                table.resume = after.end()
            else:
                table.done = True
        return keys.get(wanted)

    def _scan_list(self, start: int, wanted: int) -> list[int]:
        # items[i] is where item i starts; item i is skipped only to find item i + 1, so the
        # item a lookup descends into is never parsed twice.
        table = self._lists.get(start)
        if table is None:
            first = skip_space(self.text, start + 1)
            table = self._lists[start] = _ListTable(first)
            table.done = self.text[first] == "]"
            if not table.done:
                table.items.append(first)
        text, items, skip = self.text, table.items, self._skip
        while not table.done and len(items) <= wanted:
            after = _AFTER.match(text, skip(text, items[-1])[1])
            if after is not None and after.group(1):
                items.append(after.end())
            else:
                table.done = True
        return items


def _fits(part: object, is_object: bool) -> bool:
    """Whether a path part can name a member: a key of an object, an index of a list."""
    if is_object:
        return isinstance(part, str)
    return isinstance(part, int) and not isinstance(part, bool) and part >= 0
