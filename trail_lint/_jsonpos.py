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
from itertools import accumulate
from json.decoder import scanstring

from trail_lint.model import Path, Position

_SPACE = re.compile(r"[ \t\n\r]*")


class _ListTable:
    __slots__ = ("items", "resume", "done")

    def __init__(self, first: int) -> None:
        self.items: list[int] = []
        self.resume = first  # offset of the next unscanned item, or of "]"
        self.done = False


class JsonLocator:
    def __init__(self, text: str) -> None:
        self.text = text
        self._skip = json.JSONDecoder().raw_decode
        self._objects: dict[int, dict[str, tuple[int, int]]] = {}
        self._lists: dict[int, _ListTable] = {}
        self._line_starts: list[int] | None = None

    def position(self, path: Path) -> Position:
        return self.offset_position(self.offset(path))

    def offset(self, path: Path) -> int:
        """Offset of ``path``'s mark, or of its nearest ancestor's."""
        value = _SPACE.match(self.text, 0).end()
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
            table = self._objects.get(container)
            if table is None:
                table = self._objects[container] = self._scan_object(container)
            return table.get(part)
        if opener == "[" and isinstance(part, int) and not isinstance(part, bool) and part >= 0:
            items = self._scan_list(container, part)
            if part < len(items):
                return items[part], items[part]
        return None

    def _scan_object(self, start: int) -> dict[str, tuple[int, int]]:
        # The whole object is read: with duplicate keys the last one wins, as in json.loads.
        text, table = self.text, {}
        index = _SPACE.match(text, start + 1).end()
        if text[index] == "}":
            return table
        while True:
            key, end = scanstring(text, index + 1)
            colon = _SPACE.match(text, end).end()
            value = _SPACE.match(text, colon + 1).end()
            table[key] = (index, value)
            end = _SPACE.match(text, self._skip(text, value)[1]).end()
            if text[end] != ",":
                return table
            index = _SPACE.match(text, end + 1).end()

    def _scan_list(self, start: int, wanted: int) -> list[int]:
        table = self._lists.get(start)
        if table is None:
            first = _SPACE.match(self.text, start + 1).end()
            table = self._lists[start] = _ListTable(first)
            table.done = self.text[first] == "]"
        text = self.text
        while not table.done and len(table.items) <= wanted:
            item = table.resume
            table.items.append(item)
            end = _SPACE.match(text, self._skip(text, item)[1]).end()
            if text[end] == ",":
                table.resume = _SPACE.match(text, end + 1).end()
            else:
                table.done = True
        return table.items
