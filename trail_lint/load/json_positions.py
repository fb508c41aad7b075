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
from bisect import bisect_right
from itertools import accumulate
from json.decoder import scanstring  # type: ignore[attr-defined]  # public, but not in typeshed

from trail_lint.load.base import skip_space
from trail_lint.model import Path, Position


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
        text = self.text
        while wanted not in table.keys and not table.done:
            index = table.resume
            key, end = scanstring(text, index + 1)
            colon = skip_space(text, end)
            value = skip_space(text, colon + 1)
            table.keys.setdefault(key, (index, value))
            end = skip_space(text, self._skip(text, value)[1])
            if text[end] == ",":
                table.resume = skip_space(text, end + 1)
            else:
                table.done = True
        return table.keys.get(wanted)

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
        text = self.text
        while not table.done and len(table.items) <= wanted:
            end = skip_space(text, self._skip(text, table.items[-1])[1])
            if text[end] == ",":
                table.items.append(skip_space(text, end + 1))
            else:
                table.done = True
        return table.items
